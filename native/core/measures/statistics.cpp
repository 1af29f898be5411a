#include "measures/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "base/cancellation.hpp"
#include "base/column_moments.hpp"
#include "base/error.hpp"
#include "base/parallel.hpp"
#include "kernels/tile_grid.hpp"
#include "measures/dense_layer.hpp"

namespace repsim {
namespace {

constexpr Eigen::Index kBlock = 256;

// |v|, scaled by its largest entry so it cannot overflow, summed in index
// order: the same vector always gives the same norm, wherever it is stored
// (a vectorised reduction's order depends on the address).
double scaled_norm(const Eigen::VectorXd& v) {
  const double largest = v.cwiseAbs().maxCoeff();
  if (largest == 0) return 0.0;
  double sum = 0.0;
  for (Eigen::Index i = 0; i < v.size(); ++i) sum += (v[i] / largest) * (v[i] / largest);
  return largest * std::sqrt(sum);
}

// The mean cosine of each row with the mean row, read in place (no copy).
double concentricity(const MatrixView& x, const MeasureOptions& options) {
  const Eigen::RowVectorXd mean = column_moments(x, options.threads, true).mean.transpose();
  if (mean.isZero(0.0)) return 0.0;
  double sum = 0.0;
  visit_typed(x, [&](const auto& m) {
    Eigen::RowVectorXd row(m.cols());
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      row = m.row(i).template cast<double>();
      if (!row.isZero(0.0)) sum += robust_cosine(row, mean);
    }
  });
  return sum / static_cast<double>(x.rows);
}

// log(mean of exp(-t d_ij^2)) over all pairs, tile by tile over the lower
// triangle (off-diagonal tiles counted twice). TileGrid deals the tiles out
// round-robin, so each thread gets an equal share of the triangle (ranges of
// block rows would give the first thread three quarters of it).
double uniformity(const DenseLayer& centred, double t, int threads) {
  const Eigen::Index n = centred.rows();
  const Eigen::VectorXd norms = centred.rowwise().squaredNorm();
  const TileGrid grid(n, kBlock);
  const int workers = workers_for(
      static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(centred.cols()),
      1 << 22, threads);
  std::vector<double> partial(static_cast<std::size_t>(std::max(1, workers)), 0.0);
  std::vector<Eigen::MatrixXd> buffers(partial.size());
  grid.for_each(workers, [&](int w, std::size_t index) {  // counts progress, obeys cancellation
    const Tile& tile = grid.tiles()[index];
    Eigen::MatrixXd& d = buffers[static_cast<std::size_t>(w)];
    squared_distance_tile(centred, norms, tile, d);
    const double tile_sum = (-t * d.array()).exp().sum();
    partial[static_cast<std::size_t>(w)] += tile.diagonal() ? tile_sum : 2.0 * tile_sum;
  });
  double total = 0.0;
  for (const double p : partial) total += p;
  return std::log(total / (static_cast<double>(n) * static_cast<double>(n)));
}

}  // namespace

double magnitude_difference(const MatrixView& x, const MatrixView& y,
                            const MeasureOptions& options) {
  require_measure_pair(x, y, 1, "the magnitude difference");
  // The column means are all it needs (read in place).
  const double na = scaled_norm(column_moments(x, options.threads, true).mean);
  const double nb = scaled_norm(column_moments(y, options.threads, true).mean);
  return std::abs(na - nb);
}

double concentricity_difference(const MatrixView& x, const MatrixView& y,
                                const MeasureOptions& options) {
  require_measure_pair(x, y, 1, "the concentricity difference");
  return std::abs(concentricity(x, options) - concentricity(y, options));
}

double uniformity_difference(const MatrixView& x, const MatrixView& y,
                             const MeasureOptions& options) {
  require_measure_pair(x, y, 1, "the uniformity difference");
  if (!(options.t > 0 && std::isfinite(options.t))) {
    throw Error(ErrorCode::BadOption, "uniformity difference: t must be a positive number, got " +
                                          short_number(options.t));
  }
  // Distances do not change with centring, and centred rows lose less to
  // rounding; a constant layer is fine here (its uniformity is log 1 = 0).
  DenseLayer a = dense_layer(x, Centring::None, options);
  DenseLayer b = dense_layer(y, Centring::None, options);
  a.rowwise() -= a.colwise().mean();
  b.rowwise() -= b.colwise().mean();
  return std::abs(uniformity(a, options.t, options.threads) -
                  uniformity(b, options.t, options.threads));
}

}  // namespace repsim
