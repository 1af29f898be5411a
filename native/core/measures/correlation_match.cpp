#include "measures/correlation_match.hpp"

#include "measures/assignment.hpp"
#include "measures/dense_layer.hpp"

namespace repsim {
namespace {

// Columns centred and scaled to unit length (a constant column stays zeros).
Eigen::MatrixXd unit_columns(const MatrixView& layer, const MeasureOptions& options) {
  Eigen::MatrixXd m = dense_layer(layer, Centring::Columns, options);
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    const double norm = m.col(j).norm();
    if (norm > 0) m.col(j) /= norm;
  }
  return m;
}

Eigen::MatrixXd correlations(const MatrixView& x, const MatrixView& y,
                             const MeasureOptions& options) {
  require_measure_pair(x, y, 2, "correlation matching");
  const Eigen::MatrixXd a = unit_columns(x, options);
  const Eigen::MatrixXd b = unit_columns(y, options);
  return (a.transpose() * b).cwiseMax(-1.0).cwiseMin(1.0);
}

}  // namespace

double hard_correlation_match(const MatrixView& x, const MatrixView& y,
                              const MeasureOptions& options) {
  const Eigen::MatrixXd c = correlations(x, y, options);
  const Assignment match = max_weight_assignment(c);
  return match.total / static_cast<double>(std::min(c.rows(), c.cols()));
}

double soft_correlation_match(const MatrixView& x, const MatrixView& y,
                              const MeasureOptions& options) {
  const Eigen::MatrixXd c = correlations(x, y, options);
  return 0.5 * (c.rowwise().maxCoeff().mean() + c.colwise().maxCoeff().mean());
}

}  // namespace repsim
