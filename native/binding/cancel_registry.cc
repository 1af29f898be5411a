#include "cancel_registry.hpp"

namespace repsim::binding {
namespace {

// Instance data: a shared_ptr, so tasks still finishing keep the registry.
struct AddonState {
  std::shared_ptr<CancelRegistry> registry = std::make_shared<CancelRegistry>();
};

}  // namespace

void CancelRegistry::cancel(double id) {
  for (Entry& entry : entries_) {
    if (entry.id == id) entry.flag->request();
  }
}

const CancelFlag* CancelRegistry::find(double id) const {
  for (const Entry& entry : entries_) {
    if (entry.id == id) return entry.flag.get();
  }
  return nullptr;
}

void CancelRegistry::cancel_all() {
  for (Entry& entry : entries_) entry.flag->request();
}

std::shared_ptr<CancelRegistry> cancel_registry(Napi::Env env) {
  return env.GetInstanceData<AddonState>()->registry;
}

void install_cancel_registry(Napi::Env env) { env.SetInstanceData(new AddonState()); }

TaskMode task_mode(const Napi::Value& value) {
  if (value.IsNumber()) {
    const double id = value.As<Napi::Number>().DoubleValue();
    return {true, id > 0 ? id : 0};
  }
  return {value.ToBoolean().Value(), 0};
}

Napi::Value Cancel(const Napi::CallbackInfo& info) {
  if (info[0].IsNumber())
    cancel_registry(info.Env())->cancel(info[0].As<Napi::Number>().DoubleValue());
  return info.Env().Undefined();
}

Napi::Value Progress(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  if (!info[0].IsNumber()) return env.Undefined();
  const CancelFlag* flag = cancel_registry(env)->find(info[0].As<Napi::Number>().DoubleValue());
  if (flag == nullptr) return env.Undefined();
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, static_cast<double>(flag->done()));
  out.Set(1u, static_cast<double>(flag->total()));
  return out;
}

Napi::Value CancelAll(const Napi::CallbackInfo& info) {
  cancel_registry(info.Env())->cancel_all();
  return info.Env().Undefined();
}

}  // namespace repsim::binding
