#include "gram.hpp"

#include <type_traits>

#include "symmetric_product.hpp"

namespace repsim {
namespace {

// Writes examples [begin, end) of x, centred, as the columns of `out`
// (one row of `out` per feature of x).
template <typename Block>
void write_centred_examples(const MatrixView& x, const ColumnMoments& mx, Eigen::Index begin,
                            Eigen::Index end, Block&& out) {
  using T = typename std::decay_t<Block>::Scalar;
  visit_typed(x, [&](const auto& xm) {
    out =
        (xm.middleRows(begin, end - begin).template cast<double>().rowwise() - mx.mean.transpose())
            .transpose()
            .template cast<T>();
  });
}

template <typename T>
ScratchMatrix<double> joint_products(const MatrixView& x, const ColumnMoments& mx,
                                     const MatrixView& y, const ColumnMoments& my, int threads) {
  const Eigen::Index p1 = x.cols;
  const Eigen::Index p2 = y.cols;
  const BlockFiller<T> fill = [&](Eigen::Index begin, Eigen::Index end, ColumnBlock<T> block) {
    // Column j of the block is example (begin + j): its centred x features
    // stacked on its centred y features.
    write_centred_examples(x, mx, begin, end, block.topRows(p1));
    write_centred_examples(y, my, begin, end, block.bottomRows(p2));
  };
  return accumulate_symmetric_products<T>(p1 + p2, x.rows, fill, threads);
}

template <typename T>
ScratchMatrix<double> linear_gram(const MatrixView& x, const ColumnMoments& mx, int threads) {
  const BlockFiller<T> fill = [&](Eigen::Index begin, Eigen::Index end, ColumnBlock<T> block) {
    // Column k of the block is feature (begin + k), centred, over all examples.
    visit_typed(x, [&](const auto& xm) {
      block = (xm.middleCols(begin, end - begin).template cast<double>().rowwise() -
               mx.mean.segment(begin, end - begin).transpose())
                  .template cast<T>();
    });
  };
  return accumulate_symmetric_products<T>(x.rows, x.cols, fill, threads);
}

}  // namespace

Precision compute_precision(const MatrixView& a, const MatrixView& b) noexcept {
  return a.dtype == DType::Float32 && b.dtype == DType::Float32 ? Precision::Single
                                                                : Precision::Double;
}

ScratchMatrix<double> centred_joint_products(const MatrixView& x, const ColumnMoments& x_moments,
                                             const MatrixView& y, const ColumnMoments& y_moments,
                                             Precision precision, int threads) {
  return precision == Precision::Single
             ? joint_products<float>(x, x_moments, y, y_moments, threads)
             : joint_products<double>(x, x_moments, y, y_moments, threads);
}

ScratchMatrix<double> centred_linear_gram(const MatrixView& x, const ColumnMoments& x_moments,
                                          Precision precision, int threads) {
  return precision == Precision::Single ? linear_gram<float>(x, x_moments, threads)
                                        : linear_gram<double>(x, x_moments, threads);
}

}  // namespace repsim
