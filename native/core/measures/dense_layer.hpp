// A layer as the float64 matrix the measures of this folder compute on: one
// copy, checked once (finite values, magnitudes products can hold), centred
// when the measure is translation-invariant. The measures here cost O(n p^2)
// or less per pair, and column operations on a dense copy are what Eigen
// does fastest; the copy is counted against the memory budget.
#pragma once

#include <Eigen/Core>

#include "base/matrix_view.hpp"
#include "kernels/tile_grid.hpp"
#include "measures/measure_options.hpp"

namespace repsim {

// Row-major, as the input is: the copy is a straight read, and the row
// operations the measures do (scaling rows, cosines of rows, row tiles)
// read contiguous memory.
using DenseLayer = RowMajorMatrix<double>;

enum class Centring { None, Columns };

// x as float64, its columns centred with Centring::Columns. Throws
// NON_FINITE, OUT_OF_RANGE (spread, or without centring magnitude, outside
// value_spread_range), ZERO_VARIANCE when centring leaves only zeros, and
// MEMORY_LIMIT when the copy does not fit options.budget.
DenseLayer dense_layer(const MatrixView& x, Centring centring, const MeasureOptions& options);

// Rows are the same examples, at least `min_rows` of them.
void require_measure_pair(const MatrixView& x, const MatrixView& y, Eigen::Index min_rows,
                          const char* measure);

// Every non-zero row of m scaled to unit length (by its largest entry first,
// so tiny rows do not underflow); rows of zeros stay zeros.
void normalise_rows(DenseLayer& m);

// The cosine of two non-zero vectors, each scaled by its largest entry first,
// so that rows of very different magnitude (down to subnormal numbers) give
// their cosine instead of 0 / 0.
double robust_cosine(const Eigen::Ref<const Eigen::RowVectorXd>& a,
                     const Eigen::Ref<const Eigen::RowVectorXd>& b);

// out = the squared Euclidean distances between rows [t.i0, t.i1) and
// [t.j0, t.j1) of `rows`, from their products and `norms` (the rows' squared
// norms): clamped at 0 against rounding, and exactly 0 on a diagonal tile's
// diagonal, as scikit-learn sets it. Centred rows lose less to rounding.
void squared_distance_tile(const DenseLayer& rows, const Eigen::VectorXd& norms, const Tile& t,
                           Eigen::MatrixXd& out);

// x with zero columns appended up to `columns` (the narrower side of a pair,
// as ReSi and netrep pad it).
DenseLayer zero_padded(const DenseLayer& x, Eigen::Index columns);

}  // namespace repsim
