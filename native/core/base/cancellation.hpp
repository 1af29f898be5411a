// Cooperative cancellation. A computation started for a Promise call runs
// under a CancelScope naming its flag; the loop drivers (parallel_ranges,
// tile grids, block and resample loops) call throw_if_cancelled() between
// units of work of at most tens of milliseconds, so a cancelled computation
// stops soon after the flag is raised and unwinds through the usual error
// path (its memory freed, no partial result). The flag is raised from another
// thread (JavaScript's AbortSignal, or the process exiting). The same object
// counts progress: loops that know their length report units of work done,
// which the caller's thread may read at any time. Only the outermost loop
// counts (see ProgressSection), so work nested in a counted unit (a metric
// recomputed inside one resample) does not inflate the total.
#pragma once

#include <atomic>
#include <cstdint>

namespace repsim {

class CancelFlag {
 public:
  void request() noexcept { requested_.store(true, std::memory_order_relaxed); }
  bool requested() const noexcept { return requested_.load(std::memory_order_relaxed); }

  void add_total(std::int64_t units) noexcept {
    total_.fetch_add(units, std::memory_order_relaxed);
  }
  void add_done(std::int64_t units) noexcept { done_.fetch_add(units, std::memory_order_relaxed); }
  std::int64_t total() const noexcept { return total_.load(std::memory_order_relaxed); }
  std::int64_t done() const noexcept { return done_.load(std::memory_order_relaxed); }

  // Whether a new counting section is the outermost one (and so counts).
  bool enter_section() noexcept { return sections_.fetch_add(1, std::memory_order_relaxed) == 0; }
  void leave_section() noexcept { sections_.fetch_sub(1, std::memory_order_relaxed); }

 private:
  std::atomic<bool> requested_{false};
  std::atomic<std::int64_t> total_{0};
  std::atomic<std::int64_t> done_{0};
  std::atomic<int> sections_{0};
};

// While alive, computations on this thread obey `flag` (nullptr: nothing).
// parallel_ranges hands the current flag on to the threads it starts.
class CancelScope {
 public:
  explicit CancelScope(CancelFlag* flag) noexcept;
  ~CancelScope();
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;

 private:
  CancelFlag* previous_;
};

// The flag this thread's computation obeys, or nullptr.
CancelFlag* current_cancel_flag() noexcept;

// Whether the current computation has been cancelled.
bool cancel_requested() noexcept;

// Throws Error(Aborted) when the current computation has been cancelled.
void throw_if_cancelled();

// A loop that reports its progress: `units` of work announced at the start,
// done() after each. It counts only when no other section of the current
// computation is open (the outermost loop speaks for the nested ones) and
// without a flag it does nothing. Sequential sections add up: the total grows
// as a computation reaches its later phases.
class ProgressSection {
 public:
  explicit ProgressSection(std::int64_t units) noexcept;
  ~ProgressSection();
  ProgressSection(const ProgressSection&) = delete;
  ProgressSection& operator=(const ProgressSection&) = delete;

  void done(std::int64_t units = 1) const noexcept {
    if (counts_) flag_->add_done(units);
  }

 private:
  CancelFlag* flag_;
  bool counts_ = false;
};

}  // namespace repsim
