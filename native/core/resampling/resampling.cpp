#include "resampling/resampling.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "base/cancellation.hpp"
#include "base/centring.hpp"
#include "base/checks.hpp"
#include "base/column_moments.hpp"
#include "base/parallel.hpp"
#include "base/seeded_random.hpp"
#include "cca/canonical_correlations.hpp"
#include "cca/cca.hpp"
#include "cca/procrustes.hpp"
#include "cca/pwcca.hpp"
#include "measures/measure_table.hpp"
#include "resampling/gram_resampling.hpp"

namespace repsim {
namespace {

// Rows `rows` of a layer, copied in its own dtype (so a float32 layer is
// resampled exactly as the metric would read it).
class GatheredRows {
 public:
  GatheredRows(const MatrixView& layer, const std::vector<Eigen::Index>& rows) : view_(layer) {
    view_.rows = static_cast<Eigen::Index>(rows.size());
    visit_typed(layer, [&](const auto& m) {
      using Scalar = typename std::decay_t<decltype(m)>::Scalar;
      auto& storage = storage_of<Scalar>();
      storage.resize(rows.size() * static_cast<std::size_t>(layer.cols));
      Eigen::Map<RowMajorMatrix<Scalar>> target(storage.data(), view_.rows, layer.cols);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        target.row(static_cast<Eigen::Index>(i)) = m.row(rows[i]);
      }
      view_.data = storage.data();
    });
  }
  const MatrixView& view() const { return view_; }

