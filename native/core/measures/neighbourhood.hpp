// Neighbourhood measures: how far two layers agree on which examples are
// each example's nearest neighbours (ReSi's nearest_neighbor.py: cosine
// neighbours of the raw rows; platonic-rep's metrics.py: inner-product
// neighbours of L2-normalised rows). Neighbours come from a tiled top-k
// search (one GEMM per tile, each row keeping its best k; no n x n matrix),
// the example itself always excluded, ties going to the lower index; an
// all-zero example is at cosine 0 from every other (scikit-learn's rule). Each
// costs O(n^2 (p + q)) time and O(n k) memory besides the layers.
#pragma once

#include "base/matrix_view.hpp"
#include "measures/measure_options.hpp"

namespace repsim {

// Mean over examples of |N_x(i) & N_y(i)| / |N_x(i) | N_y(i)| for the k
// cosine neighbours (options.k).
double jaccard_knn(const MatrixView& x, const MatrixView& y, const MeasureOptions& options);

// ReSi's rank similarity: for the neighbours j common to both lists, with
// ranks r, r' (1-based), sum 2 / ((1 + |r - r'|)(r + r')), normalised by
// sum_{m=1}^{|common|} 1/m; 0 without common neighbours; mean over examples.
double rank_similarity(const MatrixView& x, const MatrixView& y, const MeasureOptions& options);

// ReSi's second-order cosine similarity: for each example, the cosine
// distances to the union of both neighbour lists in each layer, compared
// by their cosine; mean over examples.
double second_order_cosine(const MatrixView& x, const MatrixView& y, const MeasureOptions& options);

// platonic-rep's mutual kNN alignment: mean over examples of
// |N_x(i) & N_y(i)| / k, inner-product neighbours of the rows (L2-normalised
// first unless options.normalize is false).
double mutual_knn(const MatrixView& x, const MatrixView& y, const MeasureOptions& options);

// platonic-rep's CKNNA: the unbiased HSIC (Song et al. 2012) of the inner
// product kernels K, L with every entry outside the mutual neighbours (j in
// both i's lists) set to 0, normalised by the same quantity of K with K and
// L with L: HSIC(K_m, L_m) / sqrt(HSIC(K_mk, K_mk) HSIC(L_ml, L_ml)).
// platonic-rep adds 1e-6 to that denominator, which, HSIC being divided by
// n(n - 3), pulls CKNNA(X, X) below 1 by a scale-dependent amount; repsim
// leaves it out (multiply by s / (s + 1e-6), s the denominator, to get
// platonic-rep's number). Needs k >= 2 and n >= 4.
double cknna(const MatrixView& x, const MatrixView& y, const MeasureOptions& options);

}  // namespace repsim
