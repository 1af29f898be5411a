// A permutation test (or bootstrap) of every pair of layers at once: the cells
// of a layer x layer matrix, each resampled exactly as resample_metric would
// (same index sets, same routes), but with each layer's centred Gram matrix
// built once and shared by all its cells instead of once per cell -- the
// expensive part of the Gram route (O(n^2 p) per layer against O(n^2) per
// resample). When the Grams of every layer that needs one do not fit the
// memory budget together, cells fall back to resample_metric one by one.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "base/matrix_view.hpp"
#include "resampling/resampling.hpp"

namespace repsim {

struct LayerResampledValues {
  Eigen::Index rows = 0;
  Eigen::Index cols = 0;
  // Per cell, row-major (cell = i * cols + j): the value on the data as given
  // and one value per index set. A Gram-route cell's value is computed from
  // its shared Grams, like its resampled values (equal to the pair metric to
  // rounding, ~1e-12).
  Eigen::VectorXd value;
  Eigen::MatrixXd values;  // count x cells
  std::vector<ResamplingRoute> routes;
  // How many centred Gram matrices were built (shared across cells).
  Eigen::Index grams_built = 0;
};

// Cells a[i] x b[j]; with `within`, b is ignored and the cells are a[i] x a[j].
LayerResampledValues resample_layer_pairs(const PairMetric& metric,
                                          const std::vector<MatrixView>& a,
                                          const std::vector<MatrixView>& b, bool within,
                                          Resampling kind, std::int64_t count, std::uint64_t seed);

}  // namespace repsim
