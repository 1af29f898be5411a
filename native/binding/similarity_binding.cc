// kernelCka, ckaFromGrams, layerSimilarity and minibatchHsic (see bindings.hpp).
#include <Eigen/Core>

#include "bindings.hpp"
#include "kernel_cka.hpp"
#include "minibatch_hsic.hpp"
#include "pair_task.hpp"
#include "similarity.hpp"

namespace repsim::binding {
namespace {

Napi::Value number_to_js(Napi::Env env, const double& value) {
  return Napi::Number::New(env, value);
}

struct MatrixResult {
  Eigen::MatrixXd values;
  CkaForm form = CkaForm::Auto;
};

// {values: Float64Array (row-major, rows x cols), rows, cols, form}
Napi::Value matrix_to_js(Napi::Env env, const MatrixResult& result) {
  const Eigen::Index rows = result.values.rows();
  const Eigen::Index cols = result.values.cols();
  Napi::Float64Array values = Napi::Float64Array::New(env, static_cast<size_t>(rows * cols));
  Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      values.Data(), rows, cols) = result.values;
  Napi::Object out = Napi::Object::New(env);
  out.Set("values", values);
  out.Set("rows", static_cast<double>(rows));
  out.Set("cols", static_cast<double>(cols));
  out.Set("form", form_name(result.form));
  return out;
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
        return MatrixResult{minibatch_hsic(a.layers, a.options.threads), CkaForm::Gram};
      },
      matrix_to_js);
}

}  // namespace repsim::binding
