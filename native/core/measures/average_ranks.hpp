// Spearman's rank correlation over long vectors: RSA compares the n(n-1)/2
// off-diagonal entries of two RSMs, 12.5 million each at n = 5000.
//
// Why not std::sort: ranking through an index vector reads the values in
// random order (a cache miss per comparison) and took seconds at that size,
// and putting ranks back by following the permutation's cycles is a chain of
// dependent cache misses. Here the values become order-preserving 64-bit
// keys, scattered once into buckets of equal width in value (a few thousand
// keys each, in key order), and each bucket is radix-sorted on its own
// inside the second-level cache, skipping the digits its keys share. Every
// step is a stable pass over contiguous shares whose output places are fixed
// by counting, so the result never depends on timing. The ranks then go back
// by a scatter (independent stores the memory system overlaps), and the
// second vector is never scattered: its ranks meet the first's by a gather.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace repsim {

// A double's bits as an unsigned key in the numbers' order (-0.0 and +0.0
// share one key). NaN has no place in the order; callers exclude it.
// Inline: it runs once per RSM entry.
inline std::uint64_t order_key(double value) noexcept {
  if (value == 0.0) value = 0.0;  // -0.0 equals +0.0: one key
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  constexpr std::uint64_t kSign = std::uint64_t{1} << 63;
  return (bits & kSign) != 0 ? ~bits : bits | kSign;
}

// Average ranks (1-based; ties share the mean of their ranks), as
// scipy.stats.rankdata's 'average', of the values whose order_keys are
// given, at the values' own positions. At most 2^32 - 2 values. Peak
// memory: 24 bytes per value, the keys included.
std::vector<double> average_ranks(std::vector<std::uint64_t> keys, int threads);

// Spearman's rho: the Pearson correlation of `ranks_a` (average_ranks of the
// first vector) and the average ranks of the second, given as its keys.
// Peak memory: 24 bytes per value (keys included) besides ranks_a. Throws
// ZERO_VARIANCE when either vector is constant.
double spearman_from_ranks(const std::vector<double>& ranks_a, std::vector<std::uint64_t> keys_b,
                           int threads);

}  // namespace repsim
