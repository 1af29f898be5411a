#include "measures/rsm.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "base/cancellation.hpp"
#include "base/error.hpp"
#include "base/parallel.hpp"
#include "base/seeded_random.hpp"
#include "kernels/tile_grid.hpp"
#include "linalg/decompositions.hpp"
#include "measures/average_ranks.hpp"
#include "measures/dense_layer.hpp"

namespace repsim {
namespace {

constexpr Eigen::Index kTile = 256;

// One layer's RSM, tile by tile: rows prepared once for the inner similarity.
class RsmSource {
 public:
  RsmSource(const MatrixView& layer, RsmInner inner, const MeasureOptions& options)
      : inner_(inner) {
    rows_ = dense_layer(layer, Centring::None, options);
    if (inner == RsmInner::Euclidean) {
      // Distances do not change with centring; centred rows lose less to rounding.
      rows_.rowwise() -= rows_.colwise().mean();
      norms_ = rows_.rowwise().squaredNorm();
      return;
    }
    // Correlation: each row centred across its features; both: unit rows
    // (a zero row stays zero: similarity 0, as scikit-learn's cosine).
    if (inner == RsmInner::Correlation) rows_.colwise() -= rows_.rowwise().mean();
    normalise_rows(rows_);
  }

  Eigen::Index size() const { return rows_.rows(); }

  // out = the RSM's block [i0, i1) x [j0, j1).
  void tile(const Tile& t, Eigen::MatrixXd& out) const {
    if (inner_ == RsmInner::Euclidean) {
      squared_distance_tile(rows_, norms_, t, out);
      out = out.cwiseSqrt();
      return;
    }
    out.noalias() = rows_.middleRows(t.i0, t.rows()) * rows_.middleRows(t.j0, t.cols()).transpose();
    out = out.cwiseMax(-1.0).cwiseMin(1.0);
  }

