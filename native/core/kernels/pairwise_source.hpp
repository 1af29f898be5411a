// A symmetric n x n kernel matrix that can be produced tile by tile, so that
// no computation ever needs the whole matrix in memory.
#pragma once

#include <Eigen/Core>
#include <string>

#include "kernels/tile_grid.hpp"

namespace repsim {

class PairwiseSource {
 public:
  virtual ~PairwiseSource() = default;

  virtual Eigen::Index size() const = 0;
  // The argument's name for messages ("x", "layersA[2]", "kx").
  virtual const std::string& name() const = 0;

  // K[tile] into out (tile.rows() x tile.cols()). Called concurrently.
  virtual void kernel_tile(const Tile& tile, Eigen::Ref<Eigen::MatrixXd> out) const = 0;

  // True when K's row sums are zero by construction (a linear kernel of
  // centred data), so centring needs no pass: `diagonal` then receives K_ii.
  virtual bool zero_row_sums(Eigen::VectorXd& /*diagonal*/) const { return false; }

  // True when tiles are cheap to produce again (reading memory): not worth caching.
  virtual bool cheap_tiles() const { return false; }

  // RBF with a median bandwidth: the squared distances must be seen first.
  virtual bool needs_median() const { return false; }
  // Squared distances of a tile, and of one pair (for sampling).
  virtual void distance_tile(const Tile& /*tile*/, Eigen::Ref<Eigen::MatrixXd> /*out*/) const {}
  virtual double squared_distance(Eigen::Index /*i*/, Eigen::Index /*j*/) const { return 0.0; }
  // An upper bound on every squared distance.
  virtual double squared_distance_bound() const { return 0.0; }
  // Fixes the bandwidth from the median of all n^2 squared distances.
  virtual void set_median(double /*median*/) {}
  // Turns a tile of squared distances into kernel values, in place.
  virtual void distances_to_kernel(Eigen::Ref<Eigen::MatrixXd> /*tile*/) const {}
};

}  // namespace repsim
