#include "base/cpu_features.hpp"

namespace repsim {

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

bool cpu_supports_x86_64_v4() noexcept {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  // libgcc reports the AVX-512 features only when XCR0 shows that the OS saves
  // the opmask and ZMM registers, so a kernel without AVX-512 support reads as
  // a CPU without it.
  __builtin_cpu_init();
  return cpu_supports_x86_64_v3() && __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vl");
#else
  return false;
#endif
}

}  // namespace repsim
