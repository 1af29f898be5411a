// Alignment measures: one layer rotated (or permuted) onto the other, then
// compared (ReSi's procrustes.py; Williams et al. 2021's shape metrics).
// Everything goes through the p x q cross product X^T Y of the two layers,
// the narrower side zero-padded to D = max(p, q) columns as ReSi and netrep
// pad it (padding changes no nuclear norm, and lets a D x D rotation align
// layers of different widths). Each costs O(n p q + D^3).
#pragma once

#include "base/matrix_view.hpp"
#include "measures/measure_options.hpp"

namespace repsim {

// Mean over examples of cos(x_i Q, y_i), Q the orthogonal Procrustes rotation
// of x onto y (uncentred; rows of zeros left out of the mean, as ReSi does).
// In [-1, 1]; not symmetric in general. ZERO_VARIANCE when x or y is all zeros.
double aligned_cosine(const MatrixView& x, const MatrixView& y, const MeasureOptions& options);

// arccos(|Xc^T Yc|_* / (|Xc|_F |Yc|_F)) of the centred layers: Williams et
// al.'s angular shape metric, in [0, pi/2] (ReSi's
// OrthogonalAngularShapeMetricCentered).
double angular_shape(const MatrixView& x, const MatrixView& y, const MeasureOptions& options);

// min over orthogonal Q of |Xc Q - Yc|_F for the centred, unscaled layers
// (Procrustes size-and-shape distance; >= 0, computed from the aligned
// difference itself, so identical layers give 0, not sqrt(rounding)).
double procrustes_size_shape(const MatrixView& x, const MatrixView& y,
                             const MeasureOptions& options);

// min over column permutations P of |X P - Y|_F, uncentred and unscaled
// (the best permutation by the linear sum assignment on X^T Y).
double permutation_procrustes(const MatrixView& x, const MatrixView& y,
                              const MeasureOptions& options);

// netrep's generalized shape metric (LinearMetric): centred layers partially
// whitened, Z = V diag(alpha + (1 - alpha) lambda^-1/2) V^T with the
// eigenvalues lambda of X^T X clipped at 1e-7 and the total variance
// preserved, then aligned by a rotation; angular (arc length, [0, pi/2]) or
// Euclidean (options.euclidean). alpha = 1 is angular_shape /
// procrustes_size_shape; alpha = 0 compares whitened layers (CCA-like).
double shape_metric(const MatrixView& x, const MatrixView& y, const MeasureOptions& options);

}  // namespace repsim
