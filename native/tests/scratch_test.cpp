#include <doctest/doctest.h>

#include <cstdint>

#include "base/scratch.hpp"

using namespace repsim;

TEST_CASE("scratch buffers are aligned, reused after release, and bounded by the limit") {
  const std::size_t previous = scratch_retention_limit();
  set_scratch_retention_limit(0);  // start from an empty pool: other tests leave buffers
  set_scratch_retention_limit(64u << 20);
  const std::size_t mib = 1u << 20;

  void* first = nullptr;
  {
    ScratchBuffer a(3 * mib);
    first = a.data();
    CHECK(reinterpret_cast<std::uintptr_t>(first) % 64 == 0);
  }
  CHECK(scratch_retained_bytes() >= 3 * mib);
  {
    ScratchBuffer b(3 * mib);  // the released buffer comes back
    CHECK(b.data() == first);
    ScratchBuffer c(3 * mib);  // while b is in use, c gets another one
    CHECK(c.data() != first);
  }
  // Lowering the limit frees what no longer fits.
  set_scratch_retention_limit(0);
  CHECK(scratch_retained_bytes() == 0);
  { ScratchBuffer d(3 * mib); }
  CHECK(scratch_retained_bytes() == 0);  // nothing kept with limit 0
  set_scratch_retention_limit(previous);
}

TEST_CASE("a scratch matrix maps its buffer and can be moved out of a function") {
  auto make = [] {
    ScratchMatrix<double> m(3, 2);
    m.matrix().setConstant(1.5);
    return m;
  };
  const ScratchMatrix<double> m = make();
  CHECK(m.matrix().rows() == 3);
  CHECK(m.matrix().sum() == doctest::Approx(9.0));
}
