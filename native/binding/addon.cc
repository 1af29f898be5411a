// Module registration: the exported functions and what this build is.
#include <napi.h>

#include <Eigen/Core>
#include <string>

#include "base/build_info.hpp"
#include "base/cpu_features.hpp"
#include "bindings.hpp"
#include "cancel_registry.hpp"

namespace repsim::binding {
namespace {

Napi::Object BuildInfo(Napi::Env env) {
  Napi::Object info = Napi::Object::New(env);
  info.Set("isa", compiled_isa());
  info.Set("simd", simd_instruction_sets());
  info.Set("eigen", std::to_string(EIGEN_WORLD_VERSION) + "." +
                        std::to_string(EIGEN_MAJOR_VERSION) + "." +
                        std::to_string(EIGEN_MINOR_VERSION));
  info.Set("cpuSupportsX86_64_v3", cpu_supports_x86_64_v3());
  info.Set("cpuSupportsX86_64_v4", cpu_supports_x86_64_v4());
  return info;
}

}  // namespace
}  // namespace repsim::binding

// At global scope: NODE_API_MODULE pastes the function name into an identifier.
static Napi::Object InitRepsim(Napi::Env env, Napi::Object exports) {
  using namespace repsim::binding;
  install_cancel_registry(env);
  exports.Set("buildInfo", BuildInfo(env));
  exports.Set("cancel", Napi::Function::New(env, Cancel, "cancel"));
  exports.Set("cancelAll", Napi::Function::New(env, CancelAll, "cancelAll"));
  exports.Set("progress", Napi::Function::New(env, Progress, "progress"));
  exports.Set("linearCka", Napi::Function::New(env, LinearCka, "linearCka"));
  exports.Set("kernelCka", Napi::Function::New(env, KernelCka, "kernelCka"));
  exports.Set("ckaFromGrams", Napi::Function::New(env, CkaFromGrams, "ckaFromGrams"));
  exports.Set("layerSimilarity", Napi::Function::New(env, LayerSimilarity, "layerSimilarity"));
  exports.Set("minibatchHsic", Napi::Function::New(env, MinibatchHsic, "minibatchHsic"));
  exports.Set("cca", Napi::Function::New(env, Cca, "cca"));
  exports.Set("svcca", Napi::Function::New(env, Svcca, "svcca"));
  exports.Set("pwcca", Napi::Function::New(env, Pwcca, "pwcca"));
  exports.Set("procrustes", Napi::Function::New(env, Procrustes, "procrustes"));
  exports.Set("fourierCca", Napi::Function::New(env, FourierCca, "fourierCca"));
  exports.Set("layerCca", Napi::Function::New(env, LayerCca, "layerCca"));
  exports.Set("measure", Napi::Function::New(env, Measure, "measure"));
  exports.Set("layerMeasure", Napi::Function::New(env, LayerMeasure, "layerMeasure"));
  exports.Set("knnEntropy", Napi::Function::New(env, KnnEntropy, "knnEntropy"));
  exports.Set("converterRatio", Napi::Function::New(env, ConverterRatio, "converterRatio"));
  exports.Set("resample", Napi::Function::New(env, Resample, "resample"));
  exports.Set("resampleLayers", Napi::Function::New(env, ResampleLayers, "resampleLayers"));
  exports.Set("resampleIndices", Napi::Function::New(env, ResampleIndices, "resampleIndices"));
  exports.Set("withoutPrincipalComponents",
              Napi::Function::New(env, WithoutPrincipalComponents, "withoutPrincipalComponents"));
  exports.Set("scratchMemory", Napi::Function::New(env, ScratchMemory, "scratchMemory"));
  return exports;
}

NODE_API_MODULE(NODE_GYP_MODULE_NAME, InitRepsim)
