// The median of all n^2 squared pairwise distances of a layer -- the diagonal's
// n zeros included, each other pair counted twice -- exactly as numpy.median
// over the full distance matrix gives it (Kornblith et al.'s RBF bandwidth).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/pairwise_source.hpp"
#include "kernels/tile_grid.hpp"

namespace repsim {

// Exact, without storing the distances: a sampled first guess of where the
// median lies, then passes over the distance tiles (computed, or read from a
// cache) that count what falls below and
// collect what falls inside the bracket (at most `max_collect` values, else
// the bracket is narrowed with a histogram and the pass repeated).
// `samples` pairs make the first guess: more of them cost random reads up
// front but make extra passes (which recompute every tile when nothing is
// cached) less likely.
double streaming_median(const PairwiseSource& source, const TileGrid& grid, int workers,
                        std::size_t max_collect, std::int64_t samples);

}  // namespace repsim
