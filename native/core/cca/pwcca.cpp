#include "cca/pwcca.hpp"

#include <Eigen/Cholesky>

#include "base/error.hpp"
#include "cca/canonical_correlations.hpp"
#include "linalg/decompositions.hpp"

namespace repsim {
namespace {

// sum_j |<h_i, x_j>| for h = Xc T U: the rows of U^T (T^T C) summed absolutely.
Eigen::VectorXd paper_weights(const WhiteningBasis& basis, const Eigen::MatrixXd& directions,
                              const Eigen::Ref<const Eigen::MatrixXd>& covariance, int threads) {
  return (directions.transpose() * basis.whiten_rows(covariance, threads))
      .cwiseAbs()
      .rowwise()
      .sum();
}

// google/svcca's u_i = C^1/2 a_i for the canonical directions a = T U. With
// M = [u_i], P = Xc M R^-1 where R^T R = M^T C M, so P^T Xc = R^-T M^T C.
Eigen::VectorXd svcca_repo_weights(const WhiteningBasis& basis, const Eigen::MatrixXd& directions,
                                   const Eigen::Ref<const Eigen::MatrixXd>& covariance) {
  const auto [vectors, variance] = principal_directions(covariance, "the weighted layer");
  const Eigen::MatrixXd sqrt_c = vectors * variance.cwiseSqrt().asDiagonal() * vectors.transpose();
  const Eigen::MatrixXd m = sqrt_c * (basis.transform() * directions);
  const Eigen::MatrixXd cm = covariance * m;
  const Eigen::LLT<Eigen::MatrixXd> llt(m.transpose() * cm);
  if (llt.info() != Eigen::Success) {
    // Happens on numerically degenerate data (a few non-zero rows at the edge
    // of the representable range): the weights are undefined, not a bug.
    throw Error(ErrorCode::ZeroVariance,
                "the weighted layer's canonical directions are numerically linearly dependent, so "
                "svcca-repo PWCCA weights are undefined for this data; weights: 'paper' computes "
                "them without that step");
  }
  Eigen::MatrixXd projections = cm.transpose();
  llt.matrixL().solveInPlace(projections);
  return projections.cwiseAbs().rowwise().sum();
}

}  // namespace

PwccaResult pwcca(const MatrixView& x, const MatrixView& y, PwccaWeights weights,
                  const CcaOptions& options) {
  const CcaPair p = prepare_cca_pair(x, y, options, nullptr, LayerCcaMetric::Pwcca);
  const LayerCovariances& c = p.covariances;
  return pwcca_from_blocks(p.x, p.y, c.block(0, 0), c.block(1, 1), c.block(0, 1), weights,
                           options.threads);
}

PwccaResult pwcca_from_blocks(const WhitenedLayer& a, const WhitenedLayer& b,
                              const Eigen::Ref<const Eigen::MatrixXd>& covariance_a,
                              const Eigen::Ref<const Eigen::MatrixXd>& covariance_b,
                              const Eigen::Ref<const Eigen::MatrixXd>& cross_ab,
                              PwccaWeights weights, int threads) {
  const bool use_x = a.view.cols <= b.view.cols;
  SingularValueDecomposition svd =
      singular_value_decomposition(whitened_cross(a, b, cross_ab, threads),
                                   use_x ? SingularVectors::ThinU : SingularVectors::ThinV);
  const Eigen::MatrixXd directions = use_x ? std::move(svd.u) : std::move(svd.v);
  const WhiteningBasis& basis = use_x ? a.basis : b.basis;
  const auto& covariance = use_x ? covariance_a : covariance_b;

  PwccaResult result;
  result.rho = svd.values.cwiseMin(1.0);
  result.weights = weights == PwccaWeights::Paper
                       ? paper_weights(basis, directions, covariance, threads)
                       : svcca_repo_weights(basis, directions, covariance);
  result.weights /= result.weights.sum();
  result.similarity = result.weights.dot(result.rho);
  return result;
}

}  // namespace repsim
