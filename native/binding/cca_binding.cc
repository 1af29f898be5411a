// cca, svcca, pwcca and procrustes (see bindings.hpp).
#include "bindings.hpp"
#include "cca.hpp"
#include "cca_options.hpp"
#include "pair_task.hpp"
#include "procrustes.hpp"
#include "pwcca.hpp"

namespace repsim::binding {
namespace {

using CcaArgs = PairArgsOf<CcaCall>;

Napi::Float64Array vector_to_js(Napi::Env env, const Eigen::VectorXd& v) {
  Napi::Float64Array out = Napi::Float64Array::New(env, static_cast<size_t>(v.size()));
  Eigen::Map<Eigen::VectorXd>(out.Data(), v.size()) = v;
  return out;
}

}  // namespace

Napi::Value Cca(const Napi::CallbackInfo& info) {
  return run_pair_task_with<CcaResult>(
      info, "x", "y", cca_call, [](const CcaArgs& a) { return cca(a.x, a.y, a.options.options); },
      cca_result_to_js);
}

Napi::Value Svcca(const Napi::CallbackInfo& info) {
  return run_pair_task_with<CcaResult>(
      info, "x", "y", cca_call,
      [](const CcaArgs& a) { return svcca(a.x, a.y, a.options.keep, a.options.options); },
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
        out.Set("rho", vector_to_js(env, r.rho));
        out.Set("weights", vector_to_js(env, r.weights));
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
        return static_cast<Napi::Value>(out);
      });
}

}  // namespace repsim::binding
