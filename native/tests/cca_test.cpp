#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>

#include "base/error.hpp"
#include "cca/cca.hpp"
#include "cca/procrustes.hpp"
#include "cca/pwcca.hpp"
#include "test_support.hpp"

using namespace repsim;
using namespace repsim::testing;

namespace {

Eigen::MatrixXd centred(const Eigen::MatrixXd& m) { return m.rowwise() - m.colwise().mean(); }

Eigen::MatrixXd thin_q(const Eigen::MatrixXd& m) {
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(m);
  return qr.householderQ() * Eigen::MatrixXd::Identity(m.rows(), m.cols());
}

// google/svcca's QR route: centre, thin QR of each, singular values of Qx^T Qy.
Eigen::VectorXd naive_rho(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
  const Eigen::MatrixXd w = thin_q(centred(x)).transpose() * thin_q(centred(y));
  return Eigen::JacobiSVD<Eigen::MatrixXd>(w).singularValues();
}

CcaResult run_cca(const RowMatrixD& x, const RowMatrixD& y, int threads = 0) {
  CcaOptions options;
  options.threads = threads;
  return cca(view_of(x, "x"), view_of(y, "y"), options);
}

void check_close(const Eigen::VectorXd& got, const Eigen::VectorXd& expected, double tolerance) {
  REQUIRE(got.size() == expected.size());
  for (Eigen::Index i = 0; i < got.size(); ++i) {
    CHECK(got(i) == doctest::Approx(expected(i)).epsilon(tolerance));
  }
}

}  // namespace

TEST_CASE("CCA matches the QR route on well-conditioned data, any thread count") {
  const RowMatrixD x = random_matrix(800, 30, 1);
  RowMatrixD y = random_matrix(800, 45, 2);
  y.leftCols(30) += 0.7 * x;
  const Eigen::VectorXd expected = naive_rho(x, y);
  for (int threads : {1, 2, 3}) {
    const CcaResult r = run_cca(x, y, threads);
    check_close(r.rho, expected, 1e-11);
    CHECK(r.dims_x == 30);
    CHECK(r.dims_y == 45);
  }
}

TEST_CASE("ill-conditioned columns take the pivoted-QR route and stay accurate") {
  RowMatrixD x = random_matrix(600, 12, 3);
  x.col(5) = x.col(4) + 1e-7 * x.col(5);  // condition number ~1e7: Cholesky not trusted
  RowMatrixD y = random_matrix(600, 9, 4);
  y.leftCols(9) += x.leftCols(9);
  check_close(run_cca(x, y).rho, naive_rho(x, y), 1e-8);
}

TEST_CASE("duplicated and constant columns are dropped, not turned into garbage") {
  const RowMatrixD base = random_matrix(500, 10, 5);
  RowMatrixD x(500, 13);
  x << base, base.col(2), base.col(0) * 3.0 - base.col(7), Eigen::VectorXd::Constant(500, 4.0);
  RowMatrixD y = random_matrix(500, 8, 6);
  y.leftCols(8) += base.leftCols(8);
  const CcaResult r = run_cca(x, y);
  CHECK(r.dims_x == 10);
  check_close(r.rho, naive_rho(base, y), 1e-9);
  CHECK(r.rho.allFinite());
}

TEST_CASE("n - 1 < p1 + p2 is refused unless allowed") {
  const RowMatrixD x = random_matrix(40, 25, 7);
  const RowMatrixD y = random_matrix(40, 20, 8);
  CHECK(code_of([&] { run_cca(x, y); }) == ErrorCode::Underdetermined);
  CcaOptions allow;
  allow.allow_underdetermined = true;
  const CcaResult r = cca(view_of(x, "x"), view_of(y, "y"), allow);
  // 25 + 20 > 39: the spaces meet in at least 6 dimensions.
  CHECK(r.rho.head(6).minCoeff() == doctest::Approx(1.0).epsilon(1e-9));
  CHECK(r.rho.allFinite());
}

