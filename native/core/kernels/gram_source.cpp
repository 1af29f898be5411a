#include "kernels/gram_source.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "base/error.hpp"

namespace repsim {

GramSource::GramSource(const MatrixView& gram) : gram_(gram) {
  if (gram_.rows != gram_.cols) {
    throw Error(ErrorCode::ShapeMismatch, gram_.name + " is " + std::to_string(gram_.rows) + " x " +
                                              std::to_string(gram_.cols) +
                                              "; a Gram matrix is square (examples x examples)");
  }
  double largest = 0.0;
  visit_typed(gram_, [&](const auto& k) {
    for (Eigen::Index i = 0; i < k.rows(); ++i) {
      for (Eigen::Index j = 0; j <= i; ++j) {
        const double a = static_cast<double>(k(i, j));
        const double b = static_cast<double>(k(j, i));
        if (!std::isfinite(a) || !std::isfinite(b)) {
          throw Error(ErrorCode::NonFinite, gram_.name + " contains NaN or Infinity at row " +
                                                std::to_string(std::isfinite(a) ? j : i) +
                                                ", column " +
                                                std::to_string(std::isfinite(a) ? i : j));
        }
        // numpy.allclose's test, as Kornblith et al.'s center_gram applies it.
        if (std::abs(a - b) > 1e-8 + 1e-5 * std::abs(b)) {
          throw Error(ErrorCode::BadInput, gram_.name + " is not symmetric: entry (" +
                                               std::to_string(i) + ", " + std::to_string(j) +
                                               ") is " + std::to_string(a) + " but (" +
                                               std::to_string(j) + ", " + std::to_string(i) +
                                               ") is " + std::to_string(b));
        }
        largest = std::max(largest, std::abs(a));
      }
    }
  });
  // CKA sums products of entries over n^2 pairs: 2^-200 .. 2^200 keeps them
  // (and their squares) far from float64's underflow and overflow.
  if (largest > 0.0 && (largest > std::ldexp(1.0, 200) || largest < std::ldexp(1.0, -200))) {
    throw Error(ErrorCode::OutOfRange,
                gram_.name + "'s largest entry is " + short_number(largest) +
                    ", outside 2^-200 .. 2^200 (about 6e-61 .. 1.6e60), where products of entries "
                    "would overflow or underflow; multiply the matrix by a constant first (CKA "
                    "does not change)");
  }
}

void GramSource::kernel_tile(const Tile& tile, Eigen::Ref<Eigen::MatrixXd> out) const {
  visit_typed(gram_, [&](const auto& k) {
    out = k.block(tile.i0, tile.j0, tile.rows(), tile.cols()).template cast<double>();
  });
}

}  // namespace repsim
