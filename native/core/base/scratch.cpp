#include "base/scratch.hpp"

#include <cstdlib>
#include <iterator>
#include <map>
#include <mutex>
#include <new>

namespace repsim {
namespace {

constexpr std::size_t kAlignment = 64;
// Small requests are cheap for malloc; only large ones are worth keeping.
constexpr std::size_t kPoolMinimum = std::size_t{1} << 20;

class Pool {
 public:
  void* take(std::size_t& capacity) {
    if (capacity >= kPoolMinimum) {
      std::lock_guard<std::mutex> lock(mutex_);
      // The smallest kept buffer that fits, if it is not wastefully large.
      auto it = free_.lower_bound(capacity);
      if (it != free_.end() && it->first <= 2 * capacity) {
        capacity = it->first;
        void* data = it->second;
        retained_ -= it->first;
        free_.erase(it);
        return data;
      }
    }
    capacity = (capacity + kAlignment - 1) / kAlignment * kAlignment;
    void* data = std::aligned_alloc(kAlignment, capacity == 0 ? kAlignment : capacity);
    if (data == nullptr) throw std::bad_alloc();
    return data;
  }

  // Never throws (called from destructors): if keeping fails, the buffer is freed.
  void give_back(void* data, std::size_t capacity) noexcept {
    if (capacity >= kPoolMinimum) {
      try {
        std::lock_guard<std::mutex> lock(mutex_);
        if (capacity <= limit_) {
          free_.emplace(capacity, data);
          retained_ += capacity;
          trim_locked();
          return;
        }
      } catch (...) {
      }
    }
    std::free(data);
  }

  void set_limit(std::size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    limit_ = bytes;
    trim_locked();
  }

  std::size_t limit() {
    std::lock_guard<std::mutex> lock(mutex_);
    return limit_;
  }

  std::size_t retained() {
    std::lock_guard<std::mutex> lock(mutex_);
    return retained_;
  }

 private:
  // Frees the largest kept buffers until the total fits the limit.
  void trim_locked() {
    while (retained_ > limit_ && !free_.empty()) {
      auto largest = std::prev(free_.end());
      retained_ -= largest->first;
      std::free(largest->second);
      free_.erase(largest);
    }
  }

  std::mutex mutex_;
  std::multimap<std::size_t, void*> free_;
  std::size_t retained_ = 0;
  std::size_t limit_ = std::size_t{256} << 20;
};

Pool& pool() {
  static Pool* instance = new Pool();  // never destroyed: usable until exit
  return *instance;
}

}  // namespace

ScratchBuffer::ScratchBuffer(std::size_t bytes) : capacity_(bytes) {
  data_ = pool().take(capacity_);
}

ScratchBuffer::~ScratchBuffer() {
  if (data_ != nullptr) pool().give_back(data_, capacity_);
}

ScratchBuffer::ScratchBuffer(ScratchBuffer&& other) noexcept
    : data_(other.data_), capacity_(other.capacity_) {
  other.data_ = nullptr;
}

ScratchBuffer& ScratchBuffer::operator=(ScratchBuffer&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) pool().give_back(data_, capacity_);
    data_ = other.data_;
    capacity_ = other.capacity_;
    other.data_ = nullptr;
  }
  return *this;
}

void set_scratch_retention_limit(std::size_t bytes) { pool().set_limit(bytes); }
std::size_t scratch_retention_limit() { return pool().limit(); }
std::size_t scratch_retained_bytes() { return pool().retained(); }

}  // namespace repsim
