#include "base/parallel.hpp"

#include "base/cancellation.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <thread>
#include <vector>

namespace repsim {

int resolve_threads(int requested) noexcept {
  if (requested > 0) return requested;
  const unsigned hardware = std::thread::hardware_concurrency();
  return hardware == 0 ? 1 : static_cast<int>(hardware);
}

int workers_for(double work, double min_per_worker, int requested) noexcept {
  const double useful = std::floor(work / min_per_worker);
  const int most = resolve_threads(requested);
  return useful < 1.0 ? 1 : useful >= most ? most : static_cast<int>(useful);
}

void parallel_ranges(int workers, Eigen::Index count,
                     const std::function<void(int, Eigen::Index, Eigen::Index)>& task) {
  workers = static_cast<int>(std::max<Eigen::Index>(1, std::min<Eigen::Index>(workers, count)));
  auto range_begin = [&](int w) { return count * w / workers; };

  std::vector<std::exception_ptr> failures(static_cast<size_t>(workers));
  CancelFlag* cancel = current_cancel_flag();  // obeyed by every worker
  throw_if_cancelled();  // once, here: a task may hold its workers at barriers
  auto run = [&](int w) {
    try {
      const CancelScope scope(cancel);
      task(w, range_begin(w), range_begin(w + 1));
    } catch (...) {
      failures[static_cast<size_t>(w)] = std::current_exception();
    }
  };

  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(workers - 1));
  for (int w = 1; w < workers; ++w) threads.emplace_back(run, w);
  run(0);
  for (auto& t : threads) t.join();

  for (const auto& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
}

}  // namespace repsim
