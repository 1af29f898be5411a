#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "base/seeded_random.hpp"
#include "cca/cca.hpp"
#include "measures/alignment.hpp"
#include "measures/assignment.hpp"
#include "measures/average_ranks.hpp"
#include "measures/correlation_match.hpp"
#include "measures/measure_table.hpp"
#include "measures/neighbourhood.hpp"
#include "measures/regression.hpp"
#include "measures/rsm.hpp"
#include "measures/statistics.hpp"
#include "test_support.hpp"

using namespace repsim;
using namespace repsim::testing;

namespace {

// The best total over every way of matching min(r, c) rows to columns.
double brute_force_assignment(const Eigen::MatrixXd& w) {
  const bool flip = w.rows() > w.cols();
  const Eigen::MatrixXd m = flip ? Eigen::MatrixXd(w.transpose()) : w;
  std::vector<Eigen::Index> cols(static_cast<std::size_t>(m.cols()));
  std::iota(cols.begin(), cols.end(), 0);
  double best = -1e300;
  do {
    double total = 0;
    for (Eigen::Index i = 0; i < m.rows(); ++i) total += m(i, cols[static_cast<std::size_t>(i)]);
    best = std::max(best, total);
  } while (std::next_permutation(cols.begin(), cols.end()));
  return best;
}

RowMatrixD rotated(const RowMatrixD& x, unsigned seed, double scale = 1.0, double shift = 0.0) {
  RowMatrixD out = scale * (x * random_orthogonal(x.cols(), seed));
  out.array() += shift;
  return out;
}

const MeasureOptions kDefaults;

}  // namespace

TEST_CASE("assignment: the best matching of every small matrix, square or not") {
  for (unsigned seed = 1; seed <= 40; ++seed) {
    const auto rows = static_cast<Eigen::Index>(1 + seed % 6);
    const auto cols = static_cast<Eigen::Index>(1 + (seed / 6) % 6);
    const Eigen::MatrixXd w = random_matrix(rows, cols, seed);
    const Assignment a = max_weight_assignment(w);
    CHECK(a.total == doctest::Approx(brute_force_assignment(w)).epsilon(1e-12));
    std::vector<Eigen::Index> used;
    for (const Eigen::Index j : a.column_of_row) {
      if (j >= 0) used.push_back(j);
    }
    std::sort(used.begin(), used.end());
    CHECK(used.size() == static_cast<std::size_t>(std::min(rows, cols)));
    CHECK(std::adjacent_find(used.begin(), used.end()) == used.end());  // distinct columns
  }
}

TEST_CASE("alignment measures: zero for a rotated (permuted) copy, as the definitions promise") {
  const RowMatrixD x = random_matrix(80, 6, 1);
  const RowMatrixD y = rotated(x, 2, 3.0, 5.0);  // rotated, scaled, shifted
  CHECK(angular_shape(view_of(x, "x"), view_of(y, "y"), kDefaults) ==
        doctest::Approx(0.0).epsilon(1e-7));
  CHECK(procrustes_size_shape(view_of(x, "x"), view_of(rotated(x, 2, 1.0, 5.0), "y"), kDefaults) <
        1e-12);
  RowMatrixD permuted = x;
  permuted.col(0).swap(permuted.col(3));
  CHECK(permutation_procrustes(view_of(x, "x"), view_of(permuted, "y"), kDefaults) < 1e-12);
  CHECK(aligned_cosine(view_of(x, "x"), view_of(rotated(x, 3), "y"), kDefaults) ==
        doctest::Approx(1.0));
  // Different widths: the narrower side is zero-padded.
  const RowMatrixD wide = random_matrix(80, 9, 4);
  const double a = angular_shape(view_of(x, "x"), view_of(wide, "y"), kDefaults);
  CHECK(a == doctest::Approx(angular_shape(view_of(wide, "y"), view_of(x, "x"), kDefaults)));
  CHECK(a > 0.5);
}

