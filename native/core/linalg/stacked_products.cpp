#include "linalg/stacked_products.hpp"

#include "base/centring.hpp"
#include "linalg/symmetric_product.hpp"

namespace repsim {
namespace {

template <typename T>
ScratchMatrix<double> stacked_products(const std::vector<MatrixView>& layers,
                                       const std::vector<ColumnMoments>& moments, int threads) {
  std::vector<Eigen::Index> offsets{0};
  for (const MatrixView& layer : layers) offsets.push_back(offsets.back() + layer.cols);
  const BlockFiller<T> fill = [&](Eigen::Index begin, Eigen::Index end, ColumnBlock<T> block) {
    // Column j of the block is example (begin + j): the centred features of
    // every layer, stacked.
    for (std::size_t a = 0; a < layers.size(); ++a) {
      auto rows = block.middleRows(offsets[a], layers[a].cols);
      with_centred_rows(layers[a], moments[a].mean, begin, end, [&](const auto& centred) {
        rows = centred.transpose().template cast<T>();
      });
    }
  };
  return accumulate_symmetric_products<T>(offsets.back(), layers.front().rows, fill, threads);
}

}  // namespace

Precision compute_precision(const std::vector<MatrixView>& layers) noexcept {
  for (const MatrixView& layer : layers) {
    if (layer.dtype != DType::Float32) return Precision::Double;
  }
  return Precision::Single;
}

ScratchMatrix<double> centred_stacked_products(const std::vector<MatrixView>& layers,
                                               const std::vector<ColumnMoments>& moments,
                                               Precision precision, int threads) {
  return precision == Precision::Single ? stacked_products<float>(layers, moments, threads)
                                        : stacked_products<double>(layers, moments, threads);
}

}  // namespace repsim
