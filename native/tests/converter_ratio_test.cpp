#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>

#include "base/error.hpp"
#include "entropy/converter_ratio.hpp"
#include "test_support.hpp"

using namespace repsim;
using namespace repsim::testing;

TEST_CASE("a linear target is recovered almost fully; an independent one not at all") {
  const RowMatrixD p = random_matrix(1000, 10, 50);
  const RowMatrixD linear = p * random_matrix(10, 6, 51);
  const ConverterResult full = converter_ratio(view_of(p, "p"), view_of(linear, "q"), {});
  CHECK(full.ratio > 0.999);
  const RowMatrixD independent = random_matrix(1000, 6, 52);
  const ConverterResult none = converter_ratio(view_of(p, "p"), view_of(independent, "q"), {});
  CHECK(none.ratio < 0.05);
  CHECK(none.ratio >= 0.0);
}

TEST_CASE("half the target's variance predictable gives a ratio near one half") {
  const RowMatrixD p = random_matrix(4000, 5, 53);
  const RowMatrixD q = p + random_matrix(4000, 5, 54);  // signal and noise of equal variance
  const ConverterResult r = converter_ratio(view_of(p, "p"), view_of(q, "q"), {});
  CHECK(r.ratio == doctest::Approx(0.5).epsilon(0.05));
  CHECK(r.loss == doctest::Approx(1.0 - r.ratio));
}

TEST_CASE("fixed lambda matches the closed form on the same split; scaling P scales auto lambda") {
  const RowMatrixD p = random_matrix(300, 4, 55);
  const RowMatrixD q = p.leftCols(2) + 0.3 * random_matrix(300, 2, 56);
  ConverterOptions fixed;
  fixed.lambda = 0.0;
  const ConverterResult ols = converter_ratio(view_of(p, "p"), view_of(q, "q"), fixed);
  CHECK(ols.lambda == 0.0);
  const ConverterResult automatic = converter_ratio(view_of(p, "p"), view_of(q, "q"), {});
  const RowMatrixD scaled = 7.0 * p;
  const ConverterResult again = converter_ratio(view_of(scaled, "p"), view_of(q, "q"), {});
  CHECK(again.lambda == doctest::Approx(49.0 * automatic.lambda).epsilon(1e-9));
  CHECK(again.ratio == doctest::Approx(automatic.ratio).epsilon(1e-9));
  CHECK(std::abs(ols.ratio - automatic.ratio) < 0.05);
}

TEST_CASE("too few rows for a split is refused") {
  const RowMatrixD p = random_matrix(6, 2, 57);
  CHECK(code_of([&] { converter_ratio(view_of(p, "p"), view_of(p, "q"), {}); }) ==
        ErrorCode::TooFewSamples);
}
