// Kernel tiles computed from activations: a linear, RBF or polynomial kernel
// of one layer. Each tile is one general matrix product of two blocks of
// centred rows (in float32 when the layer and the computation allow).
#pragma once

#include <memory>
#include "base/column_moments.hpp"
#include "base/matrix_view.hpp"
#include "kernels/kernel_spec.hpp"

#include "base/scratch.hpp"
#include "kernels/pairwise_source.hpp"
#include "linalg/stacked_products.hpp"

namespace repsim {

class DataKernelSource : public PairwiseSource {
 public:
  // Reads the layer once (moments, NaN/Inf and constant checks, row norms).
  DataKernelSource(const MatrixView& layer, const KernelSpec& kernel, Precision precision,
                   int threads);

  Eigen::Index size() const override { return layer_.rows; }
  const std::string& name() const override { return layer_.name; }
  void kernel_tile(const Tile& tile, Eigen::Ref<Eigen::MatrixXd> out) const override;
  bool zero_row_sums(Eigen::VectorXd& diagonal) const override;
  bool needs_median() const override;
  void distance_tile(const Tile& tile, Eigen::Ref<Eigen::MatrixXd> out) const override;
  double squared_distance(Eigen::Index i, Eigen::Index j) const override;
  double squared_distance_bound() const override;
  void set_median(double median) override;
  void distances_to_kernel(Eigen::Ref<Eigen::MatrixXd> tile) const override;

  // Bytes of the centred copy keep_centred_copy() makes.
  double centred_copy_bytes() const noexcept;

  // Keeps the layer's centred rows (row-major, in the computation's precision)
  // so that tiles multiply views of them. Without it every tile centres its
  // two blocks of rows again: each block is read by about n / tile tiles, and
  // at p = 768 those copies cost as much as a fifth of the products (measured).
  void keep_centred_copy(int threads);

 private:
  // Centred dot products <x_i - mean, x_j - mean> of a tile.
  void centred_gram_tile(const Tile& tile, Eigen::Ref<Eigen::MatrixXd> out) const;

  MatrixView layer_;
  KernelSpec kernel_;
  Precision precision_;
  ColumnMoments moments_;
  Eigen::VectorXd row_norms_;               // |x_i - mean|^2
  Eigen::VectorXd mean_projection_;         // <x_i - mean, mean>, for the polynomial kernel
  double mean_norm_ = 0.0;                  // |mean|^2
  double gamma_ = 0.0;                      // polynomial scale
  double rbf_scale_ = 0.0;                  // 1 / (2 sigma^2)
  std::unique_ptr<ScratchBuffer> centred_;  // optional: keep_centred_copy()
};

}  // namespace repsim
