// cca, svcca, pwcca, procrustes, fourierCca and layerCca (see bindings.hpp).
#include "bindings.hpp"
#include "cca/cca.hpp"
#include "cca/fourier_cca.hpp"
#include "cca/layer_cca.hpp"
#include "cca/procrustes.hpp"
#include "cca/pwcca.hpp"
#include "cca_options.hpp"
#include "convert.hpp"
#include "matrix_result.hpp"
#include "pair_task.hpp"

namespace repsim::binding {
namespace {

using CcaArgs = PairArgsOf<CcaCall>;

// {data, rows, cols, height, width, channels} -> a feature map view.
FeatureMapView feature_map_arg(const Napi::Value& value, const std::string& name) {
  FeatureMapView map;
  map.data = matrix_arg(value, name);
  const Napi::Object object = value.As<Napi::Object>();
  const double limit = 9007199254740991.0;
  map.height = static_cast<Eigen::Index>(
      non_negative_integer(object.Get("height"), name + ".height", limit));
  map.width =
      static_cast<Eigen::Index>(non_negative_integer(object.Get("width"), name + ".width", limit));
  map.channels = static_cast<Eigen::Index>(
      non_negative_integer(object.Get("channels"), name + ".channels", limit));
  return map;
}

struct FourierArgs {
  FeatureMapView x;
  FeatureMapView y;
  CcaCall call;
};

}  // namespace

Napi::Value LayerCca(const Napi::CallbackInfo& info) {
  return run_list_task_with<MatrixResult>(
      info, layer_cca_options,
      [](const ListArgsOf<LayerCcaOptions>& a) {
        return MatrixResult{layer_cca_matrix(a.layers, a.options), CkaForm::FeatureSpace};
      },
      matrix_to_js);
}

Napi::Value FourierCca(const Napi::CallbackInfo& info) {
  return run_parsed_task<FourierCcaResult>(
      info, 3,
      [&] {
        return FourierArgs{feature_map_arg(info[0], "x"), feature_map_arg(info[1], "y"),
                           cca_call(info[2])};
      },
      [](const FourierArgs& args) {
        FourierCcaResult r = fourier_cca(args.x, args.y, args.call.options);
        r.pooled.threshold_mean_rho = r.pooled.leading_mean_rho(args.call.options.threshold);
        return r;
      },
      [](Napi::Env env, const FourierCcaResult& r) {
        Napi::Object out = cca_result_to_js(env, r.pooled).As<Napi::Object>();
        out.Set("frequencyMeanRho", float64_array(env, r.frequency_mean_rho));
        out.Set("frequencyHeight", static_cast<double>(r.frequency_mean_rho.rows()));
        out.Set("frequencyWidth", static_cast<double>(r.frequency_mean_rho.cols()));
        return static_cast<Napi::Value>(out);
      });
}

Napi::Value Cca(const Napi::CallbackInfo& info) {
  return run_pair_task_with<CcaResult>(
      info, "x", "y", cca_call,
      [](const CcaArgs& a) {
        CcaResult r = cca(a.x, a.y, a.options.options);
        r.threshold_mean_rho = r.leading_mean_rho(a.options.options.threshold);
        return r;
      },
      cca_result_to_js);
}

Napi::Value Svcca(const Napi::CallbackInfo& info) {
  return run_pair_task_with<CcaResult>(
      info, "x", "y", cca_call,
      [](const CcaArgs& a) {
        CcaResult r = svcca(a.x, a.y, a.options.keep, a.options.options);
        r.threshold_mean_rho = r.leading_mean_rho(a.options.options.threshold);
        return r;
      },
      cca_result_to_js);
}

Napi::Value Pwcca(const Napi::CallbackInfo& info) {
  return run_pair_task_with<PwccaResult>(
      info, "x", "y", cca_call,
      [](const CcaArgs& a) { return pwcca(a.x, a.y, a.options.weights, a.options.options); },
      [](Napi::Env env, const PwccaResult& r) {
        Napi::Object out = Napi::Object::New(env);
        out.Set("similarity", r.similarity);
        out.Set("distance", 1.0 - r.similarity);
        out.Set("rho", float64_array(env, r.rho));
        out.Set("weights", float64_array(env, r.weights));
        return static_cast<Napi::Value>(out);
      });
}

Napi::Value Procrustes(const Napi::CallbackInfo& info) {
  return run_pair_task_with<ProcrustesResult>(
      info, "x", "y", cca_call,
      [](const CcaArgs& a) { return procrustes(a.x, a.y, a.options.options); },
      [](Napi::Env env, const ProcrustesResult& r) {
        Napi::Object out = Napi::Object::New(env);
        out.Set("distance", r.distance);
        out.Set("similarity", r.similarity);
        out.Set("angular", r.angular());
        return static_cast<Napi::Value>(out);
      });
}

}  // namespace repsim::binding
