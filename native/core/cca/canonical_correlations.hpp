// The step every CCA-type metric shares once each layer has a whitening basis
// (whitening_basis.hpp): the whitened cross-product W = (Xa_c Ta)^T (Xb_c Tb)
// and its singular values, the canonical correlations.
#pragma once

#include <Eigen/Core>
#include <string>

#include "base/matrix_view.hpp"
#include "cca/whitening_basis.hpp"

namespace repsim {

struct WhitenedLayer {
  MatrixView view;
  Eigen::VectorXd mean;
  WhiteningBasis basis;
};

// W = Ta^T Cab Tb from the covariance block Cab = Xa_c^T Xb_c (two triangular
// solves), except when a basis came from pivoted QR: then the explicit
// orthonormal columns are multiplied, because going through Cab would scale
// rounding errors by both condition numbers.
Eigen::MatrixXd whitened_cross(const WhitenedLayer& a, const WhitenedLayer& b,
                               const Eigen::Ref<const Eigen::MatrixXd>& cross_ab, int threads);

// Up to this many correlations they come straight from the SVD of W. Beyond
// it, from the eigenvalues of the smaller Gram matrix (W^T W or W W^T): about
// twice as fast (bidiagonalisation is Eigen's slowest dense step), at an
// absolute error near 1e-16 / rho per correlation instead of 1e-16.
inline constexpr Eigen::Index kDirectSvdLimit = 512;

// Singular values of W, descending, clipped to [0, 1] (rounding can push a
// perfect correlation to 1 + 1e-16).
Eigen::VectorXd canonical_correlations(const Eigen::MatrixXd& whitened, int threads = 1);

// UNDERDETERMINED when dims_a + dims_b > n - 1: centred examples span n - 1
// dimensions, so two larger column spaces must intersect and some
// correlations are 1 whatever the data.
void require_determined(Eigen::Index dims_a, Eigen::Index dims_b, Eigen::Index examples,
                        const std::string& name_a, const std::string& name_b, bool allow);

}  // namespace repsim
