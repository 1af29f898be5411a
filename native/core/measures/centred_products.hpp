// The centred cross-products of a pair of layers, Xc^T Xc, Xc^T Yc and
// Yc^T Yc: everything the centred alignment, correlation-match and
// regression measures read. They come from LayerCovariances' one threaded
// symmetric pass over the examples (the pass CCA and Procrustes use), with
// the same checks as dense_layer and no centred n x p copy; the measures
// then work on p x q matrices only.
#pragma once

#include <Eigen/Core>

#include "base/matrix_view.hpp"
#include "measures/measure_options.hpp"

namespace repsim {

struct CentredProducts {
  Eigen::MatrixXd xx;  // p x p
  Eigen::MatrixXd xy;  // p x q
  Eigen::MatrixXd yy;  // q x q
};

// Throws as dense_layer(…, Centring::Columns, …) does for either layer
// (NON_FINITE, OUT_OF_RANGE, ZERO_VARIANCE), and MEMORY_LIMIT.
CentredProducts centred_products(const MatrixView& x, const MatrixView& y,
                                 const MeasureOptions& options);

// Bytes centred_products holds at its peak for layers of p and q features.
double centred_products_bytes(double p, double q);

}  // namespace repsim
