#include "base/memory_budget.hpp"

#include <cstdio>

#include "base/error.hpp"

namespace repsim {

std::string format_bytes(double bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024.0 && unit < 4) {
    bytes /= 1024.0;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
  return text;
}

void refuse_memory(double bytes, const MemoryBudget& budget, const std::string& what,
                   const std::string& advice) {
  throw Error(ErrorCode::MemoryLimit, what + " needs " + format_bytes(bytes) +
                                          ", over maxMemoryBytes (" +
                                          format_bytes(budget.max_bytes) + "); " + advice);
}

}  // namespace repsim
