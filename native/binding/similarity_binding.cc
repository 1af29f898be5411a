// kernelCka, ckaFromGrams, layerSimilarity and minibatchHsic (see bindings.hpp).
#include <Eigen/Core>

#include "bindings.hpp"
#include "cka/kernel_cka.hpp"
#include "cka/minibatch_hsic.hpp"
#include "cka/similarity.hpp"
#include "matrix_result.hpp"
#include "pair_task.hpp"

namespace repsim::binding {
namespace {

Napi::Value number_to_js(Napi::Env env, const double& value) {
  return Napi::Number::New(env, value);
}

}  // namespace

Napi::Value KernelCka(const Napi::CallbackInfo& info) {
  return run_pair_task<double>(
      info, "x", "y", [](const PairArgs& a) { return kernel_cka(a.x, a.y, a.options); },
      number_to_js);
}

Napi::Value CkaFromGrams(const Napi::CallbackInfo& info) {
  return run_pair_task<double>(
      info, "kx", "ky", [](const PairArgs& a) { return cka_from_grams(a.x, a.y, a.options); },
      number_to_js);
}

Napi::Value LayerSimilarity(const Napi::CallbackInfo& info) {
  return run_list_task<MatrixResult>(
      info,
      [](const ListArgs& a) {
        const SimilarityProducts s = similarity_products(a.layers, a.options);
        return MatrixResult{cka_from_products(s.products, a.layers), s.form};
      },
      matrix_to_js);
}

Napi::Value MinibatchHsic(const Napi::CallbackInfo& info) {
  return run_list_task<MatrixResult>(
      info,
      [](const ListArgs& a) {
        return MatrixResult{minibatch_hsic(a.layers, a.options.threads, a.options.budget),
                            CkaForm::Gram};
      },
      matrix_to_js);
}

}  // namespace repsim::binding
