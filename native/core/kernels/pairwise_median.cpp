#include "kernels/pairwise_median.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "base/error.hpp"

namespace repsim {
namespace {

// Positions (0-based) in the sorted strictly-lower values whose mean is the
// median of the full n^2 multiset: that multiset is the n diagonal zeros
// followed by every strictly-lower value twice, so entry k >= n of it is
// strictly-lower value (k - n) / 2; entries k < n are 0 (flagged by -1).
struct MedianTargets {
  std::int64_t first;
  std::int64_t second;
};

MedianTargets median_targets(Eigen::Index n) {
  const std::int64_t total = static_cast<std::int64_t>(n) * n;
  const std::int64_t k1 = total % 2 == 1 ? total / 2 : total / 2 - 1;
  const std::int64_t k2 = total / 2;
  auto lower = [&](std::int64_t k) { return k < n ? -1 : (k - n) / 2; };
  return {lower(k1), lower(k2)};
}

// The smallest value at each target position among `values` (reordered).
double select(std::vector<double>& values, std::int64_t position) {
  auto nth = values.begin() + position;
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr int kBins = 4096;
constexpr int kMaxPasses = 200;
constexpr double kLargestFinite = std::numeric_limits<double>::max();

struct PassResult {
  std::int64_t below = 0;                                     // values < lo
  std::int64_t inside = 0;                                    // values in [lo, hi)
  double smallest = std::numeric_limits<double>::infinity();  // of those inside
  double largest = -std::numeric_limits<double>::infinity();
  std::int64_t non_finite = 0;
  std::vector<double> collected;
  std::vector<std::int64_t> histogram = std::vector<std::int64_t>(kBins, 0);
};

// One pass over every strictly-lower distance: what falls below the bracket,
// and what falls inside it (counted, binned, collected while there is room).
PassResult scan(const PairwiseSource& source, const TileGrid& grid, int workers, double lo,
                double hi, std::size_t max_collect) {
  // An open bracket (an infinite end) has no bins: everything goes to bin 0,
  // and the next narrowing uses the smallest and largest values seen.
  const double bins_per_unit = std::isfinite(hi - lo) && hi > lo ? kBins / (hi - lo) : 0.0;
  std::vector<PassResult> results(static_cast<std::size_t>(workers));
  grid.for_each(workers, [&](int w, std::size_t index) {
    const Tile& tile = grid.tiles()[index];
    thread_local Eigen::MatrixXd d;  // reused: no allocation per tile
    d.resize(tile.rows(), tile.cols());
    source.distance_tile(tile, d);
    PassResult& r = results[static_cast<std::size_t>(w)];
    for (Eigen::Index j = 0; j < d.cols(); ++j) {
      // Diagonal tiles hold each pair twice: read their strictly-lower part.
      for (Eigen::Index i = tile.diagonal() ? j + 1 : 0; i < d.rows(); ++i) {
        const double v = d(i, j);
        if (!(v <= kLargestFinite)) {  // NaN or overflow: it would never be counted
          ++r.non_finite;
        } else if (v < lo) {
          ++r.below;
        } else if (v < hi) {
          ++r.inside;
          r.smallest = std::min(r.smallest, v);
          r.largest = std::max(r.largest, v);
          if (r.collected.size() < max_collect) r.collected.push_back(v);
          const auto bin = std::min<std::int64_t>(
              kBins - 1,
              bins_per_unit > 0.0 ? static_cast<std::int64_t>((v - lo) * bins_per_unit) : 0);
          ++r.histogram[static_cast<std::size_t>(bin)];
        }
      }
    }
  });
  PassResult total;
  for (PassResult& r : results) {
    total.below += r.below;
    total.non_finite += r.non_finite;
    total.inside += r.inside;
    total.smallest = std::min(total.smallest, r.smallest);
    total.largest = std::max(total.largest, r.largest);
    total.collected.insert(total.collected.end(), r.collected.begin(), r.collected.end());
    for (int b = 0; b < kBins; ++b) total.histogram[b] += r.histogram[b];
  }
  return total;
}

// The order statistic at `target` (0-based) of the strictly-lower distances,
// starting from the bracket [lo, hi); fills *next with the one after it when
// the final pass holds that too.
double order_statistic(const PairwiseSource& source, const TileGrid& grid, int workers,
                       std::size_t max_collect, std::int64_t target, double lo, double hi,
                       double bound, double* next, bool* has_next) {
  *has_next = false;
  // Each pass narrows the bracket to a few of kBins bins (or jumps once
  // between the sampled guess and the bounds): far fewer passes than this
  // bound reach any double; more means a bug, reported instead of a hang.
  for (int pass = 0;; ++pass) {
    if (pass == kMaxPasses) {
      throw Error(ErrorCode::Internal,
                  "internal error in repsim: the pairwise median did not "
                  "converge; please report this with the input's shape");
    }
    PassResult r = scan(source, grid, workers, lo, hi, max_collect);
    if (r.non_finite > 0) {
      throw Error(ErrorCode::NonFinite,
                  "squared distances between rows overflow float64 (or the input changed during "
                  "the call); divide the activations by a constant first");
    }
    // The first guess was too high: look below it; or too low: look above
    // it. Rounding can put a tile's distance just outside [0, bound] (float32
    // GEMMs on tiny values), so a bracket already at an end opens to infinity
    // rather than repeating the same pass forever.
    constexpr double kInfinity = std::numeric_limits<double>::infinity();
    if (target < r.below) {
      hi = lo;
      lo = lo > 0.0 ? 0.0 : -kInfinity;
      continue;
    }
    if (target >= r.below + r.inside) {
      lo = hi;
      hi = hi < bound ? bound : kInfinity;
      continue;
    }
    const std::int64_t local = target - r.below;
    if (static_cast<std::size_t>(r.inside) <= max_collect) {
      const double value = select(r.collected, local);
      if (local + 1 < r.inside) {
        *next = *std::min_element(r.collected.begin() + local + 1, r.collected.end());
        *has_next = true;
      }
      return value;
    }
    if (r.smallest == r.largest) return r.smallest;  // every value in the bracket is the same
    // Too many to collect: narrow to the bin holding the target, with one bin
    // of margin each side (rounding may put an edge value in the next bin),
    // and never wider than the values actually seen.
    const double width = (hi - lo) / kBins;
    std::int64_t seen = r.below;
    int bin = 0;
    while (target >= seen + r.histogram[static_cast<std::size_t>(bin)]) {
      seen += r.histogram[static_cast<std::size_t>(bin)];
      ++bin;
    }
    const double past_largest = std::nextafter(r.largest, std::numeric_limits<double>::infinity());
    if (!std::isfinite(width)) {  // an open bracket: close it on the values seen
      lo = r.smallest;
      hi = past_largest;
      continue;
    }
    const double new_lo = std::max(lo + (bin - 1) * width, r.smallest);
    const double new_hi = std::min(lo + (bin + 2) * width, past_largest);
    lo = std::max(lo, new_lo);
    hi = std::min(hi, new_hi);
  }
}

}  // namespace

double streaming_median(const PairwiseSource& source, const TileGrid& grid, int workers,
                        std::size_t max_collect, std::int64_t samples) {
  const Eigen::Index n = source.size();
  const std::int64_t m = static_cast<std::int64_t>(n) * (n - 1) / 2;
  const MedianTargets t = median_targets(n);
  if (t.second < 0) return 0.0;  // more than half of the n^2 entries are the diagonal's zeros

  const double bound =
      std::nextafter(source.squared_distance_bound(), std::numeric_limits<double>::infinity());
  double lo = 0.0;
  double hi = bound;
  if (static_cast<std::size_t>(m) > max_collect) {
    // First guess from a deterministic sample of pairs, widened by five
    // standard errors of a sample quantile.
    samples = std::clamp<std::int64_t>(samples, 1, m);
    std::vector<double> sample;
    sample.reserve(static_cast<std::size_t>(samples));
    std::uint64_t state = 0x5eed5eed5eedULL;
    while (static_cast<std::int64_t>(sample.size()) < samples) {
      const auto i = static_cast<Eigen::Index>(splitmix64(state) % static_cast<std::uint64_t>(n));
      const auto j = static_cast<Eigen::Index>(splitmix64(state) % static_cast<std::uint64_t>(n));
      if (i != j) sample.push_back(source.squared_distance(i, j));
    }
    std::sort(sample.begin(), sample.end());
    const double margin = 5.0 / std::sqrt(static_cast<double>(samples));
    auto at = [&](double q) {
      const auto index = static_cast<std::int64_t>(q * static_cast<double>(samples));
      return sample[static_cast<std::size_t>(std::clamp<std::int64_t>(index, 0, samples - 1))];
    };
    const double q1 =
        static_cast<double>(std::max<std::int64_t>(t.first, 0)) / static_cast<double>(m);
    const double q2 = static_cast<double>(t.second) / static_cast<double>(m);
    if (q1 - margin > 0) lo = at(q1 - margin);
    if (q2 + margin < 1) hi = std::nextafter(at(q2 + margin), bound);
  }

  double next = 0.0;
  bool has_next = false;
  if (t.first < 0) {  // the lower middle entry is a diagonal zero
    return 0.5 * order_statistic(source, grid, workers, max_collect, t.second, lo, hi, bound, &next,
                                 &has_next);
  }
  const double a =
      order_statistic(source, grid, workers, max_collect, t.first, lo, hi, bound, &next, &has_next);
  if (t.second == t.first) return a;
  if (has_next) return 0.5 * (a + next);
  double unused = 0.0;
  return 0.5 * (a + order_statistic(source, grid, workers, max_collect, t.second, lo, hi, bound,
                                    &unused, &has_next));
}

}  // namespace repsim
