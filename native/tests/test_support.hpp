// Helpers shared by the core's unit tests: seeded random activations and a
// deliberately naive reference implementation to compare the fast paths with.
#pragma once

#include <Eigen/Dense>
#include <string>

#include <functional>

#include "base/error.hpp"
#include "base/matrix_view.hpp"
#include "cka/similarity.hpp"

namespace repsim::testing {

using RowMatrixD = RowMajorMatrix<double>;
using RowMatrixF = RowMajorMatrix<float>;

// Standard-normal entries from a fixed seed.
RowMatrixD random_matrix(Eigen::Index rows, Eigen::Index cols, unsigned seed);

// A random orthogonal matrix (QR of a Gaussian matrix).
Eigen::MatrixXd random_orthogonal(Eigen::Index size, unsigned seed);

MatrixView view_of(const RowMatrixD& m, const std::string& name);
MatrixView view_of(const RowMatrixF& m, const std::string& name);

// The code of the repsim::Error that `call` throws (fails the test when none).
ErrorCode code_of(const std::function<void()>& call);

// Options with a form and thread count set, the rest default.
SimilarityOptions form_options(CkaForm form, int threads = 0);

// Linear CKA straight from the definition, dense and in float64.
double naive_linear_cka(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y);

// Kornblith et al.'s notebook, transcribed densely: gram_linear, gram_rbf
// (bandwidth from np.median over all n^2 squared distances), center_gram and cka.
Eigen::MatrixXd naive_gram_linear(const Eigen::MatrixXd& x);
Eigen::MatrixXd naive_gram_rbf(const Eigen::MatrixXd& x, double threshold);
double naive_median(Eigen::MatrixXd values);
Eigen::MatrixXd naive_center_gram(Eigen::MatrixXd gram, bool unbiased);
double naive_cka(const Eigen::MatrixXd& kx, const Eigen::MatrixXd& ky, bool debiased);

// Song et al.'s unbiased HSIC_1, from its formula.
double naive_hsic1(Eigen::MatrixXd k, Eigen::MatrixXd l);

}  // namespace repsim::testing
