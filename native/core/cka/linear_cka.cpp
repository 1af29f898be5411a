#include "cka/linear_cka.hpp"

namespace repsim {

PairCka linear_cka(const MatrixView& x, const MatrixView& y, SimilarityOptions options) {
  options.kernel = KernelSpec{};
  return pair_cka(x, y, options);
}

}  // namespace repsim
