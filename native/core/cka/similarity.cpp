#include "cka/similarity.hpp"

#include <cmath>
#include <memory>
#include <string>

#include "base/centring.hpp"
#include "base/checks.hpp"
#include "base/column_moments.hpp"
#include "base/error.hpp"
#include "kernels/centred_kernel_products.hpp"
#include "kernels/data_kernel_source.hpp"
#include "linalg/stacked_products.hpp"
#include "linalg/symmetric.hpp"

namespace repsim {
namespace {

// Kornblith et al.'s debiasing of <K_a, K_b> for centred linear Grams, from
// the Grams' diagonals (the centred rows' squared norms): the unbiased HSIC
// times n (n - 3), as the Gram-space path computes it.
double debiased_product(double product, const Eigen::VectorXd& da, const Eigen::VectorXd& db) {
  const double n = static_cast<double>(da.size());
  return product - n / (n - 2.0) * da.dot(db) + da.sum() * db.sum() / ((n - 1.0) * (n - 2.0));
}

Eigen::MatrixXd feature_space_products(const std::vector<MatrixView>& layers,
                                       const SimilarityOptions& options) {
  std::vector<ColumnMoments> moments;
  for (const MatrixView& layer : layers) moments.push_back(column_moments(layer, options.threads));
  const ScratchMatrix<double> stacked =
      centred_stacked_products(layers, moments, compute_precision(layers), options.threads);
  const auto& z = stacked.matrix();

  const auto count = static_cast<Eigen::Index>(layers.size());
  std::vector<Eigen::Index> offsets{0};
  for (const MatrixView& layer : layers) offsets.push_back(offsets.back() + layer.cols);
  Eigen::MatrixXd s(count, count);
  for (Eigen::Index a = 0; a < count; ++a) {
    const Eigen::Index pa = layers[static_cast<size_t>(a)].cols;
    const auto diagonal_block = z.block(offsets[a], offsets[a], pa, pa);
    s(a, a) = symmetric_inner(diagonal_block, diagonal_block);  // |Xa^T Xa|^2
    for (Eigen::Index b = a + 1; b < count; ++b) {
      const Eigen::Index pb = layers[static_cast<size_t>(b)].cols;
      s(a, b) = s(b, a) = z.block(offsets[b], offsets[a], pb, pa).squaredNorm();  // |Xb^T Xa|^2
    }
  }
  if (options.debiased) {
    std::vector<Eigen::VectorXd> norms;
    for (std::size_t a = 0; a < layers.size(); ++a) {
      norms.push_back(centred_row_squared_norms(layers[a], moments[a].mean, options.threads));
    }
    for (Eigen::Index a = 0; a < count; ++a) {
      for (Eigen::Index b = 0; b <= a; ++b) {
        s(a, b) = s(b, a) =
            debiased_product(s(a, b), norms[static_cast<size_t>(a)], norms[static_cast<size_t>(b)]);
      }
    }
  }
  return s;
}

Eigen::MatrixXd gram_space_products(const std::vector<MatrixView>& layers,
                                    const SimilarityOptions& options) {
  const Precision precision = compute_precision(layers);
  std::vector<std::unique_ptr<DataKernelSource>> owned;
  std::vector<PairwiseSource*> sources;
  double copies = 0.0;
  for (const MatrixView& layer : layers) {
    owned.push_back(
        std::make_unique<DataKernelSource>(layer, options.kernel, precision, options.threads));
    sources.push_back(owned.back().get());
    copies += owned.back()->centred_copy_bytes();
  }
  // Centred copies of the layers when they fit beside everything the engine
  // would hold (working memory, tile cache); the engine then gets what is
  // left. They make the all-pairs Gram form ~8% faster at n = 5000, p = 768
  // (measured).
  MemoryBudget budget = options.budget;
  if (options.budget.allows(kernel_products_wanted_bytes(sources, options.threads) + copies)) {
    for (const auto& source : owned) source->keep_centred_copy(options.threads);
    budget.max_bytes -= copies;
  }
  return centred_kernel_products(sources, {options.debiased, options.threads, budget});
}

struct Costs {
  double feature_flops, feature_bytes, gram_flops;
};

Costs linear_costs(const std::vector<MatrixView>& layers) {
  const double n = static_cast<double>(layers.front().rows);
  double width = 0.0;
  double gram = 0.0;
  for (const MatrixView& layer : layers) {
    width += static_cast<double>(layer.cols);
    gram += n * n * static_cast<double>(layer.cols) / 2.0;
  }
  const double count = static_cast<double>(layers.size());
  gram += count * count * n * n / 2.0;
  const double bytes_per_entry = compute_precision(layers) == Precision::Single ? 12.0 : 8.0;
  return {n * width * width / 2.0, width * width * bytes_per_entry + (16 << 20), gram};
}

}  // namespace

SimilarityProducts similarity_products(const std::vector<MatrixView>& layers,
                                       const SimilarityOptions& options) {
  if (layers.empty()) throw Error(ErrorCode::ShapeMismatch, "no layers to compare");
  const Eigen::Index min_rows = options.debiased ? 4 : 2;
  for (const MatrixView& layer : layers) {
    require_paired_examples(layers.front(), layer, min_rows,
                            options.debiased ? "debiased CKA" : "CKA");
  }
  SimilarityProducts result;
  if (options.kernel.kind != KernelKind::Linear) {
    if (options.form == CkaForm::FeatureSpace) {
      throw Error(ErrorCode::BadOption, "the feature-space form exists for linear CKA only");
    }
    result.form = CkaForm::Gram;
    result.products = gram_space_products(layers, options);
    return result;
  }

  const Costs costs = linear_costs(layers);
  const bool feature_fits = options.budget.allows(costs.feature_bytes);
  result.form = options.form;
  if (result.form == CkaForm::Auto) {
    // One large rank-k product runs closer to peak than the Gram tiles (measured
    // 10-50% faster at equal flops up to n = 3000), so it may cost a little more.
    constexpr double kFeatureEfficiency = 1.25;
    result.form = feature_fits && costs.feature_flops <= kFeatureEfficiency * costs.gram_flops
                      ? CkaForm::FeatureSpace
                      : CkaForm::Gram;
  } else if (result.form == CkaForm::FeatureSpace && !feature_fits) {
    refuse_memory(costs.feature_bytes, options.budget,
                  "the feature-space form (a (sum of features)^2 matrix)",
                  "use form 'gram' (memory grows with examples, not features) or StreamingCKA");
  }
  result.products = result.form == CkaForm::FeatureSpace ? feature_space_products(layers, options)
                                                         : gram_space_products(layers, options);
  return result;
}

PairCka pair_cka(const MatrixView& x, const MatrixView& y, const SimilarityOptions& options) {
  const std::vector<MatrixView> layers{x, y};
  const SimilarityProducts s = similarity_products(layers, options);
  return {cka_from_products(s.products, layers)(0, 1), s.form};
}

Eigen::MatrixXd cka_from_products(const Eigen::MatrixXd& products,
                                  const std::vector<MatrixView>& layers) {
  const Eigen::Index count = products.rows();
  for (Eigen::Index a = 0; a < count; ++a) {
    if (!(products(a, a) > 0) || !std::isfinite(products(a, a))) {
      throw Error(ErrorCode::ZeroVariance,
                  layers[static_cast<size_t>(a)].name +
                      ": its centred kernel matrix is zero (or, debiased, its HSIC estimate is " +
                      "not positive), so CKA is undefined; check for a constant or degenerate "
                      "layer, or use more examples");
    }
  }
  // S_ab / sqrt(S_aa S_bb), written so that (a, b) and (b, a) round identically.
  Eigen::MatrixXd cka(count, count);
  for (Eigen::Index a = 0; a < count; ++a) {
    for (Eigen::Index b = 0; b < count; ++b) {
      cka(a, b) = a == b ? 1.0 : products(a, b) / std::sqrt(products(a, a) * products(b, b));
    }
  }
  return cka;
}

}  // namespace repsim
