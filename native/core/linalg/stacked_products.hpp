// Feature-space products of centred layers: the lower triangle of Z^T Z for
// Z = [X1c X2c ... XLc], every layer's centred activations side by side. Its
// diagonal blocks are Xa^T Xa, its off-diagonal blocks Xb^T Xa, so one
// symmetric rank-k product serves every pair of layers at once.
// Costs n (sum of p)^2 / 2 multiply-adds and (sum of p)^2 doubles.
#pragma once

#include <vector>

#include "base/column_moments.hpp"
#include "base/matrix_view.hpp"
#include "base/scratch.hpp"

namespace repsim {

enum class Precision { Single, Double };

// Single when every input is float32, else Double.
Precision compute_precision(const std::vector<MatrixView>& layers) noexcept;

// Products run in `precision` (float32 blocks are flushed into float64, see
// symmetric_product.hpp); the result is float64, lower triangle only.
ScratchMatrix<double> centred_stacked_products(const std::vector<MatrixView>& layers,
                                               const std::vector<ColumnMoments>& moments,
                                               Precision precision, int threads);

}  // namespace repsim
