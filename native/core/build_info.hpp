// What this binary was compiled for and what the running CPU can do, so the
// loader can pick the fastest build that is safe on this machine.
#pragma once

#include <string>

namespace repsim {

// The instruction-set level this binary was compiled for: "baseline" or
// "x86-64-v3" (AVX2 + FMA + F16C). Set by the build (REPSIM_ISA_X86_64_V3).
const char* compiled_isa() noexcept;

// Eigen's description of the SIMD instruction sets this binary uses.
std::string simd_instruction_sets();

// Whether the running CPU (and OS) support the x86-64-v3 build. Always false
// off x86-64. Safe to call from a baseline build.
bool cpu_supports_x86_64_v3() noexcept;

}  // namespace repsim
