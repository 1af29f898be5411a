// Kernel CKA (Kornblith et al. 2019): CKA on RBF or polynomial Gram matrices,
// biased or debiased, without ever holding an n x n matrix unless the memory
// budget allows caching; and CKA of two Gram matrices the caller made.
#pragma once

#include "kernel_spec.hpp"
#include "matrix_view.hpp"
#include "memory_budget.hpp"

namespace repsim {

struct KernelCkaOptions {
  KernelSpec kernel;
  bool debiased = false;
  int threads = 0;
  MemoryBudget budget;
};

double kernel_cka(const MatrixView& x, const MatrixView& y, const KernelCkaOptions& options);

// kx and ky: n x n symmetric Gram matrices (checked), read in place.
double cka_from_grams(const MatrixView& kx, const MatrixView& ky, const KernelCkaOptions& options);

}  // namespace repsim
