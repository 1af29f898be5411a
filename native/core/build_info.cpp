#include "build_info.hpp"

#include <Eigen/Core>

namespace repsim {

const char* compiled_isa() noexcept {
#if defined(REPSIM_ISA_X86_64_V3)
  return "x86-64-v3";
#else
  return "baseline";
#endif
}

std::string simd_instruction_sets() { return Eigen::SimdInstructionSetsInUse(); }

bool cpu_supports_x86_64_v3() noexcept {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  // libgcc's checks include the OS having enabled the AVX register state.
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
         __builtin_cpu_supports("f16c");
#else
  return false;
#endif
}

}  // namespace repsim
