// A pair metric recomputed on resampled rows: the null distribution of a
// permutation test (y's rows shuffled against x's) and the replicates of a
// bootstrap (the same rows drawn with replacement from both). Index sets are
// seeded per set, and sets are split over threads in contiguous ranges, so the
// values depend on the seed only -- never on the thread count or timing.
//
// Routes, chosen by cost (see resample_metric):
//   Feature:   permutations for biased linear CKA: centred copies of both
//              layers once, then one n x p x q product per set (the
//              normalisers do not change).
//   Gram:      CKA of any kernel from the two centred n x n Gram matrices,
//              built once; each set is then one O(n^2) gathered pass.
//   Whitened:  permutations for 'cca' and 'svcca': each layer's orthonormal
//              whitened columns are built once; each set costs one
//              n x r_x x r_y product and the SVD of r_x x r_y.
//   Recompute: everything else gathers the rows and runs the metric again
//              (one thread per set, sets in parallel).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "base/cancellation.hpp"
#include "base/matrix_view.hpp"
#include "cca/layer_cca.hpp"
#include "cka/similarity.hpp"
#include "measures/measure_options.hpp"
#include "resampling/gram_resampling.hpp"

namespace repsim {

enum class Resampling { Permutation, Bootstrap };

// Index set `set` (0, 1, ...) of the run seeded with `seed`: a permutation of
// 0..n-1 (for y's rows) or n draws from 0..n-1 with replacement (for both).
std::vector<Eigen::Index> resample_indices(Resampling kind, Eigen::Index n, std::uint64_t seed,
                                           std::int64_t set);

// Which metric is resampled: CKA with a kernel (linear, RBF, polynomial;
// biased or debiased), one of the CCA family as layer_cca defines it, or a
// measure of the measure table by name.
struct PairMetric {
  enum class Family { Cka, Cca, Measure };
  Family family = Family::Cka;
  SimilarityOptions cka;
  LayerCcaOptions cca;
  std::string measure;
  MeasureOptions measure_options;

  int threads() const {
    return family == Family::Cka   ? cka.threads
           : family == Family::Cca ? cca.cca.threads
                                   : measure_options.threads;
  }
  const MemoryBudget& budget() const {
    return family == Family::Cka   ? cka.budget
           : family == Family::Cca ? cca.cca.budget
                                   : measure_options.budget;
  }
};

// The metric's value for x against y, exactly as the single-pair functions
// compute it (Procrustes: the distance).
double pair_metric(const PairMetric& metric, const MatrixView& x, const MatrixView& y);

enum class ResamplingRoute { Feature, Gram, Whitened, Recompute };

struct ResampledValues {
  double value = 0.0;      // pair_metric on the data as given
  Eigen::VectorXd values;  // one per index set, in set order
  ResamplingRoute route = ResamplingRoute::Recompute;
};

// The route resample_metric takes for this metric, kind and pair of layers.
ResamplingRoute resampling_route(const PairMetric& metric, Resampling kind, const MatrixView& x,
                                 const MatrixView& y);

// The Gram route's values: index sets 0 .. count - 1 of the run seeded with
// `seed` read from `grams`, each set reported to `progress`.
Eigen::VectorXd resample_grams(const ResamplableGrams& grams, Resampling kind, Eigen::Index n,
                               std::int64_t count, std::uint64_t seed, int threads,
                               const ProgressSection& progress);

// Index sets 0 .. count - 1 of the run seeded with `seed`.
ResampledValues resample_metric(const PairMetric& metric, const MatrixView& x, const MatrixView& y,
                                Resampling kind, std::int64_t count, std::uint64_t seed);

}  // namespace repsim
