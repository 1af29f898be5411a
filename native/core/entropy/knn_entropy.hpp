// Kozachenko-Leonenko differential entropy (nats) from k-th neighbour
// distances, as docs/entropy-similarity.md section 1 fixes it (Kozachenko & Leonenko 1987):
//   H_k = psi(S) - psi(k) + log V_d + (d / S) sum_i log eps_{i,k},
//   V_d = pi^(d/2) / Gamma(d/2 + 1),
// after optional steps in this order: centre the rows, project to `dims`
// with a seeded Gaussian matrix scaled 1/sqrt(dims) (Johnson-Lindenstrauss),
// scale all rows by one factor so the largest norm is sqrt(d) (max-norm).
// Zero distances (duplicate rows) are floored at 1e-12 x the largest row
// norm, and the rows affected are counted.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "base/matrix_view.hpp"
#include "base/memory_budget.hpp"

namespace repsim {

enum class EntropyNormalisation { None, MaxNorm };

struct KnnEntropyOptions {
  std::vector<Eigen::Index> ks{1, 2, 3};
  EntropyNormalisation normalisation = EntropyNormalisation::MaxNorm;
  Eigen::Index project_dims = 0;  // 0: no projection
  std::uint64_t seed = 0;
  int threads = 0;
  MemoryBudget budget;
};

// Bytes knn_entropy allocates at its peak for an n x cols layer: the centred
// (and projected) points, the projection, a float32 copy for float32 input,
// the neighbour lists and each thread's distance tiles.
double knn_entropy_bytes(Eigen::Index n, Eigen::Index cols, const KnnEntropyOptions& options,
                         bool float32);

struct KnnEntropyResult {
  double entropy = 0.0;   // mean of per_k
  Eigen::VectorXd per_k;  // H_k for each k of the options, in their order
  Eigen::Index floored_rows = 0;
};

KnnEntropyResult knn_entropy(const MatrixView& x, const KnnEntropyOptions& options);

// psi(n) for a positive integer: -gamma + sum_{j < n} 1/j.
double digamma_of_integer(Eigen::Index n);

}  // namespace repsim
