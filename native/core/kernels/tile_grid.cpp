#include "kernels/tile_grid.hpp"

#include <algorithm>

#include "base/cancellation.hpp"
#include "base/parallel.hpp"

namespace repsim {

TileGrid::TileGrid(Eigen::Index n, Eigen::Index tile_size)
    : n_(n), tile_size_(std::max<Eigen::Index>(1, tile_size)) {
  for (Eigen::Index i0 = 0; i0 < n_; i0 += tile_size_) {
    for (Eigen::Index j0 = 0; j0 <= i0; j0 += tile_size_) {
      tiles_.push_back({i0, std::min(n_, i0 + tile_size_), j0, std::min(n_, j0 + tile_size_)});
    }
  }
}

double TileGrid::stored_entries() const noexcept {
  double total = 0.0;
  for (const Tile& t : tiles_)
    total += static_cast<double>(t.rows()) * static_cast<double>(t.cols());
  return total;
}

void TileGrid::for_each(int workers, const std::function<void(int, std::size_t)>& task) const {
  const auto count = static_cast<Eigen::Index>(tiles_.size());
  workers = static_cast<int>(std::clamp<Eigen::Index>(count, 1, workers));
  const ProgressSection progress(count);
  parallel_ranges(workers, workers, [&](int w, Eigen::Index, Eigen::Index) {
    for (std::size_t t = static_cast<std::size_t>(w); t < tiles_.size();
         t += static_cast<std::size_t>(workers)) {
      throw_if_cancelled();
      task(w, t);
      progress.done();
    }
  });
}

}  // namespace repsim
