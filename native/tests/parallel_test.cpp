#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "base/parallel.hpp"

using namespace repsim;

TEST_CASE("parallel_ranges covers every item exactly once") {
  for (int workers : {1, 2, 3, 8}) {
    std::vector<std::atomic<int>> seen(101);
    parallel_ranges(workers, 101, [&](int, Eigen::Index begin, Eigen::Index end) {
      for (Eigen::Index i = begin; i < end; ++i) seen[static_cast<size_t>(i)]++;
    });
    for (const auto& s : seen) CHECK(s.load() == 1);
  }
}

TEST_CASE("parallel_ranges rethrows a worker's exception after joining") {
  CHECK_THROWS_AS(parallel_ranges(2, 10,
                                  [](int worker, Eigen::Index, Eigen::Index) {
                                    if (worker == 1) throw std::runtime_error("boom");
                                  }),
                  std::runtime_error);
}

TEST_CASE("resolve_threads maps 0 to the hardware count and keeps explicit requests") {
  CHECK(resolve_threads(0) >= 1);
  CHECK(resolve_threads(3) == 3);
}

TEST_CASE("workers_for starts one worker for small work and caps at the request") {
  CHECK(workers_for(10.0, 100.0, 4) == 1);
  CHECK(workers_for(250.0, 100.0, 4) == 2);
  CHECK(workers_for(1e12, 100.0, 3) == 3);
}
