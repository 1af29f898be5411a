// Conversions between JavaScript values and core types. Everything the core
// receives passes through here, so this is where memory safety is enforced:
// a view never claims more elements than its typed array holds.
#pragma once

#include <napi.h>

#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/matrix_view.hpp"

namespace repsim::binding {

// {data: Float32Array | Float64Array, rows, cols} -> a view of the same memory.
MatrixView matrix_arg(const Napi::Value& value, const std::string& name);

// The options object at `value` (an internal error if it is not an object).
Napi::Object options_arg(const Napi::Value& value);

// A number that must be an integer in [0, max]; `what` names it in the error.
double non_negative_integer(const Napi::Value& value, const std::string& what, double max);

// An optional non-negative integer property of an options object.
int int_option(const Napi::Object& options, const char* key, int fallback);

// An optional finite number property of an options object.
double number_option(const Napi::Object& options, const char* key, double fallback);

// An optional boolean property of an options object.
bool bool_option(const Napi::Object& options, const char* key, bool fallback);

// An array of {data, rows, cols} matrices, named "<name>[i]" in messages.
std::vector<MatrixView> matrix_list_arg(const Napi::Value& value, const std::string& name);

// An optional string property of an options object.
std::string string_option(const Napi::Object& options, const char* key,
                          const std::string& fallback);

// A JS Error carrying the core's stable code in `code`.
Napi::Error coded_error(Napi::Env env, const std::string& code, const std::string& message);

// An error thrown by the binding itself for arguments the TypeScript layer
// should never pass: it signals a bug in repsim, not in the caller's data.
[[noreturn]] void throw_internal(const std::string& message);

}  // namespace repsim::binding
