#include "cka/kernel_cka.hpp"

#include "kernels/centred_kernel_products.hpp"
#include "kernels/gram_source.hpp"

namespace repsim {

double kernel_cka(const MatrixView& x, const MatrixView& y, const SimilarityOptions& options) {
  return pair_cka(x, y, options).value;
}

double cka_from_grams(const MatrixView& kx, const MatrixView& ky,
                      const SimilarityOptions& options) {
  GramSource x(kx);
  GramSource y(ky);
  const Eigen::MatrixXd s =
      centred_kernel_products({&x, &y}, {options.debiased, options.threads, options.budget});
  return cka_from_products(s, {kx, ky})(0, 1);
}

}  // namespace repsim
