// The CCA family between every pair of a list of layers (the same examples
// in each). Per-layer work -- the covariance pass, each layer's whitening or
// principal basis -- is done once for all pairs; each pair then costs one
// whitened p_a x p_b product and its SVD (pairs run in parallel).
#pragma once

#include <Eigen/Core>
#include <vector>

#include "base/matrix_view.hpp"
#include "cca/cca.hpp"
#include "cca/pwcca.hpp"
#include "cca/whitening_basis.hpp"

namespace repsim {

struct LayerCcaOptions {
  LayerCcaMetric metric = LayerCcaMetric::MeanRho;
  CcaOptions cca;
  KeepSpec keep;
  PwccaWeights weights = PwccaWeights::Paper;
};

// values(a, b) compares layers[a] (row) with layers[b] (column).
Eigen::MatrixXd layer_cca_matrix(const std::vector<MatrixView>& layers,
                                 const LayerCcaOptions& options);

}  // namespace repsim
