// Errors raised by the numerical core. Each carries a stable code that the
// binding forwards to JavaScript unchanged, so users can branch on it.
#pragma once

#include <stdexcept>
#include <string>

namespace repsim {

enum class ErrorCode {
  BadInput,
  ShapeMismatch,
  NonFinite,
  TooFewSamples,
  ZeroVariance,
  OutOfRange,
  Aborted,
  BadOption,
  MemoryLimit,
  Underdetermined,
  Internal,
};

// A number for a message, to 3 significant digits ("1e-300", "0.25").
std::string short_number(double value);

// The code as JavaScript sees it, e.g. "ZERO_VARIANCE".
const char* error_code_name(ErrorCode code) noexcept;

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}

  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace repsim
