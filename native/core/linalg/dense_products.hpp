// Products of dense float64 matrices split over threads. Eigen's own
// products run on one thread here (the addon is built without OpenMP, so
// that every parallel loop is the core's, deterministic, and cancellable);
// numpy's BLAS uses every core, so the measures that multiply whole layers
// call these instead.
#pragma once

#include <Eigen/Core>

#include "base/matrix_view.hpp"

namespace repsim {

// a^T b: the rows (the contraction) split into one contiguous share per
// worker, the partial products summed in worker order, so the result does
// not depend on timing.
Eigen::MatrixXd cross_product(const RowMajorMatrix<double>& a, const RowMajorMatrix<double>& b,
                              int threads);

// a * m: each worker computes its own rows of the result.
RowMajorMatrix<double> rows_times(const RowMajorMatrix<double>& a, const Eigen::MatrixXd& m,
                                  int threads);

}  // namespace repsim
