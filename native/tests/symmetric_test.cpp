#include <doctest/doctest.h>

#include "linalg/symmetric.hpp"
#include "test_support.hpp"

using namespace repsim;
using namespace repsim::testing;

TEST_CASE("symmetric_inner reads only the lower triangle and equals the dense inner product") {
  const Eigen::MatrixXd a0 = random_matrix(37, 37, 1);
  const Eigen::MatrixXd b0 = random_matrix(37, 37, 2);
  const Eigen::MatrixXd a = a0 + a0.transpose();
  const Eigen::MatrixXd b = b0 + b0.transpose();
  Eigen::MatrixXd a_lower = a;
  Eigen::MatrixXd b_lower = b;
  a_lower.triangularView<Eigen::StrictlyUpper>().setConstant(1e300);  // must be ignored
  b_lower.triangularView<Eigen::StrictlyUpper>().setConstant(-7.0);
  CHECK(symmetric_inner(a_lower, b_lower) ==
        doctest::Approx((a.array() * b.array()).sum()).epsilon(1e-12));
}
