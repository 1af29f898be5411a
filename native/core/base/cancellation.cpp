#include "base/cancellation.hpp"

#include "base/error.hpp"

namespace repsim {
namespace {

thread_local const CancelFlag* current = nullptr;

}  // namespace

CancelScope::CancelScope(const CancelFlag* flag) noexcept : previous_(current) { current = flag; }

CancelScope::~CancelScope() { current = previous_; }

const CancelFlag* current_cancel_flag() noexcept { return current; }

bool cancel_requested() noexcept { return current != nullptr && current->requested(); }

void throw_if_cancelled() {
  if (current != nullptr && current->requested()) {
    throw Error(ErrorCode::Aborted, "the computation was cancelled");
  }
}

}  // namespace repsim
