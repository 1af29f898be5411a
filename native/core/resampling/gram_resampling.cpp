#include "resampling/gram_resampling.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "base/checks.hpp"
#include "base/error.hpp"
#include "base/parallel.hpp"
#include "kernels/data_kernel_source.hpp"
#include "kernels/pairwise_median.hpp"
#include "kernels/tile_grid.hpp"

namespace repsim {
namespace {

// The whole kernel of one layer, then H K H.
Eigen::MatrixXd centred_kernel(const MatrixView& layer, const KernelSpec& kernel, int threads) {
  DataKernelSource source(layer, kernel, Precision::Double, threads);
  const Eigen::Index n = layer.rows;
  const TileGrid grid(n, 256);
  const int workers =
      workers_for(static_cast<double>(n) * static_cast<double>(n), 65536.0, threads);
  if (source.needs_median()) {
    source.set_median(
        streaming_median(source, grid, workers, std::size_t{1} << 20, std::int64_t{1} << 18));
  }
  Eigen::MatrixXd k(n, n);
  const auto& tiles = grid.tiles();
  parallel_ranges(workers, static_cast<Eigen::Index>(tiles.size()),
                  [&](int, Eigen::Index begin, Eigen::Index end) {
                    Eigen::MatrixXd block;
                    for (Eigen::Index t = begin; t < end; ++t) {
                      const Tile& tile = tiles[static_cast<std::size_t>(t)];
                      block.resize(tile.rows(), tile.cols());
                      source.kernel_tile(tile, block);
                      k.block(tile.i0, tile.j0, tile.rows(), tile.cols()) = block;
                      if (!tile.diagonal()) {
                        k.block(tile.j0, tile.i0, tile.cols(), tile.rows()) = block.transpose();
                      }
                    }
                  });
  const Eigen::VectorXd row_mean = k.rowwise().mean();
  const double mean = row_mean.mean();
  k.colwise() -= row_mean;
  k.rowwise() -= row_mean.transpose();
  k.array() += mean;
  return k;
}

struct Sums {
  double ab = 0.0, aa = 0.0, bb = 0.0;
  double row_ab = 0.0, row_aa = 0.0, row_bb = 0.0;  // sum_i ra_i rb_i etc.
  double total_a = 0.0, total_b = 0.0;
};

// S_ab of Kornblith's centring (biased) or Song et al.'s (unbiased), as
// centred_kernel_products computes it, up to the same constant factors.
double product(double inner, double row_inner, double total_a, double total_b, double n,
               bool debiased) {
  if (debiased) {
    return inner + total_a * total_b / ((n - 1.0) * (n - 2.0)) - 2.0 / (n - 2.0) * row_inner;
  }
  return inner - 2.0 / n * row_inner + total_a * total_b / (n * n);
}

}  // namespace

CentredGram centred_gram(const MatrixView& layer, const KernelSpec& kernel, int threads) {
  return std::make_shared<const Eigen::MatrixXd>(centred_kernel(layer, kernel, threads));
}

ResamplableGrams::ResamplableGrams(const MatrixView& x, const MatrixView& y,
                                   const SimilarityOptions& options)
    : debiased_(options.debiased) {
  require_paired_examples(x, y, options.debiased ? 4 : 2,
                          options.debiased ? "debiased CKA" : "CKA");
  kx_ = centred_gram(x, options.kernel, options.threads);
  ky_ = centred_gram(y, options.kernel, options.threads);
}

ResamplableGrams::ResamplableGrams(CentredGram kx, CentredGram ky, bool debiased)
    : kx_(std::move(kx)), ky_(std::move(ky)), debiased_(debiased) {}

double ResamplableGrams::cka(const std::vector<Eigen::Index>& ix,
                             const std::vector<Eigen::Index>& iy) const {
  const auto n = static_cast<Eigen::Index>(ix.size());
  Sums s;
  Eigen::VectorXd gathered_a(n);
  Eigen::VectorXd gathered_b(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double* col_a = kx_->data() + ix[static_cast<std::size_t>(i)] * n;
    const double* col_b = ky_->data() + iy[static_cast<std::size_t>(i)] * n;
    for (Eigen::Index j = 0; j < n; ++j) {
      gathered_a[j] = col_a[ix[static_cast<std::size_t>(j)]];
      gathered_b[j] = col_b[iy[static_cast<std::size_t>(j)]];
    }
    if (debiased_) {
      gathered_a[i] = 0.0;
      gathered_b[i] = 0.0;
    }
    const double ra = gathered_a.sum();
    const double rb = gathered_b.sum();
    s.ab += gathered_a.dot(gathered_b);
    s.aa += gathered_a.squaredNorm();
    s.bb += gathered_b.squaredNorm();
    s.row_ab += ra * rb;
    s.row_aa += ra * ra;
    s.row_bb += rb * rb;
    s.total_a += ra;
    s.total_b += rb;
  }
  const auto nn = static_cast<double>(n);
  const double sab = product(s.ab, s.row_ab, s.total_a, s.total_b, nn, debiased_);
  const double saa = product(s.aa, s.row_aa, s.total_a, s.total_a, nn, debiased_);
  const double sbb = product(s.bb, s.row_bb, s.total_b, s.total_b, nn, debiased_);
  if (!(saa > 0) || !(sbb > 0)) {
    throw Error(ErrorCode::ZeroVariance,
                std::string("a resampled set of rows has a zero centred kernel") +
                    (debiased_ ? " (or a non-positive debiased HSIC)" : "") +
                    ", so its CKA is undefined; use more examples or fewer duplicates");
  }
  return sab / std::sqrt(saa * sbb);
}

}  // namespace repsim
