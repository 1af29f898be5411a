#include <doctest/doctest.h>

#include <cmath>

#include "base/error.hpp"
#include "cka/kernel_cka.hpp"
#include "cka/linear_cka.hpp"
#include "kernels/gram_source.hpp"
#include "test_support.hpp"

using namespace repsim;
using namespace repsim::testing;

namespace {

SimilarityOptions rbf(double threshold, bool debiased, double budget_bytes = 2.0 * (1 << 30)) {
  SimilarityOptions o;
  o.kernel.kind = KernelKind::Rbf;
  o.kernel.threshold = threshold;
  o.debiased = debiased;
  o.budget.max_bytes = budget_bytes;
  return o;
}

// A budget that leaves room for the tiles of one computation but not for a
// cache, so every pass recomputes its tiles and the median streams.
constexpr double kNoCache = 40.0 * (1 << 20);

}  // namespace

TEST_CASE("RBF CKA matches Kornblith's dense computation, cached and tiled, biased and debiased") {
  // 700 examples: several tiles, and more pairs than one streaming collection holds.
  const RowMatrixD x = random_matrix(700, 12, 1);
  RowMatrixD y = random_matrix(700, 9, 2);
  y.leftCols(5) += x.leftCols(5);
  for (double threshold : {1.0, 0.5}) {
    for (bool debiased : {false, true}) {
      const double expected =
          naive_cka(naive_gram_rbf(x, threshold), naive_gram_rbf(y, threshold), debiased);
      const auto xv = view_of(x, "x");
      const auto yv = view_of(y, "y");
      CHECK(kernel_cka(xv, yv, rbf(threshold, debiased)) ==
            doctest::Approx(expected).epsilon(1e-11));
      CHECK(kernel_cka(xv, yv, rbf(threshold, debiased, kNoCache)) ==
            doctest::Approx(expected).epsilon(1e-11));
    }
  }
}

TEST_CASE("RBF with a fixed sigma, and the polynomial kernel on raw activations") {
  const RowMatrixD x = random_matrix(300, 6, 3).array() + 2.0;
  const RowMatrixD y = x * random_matrix(6, 4, 4) + random_matrix(300, 4, 5);
  SimilarityOptions o;
  o.kernel.kind = KernelKind::Rbf;
  o.kernel.sigma = 3.0;
  const auto d2 = [](const Eigen::MatrixXd& m) {
    const Eigen::MatrixXd dot = m * m.transpose();
    return Eigen::MatrixXd(((-2.0 * dot).colwise() + dot.diagonal()).rowwise() +
                           dot.diagonal().transpose());
  };
  const Eigen::MatrixXd kx = (-d2(x).array() / 18.0).exp().matrix();
  const Eigen::MatrixXd ky = (-d2(y).array() / 18.0).exp().matrix();
  CHECK(kernel_cka(view_of(x, "x"), view_of(y, "y"), o) ==
        doctest::Approx(naive_cka(kx, ky, false)).epsilon(1e-11));

  o.kernel.kind = KernelKind::Polynomial;
  o.kernel.degree = 2;
  o.kernel.gamma = 0.5;
  o.kernel.coef0 = 1.5;
  const Eigen::MatrixXd px = (0.5 * (x * x.transpose()).array() + 1.5).square().matrix();
  const Eigen::MatrixXd py = (0.5 * (y * y.transpose()).array() + 1.5).square().matrix();
  for (bool debiased : {false, true}) {
    o.debiased = debiased;
    CHECK(kernel_cka(view_of(x, "x"), view_of(y, "y"), o) ==
          doctest::Approx(naive_cka(px, py, debiased)).epsilon(1e-11));
  }
}

TEST_CASE("linear CKA, debiased, agrees across forms and with the dense definition") {
  const RowMatrixD x = random_matrix(120, 30, 6);
  const RowMatrixD y = random_matrix(120, 20, 7) + x.leftCols(20);
  const Eigen::MatrixXd xc = x.rowwise() - x.colwise().mean();
  const Eigen::MatrixXd yc = y.rowwise() - y.colwise().mean();
  const double expected = naive_cka(naive_gram_linear(xc), naive_gram_linear(yc), true);
  for (CkaForm form : {CkaForm::FeatureSpace, CkaForm::Gram}) {
    SimilarityOptions o;
    o.form = form;
    o.debiased = true;
    CHECK(linear_cka(view_of(x, "x"), view_of(y, "y"), o).value ==
          doctest::Approx(expected).epsilon(1e-11));
  }
}

TEST_CASE("CKA of caller-made Gram matrices, and their checks") {
  const RowMatrixD x = random_matrix(80, 5, 8);
  const RowMatrixD y = random_matrix(80, 7, 9);
  const RowMatrixD kx = naive_gram_rbf(x, 1.0);
  const RowMatrixD ky = naive_gram_linear(y);
  for (bool debiased : {false, true}) {
    SimilarityOptions o;
    o.debiased = debiased;
    CHECK(cka_from_grams(view_of(kx, "kx"), view_of(ky, "ky"), o) ==
          doctest::Approx(naive_cka(kx, ky, debiased)).epsilon(1e-12));
  }
  RowMatrixD asymmetric = kx;
  asymmetric(3, 1) += 0.01;
  CHECK(code_of([&] { GramSource g(view_of(asymmetric, "kx")); }) == ErrorCode::BadInput);
  const RowMatrixD rectangular = random_matrix(80, 79, 10);
  CHECK(code_of([&] { GramSource g(view_of(rectangular, "kx")); }) == ErrorCode::ShapeMismatch);
}

TEST_CASE("kernel CKA errors: too few examples, zero bandwidth, memory") {
  const RowMatrixD x = random_matrix(3, 4, 11);
  CHECK(code_of([&] { kernel_cka(view_of(x, "x"), view_of(x, "y"), rbf(1.0, true)); }) ==
        ErrorCode::TooFewSamples);
  // 8 identical rows out of 10: most of the 100 squared distances are 0.
  RowMatrixD mostly_same = RowMatrixD::Zero(10, 2);
  mostly_same(8, 0) = 1.0;
  mostly_same(9, 1) = 1.0;
  CHECK(code_of([&] {
          kernel_cka(view_of(mostly_same, "x"), view_of(random_matrix(10, 2, 12), "y"),
                     rbf(1.0, false));
        }) == ErrorCode::ZeroVariance);
  const RowMatrixD big = random_matrix(200, 4, 13);
  CHECK(code_of([&] {
          kernel_cka(view_of(big, "x"), view_of(big, "y"), rbf(1.0, false, 1024.0));
        }) == ErrorCode::MemoryLimit);
}
