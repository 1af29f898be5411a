// The k nearest neighbours of every row of a point set (Euclidean, itself
// excluded), without ever holding an S x S distance matrix: distances come in
// tiles from |a|^2 + |b|^2 - 2 a.b (one GEMM per tile), each row keeps only its
// best candidates, and rows are split over threads. The identity cancels
// badly for close points, so every row keeps a few spare candidates and
// their distances are recomputed exactly (a - b, in float64) before the final
// choice: reported distances are exact, and ties go to the lower index.
#pragma once

#include <Eigen/Core>

namespace repsim {

// Row-major points, S x d, float64.
using PointMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Neighbours {
  Eigen::MatrixXd distance;                                           // S x k, ascending per row
  Eigen::Matrix<Eigen::Index, Eigen::Dynamic, Eigen::Dynamic> index;  // S x k
};

// k < S required. With single_precision_tiles the distance GEMM runs on a
// float32 copy (twice the SIMD throughput, for float32 activations); the
// final re-ranking always uses the float64 points, so results are the same.
Neighbours nearest_neighbours(const PointMatrix& points, Eigen::Index k, int threads,
                              bool single_precision_tiles = false);

// Bytes nearest_neighbours allocates for S points of d dimensions: the
// float32 copy when asked for, the S x k results, and per thread one distance
// tile plus the GEMM's packed panels.
double nearest_neighbours_bytes(Eigen::Index count, Eigen::Index dims, Eigen::Index k, int threads,
                                bool single_precision_tiles);

}  // namespace repsim
