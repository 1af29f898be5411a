#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <vector>

#include "resampling/gram_resampling.hpp"
#include "resampling/layer_resampling.hpp"
#include "resampling/principal_components.hpp"
#include "resampling/resampling.hpp"
#include "test_support.hpp"

using namespace repsim;
using namespace repsim::testing;

namespace {

RowMatrixD rows_of(const RowMatrixD& m, const std::vector<Eigen::Index>& rows) {
  RowMatrixD out(static_cast<Eigen::Index>(rows.size()), m.cols());
  for (std::size_t i = 0; i < rows.size(); ++i)
    out.row(static_cast<Eigen::Index>(i)) = m.row(rows[i]);
  return out;
}

PairMetric cka_metric(KernelKind kind, bool debiased, double sigma = 0.0) {
  PairMetric m;
  m.cka.kernel.kind = kind;
  m.cka.kernel.sigma = sigma;
  m.cka.debiased = debiased;
  return m;
}

PairMetric cca_metric(LayerCcaMetric which) {
  PairMetric m;
  m.family = PairMetric::Family::Cca;
  m.cca.metric = which;
  return m;
}

}  // namespace

TEST_CASE("index sets: permutations are permutations, draws are in range, sets differ") {
  const auto p0 = resample_indices(Resampling::Permutation, 50, 7, 0);
  auto sorted = p0;
  std::sort(sorted.begin(), sorted.end());
  for (Eigen::Index i = 0; i < 50; ++i) CHECK(sorted[static_cast<std::size_t>(i)] == i);
  CHECK(p0 != resample_indices(Resampling::Permutation, 50, 7, 1));
  CHECK(p0 != resample_indices(Resampling::Permutation, 50, 8, 0));
  CHECK(p0 == resample_indices(Resampling::Permutation, 50, 7, 0));
  const auto b = resample_indices(Resampling::Bootstrap, 1000, 7, 3);
  CHECK(*std::min_element(b.begin(), b.end()) >= 0);
  CHECK(*std::max_element(b.begin(), b.end()) < 1000);
  std::vector<Eigen::Index> unique = b;
  std::sort(unique.begin(), unique.end());
  const auto distinct = std::unique(unique.begin(), unique.end()) - unique.begin();
  CHECK(distinct == doctest::Approx(632).epsilon(0.06));  // 1 - 1/e of the rows
}

TEST_CASE("gathered Gram CKA equals CKA recomputed on the resampled rows") {
  const RowMatrixD x = random_matrix(60, 5, 200);
  const RowMatrixD y = x.leftCols(3) * random_matrix(3, 4, 201) + 0.5 * random_matrix(60, 4, 202);
  for (const bool debiased : {false, true}) {
    for (const KernelKind kind : {KernelKind::Linear, KernelKind::Rbf}) {
      const PairMetric m = cka_metric(kind, debiased, kind == KernelKind::Rbf ? 2.5 : 0.0);
      const ResamplableGrams grams(view_of(x, "x"), view_of(y, "y"), m.cka);
      for (const Resampling kind_of_set : {Resampling::Permutation, Resampling::Bootstrap}) {
        for (std::int64_t set = 0; set < 3; ++set) {
          const auto rows = resample_indices(kind_of_set, 60, 11, set);
          std::vector<Eigen::Index> all(60);
          for (Eigen::Index i = 0; i < 60; ++i) all[static_cast<std::size_t>(i)] = i;
          const auto& ix = kind_of_set == Resampling::Permutation ? all : rows;
          const RowMatrixD xr = rows_of(x, ix);
          const RowMatrixD yr = rows_of(y, rows);
          const double expected =
              kind == KernelKind::Linear
                  ? naive_cka(naive_gram_linear(xr), naive_gram_linear(yr), debiased)
                  : pair_metric(m, view_of(xr, "x"), view_of(yr, "y"));
          CHECK(grams.cka(ix, rows) == doctest::Approx(expected).epsilon(1e-10));
        }
      }
    }
  }
}

TEST_CASE("resample_metric: the value is the plain metric; sets do not depend on threads") {
  const RowMatrixD x = random_matrix(80, 6, 210);
  const RowMatrixD y = x * random_matrix(6, 6, 211) + random_matrix(80, 6, 212);
  for (const PairMetric& base :
       {cka_metric(KernelKind::Linear, false), cka_metric(KernelKind::Rbf, false),
        cca_metric(LayerCcaMetric::MeanRho), cca_metric(LayerCcaMetric::Pwcca),
        cca_metric(LayerCcaMetric::Procrustes)}) {
    for (const Resampling kind : {Resampling::Permutation, Resampling::Bootstrap}) {
      PairMetric one = base;
      one.cka.threads = 1;
      one.cca.cca.threads = 1;
      PairMetric two = base;
      two.cka.threads = 2;
      two.cca.cca.threads = 2;
      const ResampledValues a = resample_metric(one, view_of(x, "x"), view_of(y, "y"), kind, 9, 5);
      const ResampledValues b = resample_metric(two, view_of(x, "x"), view_of(y, "y"), kind, 9, 5);
      CHECK(a.value == doctest::Approx(pair_metric(base, view_of(x, "x"), view_of(y, "y"))));
      CHECK(a.values.size() == 9);
      CHECK((a.values - b.values).cwiseAbs().maxCoeff() < 1e-12);
    }
  }
}