TEST_CASE("alignment distances: the product formula and the explicit residual agree") {
  // Far from zero the distances come from the centred products; near zero
  // (cancellation) from the residual itself. Both against a dense reference.
  const RowMatrixD x = random_matrix(150, 7, 21);
  for (const double noise : {1.0, 1e-3, 0.0}) {
    const RowMatrixD y = rotated(x, 22, 1.0, 2.0) + noise * random_matrix(150, 7, 23);
    const Eigen::MatrixXd a = x.rowwise() - x.colwise().mean();
    const Eigen::MatrixXd b = y.rowwise() - y.colwise().mean();
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(a.transpose() * b,
                                                Eigen::ComputeFullU | Eigen::ComputeFullV);
    const double expected = (a * svd.matrixU() * svd.matrixV().transpose() - b).norm();
    MeasureOptions o;
    o.euclidean = true;
    for (const double got : {procrustes_size_shape(view_of(x, "x"), view_of(y, "y"), kDefaults),
                             shape_metric(view_of(x, "x"), view_of(y, "y"), o)}) {
      if (noise == 0.0) {
        CHECK(got < 1e-12);  // rounding only, not sqrt(rounding) of the product formula
      } else {
        CHECK(got == doctest::Approx(expected).epsilon(1e-9));
      }
    }
  }
  MeasureOptions o;
  o.euclidean = true;
  o.alpha = 0.5;
  CHECK(shape_metric(view_of(x, "x"), view_of(x, "x"), o) < 1e-12);
}

TEST_CASE("shape metric: alpha = 1 is the Procrustes pair, alpha = 0 is arccos(mean rho)") {
  const RowMatrixD x = random_matrix(120, 5, 5);
  const RowMatrixD y = x * random_matrix(5, 5, 6) + random_matrix(120, 5, 7);
  MeasureOptions o;
  o.alpha = 1.0;
  CHECK(shape_metric(view_of(x, "x"), view_of(y, "y"), o) ==
        doctest::Approx(angular_shape(view_of(x, "x"), view_of(y, "y"), kDefaults)));
  o.euclidean = true;
  CHECK(shape_metric(view_of(x, "x"), view_of(y, "y"), o) ==
        doctest::Approx(procrustes_size_shape(view_of(x, "x"), view_of(y, "y"), kDefaults)));
  o.alpha = 0.0;
  o.euclidean = false;
  const double mean_rho = cca(view_of(x, "x"), view_of(y, "y"), CcaOptions{}).mean_rho();
  CHECK(shape_metric(view_of(x, "x"), view_of(y, "y"), o) ==
        doctest::Approx(std::acos(mean_rho)).epsilon(1e-9));
  o.alpha = 1.5;
  CHECK(code_of([&] { shape_metric(view_of(x, "x"), view_of(y, "y"), o); }) ==
        ErrorCode::BadOption);
}

TEST_CASE("regression measures: GULP(0) = ranks - 2 sum rho^2; a layer explains itself") {
  const RowMatrixD x = random_matrix(150, 4, 8);
  const RowMatrixD y = x * random_matrix(4, 6, 9) + 0.5 * random_matrix(150, 6, 10);
  const CcaResult c = cca(view_of(x, "x"), view_of(y, "y"), CcaOptions{});
  CHECK(gulp(view_of(x, "x"), view_of(y, "y"), kDefaults) ==
        doctest::Approx(4.0 + 6.0 - 2.0 * c.rho.squaredNorm()).epsilon(1e-9));
  CHECK(gulp(view_of(x, "x"), view_of(x, "x"), kDefaults) < 1e-9);
  CHECK(linear_regression(view_of(x, "x"), view_of(x, "x"), kDefaults) == doctest::Approx(1.0));
  CHECK(linear_regression(view_of(x, "x"), view_of(y, "y"), kDefaults) > 0.5);
  CHECK(eigenspace_overlap(view_of(x, "x"), view_of(x, "x"), kDefaults) == doctest::Approx(1.0));
  CHECK(eigenspace_overlap(view_of(x, "x"), view_of(y, "y"), kDefaults) <= 1.0 + 1e-12);
}

