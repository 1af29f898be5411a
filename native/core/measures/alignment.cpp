#include "measures/alignment.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "base/error.hpp"
#include "linalg/decompositions.hpp"
#include "measures/assignment.hpp"
#include "measures/dense_layer.hpp"

namespace repsim {
namespace {

// The orthogonal Q (D x D) minimising |X Q - Y|_F for X, Y padded to D
// columns: U V^T of the SVD of X^T Y (scipy's orthogonal_procrustes).
Eigen::MatrixXd procrustes_rotation(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
  const Eigen::Index d = std::max(x.cols(), y.cols());
  Eigen::MatrixXd cross = Eigen::MatrixXd::Zero(d, d);
  cross.topLeftCorner(x.cols(), y.cols()).noalias() = x.transpose() * y;
  const SingularValueDecomposition svd =
      singular_value_decomposition(cross, SingularVectors::ThinUV);
  return svd.u * svd.v.transpose();
}

double nuclear_norm_of_cross(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
  const Eigen::MatrixXd cross = x.transpose() * y;
  return singular_values(cross).sum();
}

double clipped_arccos(double cosine) { return std::acos(std::clamp(cosine, -1.0, 1.0)); }

// netrep's partial whitening of centred, padded data (see shape_metric).
Eigen::MatrixXd partially_whitened(const Eigen::MatrixXd& x, double alpha) {
  constexpr double kEigenvalueFloor = 1e-7;  // netrep's eigval_tol, absolute
  if (alpha > 1.0 - kEigenvalueFloor) return x;
  const SymmetricEigen eig = symmetric_eigen(x.transpose() * x, true);
  if (!eig.converged) throw Error(ErrorCode::Internal, "eigensolver did not converge");
  const Eigen::ArrayXd lambda = eig.values.array().max(kEigenvalueFloor);
  Eigen::ArrayXd d = alpha + (1.0 - alpha) * lambda.rsqrt();
  const double new_variance =
      (alpha * alpha * lambda + 2.0 * alpha * (1.0 - alpha) * lambda.sqrt() +
       (1.0 - alpha) * (1.0 - alpha))
          .sum();
  d *= std::sqrt(lambda.sum() / new_variance);
  const Eigen::MatrixXd z = eig.vectors * d.matrix().asDiagonal() * eig.vectors.transpose();
  return x * z;
}

}  // namespace

double aligned_cosine(const MatrixView& x, const MatrixView& y, const MeasureOptions& options) {
  require_measure_pair(x, y, 1, "aligned cosine similarity");
  const Eigen::MatrixXd a = dense_layer(x, Centring::None, options);
  const Eigen::MatrixXd b = dense_layer(y, Centring::None, options);
  for (const auto* m : {&a, &b}) {
    if (m->isZero(0.0)) {
      throw Error(ErrorCode::ZeroVariance, (m == &a ? x.name : y.name) +
                                               " is all zeros, so aligned cosine "
                                               "similarity is undefined");
    }
  }
  const Eigen::MatrixXd q = procrustes_rotation(a, b);
  // Cosines do not change with a row's scale: each row is scaled by its
  // largest entry before rotating, so tiny rows do not underflow.
  Eigen::MatrixXd rows = a;
  for (Eigen::Index i = 0; i < rows.rows(); ++i) {
    const double largest = rows.row(i).cwiseAbs().maxCoeff();
    if (largest > 0) rows.row(i) /= largest;
  }
  const Eigen::MatrixXd aligned = rows * q.topRows(a.cols());  // n x D
  double sum = 0.0;
  Eigen::Index counted = 0;
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    if (a.row(i).isZero(0.0) || b.row(i).isZero(0.0)) continue;  // undefined cosine
    // The aligned row's entries beyond b's width meet b's zero padding.
    Eigen::RowVectorXd padded = Eigen::RowVectorXd::Zero(aligned.cols());
    padded.head(b.cols()) = b.row(i);
    sum += robust_cosine(aligned.row(i), padded);
    ++counted;
  }
  if (counted == 0) {
    throw Error(ErrorCode::ZeroVariance, "every example is all zeros in " + x.name + " or " +
                                             y.name +
                                             ", so aligned cosine similarity is undefined");
  }
  return sum / static_cast<double>(counted);
}

