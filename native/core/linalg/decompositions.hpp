// The dense decompositions the core needs, each compiled once. Eigen's SVD and
// symmetric eigensolver are large templates: instantiated in every unit that
// used one, they cost ~25 s of compile time per unit (measured), so units call
// these functions instead of including <Eigen/SVD> or <Eigen/Eigenvalues>.
#pragma once

#include <Eigen/Core>

namespace repsim {

// Which singular vectors to compute besides the singular values.
enum class SingularVectors { None, ThinU, ThinV, ThinUV };

struct SingularValueDecomposition {
  Eigen::VectorXd values;  // descending, non-negative
  Eigen::MatrixXd u;       // thin left vectors, when asked for
  Eigen::MatrixXd v;       // thin right vectors, when asked for
};

// m = U diag(values) V^T by Eigen's divide-and-conquer SVD (BDCSVD).
SingularValueDecomposition singular_value_decomposition(const Eigen::MatrixXd& m,
                                                        SingularVectors vectors);

// The singular values of m alone, descending.
Eigen::VectorXd singular_values(const Eigen::MatrixXd& m);

struct SymmetricEigen {
  bool converged = false;
  Eigen::VectorXd values;   // ascending
  Eigen::MatrixXd vectors;  // columns, in the order of values; empty unless asked for
};

// Eigen's SelfAdjointEigenSolver on the lower triangle of a symmetric matrix.
SymmetricEigen symmetric_eigen(const Eigen::MatrixXd& m, bool with_vectors);

}  // namespace repsim
