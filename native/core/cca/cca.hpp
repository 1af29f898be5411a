// Canonical correlation analysis of two layers (Hotelling 1936; seeds 001,
// 003): the canonical correlations rho_i are the singular values of
// Cxx^-1/2 Cxy Cyy^-1/2, equivalently of Qx^T Qy for orthonormal bases of the
// centred columns. SVCCA (Raghu et al. 2017) first keeps each layer's leading
// singular directions. Bases: whitening_basis.hpp.
#pragma once

#include <Eigen/Core>

#include "base/matrix_view.hpp"
#include "base/memory_budget.hpp"
#include "cca/canonical_correlations.hpp"
#include "cca/whitening_basis.hpp"
#include "linalg/layer_covariance.hpp"

namespace repsim {

struct CcaOptions {
  // > 0: google/svcca's ridge (covariance / its largest entry + epsilon I).
  double epsilon = 0.0;
  // Compute even when dims_x + dims_y > n - 1 (see require_determined).
  bool allow_underdetermined = false;
  int threads = 0;  // 0: every hardware thread
  MemoryBudget budget;
  // The share of sum(rho) for CcaResult::leading_mean_rho (google/svcca's
  // get_cca_similarity threshold); reporting only.
  double threshold = 0.98;
};

struct CcaResult {
  Eigen::VectorXd rho;      // descending, min(dims_x, dims_y) of them
  Eigen::Index dims_x = 0;  // directions used: x's rank (CCA) or kept dims (SVCCA)
  Eigen::Index dims_y = 0;

  double mean_rho() const { return rho.mean(); }
  // R^2_CCA (Yellapragada 2020): the mean squared canonical correlation.
  double r2() const { return rho.squaredNorm() / static_cast<double>(rho.size()); }
  // google/svcca's thresholded mean: the mean of the leading rho[:i], i the
  // first index with sum(rho[:i]) >= share * sum(rho) (sum_threshold's rule;
  // every rho when no i < size qualifies).
  double leading_mean_rho(double share) const {
    const double total = rho.sum();
    for (Eigen::Index i = 0; i < rho.size(); ++i) {
      if (rho.head(i).sum() >= share * total) return i == 0 ? 0.0 : rho.head(i).mean();
    }
    return rho.mean();
  }
  // leading_mean_rho(options.threshold), set by the CCA functions' callers.
  double threshold_mean_rho = 0.0;
};

// The metrics of the CCA family.
enum class LayerCcaMetric {
  MeanRho,     // 'cca': mean canonical correlation
  Svcca,       // 'svcca': mean rho after keeping principal directions
  Pwcca,       // 'pwcca': projection-weighted mean rho (row layer's weights on a tie)
  Procrustes,  // 'procrustes': orthogonal Procrustes distance
};

// The metric's name for messages: "CCA", "SVCCA", "PWCCA" or "Procrustes".
const char* cca_metric_name(LayerCcaMetric metric);

// Bytes one pair's whitening bases, decompositions and (PWCCA) weights take
// beyond the covariance blocks, for layers of p1 and p2 features. Measured as
// peak resident memory (n = 3000, p1 = p2 = 800; test/native/memory-bounds) at
// about 4.7, 5, 8.4 and 4.6 (p1^2 + p2^2) doubles for CCA, SVCCA, PWCCA and
// Procrustes; the factors here leave a margin over those.
double pair_working_bytes(LayerCcaMetric metric, Eigen::Index p1, Eigen::Index p2);

// Two layers prepared for a CCA-type metric: their covariance blocks and
// bases (CCA's whitening bases, or SVCCA's principal bases when `keep` is
// given), checked to be determined (see require_determined).
struct CcaPair {
  LayerCovariances covariances;
  WhitenedLayer x;
  WhitenedLayer y;
};
CcaPair prepare_cca_pair(const MatrixView& x, const MatrixView& y, const CcaOptions& options,
                         const KeepSpec* keep, LayerCcaMetric metric);

CcaResult cca(const MatrixView& x, const MatrixView& y, const CcaOptions& options);

CcaResult svcca(const MatrixView& x, const MatrixView& y, const KeepSpec& keep,
                const CcaOptions& options);

}  // namespace repsim
