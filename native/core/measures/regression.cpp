#include "measures/regression.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "base/error.hpp"
#include "linalg/decompositions.hpp"
#include "measures/centred_products.hpp"
#include "measures/dense_layer.hpp"

namespace repsim {
namespace {

constexpr double kEpsilon = std::numeric_limits<double>::epsilon();

// The orthonormal basis of m's column space: thin U truncated at numpy's
// matrix_rank tolerance (largest singular value * max(rows, cols) * eps).
Eigen::MatrixXd column_space(const Eigen::MatrixXd& m) {
  const SingularValueDecomposition svd = singular_value_decomposition(m, SingularVectors::ThinU);
  const double tolerance = (svd.values.size() > 0 ? svd.values[0] : 0.0) *
                           static_cast<double>(std::max(m.rows(), m.cols())) * kEpsilon;
  const auto rank = static_cast<Eigen::Index>((svd.values.array() > tolerance).count());
  return svd.u.leftCols(rank);
}

struct RidgeSpectrum {
  Eigen::MatrixXd vectors;
  Eigen::ArrayXd inverse;  // 1 / (e + lambda), 0 for a null direction without ridge
  double t = 0.0;          // sum (e * inverse)^2
};

RidgeSpectrum ridge_spectrum(const Eigen::MatrixXd& covariance, double lambda) {
  const SymmetricEigen eig = symmetric_eigen(covariance, true);
  if (!eig.converged) throw Error(ErrorCode::Internal, "eigensolver did not converge");
  const Eigen::ArrayXd e = eig.values.array().max(0.0);
  const double floor = e.maxCoeff() * static_cast<double>(e.size()) * kEpsilon;
  RidgeSpectrum out{eig.vectors, Eigen::ArrayXd(e.size())};
  for (Eigen::Index i = 0; i < e.size(); ++i) {
    const bool null_direction = e[i] <= floor;
    out.inverse[i] = lambda > 0 ? 1.0 / ((null_direction ? 0.0 : e[i]) + lambda)
                                : (null_direction ? 0.0 : 1.0 / e[i]);
    const double share = (null_direction ? 0.0 : e[i]) * out.inverse[i];
    out.t += share * share;
  }
  return out;
}

}  // namespace

double linear_regression(const MatrixView& x, const MatrixView& y, const MeasureOptions& options) {
  require_measure_pair(x, y, 2, "linear regression");
  const CentredProducts c = centred_products(x, y, options);
  // |P_y A|^2 = sum_k (v_k^T B^T A)^2 / lambda_k over the eigenpairs of B^T B
  // with lambda_k above numpy's rank tolerance (squared): q x q and q x p
  // products only.
  const SymmetricEigen eig = symmetric_eigen(c.yy, true);
  if (!eig.converged) throw Error(ErrorCode::Internal, "eigensolver did not converge");
  const double relative = static_cast<double>(std::max(y.rows, y.cols)) * kEpsilon;
  const double floor = eig.values.maxCoeff() * relative * relative;
  const Eigen::MatrixXd projected = eig.vectors.transpose() * c.xy.transpose();  // q x p
  double explained = 0.0;
  for (Eigen::Index k = 0; k < projected.rows(); ++k) {
    if (eig.values[k] > floor) explained += projected.row(k).squaredNorm() / eig.values[k];
  }
  return explained / c.xx.trace();
}

double gulp(const MatrixView& x, const MatrixView& y, const MeasureOptions& options) {
  require_measure_pair(x, y, 2, "GULP");
  if (!(options.lambda >= 0 && std::isfinite(options.lambda))) {
    throw Error(ErrorCode::BadOption,
                "GULP: lambda must be a number >= 0, got " + short_number(options.lambda));
  }
  // GULP scales each centred layer to |A|_F^2 = n: its covariance A^T A / n
  // is then Xc^T Xc / tr(Xc^T Xc), the cross-covariance likewise.
  const CentredProducts c = centred_products(x, y, options);
  const double trace_a = c.xx.trace();
  const double trace_b = c.yy.trace();
  const RidgeSpectrum sa = ridge_spectrum(c.xx / trace_a, options.lambda);
  const RidgeSpectrum sb = ridge_spectrum(c.yy / trace_b, options.lambda);
  const Eigen::MatrixXd cross = c.xy / std::sqrt(trace_a * trace_b);
  const Eigen::MatrixXd whitened = sa.inverse.sqrt().matrix().asDiagonal() *
                                   (sa.vectors.transpose() * cross * sb.vectors) *
                                   sb.inverse.sqrt().matrix().asDiagonal();
  return std::max(0.0, sa.t + sb.t - 2.0 * whitened.squaredNorm());
}

double eigenspace_overlap(const MatrixView& x, const MatrixView& y, const MeasureOptions& options) {
  require_measure_pair(x, y, 1, "the eigenspace overlap score");
  const Eigen::MatrixXd a = dense_layer(x, Centring::None, options);
  const Eigen::MatrixXd b = dense_layer(y, Centring::None, options);
  const Eigen::MatrixXd ua = column_space(a);
  const Eigen::MatrixXd ub = column_space(b);
  return (ua.transpose() * ub).squaredNorm() / static_cast<double>(std::max(a.cols(), b.cols()));
}

}  // namespace repsim
