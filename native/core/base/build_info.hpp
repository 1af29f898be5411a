// What this binary was compiled for, reported by buildInfo().
#pragma once

#include <string>

namespace repsim {

// The instruction-set level this binary was compiled for: "baseline",
// "x86-64-v3" (AVX2 + FMA + F16C) or "x86-64-v4" (plus AVX-512 F/BW/DQ/VL).
// Set by the build (REPSIM_ISA_X86_64_V3 / REPSIM_ISA_X86_64_V4).
const char* compiled_isa() noexcept;

// Eigen's description of the SIMD instruction sets this binary uses.
std::string simd_instruction_sets();

}  // namespace repsim
