// The lower triangle of an n x n symmetric matrix cut into square tiles
// (I, J) with J <= I, each handled whole by one worker. Off-diagonal tiles
// stand for themselves and their mirror image (weight 2).
#pragma once

#include <Eigen/Core>
#include <functional>
#include <vector>

namespace repsim {

struct Tile {
  Eigen::Index i0, i1;  // rows [i0, i1)
  Eigen::Index j0, j1;  // columns [j0, j1)
  bool diagonal() const noexcept { return i0 == j0; }
  Eigen::Index rows() const noexcept { return i1 - i0; }
  Eigen::Index cols() const noexcept { return j1 - j0; }
};

class TileGrid {
 public:
  TileGrid(Eigen::Index n, Eigen::Index tile_size);

  Eigen::Index size() const noexcept { return n_; }
  Eigen::Index tile_size() const noexcept { return tile_size_; }
  const std::vector<Tile>& tiles() const noexcept { return tiles_; }
  // Entries covered by the stored tiles (diagonal tiles whole): the size of a cache.
  double stored_entries() const noexcept;

  // Runs task(worker, tile_index) for every tile on `workers` threads; tile t
  // always goes to worker t % workers, so results do not depend on timing.
  void for_each(int workers, const std::function<void(int, std::size_t)>& task) const;

 private:
  Eigen::Index n_;
  Eigen::Index tile_size_;
  std::vector<Tile> tiles_;
};

}  // namespace repsim
