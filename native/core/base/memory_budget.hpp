// The caller's bound on the memory one computation may allocate. Strategies
// that hold n x n (or larger) data estimate their bytes first: over the
// budget they pick a tiled alternative, or refuse with MEMORY_LIMIT.
#pragma once

#include <cstddef>
#include <string>

namespace repsim {

struct MemoryBudget {
  double max_bytes = 2.0 * 1024 * 1024 * 1024;  // 2 GiB

  bool allows(double bytes) const noexcept { return bytes <= max_bytes; }
};

// "1.5 GiB", "320 MiB", ...
std::string format_bytes(double bytes);

// Throws MEMORY_LIMIT: "<what> needs <bytes>, over maxMemoryBytes (<limit>); <advice>".
[[noreturn]] void refuse_memory(double bytes, const MemoryBudget& budget, const std::string& what,
                                const std::string& advice);

}  // namespace repsim