TEST_CASE("statistics: uniformity from row blocks equals the dense sum") {
  const RowMatrixD x = random_matrix(300, 3, 11);  // more than one 256-row block
  const RowMatrixD y = 0.5 * random_matrix(300, 5, 12);
  auto dense_uniformity = [](const RowMatrixD& m) {
    double total = 0;
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      for (Eigen::Index j = 0; j < m.rows(); ++j)
        total += std::exp(-2.0 * (m.row(i) - m.row(j)).squaredNorm());
    }
    return std::log(total / static_cast<double>(m.rows() * m.rows()));
  };
  CHECK(uniformity_difference(view_of(x, "x"), view_of(y, "y"), kDefaults) ==
        doctest::Approx(std::abs(dense_uniformity(x) - dense_uniformity(y))).epsilon(1e-10));
  CHECK(magnitude_difference(view_of(x, "x"), view_of(x, "x"), kDefaults) == 0.0);
  CHECK(concentricity_difference(view_of(x, "x"), view_of(y, "y"), kDefaults) >= 0.0);
}

TEST_CASE("correlation match: a permuted, rescaled copy matches perfectly") {
  const RowMatrixD x = random_matrix(90, 5, 13);
  RowMatrixD y = 2.0 * x;
  y.col(1).swap(y.col(4));
  CHECK(hard_correlation_match(view_of(x, "x"), view_of(y, "y"), kDefaults) ==
        doctest::Approx(1.0));
  CHECK(soft_correlation_match(view_of(x, "x"), view_of(y, "y"), kDefaults) ==
        doctest::Approx(1.0));
}

TEST_CASE("measure table: every entry by name; layer cells equal the pair measure") {
  const RowMatrixD a0 = random_matrix(70, 4, 14);
  const RowMatrixD a1 = random_matrix(70, 6, 15);
  const std::vector<MatrixView> a = {view_of(a0, "a0"), view_of(a1, "a1")};
  for (const MeasureEntry& entry : measure_table()) {
    const Eigen::MatrixXd m = layer_measure(entry.name, a, {}, true, kDefaults);
    for (Eigen::Index i = 0; i < 2; ++i) {
      for (Eigen::Index j = 0; j < 2; ++j) {
        CHECK(m(i, j) == doctest::Approx(pair_measure(entry.name, a[static_cast<std::size_t>(i)],
                                                      a[static_cast<std::size_t>(j)], kDefaults)));
      }
    }
  }
  CHECK(code_of([&] { pair_measure("nope", a[0], a[1], kDefaults); }) == ErrorCode::BadOption);
}

namespace {

Eigen::MatrixXd naive_distances(const RowMatrixD& m) {
  Eigen::MatrixXd d(m.rows(), m.rows());
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.rows(); ++j) d(i, j) = (m.row(i) - m.row(j)).norm();
  }
  return d;
}

}  // namespace

TEST_CASE("RSM measures equal their dense definitions (several tiles)") {
  const RowMatrixD x = random_matrix(300, 4, 16);
  const RowMatrixD y = x * random_matrix(4, 3, 17) + 0.3 * random_matrix(300, 3, 18);
  const Eigen::MatrixXd dx = naive_distances(x);
  const Eigen::MatrixXd dy = naive_distances(y);
  MeasureOptions o;
  o.norm = RsmNorm::Frobenius;
  CHECK(rsm_norm_difference(view_of(x, "x"), view_of(y, "y"), o) ==
        doctest::Approx((dx - dy).norm()).epsilon(1e-12));
  // Spectral: the largest |eigenvalue| of the symmetric difference, cached or
  // recomputed tile by tile (a budget too small for the n x n cache).
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(dx - dy);
  const double spectral = eig.eigenvalues().cwiseAbs().maxCoeff();
  o.norm = RsmNorm::Spectral;
  CHECK(rsm_norm_difference(view_of(x, "x"), view_of(y, "y"), o) ==
        doctest::Approx(spectral).epsilon(1e-10));
  o.budget.max_bytes = 8.0 * 300 * 300 - 1;
  CHECK(rsm_norm_difference(view_of(x, "x"), view_of(y, "y"), o) ==
        doctest::Approx(spectral).epsilon(1e-10));
  // Distance correlation from double-centred matrices.
  auto centred = [](Eigen::MatrixXd d) {
    const Eigen::VectorXd r = d.rowwise().mean();
    const double g = r.mean();
    d.colwise() -= r;
    d.rowwise() -= r.transpose();
    d.array() += g;
    return d;
  };
  const Eigen::MatrixXd a = centred(dx);
  const Eigen::MatrixXd b = centred(dy);
  const double dcor =
      std::sqrt((a.array() * b.array()).sum() / std::sqrt(a.squaredNorm() * b.squaredNorm()));
  CHECK(distance_correlation(view_of(x, "x"), view_of(y, "y"), kDefaults) ==
        doctest::Approx(dcor).epsilon(1e-12));
}

