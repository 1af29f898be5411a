#include <doctest/doctest.h>

#include "base/column_moments.hpp"
#include "kernels/data_kernel_source.hpp"
#include "kernels/pairwise_median.hpp"
#include "test_support.hpp"

using namespace repsim;
using namespace repsim::testing;

namespace {

double median_of_distances(const RowMatrixD& x) {
  const Eigen::MatrixXd dot = x * x.transpose();
  const Eigen::MatrixXd d =
      ((-2.0 * dot).colwise() + dot.diagonal()).rowwise() + dot.diagonal().transpose();
  return naive_median(d.cwiseMax(0.0));
}

}  // namespace

TEST_CASE("the median of all n^2 squared distances, collected at once or narrowed in passes") {
  for (Eigen::Index n : {2, 3, 4, 5, 50, 301}) {
    const RowMatrixD x = random_matrix(n, 3, static_cast<unsigned>(n));
    KernelSpec rbf;
    rbf.kind = KernelKind::Rbf;
    const DataKernelSource source(view_of(x, "x"), rbf, Precision::Double, 1);
    const TileGrid grid(n, 64);
    const double expected = median_of_distances(x);

    // Collecting at most 7 values forces several narrowing passes.
    for (std::size_t collect : {std::size_t{7}, std::size_t{1000000}}) {
      CHECK(streaming_median(source, grid, 2, collect, 64) ==
            doctest::Approx(expected).epsilon(1e-12));
    }
  }
}

TEST_CASE("streaming median with heavy ties ends on the tied value") {
  // Two clusters of identical points: only two distinct distances, 0 and 2.
  RowMatrixD x = RowMatrixD::Zero(40, 2);
  x.topRows(20).col(0).setOnes();
  x.bottomRows(20).col(1).setOnes();
  KernelSpec rbf;
  rbf.kind = KernelKind::Rbf;
  const DataKernelSource source(view_of(x, "x"), rbf, Precision::Double, 1);
  CHECK(streaming_median(source, TileGrid(40, 16), 2, 5, 64) ==
        doctest::Approx(median_of_distances(x)).epsilon(1e-12));
}
