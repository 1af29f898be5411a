// Descriptive statistics of each layer, compared as absolute differences
// (ReSi's statistics.py). Layers may have different widths. 0 = the same
// statistic; none of them is a metric (different layers can agree).
#pragma once

#include "base/matrix_view.hpp"
#include "measures/measure_options.hpp"

namespace repsim {

// | |mean row of x| - |mean row of y| | (uncentred; Euclidean norms). O(n p).
double magnitude_difference(const MatrixView& x, const MatrixView& y,
                            const MeasureOptions& options);

// |c(x) - c(y)|, c = mean over rows of cos(row, mean row), a zero row or a
// zero mean counting as cosine 0 (scikit-learn's convention). O(n p).
double concentricity_difference(const MatrixView& x, const MatrixView& y,
                                const MeasureOptions& options);

// |u(x) - u(y)|, u = log(mean over all n^2 pairs of exp(-t |r_i - r_j|^2))
// (Wang & Isola 2020's uniformity, diagonal included, as ReSi). O(n^2 p)
// in row blocks, O(n * block) memory: no n x n matrix.
double uniformity_difference(const MatrixView& x, const MatrixView& y,
                             const MeasureOptions& options);

}  // namespace repsim
