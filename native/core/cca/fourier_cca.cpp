#include "cca/fourier_cca.hpp"

#include <Eigen/QR>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <string>
#include <vector>

#include "base/checks.hpp"
#include "base/column_moments.hpp"
#include "base/error.hpp"
#include "base/parallel.hpp"
#include "cca/canonical_correlations.hpp"
#include "cca/whitening_basis.hpp"

namespace repsim {
namespace {

using Complex = std::complex<double>;
using ComplexMatrix = Eigen::MatrixXcd;

// The frequencies numpy's fftfreq(size, 1/size) lists, in its order, keeping
// those in [-kept/2, kept/2) (all of them when kept == size).
std::vector<Eigen::Index> kept_frequencies(Eigen::Index size, Eigen::Index kept) {
  std::vector<Eigen::Index> out;
  for (Eigen::Index k = 0; k < size; ++k) {
    const Eigen::Index f = k < (size + 1) / 2 ? k : k - size;
    if (2 * f >= -kept && 2 * f < kept) out.push_back(f);
  }
  return out;
}

// Rows of the DFT matrix for the given frequencies: F(u, a) = e^(-2 pi i f_u a / size).
ComplexMatrix dft_rows(const std::vector<Eigen::Index>& frequencies, Eigen::Index size) {
  ComplexMatrix f(static_cast<Eigen::Index>(frequencies.size()), size);
  const double pi = std::acos(-1.0);
  for (Eigen::Index u = 0; u < f.rows(); ++u) {
    for (Eigen::Index a = 0; a < size; ++a) {
      // Reduce the exponent modulo size first: exact angles for large products.
      const auto turn = static_cast<double>((frequencies[static_cast<size_t>(u)] * a) % size);
      f(u, a) = std::polar(1.0, -2.0 * pi * turn / static_cast<double>(size));
    }
  }
  return f;
}

// One n x c complex matrix per kept frequency (row-major u * W' + v).
std::vector<ComplexMatrix> frequency_blocks(const FeatureMapView& map, const ComplexMatrix& fh,
                                            const ComplexMatrix& fw, int threads) {
  const Eigen::Index n = map.data.rows;
  const Eigen::Index h = map.height;
  const Eigen::Index w = map.width;
  const Eigen::Index c = map.channels;
  std::vector<ComplexMatrix> blocks(static_cast<size_t>(fh.rows() * fw.rows()),
                                    ComplexMatrix(n, c));
  const int workers =
      workers_for(static_cast<double>(n * h * w * c) * static_cast<double>(fh.rows() + fw.rows()),
                  1 << 20, threads);
  visit_typed(map.data, [&](const auto& data) {
    parallel_ranges(workers, n, [&](int, Eigen::Index begin, Eigen::Index end) {
      ComplexMatrix rows_done(h * fw.rows(), c);  // [a, v] x channel
      ComplexMatrix column(h, c);
      for (Eigen::Index i = begin; i < end; ++i) {
        // Example i as (h w) x c: row a * w + b is position (a, b).
        const Eigen::Map<const Eigen::Matrix<typename std::decay_t<decltype(data)>::Scalar,
                                             Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>
            example(data.row(i).data(), h * w, c);
        for (Eigen::Index a = 0; a < h; ++a) {
          rows_done.middleRows(a * fw.rows(), fw.rows()).noalias() =
              fw * example.middleRows(a * w, w).template cast<double>().template cast<Complex>();
        }
        for (Eigen::Index v = 0; v < fw.rows(); ++v) {
          for (Eigen::Index a = 0; a < h; ++a) column.row(a) = rows_done.row(a * fw.rows() + v);
          const ComplexMatrix transformed = fh * column;  // H' x c
          for (Eigen::Index u = 0; u < fh.rows(); ++u) {
            blocks[static_cast<size_t>(u * fw.rows() + v)].row(i) = transformed.row(u);
          }
        }
      }
    });
  });
  return blocks;
}

// Orthonormal basis of the centred columns' span (pivoted QR, columns scaled
// to unit norm, dependent and constant columns dropped).
ComplexMatrix centred_basis(ComplexMatrix block) {
  block.rowwise() -= block.colwise().mean();
  std::vector<Eigen::Index> kept;
  for (Eigen::Index j = 0; j < block.cols(); ++j) {
    const double norm = block.col(j).norm();
    if (norm > 0.0) {
      block.col(j) /= norm;
      kept.push_back(j);
    }
  }
  if (kept.empty()) return ComplexMatrix(block.rows(), 0);
  ComplexMatrix scaled(block.rows(), static_cast<Eigen::Index>(kept.size()));
  for (size_t j = 0; j < kept.size(); ++j)
    scaled.col(static_cast<Eigen::Index>(j)) = block.col(kept[j]);
  Eigen::ColPivHouseholderQR<ComplexMatrix> qr(scaled.rows(), scaled.cols());
  qr.setThreshold(kRankTolerance);
  qr.compute(scaled);
  ComplexMatrix q = ComplexMatrix::Identity(scaled.rows(), qr.rank());
  q.applyOnTheLeft(qr.householderQ());
  return q;
}

void check_map(const FeatureMapView& map) {
  if (map.height * map.width * map.channels != map.data.cols || map.height < 1 || map.width < 1 ||
      map.channels < 1) {
    throw Error(ErrorCode::ShapeMismatch,
                map.data.name + ": a feature map of " + std::to_string(map.height) + " x " +
                    std::to_string(map.width) + " x " + std::to_string(map.channels) +
                    " does not match " + std::to_string(map.data.cols) + " features per example");
  }
}

}  // namespace

FourierCcaResult fourier_cca(const FeatureMapView& x, const FeatureMapView& y,
                             const CcaOptions& options) {
  check_map(x);
  check_map(y);
  require_paired_examples(x.data, y.data, 2, "Fourier CCA");
  column_moments(x.data, options.threads);  // finite values, not all constant
  column_moments(y.data, options.threads);
  const Eigen::Index kept_h = std::min(x.height, y.height);
  const Eigen::Index kept_w = std::min(x.width, y.width);
  const double bytes = static_cast<double>(x.data.rows) * static_cast<double>(kept_h * kept_w) *
                       static_cast<double>(x.channels + y.channels) * sizeof(Complex);
  if (!options.budget.allows(bytes)) {
    refuse_memory(bytes, options.budget, "the per-frequency DFT blocks of both maps",
                  "compare fewer examples, or raise maxMemoryBytes");
  }
  auto transform = [&](const FeatureMapView& map) {
    return frequency_blocks(map, dft_rows(kept_frequencies(map.height, kept_h), map.height),
                            dft_rows(kept_frequencies(map.width, kept_w), map.width),
                            options.threads);
  };
  const std::vector<ComplexMatrix> bx = transform(x);
  const std::vector<ComplexMatrix> by = transform(y);

  const auto count = static_cast<Eigen::Index>(bx.size());
  std::vector<Eigen::VectorXd> rho(static_cast<size_t>(count));
  std::vector<Eigen::Index> dims_x(static_cast<size_t>(count)), dims_y(static_cast<size_t>(count));
  const int workers = workers_for(static_cast<double>(count), 1, options.threads);
  parallel_ranges(workers, count, [&](int, Eigen::Index begin, Eigen::Index end) {
    for (Eigen::Index k = begin; k < end; ++k) {
      const auto s = static_cast<size_t>(k);
      const ComplexMatrix qx = centred_basis(bx[s]);
      const ComplexMatrix qy = centred_basis(by[s]);
      dims_x[s] = qx.cols();
      dims_y[s] = qy.cols();
      require_determined(qx.cols(), qy.cols(), x.data.rows,
                         x.data.name + " (frequency " + std::to_string(k) + ")", y.data.name,
                         options.allow_underdetermined);
      if (qx.cols() == 0 || qy.cols() == 0) continue;
      const Eigen::BDCSVD<ComplexMatrix> svd(qx.adjoint() * qy);
      rho[s] = svd.singularValues().cwiseMin(1.0);
    }
  });

  FourierCcaResult result;
  result.frequency_mean_rho = Eigen::MatrixXd::Zero(kept_h, kept_w);
  Eigen::Index total = 0;
  for (Eigen::Index k = 0; k < count; ++k) {
    const auto s = static_cast<size_t>(k);
    total += rho[s].size();
    result.pooled.dims_x += dims_x[s];
    result.pooled.dims_y += dims_y[s];
    if (rho[s].size() > 0) result.frequency_mean_rho(k / kept_w, k % kept_w) = rho[s].mean();
  }
  if (total == 0) {
    throw Error(ErrorCode::ZeroVariance,
                "no spatial frequency has variance in both " + x.data.name + " and " + y.data.name);
  }
  result.pooled.rho.resize(total);
  Eigen::Index offset = 0;
  for (const Eigen::VectorXd& r : rho) {
    result.pooled.rho.segment(offset, r.size()) = r;
    offset += r.size();
  }
  std::sort(result.pooled.rho.begin(), result.pooled.rho.end(), std::greater<double>());
  return result;
}

}  // namespace repsim
