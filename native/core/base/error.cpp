#include "base/error.hpp"

namespace repsim {

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