double angular_shape(const MatrixView& x, const MatrixView& y, const MeasureOptions& options) {
  require_measure_pair(x, y, 2, "the angular shape metric");
  const Eigen::MatrixXd a = dense_layer(x, Centring::Columns, options);
  const Eigen::MatrixXd b = dense_layer(y, Centring::Columns, options);
  return clipped_arccos(nuclear_norm_of_cross(a, b) / (a.norm() * b.norm()));
}

double procrustes_size_shape(const MatrixView& x, const MatrixView& y,
                             const MeasureOptions& options) {
  require_measure_pair(x, y, 2, "the Procrustes size-and-shape distance");
  const Eigen::MatrixXd a = dense_layer(x, Centring::Columns, options);
  const Eigen::MatrixXd b = dense_layer(y, Centring::Columns, options);
  const Eigen::MatrixXd q = procrustes_rotation(a, b);
  Eigen::MatrixXd difference = a * q.topRows(a.cols());
  difference.leftCols(b.cols()) -= b;
  return difference.norm();
}

double permutation_procrustes(const MatrixView& x, const MatrixView& y,
                              const MeasureOptions& options) {
  require_measure_pair(x, y, 1, "the permutation Procrustes distance");
  const Eigen::MatrixXd a = dense_layer(x, Centring::None, options);
  const Eigen::MatrixXd b = dense_layer(y, Centring::None, options);
  const Eigen::Index d = std::max(a.cols(), b.cols());
  Eigen::MatrixXd cross = Eigen::MatrixXd::Zero(d, d);
  cross.topLeftCorner(a.cols(), b.cols()).noalias() = a.transpose() * b;
  const Assignment match = max_weight_assignment(cross);
  double squared = 0.0;
  for (Eigen::Index i = 0; i < d; ++i) {
    const Eigen::Index j = match.column_of_row[static_cast<std::size_t>(i)];
    // A padded column is zeros: its difference is the other column itself.
    if (i < a.cols() && j < b.cols()) {
      squared += (a.col(i) - b.col(j)).squaredNorm();
    } else if (i < a.cols()) {
      squared += a.col(i).squaredNorm();
    } else if (j < b.cols()) {
      squared += b.col(j).squaredNorm();
    }
  }
  return std::sqrt(squared);
}

double shape_metric(const MatrixView& x, const MatrixView& y, const MeasureOptions& options) {
  require_measure_pair(x, y, 2, "the shape metric");
  if (!(options.alpha >= 0.0 && options.alpha <= 1.0)) {
    throw Error(ErrorCode::BadOption,
                "shape metric: alpha must be in [0, 1], got " + short_number(options.alpha));
  }
  const Eigen::MatrixXd a = dense_layer(x, Centring::Columns, options);
  const Eigen::MatrixXd b = dense_layer(y, Centring::Columns, options);
  const Eigen::Index d = std::max(a.cols(), b.cols());
  const Eigen::MatrixXd wa = partially_whitened(zero_padded(a, d), options.alpha);
  const Eigen::MatrixXd wb = partially_whitened(zero_padded(b, d), options.alpha);
  if (!options.euclidean)
    return clipped_arccos(nuclear_norm_of_cross(wa, wb) / (wa.norm() * wb.norm()));
  // |Xw U - Yw V|_F as netrep computes it (the difference itself: 0 for equal layers).
  const SingularValueDecomposition svd =
      singular_value_decomposition(wa.transpose() * wb, SingularVectors::ThinUV);
  return (wa * svd.u - wb * svd.v).norm();
}

}  // namespace repsim
