#include "measures/assignment.hpp"

#include <limits>

#include "base/cancellation.hpp"

namespace repsim {
namespace {

// Minimum-cost assignment of every row of `cost` (rows <= cols) to a distinct
// column; returns the column of each row.
std::vector<Eigen::Index> min_cost_rows(const Eigen::MatrixXd& cost) {
  const Eigen::Index rows = cost.rows();
  const Eigen::Index cols = cost.cols();
  const double inf = std::numeric_limits<double>::infinity();
  // 1-based: index 0 is the virtual column the augmenting path starts from.
  std::vector<double> u(static_cast<std::size_t>(rows + 1), 0.0);
  std::vector<double> v(static_cast<std::size_t>(cols + 1), 0.0);
  std::vector<Eigen::Index> row_of_col(static_cast<std::size_t>(cols + 1), 0);
  std::vector<Eigen::Index> way(static_cast<std::size_t>(cols + 1), 0);
  for (Eigen::Index i = 1; i <= rows; ++i) {
    throw_if_cancelled();
    row_of_col[0] = i;
    Eigen::Index j0 = 0;
    std::vector<double> min_slack(static_cast<std::size_t>(cols + 1), inf);
    std::vector<bool> used(static_cast<std::size_t>(cols + 1), false);
    do {
      used[static_cast<std::size_t>(j0)] = true;
      const Eigen::Index i0 = row_of_col[static_cast<std::size_t>(j0)];
      double delta = inf;
      Eigen::Index j1 = 0;
      for (Eigen::Index j = 1; j <= cols; ++j) {
        const auto sj = static_cast<std::size_t>(j);
        if (used[sj]) continue;
        const double slack = cost(i0 - 1, j - 1) - u[static_cast<std::size_t>(i0)] - v[sj];
        if (slack < min_slack[sj]) {
          min_slack[sj] = slack;
          way[sj] = j0;
        }
        if (min_slack[sj] < delta) {
          delta = min_slack[sj];
          j1 = j;
        }
      }
      for (Eigen::Index j = 0; j <= cols; ++j) {
        const auto sj = static_cast<std::size_t>(j);
        if (used[sj]) {
          u[static_cast<std::size_t>(row_of_col[sj])] += delta;
          v[sj] -= delta;
        } else {
          min_slack[sj] -= delta;
        }
      }
      j0 = j1;
    } while (row_of_col[static_cast<std::size_t>(j0)] != 0);
    do {  // flip the augmenting path
      const Eigen::Index j1 = way[static_cast<std::size_t>(j0)];
      row_of_col[static_cast<std::size_t>(j0)] = row_of_col[static_cast<std::size_t>(j1)];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<Eigen::Index> col_of_row(static_cast<std::size_t>(rows), -1);
  for (Eigen::Index j = 1; j <= cols; ++j) {
    const Eigen::Index i = row_of_col[static_cast<std::size_t>(j)];
    if (i > 0) col_of_row[static_cast<std::size_t>(i - 1)] = j - 1;
  }
  return col_of_row;
}

}  // namespace

Assignment max_weight_assignment(const Eigen::MatrixXd& weights) {
  Assignment out;
  out.column_of_row.assign(static_cast<std::size_t>(weights.rows()), -1);
  if (weights.size() == 0) return out;
  if (weights.rows() <= weights.cols()) {
    out.column_of_row = min_cost_rows(-weights);
  } else {
    // More rows than columns: assign the columns, then read it back per row.
    const std::vector<Eigen::Index> row_of_col = min_cost_rows(-weights.transpose());
    for (std::size_t j = 0; j < row_of_col.size(); ++j) {
      out.column_of_row[static_cast<std::size_t>(row_of_col[j])] = static_cast<Eigen::Index>(j);
    }
  }
  for (std::size_t i = 0; i < out.column_of_row.size(); ++i) {
    const Eigen::Index j = out.column_of_row[i];
    if (j >= 0) out.total += weights(static_cast<Eigen::Index>(i), j);
  }
  return out;
}

}  // namespace repsim
