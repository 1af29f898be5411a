#include "measures/average_ranks.hpp"

#include <array>
#include <cmath>
#include <cstring>
#include <numeric>

#include "base/cancellation.hpp"
#include "base/error.hpp"
#include "base/parallel.hpp"

namespace repsim {
namespace {

// 11-bit digits: six passes over 64-bit keys instead of eight (each pass is
// a full read and scatter of the data, the cost that counts), while the
// counts still fit in the first-level cache.
constexpr int kDigitBits = 11;
constexpr std::size_t kDigits = std::size_t{1} << kDigitBits;
constexpr std::uint64_t kDigitMask = kDigits - 1;
using Counts = std::array<std::size_t, kDigits>;

struct SortedKeys {
  std::vector<std::uint64_t> keys;       // ascending
  std::vector<std::uint32_t> positions;  // keys[k] came from positions[k]
};

int sort_workers(std::size_t m, int threads) {
  return workers_for(static_cast<double>(m), 1 << 20, threads);
}

// One stable pass by the digit at `shift`: each worker counts its contiguous
// share, then writes it to the offsets the counts give (digit-major, then
// worker order), so the output is what a single thread would write.
void radix_pass(const std::vector<std::uint64_t>& keys, const std::vector<std::uint32_t>& positions,
                std::vector<std::uint64_t>& out_keys, std::vector<std::uint32_t>& out_positions,
                int shift, const std::vector<Counts>& counts, int workers) {
  std::vector<Counts> offsets(counts.size());
  std::size_t running = 0;
  for (std::size_t digit = 0; digit < kDigits; ++digit) {
    for (std::size_t w = 0; w < counts.size(); ++w) {
      offsets[w][digit] = running;
      running += counts[w][digit];
    }
  }
  parallel_ranges(workers, static_cast<Eigen::Index>(keys.size()),
                  [&](int w, Eigen::Index begin, Eigen::Index end) {
                    Counts& next = offsets[static_cast<std::size_t>(w)];
                    for (auto k = static_cast<std::size_t>(begin);
                         k < static_cast<std::size_t>(end); ++k) {
                      const std::size_t slot = next[(keys[k] >> shift) & kDigitMask]++;
                      out_keys[slot] = keys[k];
                      out_positions[slot] = positions[k];
                    }
                  });
}

SortedKeys sort_keys(std::vector<std::uint64_t> keys, int threads) {
  const std::size_t m = keys.size();
  const int workers = sort_workers(m, threads);
  SortedKeys sorted{std::move(keys), std::vector<std::uint32_t>(m)};
  std::iota(sorted.positions.begin(), sorted.positions.end(), 0u);
  std::vector<std::uint64_t> spare_keys(m);
  std::vector<std::uint32_t> spare_positions(m);
  std::vector<Counts> counts(static_cast<std::size_t>(std::max(1, workers)));
  for (int shift = 0; shift < 64; shift += kDigitBits) {
    throw_if_cancelled();
    for (Counts& c : counts) c.fill(0);
    parallel_ranges(
        workers, static_cast<Eigen::Index>(m), [&](int w, Eigen::Index begin, Eigen::Index end) {
          Counts& c = counts[static_cast<std::size_t>(w)];
          for (auto k = static_cast<std::size_t>(begin); k < static_cast<std::size_t>(end); ++k) {
            ++c[(sorted.keys[k] >> shift) & kDigitMask];
          }
        });
    // A digit every key shares orders nothing: skip the pass.
    bool shared = false;
    for (std::size_t digit = 0; digit < kDigits && !shared; ++digit) {
      std::size_t total = 0;
      for (const Counts& c : counts) total += c[digit];
      shared = total == m;
    }
    if (shared) continue;
    radix_pass(sorted.keys, sorted.positions, spare_keys, spare_positions, shift, counts, workers);
    sorted.keys.swap(spare_keys);
    sorted.positions.swap(spare_positions);
  }
  return sorted;
}

// Calls visit(begin, end, rank) for each run [begin, end) of equal keys in
// sorted order, rank being the run's mean 1-based rank.
template <typename Visit>
void for_each_tie(const std::vector<std::uint64_t>& keys, Visit visit) {
  const std::size_t m = keys.size();
  std::size_t run = 0;
  while (run < m) {
    std::size_t end = run + 1;
    while (end < m && keys[end] == keys[run]) ++end;
    visit(run, end, 0.5 * (static_cast<double>(run) + static_cast<double>(end - 1)) + 1.0);
    run = end;
  }
}

void require_size(std::size_t m) {
  if (m >= 4294967295u) {
    throw Error(ErrorCode::Internal, "average ranks: more than 2^32 - 2 values");
  }
}

}  // namespace

std::uint64_t order_key(double value) noexcept {
  if (value == 0.0) value = 0.0;  // -0.0 equals +0.0: one key
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  constexpr std::uint64_t kSign = std::uint64_t{1} << 63;
  return (bits & kSign) != 0 ? ~bits : bits | kSign;
}

std::vector<double> average_ranks(std::vector<std::uint64_t> keys, int threads) {
  require_size(keys.size());
  const SortedKeys sorted = sort_keys(std::move(keys), threads);
  std::vector<double> ranks(sorted.keys.size());
  for_each_tie(sorted.keys, [&](std::size_t begin, std::size_t end, double rank) {
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
  double ab = 0.0, aa = 0.0, bb = 0.0;
  for_each_tie(sorted.keys, [&](std::size_t begin, std::size_t end, double rank) {
    const double db = rank - mean;
    for (std::size_t k = begin; k < end; ++k) {
      const double da = ranks_a[sorted.positions[k]] - mean;
      ab += da * db;
      aa += da * da;
      bb += db * db;
    }
  });
  if (!(aa > 0) || !(bb > 0)) {
    throw Error(
        ErrorCode::ZeroVariance,
        "RSA: an RSM's off-diagonal entries are all equal, so their correlation is undefined");
  }
  return ab / std::sqrt(aa * bb);
}

}  // namespace repsim
