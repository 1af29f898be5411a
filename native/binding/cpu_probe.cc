// The module node-gyp-build finds and loads first: compiled for the portable
// baseline and free of Eigen, it only says which builds this CPU can run, so
// lib/native.ts can pick one of repsim_<isa>.so before loading any of them
// (loading a build the CPU cannot run would die on an illegal instruction).
#include <napi.h>

#include "base/cpu_features.hpp"

static Napi::Object InitCpuProbe(Napi::Env env, Napi::Object exports) {
  exports.Set("x86_64_v3", repsim::cpu_supports_x86_64_v3());
  exports.Set("x86_64_v4", repsim::cpu_supports_x86_64_v4());
  return exports;
}

NODE_API_MODULE(NODE_GYP_MODULE_NAME, InitCpuProbe)
