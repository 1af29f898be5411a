// The named measures of this folder, under the names the metric registry
// gives them (lib/metrics/registry.ts): one table that the binding, the
// layer-matrix loop and the resampling all read, so that a new pair measure
// is one function and one row here (plus its registry entry).
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "base/matrix_view.hpp"
#include "measures/measure_options.hpp"

namespace repsim {

using PairMeasure = double (*)(const MatrixView& x, const MatrixView& y,
                               const MeasureOptions& options);
// Bytes a measure allocates for x and y: its copies, decompositions, tiles
// and lists (checked against maxMemoryBytes before it starts).
using MeasureBytes = double (*)(const MatrixView& x, const MatrixView& y,
                                const MeasureOptions& options);

struct MeasureEntry {
  const char* name;
  PairMeasure value;
  MeasureBytes working_bytes;
};

// Every measure of the table, in registry order.
const std::vector<MeasureEntry>& measure_table();

// The entry named `name`; BAD_OPTION naming the known ones otherwise.
const MeasureEntry& measure_named(const std::string& name);

// The measure of x against y; MEMORY_LIMIT first when its working memory
// does not fit options.budget.
double pair_measure(const std::string& name, const MatrixView& x, const MatrixView& y,
                    const MeasureOptions& options);

// Every cell a[i] x b[j] (with `within`, a[i] x a[j]), cells split over the
// threads (each computed single-threaded), progress counted per cell.
Eigen::MatrixXd layer_measure(const std::string& name, const std::vector<MatrixView>& a,
                              const std::vector<MatrixView>& b, bool within,
                              const MeasureOptions& options);

}  // namespace repsim
