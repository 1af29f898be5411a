// CKA of resampled rows from two centred Gram matrices held in memory. With
// K~ = H K H, gathering rows and columns by an index set and centring again
// gives the same HSIC as recomputing the kernel on the resampled rows (H kills
// the row and column means a gather leaves behind), and the unbiased HSIC is
// unchanged by k(a, b) + f(a) + f(b) too; so one O(n^2) pass per set computes
//   S_ab = sum_ij a_ij b_ij - (2/n) sum_i ra_i rb_i + (sum ra)(sum rb) / n^2
// (debiased: diagonal excluded, and the (n-1)(n-2), n-2 weights of Song et
// al. 2012), with a = K~x[ix, ix], b = K~y[iy, iy], r their row sums.
// Kernel bandwidths (RBF median) are fixed from the data as given.
#pragma once

#include <Eigen/Core>
#include <memory>
#include <vector>

#include "base/matrix_view.hpp"
#include "cka/similarity.hpp"

namespace repsim {

// The centred n x n kernel H K H of one layer (n^2 doubles), always float64:
// every resampled value is read from it, so its rounding would repeat in each.
using CentredGram = std::shared_ptr<const Eigen::MatrixXd>;
CentredGram centred_gram(const MatrixView& layer, const KernelSpec& kernel, int threads);

class ResamplableGrams {
 public:
  // Builds and centres both n x n kernels (2 n^2 doubles; see bytes()).
  ResamplableGrams(const MatrixView& x, const MatrixView& y, const SimilarityOptions& options);
  // From kernels already built (and shared, e.g. by every cell of a layer).
  ResamplableGrams(CentredGram kx, CentredGram ky, bool debiased);

  static double bytes(Eigen::Index n) { return 2.0 * one_gram_bytes(n); }
  static double one_gram_bytes(Eigen::Index n) {
    return 8.0 * static_cast<double>(n) * static_cast<double>(n);
  }

  // CKA of x's rows ix against y's rows iy (both of length n).
  double cka(const std::vector<Eigen::Index>& ix, const std::vector<Eigen::Index>& iy) const;

 private:
  CentredGram kx_;
  CentredGram ky_;
  bool debiased_ = false;
};

}  // namespace repsim
