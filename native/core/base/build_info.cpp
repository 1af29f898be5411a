#include "base/build_info.hpp"

#include <Eigen/Core>

namespace repsim {

const char* compiled_isa() noexcept {
#if defined(REPSIM_ISA_X86_64_V4)
  return "x86-64-v4";
#elif defined(REPSIM_ISA_X86_64_V3)
  return "x86-64-v3";
#else
  return "baseline";
#endif
}

std::string simd_instruction_sets() { return Eigen::SimdInstructionSetsInUse(); }

}  // namespace repsim
