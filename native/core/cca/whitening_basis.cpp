#include "cca/whitening_basis.hpp"

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <utility>

#include "base/centring.hpp"
#include "base/error.hpp"
#include "base/parallel.hpp"
#include "linalg/decompositions.hpp"

namespace repsim {

WhiteningBasis WhiteningBasis::triangular(Route route, Eigen::Index features,
                                          std::vector<Eigen::Index> columns, Eigen::VectorXd scale,
                                          Eigen::MatrixXd lower, Eigen::MatrixXd orthonormal) {
  WhiteningBasis basis;
  basis.route_ = route;
  basis.features_ = features;
  basis.rank_ = static_cast<Eigen::Index>(columns.size());
  basis.columns_ = std::move(columns);
  basis.scale_ = std::move(scale);
  basis.lower_ = std::move(lower);
  basis.orthonormal_ = std::move(orthonormal);
  return basis;
}

WhiteningBasis WhiteningBasis::dense(Route route, Eigen::MatrixXd transform) {
  WhiteningBasis basis;
  basis.route_ = route;
  basis.features_ = transform.rows();
  basis.rank_ = transform.cols();
  basis.transform_ = std::move(transform);
  return basis;
}

Eigen::MatrixXd WhiteningBasis::whiten_rows(const Eigen::Ref<const Eigen::MatrixXd>& m,
                                            int threads) const {
  Eigen::MatrixXd out(rank_, m.cols());
  // Columns are independent: split them over threads (Eigen's products and
  // solves run on one core).
  const int workers = workers_for(
      static_cast<double>(rank_) * static_cast<double>(rank_) * static_cast<double>(m.cols()),
      1 << 24, threads);
  parallel_ranges(workers, m.cols(), [&](int, Eigen::Index begin, Eigen::Index end) {
    auto block = out.middleCols(begin, end - begin);
    if (transform_.size() > 0) {
      block.noalias() = transform_.transpose() * m.middleCols(begin, end - begin);
      return;
    }
    for (Eigen::Index i = 0; i < rank_; ++i) {
      block.row(i) =
          scale_(i) * m.row(columns_[static_cast<size_t>(i)]).segment(begin, end - begin);
    }
    lower_.triangularView<Eigen::Lower>().solveInPlace(block);
  });
  return out;
}

Eigen::MatrixXd WhiteningBasis::transform() const {
  if (transform_.size() > 0) return transform_;
  return whiten_rows(Eigen::MatrixXd::Identity(features_, features_)).transpose();
}

Eigen::MatrixXd WhiteningBasis::orthonormal_columns(const MatrixView& x,
                                                    const Eigen::VectorXd& mean,
                                                    int threads) const {
  if (keeps_orthonormal_columns()) return orthonormal_;
  const Eigen::MatrixXd t = transform();
  Eigen::MatrixXd q(x.rows, rank_);
  const int workers = workers_for(
      static_cast<double>(x.rows) * static_cast<double>(x.cols) * static_cast<double>(rank_),
      1 << 22, threads);
  parallel_ranges(workers, x.rows, [&](int, Eigen::Index begin, Eigen::Index end) {
    with_centred_rows(x, mean, begin, end, [&](const auto& rows) {
      q.middleRows(begin, end - begin).noalias() = rows * t;
    });
  });
  return q;
}

WhiteningBasis WhiteningBasis::with_orthonormal_columns(const MatrixView& x,
                                                        const Eigen::VectorXd& mean,
                                                        int threads) const {
  WhiteningBasis copy = *this;
  copy.orthonormal_ = orthonormal_columns(x, mean, threads);
  return copy;
}

namespace {

// Columns with variance, and 1/sd for each: the Jacobi scaling that makes
// the correlation matrix's condition number reflect the problem, not units.
struct Scaling {
  std::vector<Eigen::Index> columns;
  Eigen::VectorXd inverse_sd;
};

Scaling variance_scaling(const ColumnMoments& moments,
                         const Eigen::Ref<const Eigen::MatrixXd>& covariance) {
  Scaling s;
  for (Eigen::Index j = 0; j < covariance.rows(); ++j) {
    if (!moments.constant(j) && covariance(j, j) > 0.0) s.columns.push_back(j);
  }
  s.inverse_sd.resize(static_cast<Eigen::Index>(s.columns.size()));
  for (size_t i = 0; i < s.columns.size(); ++i) {
    s.inverse_sd(static_cast<Eigen::Index>(i)) =
        1.0 / std::sqrt(covariance(s.columns[i], s.columns[i]));
  }
  return s;
}

WhiteningBasis pivoted_qr_basis(const MatrixView& x, const ColumnMoments& moments, const Scaling& s,
                                int threads) {
  const auto kept = static_cast<Eigen::Index>(s.columns.size());
  Eigen::MatrixXd scaled(x.rows, kept);
  const int workers =
      workers_for(static_cast<double>(x.rows) * static_cast<double>(x.cols), 1 << 18, threads);
  parallel_ranges(workers, x.rows, [&](int, Eigen::Index begin, Eigen::Index end) {
    with_centred_rows(x, moments.mean, begin, end, [&](const auto& rows) {
      for (Eigen::Index i = 0; i < kept; ++i) {
        scaled.col(i).segment(begin, end - begin) =
            rows.col(s.columns[static_cast<size_t>(i)]) * s.inverse_sd(i);
      }
    });
  });
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(scaled.rows(), scaled.cols());
  qr.setThreshold(kRankTolerance);
  qr.compute(scaled);
  const Eigen::Index rank = qr.rank();
  if (rank == 0) {
    throw Error(ErrorCode::ZeroVariance, x.name + " has no direction with variance");
  }
  std::vector<Eigen::Index> columns;
  Eigen::VectorXd scale(rank);
  for (Eigen::Index i = 0; i < rank; ++i) {
    const Eigen::Index pivot = qr.colsPermutation().indices()(i);
    columns.push_back(s.columns[static_cast<size_t>(pivot)]);
    scale(i) = s.inverse_sd(pivot);
  }
  Eigen::MatrixXd lower = qr.matrixR()
                              .topLeftCorner(rank, rank)
                              .triangularView<Eigen::Upper>()
                              .toDenseMatrix()
                              .transpose();
  Eigen::MatrixXd q = Eigen::MatrixXd::Identity(x.rows, rank);
  q.applyOnTheLeft(qr.householderQ());
  return WhiteningBasis::triangular(WhiteningBasis::Route::PivotedQr, x.cols, std::move(columns),
                                    std::move(scale), std::move(lower), std::move(q));
}

WhiteningBasis regularised_basis(const MatrixView& x,
                                 const Eigen::Ref<const Eigen::MatrixXd>& covariance,
                                 double epsilon) {
  // google/svcca's cca_core: the covariance divided by its largest entry m,
  // then epsilon added to the diagonal; with L L^T = C / m + eps I the basis
  // is T = m^-1/2 L^-T, i.e. T^T v = L^-1 (m^-1/2 v).
  const double largest = covariance.cwiseAbs().maxCoeff();
  Eigen::MatrixXd regularised = covariance / largest;
  regularised.diagonal().array() += epsilon;
  Eigen::LLT<Eigen::MatrixXd> llt(regularised);
  if (llt.info() != Eigen::Success) {
    throw Error(ErrorCode::BadOption,
                "epsilon " + std::to_string(epsilon) + " does not make " + x.name +
                    "'s covariance positive definite; use a larger epsilon (e.g. 1e-6)");
  }
  std::vector<Eigen::Index> columns(static_cast<size_t>(covariance.rows()));
  for (Eigen::Index j = 0; j < covariance.rows(); ++j) columns[static_cast<size_t>(j)] = j;
  return WhiteningBasis::triangular(
      WhiteningBasis::Route::Regularised, covariance.rows(), std::move(columns),
      Eigen::VectorXd::Constant(covariance.rows(), 1.0 / std::sqrt(largest)), llt.matrixL());
}

}  // namespace

WhiteningBasis cca_basis(const MatrixView& x, const ColumnMoments& moments,
                         const Eigen::Ref<const Eigen::MatrixXd>& covariance, double epsilon,
                         int threads) {
  if (epsilon > 0.0) return regularised_basis(x, covariance, epsilon);
  const Scaling s = variance_scaling(moments, covariance);
  const auto kept = static_cast<Eigen::Index>(s.columns.size());
  Eigen::MatrixXd correlation(kept, kept);
  for (Eigen::Index j = 0; j < kept; ++j) {
    for (Eigen::Index i = j; i < kept; ++i) {
      correlation(i, j) =
          covariance(s.columns[static_cast<size_t>(i)], s.columns[static_cast<size_t>(j)]) *
          s.inverse_sd(i) * s.inverse_sd(j);
    }
  }
  Eigen::LLT<Eigen::MatrixXd> llt(correlation);
  if (llt.info() == Eigen::Success && llt.rcond() >= kMinCholeskyRcond) {
    return WhiteningBasis::triangular(WhiteningBasis::Route::Cholesky, covariance.rows(), s.columns,
                                      s.inverse_sd, llt.matrixL());
  }
  return pivoted_qr_basis(x, moments, s, threads);
}

// For large p, Eigen's symmetric eigensolver accumulates its rotations at
// about 1.5x the cost of an SVD of C's Cholesky factor: with C = L L^T, C's
// eigenvectors are L's left singular vectors and its eigenvalues L's squared
// singular values. The solver serves small p and covariances that are not
// positive definite.
std::pair<Eigen::MatrixXd, Eigen::VectorXd> principal_directions(
    const Eigen::Ref<const Eigen::MatrixXd>& covariance, const std::string& name) {
  // Below ~1000 features the eigensolver is the faster of the two (measured).
  constexpr Eigen::Index kFactorSvdFrom = 1024;
  if (covariance.rows() >= kFactorSvdFrom) {
    const Eigen::LLT<Eigen::MatrixXd> llt(covariance);
    if (llt.info() == Eigen::Success) {
      SingularValueDecomposition svd =
          singular_value_decomposition(llt.matrixL(), SingularVectors::ThinU);
      return {std::move(svd.u), svd.values.cwiseAbs2()};
    }
  }
  const SymmetricEigen eigen = symmetric_eigen(covariance, true);
  if (!eigen.converged) {
    throw Error(ErrorCode::Internal, "eigendecomposition of " + name + "'s covariance failed");
  }
  return {eigen.vectors.rowwise().reverse(), eigen.values.reverse().cwiseMax(0.0)};
}

WhiteningBasis principal_basis(const Eigen::Ref<const Eigen::MatrixXd>& covariance,
                               const KeepSpec& keep, const std::string& name) {
  const auto [vectors, variance] = principal_directions(covariance, name);
  const Eigen::Index p = covariance.rows();
  // Directions at rounding level of the largest carry no variance (e.g.
  // beyond n - 1 when there are fewer examples than features).
  const double noise = variance(0) * static_cast<double>(p) * 1e-14;
  const Eigen::Index with_variance = (variance.array() > noise).count();
  Eigen::Index k = 0;
  if (keep.rule == KeepSpec::Rule::Dims) {
    k = keep.dims;
  } else {
    const Eigen::VectorXd mass =
        keep.rule == KeepSpec::Rule::Variance ? variance : Eigen::VectorXd(variance.cwiseSqrt());
    const double total = mass.sum();
    double running = 0.0;
    // The fewest leading directions whose share reaches the fraction (the
    // first index where the cumulative share >= fraction, as numpy's
    // searchsorted in the reference code).
    while (k < p) {
      running += mass(k++);
      if (running / total >= keep.fraction) break;
    }
  }
  k = std::min(k, with_variance);
  Eigen::MatrixXd transform = vectors.leftCols(k);
  transform *= variance.head(k).cwiseSqrt().cwiseInverse().asDiagonal();
  return WhiteningBasis::dense(WhiteningBasis::Route::Principal, std::move(transform));
}

}  // namespace repsim
