// Minimal structured parallelism for the core: a fixed number of workers, each
// given a contiguous share of the work, so results do not depend on timing.
#pragma once

#include <Eigen/Core>
#include <functional>

namespace repsim {

// Number of worker threads for a request: 0 means "all hardware threads".
int resolve_threads(int requested) noexcept;

// Workers worth starting for `work` units when each should get at least
// `min_per_worker` of them: starting a thread costs tens of microseconds, more
// than small problems take in total.
int workers_for(double work, double min_per_worker, int requested) noexcept;

// Splits [0, count) into `workers` contiguous ranges and runs
// task(worker, begin, end) for each, worker 0 on the calling thread. The first
// exception thrown by any worker is rethrown after all have finished.
void parallel_ranges(int workers, Eigen::Index count,
                     const std::function<void(int, Eigen::Index, Eigen::Index)>& task);

}  // namespace repsim
