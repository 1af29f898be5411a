// resample, resampleLayers, resampleIndices and withoutPrincipalComponents
// (see bindings.hpp).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "bindings.hpp"
#include "cca_options.hpp"
#include "convert.hpp"
#include "matrix_result.hpp"
#include "measure_options.hpp"
#include "pair_task.hpp"
#include "resampling/layer_resampling.hpp"
#include "resampling/principal_components.hpp"
#include "resampling/resampling.hpp"
#include "similarity_options.hpp"

namespace repsim::binding {
namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;

Resampling parse_kind(const std::string& kind) {
  if (kind == "permutation") return Resampling::Permutation;
  if (kind == "bootstrap") return Resampling::Bootstrap;
  throw_internal("unknown resampling kind '" + kind + "'");
}

struct ResampleCall {
  PairMetric metric;
  Resampling kind = Resampling::Permutation;
  std::int64_t count = 0;
  std::uint64_t seed = 0;
};

// {family: 'cka'|'cca'|'measure', ...similarity, CCA or measure options, kind, count, seed}
ResampleCall resample_call(const Napi::Value& value) {
  const Napi::Object options = options_arg(value);
  ResampleCall call;
  const std::string family = string_option(options, "family", "cka");
  if (family == "cka") {
    call.metric.family = PairMetric::Family::Cka;
    call.metric.cka = similarity_options(value);
  } else if (family == "measure") {
    call.metric.family = PairMetric::Family::Measure;
    call.metric.measure = string_option(options, "measure", "");
    call.metric.measure_options = measure_options(value);
  } else {
    call.metric.family = PairMetric::Family::Cca;
    call.metric.cca = layer_cca_options(value);
  }
  call.kind = parse_kind(string_option(options, "kind", "permutation"));
  call.count = static_cast<std::int64_t>(
      non_negative_integer(options.Get("count"), "count", kMaxSafeInteger));
  call.seed = static_cast<std::uint64_t>(
      non_negative_integer(options.Get("seed"), "seed", kMaxSafeInteger));
  return call;
}

struct LayerResampleCall {
  ResampleCall resample;
  LayerPair layers;
};

LayerResampleCall layer_resample_call(const Napi::Value& value) {
  return {resample_call(value), LayerPair::from(value)};
}

const char* route_name(ResamplingRoute route) {
  switch (route) {
    case ResamplingRoute::Feature:
      return "feature";
    case ResamplingRoute::Gram:
      return "gram";
    case ResamplingRoute::Whitened:
      return "whitened";
    case ResamplingRoute::Recompute:
      return "recompute";
  }
  return "recompute";
}

struct DropCall {
  Eigen::Index drop = 0;
  int threads = 0;
  MemoryBudget budget;
};

DropCall drop_call(const Napi::Value& value) {
  const Napi::Object options = options_arg(value);
  DropCall call;
  call.drop =
      static_cast<Eigen::Index>(non_negative_integer(options.Get("drop"), "drop", kMaxSafeInteger));
  call.threads = int_option(options, "threads", call.threads);
  call.budget.max_bytes = number_option(options, "maxMemoryBytes", call.budget.max_bytes);
  return call;
}

}  // namespace

Napi::Value Resample(const Napi::CallbackInfo& info) {
  return run_pair_task_with<ResampledValues>(
      info, "x", "y", resample_call,
      [](const PairArgsOf<ResampleCall>& a) {
        return resample_metric(a.options.metric, a.x, a.y, a.options.kind, a.options.count,
                               a.options.seed);
      },
      [](Napi::Env env, const ResampledValues& r) {
        Napi::Object out = Napi::Object::New(env);
        out.Set("value", r.value);
        out.Set("values", float64_array(env, r.values));
        out.Set("route", route_name(r.route));
        return static_cast<Napi::Value>(out);
      });
}

Napi::Value ResampleLayers(const Napi::CallbackInfo& info) {
  return run_list_task_with<LayerResampledValues>(
      info, layer_resample_call,
      [](const ListArgsOf<LayerResampleCall>& a) {
        const LayerResampleCall& c = a.options;
        const auto [rows, columns] = c.layers.split(a.layers);
        return resample_layer_pairs(c.resample.metric, rows, columns, c.layers.within,
                                    c.resample.kind, c.resample.count, c.resample.seed);
      },
      [](Napi::Env env, const LayerResampledValues& r) {
        Napi::Object out = Napi::Object::New(env);
        out.Set("rows", static_cast<double>(r.rows));
        out.Set("cols", static_cast<double>(r.cols));
        out.Set("value", float64_array(env, r.value));
        out.Set("values", float64_array(env, r.values.transpose()));  // cell by cell
        Napi::Array routes = Napi::Array::New(env, r.routes.size());
        for (std::size_t k = 0; k < r.routes.size(); ++k) {
          routes.Set(static_cast<uint32_t>(k), route_name(r.routes[k]));
        }
        out.Set("routes", routes);
        out.Set("gramsBuilt", static_cast<double>(r.grams_built));
        return static_cast<Napi::Value>(out);
      });
}

Napi::Value ResampleIndices(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  return parse_args(env, [&] {
    const Resampling kind = parse_kind(info[0].As<Napi::String>().Utf8Value());
    const auto n = static_cast<Eigen::Index>(non_negative_integer(info[1], "n", 4294967295.0));
    const auto seed =
        static_cast<std::uint64_t>(non_negative_integer(info[2], "seed", kMaxSafeInteger));
    const auto first =
        static_cast<std::int64_t>(non_negative_integer(info[3], "first", kMaxSafeInteger));
    const auto count =
        static_cast<std::int64_t>(non_negative_integer(info[4], "count", kMaxSafeInteger));
    Napi::Uint32Array out = Napi::Uint32Array::New(env, static_cast<std::size_t>(count * n));
    for (std::int64_t s = 0; s < count; ++s) {
      const std::vector<Eigen::Index> rows = resample_indices(kind, n, seed, first + s);
      for (Eigen::Index i = 0; i < n; ++i) {
        out[static_cast<std::size_t>(s * n + i)] =
            static_cast<std::uint32_t>(rows[static_cast<std::size_t>(i)]);
      }
    }
    return static_cast<Napi::Value>(out);
  });
}

Napi::Value WithoutPrincipalComponents(const Napi::CallbackInfo& info) {
  return run_parsed_task<ComponentsRemoved>(
      info, 2,
      [&] {
        return PairArgsOf<DropCall>{matrix_arg(info[0], "x"), {}, drop_call(info[1])};
      },
      [](const PairArgsOf<DropCall>& parsed) {
        return without_principal_components(parsed.x, parsed.options.drop, parsed.options.threads,
                                            parsed.options.budget);
      },
      [](Napi::Env env, const ComponentsRemoved& r) {
        Napi::Object out = Napi::Object::New(env);
        Napi::Float64Array data =
            Napi::Float64Array::New(env, static_cast<std::size_t>(r.rows.size()));
        std::copy(r.rows.data(), r.rows.data() + r.rows.size(), data.Data());
        out.Set("data", data);
        out.Set("rows", static_cast<double>(r.rows.rows()));
        out.Set("cols", static_cast<double>(r.rows.cols()));
        out.Set("removedVariance", r.removed_variance);
        return static_cast<Napi::Value>(out);
      });
}

}  // namespace repsim::binding
