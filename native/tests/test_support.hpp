// Helpers shared by the core's unit tests: seeded random activations and a
// deliberately naive reference implementation to compare the fast paths with.
#pragma once

#include <Eigen/Dense>
#include <string>

#include "matrix_view.hpp"

namespace repsim::testing {

using RowMatrixD = RowMajorMatrix<double>;
using RowMatrixF = RowMajorMatrix<float>;

// Standard-normal entries from a fixed seed.
RowMatrixD random_matrix(Eigen::Index rows, Eigen::Index cols, unsigned seed);

// A random orthogonal matrix (QR of a Gaussian matrix).
Eigen::MatrixXd random_orthogonal(Eigen::Index size, unsigned seed);

MatrixView view_of(const RowMatrixD& m, const std::string& name);
MatrixView view_of(const RowMatrixF& m, const std::string& name);

// Linear CKA straight from the definition, dense and in float64.
double naive_linear_cka(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y);

}  // namespace repsim::testing
