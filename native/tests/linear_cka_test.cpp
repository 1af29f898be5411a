#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "base/error.hpp"
#include "cka/linear_cka.hpp"
#include "test_support.hpp"

using namespace repsim;
using namespace repsim::testing;

namespace {

double cka(const RowMatrixD& x, const RowMatrixD& y, CkaForm form, int threads = 0) {
  return linear_cka(view_of(x, "x"), view_of(y, "y"), form_options(form, threads)).value;
}

ErrorCode error_code_of(const RowMatrixD& x, const RowMatrixD& y) {
  return code_of([&] { linear_cka(view_of(x, "x"), view_of(y, "y")); });
}

}  // namespace

TEST_CASE("both forms match the naive definition, across block and thread boundaries") {
  // 5000 rows span several fill blocks per worker; 7 and 300 columns make the
  // joint matrix small and large relative to the block width.
  for (const auto& [n, p1, p2] :
       {std::tuple{5000, 7, 300}, std::tuple{300, 40, 25}, std::tuple{90, 150, 60}}) {
    const RowMatrixD x = random_matrix(n, p1, 11);
    RowMatrixD y = random_matrix(n, p2, 12);
    y.leftCols(std::min(p1, p2)) += 0.5 * x.leftCols(std::min(p1, p2));
    const double expected = naive_linear_cka(x, y);
    for (CkaForm form : {CkaForm::FeatureSpace, CkaForm::Gram}) {
      for (int threads : {1, 2, 3}) {
        CHECK(cka(x, y, form, threads) == doctest::Approx(expected).epsilon(1e-11));
      }
    }
  }
}

TEST_CASE("float32 inputs are accurate to float32 rounding") {
  const RowMatrixD x = random_matrix(3000, 50, 21);
  const RowMatrixD y = x * random_matrix(50, 40, 22) + random_matrix(3000, 40, 23);
  const RowMatrixF xf = x.cast<float>();
  const RowMatrixF yf = y.cast<float>();
  const double expected = naive_linear_cka(xf.cast<double>(), yf.cast<double>());
  for (CkaForm form : {CkaForm::FeatureSpace, CkaForm::Gram}) {
    const double got = linear_cka(view_of(xf, "x"), view_of(yf, "y"), form_options(form)).value;
    CHECK(got == doctest::Approx(expected).epsilon(1e-5));
    // mixed precision computes in float64
    const double mixed = linear_cka(view_of(xf, "x"), view_of(y, "y"), form_options(form)).value;
    CHECK(mixed == doctest::Approx(naive_linear_cka(xf.cast<double>(), y)).epsilon(1e-11));
  }
}

TEST_CASE("float32 with a large offset keeps its accuracy (means are taken in float64)") {
  RowMatrixD x = random_matrix(2000, 30, 31);
  const RowMatrixD y = random_matrix(2000, 20, 32) + x.leftCols(20);
  x.array() += 1000.0;
  const RowMatrixF xf = x.cast<float>();
  const RowMatrixF yf = y.cast<float>();
  const double expected = naive_linear_cka(xf.cast<double>(), yf.cast<double>());
  CHECK(linear_cka(view_of(xf, "x"), view_of(yf, "y")).value ==
        doctest::Approx(expected).epsilon(1e-5));
}

TEST_CASE("mathematical properties") {
  const RowMatrixD x = random_matrix(400, 30, 41);
  const RowMatrixD y = random_matrix(400, 20, 42) + x.leftCols(20) * 0.3;
  const double base = cka(x, y, CkaForm::Auto);

  SUBCASE("identity is 1") {
    CHECK(cka(x, x, CkaForm::Auto) == doctest::Approx(1.0).epsilon(1e-13));
  }
  SUBCASE("symmetric") { CHECK(cka(y, x, CkaForm::Auto) == doctest::Approx(base).epsilon(1e-13)); }
  SUBCASE("bounded") {
    CHECK(base > 0.0);
    CHECK(base < 1.0);
  }
  SUBCASE("invariant to orthogonal maps, isotropic scaling and translation") {
    const RowMatrixD moved =
        ((x * random_orthogonal(30, 43)) * 7.5).rowwise() + Eigen::RowVectorXd::Constant(30, -3.0);
    CHECK(cka(moved, y, CkaForm::Auto) == doctest::Approx(base).epsilon(1e-12));
  }
  SUBCASE("auto picks the cheaper form") {
    CHECK(linear_cka(view_of(x, "x"), view_of(y, "y")).form == CkaForm::FeatureSpace);
    const RowMatrixD wide = random_matrix(20, 30, 44);
    CHECK(linear_cka(view_of(wide, "x"), view_of(wide, "y")).form == CkaForm::Gram);
  }
}

TEST_CASE("bad input raises coded errors, never NaN") {
  const RowMatrixD x = random_matrix(10, 3, 51);
  CHECK(error_code_of(x, random_matrix(9, 3, 52)) == ErrorCode::ShapeMismatch);
  CHECK(error_code_of(random_matrix(1, 3, 53), random_matrix(1, 2, 54)) ==
        ErrorCode::TooFewSamples);

  RowMatrixD with_nan = x;
  with_nan(4, 2) = std::numeric_limits<double>::quiet_NaN();
  CHECK(error_code_of(with_nan, x) == ErrorCode::NonFinite);
  RowMatrixD with_inf = x;
  with_inf(0, 0) = -std::numeric_limits<double>::infinity();
  CHECK(error_code_of(x, with_inf) == ErrorCode::NonFinite);

  // 0.1 is not exactly representable, so centring leaves rounding residue.
  const RowMatrixD constant = RowMatrixD::Constant(10, 3, 0.1);
  CHECK(error_code_of(constant, x) == ErrorCode::ZeroVariance);
  CHECK(error_code_of(x, RowMatrixD::Zero(10, 4)) == ErrorCode::ZeroVariance);

  try {
    linear_cka(view_of(with_nan, "acts"), view_of(x, "y"));
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("acts contains NaN at row 4, column 2") != std::string::npos);
  }
}

TEST_CASE("one constant column among varying ones is fine") {
  RowMatrixD x = random_matrix(50, 4, 61);
  x.col(2).setConstant(0.1);
  const RowMatrixD y = random_matrix(50, 3, 62);
  CHECK(std::isfinite(cka(x, y, CkaForm::Auto)));
  CHECK(cka(x, y, CkaForm::FeatureSpace) ==
        doctest::Approx(cka(x, y, CkaForm::Gram)).epsilon(1e-10));
}
