// A layer with its leading principal components projected out: the
// sensitivity test of Ding et al. 2021 asks how a metric's
// similarity falls as the directions of most variance are deleted.
#pragma once

#include <Eigen/Core>

#include "base/matrix_view.hpp"
#include "base/memory_budget.hpp"

namespace repsim {

struct ComponentsRemoved {
  // Xc (I - V_k V_k^T): x centred, minus its top k principal components, n x p.
  RowMajorMatrix<double> rows;
  double removed_variance = 0.0;  // share of the total variance the k components held
};

ComponentsRemoved without_principal_components(const MatrixView& x, Eigen::Index drop, int threads,
                                               const MemoryBudget& budget);

}  // namespace repsim
