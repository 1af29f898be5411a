// Options of the measures in the measure table (measure_table.hpp): one flat
// struct, each measure reading the members its header names. The member
// initialisers are the defaults every binding and test uses.
#pragma once

#include "base/memory_budget.hpp"

namespace repsim {

// How RSA and the RSM measures compare two examples (rows): Pearson
// correlation of the rows, their cosine, or their Euclidean distance.
enum class RsmInner { Correlation, Cosine, Euclidean };
// How RSA compares the two RSMs' off-diagonal entries.
enum class RsmOuter { Spearman, Pearson, Kendall };
// Which norm of the difference of the two distance matrices.
enum class RsmNorm { Spectral, Frobenius };

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
  // rsa: the inner similarity and the outer comparison (ReSi's defaults).
  RsmInner inner = RsmInner::Correlation;
  RsmOuter outer = RsmOuter::Spearman;
  // rsm-norm-difference: ReSi's np.linalg.norm(D, 2) is the spectral norm.
  RsmNorm norm = RsmNorm::Spectral;
  // Neighbourhood measures: neighbours per example; mutual-knn and cknna
  // also L2-normalise the rows first (platonic-rep's pipeline) unless told not to.
  int k = 10;
  bool normalize = true;
};

}  // namespace repsim
