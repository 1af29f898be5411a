// scratchMemory(limitBytes?): the core's reusable-memory pool, seen from JS.
#include "base/scratch.hpp"
#include "bindings.hpp"
#include "convert.hpp"
#include "run_task.hpp"

namespace repsim::binding {

Napi::Value ScratchMemory(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() > 0 && !info[0].IsUndefined()) {
    parse_args(env, [&] {
      const double bytes = non_negative_integer(info[0], "scratch limit", 9.0e15);
      set_scratch_retention_limit(static_cast<std::size_t>(bytes));
      return true;
    });
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("retainedBytes", static_cast<double>(scratch_retained_bytes()));
  out.Set("limitBytes", static_cast<double>(scratch_retention_limit()));
  return out;
}

}  // namespace repsim::binding
