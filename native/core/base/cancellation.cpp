#include "base/cancellation.hpp"

#include "base/error.hpp"

namespace repsim {
namespace {

thread_local CancelFlag* current = nullptr;

}  // namespace

CancelScope::CancelScope(CancelFlag* flag) noexcept : previous_(current) { current = flag; }

CancelScope::~CancelScope() { current = previous_; }

CancelFlag* current_cancel_flag() noexcept { return current; }

ProgressSection::ProgressSection(std::int64_t units) noexcept : flag_(current) {
  if (flag_ == nullptr) return;
  counts_ = flag_->enter_section();
  if (counts_) flag_->add_total(units);
}

ProgressSection::~ProgressSection() {
  if (flag_ != nullptr) flag_->leave_section();
}

bool cancel_requested() noexcept { return current != nullptr && current->requested(); }

void throw_if_cancelled() {
  if (current != nullptr && current->requested()) {
    throw Error(ErrorCode::Aborted, "the computation was cancelled");
  }
}

}  // namespace repsim
