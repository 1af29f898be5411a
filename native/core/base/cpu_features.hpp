// What the running CPU and OS can execute, for picking a native build. Needs
// nothing but the compiler: the small loader module (native/binding/cpu_probe.cc)
// compiles it for the portable baseline and asks it before loading any build.
#pragma once

namespace repsim {

// AVX2 + FMA + F16C with the OS saving the AVX state: what the x86-64-v3
// build is compiled for (-mavx2 -mfma -mf16c). Always false off x86-64.
bool cpu_supports_x86_64_v3() noexcept;

// x86-64-v3 plus AVX-512 F/BW/DQ/VL with the OS saving the opmask and ZMM
// state (XCR0): what the x86-64-v4 build is compiled for. Always false off x86-64.
bool cpu_supports_x86_64_v4() noexcept;

}  // namespace repsim
