#include "cca/cca.hpp"

#include <utility>

#include "base/checks.hpp"

namespace repsim {

const char* cca_metric_name(LayerCcaMetric metric) {
  switch (metric) {
    case LayerCcaMetric::MeanRho:
      return "CCA";
    case LayerCcaMetric::Svcca:
      return "SVCCA";
    case LayerCcaMetric::Pwcca:
      return "PWCCA";
    case LayerCcaMetric::Procrustes:
      return "Procrustes";
  }
  return "CCA";
}

double pair_working_bytes(LayerCcaMetric metric, Eigen::Index p1, Eigen::Index p2) {
  const double per_square = metric == LayerCcaMetric::Pwcca   ? 11.0
                            : metric == LayerCcaMetric::Svcca ? 8.0
                                                              : 6.0;
  const double squares = static_cast<double>(p1) * static_cast<double>(p1) +
                         static_cast<double>(p2) * static_cast<double>(p2);
  return 8.0 * per_square * squares;
}

CcaPair prepare_cca_pair(const MatrixView& x, const MatrixView& y, const CcaOptions& options,
                         const KeepSpec* keep, LayerCcaMetric metric) {
  require_paired_examples(x, y, 2, cca_metric_name(metric));
  LayerCovariances c({x, y}, options.threads, options.budget,
                     pair_working_bytes(metric, x.cols, y.cols));
  const auto whiten = [&](const MatrixView& layer, std::size_t i) {
    return WhitenedLayer{layer, c.moments(i).mean,
                         keep != nullptr ? principal_basis(c.block(i, i), *keep, layer.name)
                                         : cca_basis(layer, c.moments(i), c.block(i, i),
                                                     options.epsilon, options.threads)};
  };
  WhitenedLayer a = whiten(x, 0);
  WhitenedLayer b = whiten(y, 1);
  require_determined(a.basis.rank(), b.basis.rank(), x.rows, x.name, y.name,
                     options.allow_underdetermined);
  return {std::move(c), std::move(a), std::move(b)};
}

namespace {

CcaResult correlations_of(const CcaPair& p, int threads) {
  return {
      canonical_correlations(whitened_cross(p.x, p.y, p.covariances.block(0, 1), threads), threads),
      p.x.basis.rank(), p.y.basis.rank()};
}

}  // namespace

CcaResult cca(const MatrixView& x, const MatrixView& y, const CcaOptions& options) {
  return correlations_of(prepare_cca_pair(x, y, options, nullptr, LayerCcaMetric::MeanRho),
                         options.threads);
}

CcaResult svcca(const MatrixView& x, const MatrixView& y, const KeepSpec& keep,
                const CcaOptions& options) {
  return correlations_of(prepare_cca_pair(x, y, options, &keep, LayerCcaMetric::Svcca),
                         options.threads);
}

}  // namespace repsim
