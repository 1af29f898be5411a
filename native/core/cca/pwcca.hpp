// Projection-weighted CCA (Morcos et al. 2018): the mean of the canonical
// correlations weighted by how much of one layer each canonical variate
// accounts for. Weights come from the side with fewer neurons (x on a tie).
//   Paper:     alpha_i = sum_j |<h_i, x_j>|, h_i the unit canonical variates,
//              x_j the centred neurons (Morcos et al. 2018's formula).
//   SvccaRepo: google/svcca pwcca.py: the symmetric-whitening singular
//              vectors u_i used as un-whitened directions d_i = Xc u_i,
//              orthonormalised by QR into P; alpha_i = sum_j |<P_i, x_j>|.
//              (pwcca.py uses the other model's activations when y has fewer
//              neurons; this implementation uses y's, as intended.)
// Both normalised to sum 1. Every step stays in p x p space.
#pragma once

#include <Eigen/Core>

#include "base/matrix_view.hpp"
#include "cca/canonical_correlations.hpp"
#include "cca/cca.hpp"

namespace repsim {

enum class PwccaWeights { Paper, SvccaRepo };

struct PwccaResult {
  double similarity = 0.0;  // sum_i alpha_i rho_i
  Eigen::VectorXd rho;      // descending
  Eigen::VectorXd weights;  // alpha_i, paired with rho_i
};

PwccaResult pwcca(const MatrixView& x, const MatrixView& y, PwccaWeights weights,
                  const CcaOptions& options);

// PWCCA of two whitened layers from their covariance blocks (for layer x
// layer matrices, where the bases are built once per layer).
PwccaResult pwcca_from_blocks(const WhitenedLayer& a, const WhitenedLayer& b,
                              const Eigen::Ref<const Eigen::MatrixXd>& covariance_a,
                              const Eigen::Ref<const Eigen::MatrixXd>& covariance_b,
                              const Eigen::Ref<const Eigen::MatrixXd>& cross_ab,
                              PwccaWeights weights, int threads);

}  // namespace repsim
