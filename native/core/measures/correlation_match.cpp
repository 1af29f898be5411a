#include "measures/correlation_match.hpp"

#include "measures/assignment.hpp"
#include "measures/centred_products.hpp"
#include "measures/dense_layer.hpp"

namespace repsim {
namespace {

// The p x q correlations of X's columns with Y's, from the centred products
// (a constant column correlates 0 with everything).
Eigen::MatrixXd correlations(const MatrixView& x, const MatrixView& y,
                             const MeasureOptions& options) {
  require_measure_pair(x, y, 2, "correlation matching");
  const CentredProducts c = centred_products(x, y, options);
  auto inverse_norms = [](const Eigen::MatrixXd& gram) {
    const Eigen::ArrayXd squared = gram.diagonal().array();
    return Eigen::VectorXd((squared > 0).select(squared.rsqrt(), 0.0));
  };
  return (inverse_norms(c.xx).asDiagonal() * c.xy * inverse_norms(c.yy).asDiagonal())
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
