// kernelCka, ckaFromGrams, layerSimilarity and minibatchHsic: each takes
// matrices, an options object (similarity_options.hpp) and an async flag.
#include <Eigen/Core>

#include "bindings.hpp"
#include "convert.hpp"
#include "kernel_cka.hpp"
#include "minibatch_hsic.hpp"
#include "run_task.hpp"
#include "similarity.hpp"
#include "similarity_options.hpp"

namespace repsim::binding {
namespace {

struct PairArgs {
  MatrixView x;
  MatrixView y;
  KernelCkaOptions options;
};

PairArgs pair_args(const Napi::CallbackInfo& info, const char* x_name, const char* y_name) {
  const SimilarityOptions o = similarity_options(info[2]);
  return PairArgs{matrix_arg(info[0], x_name),
                  matrix_arg(info[1], y_name),
                  {o.kernel, o.debiased, o.threads, o.budget}};
}

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

struct ListArgs {
  std::vector<MatrixView> layers;
  SimilarityOptions options;
};

}  // namespace

Napi::Value KernelCka(const Napi::CallbackInfo& info) {
  const PairArgs args = parse_args(info.Env(), [&] { return pair_args(info, "x", "y"); });
  return run_task<double>(
      info.Env(), info[3].ToBoolean().Value(),
      [args] { return kernel_cka(args.x, args.y, args.options); }, number_to_js,
      {info[0].As<Napi::Object>().Get("data"), info[1].As<Napi::Object>().Get("data")});
}

Napi::Value CkaFromGrams(const Napi::CallbackInfo& info) {
  const PairArgs args = parse_args(info.Env(), [&] { return pair_args(info, "kx", "ky"); });
  return run_task<double>(
      info.Env(), info[3].ToBoolean().Value(),
      [args] { return cka_from_grams(args.x, args.y, args.options); }, number_to_js,
      {info[0].As<Napi::Object>().Get("data"), info[1].As<Napi::Object>().Get("data")});
}

Napi::Value LayerSimilarity(const Napi::CallbackInfo& info) {
  const ListArgs args = parse_args(info.Env(), [&] {
    return ListArgs{matrix_list_arg(info[0], "layers"), similarity_options(info[1])};
  });
  return run_task<MatrixResult>(
      info.Env(), info[2].ToBoolean().Value(),
      [args] {
        const SimilarityProducts s = similarity_products(args.layers, args.options);
        return MatrixResult{cka_from_products(s.products, args.layers), s.form};
      },
      matrix_to_js, matrix_list_data(info[0]));
}

Napi::Value MinibatchHsic(const Napi::CallbackInfo& info) {
  const ListArgs args = parse_args(info.Env(), [&] {
    return ListArgs{matrix_list_arg(info[0], "layers"), similarity_options(info[1])};
  });
  return run_task<MatrixResult>(
      info.Env(), info[2].ToBoolean().Value(),
      [args] {
        return MatrixResult{minibatch_hsic(args.layers, args.options.threads), CkaForm::Gram};
      },
      matrix_to_js, matrix_list_data(info[0]));
}

}  // namespace repsim::binding
