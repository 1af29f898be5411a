// Gram-type products of centred activations, in the two orientations the
// metrics need. Both centre on the fly (column means from ColumnMoments) and
// return float64 lower triangles; both compute in float32 when every input is
// float32 (see symmetric_product.hpp for how rounding is kept in check).
#pragma once

#include <Eigen/Core>

#include "column_moments.hpp"
#include "matrix_view.hpp"
#include "scratch.hpp"

namespace repsim {

enum class Precision { Single, Double };

// Single when both inputs are float32, else Double.
Precision compute_precision(const MatrixView& a, const MatrixView& b) noexcept;

// Feature space: the lower triangle of [Xc Yc]^T [Xc Yc], a (p1 + p2) square
// matrix whose blocks are Xc^T Xc (top left), Yc^T Yc (bottom right) and
// Yc^T Xc (bottom left). Costs n (p1 + p2)^2 / 2 multiply-adds.
ScratchMatrix<double> centred_joint_products(const MatrixView& x, const ColumnMoments& x_moments,
                                             const MatrixView& y, const ColumnMoments& y_moments,
                                             Precision precision, int threads);

// Example space: the lower triangle of the centred linear Gram Xc Xc^T
// (n x n). Costs n^2 p / 2 multiply-adds.
ScratchMatrix<double> centred_linear_gram(const MatrixView& x, const ColumnMoments& x_moments,
                                          Precision precision, int threads);

}  // namespace repsim