TEST_CASE("SVCCA equals CCA of the top principal components") {
  const RowMatrixD latent = random_matrix(700, 5, 9);
  const RowMatrixD x = latent * random_matrix(5, 20, 10) + 0.05 * random_matrix(700, 20, 11);
  const RowMatrixD y = latent * random_matrix(5, 16, 12) + 0.05 * random_matrix(700, 16, 13);
  for (Eigen::Index k : {3, 5, 8}) {
    KeepSpec keep;
    keep.rule = KeepSpec::Rule::Dims;
    keep.dims = k;
    const CcaResult r = svcca(view_of(x, "x"), view_of(y, "y"), keep, {});
    const Eigen::JacobiSVD<Eigen::MatrixXd> sx(centred(x), Eigen::ComputeThinV);
    const Eigen::JacobiSVD<Eigen::MatrixXd> sy(centred(y), Eigen::ComputeThinV);
    const Eigen::MatrixXd rx = centred(x) * sx.matrixV().leftCols(k);
    const Eigen::MatrixXd ry = centred(y) * sy.matrixV().leftCols(k);
    check_close(r.rho, naive_rho(rx, ry), 1e-9);
    CHECK(r.dims_x == k);
  }
}

TEST_CASE("PWCCA paper weights follow Morcos et al. 2018's formula") {
  const RowMatrixD x = random_matrix(900, 10, 14);
  RowMatrixD y = random_matrix(900, 14, 15);
  y.leftCols(10) += 0.8 * x;
  const PwccaResult r = pwcca(view_of(x, "x"), view_of(y, "y"), PwccaWeights::Paper, {});
  // h = Qx U (unit canonical variates of x); alpha_i = sum_j |h_i . x_j|.
  const Eigen::MatrixXd qx = thin_q(centred(x));
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(qx.transpose() * thin_q(centred(y)),
                                              Eigen::ComputeThinU);
  const Eigen::MatrixXd h = qx * svd.matrixU();
  Eigen::VectorXd alpha = (h.transpose() * centred(x)).cwiseAbs().rowwise().sum();
  alpha /= alpha.sum();
  check_close(r.weights, alpha, 1e-9);
  CHECK(r.similarity == doctest::Approx(alpha.dot(svd.singularValues())).epsilon(1e-11));
}

TEST_CASE("Procrustes matches its definition and is orthogonally invariant") {
  const RowMatrixD x = random_matrix(300, 12, 16);
  const RowMatrixD y = x * random_matrix(12, 7, 17) + random_matrix(300, 7, 18);
  const Eigen::MatrixXd xc = centred(x) / centred(x).norm();
  const Eigen::MatrixXd yc = centred(y) / centred(y).norm();
  const double nuclear =
      Eigen::JacobiSVD<Eigen::MatrixXd>(xc.transpose() * yc).singularValues().sum();
  const ProcrustesResult r = procrustes(view_of(x, "x"), view_of(y, "y"), {});
  CHECK(r.similarity == doctest::Approx(nuclear).epsilon(1e-12));
  CHECK(r.distance == doctest::Approx(std::sqrt(2.0 - 2.0 * nuclear)).epsilon(1e-10));
  const RowMatrixD rotated = x * random_orthogonal(12, 19) * 2.5;
  CHECK(procrustes(view_of(rotated, "x"), view_of(y, "y"), {}).distance ==
        doctest::Approx(r.distance).epsilon(1e-10));
}

TEST_CASE("wide layers take the fast routes (Gram eigenvalues, factor SVD) with the same result") {
  // p > kDirectSvdLimit: correlations from the eigenvalues of W^T W.
  const RowMatrixD x = random_matrix(1500, 600, 20);
  RowMatrixD y = random_matrix(1500, 560, 21);
  y += 0.5 * x.leftCols(560);
  const CcaResult r = run_cca(x, y);
  const Eigen::VectorXd expected = naive_rho(x, y);
  REQUIRE(r.rho.size() == expected.size());
  CHECK((r.rho - expected).cwiseAbs().maxCoeff() < 1e-10);

  // p >= 1024: SVCCA's principal directions from the SVD of the Cholesky factor.
  const RowMatrixD a = random_matrix(1400, 1030, 22);
  const RowMatrixD b = a.leftCols(40) * random_matrix(40, 50, 23) + random_matrix(1400, 50, 24);
  KeepSpec keep;
  keep.rule = KeepSpec::Rule::Dims;
  keep.dims = 30;
  const CcaResult s = svcca(view_of(a, "a"), view_of(b, "b"), keep, {});
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ea(centred(a).transpose() * centred(a));
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eb(centred(b).transpose() * centred(b));
  const Eigen::MatrixXd ra = centred(a) * ea.eigenvectors().rightCols(30);
  const Eigen::MatrixXd rb = centred(b) * eb.eigenvectors().rightCols(30);
  check_close(s.rho, naive_rho(ra, rb), 1e-8);
}
