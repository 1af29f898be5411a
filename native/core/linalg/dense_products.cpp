#include "linalg/dense_products.hpp"

#include <vector>

#include "base/cancellation.hpp"
#include "base/parallel.hpp"

namespace repsim {
namespace {

// About a millisecond of multiply-adds per worker at least.
constexpr double kWorkPerWorker = 1 << 22;

}  // namespace

Eigen::MatrixXd cross_product(const RowMajorMatrix<double>& a, const RowMajorMatrix<double>& b,
                              int threads) {
  const double work =
      static_cast<double>(a.rows()) * static_cast<double>(a.cols()) * static_cast<double>(b.cols());
  const int workers = workers_for(work, kWorkPerWorker, threads);
  std::vector<Eigen::MatrixXd> partial(static_cast<std::size_t>(std::max(1, workers)));
  parallel_ranges(workers, a.rows(), [&](int w, Eigen::Index begin, Eigen::Index end) {
    partial[static_cast<std::size_t>(w)].noalias() =
        a.middleRows(begin, end - begin).transpose() * b.middleRows(begin, end - begin);
  });
  Eigen::MatrixXd sum = std::move(partial[0]);
  if (sum.size() == 0) sum = Eigen::MatrixXd::Zero(a.cols(), b.cols());
  for (std::size_t w = 1; w < partial.size(); ++w) {
    if (partial[w].size() != 0) sum += partial[w];
  }
  throw_if_cancelled();
  return sum;
}

RowMajorMatrix<double> rows_times(const RowMajorMatrix<double>& a, const Eigen::MatrixXd& m,
                                  int threads) {
  const double work =
      static_cast<double>(a.rows()) * static_cast<double>(a.cols()) * static_cast<double>(m.cols());
  RowMajorMatrix<double> out(a.rows(), m.cols());
  parallel_ranges(workers_for(work, kWorkPerWorker, threads), a.rows(),
                  [&](int, Eigen::Index begin, Eigen::Index end) {
                    out.middleRows(begin, end - begin).noalias() =
                        a.middleRows(begin, end - begin) * m;
                  });
  throw_if_cancelled();
  return out;
}

}  // namespace repsim
