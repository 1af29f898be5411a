// Per-column means of a matrix, in float64 whatever the input type. This is
// also where every value is checked for being finite and where constant
// columns are recognised, because it is the first pass over the data that
// every centred metric makes anyway. One contiguous pass over the rows.
#pragma once

#include <Eigen/Core>

#include "base/matrix_view.hpp"

namespace repsim {

struct ColumnMoments {
  Eigen::VectorXd mean;                            // one entry per column
  Eigen::Index constant_columns = 0;               // columns whose values are all identical
  Eigen::Array<bool, Eigen::Dynamic, 1> constant;  // which columns those are
};

// Throws NON_FINITE naming the first NaN/Inf entry, ZERO_VARIANCE when every
// column is constant, since centring then leaves nothing to compare, and
// OUT_OF_RANGE when the values' spread (the largest max - min of a column) is
// outside value_spread_range(x.dtype): products and squared distances
// of such values (up to eighth powers, summed over n and p, in CKA) overflow
// or underflow, and the result would be a wrong number rather than an error.
// With allow_constant, a layer whose every column is constant is returned
// instead (for measures that do not centre; its spread is then not checked).
ColumnMoments column_moments(const MatrixView& x, int threads, bool allow_constant = false);

// The spreads every metric computes exactly: 2^-100 .. 2^100 (about 1e-30 ..
// 1e30) in float64; 2^-50 .. 2^56 (about 1e-15 .. 7e16) in float32, whose
// products stay float32 on the fast paths.
struct ValueSpread {
  double smallest;
  double largest;
};
ValueSpread value_spread_range(DType dtype);

}  // namespace repsim
