// knnEntropy(x, options, async) with options {k: number[], normalize:
// 'max-norm'|'none', projectDims, seed, threads} returns {entropy, perK:
// Float64Array, flooredRows}; converterRatio(source, target, {lambda, holdout,
// seed, threads}, async) returns {ratio, loss, lambda}. Options are validated
// in TypeScript.
#include "bindings.hpp"
#include "convert.hpp"
#include "entropy/converter_ratio.hpp"
#include "entropy/knn_entropy.hpp"
#include "matrix_result.hpp"
#include "pair_task.hpp"
#include "run_task.hpp"

namespace repsim::binding {
namespace {

KnnEntropyOptions entropy_options(const Napi::Value& value) {
  const Napi::Object options = options_arg(value);
  KnnEntropyOptions o;
  if (options.Has("k")) {
    const Napi::Array ks = options.Get("k").As<Napi::Array>();
    o.ks.clear();
    for (uint32_t i = 0; i < ks.Length(); ++i) {
      o.ks.push_back(static_cast<Eigen::Index>(non_negative_integer(ks.Get(i), "k", 1 << 20)));
    }
  }
  o.normalisation = string_option(options, "normalize", "max-norm") == "none"
                        ? EntropyNormalisation::None
                        : EntropyNormalisation::MaxNorm;
  o.project_dims = int_option(options, "projectDims", static_cast<int>(o.project_dims));
  o.seed = static_cast<std::uint64_t>(number_option(options, "seed", static_cast<double>(o.seed)));
  o.threads = int_option(options, "threads", o.threads);
  o.budget.max_bytes = number_option(options, "maxMemoryBytes", o.budget.max_bytes);
  return o;
}

ConverterOptions converter_options(const Napi::Value& value) {
  const Napi::Object options = options_arg(value);
  ConverterOptions o;
  o.lambda = number_option(options, "lambda", o.lambda);
  o.holdout = number_option(options, "holdout", o.holdout);
  o.seed = static_cast<std::uint64_t>(number_option(options, "seed", static_cast<double>(o.seed)));
  o.threads = int_option(options, "threads", o.threads);
  o.budget.max_bytes = number_option(options, "maxMemoryBytes", o.budget.max_bytes);
  return o;
}

struct EntropyArgs {
  MatrixView x;
  KnnEntropyOptions options;
};

}  // namespace

Napi::Value KnnEntropy(const Napi::CallbackInfo& info) {
  return run_parsed_task<KnnEntropyResult>(
      info, 2,
      [&] {
        return EntropyArgs{matrix_arg(info[0], "x"), entropy_options(info[1])};
      },
      [](const EntropyArgs& args) { return knn_entropy(args.x, args.options); },
      [](Napi::Env env, const KnnEntropyResult& r) {
        Napi::Object out = Napi::Object::New(env);
        out.Set("entropy", r.entropy);
        out.Set("perK", float64_array(env, r.per_k));
        out.Set("flooredRows", static_cast<double>(r.floored_rows));
        return static_cast<Napi::Value>(out);
      });
}

Napi::Value ConverterRatio(const Napi::CallbackInfo& info) {
  return run_pair_task_with<ConverterResult>(
      info, "source", "target", converter_options,
      [](const PairArgsOf<ConverterOptions>& a) { return converter_ratio(a.x, a.y, a.options); },
      [](Napi::Env env, const ConverterResult& r) {
        Napi::Object out = Napi::Object::New(env);
        out.Set("ratio", r.ratio);
        out.Set("loss", r.loss);
        out.Set("lambda", r.lambda);
        return static_cast<Napi::Value>(out);
      });
}

}  // namespace repsim::binding
