#include "linear_cka.hpp"

namespace repsim {

LinearCkaResult linear_cka(const MatrixView& x, const MatrixView& y,
                           const LinearCkaOptions& options) {
  SimilarityOptions similarity;
  similarity.form = options.form;
  similarity.threads = options.threads;
  similarity.debiased = options.debiased;
  similarity.budget = options.budget;
  const std::vector<MatrixView> layers{x, y};
  const SimilarityProducts s = similarity_products(layers, similarity);
  return {cka_from_products(s.products, layers)(0, 1), s.form};
}

}  // namespace repsim