 private:
  RsmInner inner_;
  DenseLayer rows_;
  Eigen::VectorXd norms_;
};

int rsm_workers(Eigen::Index n, Eigen::Index width, int threads) {
  return workers_for(static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(width),
                     1 << 22, threads);
}

// Calls visit(worker, tile, m) for every lower-triangle tile of the RSM,
// m holding the tile (one buffer per worker).
template <typename Visit>
void for_each_tile(const RsmSource& s, int workers, Visit visit) {
  const TileGrid grid(s.size(), kTile);
  std::vector<Eigen::MatrixXd> tiles(static_cast<std::size_t>(workers));
  grid.for_each(workers, [&](int w, std::size_t index) {
    const Tile& t = grid.tiles()[index];
    auto& m = tiles[static_cast<std::size_t>(w)];
    s.tile(t, m);
    visit(w, t, m);
  });
}

// The same over the tiles of two RSMs at once: visit(worker, tile, a_tile, b_tile).
template <typename Visit>
void for_each_tile_pair(const RsmSource& a, const RsmSource& b, int workers, Visit visit) {
  std::vector<Eigen::MatrixXd> tb(static_cast<std::size_t>(workers));
  for_each_tile(a, workers, [&](int w, const Tile& t, Eigen::MatrixXd& at) {
    auto& bt = tb[static_cast<std::size_t>(w)];
    b.tile(t, bt);
    visit(w, t, at, bt);
  });
}

// Sums over every entry (i, j) of both RSMs, off-diagonal tiles counted
// twice, of f(a_tile, b_tile, tile) -> std::array<double, N>, split over
// workers and added up.
template <std::size_t N, typename F>
std::array<double, N> sum_over_tiles(const RsmSource& a, const RsmSource& b, int workers, F f) {
  std::vector<std::array<double, N>> partial(static_cast<std::size_t>(workers));
  for (auto& p : partial) p.fill(0.0);
  for_each_tile_pair(a, b, workers,
                     [&](int w, const Tile& t, Eigen::MatrixXd& at, Eigen::MatrixXd& bt) {
                       const std::array<double, N> sums = f(at, bt, t);
                       const double weight = t.diagonal() ? 1.0 : 2.0;
                       for (std::size_t k = 0; k < N; ++k)
                         partial[static_cast<std::size_t>(w)][k] += weight * sums[k];
                     });
  std::array<double, N> total{};
  for (const auto& p : partial) {
    for (std::size_t k = 0; k < N; ++k) total[k] += p[k];
  }
  return total;
}

// Kendall's tau-b by Knight's (1966) algorithm, as scipy.stats.kendalltau
// computes it: order by (x, y), count x ties and joint ties, count the
// swaps a merge sort of y makes (the discordant pairs), then y ties.
double kendall_tau_b(const std::vector<double>& x, const std::vector<double>& y) {
  const auto m = static_cast<std::uint32_t>(x.size());
  std::vector<std::uint32_t> order(m);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t p, std::uint32_t q) {
    return x[p] < x[q] || (x[p] == x[q] && y[p] < y[q]);
  });
  // Pairs tied in x (n1) and tied in both (n3), from runs in that order.
  auto tied_pairs = [](std::uint64_t run) { return static_cast<double>(run * (run - 1) / 2); };
  double x_ties = 0, joint_ties = 0;
  std::uint64_t x_run = 1, joint_run = 1;
  for (std::uint32_t k = 1; k <= m; ++k) {
    const bool same_x = k < m && x[order[k]] == x[order[k - 1]];
    const bool same_both = same_x && y[order[k]] == y[order[k - 1]];
    if (same_both) {
      ++joint_run;
    } else {
      joint_ties += tied_pairs(joint_run);
      joint_run = 1;
    }
    if (same_x) {
      ++x_run;
    } else {
      x_ties += tied_pairs(x_run);
      x_run = 1;
    }
  }
  // y in that order, merge-sorted bottom-up; every element a merge moves past
  // others from the left half counts that many discordant pairs.
  std::vector<double> ys(m);
  for (std::uint32_t k = 0; k < m; ++k) ys[k] = y[order[k]];
  std::vector<std::uint32_t>().swap(order);
  std::vector<double> buffer(m);
  double swaps = 0;
  for (std::uint64_t width = 1; width < m; width *= 2) {
    throw_if_cancelled();
    for (std::uint64_t lo = 0; lo < m; lo += 2 * width) {
      const std::uint64_t mid = std::min<std::uint64_t>(lo + width, m);
      const std::uint64_t hi = std::min<std::uint64_t>(lo + 2 * width, m);
      std::uint64_t i = lo, j = mid, out = lo;
      while (i < mid && j < hi) {
        if (ys[j] < ys[i]) {
          swaps += static_cast<double>(mid - i);
          buffer[out++] = ys[j++];
        } else {
          buffer[out++] = ys[i++];
        }
      }
      while (i < mid) buffer[out++] = ys[i++];
      while (j < hi) buffer[out++] = ys[j++];
    }
    ys.swap(buffer);
  }
  double y_ties = 0;
  std::uint64_t y_run = 1;
  for (std::uint32_t k = 1; k <= m; ++k) {
    if (k < m && ys[k] == ys[k - 1]) {
      ++y_run;
    } else {
      y_ties += tied_pairs(y_run);
      y_run = 1;
    }
  }
  const double all = tied_pairs(m);
  const double concordant_minus_discordant = all - x_ties - y_ties + joint_ties - 2.0 * swaps;
  const double denominator = std::sqrt((all - x_ties) * (all - y_ties));
  if (!(denominator > 0)) {
    throw Error(
        ErrorCode::ZeroVariance,
        "RSA: an RSM's off-diagonal entries are all equal, so their correlation is undefined");
  }
  return concordant_minus_discordant / denominator;
}

// The strict lower triangle of an RSM, entry (i, j), i > j, at i(i-1)/2 + j,
// each entry as as_stored(value).
template <typename T, typename Store>
std::vector<T> lower_triangle(const RsmSource& s, int workers, Store as_stored) {
  const Eigen::Index n = s.size();
  std::vector<T> out(static_cast<std::size_t>(n * (n - 1) / 2));
  for_each_tile(s, workers, [&](int, const Tile& t, Eigen::MatrixXd& m) {
    for (Eigen::Index i = t.i0; i < t.i1; ++i) {
      const Eigen::Index last = std::min(t.j1, i);  // j < i only
      T* row = out.data() + i * (i - 1) / 2;
      for (Eigen::Index j = t.j0; j < last; ++j) row[j] = as_stored(m(i - t.i0, j - t.j0));
    }
  });
  return out;
}

