#include "test_support.hpp"

#include <random>

namespace repsim::testing {

RowMatrixD random_matrix(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> normal;
  RowMatrixD m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i) {
    for (Eigen::Index j = 0; j < cols; ++j) m(i, j) = normal(engine);
  }
  return m;
}

Eigen::MatrixXd random_orthogonal(Eigen::Index size, unsigned seed) {
  const Eigen::MatrixXd gaussian = random_matrix(size, size, seed);
  return Eigen::HouseholderQR<Eigen::MatrixXd>(gaussian).householderQ();
}

MatrixView view_of(const RowMatrixD& m, const std::string& name) {
  return MatrixView{m.data(), m.rows(), m.cols(), DType::Float64, name};
}

MatrixView view_of(const RowMatrixF& m, const std::string& name) {
  return MatrixView{m.data(), m.rows(), m.cols(), DType::Float32, name};
}

double naive_linear_cka(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
  const Eigen::MatrixXd xc = x.rowwise() - x.colwise().mean();
  const Eigen::MatrixXd yc = y.rowwise() - y.colwise().mean();
  const double cross = (yc.transpose() * xc).squaredNorm();
  return cross / ((xc.transpose() * xc).norm() * (yc.transpose() * yc).norm());
}

}  // namespace repsim::testing
