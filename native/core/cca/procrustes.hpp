// Orthogonal Procrustes distance (Ding et al. 2021): with X and Y
// centred and scaled to unit Frobenius norm,
//   min_R |X - Y R|_F^2 over orthogonal R = 2 - 2 |X^T Y|_*
// (nuclear norm). similarity = |X^T Y|_* in [0, 1]; distance = the square
// root, in [0, sqrt 2]. Computed from the covariance blocks: p1 x p2 space.
#pragma once

#include <algorithm>
#include <cmath>

#include "base/matrix_view.hpp"
#include "cca/cca.hpp"

namespace repsim {

struct ProcrustesResult {
  double distance = 0.0;
  double similarity = 0.0;
  // Williams et al.'s angular shape metric, arccos(similarity) in [0, pi/2].
  double angular() const { return std::acos(std::min(1.0, std::max(-1.0, similarity))); }
};

// Uses options.threads and options.budget only.
ProcrustesResult procrustes(const MatrixView& x, const MatrixView& y, const CcaOptions& options);

// From the blocks directly (for layer x layer matrices).
ProcrustesResult procrustes_from_blocks(const Eigen::Ref<const Eigen::MatrixXd>& cross,
                                        double trace_x, double trace_y);

}  // namespace repsim
