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

// Throws NON_FINITE naming the first NaN/Inf entry, and ZERO_VARIANCE when every
// column is constant, since centring then leaves nothing to compare.
ColumnMoments column_moments(const MatrixView& x, int threads);

}  // namespace repsim
