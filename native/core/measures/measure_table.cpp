#include "measures/measure_table.hpp"

#include <algorithm>
#include <string>

#include "base/cancellation.hpp"
#include "base/error.hpp"
#include "base/memory_budget.hpp"
#include "base/parallel.hpp"
#include "measures/alignment.hpp"
#include "measures/centred_products.hpp"
#include "measures/correlation_match.hpp"
#include "measures/neighbourhood.hpp"
#include "measures/regression.hpp"
#include "measures/rsm.hpp"
#include "measures/statistics.hpp"

namespace repsim {

namespace {

// The sizes the estimates are written in: n examples, p and q features,
// D = max(p, q), w threads each holding tiles of kTile x kTile.
struct Sizes {
  double n, p, q, d, w;
  double copies() const { return 8.0 * n * (p + q); }  // dense_layer of both
  double tiles() const { return 8.0 * w * 2.0 * 256.0 * 256.0; }
};

Sizes sizes(const MatrixView& x, const MatrixView& y, const MeasureOptions& o) {
  const auto p = static_cast<double>(x.cols);
  const auto q = static_cast<double>(y.cols);
  return {static_cast<double>(x.rows), p, q, std::max(p, q),
          static_cast<double>(resolve_threads(o.threads))};
}

// Each estimate follows the allocations of the measure's file (named).
double products_bytes(const Sizes& s) { return centred_products_bytes(s.p, s.q); }
double alignment_bytes(const MatrixView& x, const MatrixView& y, const MeasureOptions& o) {
  const Sizes s = sizes(x, y, o);  // alignment.cpp: cross (a partial per thread), U, V, Q, SVD
  return s.copies() + 8.0 * (2.0 * s.n * s.d + (6.0 + s.w) * s.d * s.d);  // work; aligned rows
}
double angular_bytes(const MatrixView& x, const MatrixView& y, const MeasureOptions& o) {
  const Sizes s = sizes(x, y, o);  // alignment.cpp: the products, then singular values
  return products_bytes(s) + 8.0 * 6.0 * s.d * s.d;
}
double size_shape_bytes(const MatrixView& x, const MatrixView& y, const MeasureOptions& o) {
  // alignment.cpp: the products; near zero, the residual from dense copies after them
  return std::max(angular_bytes(x, y, o), alignment_bytes(x, y, o));
}
double shape_bytes(const MatrixView& x, const MatrixView& y, const MeasureOptions& o) {
  const Sizes s = sizes(x, y, o);  // alignment.cpp: padded products, Z, eigen; or padded and
  return std::max(products_bytes(s) + 8.0 * 12.0 * s.d * s.d,  // whitened copies
                  s.copies() + 8.0 * (4.0 * s.n * s.d + (8.0 + s.w) * s.d * s.d));
}
double correlation_bytes(const MatrixView& x, const MatrixView& y, const MeasureOptions& o) {
  const Sizes s = sizes(x, y, o);  // correlation_match.cpp: centred copies, a p x q partial
  return s.copies() + 8.0 * (3.0 + s.w) * s.p * s.q;  // per thread, the matrix, its negation
}
double regression_bytes(const MatrixView& x, const MatrixView& y, const MeasureOptions& o) {
  const Sizes s = sizes(x, y, o);  // regression.cpp: the products, eigenvectors, q x p products
  return products_bytes(s) + 8.0 * 3.0 * (s.p * s.p + s.q * s.q + s.p * s.q);
}
double eigenspace_bytes(const MatrixView& x, const MatrixView& y, const MeasureOptions& o) {
  const Sizes s = sizes(x, y, o);  // regression.cpp: thin U of both, SVD work
  return s.copies() + 8.0 * (2.0 * s.n * (s.p + s.q) + 3.0 * (s.p * s.p + s.q * s.q + s.p * s.q));
}
double moments_bytes(const MatrixView& x, const MatrixView& y, const MeasureOptions& o) {
  const Sizes s = sizes(x, y, o);  // statistics.cpp: per-thread column sums only
  return 8.0 * 3.0 * s.w * (s.p + s.q);
}
double tiled_bytes(const MatrixView& x, const MatrixView& y, const MeasureOptions& o) {
  const Sizes s = sizes(x, y, o);  // statistics.cpp, rsm.cpp: copies, tiles, row sums
  return s.copies() + s.tiles() + 8.0 * 4.0 * s.w * s.n;
}
double rsa_bytes(const MatrixView& x, const MatrixView& y, const MeasureOptions& o) {
  const Sizes s = sizes(x, y, o);  // rsm.cpp: Spearman 32, Kendall 36 bytes a pair
  const double pairs = 0.5 * s.n * (s.n - 1.0);
  const double per_pair = o.outer == RsmOuter::Spearman  ? 32.0
                          : o.outer == RsmOuter::Kendall ? 36.0
                                                         : 0.0;
  return tiled_bytes(x, y, o) + per_pair * pairs;
}
double rsm_norm_bytes(const MatrixView& x, const MatrixView& y, const MeasureOptions& o) {
  const Sizes s =
      sizes(x, y, o);  // rsm.cpp: Lanczos basis (301 vectors); the cache only if it fits
  return tiled_bytes(x, y, o) + (o.norm == RsmNorm::Spectral ? 8.0 * 302.0 * s.n : 0.0);
}
double neighbour_bytes(const MatrixView& x, const MatrixView& y, const MeasureOptions& o) {
  const Sizes s =
      sizes(x, y, o);  // neighbourhood.cpp: unit rows, lists, masks, per-thread heaps, tiles
  const double k = static_cast<double>(o.k);
  return s.copies() + 8.0 * 4.0 * s.n * k + s.w * (8.0 * 256.0 * 256.0 + (16.0 * k + 8.0) * s.n);
}

}  // namespace

const std::vector<MeasureEntry>& measure_table() {
  static const std::vector<MeasureEntry> table = {
      {"aligned-cosine", aligned_cosine, alignment_bytes},
      {"angular-shape", angular_shape, angular_bytes},
      {"procrustes-size-shape", procrustes_size_shape, size_shape_bytes},
      {"permutation-procrustes", permutation_procrustes, alignment_bytes},
      {"shape-metric", shape_metric, shape_bytes},
      {"hard-correlation-match", hard_correlation_match, correlation_bytes},
      {"soft-correlation-match", soft_correlation_match, correlation_bytes},
      {"linear-regression", linear_regression, regression_bytes},
      {"gulp", gulp, regression_bytes},
      {"eigenspace-overlap", eigenspace_overlap, eigenspace_bytes},
      {"rsa", rsa, rsa_bytes},
      {"rsm-norm-difference", rsm_norm_difference, rsm_norm_bytes},
      {"distance-correlation", distance_correlation, tiled_bytes},
      {"jaccard-knn", jaccard_knn, neighbour_bytes},
      {"rank-similarity", rank_similarity, neighbour_bytes},
      {"second-order-cosine", second_order_cosine, neighbour_bytes},
      {"mutual-knn", mutual_knn, neighbour_bytes},
      {"cknna", cknna, neighbour_bytes},
      {"magnitude-difference", magnitude_difference, moments_bytes},
      {"concentricity-difference", concentricity_difference, moments_bytes},
      {"uniformity-difference", uniformity_difference, tiled_bytes},
  };
  return table;
}

const MeasureEntry& measure_named(const std::string& name) {
  std::string known;
  for (const MeasureEntry& entry : measure_table()) {
    if (name == entry.name) return entry;
    known += (known.empty() ? "" : ", ") + std::string(entry.name);
  }
  throw Error(ErrorCode::BadOption, "unknown measure '" + name + "'; known: " + known);
}

namespace {

// The measure after its memory check.
double checked_measure(const MeasureEntry& entry, const MatrixView& x, const MatrixView& y,
                       const MeasureOptions& options) {
  const double bytes = entry.working_bytes(x, y, options);
  if (!options.budget.allows(bytes)) {
    refuse_memory(bytes, options.budget, std::string("the working memory of ") + entry.name,
                  "raise maxMemoryBytes, or use fewer examples or features");
  }
  return entry.value(x, y, options);
}

}  // namespace

double pair_measure(const std::string& name, const MatrixView& x, const MatrixView& y,
                    const MeasureOptions& options) {
  return checked_measure(measure_named(name), x, y, options);
}

Eigen::MatrixXd layer_measure(const std::string& name, const std::vector<MatrixView>& a,
                              const std::vector<MatrixView>& b, bool within,
                              const MeasureOptions& options) {
  const MeasureEntry& entry = measure_named(name);
  const std::vector<MatrixView>& columns = within ? a : b;
  const auto rows = static_cast<Eigen::Index>(a.size());
  const auto cols = static_cast<Eigen::Index>(columns.size());
  Eigen::MatrixXd values(rows, cols);
  MeasureOptions cell = options;
  cell.threads = 1;
  const ProgressSection progress(rows * cols);
  const int workers = workers_for(static_cast<double>(rows * cols), 1, options.threads);
  parallel_ranges(workers, rows * cols, [&](int, Eigen::Index begin, Eigen::Index end) {
    for (Eigen::Index k = begin; k < end; ++k) {
      throw_if_cancelled();
      const auto i = static_cast<std::size_t>(k / cols);
      const auto j = static_cast<std::size_t>(k % cols);
      values(k / cols, k % cols) = checked_measure(entry, a[i], columns[j], cell);
      progress.done();
    }
  });
  return values;
}

}  // namespace repsim
