#include "resampling/layer_resampling.hpp"

#include <optional>

#include "base/cancellation.hpp"
#include "base/checks.hpp"
#include "resampling/gram_resampling.hpp"

namespace repsim {
namespace {

// The Grams a side's layers need, built on first use and kept for the rest.
class GramCache {
 public:
  GramCache(const std::vector<MatrixView>& layers, const SimilarityOptions& options)
      : layers_(layers), options_(options), grams_(layers.size()) {}

  const CentredGram& of(std::size_t index, Eigen::Index& built) {
    CentredGram& gram = grams_[index];
    if (!gram) {
      gram = centred_gram(layers_[index], options_.kernel, options_.threads);
      ++built;
    }
    return gram;
  }

 private:
  const std::vector<MatrixView>& layers_;
  const SimilarityOptions& options_;
  std::vector<CentredGram> grams_;
};

}  // namespace

LayerResampledValues resample_layer_pairs(const PairMetric& metric,
                                          const std::vector<MatrixView>& a,
                                          const std::vector<MatrixView>& b, bool within,
                                          Resampling kind, std::int64_t count, std::uint64_t seed) {
  const std::vector<MatrixView>& columns = within ? a : b;
  LayerResampledValues out;
  out.rows = static_cast<Eigen::Index>(a.size());
  out.cols = static_cast<Eigen::Index>(columns.size());
  const Eigen::Index cells = out.rows * out.cols;
  out.value = Eigen::VectorXd(cells);
  out.values = Eigen::MatrixXd(count, cells);
  out.routes.resize(static_cast<std::size_t>(cells));
  const ProgressSection progress(cells * count);

  // Which cells take the Gram route, and whether the Grams they need fit
  // together in the budget (then each is built once).
  std::vector<bool> row_needs(a.size(), false);
  std::vector<bool> column_needs(columns.size(), false);
  for (Eigen::Index cell = 0; cell < cells; ++cell) {
    const auto i = static_cast<std::size_t>(cell / out.cols);
    const auto j = static_cast<std::size_t>(cell % out.cols);
    out.routes[static_cast<std::size_t>(cell)] = resampling_route(metric, kind, a[i], columns[j]);
    if (out.routes[static_cast<std::size_t>(cell)] == ResamplingRoute::Gram) {
      row_needs[i] = true;
      (within ? row_needs : column_needs)[j] = true;
    }
  }
  double needed = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (row_needs[i]) needed += ResamplableGrams::one_gram_bytes(a[i].rows);
  }
  for (std::size_t j = 0; j < column_needs.size(); ++j) {
    if (column_needs[j]) needed += ResamplableGrams::one_gram_bytes(columns[j].rows);
  }
  const bool share = metric.family == PairMetric::Family::Cka && metric.budget().allows(needed);
  std::optional<GramCache> row_grams;
  std::optional<GramCache> column_grams;
  if (share) {
    row_grams.emplace(a, metric.cka);
    if (!within) column_grams.emplace(columns, metric.cka);
  }

  for (Eigen::Index cell = 0; cell < cells; ++cell) {
    const auto i = static_cast<std::size_t>(cell / out.cols);
    const auto j = static_cast<std::size_t>(cell % out.cols);
    const MatrixView& x = a[i];
    const MatrixView& y = columns[j];
    if (share && out.routes[static_cast<std::size_t>(cell)] == ResamplingRoute::Gram) {
      const bool debiased = metric.cka.debiased;
      require_paired_examples(x, y, debiased ? 4 : 2, debiased ? "debiased CKA" : "CKA");
      GramCache& column_cache = within ? *row_grams : *column_grams;
      const ResamplableGrams grams(row_grams->of(i, out.grams_built),
                                   column_cache.of(j, out.grams_built), debiased);
      std::vector<Eigen::Index> all(static_cast<std::size_t>(x.rows));
      for (Eigen::Index r = 0; r < x.rows; ++r) all[static_cast<std::size_t>(r)] = r;
      out.value[cell] = grams.cka(all, all);
      out.values.col(cell) =
          resample_grams(grams, kind, x.rows, count, seed, metric.threads(), progress);
    } else {
      const ResampledValues r = resample_metric(metric, x, y, kind, count, seed);
      out.value[cell] = r.value;
      out.values.col(cell) = r.values;
      out.routes[static_cast<std::size_t>(cell)] = r.route;
      if (r.route == ResamplingRoute::Gram) out.grams_built += 2;
      progress.done(count);
    }
  }
  return out;
}

}  // namespace repsim
