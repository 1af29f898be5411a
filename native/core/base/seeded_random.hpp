// Seeded pseudo-random numbers that are identical on every platform (the
// standard library's distributions are not), so a seed names the same
// projection or split everywhere: splitmix64, Box-Muller normals, and a
// Fisher-Yates shuffle.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace repsim {

class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) : state_(seed) {}

  // Stream `index` of the run seeded with `seed`: its own generator, so work
  // item k draws the same numbers whichever thread or batch runs it. The
  // states are hashed apart (splitmix64's finaliser) rather than offset, since
  // offset splitmix64 states replay each other's sequences shifted by one.
  static SeededRandom stream(std::uint64_t seed, std::uint64_t index) {
    std::uint64_t z = seed ^ ((index + 1) * 0xD1B54A32D192ED03ULL);
    z = (z ^ (z >> 33)) * 0xFF51AFD7ED558CCDULL;
    z = (z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53ULL;
    return SeededRandom(z ^ (z >> 33));
  }

  // Uniform in [0, 1), 53 random bits.
  double uniform() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
  }

  // Standard normal (Box-Muller, both values used).
  double gaussian() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double pi = std::acos(-1.0);
    const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform()));
    const double angle = 2.0 * pi * uniform();
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }

  // 0, 1, ..., count - 1 in a seeded random order.
  std::vector<Eigen::Index> permutation(Eigen::Index count) {
    std::vector<Eigen::Index> order(static_cast<std::size_t>(count));
    for (Eigen::Index i = 0; i < count; ++i) order[static_cast<std::size_t>(i)] = i;
    for (Eigen::Index i = count - 1; i > 0; --i) {
      const auto j = static_cast<Eigen::Index>(uniform() * static_cast<double>(i + 1));
      std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
    }
    return order;
  }

 private:
  std::uint64_t state_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace repsim
