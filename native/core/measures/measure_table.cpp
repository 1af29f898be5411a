#include "measures/measure_table.hpp"

#include "base/cancellation.hpp"
#include "base/error.hpp"
#include "base/parallel.hpp"
#include "measures/alignment.hpp"
#include "measures/correlation_match.hpp"
#include "measures/neighbourhood.hpp"
#include "measures/regression.hpp"
#include "measures/rsm.hpp"
#include "measures/statistics.hpp"

namespace repsim {

const std::vector<MeasureEntry>& measure_table() {
  static const std::vector<MeasureEntry> table = {
      {"aligned-cosine", aligned_cosine},
      {"angular-shape", angular_shape},
      {"procrustes-size-shape", procrustes_size_shape},
      {"permutation-procrustes", permutation_procrustes},
      {"shape-metric", shape_metric},
      {"hard-correlation-match", hard_correlation_match},
      {"soft-correlation-match", soft_correlation_match},
      {"linear-regression", linear_regression},
      {"gulp", gulp},
      {"eigenspace-overlap", eigenspace_overlap},
      {"rsa", rsa},
      {"rsm-norm-difference", rsm_norm_difference},
      {"distance-correlation", distance_correlation},
      {"jaccard-knn", jaccard_knn},
      {"rank-similarity", rank_similarity},
      {"second-order-cosine", second_order_cosine},
      {"mutual-knn", mutual_knn},
      {"cknna", cknna},
      {"magnitude-difference", magnitude_difference},
      {"concentricity-difference", concentricity_difference},
      {"uniformity-difference", uniformity_difference},
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

double pair_measure(const std::string& name, const MatrixView& x, const MatrixView& y,
                    const MeasureOptions& options) {
  return measure_named(name).value(x, y, options);
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
      values(k / cols, k % cols) = entry.value(a[i], columns[j], cell);
      progress.done();
    }
  });
  return values;
}

}  // namespace repsim
