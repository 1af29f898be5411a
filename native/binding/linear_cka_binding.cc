// linearCka(x, y, options, async): x and y are {data, rows, cols} matrices;
// options as in similarity_options.hpp (the kernel is always linear).
#include "bindings.hpp"
#include "cka/linear_cka.hpp"
#include "pair_task.hpp"
#include "similarity_options.hpp"

namespace repsim::binding {

Napi::Value LinearCka(const Napi::CallbackInfo& info) {
  return run_pair_task<PairCka>(
      info, "x", "y", [](const PairArgs& args) { return linear_cka(args.x, args.y, args.options); },
      [](Napi::Env env, const PairCka& result) {
        Napi::Object out = Napi::Object::New(env);
        out.Set("value", result.value);
        out.Set("form", form_name(result.form));
        return static_cast<Napi::Value>(out);
      });
}

}  // namespace repsim::binding
