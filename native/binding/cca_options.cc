#include "cca_options.hpp"

#include "convert.hpp"
#include "matrix_result.hpp"
#include "metric_names.hpp"

namespace repsim::binding {
namespace {

KeepSpec parse_keep(const Napi::Object& options) {
  KeepSpec keep;
  const std::string rule = string_option(options, "keep", "variance");
  if (rule == "dims") {
    keep.rule = KeepSpec::Rule::Dims;
    keep.dims = int_option(options, "keepValue", 1);
  } else if (rule == "variance" || rule == "energy") {
    keep.rule = rule == "variance" ? KeepSpec::Rule::Variance : KeepSpec::Rule::Energy;
    keep.fraction = number_option(options, "keepValue", keep.fraction);
  } else {
    throw_internal("unknown SVCCA keep rule '" + rule + "'");
  }
  return keep;
}

PwccaWeights parse_weights(const std::string& weights) {
  if (weights == "paper") return PwccaWeights::Paper;
  if (weights == "svcca-repo") return PwccaWeights::SvccaRepo;
  throw_internal("unknown PWCCA weights '" + weights + "'");
}

LayerCcaMetric parse_metric(const std::string& metric) {
  for (const CcaMetricName& known : kCcaMetricNames) {
    if (known.name == metric) return known.metric;
  }
  throw_internal("unknown layer CCA metric '" + metric + "'");
}

}  // namespace

CcaCall cca_call(const Napi::Value& value) {
  const Napi::Object options = options_arg(value);
  CcaCall call;
  call.options.epsilon = number_option(options, "epsilon", call.options.epsilon);
  call.options.threshold = number_option(options, "threshold", call.options.threshold);
  call.options.allow_underdetermined =
      bool_option(options, "allowUnderdetermined", call.options.allow_underdetermined);
  call.options.threads = int_option(options, "threads", call.options.threads);
  call.options.budget.max_bytes =
      number_option(options, "maxMemoryBytes", call.options.budget.max_bytes);
  call.keep = parse_keep(options);
  call.weights = parse_weights(string_option(options, "weights", "paper"));
  return call;
}

LayerCcaOptions layer_cca_options(const Napi::Value& value) {
  const CcaCall call = cca_call(value);
  LayerCcaOptions options;
  options.metric = parse_metric(string_option(options_arg(value), "metric", "cca"));
  options.cca = call.options;
  options.keep = call.keep;
  options.weights = call.weights;
  return options;
}

Napi::Value cca_result_to_js(Napi::Env env, const CcaResult& result) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("rho", float64_array(env, result.rho));
  out.Set("meanRho", result.mean_rho());
  out.Set("r2", result.r2());
  out.Set("thresholdMeanRho", result.threshold_mean_rho);
  out.Set("dimsX", static_cast<double>(result.dims_x));
  out.Set("dimsY", static_cast<double>(result.dims_y));
  return out;
}

}  // namespace repsim::binding
