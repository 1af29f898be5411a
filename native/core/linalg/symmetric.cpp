#include "linalg/symmetric.hpp"

namespace repsim {

double symmetric_inner(const ConstMatrixRef& a_lower, const ConstMatrixRef& b_lower) {
  const Eigen::Index n = a_lower.rows();
  double diagonal = 0.0;
  double off_diagonal = 0.0;
  for (Eigen::Index j = 0; j < n; ++j) {
    diagonal += a_lower(j, j) * b_lower(j, j);
    const Eigen::Index below = n - j - 1;
    off_diagonal += a_lower.col(j).tail(below).dot(b_lower.col(j).tail(below));
  }
  return diagonal + 2.0 * off_diagonal;
}

}  // namespace repsim
