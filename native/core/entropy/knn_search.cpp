#include "entropy/knn_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "base/cancellation.hpp"
#include "base/parallel.hpp"

namespace repsim {
namespace {

constexpr Eigen::Index kRowBlock = 128;
constexpr Eigen::Index kColumnBlock = 1024;
// Spare candidates per row, re-ranked by exact distance at the end.
constexpr Eigen::Index kSpare = 4;

struct Candidate {
  double distance;  // squared; from the identity while searching, exact at the end
  Eigen::Index index;
  bool operator<(const Candidate& other) const {
    return distance < other.distance || (distance == other.distance && index < other.index);
  }
};

// The `keep` best candidates of one row, as a max-heap on (distance, index).
class BestCandidates {
 public:
  explicit BestCandidates(Eigen::Index keep) : keep_(static_cast<std::size_t>(keep)) {}

  void offer(double distance, Eigen::Index index) {
    const Candidate c{distance, index};
    if (heap_.size() < keep_) {
      heap_.push_back(c);
      std::push_heap(heap_.begin(), heap_.end());
    } else if (c < heap_.front()) {
      std::pop_heap(heap_.begin(), heap_.end());
      heap_.back() = c;
      std::push_heap(heap_.begin(), heap_.end());
    }
  }

  // The distance a newcomer must not exceed (infinite until the heap is full).
  double worst() const {
    return heap_.size() < keep_ ? std::numeric_limits<double>::infinity() : heap_.front().distance;
  }

  std::vector<Candidate>& candidates() { return heap_; }

 private:
  std::size_t keep_;
  std::vector<Candidate> heap_;
};

// Squared-distance candidates of rows [begin, begin + rows) against every
// point, from tiles of |a|^2 + |b|^2 - 2 a.b computed in T.
template <typename T>
void offer_tiles(const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>& points,
                 const Eigen::VectorXd& norms, Eigen::Index begin, Eigen::Index rows,
                 std::vector<BestCandidates>& best) {
  const Eigen::Index count = points.rows();
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> tile;
  Eigen::ArrayXd distances;
  for (Eigen::Index column = 0; column < count; column += kColumnBlock) {
    const Eigen::Index cols = std::min(kColumnBlock, count - column);
    // cols x rows, so each row's distances to the column block are contiguous.
    tile.noalias() = points.middleRows(column, cols) * points.middleRows(begin, rows).transpose();
    for (Eigen::Index i = 0; i < rows; ++i) {
      distances = (norms.segment(column, cols).array() + norms(begin + i)) -
                  2.0 * tile.col(i).array().template cast<double>();
      BestCandidates& row = best[static_cast<std::size_t>(i)];
      for (Eigen::Index j = 0; j < cols; ++j) {
        // Most distances lose to the current worst candidate: test that first.
        if (distances(j) > row.worst()) continue;
        const Eigen::Index other = column + j;
        if (other != begin + i) row.offer(distances(j), other);
      }
    }
  }
}

}  // namespace

double nearest_neighbours_bytes(Eigen::Index count, Eigen::Index dims, Eigen::Index k, int threads,
                                bool single_precision_tiles) {
  const auto rows = static_cast<double>(count);
  double bytes = 16.0 * rows * static_cast<double>(k);  // distances and indices
  if (single_precision_tiles) bytes += 4.0 * rows * static_cast<double>(dims);
  // Per thread: one kRowBlock x kColumnBlock tile and room for the GEMM's panels.
  bytes += resolve_threads(threads) *
           (8.0 * static_cast<double>(kRowBlock * kColumnBlock) + 4.0 * 1024.0 * 1024.0);
  return bytes;
}

Neighbours nearest_neighbours(const PointMatrix& points, Eigen::Index k, int threads,
                              bool single_precision_tiles) {
  const Eigen::Index count = points.rows();
  const Eigen::Index keep = std::min(k + kSpare, count - 1);
  const Eigen::VectorXd norms = points.rowwise().squaredNorm();
  const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> single =
      single_precision_tiles
          ? points.cast<float>()
          : Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>();
  Neighbours out{Eigen::MatrixXd(count, k),
                 Eigen::Matrix<Eigen::Index, Eigen::Dynamic, Eigen::Dynamic>(count, k)};
  const Eigen::Index blocks = (count + kRowBlock - 1) / kRowBlock;
  const int workers = workers_for(
      static_cast<double>(count) * static_cast<double>(count) * static_cast<double>(points.cols()),
      1 << 22, threads);
  const ProgressSection progress(blocks);
  parallel_ranges(workers, blocks, [&](int, Eigen::Index first_block, Eigen::Index last_block) {
    for (Eigen::Index block = first_block; block < last_block; ++block) {
      throw_if_cancelled();
      const Eigen::Index begin = block * kRowBlock;
      const Eigen::Index rows = std::min(kRowBlock, count - begin);
      std::vector<BestCandidates> best(static_cast<std::size_t>(rows), BestCandidates(keep));
      if (single_precision_tiles) {
        offer_tiles(single, norms, begin, rows, best);
      } else {
        offer_tiles(points, norms, begin, rows, best);
      }
      for (Eigen::Index i = 0; i < rows; ++i) {
        std::vector<Candidate>& c = best[static_cast<std::size_t>(i)].candidates();
        for (Candidate& candidate : c) {
          candidate.distance = (points.row(begin + i) - points.row(candidate.index)).squaredNorm();
        }
        std::sort(c.begin(), c.end());
        for (Eigen::Index j = 0; j < k; ++j) {
          out.distance(begin + i, j) = std::sqrt(c[static_cast<std::size_t>(j)].distance);
          out.index(begin + i, j) = c[static_cast<std::size_t>(j)].index;
        }
      }
      progress.done();
    }
  });
  return out;
}

}  // namespace repsim
