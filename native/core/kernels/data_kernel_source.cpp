#include "kernels/data_kernel_source.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <string>
#include <type_traits>

#include "base/centring.hpp"
#include "base/error.hpp"
#include "base/parallel.hpp"

namespace repsim {
namespace {

template <typename T>
using RowBlock = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <typename T>
void centred_block(const MatrixView& x, const Eigen::VectorXd& mean, Eigen::Index begin,
                   Eigen::Index end, RowBlock<T>& out) {
  with_centred_rows(x, mean, begin, end, [&](const auto& rows) { out = rows.template cast<T>(); });
}

// out = rows * right^T, written in place. On diagonal tiles (right == rows)
// only the lower half is multiplied (a rank-k update), then mirrored.
template <typename Out, typename M>
void product_into(const M& rows, const M& right, bool diagonal, Out& out) {
  if (diagonal) {
    out.setZero();
    out.template selfadjointView<Eigen::Lower>().rankUpdate(rows);
    out.template triangularView<Eigen::StrictlyUpper>() = out.transpose();
  } else {
    out.noalias() = rows * right.transpose();
  }
}

template <typename T, typename M>
void tile_product(const M& rows, const M& right, const Tile& tile,
                  Eigen::Ref<Eigen::MatrixXd> out) {
  if constexpr (std::is_same_v<T, double>) {
    product_into(rows, right, tile.diagonal(), out);
  } else {
    // The product runs in float32 and is widened afterwards.
    thread_local Eigen::MatrixXf product;
    product.resize(tile.rows(), tile.cols());
    product_into(rows, right, tile.diagonal(), product);
    out = product.cast<double>();
  }
}

template <typename T>
void gram_tile(const MatrixView& x, const Eigen::VectorXd& mean, const Tile& tile,
               Eigen::Ref<Eigen::MatrixXd> out) {
  // Reused across the tiles a worker thread handles: no allocation per tile.
  thread_local RowBlock<T> rows;
  thread_local RowBlock<T> cols;
  centred_block<T>(x, mean, tile.i0, tile.i1, rows);
  if (!tile.diagonal()) centred_block<T>(x, mean, tile.j0, tile.j1, cols);
  tile_product<T>(rows, tile.diagonal() ? rows : cols, tile, out);
}

// The same product on views of a centred copy (row-major, cols wide).
template <typename T>
void gram_tile_from_copy(const void* copy, Eigen::Index n, Eigen::Index cols, const Tile& tile,
                         Eigen::Ref<Eigen::MatrixXd> out) {
  const Eigen::Map<const RowBlock<T>> centred(static_cast<const T*>(copy), n, cols);
  tile_product<T>(centred.middleRows(tile.i0, tile.rows()),
                  centred.middleRows(tile.j0, tile.cols()), tile, out);
}

}  // namespace

DataKernelSource::DataKernelSource(const MatrixView& layer, const KernelSpec& kernel,
                                   Precision precision, int threads)
    : layer_(layer), kernel_(kernel), precision_(precision) {
  moments_ = column_moments(layer_, threads);
  row_norms_ = centred_row_squared_norms(layer_, moments_.mean, threads);
  if (kernel_.kind == KernelKind::Polynomial) {
    mean_projection_.resize(layer_.rows);
    with_centred_rows(layer_, moments_.mean, 0, layer_.rows,
                      [&](const auto& rows) { mean_projection_ = rows * moments_.mean; });
    mean_norm_ = moments_.mean.squaredNorm();
    gamma_ = kernel_.gamma > 0 ? kernel_.gamma : 1.0 / static_cast<double>(layer_.cols);
  }
  if (kernel_.kind == KernelKind::Rbf && kernel_.sigma > 0) {
    rbf_scale_ = 1.0 / (2.0 * kernel_.sigma * kernel_.sigma);
  }
}

double DataKernelSource::centred_copy_bytes() const noexcept {
  const double entries = static_cast<double>(layer_.rows) * static_cast<double>(layer_.cols);
  return entries * (precision_ == Precision::Single ? sizeof(float) : sizeof(double));
}

void DataKernelSource::keep_centred_copy(int threads) {
  centred_ = std::make_unique<ScratchBuffer>(static_cast<std::size_t>(centred_copy_bytes()));
  const auto fill = [&](auto* data) {
    using T = std::remove_pointer_t<decltype(data)>;
    Eigen::Map<RowBlock<T>> copy(data, layer_.rows, layer_.cols);
    const int workers = workers_for(centred_copy_bytes(), 1 << 22, threads);
    parallel_ranges(workers, layer_.rows, [&](int, Eigen::Index begin, Eigen::Index end) {
      with_centred_rows(layer_, moments_.mean, begin, end, [&](const auto& rows) {
        copy.middleRows(begin, end - begin) = rows.template cast<T>();
      });
    });
  };
  if (precision_ == Precision::Single) {
    fill(static_cast<float*>(centred_->data()));
  } else {
    fill(static_cast<double*>(centred_->data()));
  }
}

void DataKernelSource::centred_gram_tile(const Tile& tile, Eigen::Ref<Eigen::MatrixXd> out) const {
  if (centred_ && precision_ == Precision::Single) {
    gram_tile_from_copy<float>(centred_->data(), layer_.rows, layer_.cols, tile, out);
  } else if (centred_) {
    gram_tile_from_copy<double>(centred_->data(), layer_.rows, layer_.cols, tile, out);
  } else if (precision_ == Precision::Single) {
    gram_tile<float>(layer_, moments_.mean, tile, out);
  } else {
    gram_tile<double>(layer_, moments_.mean, tile, out);
  }
}

bool DataKernelSource::zero_row_sums(Eigen::VectorXd& diagonal) const {
  if (kernel_.kind != KernelKind::Linear) return false;
  diagonal = row_norms_;
  return true;
}

bool DataKernelSource::needs_median() const {
  return kernel_.kind == KernelKind::Rbf && !(kernel_.sigma > 0);
}

void DataKernelSource::distance_tile(const Tile& tile, Eigen::Ref<Eigen::MatrixXd> out) const {
  centred_gram_tile(tile, out);
  // |a - b|^2 = |a|^2 + |b|^2 - 2 <a, b>, on centred rows (translation changes
  // nothing, and centring keeps the cancellation small); rounding can make a
  // tiny distance negative, and a point's distance to itself is exactly 0.
  out = ((-2.0 * out).colwise() + row_norms_.segment(tile.i0, tile.rows())).rowwise() +
        row_norms_.segment(tile.j0, tile.cols()).transpose();
  out = out.cwiseMax(0.0);
  if (tile.diagonal()) out.diagonal().setZero();
}

double DataKernelSource::squared_distance(Eigen::Index i, Eigen::Index j) const {
  if (i == j) return 0.0;
  double sum = 0.0;
  visit_typed(layer_, [&](const auto& m) {
    sum = (m.row(i).template cast<double>() - m.row(j).template cast<double>()).squaredNorm();
  });
  return sum;
}

double DataKernelSource::squared_distance_bound() const {
  // |a - b| <= |a - m| + |b - m| <= 2 max_i |x_i - m|, with a margin for rounding.
  return 4.0 * row_norms_.maxCoeff() * (1.0 + 1e-12) + 1e-300;
}

void DataKernelSource::set_median(double median) {
  if (!(median > 0)) {
    throw Error(ErrorCode::ZeroVariance,
                layer_.name +
                    ": the median pairwise distance is 0 (at least half of all pairs of examples "
                    "are identical), so the RBF bandwidth would be 0; pass an explicit sigma");
  }
  rbf_scale_ = 1.0 / (2.0 * kernel_.threshold * kernel_.threshold * median);
}

void DataKernelSource::distances_to_kernel(Eigen::Ref<Eigen::MatrixXd> tile) const {
  tile = (-rbf_scale_ * tile.array()).exp().matrix();
}

void DataKernelSource::kernel_tile(const Tile& tile, Eigen::Ref<Eigen::MatrixXd> out) const {
  switch (kernel_.kind) {
    case KernelKind::Linear:
      centred_gram_tile(tile, out);
      return;
    case KernelKind::Rbf:
      distance_tile(tile, out);
      distances_to_kernel(out);
      return;
    case KernelKind::Polynomial: {
      centred_gram_tile(tile, out);
      // <x_i, x_j> = <x_i - m, x_j - m> + <x_i - m, m> + <x_j - m, m> + |m|^2
      const Eigen::ArrayXXd base =
          gamma_ * (((out.colwise() + mean_projection_.segment(tile.i0, tile.rows())).rowwise() +
                     mean_projection_.segment(tile.j0, tile.cols()).transpose())
                        .array() +
                    mean_norm_) +
          kernel_.coef0;
      Eigen::ArrayXXd power = base;
      for (int d = 1; d < kernel_.degree; ++d) power *= base;
      out = power.matrix();
      return;
    }
  }
}

}  // namespace repsim
