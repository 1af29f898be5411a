#include "hsic.hpp"

#include <cmath>

#include "error.hpp"

namespace repsim {

double hsic_biased(const ConstMatrixRef& kc_lower, const ConstMatrixRef& lc_lower) {
  const double n_minus_1 = static_cast<double>(kc_lower.rows() - 1);
  return symmetric_inner(kc_lower, lc_lower) / (n_minus_1 * n_minus_1);
}

double cka_from_centred_grams(const ConstMatrixRef& kc_lower, const ConstMatrixRef& lc_lower) {
  const double cross = hsic_biased(kc_lower, lc_lower);
  const double norm = std::sqrt(hsic_biased(kc_lower, kc_lower) * hsic_biased(lc_lower, lc_lower));
  if (!(norm > 0.0) || !std::isfinite(cross / norm)) {
    throw Error(ErrorCode::ZeroVariance,
                "a centred Gram matrix is zero, so CKA is undefined (constant representation)");
  }
  return cross / norm;
}

}  // namespace repsim
