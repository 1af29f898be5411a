#include "test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace repsim::testing {

ErrorCode code_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("expected repsim::Error");
  return ErrorCode::Internal;
}

SimilarityOptions form_options(CkaForm form, int threads) {
  SimilarityOptions options;
  options.form = form;
  options.threads = threads;
  return options;
}

RowMatrixD random_matrix(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> normal;
  RowMatrixD m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i) {
    for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = normal(engine);
  }
  return m;
}

Eigen::MatrixXd random_orthogonal(Eigen::Index size, unsigned seed) {
  const Eigen::MatrixXd gaussian = random_matrix(size, size, seed);
  return Eigen::HouseholderQR<Eigen::MatrixXd>(gaussian).householderQ();
}

MatrixView view_of(const RowMatrixD& m, const std::string& name) {
  return MatrixView{m.data(), m.rows(), m.cols(), DType::Float64, name};
}

MatrixView view_of(const RowMatrixF& m, const std::string& name) {
  return MatrixView{m.data(), m.rows(), m.cols(), DType::Float32, name};
}

double naive_linear_cka(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
  const Eigen::MatrixXd xc = x.rowwise() - x.colwise().mean();
  const Eigen::MatrixXd yc = y.rowwise() - y.colwise().mean();
  const double cross = (yc.transpose() * xc).squaredNorm();
  return cross / ((xc.transpose() * xc).norm() * (yc.transpose() * yc).norm());
}

Eigen::MatrixXd naive_gram_linear(const Eigen::MatrixXd& x) { return x * x.transpose(); }

Eigen::MatrixXd naive_gram_rbf(const Eigen::MatrixXd& x, double threshold) {
  const Eigen::MatrixXd dot = x * x.transpose();
  const Eigen::VectorXd sq = dot.diagonal();
  const Eigen::MatrixXd d = ((-2.0 * dot).colwise() + sq).rowwise() + sq.transpose();
  const double median = naive_median(d);
  return (-d.array() / (2.0 * threshold * threshold * median)).exp().matrix();
}

double naive_median(Eigen::MatrixXd values) {
  std::vector<double> v(values.data(), values.data() + values.size());
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

Eigen::MatrixXd naive_center_gram(Eigen::MatrixXd gram, bool unbiased) {
  const double n = static_cast<double>(gram.rows());
  Eigen::VectorXd means;
  if (unbiased) {
    gram.diagonal().setZero();
    means = gram.colwise().sum().transpose() / (n - 2.0);
    means.array() -= means.sum() / (2.0 * (n - 1.0));
  } else {
    means = gram.colwise().mean().transpose();
    means.array() -= means.mean() / 2.0;
  }
  gram.colwise() -= means;
  gram.rowwise() -= means.transpose();
  if (unbiased) gram.diagonal().setZero();
  return gram;
}

double naive_cka(const Eigen::MatrixXd& kx, const Eigen::MatrixXd& ky, bool debiased) {
  const Eigen::MatrixXd cx = naive_center_gram(kx, debiased);
  const Eigen::MatrixXd cy = naive_center_gram(ky, debiased);
  return (cx.array() * cy.array()).sum() / (cx.norm() * cy.norm());
}

double naive_hsic1(Eigen::MatrixXd k, Eigen::MatrixXd l) {
  const double n = static_cast<double>(k.rows());
  k.diagonal().setZero();
  l.diagonal().setZero();
  const Eigen::VectorXd one = Eigen::VectorXd::Ones(k.rows());
  const double trace = (k * l).trace();
  const double sums = one.dot(k * one) * one.dot(l * one) / ((n - 1.0) * (n - 2.0));
  const double cross = 2.0 / (n - 2.0) * one.dot(k * l * one);
  return (trace + sums - cross) / (n * (n - 3.0));
}

}  // namespace repsim::testing
