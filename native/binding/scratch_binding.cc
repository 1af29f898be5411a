// scratchMemory(limitBytes?): the core's reusable-memory pool, seen from JS.
#include "bindings.hpp"
#include "convert.hpp"
#include "run_task.hpp"
#include "scratch.hpp"

namespace repsim::binding {

Napi::Value ScratchMemory(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() > 0 && !info[0].IsUndefined()) {
    parse_args(env, [&] {
      if (!info[0].IsNumber()) throw_internal("scratch limit must be a number");
      const double bytes = info[0].As<Napi::Number>().DoubleValue();
      if (!(bytes >= 0) || bytes > 9.0e15) throw_internal("scratch limit must be >= 0");
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
