#include "base/centring.hpp"

#include "base/parallel.hpp"

namespace repsim {

Eigen::VectorXd centred_row_squared_norms(const MatrixView& x, const Eigen::VectorXd& mean,
                                          int threads) {
  Eigen::VectorXd norms(x.rows);
  const int workers =
      workers_for(static_cast<double>(x.rows) * static_cast<double>(x.cols), 1 << 18, threads);
  parallel_ranges(workers, x.rows, [&](int, Eigen::Index begin, Eigen::Index end) {
    with_centred_rows(x, mean, begin, end, [&](const auto& rows) {
      norms.segment(begin, end - begin) = rows.rowwise().squaredNorm();
    });
  });
  return norms;
}

}  // namespace repsim