// Pearson over the strict lower triangles, streamed: per-tile centred sums
// merged (Chan et al.'s pairwise update), so no vector of n^2/2 entries.
double streamed_pearson(const RsmSource& a, const RsmSource& b, int workers) {
  struct Moments {
    double count = 0, mean_a = 0, mean_b = 0, aa = 0, bb = 0, ab = 0;
    void merge(const Moments& o) {
      if (o.count == 0) return;
      const double total = count + o.count;
      const double da = o.mean_a - mean_a;
      const double db = o.mean_b - mean_b;
      aa += o.aa + da * da * count * o.count / total;
      bb += o.bb + db * db * count * o.count / total;
      ab += o.ab + da * db * count * o.count / total;
      mean_a += da * o.count / total;
      mean_b += db * o.count / total;
      count = total;
    }
  };
  std::vector<Moments> partial(static_cast<std::size_t>(workers));
  for_each_tile_pair(a, b, workers,
                     [&](int w, const Tile& t, Eigen::MatrixXd& at, Eigen::MatrixXd& bt) {
                       Moments tile;
                       double sum_a = 0, sum_b = 0;
                       for (Eigen::Index i = 0; i < t.rows(); ++i) {
                         const Eigen::Index last = t.diagonal() ? i : t.cols();
                         for (Eigen::Index j = 0; j < last; ++j) {
                           sum_a += at(i, j);
                           sum_b += bt(i, j);
                           tile.count += 1;
                         }
                       }
                       if (tile.count == 0) return;
                       tile.mean_a = sum_a / tile.count;
                       tile.mean_b = sum_b / tile.count;
                       for (Eigen::Index i = 0; i < t.rows(); ++i) {
                         const Eigen::Index last = t.diagonal() ? i : t.cols();
                         for (Eigen::Index j = 0; j < last; ++j) {
                           const double da = at(i, j) - tile.mean_a;
                           const double db = bt(i, j) - tile.mean_b;
                           tile.aa += da * da;
                           tile.bb += db * db;
                           tile.ab += da * db;
                         }
                       }
                       partial[static_cast<std::size_t>(w)].merge(tile);
                     });
  Moments total;
  for (const Moments& m : partial) total.merge(m);
  if (!(total.aa > 0) || !(total.bb > 0)) {
    throw Error(
        ErrorCode::ZeroVariance,
        "RSA: an RSM's off-diagonal entries are all equal, so their correlation is undefined");
  }
  return total.ab / std::sqrt(total.aa * total.bb);
}

// The largest |eigenvalue| of the symmetric D = A - B by Lanczos iterations
// with full reorthogonalisation; `multiply(v)` returns D v.
template <typename Multiply>
double largest_absolute_eigenvalue(Eigen::Index n, Multiply multiply) {
  const Eigen::Index most = std::min<Eigen::Index>(n, 300);
  Eigen::MatrixXd q(n, most + 1);
  SeededRandom random(0x5eed);
  Eigen::VectorXd start(n);
  for (Eigen::Index i = 0; i < n; ++i) start[i] = random.uniform() - 0.5;
  q.col(0) = start.normalized();
  std::vector<double> alpha;
  std::vector<double> beta;
  double estimate = 0.0;
  for (Eigen::Index k = 0; k < most; ++k) {
    throw_if_cancelled();
    Eigen::VectorXd w = multiply(q.col(k));
    alpha.push_back(q.col(k).dot(w));
    for (int pass = 0; pass < 2; ++pass) {  // full reorthogonalisation, twice
      w -= q.leftCols(k + 1) * (q.leftCols(k + 1).transpose() * w);
    }
    beta.push_back(w.norm());
    // Ritz values of the tridiagonal T_k.
    const auto size = static_cast<Eigen::Index>(alpha.size());
    Eigen::MatrixXd t = Eigen::MatrixXd::Zero(size, size);
    for (Eigen::Index i = 0; i < size; ++i) {
      t(i, i) = alpha[static_cast<std::size_t>(i)];
      if (i + 1 < size) t(i + 1, i) = t(i, i + 1) = beta[static_cast<std::size_t>(i)];
    }
    const SymmetricEigen eig = symmetric_eigen(t, true);
    Eigen::Index best = 0;
    eig.values.cwiseAbs().maxCoeff(&best);
    estimate = std::abs(eig.values[best]);
    const double residual = beta.back() * std::abs(eig.vectors(size - 1, best));
    if (residual <= 1e-14 * std::max(estimate, 1e-300) || beta.back() <= 1e-300 || k + 1 == n)
      break;
    q.col(k + 1) = w / beta.back();
  }
  return estimate;
}

}  // namespace

