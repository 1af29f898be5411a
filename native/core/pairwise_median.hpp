// The median of all n^2 squared pairwise distances of a layer -- the diagonal's
// n zeros included, each other pair counted twice -- exactly as numpy.median
// over the full distance matrix gives it (Kornblith et al.'s RBF bandwidth).
#pragma once

#include <cstddef>
#include <vector>

#include "pairwise_source.hpp"
#include "tile_grid.hpp"

namespace repsim {

// From the n(n-1)/2 strictly-lower distances, in any order (reordered here).
double median_of_pairwise(std::vector<double>& strictly_lower, Eigen::Index n);

// Without storing the distances: a sampled first guess of where the median
// lies, then passes over the distance tiles that count what falls below and
// collect what falls inside the bracket (at most `max_collect` values, else
// the bracket is narrowed with a histogram and the pass repeated).
double streaming_median(const PairwiseSource& source, const TileGrid& grid, int workers,
                        std::size_t max_collect);

}  // namespace repsim
