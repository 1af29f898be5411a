// Kernel CKA (Kornblith et al. 2019): CKA on RBF or polynomial Gram matrices,
// biased or debiased, without ever holding an n x n matrix unless the memory
// budget allows caching; and CKA of two Gram matrices the caller made.
#pragma once

#include "base/matrix_view.hpp"
#include "cka/similarity.hpp"

namespace repsim {

double kernel_cka(const MatrixView& x, const MatrixView& y, const SimilarityOptions& options);

// kx and ky: n x n symmetric Gram matrices (checked), read in place. Only
// `debiased`, `threads` and `budget` of the options apply.
double cka_from_grams(const MatrixView& kx, const MatrixView& ky, const SimilarityOptions& options);

}  // namespace repsim