TEST_CASE("whitened permutations equal CCA and SVCCA recomputed on the shuffled rows") {
  const RowMatrixD x = random_matrix(120, 8, 220);
  const RowMatrixD y = x.leftCols(4) * random_matrix(4, 7, 221) + random_matrix(120, 7, 222);
  for (const LayerCcaMetric which : {LayerCcaMetric::MeanRho, LayerCcaMetric::Svcca}) {
    const PairMetric m = cca_metric(which);
    const ResampledValues r =
        resample_metric(m, view_of(x, "x"), view_of(y, "y"), Resampling::Permutation, 4, 3);
    CHECK(r.route == ResamplingRoute::Whitened);
    for (std::int64_t set = 0; set < 4; ++set) {
      const RowMatrixD shuffled =
          rows_of(y, resample_indices(Resampling::Permutation, 120, 3, set));
      CHECK(
          r.values[set] ==
          doctest::Approx(pair_metric(m, view_of(x, "x"), view_of(shuffled, "y"))).epsilon(1e-10));
    }
  }
}

TEST_CASE("bootstrap CCA recomputes each draw; Procrustes distances are resampled too") {
  const RowMatrixD x = random_matrix(90, 5, 230);
  const RowMatrixD y = x * random_matrix(5, 5, 231) + 0.2 * random_matrix(90, 5, 232);
  for (const LayerCcaMetric which : {LayerCcaMetric::MeanRho, LayerCcaMetric::Procrustes}) {
    const PairMetric m = cca_metric(which);
    const ResampledValues r =
        resample_metric(m, view_of(x, "x"), view_of(y, "y"), Resampling::Bootstrap, 3, 4);
    CHECK(r.route == ResamplingRoute::Recompute);
    for (std::int64_t set = 0; set < 3; ++set) {
      const auto rows = resample_indices(Resampling::Bootstrap, 90, 4, set);
      const RowMatrixD xr = rows_of(x, rows);
      const RowMatrixD yr = rows_of(y, rows);
      CHECK(r.values[set] ==
            doctest::Approx(pair_metric(m, view_of(xr, "x"), view_of(yr, "y"))).epsilon(1e-12));
    }
  }
}

TEST_CASE("removing principal components leaves the rest of the centred data") {
  RowMatrixD x = random_matrix(200, 6, 240);
  x.col(0) *= 10.0;  // a dominant direction
  x.col(1) *= 5.0;
  const ComponentsRemoved none = without_principal_components(view_of(x, "x"), 0, 1, {});
  const RowMatrixD centred = x.rowwise() - x.colwise().mean();
  CHECK((none.rows - centred).cwiseAbs().maxCoeff() < 1e-12);
  CHECK(none.removed_variance == 0.0);
  const ComponentsRemoved two = without_principal_components(view_of(x, "x"), 2, 2, {});
  // What is left has (almost) nothing along the two big axes.
  CHECK(two.rows.col(0).norm() < 0.5 * centred.col(0).norm() / 10.0);
  CHECK(two.removed_variance > 0.9);
  CHECK(code_of([&] { without_principal_components(view_of(x, "x"), 7, 1, {}); }) ==
        ErrorCode::BadOption);
}

TEST_CASE("feature-route permutations equal linear CKA recomputed on the shuffled rows") {
  const RowMatrixD x = random_matrix(300, 4, 250);
  const RowMatrixD y = x * random_matrix(4, 3, 251) + random_matrix(300, 3, 252);
  const PairMetric m = cka_metric(KernelKind::Linear, false);
  const ResampledValues r =
      resample_metric(m, view_of(x, "x"), view_of(y, "y"), Resampling::Permutation, 5, 6);
  CHECK(r.route == ResamplingRoute::Feature);
  for (std::int64_t set = 0; set < 5; ++set) {
    const RowMatrixD shuffled = rows_of(y, resample_indices(Resampling::Permutation, 300, 6, set));
    CHECK(r.values[set] == doctest::Approx(naive_linear_cka(x, shuffled)).epsilon(1e-12));
  }
}

TEST_CASE("layer pairs: each cell equals resample_metric of the pair, from one Gram per layer") {
  const RowMatrixD a0 = random_matrix(70, 9, 230);
  const RowMatrixD a1 = random_matrix(70, 12, 231);
  const RowMatrixD b0 = a0 * random_matrix(9, 10, 232) + random_matrix(70, 10, 233);
  const std::vector<MatrixView> a = {view_of(a0, "a0"), view_of(a1, "a1")};
  const std::vector<MatrixView> b = {view_of(b0, "b0")};
  for (const PairMetric& metric :
       {cka_metric(KernelKind::Rbf, false), cka_metric(KernelKind::Rbf, true),
        cka_metric(KernelKind::Linear, false), cca_metric(LayerCcaMetric::Svcca),
        cca_metric(LayerCcaMetric::Procrustes)}) {
    for (const Resampling kind : {Resampling::Permutation, Resampling::Bootstrap}) {
      const LayerResampledValues all = resample_layer_pairs(metric, a, b, false, kind, 7, 3);
      REQUIRE(all.rows == 2);
      REQUIRE(all.cols == 1);
      for (Eigen::Index i = 0; i < 2; ++i) {
        const ResampledValues pair =
            resample_metric(metric, a[static_cast<std::size_t>(i)], b[0], kind, 7, 3);
        CHECK(all.value[i] == doctest::Approx(pair.value).epsilon(1e-12));
        CHECK((all.values.col(i) - pair.values).cwiseAbs().maxCoeff() < 1e-12);
        CHECK(all.routes[static_cast<std::size_t>(i)] == pair.route);
      }
      const bool gram = all.routes[0] == ResamplingRoute::Gram;
      CHECK(all.grams_built == (gram ? 3 : 0));  // a0, a1, b0 once each
    }
  }
  // Within one model: a's Grams serve both sides.
  const LayerResampledValues within = resample_layer_pairs(cka_metric(KernelKind::Rbf, false), a,
                                                           {}, true, Resampling::Permutation, 5, 1);
  CHECK(within.cols == 2);
  CHECK(within.grams_built == 2);
  CHECK(within.value[0] == doctest::Approx(1.0));
}
