// linearCka(x, y, options, async): x and y are {data, rows, cols} matrices;
// options as in similarity_options.hpp (kernel ignored).
#include "bindings.hpp"
#include "convert.hpp"
#include "linear_cka.hpp"
#include "run_task.hpp"
#include "similarity_options.hpp"

namespace repsim::binding {
namespace {

struct Args {
  MatrixView x;
  MatrixView y;
  LinearCkaOptions options;
};

}  // namespace

Napi::Value LinearCka(const Napi::CallbackInfo& info) {
  const Args args = parse_args(info.Env(), [&] {
    const SimilarityOptions o = similarity_options(info[2]);
    return Args{matrix_arg(info[0], "x"),
                matrix_arg(info[1], "y"),
                {o.form, o.threads, o.debiased, o.budget}};
  });
  return run_task<LinearCkaResult>(
      info.Env(), info[3].ToBoolean().Value(),
      [args] { return linear_cka(args.x, args.y, args.options); },
      [](Napi::Env env, const LinearCkaResult& result) {
        Napi::Object out = Napi::Object::New(env);
        out.Set("value", result.value);
        out.Set("form", form_name(result.form));
        return static_cast<Napi::Value>(out);
      },
      {info[0].As<Napi::Object>().Get("data"), info[1].As<Napi::Object>().Get("data")});
}

}  // namespace repsim::binding
