#include "measures/average_ranks.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <numeric>
#include <utility>

#include "base/cancellation.hpp"
#include "base/error.hpp"
#include "base/parallel.hpp"

namespace repsim {
namespace {

struct SortedKeys {
  std::vector<std::uint64_t> keys;       // ascending
  std::vector<std::uint32_t> positions;  // keys[k] came from positions[k]
};

constexpr std::uint64_t kSign = std::uint64_t{1} << 63;

// The number an order_key stands for (its inverse).
double key_value(std::uint64_t key) {
  const std::uint64_t bits = (key & kSign) != 0 ? key & ~kSign : ~key;
  double value = 0;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

int sort_workers(std::size_t m, int threads) {
  return std::max(1, workers_for(static_cast<double>(m), 1 << 20, threads));
}

// Buckets of equal width in value, so that each holds a few thousand keys
// (a second-level-cache sort) whatever the keys' exponents: a key's leading
// bits are its sign and exponent, which would put most of an RSM's values
// into a handful of buckets. floor((v - lo) * scale) never decreases as v
// grows (each rounding step is monotone), so the buckets are in key order.
class ValueBuckets {
 public:
  ValueBuckets(double lo, double hi, std::size_t m)
      : lo_(lo), count_(std::clamp<std::size_t>(m / kKeysPerBucket, 1, kMostBuckets)) {
    scale_ = static_cast<double>(count_) / (hi - lo);
    if (!(hi > lo) || !std::isfinite(scale_)) count_ = 1;  // all equal, or a tiny range
  }
  std::size_t count() const { return count_; }
  std::size_t of(std::uint64_t key) const {
    if (count_ == 1) return 0;
    const double position = (key_value(key) - lo_) * scale_;
    return std::min(count_ - 1, static_cast<std::size_t>(position));
  }

 private:
  static constexpr std::size_t kKeysPerBucket = 1 << 14;
  static constexpr std::size_t kMostBuckets = 4096;
  double lo_;
  double scale_ = 0;
  std::size_t count_;
};

// Stable least-significant-digit radix sort of one bucket by the whole key,
// with 11-bit digits (a bucket's keys differ in about 45 bits: four passes
// rather than six of 8 bits); digits every key of the bucket shares are
// skipped (in a bucket of nearby values the sign and exponent bits are).
void sort_bucket(std::uint64_t* keys, std::uint32_t* positions, std::size_t size,
                 std::vector<std::uint64_t>& spare_keys,
                 std::vector<std::uint32_t>& spare_positions) {
  if (size < 2) return;
  if (size < 64) {
    for (std::size_t k = 1; k < size; ++k) {
      const std::uint64_t key = keys[k];
      const std::uint32_t position = positions[k];
      std::size_t j = k;
      for (; j > 0 && keys[j - 1] > key; --j) {
        keys[j] = keys[j - 1];
        positions[j] = positions[j - 1];
      }
      keys[j] = key;
      positions[j] = position;
    }
    return;
  }
  std::uint64_t any = 0, all = ~std::uint64_t{0};
  for (std::size_t k = 0; k < size; ++k) {
    any |= keys[k];
    all &= keys[k];
  }
  std::uint64_t* from_keys = keys;
  std::uint32_t* from_positions = positions;
  std::uint64_t* to_keys = spare_keys.data();
  std::uint32_t* to_positions = spare_positions.data();
  constexpr int kBits = 11;
  constexpr std::uint64_t kMask = (std::uint64_t{1} << kBits) - 1;
  std::array<std::uint32_t, kMask + 1> offsets;
  for (int shift = 0; shift < 64; shift += kBits) {
    if ((((any ^ all) >> shift) & kMask) == 0) continue;  // one value of this digit
    offsets.fill(0);
    for (std::size_t k = 0; k < size; ++k) ++offsets[(from_keys[k] >> shift) & kMask];
    std::uint32_t running = 0;
    for (std::uint32_t& o : offsets) running += std::exchange(o, running);
    for (std::size_t k = 0; k < size; ++k) {
      const std::uint32_t slot = offsets[(from_keys[k] >> shift) & kMask]++;
      to_keys[slot] = from_keys[k];
      to_positions[slot] = from_positions[k];
    }
    std::swap(from_keys, to_keys);
    std::swap(from_positions, to_positions);
  }
  if (from_keys != keys) {
    std::copy(from_keys, from_keys + size, keys);
    std::copy(from_positions, from_positions + size, positions);
  }
}

// Keys into value buckets by one stable parallel scatter (each worker's
// contiguous share written at offsets its counts give, bucket-major then
// worker order: what one thread would write), then every bucket sorted on
// its own. Peak: the input keys (8 bytes each), the bucketed keys and
// positions (12), then, with the input freed, spares for the largest buckets
// being sorted at once (at most 12 per key in all).
SortedKeys sort_keys(std::vector<std::uint64_t> keys, int threads) {
  const std::size_t m = keys.size();
  SortedKeys sorted;
  if (m == 0) return sorted;
  const int workers = sort_workers(m, threads);
  const auto [low, high] = std::minmax_element(keys.begin(), keys.end());
  const ValueBuckets buckets(key_value(*low), key_value(*high), m);
  const std::size_t count = buckets.count();
  std::vector<std::vector<std::size_t>> offsets(static_cast<std::size_t>(workers),
                                                std::vector<std::size_t>(count, 0));
  parallel_ranges(
      workers, static_cast<Eigen::Index>(m), [&](int w, Eigen::Index begin, Eigen::Index end) {
        std::vector<std::size_t>& c = offsets[static_cast<std::size_t>(w)];
        for (auto k = static_cast<std::size_t>(begin); k < static_cast<std::size_t>(end); ++k) {
          ++c[buckets.of(keys[k])];
        }
      });
  std::vector<std::size_t> starts(count + 1, 0);
  for (std::size_t b = 0; b < count; ++b) {
    starts[b + 1] = starts[b];
    for (auto& c : offsets) starts[b + 1] += std::exchange(c[b], starts[b + 1]);
  }
  throw_if_cancelled();
  sorted.keys.resize(m);
  sorted.positions.resize(m);
  parallel_ranges(
      workers, static_cast<Eigen::Index>(m), [&](int w, Eigen::Index begin, Eigen::Index end) {
        std::vector<std::size_t>& next = offsets[static_cast<std::size_t>(w)];
        for (auto k = static_cast<std::size_t>(begin); k < static_cast<std::size_t>(end); ++k) {
          const std::size_t slot = next[buckets.of(keys[k])]++;
          sorted.keys[slot] = keys[k];
          sorted.positions[slot] = static_cast<std::uint32_t>(k);
        }
      });
  std::vector<std::uint64_t>().swap(keys);
  std::size_t largest = 0;
  for (std::size_t b = 0; b < count; ++b) largest = std::max(largest, starts[b + 1] - starts[b]);
  // As many workers as spares for the largest bucket fit in 12 bytes a key.
  const int sorters = static_cast<int>(std::clamp<std::size_t>(
      m / std::max<std::size_t>(largest, 1), 1, static_cast<std::size_t>(workers)));
  parallel_ranges(sorters, sorters, [&](int w, Eigen::Index, Eigen::Index) {
    std::vector<std::uint64_t> spare_keys(largest);
    std::vector<std::uint32_t> spare_positions(largest);
    for (std::size_t b = static_cast<std::size_t>(w); b < count;
         b += static_cast<std::size_t>(sorters)) {
      if ((b / static_cast<std::size_t>(sorters)) % 64 == 0) throw_if_cancelled();
      sort_bucket(sorted.keys.data() + starts[b], sorted.positions.data() + starts[b],
                  starts[b + 1] - starts[b], spare_keys, spare_positions);
    }
  });
  return sorted;
}

// Calls visit(worker, begin, end, rank) for each run [begin, end) of equal
// keys in sorted order, rank being the run's mean 1-based rank, split over
// workers at run boundaries (a run is never shared).
template <typename Visit>
void for_each_tie(const std::vector<std::uint64_t>& keys, int threads, Visit visit) {
  const std::size_t m = keys.size();
  const int workers = sort_workers(m, threads);
  std::vector<std::size_t> bounds(static_cast<std::size_t>(workers) + 1, m);
  for (int w = 0; w < workers; ++w) {
    std::size_t b = m * static_cast<std::size_t>(w) / static_cast<std::size_t>(workers);
    while (b > 0 && b < m && keys[b] == keys[b - 1]) ++b;
    bounds[static_cast<std::size_t>(w)] = b;
  }
  parallel_ranges(workers, workers, [&](int w, Eigen::Index, Eigen::Index) {
    std::size_t run = bounds[static_cast<std::size_t>(w)];
    const std::size_t last = std::max(run, bounds[static_cast<std::size_t>(w) + 1]);
    while (run < last) {
      std::size_t end = run + 1;
      while (end < m && keys[end] == keys[run]) ++end;
      visit(w, run, end, 0.5 * (static_cast<double>(run) + static_cast<double>(end - 1)) + 1.0);
      run = end;
    }
  });
}

void require_size(std::size_t m) {
  if (m >= 4294967295u) {
    throw Error(ErrorCode::Internal, "average ranks: more than 2^32 - 2 values");
  }
}

}  // namespace

std::vector<double> average_ranks(std::vector<std::uint64_t> keys, int threads) {
  require_size(keys.size());
  const SortedKeys sorted = sort_keys(std::move(keys), threads);
  std::vector<double> ranks(sorted.keys.size());
  for_each_tie(sorted.keys, threads, [&](int, std::size_t begin, std::size_t end, double rank) {
    for (std::size_t k = begin; k < end; ++k) ranks[sorted.positions[k]] = rank;
  });
  return ranks;
}

double spearman_from_ranks(const std::vector<double>& ranks_a, std::vector<std::uint64_t> keys_b,
                           int threads) {
  require_size(keys_b.size());
  const std::size_t m = keys_b.size();
  const SortedKeys sorted = sort_keys(std::move(keys_b), threads);
  // Average ranks sum to m(m+1)/2 whatever the ties: both means are (m+1)/2,
  // a half-integer held exactly, so the sums below are centred exactly.
  const double mean = 0.5 * (static_cast<double>(m) + 1.0);
  struct Sums {
    double ab = 0.0, aa = 0.0, bb = 0.0;
  };
  std::vector<Sums> partial(static_cast<std::size_t>(sort_workers(m, threads)));
  for_each_tie(sorted.keys, threads, [&](int w, std::size_t begin, std::size_t end, double rank) {
    Sums& sums = partial[static_cast<std::size_t>(w)];
    const double db = rank - mean;
    for (std::size_t k = begin; k < end; ++k) {
      const double da = ranks_a[sorted.positions[k]] - mean;
      sums.ab += da * db;
      sums.aa += da * da;
      sums.bb += db * db;
    }
  });
  double ab = 0.0, aa = 0.0, bb = 0.0;
  for (const Sums& sums : partial) {  // in worker order
    ab += sums.ab;
    aa += sums.aa;
    bb += sums.bb;
  }
  if (!(aa > 0) || !(bb > 0)) {
    throw Error(
        ErrorCode::ZeroVariance,
        "RSA: an RSM's off-diagonal entries are all equal, so their correlation is undefined");
  }
  return ab / std::sqrt(aa * bb);
}

}  // namespace repsim
