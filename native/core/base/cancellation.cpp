#include "base/cancellation.hpp"

#include "base/error.hpp"

namespace repsim {
namespace {

thread_local CancelFlag* current = nullptr;

}  // namespace

CancelScope::CancelScope(CancelFlag* flag) noexcept : previous_(current) { current = flag; }

CancelScope::~CancelScope() { current = previous_; }

CancelFlag* current_cancel_flag() noexcept { return current; }

void progress_total(std::int64_t units) noexcept {
  if (current != nullptr) current->add_total(units);
}

void progress_done(std::int64_t units) noexcept {
  if (current != nullptr) current->add_done(units);
}

bool cancel_requested() noexcept { return current != nullptr && current->requested(); }

void throw_if_cancelled() {
  if (current != nullptr && current->requested()) {
    throw Error(ErrorCode::Aborted, "the computation was cancelled");
  }
}

}  // namespace repsim
