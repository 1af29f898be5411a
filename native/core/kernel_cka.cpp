#include "kernel_cka.hpp"

#include "centred_kernel_products.hpp"
#include "error.hpp"
#include "gram_source.hpp"
#include "similarity.hpp"

namespace repsim {

double kernel_cka(const MatrixView& x, const MatrixView& y, const KernelCkaOptions& options) {
  SimilarityOptions similarity;
  similarity.kernel = options.kernel;
  similarity.debiased = options.debiased;
  similarity.threads = options.threads;
  similarity.budget = options.budget;
  const std::vector<MatrixView> layers{x, y};
  return cka_from_products(similarity_products(layers, similarity).products, layers)(0, 1);
}

double cka_from_grams(const MatrixView& kx, const MatrixView& ky, const KernelCkaOptions& options) {
  GramSource x(kx);
  GramSource y(ky);
  const Eigen::MatrixXd s =
      centred_kernel_products({&x, &y}, {options.debiased, options.threads, options.budget});
  return cka_from_products(s, {kx, ky})(0, 1);
}

}  // namespace repsim
