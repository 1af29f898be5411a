// Neuron matching by correlation (Li et al. 2015; ReSi's
// correlation_match.py): the p x q matrix of Pearson correlations between
// every column of x and every column of y (a constant column correlates 0
// with everything, as scikit-learn's cosine of a zero vector), then
// - hard: the mean correlation of the best one-to-one matching of
//   min(p, q) pairs (the linear sum assignment);
// - soft: the mean of each neuron's best correlation, averaged over both
//   directions (so symmetric).
// In [-1, 1]; invariant to permuting and rescaling neurons, not to rotations.
#pragma once

#include "base/matrix_view.hpp"
#include "measures/measure_options.hpp"

namespace repsim {

double hard_correlation_match(const MatrixView& x, const MatrixView& y,
                              const MeasureOptions& options);
double soft_correlation_match(const MatrixView& x, const MatrixView& y,
                              const MeasureOptions& options);

}  // namespace repsim
