#include "measures/dense_layer.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "base/centring.hpp"
#include "base/checks.hpp"
#include "base/column_moments.hpp"
#include "base/error.hpp"

namespace repsim {

DenseLayer dense_layer(const MatrixView& x, Centring centring, const MeasureOptions& options) {
  const double bytes = 8.0 * static_cast<double>(x.rows) * static_cast<double>(x.cols);
  if (!options.budget.allows(bytes)) {
    refuse_memory(bytes, options.budget, "a float64 copy of " + x.name,
                  "raise maxMemoryBytes or use fewer examples");
  }
  // Finite values and a spread products can hold; a constant layer is fine
  // for the measures that do not centre (its magnitude is checked below).
  const bool centred = centring == Centring::Columns;
  const ColumnMoments moments = column_moments(x, options.threads, !centred);
  DenseLayer out(x.rows, x.cols);
  if (centred) {
    with_centred_rows(x, moments.mean, 0, x.rows, [&](const auto& rows) { out = rows; });
    return out;
  }
  visit_typed(x, [&](const auto& m) { out = m.template cast<double>(); });
  const double largest = out.cwiseAbs().maxCoeff();
  const ValueSpread range = value_spread_range(DType::Float64);
  if (largest > range.largest || (largest > 0 && largest < range.smallest)) {
    throw Error(ErrorCode::OutOfRange,
                x.name + " has values as large as " + short_number(largest) +
                    ": this measure reads them uncentred, and their products would " +
                    (largest > 1 ? "overflow" : "underflow") +
                    "; multiply the layer by a constant");
  }
  return out;
}

void require_measure_pair(const MatrixView& x, const MatrixView& y, Eigen::Index min_rows,
                          const char* measure) {
  require_paired_examples(x, y, min_rows, measure);
}

void normalise_rows(DenseLayer& m) {
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    const double largest = m.row(i).cwiseAbs().maxCoeff();
    if (largest == 0) continue;
    m.row(i) /= largest;
    m.row(i).normalize();
  }
}

double robust_cosine(const Eigen::Ref<const Eigen::RowVectorXd>& a,
                     const Eigen::Ref<const Eigen::RowVectorXd>& b) {
  const Eigen::RowVectorXd sa = a / a.cwiseAbs().maxCoeff();
  const Eigen::RowVectorXd sb = b / b.cwiseAbs().maxCoeff();
  return std::clamp(sa.dot(sb) / (sa.norm() * sb.norm()), -1.0, 1.0);
}

void squared_distance_tile(const DenseLayer& rows, const Eigen::VectorXd& norms, const Tile& t,
                           Eigen::MatrixXd& out) {
  out.noalias() = rows.middleRows(t.i0, t.rows()) * rows.middleRows(t.j0, t.cols()).transpose();
  out *= -2.0;
  out.colwise() += norms.segment(t.i0, t.rows());
  out.rowwise() += norms.segment(t.j0, t.cols()).transpose();
  out = out.cwiseMax(0.0);
  if (t.diagonal()) out.diagonal().setZero();
}

DenseLayer zero_padded(const DenseLayer& x, Eigen::Index columns) {
  if (x.cols() >= columns) return x;
  DenseLayer out = DenseLayer::Zero(x.rows(), columns);
  out.leftCols(x.cols()) = x;
  return out;
}

}  // namespace repsim
