#include "cca.hpp"

#include "canonical_correlations.hpp"
#include "checks.hpp"
#include "layer_covariance.hpp"

namespace repsim {

CcaResult cca(const MatrixView& x, const MatrixView& y, const CcaOptions& options) {
  require_paired_examples(x, y, 2, "CCA");
  const LayerCovariances c({x, y}, options.threads, options.budget);
  const WhitenedLayer a{
      x, c.moments(0).mean,
      cca_basis(x, c.moments(0), c.block(0, 0), options.epsilon, options.threads)};
  const WhitenedLayer b{
      y, c.moments(1).mean,
      cca_basis(y, c.moments(1), c.block(1, 1), options.epsilon, options.threads)};
  require_determined(a.basis.rank(), b.basis.rank(), x.rows, x.name, y.name,
                     options.allow_underdetermined);
  return {
      canonical_correlations(whitened_cross(a, b, c.block(0, 1), options.threads), options.threads),
      a.basis.rank(), b.basis.rank()};
}

CcaResult svcca(const MatrixView& x, const MatrixView& y, const KeepSpec& keep,
                const CcaOptions& options) {
  require_paired_examples(x, y, 2, "SVCCA");
  const LayerCovariances c({x, y}, options.threads, options.budget);
  const WhitenedLayer a{x, c.moments(0).mean, principal_basis(c.block(0, 0), keep, x.name)};
  const WhitenedLayer b{y, c.moments(1).mean, principal_basis(c.block(1, 1), keep, y.name)};
  require_determined(a.basis.rank(), b.basis.rank(), x.rows, x.name, y.name,
                     options.allow_underdetermined);
  return {
      canonical_correlations(whitened_cross(a, b, c.block(0, 1), options.threads), options.threads),
      a.basis.rank(), b.basis.rank()};
}

}  // namespace repsim
