// The functions the addon exports, one per metric entry point. Each takes
// matrices as {data, rows, cols}, an options object and an `async` flag, and
// returns a plain object (or a Promise of one when async is true).
#pragma once

#include <napi.h>

namespace repsim::binding {

Napi::Value LinearCka(const Napi::CallbackInfo& info);

// scratchMemory(limitBytes?): sets the retention limit when given; returns
// {retainedBytes, limitBytes}.
Napi::Value ScratchMemory(const Napi::CallbackInfo& info);

}  // namespace repsim::binding
