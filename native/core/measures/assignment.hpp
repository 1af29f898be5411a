// The linear sum assignment: rows matched to distinct columns so that the
// matched weights add up to the most (scipy.optimize.linear_sum_assignment
// with maximize=True). Kuhn-Munkres with row and column potentials (the
// shortest-augmenting-path form, O(r^2 c) for r <= c rows), written here
// because the measures need only this one routine: a Debian package for it
// (dlib, OR-Tools) would be a large dependency for sixty lines; it is tested
// against every permutation of small matrices (native/tests/measures_test.cpp).
#pragma once

#include <Eigen/Core>
#include <vector>

namespace repsim {

struct Assignment {
  // column_of_row[i]: the column row i is matched to; -1 for rows left
  // unmatched when there are more rows than columns.
  std::vector<Eigen::Index> column_of_row;
  double total = 0.0;  // the sum of the matched weights
};

// The matching of min(rows, cols) pairs with the largest total weight.
// Polls cancellation between rows. Weights must be finite.
Assignment max_weight_assignment(const Eigen::MatrixXd& weights);

}  // namespace repsim