double rsa(const MatrixView& x, const MatrixView& y, const MeasureOptions& options) {
  require_measure_pair(x, y, 3, "RSA");
  const RsmSource a(x, options.inner, options);
  const RsmSource b(y, options.inner, options);
  const int workers = rsm_workers(a.size(), x.cols + y.cols, options.threads);
  if (options.outer == RsmOuter::Pearson) return streamed_pearson(a, b, workers);
  const double pairs = 0.5 * static_cast<double>(a.size()) * static_cast<double>(a.size() - 1);
  // Spearman: the first RSM's ranks (8 bytes per entry) while the second's
  // sort keys, positions and the radix sort's spares (24) exist; Kendall:
  // two vectors, a uint32 order, the reordered y and a merge buffer.
  const double bytes = (options.outer == RsmOuter::Kendall ? 36.0 : 32.0) * pairs;
  if (!options.budget.allows(bytes) || pairs >= 4294967295.0) {
    refuse_memory(bytes, options.budget,
                  "the ranks of the two RSMs' " + short_number(pairs) + " entries",
                  "raise maxMemoryBytes, use fewer examples, or outer: 'pearson' (streamed)");
  }
  const auto identity = [](double v) { return v; };
  if (options.outer == RsmOuter::Kendall) {
    return kendall_tau_b(lower_triangle<double>(a, workers, identity),
                         lower_triangle<double>(b, workers, identity));
  }
  const int threads = resolve_threads(options.threads);
  const std::vector<double> ranks_a =
      average_ranks(lower_triangle<std::uint64_t>(a, workers, order_key), threads);
  return spearman_from_ranks(ranks_a, lower_triangle<std::uint64_t>(b, workers, order_key),
                             threads);
}

double rsm_norm_difference(const MatrixView& x, const MatrixView& y,
                           const MeasureOptions& options) {
  require_measure_pair(x, y, 1, "the RSM norm difference");
  const RsmSource a(x, RsmInner::Euclidean, options);
  const RsmSource b(y, RsmInner::Euclidean, options);
  const Eigen::Index n = a.size();
  const int workers = rsm_workers(n, x.cols + y.cols, options.threads);
  if (options.norm == RsmNorm::Frobenius) {
    return std::sqrt(
        sum_over_tiles<1>(a, b, workers, [](const auto& at, const auto& bt, const Tile&) {
          return std::array<double, 1>{(at - bt).squaredNorm()};
        })[0]);
  }
  // The cache on top of what the call holds anyway (copies, Lanczos basis, tiles).
  const double cache_bytes =
      8.0 * static_cast<double>(n) * static_cast<double>(n) +
      8.0 * static_cast<double>(n) * static_cast<double>(x.cols + y.cols + 302) +
      8.0 * 2.0 * 256.0 * 256.0 * workers;
  if (options.budget.allows(cache_bytes)) {
    // D whole, once: each Lanczos step is then one O(n^2) product.
    Eigen::MatrixXd d(n, n);
    for_each_tile_pair(a, b, workers,
                       [&](int, const Tile& t, Eigen::MatrixXd& at, Eigen::MatrixXd& bt) {
                         at -= bt;
                         d.block(t.i0, t.j0, t.rows(), t.cols()) = at;
                         if (!t.diagonal())
                           d.block(t.j0, t.i0, t.cols(), t.rows()) = at.transpose();
                       });
    return largest_absolute_eigenvalue(
        n, [&](const Eigen::VectorXd& v) -> Eigen::VectorXd { return d * v; });
  }
  // Too large to hold: every product recomputes D's tiles.
  return largest_absolute_eigenvalue(n, [&](const Eigen::VectorXd& v) -> Eigen::VectorXd {
    std::vector<Eigen::VectorXd> partial(static_cast<std::size_t>(workers),
                                         Eigen::VectorXd::Zero(n));
    for_each_tile_pair(
        a, b, workers, [&](int w, const Tile& t, Eigen::MatrixXd& at, Eigen::MatrixXd& bt) {
          at -= bt;
          auto& out = partial[static_cast<std::size_t>(w)];
          out.segment(t.i0, t.rows()) += at * v.segment(t.j0, t.cols());
          if (!t.diagonal())
            out.segment(t.j0, t.cols()) += at.transpose() * v.segment(t.i0, t.rows());
        });
    Eigen::VectorXd out = Eigen::VectorXd::Zero(n);
    for (const auto& p : partial) out += p;
    return out;
  });
}