TEST_CASE(
    "average ranks: the radix sort's ranks equal a comparison sort's, ties and signs included") {
  // Many ties (rounded values), both zeros, tiny and huge magnitudes, and
  // runs long enough to take every path of the radix sort (digits shared by
  // every key, buckets sorted by insertion).
  std::vector<double> values;
  SeededRandom random(11);
  for (int k = 0; k < 200000; ++k) {
    const double u = random.uniform() - 0.5;
    switch (k % 5) {
      case 0:
        values.push_back(std::round(u * 40.0) / 8.0);
        break;
      case 1:
        values.push_back(k % 2 ? 0.0 : -0.0);
        break;
      case 2:
        values.push_back(u * 1e-300);
        break;
      case 3:
        values.push_back(u * 1e300);
        break;
      default:
        values.push_back(0.5 + u * 1e-9);
        break;
    }
  }
  const auto comparison_ranks = [](const std::vector<double>& v) {
    std::vector<double> ranks(v.size());
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    for (std::size_t start = 0; start < order.size();) {
      std::size_t end = start + 1;
      while (end < order.size() && v[order[end]] == v[order[start]]) ++end;
      for (std::size_t k = start; k < end; ++k)
        ranks[order[k]] = 0.5 * static_cast<double>(start + end - 1) + 1.0;
      start = end;
    }
    return ranks;
  };
  const std::vector<double> expected = comparison_ranks(values);
  auto keys_of = [](const std::vector<double>& v) {
    std::vector<std::uint64_t> keys(v.size());
    std::transform(v.begin(), v.end(), keys.begin(), order_key);
    return keys;
  };
  for (const int threads : {1, 2, 3}) {
    CHECK(average_ranks(keys_of(values), threads) == expected);
  }
  CHECK(average_ranks(keys_of(std::vector<double>(1000, 3.0)), 2) ==
        std::vector<double>(1000, 500.5));
  // Skewed value ranges the buckets of equal width must survive: everything
  // but two outliers in one bucket, a range of a few ulps, subnormal steps.
  for (const int shape : {0, 1, 2}) {
    std::vector<double> skewed(300000);
    for (std::size_t k = 0; k < skewed.size(); ++k) {
      const double u = random.uniform();
      skewed[k] = shape == 0   ? u
                  : shape == 1 ? 1.0 + std::round(u * 8.0) * 2.220446049250313e-16
                               : std::round(u * 50.0) * 4.9406564584124654e-324;
    }
    if (shape == 0) {
      skewed[17] = 1e300;
      skewed[99] = -1e300;
    }
    CHECK(average_ranks(keys_of(skewed), 2) == comparison_ranks(skewed));
  }
  CHECK(average_ranks({}, 1).empty());
  // Spearman from the ranks: the Pearson correlation of the two rank vectors.
  std::vector<double> other(values.size());
  for (std::size_t k = 0; k < other.size(); ++k) other[k] = std::sin(static_cast<double>(k % 977));
  const std::vector<double> ranks_b = average_ranks(keys_of(other), 1);
  const double mean = 0.5 * (static_cast<double>(values.size()) + 1.0);
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t k = 0; k < other.size(); ++k) {
    ab += (expected[k] - mean) * (ranks_b[k] - mean);
    aa += (expected[k] - mean) * (expected[k] - mean);
    bb += (ranks_b[k] - mean) * (ranks_b[k] - mean);
  }
  CHECK(spearman_from_ranks(expected, keys_of(other), 2) ==
        doctest::Approx(ab / std::sqrt(aa * bb)).epsilon(1e-13));
}

