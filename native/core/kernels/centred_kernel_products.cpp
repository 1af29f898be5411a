#include "kernels/centred_kernel_products.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "base/error.hpp"
#include "base/parallel.hpp"
#include "base/scratch.hpp"
#include "kernels/pairwise_median.hpp"
#include "kernels/tile_grid.hpp"

namespace repsim {
namespace {

// Each worker stacks one tile of every layer (tile^2 x L doubles): keep that
// near 64 MiB, with tiles between 64 and 512 wide (512 for up to 32 layers:
// wider tiles multiply closer to peak; 1024 was slower, measured).
constexpr double kStackBytes = 64.0 * 1024 * 1024;

Eigen::Index tile_size_for(Eigen::Index n, std::size_t layers) {
  const auto fit =
      static_cast<Eigen::Index>(std::sqrt(kStackBytes / (8.0 * static_cast<double>(layers))));
  return std::min(n, std::clamp<Eigen::Index>(fit / 64 * 64, 64, 512));
}

int engine_workers(Eigen::Index n, std::size_t layers, int threads) {
  // Roughly a hundred flops per kernel entry: worth a thread from ~1e7 entries' work.
  const double work =
      50.0 * static_cast<double>(layers) * static_cast<double>(n) * static_cast<double>(n);
  return workers_for(work, 1e7, threads);
}

// Every tile of the cached sources, computed once and read by later passes.
class TileCache {
 public:
  TileCache(const TileGrid& grid, std::size_t sources) : grid_(grid), buffers_(sources) {
    Eigen::Index offset = 0;
    for (const Tile& t : grid_.tiles()) {
      offsets_.push_back(offset);
      offset += t.rows() * t.cols();
    }
    entries_ = offset;
  }

  void enable(std::size_t source) {
    buffers_[source] =
        std::make_unique<ScratchBuffer>(static_cast<std::size_t>(entries_) * sizeof(double));
  }
  bool has(std::size_t source) const { return buffers_[source] != nullptr; }

  Eigen::Map<Eigen::MatrixXd> tile(std::size_t source, std::size_t index) const {
    const Tile& t = grid_.tiles()[index];
    return {static_cast<double*>(buffers_[source]->data()) + offsets_[index], t.rows(), t.cols()};
  }

 private:
  const TileGrid& grid_;
  std::vector<std::unique_ptr<ScratchBuffer>> buffers_;
  std::vector<Eigen::Index> offsets_;
  Eigen::Index entries_ = 0;
};

// A layer whose squared distances sit in the cache: the median search reads
// them from there instead of recomputing them.
class CachedDistances : public PairwiseSource {
 public:
  CachedDistances(const PairwiseSource& layer, const TileCache& cache, const TileGrid& grid,
                  std::size_t source)
      : layer_(layer), cache_(cache), grid_(grid), source_(source) {}

  Eigen::Index size() const override { return layer_.size(); }
  const std::string& name() const override { return layer_.name(); }
  void kernel_tile(const Tile& tile, Eigen::Ref<Eigen::MatrixXd> out) const override {
    layer_.kernel_tile(tile, out);
  }
  void distance_tile(const Tile& tile, Eigen::Ref<Eigen::MatrixXd> out) const override {
    // Tiles are numbered row of blocks by row of blocks, left to right.
    const Eigen::Index r = tile.i0 / grid_.tile_size();
    const Eigen::Index c = tile.j0 / grid_.tile_size();
    out = cache_.tile(source_, static_cast<std::size_t>(r * (r + 1) / 2 + c));
  }
  double squared_distance(Eigen::Index i, Eigen::Index j) const override {
    return layer_.squared_distance(i, j);
  }
  double squared_distance_bound() const override { return layer_.squared_distance_bound(); }

