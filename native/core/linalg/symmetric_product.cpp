#include "linalg/symmetric_product.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <type_traits>
#include <vector>

#include "base/cancellation.hpp"
#include "base/parallel.hpp"

namespace repsim {
namespace {

// Bytes of the fill buffer: a long contraction per update (so the accumulator
// is streamed through memory rarely), far below the size of the inputs.
constexpr Eigen::Index kBlockBytes = Eigen::Index{16} << 20;
constexpr Eigen::Index kMinBlockWidth = 256;
constexpr Eigen::Index kMaxBlockWidth = 4096;
// float32 products are summed in float32 over at most this many items before
// being added into float64 (relative rounding ~ sqrt(window) * 6e-8).
constexpr Eigen::Index kFloat32Window = 16384;

template <typename T>
Eigen::Index block_width(Eigen::Index dim) {
  const Eigen::Index fits = kBlockBytes / (dim * static_cast<Eigen::Index>(sizeof(T)));
  return std::clamp(fits, kMinBlockWidth, kMaxBlockWidth);
}

// Splits the columns of a dim x dim lower triangle into `parts` strips of
// (nearly) equal area, so that each worker does the same number of flops.
std::vector<Eigen::Index> equal_area_strips(Eigen::Index dim, int parts) {
  std::vector<Eigen::Index> bounds{0};
  const double total = 0.5 * static_cast<double>(dim) * static_cast<double>(dim + 1);
  double area = 0.0;
  for (Eigen::Index j = 0; j < dim && static_cast<int>(bounds.size()) < parts; ++j) {
    area += static_cast<double>(dim - j);
    if (area >= total * static_cast<double>(bounds.size()) / parts) bounds.push_back(j + 1);
  }
  while (static_cast<int>(bounds.size()) <= parts) bounds.push_back(dim);
  bounds.back() = dim;
  return bounds;
}

// A reusable rendezvous for a fixed number of threads (std::barrier is C++20).
class Barrier {
 public:
  explicit Barrier(int count) : count_(count) {}
  void arrive_and_wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    const long generation = generation_;
    if (++waiting_ == count_) {
      waiting_ = 0;
      ++generation_;
      cv_.notify_all();
    } else {
      cv_.wait(lock, [&] { return generation != generation_; });
    }
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int count_;
  int waiting_ = 0;
  long generation_ = 0;
};

// S[j0:dim, j0:j1] += B[j0:dim] B[j0:j1]^T, lower part only: a triangle on the
// diagonal (rank-k update) and the rectangle below it (general product).
template <typename M, typename B>
void update_strip(M& sum, const B& block, Eigen::Index j0, Eigen::Index j1) {
  const Eigen::Index width = j1 - j0;
  const Eigen::Index below = sum.rows() - j1;
  if (width == 0) return;
  sum.block(j0, j0, width, width)
      .template selfadjointView<Eigen::Lower>()
      .rankUpdate(block.middleRows(j0, width));
  if (below > 0) {
    sum.block(j1, j0, below, width).noalias() +=
        block.bottomRows(below) * block.middleRows(j0, width).transpose();
  }
}

// Moves the float32 partial sums of one strip into float64 (assigning on the
// first flush, so the float64 matrix never needs zeroing) and clears them.
template <typename Window, typename Sum>
void flush_strip(Window& window, Sum& sum, Eigen::Index j0, Eigen::Index j1, bool first) {
  const Eigen::Index height = sum.rows() - j0;
  auto target = sum.block(j0, j0, height, j1 - j0);
  auto source = window.block(j0, j0, height, j1 - j0);
  if (first) {
    target.template triangularView<Eigen::Lower>() = source.template cast<double>();
  } else {
    target.template triangularView<Eigen::Lower>() += source.template cast<double>();
  }
  source.template triangularView<Eigen::Lower>().setZero();
}

}  // namespace

template <typename T>
ScratchMatrix<double> accumulate_symmetric_products(Eigen::Index dim, Eigen::Index count,
                                                    const BlockFiller<T>& fill, int threads) {
  constexpr bool single = std::is_same_v<T, float>;
  const Eigen::Index width = std::min(block_width<T>(dim), std::max<Eigen::Index>(count, 1));
  // Each worker needs a strip of at least a few dozen columns and about 0.1 ms
  // of multiply-adds to be worth starting.
  const double work =
      0.5 * static_cast<double>(dim) * static_cast<double>(dim) * static_cast<double>(count);
  const int workers = std::min(workers_for(work, 1e7, threads),
                               static_cast<int>(std::max<Eigen::Index>(dim / 32, 1)));
  const std::vector<Eigen::Index> strips = equal_area_strips(dim, workers);

  // Every buffer comes from reusable scratch memory (see scratch.hpp). The
  // accumulator (float64 sums, or float32 window sums when T is float) is
  // zeroed strip by strip by the worker that owns the strip.
  ScratchMatrix<double> result(dim, dim);
  ScratchMatrix<T> window(single ? dim : 0, single ? dim : 0);
  ScratchMatrix<T> fill_block(dim, width);
  auto& sum = result.matrix();
  auto& block = fill_block.matrix();
  auto& accumulator = [&]() -> typename ScratchMatrix<T>::Map& {
    if constexpr (single) {
      return window.matrix();
    } else {
      return result.matrix();
    }
  }();
  Barrier barrier(workers);
  // Cancellation between blocks, decided by worker 0 before the barrier and
  // read by all after it, so every worker leaves at the same block and none is
  // left waiting at a barrier.
  bool stop = false;
  const ProgressSection progress((count + width - 1) / width);

  // Every worker fills its share of each block's columns, then, once the block
  // is complete, updates its own strip of the triangle: the one accumulator is
  // shared and no two workers ever write the same entries.
  parallel_ranges(workers, workers, [&](int w, Eigen::Index, Eigen::Index) {
    const Eigen::Index j0 = strips[static_cast<size_t>(w)];
    const Eigen::Index j1 = strips[static_cast<size_t>(w) + 1];
    accumulator.block(j0, j0, dim - j0, j1 - j0).template triangularView<Eigen::Lower>().setZero();
    Eigen::Index in_window = 0;
    bool first_flush = true;
    for (Eigen::Index b = 0; b < count; b += width) {
      const Eigen::Index items = std::min(width, count - b);
      const Eigen::Index c0 = items * w / workers;
      const Eigen::Index c1 = items * (w + 1) / workers;
      if (w == 0) {
        stop = cancel_requested();
        if (b > 0) progress.done();  // the block before this one is complete
      }
      if (c1 > c0 && !stop) fill(b + c0, b + c1, block.middleCols(c0, c1 - c0));
      barrier.arrive_and_wait();
      if (stop) return;
      const auto filled = block.leftCols(items);
      update_strip(accumulator, filled, j0, j1);
      if constexpr (single) {
        in_window += items;
        if (in_window >= kFloat32Window) {
          flush_strip(accumulator, sum, j0, j1, first_flush);
          first_flush = false;
          in_window = 0;
        }
      }
      barrier.arrive_and_wait();
    }
    if constexpr (single) {
      if (in_window > 0 || first_flush) flush_strip(accumulator, sum, j0, j1, first_flush);
    }
    if (w == 0 && count > 0) progress.done();
  });
  throw_if_cancelled();
  return result;
}

template ScratchMatrix<double> accumulate_symmetric_products<float>(Eigen::Index, Eigen::Index,
                                                                    const BlockFiller<float>&, int);
template ScratchMatrix<double> accumulate_symmetric_products<double>(Eigen::Index, Eigen::Index,
                                                                     const BlockFiller<double>&,
                                                                     int);

}  // namespace repsim
