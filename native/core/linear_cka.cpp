#include "linear_cka.hpp"

#include <cmath>

#include "checks.hpp"
#include "column_moments.hpp"
#include "error.hpp"
#include "gram.hpp"
#include "hsic.hpp"
#include "symmetric.hpp"

namespace repsim {
namespace {

double feature_space_cka(const MatrixView& x, const ColumnMoments& mx, const MatrixView& y,
                         const ColumnMoments& my, int threads) {
  const ScratchMatrix<double> products =
      centred_joint_products(x, mx, y, my, compute_precision(x, y), threads);
  const auto& joint = products.matrix();
  const Eigen::Index p1 = x.cols;
  const Eigen::Index p2 = y.cols;
  const auto xx = joint.topLeftCorner(p1, p1);
  const auto yy = joint.bottomRightCorner(p2, p2);
  const double cross = joint.bottomLeftCorner(p2, p1).squaredNorm();
  const double norm = std::sqrt(symmetric_inner(xx, xx)) * std::sqrt(symmetric_inner(yy, yy));
  if (!(norm > 0.0) || !std::isfinite(cross / norm)) {
    throw Error(ErrorCode::ZeroVariance,
                "a centred covariance is zero, so CKA is undefined (constant representation)");
  }
  return cross / norm;
}

double gram_cka(const MatrixView& x, const ColumnMoments& mx, const MatrixView& y,
                const ColumnMoments& my, int threads) {
  const Precision precision = compute_precision(x, y);
  const ScratchMatrix<double> kc = centred_linear_gram(x, mx, precision, threads);
  const ScratchMatrix<double> lc = centred_linear_gram(y, my, precision, threads);
  return cka_from_centred_grams(kc.matrix(), lc.matrix());
}

}  // namespace

CkaForm cheaper_linear_cka_form(Eigen::Index examples, Eigen::Index p1, Eigen::Index p2) noexcept {
  return p1 + p2 <= examples ? CkaForm::FeatureSpace : CkaForm::Gram;
}

LinearCkaResult linear_cka(const MatrixView& x, const MatrixView& y,
                           const LinearCkaOptions& options) {
  require_paired_examples(x, y, 2, "linear CKA");
  const ColumnMoments mx = column_moments(x, options.threads);
  const ColumnMoments my = column_moments(y, options.threads);

  LinearCkaResult result;
  result.form = options.form == CkaForm::Auto ? cheaper_linear_cka_form(x.rows, x.cols, y.cols)
                                              : options.form;
  result.value = result.form == CkaForm::FeatureSpace
                     ? feature_space_cka(x, mx, y, my, options.threads)
                     : gram_cka(x, mx, y, my, options.threads);
  return result;
}

}  // namespace repsim
