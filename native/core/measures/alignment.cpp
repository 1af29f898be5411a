#include "measures/alignment.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "base/error.hpp"
#include "linalg/decompositions.hpp"
#include "linalg/dense_products.hpp"
#include "measures/assignment.hpp"
#include "measures/centred_products.hpp"
#include "measures/dense_layer.hpp"

namespace repsim {
namespace {

// The orthogonal Q (D x D) minimising |X Q - Y|_F for X, Y padded to D
// columns: U V^T of the SVD of X^T Y (scipy's orthogonal_procrustes).
Eigen::MatrixXd procrustes_rotation(const DenseLayer& x, const DenseLayer& y, int threads) {
  const Eigen::Index d = std::max(x.cols(), y.cols());
  Eigen::MatrixXd cross = Eigen::MatrixXd::Zero(d, d);
  cross.topLeftCorner(x.cols(), y.cols()) = cross_product(x, y, threads);
  const SingularValueDecomposition svd =
      singular_value_decomposition(cross, SingularVectors::ThinUV);
  return svd.u * svd.v.transpose();
}

double nuclear_norm(const Eigen::MatrixXd& m) { return singular_values(m).sum(); }

// |A Q - B|_F for the best rotation Q, from the products: |A|^2 + |B|^2 -
// 2 |A^T B|_*. When that difference is small next to its terms it has lost
// digits to cancellation (a layer against itself), and returns a negative
// number: the caller then computes the residual itself.
double distance_from_products(double norm_a2, double norm_b2, double nuclear) {
  const double squared = norm_a2 + norm_b2 - 2.0 * nuclear;
  return squared > 1e-4 * (norm_a2 + norm_b2) ? std::sqrt(squared) : -1.0;
}

double clipped_arccos(double cosine) { return std::acos(std::clamp(cosine, -1.0, 1.0)); }

// netrep's partial whitening of centred, padded data X as the d x d matrix
// Z (X Z is the whitened data) from its Gram X^T X; the identity for alpha = 1.
Eigen::MatrixXd partial_whitening(const Eigen::MatrixXd& gram, double alpha) {
  constexpr double kEigenvalueFloor = 1e-7;  // netrep's eigval_tol, absolute
  if (alpha > 1.0 - kEigenvalueFloor) return Eigen::MatrixXd::Identity(gram.rows(), gram.cols());
  const SymmetricEigen eig = symmetric_eigen(gram, true);
  if (!eig.converged) throw Error(ErrorCode::Internal, "eigensolver did not converge");
  const Eigen::ArrayXd lambda = eig.values.array().max(kEigenvalueFloor);
  Eigen::ArrayXd d = alpha + (1.0 - alpha) * lambda.rsqrt();
  const double new_variance =
      (alpha * alpha * lambda + 2.0 * alpha * (1.0 - alpha) * lambda.sqrt() +
       (1.0 - alpha) * (1.0 - alpha))
          .sum();
  d *= std::sqrt(lambda.sum() / new_variance);
  return eig.vectors * d.matrix().asDiagonal() * eig.vectors.transpose();
}

// m as the top-left corner of a rows x cols matrix of zeros (zero padding
// of the narrower layer, seen from its products).
Eigen::MatrixXd padded_block(const Eigen::MatrixXd& m, Eigen::Index rows, Eigen::Index cols) {
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(rows, cols);
  out.topLeftCorner(m.rows(), m.cols()) = m;
  return out;
}

}  // namespace

double aligned_cosine(const MatrixView& x, const MatrixView& y, const MeasureOptions& options) {
  require_measure_pair(x, y, 1, "aligned cosine similarity");
  DenseLayer a = dense_layer(x, Centring::None, options);
  const DenseLayer b = dense_layer(y, Centring::None, options);
  for (const auto& [m, name] : {std::pair<const DenseLayer&, const std::string&>(a, x.name),
                                std::pair<const DenseLayer&, const std::string&>(b, y.name)}) {
    if (m.isZero(0.0)) {
      throw Error(ErrorCode::ZeroVariance,
                  name + " is all zeros, so aligned cosine similarity is undefined");
    }
  }
  const Eigen::MatrixXd q = procrustes_rotation(a, b, options.threads);
  // Cosines do not change with a row's scale: each row of A is scaled by its
  // largest entry before rotating (in place: A is not read again), and each
  // cosine's rows by theirs, so tiny rows do not underflow.
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    const double largest = a.row(i).cwiseAbs().maxCoeff();
    if (largest > 0) a.row(i) /= largest;
  }
  const DenseLayer aligned = rows_times(a, q.topRows(a.cols()), options.threads);  // n x D
  double sum = 0.0;
  Eigen::Index counted = 0;
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    const double largest_a = aligned.row(i).cwiseAbs().maxCoeff();
    const double largest_b = b.row(i).cwiseAbs().maxCoeff();
    if (largest_a == 0 || largest_b == 0) continue;  // undefined cosine
    // The aligned row's entries beyond b's width meet b's zero padding.
    const auto ra = aligned.row(i) / largest_a;
    const auto rb = b.row(i) / largest_b;
    sum += std::clamp(ra.head(b.cols()).dot(rb) / (ra.norm() * rb.norm()), -1.0, 1.0);
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
  const CentredProducts c = centred_products(x, y, options);
  return clipped_arccos(nuclear_norm(c.xy) / std::sqrt(c.xx.trace() * c.yy.trace()));
}

