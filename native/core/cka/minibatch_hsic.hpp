// One minibatch of Nguyen, Raghu & Kornblith's (2021) minibatch CKA: the
// unbiased HSIC_1 estimator (Song et al. 2012) of every pair of layers' linear
// kernels on the batch. Summed over batches (by the caller, who keeps that
// state), HSIC_1(a, b) / sqrt(HSIC_1(a, a) HSIC_1(b, b)) is minibatch CKA.
// HSIC_1 is unchanged by translating the activations, so each batch is
// centred by its own mean first (for accuracy).
#pragma once

#include <Eigen/Core>
#include <vector>

#include "base/matrix_view.hpp"
#include "base/memory_budget.hpp"

namespace repsim {

// HSIC_1 for all pairs of `layers` (L x L); needs at least 4 examples. The
// products are planned like layerSimilarity's, within `budget`.
Eigen::MatrixXd minibatch_hsic(const std::vector<MatrixView>& layers, int threads,
                               const MemoryBudget& budget = {});

}  // namespace repsim
