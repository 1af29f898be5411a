#include "measures/neighbourhood.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "base/cancellation.hpp"
#include "base/error.hpp"
#include "base/parallel.hpp"
#include "kernels/tile_grid.hpp"
#include "measures/dense_layer.hpp"

namespace repsim {
namespace {

constexpr Eigen::Index kBlock = 256;

using NeighbourLists = std::vector<std::vector<Eigen::Index>>;  // per row, best first

void require_k(Eigen::Index k, Eigen::Index n, Eigen::Index least, const char* measure) {
  if (k < least || k >= n) {
    throw Error(ErrorCode::BadOption, std::string(measure) + ": k must be from " +
                                          std::to_string(least) +
                                          " to the number of examples - 1 (" +
                                          std::to_string(n - 1) + "), got " + std::to_string(k));
  }
}

// The layer with every row scaled to unit length (cosine = inner product).
// A row of zeros (a dead ReLU example) stays zeros: cosine 0, distance 1 to
// every other example, as scikit-learn's and torch's normalisations give.
DenseLayer unit_rows(const MatrixView& layer, const MeasureOptions& options) {
  DenseLayer m = dense_layer(layer, Centring::None, options);
  normalise_rows(m);
  return m;
}

// Every example the same: all are each other's nearest neighbours, and any
// choice among them would be the tie rule's, not the data's.
void require_distinct_examples(const DenseLayer& rows, const std::string& name) {
  for (Eigen::Index i = 1; i < rows.rows(); ++i) {
    if (rows.row(i) != rows.row(0)) return;
  }
  throw Error(ErrorCode::ZeroVariance, name +
                                           " has every example the same (after normalisation), "
                                           "so nearest neighbours are undefined");
}

struct Candidate {
  double score;
  Eigen::Index index;
};

// Whether a is a better neighbour than b: a larger score, ties to the lower index.
inline bool better(const Candidate& a, const Candidate& b) {
  return a.score > b.score || (a.score == b.score && a.index < b.index);
}

// Every row's k best candidates, as fixed-size heaps in one flat array (the
// top of a row's heap is its worst kept candidate).
class CandidateHeaps {
 public:
  CandidateHeaps(Eigen::Index rows, Eigen::Index k)
      : k_(static_cast<std::size_t>(k)),
        heaps_(static_cast<std::size_t>(rows) * k_),
        sizes_(static_cast<std::size_t>(rows), 0),
        worst_(static_cast<std::size_t>(rows), -std::numeric_limits<double>::infinity()) {}

  void offer(Eigen::Index row, double score, Eigen::Index index) {
    // Most candidates lose to a full heap's worst: decided from one
    // contiguous array, without touching the heap.
    const auto r = static_cast<std::size_t>(row);
    if (score < worst_[r]) return;
    Candidate* heap = heaps_.data() + r * k_;
    std::size_t& size = sizes_[r];
    const Candidate c{score, index};
    const auto worse_first = [](const Candidate& a, const Candidate& b) { return better(a, b); };
    if (size < k_) {
      heap[size++] = c;
      std::push_heap(heap, heap + size, worse_first);
    } else if (better(c, heap[0])) {
      std::pop_heap(heap, heap + size, worse_first);
      heap[size - 1] = c;
      std::push_heap(heap, heap + size, worse_first);
    } else {
      return;
    }
    if (size == k_) worst_[r] = heap[0].score;
  }

  // Row `row`'s kept candidates, in no particular order.
  const Candidate* begin(Eigen::Index row) const {
    return heaps_.data() + static_cast<std::size_t>(row) * k_;
  }
  const Candidate* end(Eigen::Index row) const {
    return begin(row) + sizes_[static_cast<std::size_t>(row)];
  }