TEST_CASE("RSA: Pearson streamed equals Pearson of the stored entries; Spearman ranks ties") {
  const RowMatrixD x = random_matrix(280, 5, 19);
  const RowMatrixD y = x + 0.5 * random_matrix(280, 5, 20);
  MeasureOptions o;
  o.inner = RsmInner::Euclidean;
  o.outer = RsmOuter::Pearson;
  const Eigen::MatrixXd dx = naive_distances(x);
  const Eigen::MatrixXd dy = naive_distances(y);
  std::vector<double> a, b;
  for (Eigen::Index i = 0; i < 280; ++i) {
    for (Eigen::Index j = 0; j < i; ++j) {
      a.push_back(dx(i, j));
      b.push_back(dy(i, j));
    }
  }
  const Eigen::Map<Eigen::VectorXd> va(a.data(), static_cast<Eigen::Index>(a.size()));
  const Eigen::Map<Eigen::VectorXd> vb(b.data(), static_cast<Eigen::Index>(b.size()));
  const Eigen::VectorXd ca = va.array() - va.mean();
  const Eigen::VectorXd cb = vb.array() - vb.mean();
  CHECK(rsa(view_of(x, "x"), view_of(y, "y"), o) ==
        doctest::Approx(ca.dot(cb) / (ca.norm() * cb.norm())).epsilon(1e-12));
  // Integer-valued rows: many equal distances, so many tied ranks. Spearman
  // is then Pearson of the average ranks, which a monotone map cannot change.
  RowMatrixD grid = (3.0 * random_matrix(60, 2, 21)).array().round();
  RowMatrixD squared = grid.array().square() * grid.array().sign();
  o.outer = RsmOuter::Spearman;
  const double with_ties = rsa(view_of(grid, "x"), view_of(grid, "y"), o);
  CHECK(with_ties == doctest::Approx(1.0));
  CHECK(rsa(view_of(grid, "x"), view_of(squared, "y"), o) < 1.0);
}

TEST_CASE("neighbourhood: CKNNA and mutual kNN equal platonic-rep's dense formulas") {
  const RowMatrixD x = random_matrix(40, 6, 22);
  const RowMatrixD y = x + 0.8 * random_matrix(40, 6, 23);
  const Eigen::Index n = 40;
  const Eigen::Index k = 5;
  auto normalised = [](RowMatrixD m) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) m.row(i).normalize();
    return Eigen::MatrixXd(m);
  };
  const Eigen::MatrixXd a = normalised(x);
  const Eigen::MatrixXd b = normalised(y);
  const Eigen::MatrixXd kx = a * a.transpose();
  const Eigen::MatrixXd ky = b * b.transpose();
  // Row masks of the k largest off-diagonal entries (argsort, as torch.topk).
  auto mask_of = [&](const Eigen::MatrixXd& kern) {
    Eigen::MatrixXd mask = Eigen::MatrixXd::Zero(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
      std::vector<Eigen::Index> order;
      for (Eigen::Index j = 0; j < n; ++j) {
        if (j != i) order.push_back(j);
      }
      std::sort(order.begin(), order.end(),
                [&](Eigen::Index p, Eigen::Index q) { return kern(i, p) > kern(i, q); });
      for (Eigen::Index t = 0; t < k; ++t) mask(i, order[static_cast<std::size_t>(t)]) = 1;
    }
    return mask;
  };
  auto hsic_unbiased = [&](Eigen::MatrixXd kt, Eigen::MatrixXd lt) {
    kt.diagonal().setZero();
    lt.diagonal().setZero();
    const double m = static_cast<double>(n);
    const double value = (kt.array() * lt.transpose().array()).sum() +
                         kt.sum() * lt.sum() / ((m - 1) * (m - 2)) -
                         2.0 * (kt * lt).sum() / (m - 2);
    return value / (m * (m - 3));
  };
  const Eigen::MatrixXd mx = mask_of(kx);
  const Eigen::MatrixXd my = mask_of(ky);
  const Eigen::MatrixXd both = mx.cwiseProduct(my);
  const double kl = hsic_unbiased(both.cwiseProduct(kx), both.cwiseProduct(ky));
  const double kk = hsic_unbiased(mx.cwiseProduct(kx), mx.cwiseProduct(kx));
  const double ll = hsic_unbiased(my.cwiseProduct(ky), my.cwiseProduct(ky));
  MeasureOptions o;
  o.k = static_cast<int>(k);
  CHECK(cknna(view_of(x, "x"), view_of(y, "y"), o) ==
        doctest::Approx(kl / std::sqrt(kk * ll)).epsilon(1e-12));
  CHECK(mutual_knn(view_of(x, "x"), view_of(y, "y"), o) ==
        doctest::Approx(both.sum() / static_cast<double>(n * k)).epsilon(1e-14));
  CHECK(cknna(view_of(x, "x"), view_of(x, "x"), o) == doctest::Approx(1.0));
  o.k = 1;
  CHECK(code_of([&] { cknna(view_of(x, "x"), view_of(y, "y"), o); }) == ErrorCode::BadOption);
  o.k = 40;
  CHECK(code_of([&] { jaccard_knn(view_of(x, "x"), view_of(y, "y"), o); }) == ErrorCode::BadOption);
}

