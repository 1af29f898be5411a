// A caller's own n x n Gram matrix (row-major, float32 or float64), read in
// place tile by tile. Checked once for being square, finite and symmetric.
#pragma once

#include "base/matrix_view.hpp"
#include "kernels/pairwise_source.hpp"

namespace repsim {

class GramSource : public PairwiseSource {
 public:
  explicit GramSource(const MatrixView& gram);

  Eigen::Index size() const override { return gram_.rows; }
  const std::string& name() const override { return gram_.name; }
  void kernel_tile(const Tile& tile, Eigen::Ref<Eigen::MatrixXd> out) const override;
  bool cheap_tiles() const override { return true; }

 private:
  MatrixView gram_;
};

}  // namespace repsim
