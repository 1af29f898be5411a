// Options of the measures in the measure table (measure_table.hpp): one flat
// struct, each measure reading the members its header names. The member
// initialisers are the defaults every binding and test uses.
#pragma once

#include "base/memory_budget.hpp"

namespace repsim {

struct MeasureOptions {
  int threads = 0;  // 0: every core
  MemoryBudget budget;
  // shape-metric (Williams et al. 2021): partial whitening, 1 = rotations
  // only (Procrustes) .. 0 = any invertible linear map (CCA-like), and the
  // ground metric, angular (arc length) or Euclidean.
  double alpha = 1.0;
  bool euclidean = false;
  // gulp (Boix-Adsera et al. 2022): ridge lambda >= 0.
  double lambda = 0.0;
  // uniformity-difference (Wang & Isola 2020): temperature t > 0.
  double t = 2.0;
};

}  // namespace repsim
