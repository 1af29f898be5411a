#include "base/column_moments.hpp"

#include <algorithm>
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

// Refuses values whose spread products cannot represent (see the header).
void check_spread(const MatrixView& x, const Partial& total,
                  const Eigen::Array<bool, Eigen::Dynamic, 1>& constant) {
  double spread = 0.0;
  for (Eigen::Index j = 0; j < x.cols; ++j) {
    if (!constant(j)) spread = std::max(spread, total.max(j) - total.min(j));
  }
  const ValueSpread range = value_spread_range(x.dtype);
  if (spread >= range.smallest && spread <= range.largest) return;
  const char* type = x.dtype == DType::Float32 ? "float32" : "float64";
  throw Error(ErrorCode::OutOfRange,
              x.name + "'s values spread over " + short_number(spread) +
                  " (the largest max - min of a column), outside what repsim computes exactly in " +
                  type + " (" + short_number(range.smallest) + " to " +
                  short_number(range.largest) + "): their products would " +
                  (spread > range.largest ? "overflow" : "underflow") +
                  ". Multiply the layer by a constant first (CKA, CCA, SVCCA, PWCCA, Procrustes, "
                  "the kNN entropy and the converter ratio do not change)" +
                  (x.dtype == DType::Float32 ? ", or pass it as float64" : ""));
}

}  // namespace

ValueSpread value_spread_range(DType dtype) {
  if (dtype == DType::Float32) return {std::ldexp(1.0, -50), std::ldexp(1.0, 56)};
  return {std::ldexp(1.0, -100), std::ldexp(1.0, 100)};
}

ColumnMoments column_moments(const MatrixView& x, int threads, bool allow_constant) {
  if (x.rows < 1) throw Error(ErrorCode::TooFewSamples, x.name + " has no rows (examples)");
  // Before any loop over the rows: [1e15, 0] holds no values but many rows.
  if (x.cols < 1) {
    throw Error(ErrorCode::ShapeMismatch,
                x.name + " has no columns; expected at least one feature per example");
  }
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
      double* sum = p.sum.data();
      double* low = p.min.data();
      double* high = p.max.data();
      // Row by row: the input is row-major, so each step reads contiguous
      // memory; one fused loop per row (the compiler vectorises it) reads
      // each value once for all three.
      for (Eigen::Index i = begin; i < end; ++i) {
        const auto* row = m.row(i).data();
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
          const auto v = static_cast<double>(row[j]);
          sum[j] += v;
          low[j] = std::min(low[j], v);
          high[j] = std::max(high[j], v);
        }
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
    if (allow_constant) return moments;
    throw Error(ErrorCode::ZeroVariance,
                x.name + " has zero variance: every column is constant across the " +
                    std::to_string(x.rows) +
                    " examples, so its similarity to anything is undefined");
  }
  check_spread(x, total, moments.constant);
  return moments;
}

}  // namespace repsim
