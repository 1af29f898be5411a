#include "base/checks.hpp"

#include <string>

#include "base/error.hpp"

namespace repsim {

void require_paired_examples(const MatrixView& x, const MatrixView& y, Eigen::Index min_rows,
                             const char* method) {
  if (x.rows != y.rows) {
    throw Error(ErrorCode::ShapeMismatch,
                x.name + " has " + std::to_string(x.rows) + " rows but " + y.name + " has " +
                    std::to_string(y.rows) +
                    "; rows are examples and both must hold the same examples in the same order");
  }
  if (x.cols < 1 || y.cols < 1) {
    const MatrixView& empty = x.cols < 1 ? x : y;
    throw Error(ErrorCode::ShapeMismatch,
                empty.name + " has no columns; expected at least one feature per example");
  }
  if (x.rows < min_rows) {
    throw Error(ErrorCode::TooFewSamples, std::string(method) + " needs at least " +
                                              std::to_string(min_rows) + " examples (rows), got " +
                                              std::to_string(x.rows));
  }
}

}  // namespace repsim
