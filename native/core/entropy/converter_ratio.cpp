#include "entropy/converter_ratio.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "base/checks.hpp"
#include "base/column_moments.hpp"
#include "base/error.hpp"
#include "base/memory_budget.hpp"
#include "base/seeded_random.hpp"
#include "linalg/decompositions.hpp"

namespace repsim {
namespace {

// Rows `rows` of a view, in float64.
Eigen::MatrixXd gather_rows(const MatrixView& view, const std::vector<Eigen::Index>& rows) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), view.cols);
  visit_typed(view, [&](const auto& m) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      out.row(static_cast<Eigen::Index>(i)) = m.row(rows[i]).template cast<double>();
    }
  });
  return out;
}

// Relative ridge strengths tried by GCV, times trace(Pc^T Pc) / p.
constexpr double kLambdaGrid[] = {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0};

}  // namespace

ConverterResult converter_ratio(const MatrixView& source, const MatrixView& target,
                                const ConverterOptions& options) {
  require_paired_examples(source, target, 4, "the converter ratio");
  {
    // Training and held-out rows of both layers in float64, the source's p x p
    // Gram matrix with its eigenvectors and a temporary, the fitted weights.
    const auto n = static_cast<double>(source.rows);
    const auto p = static_cast<double>(source.cols);
    const auto q = static_cast<double>(target.cols);
    const double bytes = 8.0 * (2.0 * n * (p + q) + 3.0 * p * p + 3.0 * p * q);
    if (!options.budget.allows(bytes)) {
      refuse_memory(bytes, options.budget, "the converter's ridge fit",
                    "use fewer features (a JL projection first), or raise maxMemoryBytes");
    }
  }
  column_moments(source, options.threads);  // finite values, not all constant
  column_moments(target, options.threads);
  const Eigen::Index n = source.rows;
  const auto held =
      static_cast<Eigen::Index>(std::llround(options.holdout * static_cast<double>(n)));
  if (held < 2 || n - held < 2) {
    throw Error(ErrorCode::TooFewSamples,
                "the converter needs at least 2 training and 2 held-out examples; got " +
                    std::to_string(n) + " examples with holdout " +
                    std::to_string(options.holdout));
  }
  SeededRandom random(options.seed);
  const std::vector<Eigen::Index> order = random.permutation(n);
  const std::vector<Eigen::Index> test_rows(order.begin(), order.begin() + held);
  const std::vector<Eigen::Index> train_rows(order.begin() + held, order.end());

  Eigen::MatrixXd p_train = gather_rows(source, train_rows);
  Eigen::MatrixXd q_train = gather_rows(target, train_rows);
  const Eigen::RowVectorXd p_mean = p_train.colwise().mean();
  const Eigen::RowVectorXd q_mean = q_train.colwise().mean();
  p_train.rowwise() -= p_mean;
  q_train.rowwise() -= q_mean;

  // Everything below lives in p x p space: Pc^T Pc = V diag(e) V^T.
  const Eigen::MatrixXd gram = p_train.transpose() * p_train;
  const SymmetricEigen eigen = symmetric_eigen(gram, true);
  if (!eigen.converged) {
    throw Error(ErrorCode::Internal, "eigendecomposition of the converter's Gram matrix failed");
  }
  const Eigen::VectorXd e = eigen.values.cwiseMax(0.0);
  const Eigen::MatrixXd projected = eigen.vectors.transpose() * (p_train.transpose() * q_train);
  const double q_total = q_train.squaredNorm();
  const auto train_count = static_cast<double>(train_rows.size());

  // With Pc = U S V^T and e = s^2, the training fit shrinks each direction by
  // h_i = e_i / (e_i + lambda): RSS = |Qc|^2 - sum_i (2 h_i - h_i^2) |u_i^T Qc|^2
  // where |u_i^T Qc|^2 = |(V^T Pc^T Qc)_i|^2 / e_i, and df = sum_i h_i.
  const Eigen::VectorXd row_mass = projected.rowwise().squaredNorm();
  const auto rss_df = [&](double lambda) {
    double explained = 0.0;
    double df = 0.0;
    for (Eigen::Index i = 0; i < e.size(); ++i) {
      if (e(i) <= 0.0) continue;
      const double h = e(i) / (e(i) + lambda);
      explained += (2.0 * h - h * h) * row_mass(i) / e(i);
      df += h;
    }
    return std::pair<double, double>{q_total - explained, df};
  };
  double lambda = options.lambda;
  if (lambda < 0.0) {
    const double scale = gram.trace() / static_cast<double>(gram.rows());
    double best = std::numeric_limits<double>::infinity();
    for (const double relative : kLambdaGrid) {
      const auto [rss, df] = rss_df(relative * scale);
      const double denominator = 1.0 - df / train_count;
      if (denominator <= 0.0) continue;
      const double gcv = rss / (denominator * denominator);
      if (gcv < best) {
        best = gcv;
        lambda = relative * scale;
      }
    }
    if (lambda < 0.0) lambda = kLambdaGrid[std::size(kLambdaGrid) - 1] * scale;  // p >= m
  }
  // W = V diag(1 / (e + lambda)) V^T Pc^T Qc.
  const Eigen::MatrixXd weights =
      eigen.vectors * ((e.array() + lambda).inverse().matrix().asDiagonal() * projected);
  // e + lambda is 0 only when the training rows of the source are all equal
  // (lambda scales with e): there is nothing to fit the converter on.
  if (!weights.allFinite()) {
    throw Error(ErrorCode::ZeroVariance,
                source.name + " is constant on the training rows; the converter cannot be fitted");
  }

  Eigen::MatrixXd p_test = gather_rows(source, test_rows);
  const Eigen::MatrixXd q_test = gather_rows(target, test_rows);
  p_test.rowwise() -= p_mean;
  const Eigen::MatrixXd predicted = (p_test * weights).rowwise() + q_mean;
  const double spread = (q_test.rowwise() - q_test.colwise().mean()).squaredNorm();
  if (!(spread > 0.0)) {
    throw Error(ErrorCode::ZeroVariance,
                target.name + " is constant on the held-out rows; the converter loss is undefined");
  }
  ConverterResult result;
  result.loss = std::clamp((q_test - predicted).squaredNorm() / spread, 0.0, 1.0);
  result.ratio = 1.0 - result.loss;
  result.lambda = lambda;
  return result;
}

}  // namespace repsim