 private:
  std::size_t k_;
  std::vector<Candidate> heaps_;
  std::vector<std::size_t> sizes_;
  std::vector<double> worst_;  // a full heap's worst score; -inf until full
};

// Each row's k columns j != i with the largest inner product <r_i, r_j>, best
// first. Only the lower triangle's tiles are multiplied (half the products of
// a full search): a tile's score (i, j) is offered to row i and, off the
// diagonal, to row j. Each worker keeps its own heaps for every row, merged
// at the end; "better" is a total order (score, then the lower index) and
// each pair's score is computed once, so the lists do not depend on timing.
NeighbourLists top_k(const DenseLayer& rows, Eigen::Index k, int threads) {
  const Eigen::Index n = rows.rows();
  const TileGrid grid(n, kBlock);
  const int workers =
      std::max(1, workers_for(0.5 * static_cast<double>(n) * static_cast<double>(n) *
                                  static_cast<double>(rows.cols()),
                              1 << 22, threads));
  std::vector<CandidateHeaps> heaps(static_cast<std::size_t>(workers), CandidateHeaps(n, k));
  std::vector<Eigen::MatrixXd> scores(static_cast<std::size_t>(workers));
  grid.for_each(workers, [&](int w, std::size_t index) {  // counts progress, obeys cancellation
    const Tile& t = grid.tiles()[index];
    Eigen::MatrixXd& s = scores[static_cast<std::size_t>(w)];
    CandidateHeaps& h = heaps[static_cast<std::size_t>(w)];
    s.noalias() = rows.middleRows(t.i0, t.rows()) * rows.middleRows(t.j0, t.cols()).transpose();
    for (Eigen::Index j = 0; j < t.cols(); ++j) {
      for (Eigen::Index i = 0; i < t.rows(); ++i) {
        const Eigen::Index row = t.i0 + i;
        const Eigen::Index column = t.j0 + j;
        if (row == column) continue;  // the example itself
        h.offer(row, s(i, j), column);
        if (!t.diagonal()) h.offer(column, s(i, j), row);
      }
    }
  });
  NeighbourLists out(static_cast<std::size_t>(n));
  std::vector<Candidate> merged;
  for (Eigen::Index row = 0; row < n; ++row) {
    merged.clear();
    for (const CandidateHeaps& h : heaps) merged.insert(merged.end(), h.begin(row), h.end(row));
    const auto keep = std::min<std::size_t>(merged.size(), static_cast<std::size_t>(k));
    std::partial_sort(merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(keep),
                      merged.end(), better);
    std::vector<Eigen::Index>& list = out[static_cast<std::size_t>(row)];
    for (std::size_t c = 0; c < keep; ++c) list.push_back(merged[c].index);
  }
  return out;
}

std::vector<Eigen::Index> sorted(std::vector<Eigen::Index> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<Eigen::Index> common(const std::vector<Eigen::Index>& a,
                                 const std::vector<Eigen::Index>& b) {
  const std::vector<Eigen::Index> sa = sorted(a);
  const std::vector<Eigen::Index> sb = sorted(b);
  std::vector<Eigen::Index> out;
  std::set_intersection(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(out));
  return out;
}

// Both layers' neighbour lists for ReSi's measures (cosine neighbours).
struct CosineNeighbours {
  DenseLayer ux, uy;
  NeighbourLists nx, ny;
};

CosineNeighbours cosine_neighbours(const MatrixView& x, const MatrixView& y,
                                   const MeasureOptions& options, const char* measure) {
  require_measure_pair(x, y, 2, measure);
  require_k(options.k, x.rows, 1, measure);
  CosineNeighbours out{unit_rows(x, options), unit_rows(y, options), {}, {}};
  require_distinct_examples(out.ux, x.name);
  require_distinct_examples(out.uy, y.name);
  out.nx = top_k(out.ux, options.k, options.threads);
  out.ny = top_k(out.uy, options.k, options.threads);
  return out;
}

// The rows an inner-product measure of platonic-rep reads.
DenseLayer inner_product_rows(const MatrixView& layer, const MeasureOptions& options) {
  DenseLayer rows =
      options.normalize ? unit_rows(layer, options) : dense_layer(layer, Centring::None, options);
  require_distinct_examples(rows, layer.name);
  return rows;
}

// Song et al.'s unbiased HSIC of K and L with every entry outside the
// row-wise mask set to 0 (the diagonal is never in it): the masked
// matrices are sparse, k entries a row at most.
double masked_unbiased_hsic(const DenseLayer& a, const DenseLayer& b, const NeighbourLists& mask) {
  const Eigen::Index n = a.rows();
  std::vector<std::vector<Eigen::Index>> sorted_mask(mask.size());
  for (std::size_t i = 0; i < mask.size(); ++i) sorted_mask[i] = sorted(mask[i]);
  Eigen::VectorXd column_sums_k = Eigen::VectorXd::Zero(n);
  Eigen::VectorXd row_sums_l = Eigen::VectorXd::Zero(n);
  double sum_k = 0, sum_l = 0, transposed = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    for (const Eigen::Index j : mask[static_cast<std::size_t>(i)]) {
      const double kij = a.row(i).dot(a.row(j));
      const double lij = b.row(i).dot(b.row(j));
      sum_k += kij;
      sum_l += lij;
      column_sums_k[j] += kij;
      row_sums_l[i] += lij;
      // L~_ji: L_ji (= L_ij) when i is in j's mask.
      const auto& back = sorted_mask[static_cast<std::size_t>(j)];
      if (std::binary_search(back.begin(), back.end(), i)) transposed += kij * lij;
    }
  }
  const auto m = static_cast<double>(n);
  const double value = transposed + sum_k * sum_l / ((m - 1) * (m - 2)) -
                       2.0 * column_sums_k.dot(row_sums_l) / (m - 2);
  return value / (m * (m - 3));
}

}  // namespace

double jaccard_knn(const MatrixView& x, const MatrixView& y, const MeasureOptions& options) {
  const CosineNeighbours c = cosine_neighbours(x, y, options, "Jaccard kNN similarity");
  double sum = 0;
  for (std::size_t i = 0; i < c.nx.size(); ++i) {
    const auto shared = static_cast<double>(common(c.nx[i], c.ny[i]).size());
    sum += shared / (static_cast<double>(c.nx[i].size() + c.ny[i].size()) - shared);
  }
  return sum / static_cast<double>(c.nx.size());
}

double rank_similarity(const MatrixView& x, const MatrixView& y, const MeasureOptions& options) {
  const CosineNeighbours c = cosine_neighbours(x, y, options, "rank similarity");
  double sum = 0;
  for (std::size_t i = 0; i < c.nx.size(); ++i) {
    const std::vector<Eigen::Index> shared = common(c.nx[i], c.ny[i]);
    if (shared.empty()) continue;
    double normalisation = 0;
    for (std::size_t m = 1; m <= shared.size(); ++m) normalisation += 1.0 / static_cast<double>(m);
    double score = 0;
    for (const Eigen::Index j : shared) {
      const auto rank = [&](const std::vector<Eigen::Index>& list) {
        return static_cast<double>(std::find(list.begin(), list.end(), j) - list.begin()) + 1.0;
      };
      const double rx = rank(c.nx[i]);
      const double ry = rank(c.ny[i]);
      score += 2.0 / ((1.0 + std::abs(rx - ry)) * (rx + ry));
    }
    sum += score / normalisation;
  }
  return sum / static_cast<double>(c.nx.size());
}

double second_order_cosine(const MatrixView& x, const MatrixView& y,
                           const MeasureOptions& options) {
  const CosineNeighbours c = cosine_neighbours(x, y, options, "second-order cosine similarity");
  double sum = 0;
  for (std::size_t i = 0; i < c.nx.size(); ++i) {
    std::vector<Eigen::Index> both = c.nx[i];
    both.insert(both.end(), c.ny[i].begin(), c.ny[i].end());
    both = sorted(both);
    both.erase(std::unique(both.begin(), both.end()), both.end());
    Eigen::VectorXd dx(static_cast<Eigen::Index>(both.size()));
    Eigen::VectorXd dy(static_cast<Eigen::Index>(both.size()));
    const auto row = static_cast<Eigen::Index>(i);
    for (std::size_t m = 0; m < both.size(); ++m) {
      // scikit-learn's cosine distance, clipped to [0, 2].
      dx[static_cast<Eigen::Index>(m)] =
          std::clamp(1.0 - c.ux.row(row).dot(c.ux.row(both[m])), 0.0, 2.0);
      dy[static_cast<Eigen::Index>(m)] =
          std::clamp(1.0 - c.uy.row(row).dot(c.uy.row(both[m])), 0.0, 2.0);
    }
    if (dx.isZero(0.0) || dy.isZero(0.0)) {
      throw Error(ErrorCode::ZeroVariance,
                  "second-order cosine similarity: example " + std::to_string(i) +
                      " has only exact duplicates among its neighbours, so it is undefined");
    }
    sum += dx.dot(dy) / (dx.norm() * dy.norm());
  }
  return sum / static_cast<double>(c.nx.size());
}

double mutual_knn(const MatrixView& x, const MatrixView& y, const MeasureOptions& options) {
  require_measure_pair(x, y, 2, "mutual kNN alignment");
  require_k(options.k, x.rows, 1, "mutual kNN alignment");
  const NeighbourLists nx = top_k(inner_product_rows(x, options), options.k, options.threads);
  const NeighbourLists ny = top_k(inner_product_rows(y, options), options.k, options.threads);
  double shared = 0;
  for (std::size_t i = 0; i < nx.size(); ++i) {
    shared += static_cast<double>(common(nx[i], ny[i]).size());
  }
  return shared / (static_cast<double>(options.k) * static_cast<double>(nx.size()));
}

double cknna(const MatrixView& x, const MatrixView& y, const MeasureOptions& options) {
  require_measure_pair(x, y, 4, "CKNNA");
  require_k(options.k, x.rows, 2, "CKNNA");
  const DenseLayer a = inner_product_rows(x, options);
  const DenseLayer b = inner_product_rows(y, options);
  const NeighbourLists na = top_k(a, options.k, options.threads);
  const NeighbourLists nb = top_k(b, options.k, options.threads);
  NeighbourLists mutual(na.size());
  for (std::size_t i = 0; i < na.size(); ++i) mutual[i] = common(na[i], nb[i]);
  const double kl = masked_unbiased_hsic(a, b, mutual);
  const double kk = masked_unbiased_hsic(a, a, na);
  const double ll = masked_unbiased_hsic(b, b, nb);
  if (!(kk > 0 && ll > 0)) {
    throw Error(ErrorCode::ZeroVariance,
                "CKNNA: a layer's neighbourhood-restricted HSIC with itself is " +
                    short_number(kk > 0 ? ll : kk) +
                    ", not positive (a constant layer, or too few neighbours), so the measure "
                    "is undefined");
  }
  return kl / std::sqrt(kk * ll);
}

}  // namespace repsim
