// The functions the addon exports, one per metric entry point. Each takes
// matrices as {data, rows, cols}, an options object and an `async` flag, and
// returns a plain object (or a Promise of one when async is true).
#pragma once

#include <napi.h>

namespace repsim::binding {

Napi::Value LinearCka(const Napi::CallbackInfo& info);
Napi::Value KernelCka(const Napi::CallbackInfo& info);
Napi::Value CkaFromGrams(const Napi::CallbackInfo& info);
// layerSimilarity(layers, options, async) -> {values, rows, cols, form}: CKA of all pairs.
Napi::Value LayerSimilarity(const Napi::CallbackInfo& info);
// minibatchHsic(layers, options, async) -> {values, rows, cols}: HSIC_1 of all pairs.
Napi::Value MinibatchHsic(const Napi::CallbackInfo& info);

// scratchMemory(limitBytes?): sets the retention limit when given; returns
// {retainedBytes, limitBytes}.
Napi::Value ScratchMemory(const Napi::CallbackInfo& info);

}  // namespace repsim::binding
