#include "cca/layer_cca.hpp"

#include <algorithm>
#include <utility>

#include "base/cancellation.hpp"
#include "base/checks.hpp"
#include "base/error.hpp"
#include "base/parallel.hpp"
#include "cca/canonical_correlations.hpp"
#include "cca/procrustes.hpp"
#include "linalg/layer_covariance.hpp"

namespace repsim {
namespace {

std::vector<WhitenedLayer> whitened_layers(const std::vector<MatrixView>& layers,
                                           const LayerCovariances& c,
                                           const LayerCcaOptions& options) {
  std::vector<WhitenedLayer> out;
  bool any_qr = false;
  for (std::size_t a = 0; a < layers.size(); ++a) {
    WhiteningBasis basis = options.metric == LayerCcaMetric::Svcca
                               ? principal_basis(c.block(a, a), options.keep, layers[a].name)
                               : cca_basis(layers[a], c.moments(a), c.block(a, a),
                                           options.cca.epsilon, options.cca.threads);
    any_qr = any_qr || basis.keeps_orthonormal_columns();
    out.push_back({layers[a], c.moments(a).mean, std::move(basis)});
  }
  if (any_qr) {
    // Pairs with a QR layer multiply orthonormal columns; keep every layer's
    // once rather than recomputing them for each pair.
    double bytes = 0.0;
    for (const WhitenedLayer& layer : out) {
      bytes += static_cast<double>(layer.view.rows) * static_cast<double>(layer.basis.rank()) * 8.0;
    }
    if (!options.cca.budget.allows(bytes)) {
      refuse_memory(bytes, options.cca.budget,
                    "orthonormal bases of every layer (some layer is too ill-conditioned for the "
                    "covariance route)",
                    "compare fewer layers at a time, or drop near-dependent features");
    }
    for (WhitenedLayer& layer : out) {
      if (!layer.basis.keeps_orthonormal_columns()) {
        layer.basis =
            layer.basis.with_orthonormal_columns(layer.view, layer.mean, options.cca.threads);
      }
    }
  }
  return out;
}

// What the all-pairs computation allocates beyond the covariances: every
// layer's basis, held for the whole run (3 p^2 doubles each, with its
// decomposition's workspace), and per thread one pair's work
// (pair_working_bytes) for the two widest layers.
double later_bytes(const std::vector<MatrixView>& layers, const LayerCcaOptions& options) {
  double bases = 0.0;
  Eigen::Index widest = 0;
  Eigen::Index second = 0;
  for (const MatrixView& layer : layers) {
    bases += static_cast<double>(layer.cols) * static_cast<double>(layer.cols);
    if (layer.cols > widest) {
      second = widest;
      widest = layer.cols;
    } else {
      second = std::max(second, layer.cols);
    }
  }
  const double pairs_at_once =
      std::min<double>(resolve_threads(options.cca.threads),
                       static_cast<double>(layers.size()) * static_cast<double>(layers.size()));
  return 8.0 * 3.0 * bases + pairs_at_once * pair_working_bytes(options.metric, widest, second);
}

}  // namespace

Eigen::MatrixXd layer_cca_matrix(const std::vector<MatrixView>& layers,
                                 const LayerCcaOptions& options) {
  if (layers.empty()) throw Error(ErrorCode::ShapeMismatch, "no layers to compare");
  for (const MatrixView& layer : layers) {
    require_paired_examples(layers.front(), layer, 2, cca_metric_name(options.metric));
  }
  const LayerCovariances c(layers, options.cca.threads, options.cca.budget,
                           later_bytes(layers, options));
  const auto count = static_cast<Eigen::Index>(layers.size());
  const bool symmetric = options.metric != LayerCcaMetric::Pwcca;

  std::vector<WhitenedLayer> whitened;
  if (options.metric != LayerCcaMetric::Procrustes) {
    whitened = whitened_layers(layers, c, options);
    for (Eigen::Index a = 0; a < count; ++a) {
      for (Eigen::Index b = a + 1; b < count; ++b) {
        const auto& wa = whitened[static_cast<size_t>(a)];
        const auto& wb = whitened[static_cast<size_t>(b)];
        require_determined(wa.basis.rank(), wb.basis.rank(), wa.view.rows, wa.view.name,
                           wb.view.name, options.cca.allow_underdetermined);
      }
    }
  }

  std::vector<std::pair<Eigen::Index, Eigen::Index>> pairs;
  for (Eigen::Index a = 0; a < count; ++a) {
    for (Eigen::Index b = symmetric ? a : 0; b < count; ++b) pairs.emplace_back(a, b);
  }
  Eigen::MatrixXd values(count, count);
  const int workers = workers_for(static_cast<double>(pairs.size()), 1, options.cca.threads);
  const ProgressSection progress(static_cast<std::int64_t>(pairs.size()));
  parallel_ranges(workers, static_cast<Eigen::Index>(pairs.size()),
                  [&](int, Eigen::Index begin, Eigen::Index end) {
                    for (Eigen::Index k = begin; k < end; ++k) {
                      const auto [a, b] = pairs[static_cast<size_t>(k)];
                      const auto sa = static_cast<size_t>(a);
                      const auto sb = static_cast<size_t>(b);
                      double value = 0.0;
                      if (options.metric == LayerCcaMetric::Procrustes) {
                        value = procrustes_from_blocks(c.block(sa, sb), c.block(sa, sa).trace(),
                                                       c.block(sb, sb).trace())
                                    .distance;
                      } else if (options.metric == LayerCcaMetric::Pwcca) {
                        value =
                            pwcca_from_blocks(whitened[sa], whitened[sb], c.block(sa, sa),
                                              c.block(sb, sb), c.block(sa, sb), options.weights, 1)
                                .similarity;
                      } else {
                        value = canonical_correlations(
                                    whitened_cross(whitened[sa], whitened[sb], c.block(sa, sb), 1))
                                    .mean();
                      }
                      values(a, b) = value;
                      if (symmetric) values(b, a) = value;
                      progress.done();
                    }
                  });
  return values;
}

}  // namespace repsim
