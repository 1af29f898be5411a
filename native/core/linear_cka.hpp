// Linear CKA (Kornblith et al. 2019):
//   CKA(X, Y) = ||Yc^T Xc||_F^2 / (||Xc^T Xc||_F ||Yc^T Yc||_F)
// with Xc, Yc the column-centred activations. The same number equals
// <Kc, Lc> / (||Kc|| ||Lc||) for the centred linear Grams Kc = Xc Xc^T, Lc = Yc Yc^T;
// the first form costs n (p1 + p2)^2 / 2, the second n^2 (p1 + p2) / 2, so
// `Auto` picks the feature-space form when p1 + p2 <= n and the Gram form otherwise.
#pragma once

#include "matrix_view.hpp"

namespace repsim {

enum class CkaForm { Auto, FeatureSpace, Gram };

struct LinearCkaOptions {
  CkaForm form = CkaForm::Auto;
  int threads = 0;  // 0: every hardware thread
};

struct LinearCkaResult {
  double value = 0.0;
  CkaForm form = CkaForm::Auto;  // the form actually used
};

CkaForm cheaper_linear_cka_form(Eigen::Index examples, Eigen::Index p1, Eigen::Index p2) noexcept;

LinearCkaResult linear_cka(const MatrixView& x, const MatrixView& y,
                           const LinearCkaOptions& options = {});

}  // namespace repsim
