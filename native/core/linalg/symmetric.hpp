// Arithmetic on symmetric matrices stored as their lower triangle (the form
// the rank-k updates produce), without ever materialising the upper half.
#pragma once

#include <Eigen/Core>

namespace repsim {

using ConstMatrixRef = Eigen::Ref<const Eigen::MatrixXd>;

// Frobenius inner product <A, B> = sum_ij A_ij B_ij of two symmetric matrices
// given by their lower triangles.
double symmetric_inner(const ConstMatrixRef& a_lower, const ConstMatrixRef& b_lower);

}  // namespace repsim
