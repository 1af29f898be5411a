// CKA between every pair of a list of layers (the same examples in each):
// S_ab = <C(K_a), C(K_b)> for all pairs, then CKA_ab = S_ab / sqrt(S_aa S_bb).
// Per-layer work (moments, row norms, kernel tiles, bandwidths) is done once
// for all pairs. Linear kernels take the cheaper of two paths:
//   feature space: one rank-k product of all layers side by side,
//     cost n (sum p)^2 / 2, memory (sum p)^2 doubles;
//   Gram space: the tiled engine (centred_kernel_products.hpp),
//     cost sum_a n^2 p_a / 2 + L^2 n^2 / 2, memory O(n * tile).
// Other kernels always use the Gram path.
#pragma once

#include <Eigen/Core>
#include <vector>

#include "base/matrix_view.hpp"
#include "base/memory_budget.hpp"
#include "kernels/kernel_spec.hpp"

namespace repsim {

enum class CkaForm { Auto, FeatureSpace, Gram };

struct SimilarityOptions {
  KernelSpec kernel;
  bool debiased = false;
  CkaForm form = CkaForm::Auto;  // linear kernels only
  int threads = 0;               // 0: every hardware thread
  MemoryBudget budget;
};

struct SimilarityProducts {
  Eigen::MatrixXd products;      // S, L x L
  CkaForm form = CkaForm::Auto;  // the path taken
};

SimilarityProducts similarity_products(const std::vector<MatrixView>& layers,
                                       const SimilarityOptions& options);

// CKA of one pair of layers, and the path taken.
struct PairCka {
  double value = 0.0;
  CkaForm form = CkaForm::Auto;
};
PairCka pair_cka(const MatrixView& x, const MatrixView& y, const SimilarityOptions& options);

// CKA_ab = S_ab / sqrt(S_aa S_bb); ZERO_VARIANCE naming the layer whose own
// product is not positive (a constant layer, or a debiased estimate that came
// out non-positive on too few examples).
Eigen::MatrixXd cka_from_products(const Eigen::MatrixXd& products,
                                  const std::vector<MatrixView>& layers);

}  // namespace repsim