 private:
  template <typename Scalar>
  std::vector<Scalar>& storage_of() {
    if constexpr (std::is_same_v<Scalar, float>) {
      return floats_;
    } else {
      return doubles_;
    }
  }
  MatrixView view_;
  std::vector<float> floats_;
  std::vector<double> doubles_;
};

PairMetric single_threaded(PairMetric metric) {
  metric.cka.threads = 1;
  metric.cca.cca.threads = 1;
  metric.measure_options.threads = 1;
  return metric;
}

std::vector<Eigen::Index> identity(Eigen::Index n) {
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
  return order;
}

// Runs value_of(set) for every set, sets split over the metric's threads,
// each reported to `progress` when done.
template <typename ValueOf>
Eigen::VectorXd for_each_set(std::int64_t count, int threads, const ProgressSection& progress,
                             ValueOf value_of) {
  Eigen::VectorXd values(count);
  const int workers =
      static_cast<int>(std::min<std::int64_t>(count, std::max(1, resolve_threads(threads))));
  parallel_ranges(std::max(1, workers), count, [&](int, Eigen::Index begin, Eigen::Index end) {
    for (Eigen::Index s = begin; s < end; ++s) {
      throw_if_cancelled();
      values[s] = value_of(s);
      progress.done();
    }
  });
  return values;
}

bool gram_route_pays(const PairMetric& metric, const MatrixView& x, const MatrixView& y) {
  if (metric.family != PairMetric::Family::Cka) return false;
  const Eigen::Index n = x.rows;
  if (!metric.budget().allows(ResamplableGrams::bytes(n))) return false;
  if (metric.cka.kernel.kind != KernelKind::Linear) return true;
  // A gathered pass reads about 4 n^2 values; recomputing linear CKA in
  // feature space costs n (p + q)^2 / 2 multiply-adds.
  const auto width = static_cast<double>(x.cols + y.cols);
  return 8.0 * static_cast<double>(n) < width * width;
}

// Permutations for biased linear CKA: the normalisers |Xc^T Xc|, |Yc^T Yc|
// do not change, only Xc^T P Yc does -- one n x p x q product per set, which
// beats the gathered Gram pass when p q is small next to n.
bool feature_route_pays(const PairMetric& metric, Resampling kind, const MatrixView& x,
                        const MatrixView& y) {
  if (kind != Resampling::Permutation || metric.family != PairMetric::Family::Cka) return false;
  if (metric.cka.kernel.kind != KernelKind::Linear || metric.cka.debiased) return false;
  const auto n = static_cast<double>(x.rows);
  const double bytes = 8.0 * n * static_cast<double>(x.cols + 2 * y.cols);
  return metric.budget().allows(bytes) &&
         (static_cast<double>(x.cols) * static_cast<double>(y.cols) < 32.0 * n ||
          !metric.budget().allows(ResamplableGrams::bytes(x.rows)));
}

Eigen::MatrixXd centred_copy(const MatrixView& layer, int threads) {
  const ColumnMoments moments = column_moments(layer, threads);
  Eigen::MatrixXd out(layer.rows, layer.cols);
  with_centred_rows(layer, moments.mean, 0, layer.rows, [&](const auto& rows) { out = rows; });
  return out;
}

Eigen::VectorXd feature_permutations(const PairMetric& metric, const MatrixView& x,
                                     const MatrixView& y, std::int64_t count, std::uint64_t seed,
                                     const ProgressSection& progress) {
  const Eigen::MatrixXd xc = centred_copy(x, metric.threads());
  const Eigen::MatrixXd yc = centred_copy(y, metric.threads());
  const double normalisers = (xc.transpose() * xc).norm() * (yc.transpose() * yc).norm();
  const Eigen::Index n = x.rows;
  return for_each_set(count, metric.threads(), progress, [&](Eigen::Index set) {
    const std::vector<Eigen::Index> order = resample_indices(Resampling::Permutation, n, seed, set);
    Eigen::MatrixXd shuffled(n, yc.cols());
    for (Eigen::Index i = 0; i < n; ++i)
      shuffled.row(i) = yc.row(order[static_cast<std::size_t>(i)]);
    return (xc.transpose() * shuffled).squaredNorm() / normalisers;
  });
}

bool whitened_route_applies(const PairMetric& metric, Resampling kind) {
  return kind == Resampling::Permutation && metric.family == PairMetric::Family::Cca &&
         (metric.cca.metric == LayerCcaMetric::MeanRho ||
          metric.cca.metric == LayerCcaMetric::Svcca);
}

// Permutations of y for mean-rho CCA and SVCCA: the bases (and so the
// whitened columns Zx = Xc Tx, Zy = Yc Ty) do not change when y's rows are
// shuffled; only W = Zx^T P Zy does.
Eigen::VectorXd whitened_permutations(const PairMetric& metric, const MatrixView& x,
                                      const MatrixView& y, std::int64_t count, std::uint64_t seed,
                                      const ProgressSection& progress) {
  const bool svcca = metric.cca.metric == LayerCcaMetric::Svcca;
  const CcaOptions& options = metric.cca.cca;
  const CcaPair pair =
      prepare_cca_pair(x, y, options, svcca ? &metric.cca.keep : nullptr, metric.cca.metric);
  const double bytes = 8.0 * static_cast<double>(x.rows) *
                       static_cast<double>(pair.x.basis.rank() + 2 * pair.y.basis.rank());
  if (!options.budget.allows(bytes)) {
    refuse_memory(bytes, options.budget, "the whitened columns of both layers",
                  "raise maxMemoryBytes or use fewer examples");
  }
  const Eigen::MatrixXd zx = pair.x.basis.orthonormal_columns(x, pair.x.mean, options.threads);
  const Eigen::MatrixXd zy = pair.y.basis.orthonormal_columns(y, pair.y.mean, options.threads);
  const Eigen::Index n = x.rows;
  return for_each_set(count, options.threads, progress, [&](Eigen::Index set) {
    const std::vector<Eigen::Index> order = resample_indices(Resampling::Permutation, n, seed, set);
    Eigen::MatrixXd shuffled(n, zy.cols());
    for (Eigen::Index i = 0; i < n; ++i)
      shuffled.row(i) = zy.row(order[static_cast<std::size_t>(i)]);
    const Eigen::MatrixXd w = zx.transpose() * shuffled;
    return canonical_correlations(w, 1).mean();
  });
}

}  // namespace

std::vector<Eigen::Index> resample_indices(Resampling kind, Eigen::Index n, std::uint64_t seed,
                                           std::int64_t set) {
  SeededRandom random = SeededRandom::stream(seed, static_cast<std::uint64_t>(set));
  if (kind == Resampling::Permutation) return random.permutation(n);
  std::vector<Eigen::Index> draws(static_cast<std::size_t>(n));
  for (Eigen::Index& d : draws) {
    d = std::min(n - 1, static_cast<Eigen::Index>(random.uniform() * static_cast<double>(n)));
  }
  return draws;
}

