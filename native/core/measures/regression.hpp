// Measures of how well one layer predicts the other linearly (ReSi's
// linear_regression.py, gulp.py, eigenspace_overlap.py). Each costs
// O(n (p + q)^2) through thin SVDs or p x p eigendecompositions.
#pragma once

#include "base/matrix_view.hpp"
#include "measures/measure_options.hpp"

namespace repsim {

// The share of x's (centred) variance that a least-squares linear map from y
// explains: |P_y Xc|_F^2 / |Xc|_F^2, P_y the projection onto the centred
// column space of y. In [0, 1]; asymmetric (x is explained, y explains).
// ReSi inverts sqrtm(Yc^T Yc), which fails when y is rank-deficient; here the
// projection comes from the eigenpairs of Yc^T Yc above numpy's matrix_rank
// tolerance (squared), which gives the same value when y has full column
// rank and a defined one when it does not.
double linear_regression(const MatrixView& x, const MatrixView& y, const MeasureOptions& options);

// GULP (Boix-Adsera et al. 2022) with ridge lambda: layers centred and scaled
// to |.|_F^2 = n, then T1 + T2 - 2 T3 with covariances C = A^T A / n,
// T1 = sum (e / (e + lambda))^2 over C_x's eigenvalues, T2 likewise, and
// T3 = |(C_x + lambda)^-1/2 C_xy (C_y + lambda)^-1/2|_F^2. With lambda = 0 this
// is rank x + rank y - 2 sum rho^2 (canonical correlations). Eigenvalues below
// max * size * epsilon count as zero (ReSi keeps any positive one, so its
// value for rank-deficient layers depends on rounding). Clipped at 0.
double gulp(const MatrixView& x, const MatrixView& y, const MeasureOptions& options);

// |U_x^T U_y|_F^2 / max(p, q) for the left singular vectors U of each
// (uncentred) layer, truncated at its numerical rank (numpy's tolerance):
// the eigenspace overlap score (May et al. 2019), in [0, 1].
double eigenspace_overlap(const MatrixView& x, const MatrixView& y, const MeasureOptions& options);

}  // namespace repsim
