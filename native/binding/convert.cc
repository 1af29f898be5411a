#include "convert.hpp"

#include <cmath>

#include "input_copies.hpp"

namespace repsim::binding {
namespace {

// Largest integer a double holds exactly, rounded down (2^53 ~ 9.007e15).
constexpr double kMaxExactInteger = 9.0e15;

Eigen::Index dimension(const Napi::Object& object, const char* key, const std::string& name) {
  return static_cast<Eigen::Index>(
      non_negative_integer(object.Get(key), name + "." + key, kMaxExactInteger));
}

}  // namespace

double non_negative_integer(const Napi::Value& value, const std::string& what, double max) {
  if (!value.IsNumber()) throw_internal(what + " must be a number");
  const double number = value.As<Napi::Number>().DoubleValue();
  if (!(number >= 0) || number != std::floor(number) || number > max) {
    throw_internal(what + " must be an integer from 0 to " + std::to_string(max));
  }
  return number;
}

void throw_internal(const std::string& message) {
  throw Error(ErrorCode::Internal, "internal error in repsim's binding: " + message);
}

MatrixView matrix_arg(const Napi::Value& value, const std::string& name) {
  if (!value.IsObject()) throw_internal(name + " must be a matrix object");
  const Napi::Object object = value.As<Napi::Object>();
  const Napi::Value data = object.Get("data");
  if (!data.IsTypedArray()) throw_internal(name + ".data must be a Float32Array or Float64Array");
  const Napi::TypedArray array = data.As<Napi::TypedArray>();

  MatrixView view;
  view.name = name;
  view.rows = dimension(object, "rows", name);
  view.cols = dimension(object, "cols", name);
  switch (array.TypedArrayType()) {
    case napi_float32_array:
      view.dtype = DType::Float32;
      view.data = array.As<Napi::Float32Array>().Data();
      break;
    case napi_float64_array:
      view.dtype = DType::Float64;
      view.data = array.As<Napi::Float64Array>().Data();
      break;
    default:
      throw_internal(name + ".data must be a Float32Array or Float64Array");
  }
  const double claimed = static_cast<double>(view.rows) * static_cast<double>(view.cols);
  if (claimed != static_cast<double>(array.ElementLength())) {
    throw Error(ErrorCode::ShapeMismatch, name + " has " + std::to_string(array.ElementLength()) +
                                              " values but its shape " + std::to_string(view.rows) +
                                              " x " + std::to_string(view.cols) + " needs " +
                                              std::to_string(view.rows * view.cols));
  }
  if (InputCopies* copies = current_input_copies()) {
    const std::size_t element = view.dtype == DType::Float32 ? sizeof(float) : sizeof(double);
    view.data = copies->keep(view.data, array.ElementLength() * element);
  }
  return view;
}

Napi::Object options_arg(const Napi::Value& value) {
  if (!value.IsObject()) throw_internal("options must be an object");
  return value.As<Napi::Object>();
}

int int_option(const Napi::Object& options, const char* key, int fallback) {
  const Napi::Value value = options.Get(key);
  if (value.IsUndefined()) return fallback;
  return static_cast<int>(non_negative_integer(value, std::string("option ") + key, 1 << 20));
}

double number_option(const Napi::Object& options, const char* key, double fallback) {
  const Napi::Value value = options.Get(key);
  if (value.IsUndefined()) return fallback;
  if (!value.IsNumber()) throw_internal(std::string("option ") + key + " must be a number");
  const double number = value.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(number)) throw_internal(std::string("option ") + key + " must be finite");
  return number;
}

bool bool_option(const Napi::Object& options, const char* key, bool fallback) {
  const Napi::Value value = options.Get(key);
  if (value.IsUndefined()) return fallback;
  if (!value.IsBoolean()) throw_internal(std::string("option ") + key + " must be a boolean");
  return value.As<Napi::Boolean>().Value();
}

std::vector<MatrixView> matrix_list_arg(const Napi::Value& value, const std::string& name) {
  if (!value.IsArray()) throw_internal(name + " must be an array of matrices");
  const Napi::Array array = value.As<Napi::Array>();
  std::vector<MatrixView> views;
  for (uint32_t i = 0; i < array.Length(); ++i) {
    const Napi::Value item = array.Get(i);
    // A matrix may carry its own name (a layer's label) for messages.
    const Napi::Value label = item.IsObject() ? item.As<Napi::Object>().Get("name") : item;
    views.push_back(matrix_arg(item, label.IsString() ? label.As<Napi::String>().Utf8Value()
                                                      : name + "[" + std::to_string(i) + "]"));
  }
  return views;
}

std::string string_option(const Napi::Object& options, const char* key,
                          const std::string& fallback) {
  const Napi::Value value = options.Get(key);
  if (value.IsUndefined()) return fallback;
  if (!value.IsString()) throw_internal(std::string("option ") + key + " must be a string");
  return value.As<Napi::String>().Utf8Value();
}

Napi::Error coded_error(Napi::Env env, const std::string& code, const std::string& message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  return error;
}

}  // namespace repsim::binding
