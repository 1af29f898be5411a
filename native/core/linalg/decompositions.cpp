#include "linalg/decompositions.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>

namespace repsim {

SingularValueDecomposition singular_value_decomposition(const Eigen::MatrixXd& m,
                                                        SingularVectors vectors) {
  unsigned int options = 0;
  if (vectors == SingularVectors::ThinU || vectors == SingularVectors::ThinUV) {
    options |= Eigen::ComputeThinU;
  }
  if (vectors == SingularVectors::ThinV || vectors == SingularVectors::ThinUV) {
    options |= Eigen::ComputeThinV;
  }
  const Eigen::BDCSVD<Eigen::MatrixXd> svd(m, options);
  SingularValueDecomposition result;
  result.values = svd.singularValues();
  if (svd.computeU()) result.u = svd.matrixU();
  if (svd.computeV()) result.v = svd.matrixV();
  return result;
}

Eigen::VectorXd singular_values(const Eigen::MatrixXd& m) {
  return singular_value_decomposition(m, SingularVectors::None).values;
}

SymmetricEigen symmetric_eigen(const Eigen::MatrixXd& m, bool with_vectors) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(
      m, with_vectors ? Eigen::ComputeEigenvectors : Eigen::EigenvaluesOnly);
  SymmetricEigen result;
  result.converged = solver.info() == Eigen::Success;
  if (!result.converged) return result;
  result.values = solver.eigenvalues();
  if (with_vectors) result.vectors = solver.eigenvectors();
  return result;
}

}  // namespace repsim
