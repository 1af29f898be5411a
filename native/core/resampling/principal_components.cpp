#include "resampling/principal_components.hpp"

#include <string>

#include "base/centring.hpp"
#include "base/error.hpp"
#include "base/parallel.hpp"
#include "cca/whitening_basis.hpp"
#include "linalg/layer_covariance.hpp"

namespace repsim {

ComponentsRemoved without_principal_components(const MatrixView& x, Eigen::Index drop, int threads,
                                               const MemoryBudget& budget) {
  if (drop > x.cols) {
    throw Error(ErrorCode::BadOption, "cannot drop " + std::to_string(drop) +
                                          " principal components of " + x.name + ", which has " +
                                          std::to_string(x.cols) + " features");
  }
  const double bytes = 8.0 * static_cast<double>(x.rows) * static_cast<double>(x.cols);
  if (!budget.allows(bytes)) {
    refuse_memory(bytes, budget, "a copy of " + x.name + " with components removed",
                  "raise maxMemoryBytes or use fewer examples");
  }
  const LayerCovariances covariances({x}, threads, budget);
  const auto [vectors, variance] = principal_directions(covariances.block(0, 0), x.name);
  const Eigen::MatrixXd top = vectors.leftCols(drop);
  const Eigen::VectorXd& mean = covariances.moments(0).mean;
  ComponentsRemoved out;
  out.rows.resize(x.rows, x.cols);
  const int workers = workers_for(static_cast<double>(x.rows * x.cols * (drop + 1)), 1e6, threads);
  parallel_ranges(workers, x.rows, [&](int, Eigen::Index begin, Eigen::Index end) {
    with_centred_rows(x, mean, begin, end, [&](const auto& centred) {
      auto block = out.rows.middleRows(begin, end - begin);
      block = centred;
      if (drop > 0) block -= (block * top) * top.transpose();
    });
  });
  const double total = variance.sum();
  out.removed_variance = total > 0 ? variance.head(drop).sum() / total : 0.0;
  return out;
}

}  // namespace repsim
