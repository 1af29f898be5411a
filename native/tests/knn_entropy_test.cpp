#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <vector>

#include "entropy/knn_entropy.hpp"
#include "entropy/knn_search.hpp"
#include "test_support.hpp"

using namespace repsim;
using namespace repsim::testing;

TEST_CASE("blocked neighbour search equals brute force, ties included") {
  // Integer coordinates on a small grid: many exactly tied distances, and
  // duplicates; 1500 rows cross row and column block boundaries.
  RowMatrixD points = random_matrix(1500, 3, 40);
  points = (points.array() * 1.5).round();
  const PointMatrix p = points;
  const Eigen::Index k = 5;
  for (int run = 0; run < 4; ++run) {
    const Neighbours fast = nearest_neighbours(p, k, 1 + run % 2, run >= 2);
    for (Eigen::Index i = 0; i < p.rows(); ++i) {
      std::vector<std::pair<double, Eigen::Index>> all;
      for (Eigen::Index j = 0; j < p.rows(); ++j) {
        if (j != i) all.emplace_back((p.row(i) - p.row(j)).squaredNorm(), j);
      }
      std::partial_sort(all.begin(), all.begin() + k, all.end());
      for (Eigen::Index j = 0; j < k; ++j) {
        REQUIRE(fast.distance(i, j) == std::sqrt(all[static_cast<size_t>(j)].first));
        REQUIRE(fast.index(i, j) == all[static_cast<size_t>(j)].second);
      }
    }
  }
}

TEST_CASE("digamma of integers") {
  CHECK(digamma_of_integer(1) == doctest::Approx(-0.5772156649015329).epsilon(1e-15));
  CHECK(digamma_of_integer(2) == doctest::Approx(0.42278433509846713).epsilon(1e-15));
  CHECK(digamma_of_integer(1000) == doctest::Approx(6.907255195648812).epsilon(1e-14));
}

TEST_CASE("Gaussian entropy within 5% of 1/2 log((2 pi e)^d |Sigma|)") {
  const Eigen::Index d = 6;
  Eigen::VectorXd scale(d);
  scale << 0.5, 1.0, 1.5, 2.0, 3.0, 0.8;
  const RowMatrixD x = random_matrix(2000, d, 41) * scale.asDiagonal();
  const double pi = std::acos(-1.0);
  const double truth = 0.5 * (static_cast<double>(d) * std::log(2.0 * pi * std::exp(1.0)) +
                              2.0 * scale.array().log().sum());
  KnnEntropyOptions options;
  options.normalisation = EntropyNormalisation::None;
  const double estimate = knn_entropy(view_of(x, "x"), options).entropy;
  CHECK(std::abs(estimate - truth) / std::abs(truth) < 0.05);
}

TEST_CASE("duplicate rows are floored and counted, never -inf") {
  RowMatrixD x = random_matrix(200, 4, 42);
  x.row(7) = x.row(3);
  x.row(9) = x.row(3);
  const KnnEntropyResult r = knn_entropy(view_of(x, "x"), {});
  CHECK(r.floored_rows == 3);  // rows 3, 7 and 9 have a zero first-neighbour distance
  CHECK(std::isfinite(r.entropy));
}