namespace {

// Kendall's tau-b pair by pair (joint ties skipped, one-sided ties counted).
double naive_tau_b(const Eigen::MatrixXd& dx, const Eigen::MatrixXd& dy) {
  std::vector<double> a, b;
  for (Eigen::Index i = 0; i < dx.rows(); ++i) {
    for (Eigen::Index j = 0; j < i; ++j) {
      a.push_back(dx(i, j));
      b.push_back(dy(i, j));
    }
  }
  double concordant = 0, discordant = 0, x_only = 0, y_only = 0;
  for (std::size_t p = 0; p < a.size(); ++p) {
    for (std::size_t q = 0; q < p; ++q) {
      const double sx = a[p] - a[q];
      const double sy = b[p] - b[q];
      if (sx == 0 && sy == 0) continue;
      if (sx == 0) {
        ++x_only;
      } else if (sy == 0) {
        ++y_only;
      } else if ((sx > 0) == (sy > 0)) {
        ++concordant;
      } else {
        ++discordant;
      }
    }
  }
  return (concordant - discordant) /
         std::sqrt((concordant + discordant + y_only) * (concordant + discordant + x_only));
}

}  // namespace

TEST_CASE("RSA with Kendall's tau-b equals the pair-by-pair definition, ties included") {
  MeasureOptions o;
  o.outer = RsmOuter::Kendall;
  // No ties: Euclidean RSMs of continuous data.
  const RowMatrixD x = random_matrix(45, 3, 24);
  const RowMatrixD y = x + 0.7 * random_matrix(45, 3, 25);
  o.inner = RsmInner::Euclidean;
  CHECK(rsa(view_of(x, "x"), view_of(y, "y"), o) ==
        doctest::Approx(naive_tau_b(naive_distances(x), naive_distances(y))).epsilon(1e-12));
  // Ties everywhere, exactly: cosines of one-hot rows are 0 or 1.
  RowMatrixD hot_x = RowMatrixD::Zero(40, 4);
  RowMatrixD hot_y = RowMatrixD::Zero(40, 4);
  for (Eigen::Index i = 0; i < 40; ++i) {
    hot_x(i, i % 4) = 1;
    hot_y(i, (i % 7 == 0 ? i + 1 : i) % 4) = 1;  // every 7th example moved to another class
  }
  o.inner = RsmInner::Cosine;
  const Eigen::MatrixXd cx = Eigen::MatrixXd(hot_x) * Eigen::MatrixXd(hot_x).transpose();
  const Eigen::MatrixXd cy = Eigen::MatrixXd(hot_y) * Eigen::MatrixXd(hot_y).transpose();
  CHECK(rsa(view_of(hot_x, "x"), view_of(hot_y, "y"), o) ==
        doctest::Approx(naive_tau_b(cx, cy)).epsilon(1e-12));
  CHECK(rsa(view_of(x, "x"), view_of(x, "y"), o) == doctest::Approx(1.0));
}
