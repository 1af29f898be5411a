#include <doctest/doctest.h>

#include "base/error.hpp"
#include "cka/kernel_cka.hpp"
#include "cka/linear_cka.hpp"
#include "cka/minibatch_hsic.hpp"
#include "cka/similarity.hpp"
#include "test_support.hpp"

using namespace repsim;
using namespace repsim::testing;

TEST_CASE("all-pairs matrices equal the pairwise values, for every path") {
  std::vector<RowMatrixD> data;
  for (unsigned s = 0; s < 4; ++s) data.push_back(random_matrix(150, 5 + 3 * s, 20 + s));
  data[2] += data[1] * random_matrix(data[1].cols(), data[2].cols(), 30);
  std::vector<MatrixView> layers;
  for (std::size_t a = 0; a < data.size(); ++a) {
    layers.push_back(view_of(data[a], "layer" + std::to_string(a)));
  }

  for (KernelKind kind : {KernelKind::Linear, KernelKind::Rbf}) {
    for (bool debiased : {false, true}) {
      for (CkaForm form : {CkaForm::FeatureSpace, CkaForm::Gram}) {
        if (kind != KernelKind::Linear && form == CkaForm::FeatureSpace) continue;
        SimilarityOptions o;
        o.kernel.kind = kind;
        o.debiased = debiased;
        o.form = form;
        const Eigen::MatrixXd cka =
            cka_from_products(similarity_products(layers, o).products, layers);
        CHECK((cka - cka.transpose()).cwiseAbs().maxCoeff() < 1e-14);
        CHECK(cka.diagonal().isOnes());
        for (std::size_t a = 0; a < layers.size(); ++a) {
          for (std::size_t b = a + 1; b < layers.size(); ++b) {
            SimilarityOptions ko;
            ko.kernel.kind = kind;
            ko.debiased = debiased;
            const double pair = kernel_cka(layers[a], layers[b], ko);
            CHECK(cka(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) ==
                  doctest::Approx(pair).epsilon(1e-10));
          }
        }
      }
    }
  }
}

TEST_CASE("minibatch HSIC is Song et al.'s HSIC_1, whatever the translation") {
  const RowMatrixD x = random_matrix(40, 6, 40);
  const RowMatrixD y = random_matrix(40, 4, 41) + x.leftCols(4);
  const RowMatrixD shifted = x.array() + 50.0;
  const Eigen::MatrixXd h =
      minibatch_hsic({view_of(x, "a"), view_of(y, "b"), view_of(shifted, "c")}, 1);
  const double xy = naive_hsic1(naive_gram_linear(x), naive_gram_linear(y));
  CHECK(h(0, 1) == doctest::Approx(xy).epsilon(1e-10));
  CHECK(h(0, 0) ==
        doctest::Approx(naive_hsic1(naive_gram_linear(x), naive_gram_linear(x))).epsilon(1e-10));
  CHECK(h(2, 1) == doctest::Approx(xy).epsilon(1e-10));  // translation-invariant
}

TEST_CASE("the memory budget: auto falls back to the Gram form, a forced form is refused") {
  // n = 2000 > p1 + p2 = 1200: the feature form is cheaper, but its 1200^2
  // matrix plus fill block (27.5 MiB) exceeds a 26.5 MiB budget that the
  // tiled Gram form (about 25 MiB with two workers) fits in.
  const RowMatrixD x = random_matrix(2000, 700, 50);
  const RowMatrixD y = random_matrix(2000, 500, 51);
  SimilarityOptions o;
  o.threads = 2;
  o.budget.max_bytes = 26.5 * (1 << 20);
  const PairCka r = linear_cka(view_of(x, "x"), view_of(y, "y"), o);
  CHECK(r.form == CkaForm::Gram);
  CHECK(r.value == doctest::Approx(naive_linear_cka(x, y)).epsilon(1e-11));
  o.form = CkaForm::FeatureSpace;
  try {
    linear_cka(view_of(x, "x"), view_of(y, "y"), o);
    FAIL("expected MEMORY_LIMIT");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::MemoryLimit);
    CHECK(std::string(e.what()).find("use form 'gram'") != std::string::npos);
  }
}
