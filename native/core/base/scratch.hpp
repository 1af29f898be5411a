// Reusable memory for the core's large temporaries (accumulators, fill
// blocks). Fresh multi-megabyte allocations are expensive: the kernel has to
// fault in and zero every page, which on the machines measured cost as much as
// the arithmetic of a mid-sized CKA. Buffers released here are kept for the
// next call, up to a retention limit (default 256 MiB; 0 keeps nothing).
#pragma once

#include <Eigen/Core>
#include <cstddef>

namespace repsim {

// A block of at least `bytes` bytes, 64-byte aligned, returned to the pool
// when destroyed. Move-only. Contents are unspecified on acquisition.
class ScratchBuffer {
 public:
  explicit ScratchBuffer(std::size_t bytes);
  ~ScratchBuffer();
  ScratchBuffer(ScratchBuffer&& other) noexcept;
  ScratchBuffer& operator=(ScratchBuffer&& other) noexcept;
  ScratchBuffer(const ScratchBuffer&) = delete;
  ScratchBuffer& operator=(const ScratchBuffer&) = delete;

  void* data() const noexcept { return data_; }

 private:
  void* data_ = nullptr;
  std::size_t capacity_ = 0;
};

// A column-major rows x cols matrix of T living in a scratch buffer.
template <typename T>
class ScratchMatrix {
 public:
  ScratchMatrix(Eigen::Index rows, Eigen::Index cols)
      : buffer_(static_cast<std::size_t>(rows * cols) * sizeof(T)),
        map_(static_cast<T*>(buffer_.data()), rows, cols) {}
  ScratchMatrix(ScratchMatrix&&) noexcept = default;
  // Assigning an Eigen::Map copies elements instead of rebinding: forbid it.
  ScratchMatrix& operator=(ScratchMatrix&&) = delete;

  using Map = Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>, Eigen::Aligned64>;
  Map& matrix() noexcept { return map_; }
  const Map& matrix() const noexcept { return map_; }

 private:
  ScratchBuffer buffer_;
  Map map_;
};

// How many bytes released buffers may keep; lowering it frees the excess now.
void set_scratch_retention_limit(std::size_t bytes);
std::size_t scratch_retention_limit();
// Bytes currently kept for reuse (not in use by any computation).
std::size_t scratch_retained_bytes();

}  // namespace repsim
