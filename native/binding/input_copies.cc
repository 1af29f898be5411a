#include "input_copies.hpp"

#include <cstring>

namespace repsim::binding {
namespace {

thread_local InputCopies* active = nullptr;

}  // namespace

const void* InputCopies::keep(const void* data, std::size_t bytes) {
  if (bytes == 0) return data;
  auto& copy = copies_[{data, bytes}];
  if (!copy) {
    copy.reset(new std::byte[bytes]);  // uninitialised: overwritten next
    std::memcpy(copy.get(), data, bytes);
  }
  return copy.get();
}

CopyInputsInto::CopyInputsInto(InputCopies* copies) : previous_(active) { active = copies; }

CopyInputsInto::~CopyInputsInto() { active = previous_; }

InputCopies* current_input_copies() { return active; }

}  // namespace repsim::binding
