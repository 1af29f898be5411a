#include "entropy/knn_entropy.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "base/column_moments.hpp"
#include "base/error.hpp"
#include "base/memory_budget.hpp"
#include "base/seeded_random.hpp"
#include "entropy/knn_search.hpp"

namespace repsim {
namespace {

PointMatrix prepared_points(const MatrixView& x, const ColumnMoments& moments,
                            const KnnEntropyOptions& options) {
  PointMatrix points = visit_typed(x, [&](const auto& m) {
    return PointMatrix(m.template cast<double>().rowwise() - moments.mean.transpose());
  });
  if (options.project_dims > 0) {
    SeededRandom random(options.seed);
    Eigen::MatrixXd projection(x.cols, options.project_dims);
    for (Eigen::Index j = 0; j < projection.cols(); ++j) {
      for (Eigen::Index i = 0; i < projection.rows(); ++i) projection(i, j) = random.gaussian();
    }
    projection /= std::sqrt(static_cast<double>(options.project_dims));
    points = points * projection;
  }
  if (options.normalisation == EntropyNormalisation::MaxNorm) {
    const double largest = points.rowwise().norm().maxCoeff();
    points *= std::sqrt(static_cast<double>(points.cols())) / largest;
  }
  return points;
}

}  // namespace

double digamma_of_integer(Eigen::Index n) {
  constexpr double kEulerGamma = 0.57721566490153286060651209008240243;
  double sum = 0.0;
  for (Eigen::Index j = n - 1; j >= 1; --j) sum += 1.0 / static_cast<double>(j);
  return sum - kEulerGamma;
}

double knn_entropy_bytes(Eigen::Index n, Eigen::Index cols, const KnnEntropyOptions& options,
                         bool float32) {
  const auto rows = static_cast<double>(n);
  const auto width = static_cast<double>(cols);
  const Eigen::Index dims = options.project_dims > 0 ? options.project_dims : cols;
  double bytes = 8.0 * rows * width;  // centred points
  // The projection R and X R (assigned through a temporary: twice).
  if (options.project_dims > 0) {
    bytes += 8.0 * static_cast<double>(dims) * (width + 2.0 * rows);
  }
  const Eigen::Index k_max = *std::max_element(options.ks.begin(), options.ks.end());
  return bytes + nearest_neighbours_bytes(n, dims, k_max, options.threads, float32);
}

KnnEntropyResult knn_entropy(const MatrixView& x, const KnnEntropyOptions& options) {
  if (options.ks.empty()) throw Error(ErrorCode::BadOption, "k must list at least one value");
  const Eigen::Index k_max = *std::max_element(options.ks.begin(), options.ks.end());
  if (x.rows < k_max + 1) {
    throw Error(ErrorCode::TooFewSamples, "kNN entropy with k = " + std::to_string(k_max) +
                                              " needs at least " + std::to_string(k_max + 1) +
                                              " examples (rows), got " + std::to_string(x.rows));
  }
  // The shape and values first (no columns, NaN, constant), then the memory.
  const ColumnMoments moments = column_moments(x, options.threads);
  const double bytes = knn_entropy_bytes(x.rows, x.cols, options, x.dtype == DType::Float32);
  if (!options.budget.allows(bytes)) {
    refuse_memory(bytes, options.budget, "the kNN entropy's points and neighbour search",
                  options.project_dims > 0 ? "project to fewer dims, or raise maxMemoryBytes"
                                           : "use fewer examples, or raise maxMemoryBytes");
  }
  const PointMatrix points = prepared_points(x, moments, options);
  // float32 activations keep float32 in the distance GEMM (see knn_search.hpp).
  const Neighbours neighbours =
      nearest_neighbours(points, k_max, options.threads, x.dtype == DType::Float32);

  const auto count = static_cast<double>(points.rows());
  const auto dims = static_cast<double>(points.cols());
  const double floor = 1e-12 * points.rowwise().norm().maxCoeff();
  const double log_volume = 0.5 * dims * std::log(std::acos(-1.0)) - std::lgamma(0.5 * dims + 1.0);

  KnnEntropyResult result;
  result.per_k.resize(static_cast<Eigen::Index>(options.ks.size()));
  for (std::size_t i = 0; i < options.ks.size(); ++i) {
    const Eigen::Index k = options.ks[i];
    const double log_sum = neighbours.distance.col(k - 1).array().max(floor).log().sum();
    result.per_k(static_cast<Eigen::Index>(i)) = digamma_of_integer(points.rows()) -
                                                 digamma_of_integer(k) + log_volume +
                                                 dims / count * log_sum;
  }
  Eigen::Index floored = 0;
  for (Eigen::Index row = 0; row < points.rows(); ++row) {
    bool any = false;
    for (const Eigen::Index k : options.ks) any = any || neighbours.distance(row, k - 1) < floor;
    floored += any ? 1 : 0;
  }
  result.floored_rows = floored;
  result.entropy = result.per_k.mean();
  return result;
}

}  // namespace repsim
