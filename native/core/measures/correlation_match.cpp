#include "measures/correlation_match.hpp"

#include "linalg/dense_products.hpp"
#include "measures/assignment.hpp"
#include "measures/dense_layer.hpp"

namespace repsim {
namespace {

// The p x q correlations of X's columns with Y's (a constant column
// correlates 0 with everything): centred copies, unit columns, one threaded
// product. Only the cross block is needed, half of what the covariance pass
// of centred_products would compute.
Eigen::MatrixXd correlations(const MatrixView& x, const MatrixView& y,
                             const MeasureOptions& options) {
  require_measure_pair(x, y, 2, "correlation matching");
  auto unit_columns = [&](const MatrixView& layer) {
    DenseLayer m = dense_layer(layer, Centring::Columns, options);
    const Eigen::ArrayXd squared = m.colwise().squaredNorm().transpose().array();
    m *= Eigen::VectorXd((squared > 0).select(squared.rsqrt(), 0.0)).asDiagonal();
    return m;
  };
  return cross_product(unit_columns(x), unit_columns(y), options.threads)
      .cwiseMax(-1.0)
      .cwiseMin(1.0);
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