double pair_metric(const PairMetric& metric, const MatrixView& x, const MatrixView& y) {
  if (metric.family == PairMetric::Family::Cka) return pair_cka(x, y, metric.cka).value;
  if (metric.family == PairMetric::Family::Measure) {
    return pair_measure(metric.measure, x, y, metric.measure_options);
  }
  const CcaOptions& o = metric.cca.cca;
  switch (metric.cca.metric) {
    case LayerCcaMetric::MeanRho:
      return cca(x, y, o).mean_rho();
    case LayerCcaMetric::Svcca:
      return svcca(x, y, metric.cca.keep, o).mean_rho();
    case LayerCcaMetric::Pwcca:
      return pwcca(x, y, metric.cca.weights, o).similarity;
    case LayerCcaMetric::Procrustes:
      return procrustes(x, y, o).distance;
  }
  return 0.0;
}

ResamplingRoute resampling_route(const PairMetric& metric, Resampling kind, const MatrixView& x,
                                 const MatrixView& y) {
  if (feature_route_pays(metric, kind, x, y)) return ResamplingRoute::Feature;
  if (gram_route_pays(metric, x, y)) return ResamplingRoute::Gram;
  if (whitened_route_applies(metric, kind)) return ResamplingRoute::Whitened;
  return ResamplingRoute::Recompute;
}

Eigen::VectorXd resample_grams(const ResamplableGrams& grams, Resampling kind, Eigen::Index n,
                               std::int64_t count, std::uint64_t seed, int threads,
                               const ProgressSection& progress) {
  const std::vector<Eigen::Index> all = identity(n);
  return for_each_set(count, threads, progress, [&](Eigen::Index set) {
    const std::vector<Eigen::Index> rows = resample_indices(kind, n, seed, set);
    return grams.cka(kind == Resampling::Permutation ? all : rows, rows);
  });
}

ResampledValues resample_metric(const PairMetric& metric, const MatrixView& x, const MatrixView& y,
                                Resampling kind, std::int64_t count, std::uint64_t seed) {
  ResampledValues out;
  // Progress counts resamples only: the work before them (the value itself,
  // Grams, bases) runs in nested, silent sections.
  const ProgressSection progress(count);
  out.value = pair_metric(metric, x, y);  // also checks shapes, values and sizes
  const Eigen::Index n = x.rows;
  const bool permutation = kind == Resampling::Permutation;

  out.route = resampling_route(metric, kind, x, y);
  switch (out.route) {
    case ResamplingRoute::Feature:
      out.values = feature_permutations(metric, x, y, count, seed, progress);
      return out;
    case ResamplingRoute::Gram:
      out.values = resample_grams(ResamplableGrams(x, y, metric.cka), kind, n, count, seed,
                                  metric.threads(), progress);
      return out;
    case ResamplingRoute::Whitened:
      out.values = whitened_permutations(metric, x, y, count, seed, progress);
      return out;
    case ResamplingRoute::Recompute:
      break;
  }

  const double bytes = 8.0 * static_cast<double>(n) * static_cast<double>(x.cols + y.cols) *
                       std::max(1, resolve_threads(metric.threads()));
  if (!metric.budget().allows(bytes)) {
    refuse_memory(bytes, metric.budget(), "a resampled copy of both layers per thread",
                  "raise maxMemoryBytes or use fewer threads");
  }
  const PairMetric inner = single_threaded(metric);
  out.values = for_each_set(count, metric.threads(), progress, [&](Eigen::Index set) {
    const std::vector<Eigen::Index> rows = resample_indices(kind, n, seed, set);
    const GatheredRows resampled_y(y, rows);
    if (permutation) return pair_metric(inner, x, resampled_y.view());
    const GatheredRows resampled_x(x, rows);
    return pair_metric(inner, resampled_x.view(), resampled_y.view());
  });
  return out;
}

}  // namespace repsim
