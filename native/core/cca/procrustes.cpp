#include "cca/procrustes.hpp"

#include <algorithm>
#include <cmath>

#include "base/checks.hpp"
#include "linalg/decompositions.hpp"
#include "linalg/layer_covariance.hpp"

namespace repsim {

ProcrustesResult procrustes_from_blocks(const Eigen::Ref<const Eigen::MatrixXd>& cross,
                                        double trace_x, double trace_y) {
  const double similarity =
      std::min(1.0, singular_values(cross).sum() / std::sqrt(trace_x * trace_y));
  // 2 - 2s cancels when s is near 1; clamp its rounding at zero.
  return {std::sqrt(std::max(0.0, 2.0 - 2.0 * similarity)), similarity};
}

ProcrustesResult procrustes(const MatrixView& x, const MatrixView& y, const CcaOptions& options) {
  require_paired_examples(x, y, 2, "Procrustes");
  const LayerCovariances c({x, y}, options.threads, options.budget,
                           pair_working_bytes(LayerCcaMetric::Procrustes, x.cols, y.cols));
  return procrustes_from_blocks(c.block(0, 1), c.block(0, 0).trace(), c.block(1, 1).trace());
}

}  // namespace repsim
