// The built-in converter of docs/entropy-similarity.md section 2: ridge
// regression Q ~ [P, 1] W in closed form, fitted on a seeded training split
// and scored on the held-out rows as a scale-free R^2:
//   loss  = |Q - Q_hat|_F^2 / |Q - mean(Q)|_F^2 on held-out rows, clipped to [0, 1]
//   ratio = 1 - loss   (the share of Q's information P holds)
// lambda: fixed, or chosen by generalised cross-validation on the training
// rows over a grid relative to trace(Pc^T Pc) / p, so the converter is
// invariant to isotropic scaling and rotations of P.
#pragma once

#include <Eigen/Core>
#include <cstdint>

#include "base/matrix_view.hpp"
#include "base/memory_budget.hpp"

namespace repsim {

struct ConverterOptions {
  double lambda = -1.0;  // < 0: choose by GCV
  double holdout = 0.2;  // fraction of rows held out
  std::uint64_t seed = 0;
  int threads = 0;
  MemoryBudget budget;
};

struct ConverterResult {
  double ratio = 0.0;
  double loss = 0.0;
  double lambda = 0.0;  // the ridge used (absolute)
};

ConverterResult converter_ratio(const MatrixView& source, const MatrixView& target,
                                const ConverterOptions& options);

}  // namespace repsim
