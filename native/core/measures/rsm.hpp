// Measures on representational similarity matrices (RSMs): every pair of
// examples compared within each layer, then the two n x n matrices compared
// (ReSi's rsa.py, rsm_norm_difference.py, distance_correlation.py). The RSMs
// are produced tile by tile from the layers (kernels/tile_grid), never held
// whole unless the measure needs every entry at once (Spearman's ranks) or
// maxMemoryBytes allows a cache that saves recomputing them (the spectral
// norm's repeated products). Each costs O(n^2 (p + q)).
#pragma once

#include "base/matrix_view.hpp"
#include "measures/measure_options.hpp"

namespace repsim {

// RSA: the inner similarity (options.inner) of every pair of examples in each
// layer, then the outer correlation (options.outer: Spearman with average
// ranks for ties, Kendall's tau-b, or Pearson) of the two RSMs' n(n-1)/2
// off-diagonal entries. Spearman holds both entry vectors and their sort
// indices (24 bytes per pair), Kendall (Knight's O(m log m) algorithm, scipy's
// tau-b) the vectors, one order and a merge buffer (36 bytes per pair);
// MEMORY_LIMIT beyond maxMemoryBytes. Pearson streams.
double rsa(const MatrixView& x, const MatrixView& y, const MeasureOptions& options);

// |D_x - D_y| for the Euclidean distance matrices, in the spectral norm (the
// default, ReSi's np.linalg.norm(D, 2): Lanczos iterations to full precision)
// or the Frobenius norm (options.norm).
double rsm_norm_difference(const MatrixView& x, const MatrixView& y, const MeasureOptions& options);

// Distance correlation (Szekely et al. 2007): the double-centred Euclidean
// distance matrices A, B; sqrt(<A, B> / sqrt(<A, A> <B, B>)), in [0, 1].
double distance_correlation(const MatrixView& x, const MatrixView& y,
                            const MeasureOptions& options);

}  // namespace repsim