 private:
  const PairwiseSource& layer_;
  const TileCache& cache_;
  const TileGrid& grid_;
  std::size_t source_;
};

// How one median search trades memory for passes. Reading cached distances
// again is cheap: a small sample and collection will do. Without a cache every
// extra pass recomputes all tiles, so guess better and collect more (up to
// 16 Mi values, 128 MiB, where the budget has room).
struct MedianEffort {
  std::size_t collect;
  std::int64_t samples;
};

MedianEffort median_effort(bool cached, double spare_bytes) {
  if (cached) return {std::size_t{1} << 20, std::int64_t{1} << 15};
  return {static_cast<std::size_t>(std::clamp(spare_bytes / 16.0, 65536.0, 16777216.0)),
          std::int64_t{1} << 18};
}

void require_same_size(const std::vector<PairwiseSource*>& sources, Eigen::Index min_n,
                       bool debiased) {
  const Eigen::Index n = sources.front()->size();
  for (const PairwiseSource* s : sources) {
    if (s->size() != n) {
      throw Error(ErrorCode::ShapeMismatch,
                  s->name() + " has " + std::to_string(s->size()) + " examples but " +
                      sources.front()->name() + " has " + std::to_string(n) +
                      "; every input must hold the same examples in the same order");
    }
  }
  if (n < min_n) {
    throw Error(ErrorCode::TooFewSamples, std::string(debiased ? "debiased CKA" : "CKA") +
                                              " needs at least " + std::to_string(min_n) +
                                              " examples (rows), got " + std::to_string(n));
  }
}

// A source whose tiles the engine visits more than once (row sums not known,
// or a median to find): caching its tiles saves recomputing them.
bool revisited(const PairwiseSource& source, bool known_row_sums) {
  return (!known_row_sums || source.needs_median()) && !source.cheap_tiles();
}

// What the engine would hold: its working memory, and the tile cache and
// median collection that save passes where the budget has room for them.
struct Footprint {
  int workers = 1;
  double working = 0.0;
  double cache = 0.0;
  double median = 0.0;
};

Footprint footprint(const std::vector<PairwiseSource*>& sources, const std::vector<bool>& known,
                    const TileGrid& grid, int threads) {
  const std::size_t layers = sources.size();
  const Eigen::Index n = sources.front()->size();
  Footprint f;
  f.workers = engine_workers(n, layers, threads);
  f.working = kernel_products_working_bytes(n, layers, f.workers);
  for (std::size_t a = 0; a < layers; ++a) {
    if (revisited(*sources[a], known[a])) f.cache += 8.0 * grid.stored_entries();
    if (sources[a]->needs_median()) f.median = 8.0 * 1048576.0;  // a cached median's collection
  }
  return f;
}

}  // namespace

double kernel_products_working_bytes(Eigen::Index n, std::size_t layers, int workers) {
  const double b = static_cast<double>(tile_size_for(n, layers));
  const double per_worker = 8.0 * (b * b * (static_cast<double>(layers) + 4.0) +
                                   2.0 * static_cast<double>(n) * static_cast<double>(layers));
  return workers * per_worker + 8.0 * static_cast<double>(n) * static_cast<double>(layers);
}

double kernel_products_wanted_bytes(const std::vector<PairwiseSource*>& sources, int threads) {
  std::vector<bool> known;
  for (const PairwiseSource* s : sources) {
    Eigen::VectorXd diagonal;
    known.push_back(s->zero_row_sums(diagonal));
  }
  const Eigen::Index n = sources.front()->size();
  const Footprint f =
      footprint(sources, known, TileGrid(n, tile_size_for(n, sources.size())), threads);
  return f.working + f.cache + f.median;
}

Eigen::MatrixXd centred_kernel_products(const std::vector<PairwiseSource*>& sources,
                                        const ProductOptions& options) {
  const std::size_t layers = sources.size();
  const bool debiased = options.debiased;
  require_same_size(sources, debiased ? 4 : 2, debiased);
  const Eigen::Index n = sources.front()->size();
  const TileGrid grid(n, tile_size_for(n, layers));

  // Which sources have known row sums, and which are looked at more than once.
  std::vector<Eigen::VectorXd> row_sums(layers, Eigen::VectorXd::Zero(n));
  std::vector<Eigen::VectorXd> diagonals(layers);
  std::vector<bool> known(layers);
  for (std::size_t a = 0; a < layers; ++a) {
    known[a] = sources[a]->zero_row_sums(diagonals[a]);
    if (!diagonals[a].size()) diagonals[a] = Eigen::VectorXd::Zero(n);
  }

  const Footprint f = footprint(sources, known, grid, options.threads);
  const int workers = f.workers;
  const double working = f.working;
  if (!options.budget.allows(working)) {
    refuse_memory(working, options.budget, "the tiled kernel computation",
                  "raise maxMemoryBytes, or use fewer examples per call (StreamingCKA)");
  }
  const bool use_cache = f.cache > 0 && options.budget.allows(working + f.cache + f.median);

  TileCache cache(grid, layers);
  if (use_cache) {
    for (std::size_t a = 0; a < layers; ++a) {
      if (revisited(*sources[a], known[a])) cache.enable(a);
    }
    // One pass fills the cache: distances where a median is still needed, kernel values otherwise.
    grid.for_each(workers, [&](int, std::size_t t) {
      for (std::size_t a = 0; a < layers; ++a) {
        if (!cache.has(a)) continue;
        auto tile = cache.tile(a, t);
        if (sources[a]->needs_median()) {
          sources[a]->distance_tile(grid.tiles()[t], tile);
        } else {
          sources[a]->kernel_tile(grid.tiles()[t], tile);
        }
      }
    });
  }

  // RBF bandwidths: the median of each layer's squared distances.
  for (std::size_t a = 0; a < layers; ++a) {
    if (!sources[a]->needs_median()) continue;
    const MedianEffort effort = median_effort(cache.has(a), options.budget.max_bytes - working);
    if (cache.has(a)) {
      const CachedDistances cached(*sources[a], cache, grid, a);
      sources[a]->set_median(
          streaming_median(cached, grid, workers, effort.collect, effort.samples));
      grid.for_each(workers,
                    [&](int, std::size_t t) { sources[a]->distances_to_kernel(cache.tile(a, t)); });
    } else {
      sources[a]->set_median(
          streaming_median(*sources[a], grid, workers, effort.collect, effort.samples));
    }
  }

  auto fetch = [&](std::size_t a, std::size_t t, Eigen::Ref<Eigen::MatrixXd> out) {
    if (cache.has(a)) {
      out = cache.tile(a, t);
    } else {
      sources[a]->kernel_tile(grid.tiles()[t], out);
    }
  };

  // Row sums (and the diagonal) of the kernels whose centring is not known.
  if (std::find(known.begin(), known.end(), false) != known.end()) {
    std::vector<Eigen::MatrixXd> sums(static_cast<std::size_t>(workers),
                                      Eigen::MatrixXd::Zero(n, static_cast<Eigen::Index>(layers)));
    std::vector<Eigen::MatrixXd> diags(static_cast<std::size_t>(workers),
                                       Eigen::MatrixXd::Zero(n, static_cast<Eigen::Index>(layers)));
    grid.for_each(workers, [&](int w, std::size_t t) {
      const Tile& tile = grid.tiles()[t];
      Eigen::MatrixXd k(tile.rows(), tile.cols());
      for (std::size_t a = 0; a < layers; ++a) {
        if (known[a]) continue;
        fetch(a, t, k);
        auto column = sums[static_cast<std::size_t>(w)].col(static_cast<Eigen::Index>(a));
        column.segment(tile.i0, tile.rows()) += k.rowwise().sum();
        if (tile.diagonal()) {
          diags[static_cast<std::size_t>(w)]
              .col(static_cast<Eigen::Index>(a))
              .segment(tile.i0, tile.rows()) = k.diagonal();
        } else {
          column.segment(tile.j0, tile.cols()) += k.colwise().sum().transpose();
        }
      }
    });
    for (std::size_t a = 0; a < layers; ++a) {
      if (known[a]) continue;
      for (int w = 0; w < workers; ++w) {
        row_sums[a] += sums[static_cast<std::size_t>(w)].col(static_cast<Eigen::Index>(a));
        diagonals[a] += diags[static_cast<std::size_t>(w)].col(static_cast<Eigen::Index>(a));
      }
    }
  }

  // Centring vectors: C(K)_ij = K_ij - u_i - u_j (and, unbiased, C(K)_ii = 0).
  const double nd = static_cast<double>(n);
  std::vector<Eigen::VectorXd> u(layers);
  for (std::size_t a = 0; a < layers; ++a) {
    if (debiased) {
      const Eigen::VectorXd off = row_sums[a] - diagonals[a];  // row sums without the diagonal
      u[a] = off / (nd - 2.0);
      u[a].array() -= off.sum() / (2.0 * (nd - 1.0) * (nd - 2.0));
    } else {
      u[a] = row_sums[a] / nd;
      u[a].array() -= row_sums[a].sum() / (2.0 * nd * nd);
    }
  }

  // The centred products, one stacked tile at a time.
  const Eigen::Index b = grid.tile_size();
  const auto width = static_cast<Eigen::Index>(layers);
  std::vector<Eigen::MatrixXd> partial(static_cast<std::size_t>(workers),
                                       Eigen::MatrixXd::Zero(width, width));
  std::vector<Eigen::MatrixXd> stacks(static_cast<std::size_t>(workers));
  grid.for_each(workers, [&](int w, std::size_t t) {
    const Tile& tile = grid.tiles()[t];
    Eigen::MatrixXd& stack = stacks[static_cast<std::size_t>(w)];
    if (stack.size() == 0) stack.resize(b * b, width);
    const Eigen::Index entries = tile.rows() * tile.cols();
    for (std::size_t a = 0; a < layers; ++a) {
      Eigen::Map<Eigen::MatrixXd> c(stack.col(static_cast<Eigen::Index>(a)).data(), tile.rows(),
                                    tile.cols());
      fetch(a, t, c);
      c.colwise() -= u[a].segment(tile.i0, tile.rows());
      c.rowwise() -= u[a].segment(tile.j0, tile.cols()).transpose();
      if (debiased && tile.diagonal()) c.diagonal().setZero();
    }
    // An off-diagonal tile also stands for its mirror image.
    partial[static_cast<std::size_t>(w)].selfadjointView<Eigen::Lower>().rankUpdate(
        stack.topRows(entries).transpose(), tile.diagonal() ? 1.0 : 2.0);
  });
  Eigen::MatrixXd total = Eigen::MatrixXd::Zero(width, width);
  for (const Eigen::MatrixXd& p : partial) total += p;
  return total.selfadjointView<Eigen::Lower>();
}

}  // namespace repsim
