// Centred cross-products of layers side by side: the p x p blocks
// Xa_c^T Xb_c (unnormalised covariances) that CCA, SVCCA, PWCCA and Procrustes
// all start from. One symmetric rank-k pass over the examples gives every
// block of every pair, always in float64: CCA whitens with these blocks, and
// whitening squares their rounding errors' effect (see whitening_basis.hpp).
#pragma once

#include <Eigen/Core>
#include <vector>

#include "base/column_moments.hpp"
#include "base/matrix_view.hpp"
#include "base/memory_budget.hpp"

namespace repsim {

class LayerCovariances {
 public:
  // Checks every layer (finite, not all constant) and accumulates the
  // products: n (sum p)^2 multiply-adds, 2 (sum p)^2 doubles. The budget check
  // counts `later_bytes` too: what the caller will allocate while it holds
  // the covariances (whitening bases, decompositions), so MEMORY_LIMIT comes
  // before any work rather than the budget being exceeded afterwards.
  LayerCovariances(const std::vector<MatrixView>& layers, int threads, const MemoryBudget& budget,
                   double later_bytes = 0.0);

  // Xa_c^T Xb_c, pa x pb.
  Eigen::Block<const Eigen::MatrixXd> block(std::size_t a, std::size_t b) const;

  const ColumnMoments& moments(std::size_t a) const { return moments_[a]; }

 private:
  std::vector<ColumnMoments> moments_;
  std::vector<Eigen::Index> offsets_;
  Eigen::MatrixXd products_;  // full symmetric
};

}  // namespace repsim
