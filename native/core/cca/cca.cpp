#include "cca/cca.hpp"

#include <string>
#include <utility>

#include "base/checks.hpp"

namespace repsim {

CcaPair prepare_cca_pair(const MatrixView& x, const MatrixView& y, const CcaOptions& options,
                         const KeepSpec* keep, const char* method) {
  require_paired_examples(x, y, 2, method);
  // Whitening bases, their decompositions' workspace and the whitened cross
  // product, beyond the covariances: measured (peak resident memory, n = 3000,
  // p1 = p2 = 800; test/native/memory-bounds) at about 4.7 (p1^2 + p2^2)
  // doubles for CCA, 5 for SVCCA and 8.4 for PWCCA (its weights); the factors
  // below leave a margin over those.
  const double squares = static_cast<double>(x.cols) * static_cast<double>(x.cols) +
                         static_cast<double>(y.cols) * static_cast<double>(y.cols);
  const std::string name = method;
  const double per_square = name == "PWCCA" ? 11.0 : keep != nullptr ? 8.0 : 6.0;
  LayerCovariances c({x, y}, options.threads, options.budget, 8.0 * per_square * squares);
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
  return correlations_of(prepare_cca_pair(x, y, options, nullptr, "CCA"), options.threads);
}

CcaResult svcca(const MatrixView& x, const MatrixView& y, const KeepSpec& keep,
                const CcaOptions& options) {
  return correlations_of(prepare_cca_pair(x, y, options, &keep, "SVCCA"), options.threads);
}

}  // namespace repsim
