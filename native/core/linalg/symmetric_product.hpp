// The hot path of every Gram-type computation: S = sum_k B_k B_k^T for a long
// sequence of column blocks B_k (dim x width) that a caller fills on demand,
// e.g. centred chunks of rows for X^T X or centred chunks of columns for X X^T.
//
// Why this shape: centring happens block by block (no centred copy of the whole
// input is ever made); each block goes through Eigen's symmetric rank-k update
// (half the flops of a general product); the blocks are split over threads
// with one float64 accumulator each, summed in a fixed order (results do not
// depend on timing); and float32 blocks are multiplied in float32 (twice the
// SIMD throughput) but flushed into float64 every `kFloat32Window` products, so
// rounding grows with the window, not with the number of examples.
#pragma once

#include <Eigen/Core>
#include <functional>

#include "base/scratch.hpp"

namespace repsim {

template <typename T>
using ColumnBlock = Eigen::Ref<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>>;

// fill(begin, end, block): write items [begin, end) of the contraction index
// as the columns of `block` (dim x (end - begin)).
template <typename T>
using BlockFiller = std::function<void(Eigen::Index, Eigen::Index, ColumnBlock<T>)>;

// Returns S (dim x dim, float64) in scratch memory. Only the lower triangle is
// filled; read it with the helpers in symmetric.hpp.
template <typename T>
ScratchMatrix<double> accumulate_symmetric_products(Eigen::Index dim, Eigen::Index count,
                                                    const BlockFiller<T>& fill, int threads);

extern template ScratchMatrix<double> accumulate_symmetric_products<float>(
    Eigen::Index, Eigen::Index, const BlockFiller<float>&, int);
extern template ScratchMatrix<double> accumulate_symmetric_products<double>(
    Eigen::Index, Eigen::Index, const BlockFiller<double>&, int);

}  // namespace repsim
