// Hilbert-Schmidt independence criterion on centred Gram matrices, and CKA as
// its normalised form (Kornblith et al. 2019, eq. 2-4).
#pragma once

#include "symmetric.hpp"

namespace repsim {

// Biased empirical HSIC (Gretton et al. 2005): <Kc, Lc>_F / (n - 1)^2 for
// centred Grams Kc = HKH, Lc = HLH given by their lower triangles.
double hsic_biased(const ConstMatrixRef& kc_lower, const ConstMatrixRef& lc_lower);

// CKA(K, L) = HSIC(K, L) / sqrt(HSIC(K, K) HSIC(L, L)).
double cka_from_centred_grams(const ConstMatrixRef& kc_lower, const ConstMatrixRef& lc_lower);

}  // namespace repsim
