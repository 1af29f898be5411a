#include "cka/minibatch_hsic.hpp"

#include "cka/similarity.hpp"

namespace repsim {

Eigen::MatrixXd minibatch_hsic(const std::vector<MatrixView>& layers, int threads,
                               const MemoryBudget& budget) {
  SimilarityOptions options;
  options.debiased = true;
  options.threads = threads;
  options.budget = budget;
  const Eigen::MatrixXd products = similarity_products(layers, options).products;
  // The unbiased-centred Gram product is n (n - 3) times HSIC_1.
  const double n = static_cast<double>(layers.front().rows);
  return products / (n * (n - 3.0));
}

}  // namespace repsim
