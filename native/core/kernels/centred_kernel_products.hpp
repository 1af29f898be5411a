// The engine behind every Gram-space similarity: for kernel matrices K_1..K_L
// of the same n examples (given as tile sources), all pairwise
//   S_ab = <C(K_a), C(K_b)>_F
// where C is the usual centring H K H (biased HSIC, times (n-1)^2) or the
// unbiased centring of Song et al. 2012 (zero diagonal; unbiased HSIC times
// n (n-3)), as Kornblith et al.'s center_gram computes them. CKA_ab is then
// S_ab / sqrt(S_aa S_bb).
//
// Nothing n x n is needed: the lower triangle is visited in tiles, each
// layer's tile is centred, and the stacked tiles V (one column per layer) are
// accumulated as S += w V^T V. Kernels whose row sums are not known (RBF,
// polynomial, caller Grams) take one more pass for them; RBF bandwidths from
// the median take one or more passes before. When the memory budget allows,
// tiles are computed once and cached between passes.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "base/memory_budget.hpp"
#include "kernels/pairwise_source.hpp"

namespace repsim {

struct ProductOptions {
  bool debiased = false;
  int threads = 0;
  MemoryBudget budget;
};

// S (L x L, symmetric, full). All sources must have the same size n.
Eigen::MatrixXd centred_kernel_products(const std::vector<PairwiseSource*>& sources,
                                        const ProductOptions& options);

// Bytes the engine needs for L sources of n examples, without its cache.
double kernel_products_working_bytes(Eigen::Index n, std::size_t layers, int workers);

// Bytes the engine would use for `sources` with `threads` (0 = every core):
// its working memory plus the tile cache and median collection it keeps when
// the budget allows. A caller that wants memory of its own beside the engine
// (e.g. centred copies of the layers) asks for it on top of this.
double kernel_products_wanted_bytes(const std::vector<PairwiseSource*>& sources, int threads);

}  // namespace repsim
