// Linear CKA (Kornblith et al. 2019):
//   CKA(X, Y) = |Yc^T Xc|_F^2 / (|Xc^T Xc|_F |Yc^T Yc|_F)
// with Xc, Yc the column-centred activations; debiased, the unbiased HSIC
// estimator of Song et al. 2012 replaces each product. The feature-space form
// costs n (p1 + p2)^2 / 2, the Gram form n^2 (p1 + p2) / 2 and no n x n memory;
// `Auto` picks the cheaper that fits the budget (see similarity.hpp).
#pragma once

#include "base/matrix_view.hpp"
#include "cka/similarity.hpp"

namespace repsim {

// options.kernel is ignored: the kernel is linear.
PairCka linear_cka(const MatrixView& x, const MatrixView& y, SimilarityOptions options = {});

}  // namespace repsim
