#include "base/error.hpp"

#include <cstdio>

namespace repsim {

std::string short_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

const char* error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::BadInput:
      return "BAD_INPUT";
    case ErrorCode::ShapeMismatch:
      return "SHAPE_MISMATCH";
    case ErrorCode::NonFinite:
      return "NON_FINITE";
    case ErrorCode::TooFewSamples:
      return "TOO_FEW_SAMPLES";
    case ErrorCode::ZeroVariance:
      return "ZERO_VARIANCE";
    case ErrorCode::OutOfRange:
      return "OUT_OF_RANGE";
    case ErrorCode::Aborted:
      return "ABORTED";
    case ErrorCode::BadOption:
      return "BAD_OPTION";
    case ErrorCode::MemoryLimit:
      return "MEMORY_LIMIT";
    case ErrorCode::Underdetermined:
      return "UNDERDETERMINED";
    case ErrorCode::Internal:
      return "INTERNAL";
  }
  return "INTERNAL";
}

}  // namespace repsim
