// A whitening basis of one layer: a p x r matrix T such that the columns of
// Xc T are orthonormal and span Xc's column space (r its numerical rank).
// Canonical correlations of two layers are then the singular values of
// (Xa_c Ta)^T (Xb_c Tb) = Ta^T Cab Tb, with Cab = Xa_c^T Xb_c.
//
// The fast route never touches the n x p data again after the covariance
// pass: T = D^-1/2 L^-T from the Cholesky factor L of the correlation matrix
// D^-1/2 C D^-1/2 (p^3 / 3 flops). Forming C squares the condition number, so
// it is taken only when the factor's estimated reciprocal condition number is
// at least kMinCholeskyRcond, which bounds the error of each canonical
// correlation near 1e-16 / rcond. Otherwise (near-dependent, duplicated or
// too few examples) a column-pivoted QR of the scaled, centred data drops the
// dependent columns and keeps its orthonormal Q, as google/svcca's QR route.
#pragma once

#include <Eigen/Core>
#include <string>
#include <utility>
#include <vector>

#include "base/column_moments.hpp"
#include "base/matrix_view.hpp"

namespace repsim {

// Cholesky whitening is trusted down to this reciprocal condition number of
// the correlation matrix (condition number of the scaled data up to ~3e3).
inline constexpr double kMinCholeskyRcond = 1e-7;

// Pivoted QR keeps a column while its pivot exceeds this fraction of the
// largest one (columns scaled to unit norm first), so exact duplicates and
// linear combinations are dropped but merely correlated columns are not.
inline constexpr double kRankTolerance = 1e-10;

class WhiteningBasis {
 public:
  enum class Route { Cholesky, PivotedQr, Regularised, Principal };

  // T^T m for a matrix m with one row per feature: m in whitened coordinates.
  Eigen::MatrixXd whiten_rows(const Eigen::Ref<const Eigen::MatrixXd>& m, int threads = 1) const;

  // T itself, p x r.
  Eigen::MatrixXd transform() const;

  // Xc T, n x r: kept by the QR route, computed for the others.
  Eigen::MatrixXd orthonormal_columns(const MatrixView& x, const Eigen::VectorXd& mean,
                                      int threads) const;

  // A copy that keeps Xc T explicitly, so products with it avoid the
  // covariance route (for layers paired with a pivoted-QR layer).
  WhiteningBasis with_orthonormal_columns(const MatrixView& x, const Eigen::VectorXd& mean,
                                          int threads) const;

  bool keeps_orthonormal_columns() const { return orthonormal_.size() > 0; }
  Eigen::Index rank() const { return rank_; }
  Route route() const { return route_; }

  // Triangular form: T^T m = lower^-1 (scale .* m[columns, :]).
  static WhiteningBasis triangular(Route route, Eigen::Index features,
                                   std::vector<Eigen::Index> columns, Eigen::VectorXd scale,
                                   Eigen::MatrixXd lower, Eigen::MatrixXd orthonormal = {});
  // Dense form: T given explicitly.
  static WhiteningBasis dense(Route route, Eigen::MatrixXd transform);

 private:
  Route route_ = Route::Cholesky;
  Eigen::Index features_ = 0;
  Eigen::Index rank_ = 0;
  std::vector<Eigen::Index> columns_;
  Eigen::VectorXd scale_;
  Eigen::MatrixXd lower_;
  Eigen::MatrixXd transform_;
  Eigen::MatrixXd orthonormal_;
};

// The CCA basis of x given its covariance block: Cholesky where well
// conditioned, else pivoted QR; constant columns are always dropped.
// With epsilon > 0, google/svcca's regularisation instead: Cholesky of
// C / max|C| + epsilon I (a ridge, so Xc T is no longer exactly orthonormal).
WhiteningBasis cca_basis(const MatrixView& x, const ColumnMoments& moments,
                         const Eigen::Ref<const Eigen::MatrixXd>& covariance, double epsilon,
                         int threads);

// Which principal directions SVCCA keeps: the fewest explaining `fraction` of
// sum s^2 (Variance) or of sum |s| (Energy, as anatome does), or the top `dims`.
struct KeepSpec {
  enum class Rule { Variance, Energy, Dims };
  Rule rule = Rule::Variance;
  double fraction = 0.99;
  Eigen::Index dims = 0;
};

// Eigenvectors of a covariance (columns) and their variances, both in
// descending order of variance.
std::pair<Eigen::MatrixXd, Eigen::VectorXd> principal_directions(
    const Eigen::Ref<const Eigen::MatrixXd>& covariance, const std::string& name);

// SVCCA's basis: the kept right singular vectors of Xc (eigenvectors of C),
// scaled by 1/s: T = V_k S_k^-1. Directions with no variance are never kept.
WhiteningBasis principal_basis(const Eigen::Ref<const Eigen::MatrixXd>& covariance,
                               const KeepSpec& keep, const std::string& name);

}  // namespace repsim
