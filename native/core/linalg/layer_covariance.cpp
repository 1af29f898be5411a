#include "linalg/layer_covariance.hpp"

#include "linalg/stacked_products.hpp"

namespace repsim {

LayerCovariances::LayerCovariances(const std::vector<MatrixView>& layers, int threads,
                                   const MemoryBudget& budget, double later_bytes) {
  offsets_.push_back(0);
  for (const MatrixView& layer : layers) offsets_.push_back(offsets_.back() + layer.cols);
  const double dim = static_cast<double>(offsets_.back());
  const double bytes = 2.0 * dim * dim * sizeof(double) + later_bytes;
  if (!budget.allows(bytes)) {
    refuse_memory(bytes, budget,
                  "the layers' covariance blocks (a (sum of features)^2 matrix) and the "
                  "decompositions that follow",
                  "compare fewer or narrower layers at a time (e.g. svcca on a PCA-reduced layer)");
  }
  for (const MatrixView& layer : layers) moments_.push_back(column_moments(layer, threads));
  const ScratchMatrix<double> lower =
      centred_stacked_products(layers, moments_, Precision::Double, threads);
  products_ = lower.matrix().selfadjointView<Eigen::Lower>();
}

Eigen::Block<const Eigen::MatrixXd> LayerCovariances::block(std::size_t a, std::size_t b) const {
  return products_.block(offsets_[a], offsets_[b], offsets_[a + 1] - offsets_[a],
                         offsets_[b + 1] - offsets_[b]);
}

}  // namespace repsim
