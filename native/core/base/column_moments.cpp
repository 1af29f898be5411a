#include "base/column_moments.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/parallel.hpp"

namespace repsim {
namespace {

struct Partial {
  Eigen::VectorXd sum;
  Eigen::VectorXd min;
  Eigen::VectorXd max;
};

[[noreturn]] void throw_first_non_finite(const MatrixView& x) {
  visit_typed(x, [&](const auto& m) {
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      for (Eigen::Index j = 0; j < m.cols(); ++j) {
        const double value = static_cast<double>(m(i, j));
        if (!std::isfinite(value)) {
          throw Error(ErrorCode::NonFinite,
                      x.name + " contains " + (std::isnan(value) ? "NaN" : "an infinite value") +
                          " at row " + std::to_string(i) + ", column " + std::to_string(j) +
                          "; every activation must be a finite number");
        }
      }
    }
  });
  throw Error(ErrorCode::NonFinite,
              x.name + " has values too large to sum in float64; rescale the activations");
}

}  // namespace

ColumnMoments column_moments(const MatrixView& x, int threads) {
  if (x.rows < 1) throw Error(ErrorCode::TooFewSamples, x.name + " has no rows (examples)");
  const double inf = std::numeric_limits<double>::infinity();
  // About 0.1 ms of summing per worker at least.
  const int workers =
      workers_for(static_cast<double>(x.rows) * static_cast<double>(x.cols), 1 << 18, threads);
  std::vector<Partial> partials(
      static_cast<size_t>(workers),
      Partial{Eigen::VectorXd::Zero(x.cols), Eigen::VectorXd::Constant(x.cols, inf),
              Eigen::VectorXd::Constant(x.cols, -inf)});
  visit_typed(x, [&](const auto& m) {
    parallel_ranges(workers, m.rows(), [&](int w, Eigen::Index begin, Eigen::Index end) {
      Partial& p = partials[static_cast<size_t>(w)];
      // Row by row: the input is row-major, so each step reads contiguous memory.
      for (Eigen::Index i = begin; i < end; ++i) {
        const auto row = m.row(i).transpose().template cast<double>();
        p.sum += row;
        p.min = p.min.cwiseMin(row);
        p.max = p.max.cwiseMax(row);
      }
    });
  });

  Partial total = partials[0];
  for (size_t w = 1; w < partials.size(); ++w) {
    total.sum += partials[w].sum;
    total.min = total.min.cwiseMin(partials[w].min);
    total.max = total.max.cwiseMax(partials[w].max);
  }
  // A NaN or Inf anywhere makes its column sum non-finite: one cheap test on the
  // sums decides whether the slow search for the culprit is needed.
  if (!total.sum.allFinite()) throw_first_non_finite(x);

  ColumnMoments moments;
  moments.mean = total.sum / static_cast<double>(x.rows);
  moments.constant = total.max.array() == total.min.array();
  moments.constant_columns = moments.constant.count();
  if (moments.constant_columns == x.cols) {
    throw Error(ErrorCode::ZeroVariance,
                x.name + " has zero variance: every column is constant across the " +
                    std::to_string(x.rows) +
                    " examples, so its similarity to anything is undefined");
  }
  return moments;
}

}  // namespace repsim
