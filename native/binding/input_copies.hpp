// What a Promise call reads, copied on the main thread before the work is
// queued. Pinning the typed arrays is not enough: their memory can still be
// freed (the ArrayBuffer transferred with postMessage or structuredClone) or
// shrunk (a resizable ArrayBuffer) while the computation runs on libuv's pool,
// and the core would read freed memory. A copy also makes the result that of
// the values at the call, whatever the caller does to them afterwards. The
// Sync form needs none: no JavaScript runs while it reads.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <utility>

namespace repsim::binding {

class InputCopies {
 public:
  // A copy of `bytes` bytes at `data`, alive as long as this object; an
  // array passed twice (x and y, or a layer listed twice) is copied once.
  const void* keep(const void* data, std::size_t bytes);

 private:
  std::map<std::pair<const void*, std::size_t>, std::unique_ptr<std::byte[]>> copies_;
};

// While one of these is alive (on the main thread, around argument parsing),
// matrix_arg reads its arrays into `copies`; with nullptr, in place.
class CopyInputsInto {
 public:
  explicit CopyInputsInto(InputCopies* copies);
  ~CopyInputsInto();
  CopyInputsInto(const CopyInputsInto&) = delete;
  CopyInputsInto& operator=(const CopyInputsInto&) = delete;

 private:
  InputCopies* previous_;
};

// The copies matrix_arg should read into now, or nullptr.
InputCopies* current_input_copies();

}  // namespace repsim::binding
