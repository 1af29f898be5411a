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

void CancelRegistry::finish(Handle handle) {
  if (handle->id > 0) {
    if (finished_.size() == kFinishedKept) finished_.pop_front();
    finished_.emplace_back(handle->id, Progress{static_cast<double>(handle->flag->done()),
                                                static_cast<double>(handle->flag->total())});
  }
  entries_.erase(handle);
}

bool CancelRegistry::progress(double id, Progress& out) const {
  for (const Entry& entry : entries_) {
    if (entry.id == id) {
      out = {static_cast<double>(entry.flag->done()), static_cast<double>(entry.flag->total())};
      return true;
    }
  }
  for (const auto& [finished_id, progress] : finished_) {
    if (finished_id == id) {
      out = progress;
      return true;
    }
  }
  return false;
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
  CancelRegistry::Progress progress;
  if (!cancel_registry(env)->progress(info[0].As<Napi::Number>().DoubleValue(), progress)) {
    return env.Undefined();
  }
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, progress.done);
  out.Set(1u, progress.total);
  return out;
}

Napi::Value CancelAll(const Napi::CallbackInfo& info) {
  cancel_registry(info.Env())->cancel_all();
  return info.Env().Undefined();
}

}  // namespace repsim::binding