double distance_correlation(const MatrixView& x, const MatrixView& y,
                            const MeasureOptions& options) {
  require_measure_pair(x, y, 2, "distance correlation");
  const RsmSource a(x, RsmInner::Euclidean, options);
  const RsmSource b(y, RsmInner::Euclidean, options);
  const Eigen::Index n = a.size();
  const int workers = rsm_workers(n, x.cols + y.cols, options.threads);
  // One pass: <HAH, HBH> = <A, B> - (2/n) sum_i ra_i rb_i + (sum ra)(sum rb) / n^2
  // for symmetric A, B with row sums ra, rb (H the centring matrix), so the
  // double-centred products come from raw sums and row sums of the same tiles.
  struct Partial {
    double ab = 0, aa = 0, bb = 0;
    Eigen::VectorXd ra, rb;
  };
  std::vector<Partial> partial(
      static_cast<std::size_t>(workers),
      Partial{0, 0, 0, Eigen::VectorXd::Zero(n), Eigen::VectorXd::Zero(n)});
  for_each_tile_pair(a, b, workers,
                     [&](int w, const Tile& t, Eigen::MatrixXd& at, Eigen::MatrixXd& bt) {
                       Partial& p = partial[static_cast<std::size_t>(w)];
                       const double weight = t.diagonal() ? 1.0 : 2.0;
                       p.ab += weight * (at.array() * bt.array()).sum();
                       p.aa += weight * at.squaredNorm();
                       p.bb += weight * bt.squaredNorm();
                       p.ra.segment(t.i0, t.rows()) += at.rowwise().sum();
                       p.rb.segment(t.i0, t.rows()) += bt.rowwise().sum();
                       if (!t.diagonal()) {
                         p.ra.segment(t.j0, t.cols()) += at.colwise().sum().transpose();
                         p.rb.segment(t.j0, t.cols()) += bt.colwise().sum().transpose();
                       }
                     });
  Partial total{0, 0, 0, Eigen::VectorXd::Zero(n), Eigen::VectorXd::Zero(n)};
  for (const Partial& p : partial) {
    total.ab += p.ab;
    total.aa += p.aa;
    total.bb += p.bb;
    total.ra += p.ra;
    total.rb += p.rb;
  }
  const auto nn = static_cast<double>(n);
  const double sa = total.ra.sum();
  const double sb = total.rb.sum();
  const std::array<double, 3> products = {
      total.ab - 2.0 / nn * total.ra.dot(total.rb) + sa * sb / (nn * nn),
      total.aa - 2.0 / nn * total.ra.squaredNorm() + sa * sa / (nn * nn),
      total.bb - 2.0 / nn * total.rb.squaredNorm() + sb * sb / (nn * nn)};
  if (!(products[1] > 0) || !(products[2] > 0)) {
    throw Error(ErrorCode::ZeroVariance,
                "distance correlation: a layer has all examples equal, so it is undefined");
  }
  return std::sqrt(std::max(0.0, products[0]) / std::sqrt(products[1] * products[2]));
}

}  // namespace repsim
