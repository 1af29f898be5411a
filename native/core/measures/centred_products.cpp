#include "measures/centred_products.hpp"

#include "linalg/layer_covariance.hpp"

namespace repsim {

CentredProducts centred_products(const MatrixView& x, const MatrixView& y,
                                 const MeasureOptions& options) {
  const LayerCovariances c({x, y}, options.threads, options.budget);
  return {c.block(0, 0), c.block(0, 1), c.block(1, 1)};
}

double centred_products_bytes(double p, double q) {
  // layer_covariance.cpp and symmetric_product.cpp: the (p + q)^2 result,
  // its symmetric copy, a fill block of up to 1024 columns; then the three
  // blocks returned.
  const double dim = p + q;
  return 8.0 * (3.0 * dim * dim + 1024.0 * dim);
}

}  // namespace repsim
