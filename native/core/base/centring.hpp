// Centred rows of an activation matrix as an Eigen expression, in float64:
// the one place where "subtract the column means" is written.
#pragma once

#include <Eigen/Core>

#include "base/matrix_view.hpp"

namespace repsim {

// Calls f(rows) with rows = x[begin:end, :] - mean^T (a double expression,
// (end - begin) x cols), without materialising anything.
template <typename F>
void with_centred_rows(const MatrixView& x, const Eigen::VectorXd& mean, Eigen::Index begin,
                       Eigen::Index end, F&& f) {
  visit_typed(x, [&](const auto& m) {
    f(m.middleRows(begin, end - begin).template cast<double>().rowwise() - mean.transpose());
  });
}

// |x_i - mean|^2 for every row i.
Eigen::VectorXd centred_row_squared_norms(const MatrixView& x, const Eigen::VectorXd& mean,
                                          int threads);

}  // namespace repsim