double procrustes_size_shape(const MatrixView& x, const MatrixView& y,
                             const MeasureOptions& options) {
  require_measure_pair(x, y, 2, "the Procrustes size-and-shape distance");
  {
    const CentredProducts c = centred_products(x, y, options);
    const double distance = distance_from_products(c.xx.trace(), c.yy.trace(), nuclear_norm(c.xy));
    if (distance >= 0) return distance;
  }
  const DenseLayer a = dense_layer(x, Centring::Columns, options);
  const DenseLayer b = dense_layer(y, Centring::Columns, options);
  const Eigen::MatrixXd q = procrustes_rotation(a, b, options.threads);
  DenseLayer difference = rows_times(a, q.topRows(a.cols()), options.threads);
  difference.leftCols(b.cols()) -= b;
  return difference.norm();
}

double permutation_procrustes(const MatrixView& x, const MatrixView& y,
                              const MeasureOptions& options) {
  require_measure_pair(x, y, 1, "the permutation Procrustes distance");
  const DenseLayer a = dense_layer(x, Centring::None, options);
  const DenseLayer b = dense_layer(y, Centring::None, options);
  const Eigen::Index d = std::max(a.cols(), b.cols());
  Eigen::MatrixXd cross = Eigen::MatrixXd::Zero(d, d);
  cross.topLeftCorner(a.cols(), b.cols()) = cross_product(a, b, options.threads);
  const Assignment match = max_weight_assignment(cross);
  // Row by row (the layers are row-major): column i of A meets its matched
  // column of B; a padded column is zeros, so its partner counts alone.
  double squared = 0.0;
  for (Eigen::Index r = 0; r < a.rows(); ++r) {
    for (Eigen::Index i = 0; i < d; ++i) {
      const Eigen::Index j = match.column_of_row[static_cast<std::size_t>(i)];
      const double difference = (i < a.cols() ? a(r, i) : 0.0) - (j < b.cols() ? b(r, j) : 0.0);
      squared += difference * difference;
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
  const Eigen::Index d = std::max(x.cols, y.cols);
  double distance = -1.0;
  Eigen::MatrixXd za, zb;  // the whitening, kept for the residual below
  {
    const CentredProducts c = centred_products(x, y, options);
    const Eigen::MatrixXd gram_a = padded_block(c.xx, d, d);
    const Eigen::MatrixXd gram_b = padded_block(c.yy, d, d);
    za = partial_whitening(gram_a, options.alpha);
    zb = partial_whitening(gram_b, options.alpha);
    // The whitened layers' cross-product and squared norms, from the products.
    const double nuclear = nuclear_norm(za.transpose() * padded_block(c.xy, d, d) * zb);
    const double norm_a2 = (za.transpose() * gram_a * za).trace();
    const double norm_b2 = (zb.transpose() * gram_b * zb).trace();
    if (!options.euclidean) return clipped_arccos(nuclear / std::sqrt(norm_a2 * norm_b2));
    distance = distance_from_products(norm_a2, norm_b2, nuclear);
  }
  if (distance >= 0) return distance;
  // |Xw U - Yw V|_F as netrep computes it (the difference itself: 0 for equal
  // layers), whitened with the Z above (the products freed before the copies).
  const DenseLayer wa =
      rows_times(zero_padded(dense_layer(x, Centring::Columns, options), d), za, options.threads);
  const DenseLayer wb =
      rows_times(zero_padded(dense_layer(y, Centring::Columns, options), d), zb, options.threads);
  const SingularValueDecomposition svd =
      singular_value_decomposition(cross_product(wa, wb, options.threads), SingularVectors::ThinUV);
  return (rows_times(wa, svd.u, options.threads) - rows_times(wb, svd.v, options.threads)).norm();
}

}  // namespace repsim
