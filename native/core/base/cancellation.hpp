// Cooperative cancellation. A computation started for a Promise call runs
// under a CancelScope naming its flag; the loop drivers (parallel_ranges,
// tile grids, block and resample loops) call throw_if_cancelled() between
// units of work of at most tens of milliseconds, so a cancelled computation
// stops soon after the flag is raised and unwinds through the usual error
// path (its memory freed, no partial result). The flag is raised from another
// thread (JavaScript's AbortSignal, a worker_thread or process exiting).
#pragma once

#include <atomic>

namespace repsim {

class CancelFlag {
 public:
  void request() noexcept { requested_.store(true, std::memory_order_relaxed); }
  bool requested() const noexcept { return requested_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> requested_{false};
};

// While alive, computations on this thread obey `flag` (nullptr: nothing).
// parallel_ranges hands the current flag on to the threads it starts.
class CancelScope {
 public:
  explicit CancelScope(const CancelFlag* flag) noexcept;
  ~CancelScope();
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;

 private:
  const CancelFlag* previous_;
};

// The flag this thread's computation obeys, or nullptr.
const CancelFlag* current_cancel_flag() noexcept;

// Whether the current computation has been cancelled.
bool cancel_requested() noexcept;

// Throws Error(Aborted) when the current computation has been cancelled.
void throw_if_cancelled();

}  // namespace repsim
