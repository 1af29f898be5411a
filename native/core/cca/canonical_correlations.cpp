#include "cca/canonical_correlations.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "base/parallel.hpp"
#include "linalg/decompositions.hpp"

namespace repsim {

Eigen::MatrixXd whitened_cross(const WhitenedLayer& a, const WhitenedLayer& b,
                               const Eigen::Ref<const Eigen::MatrixXd>& cross_ab, int threads) {
  if (a.basis.keeps_orthonormal_columns() || b.basis.keeps_orthonormal_columns()) {
    const Eigen::MatrixXd qa = a.basis.orthonormal_columns(a.view, a.mean, threads);
    const Eigen::MatrixXd qb = b.basis.orthonormal_columns(b.view, b.mean, threads);
    return qa.transpose() * qb;
  }
  // Tb^T Cba is rb x pa; transposed and whitened on a's side: Ta^T Cab Tb.
  const Eigen::MatrixXd half = b.basis.whiten_rows(cross_ab.transpose(), threads);
  return a.basis.whiten_rows(half.transpose(), threads);
}

Eigen::VectorXd canonical_correlations(const Eigen::MatrixXd& whitened, int threads) {
  const Eigen::Index size = std::min(whitened.rows(), whitened.cols());
  if (size <= kDirectSvdLimit) {
    return singular_values(whitened).cwiseMin(1.0);
  }
  // The Gram matrix of W's shorter side, its columns split over threads.
  const bool tall = whitened.rows() >= whitened.cols();
  Eigen::MatrixXd gram(size, size);
  const int workers = workers_for(static_cast<double>(size) * static_cast<double>(size) *
                                      static_cast<double>(whitened.size() / size),
                                  1 << 24, threads);
  parallel_ranges(workers, size, [&](int, Eigen::Index begin, Eigen::Index end) {
    if (tall) {
      gram.middleCols(begin, end - begin).noalias() =
          whitened.transpose() * whitened.middleCols(begin, end - begin);
    } else {
      gram.middleCols(begin, end - begin).noalias() =
          whitened * whitened.middleRows(begin, end - begin).transpose();
    }
  });
  const SymmetricEigen eigen = symmetric_eigen(gram, false);
  if (!eigen.converged) {
    throw Error(ErrorCode::Internal, "eigendecomposition of the whitened Gram matrix failed");
  }
  return eigen.values.reverse().cwiseMax(0.0).cwiseSqrt().cwiseMin(1.0);
}

void require_determined(Eigen::Index dims_a, Eigen::Index dims_b, Eigen::Index examples,
                        const std::string& name_a, const std::string& name_b, bool allow) {
  if (allow || dims_a + dims_b <= examples - 1) return;
  throw Error(ErrorCode::Underdetermined,
              name_a + " and " + name_b + " span " + std::to_string(dims_a) + " + " +
                  std::to_string(dims_b) + " dimensions, but " + std::to_string(examples) +
                  " centred examples span only " + std::to_string(examples - 1) +
                  ": the two column spaces must intersect, so some canonical correlations are 1 "
                  "whatever the data. Use more examples (n - 1 >= p1 + p2), reduce the "
                  "dimensions first (svcca), or pass allowUnderdetermined: true");
}

}  // namespace repsim
