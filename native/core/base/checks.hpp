// Input requirements that several metrics share. Each throws repsim::Error with
// a message naming the argument and saying what was expected.
#pragma once

#include "base/matrix_view.hpp"

namespace repsim {

// Rows are examples: two representations of the same examples must have the
// same number of rows, and at least `min_rows` of them.
void require_paired_examples(const MatrixView& x, const MatrixView& y, Eigen::Index min_rows,
                             const char* method);

}  // namespace repsim
