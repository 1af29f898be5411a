// CCA of two conv feature maps through the 2-D DFT (Raghu et al. 2017, seed
// 001; google/svcca dft_ccas.py). Applying the same 2-D DFT to every channel
// makes the covariances of translation-invariant data block-diagonal by
// spatial frequency, so CCA splits into one c1 x c2 complex CCA per
// frequency instead of one (h w c1) x (h w c2) CCA. The pooled canonical
// correlations equal the flattened CCA's exactly when the dataset is closed
// under circular shifts, and approximate it for natural images.
// Maps of different sizes keep the frequencies they share (numpy fftfreq
// order, f in [-m/2, m/2) for the smaller size m), as dft_ccas.fft_resize.
#pragma once

#include <Eigen/Core>

#include "base/matrix_view.hpp"
#include "cca/cca.hpp"

namespace repsim {

// NHWC activations: data.rows examples, data.cols = height * width * channels.
struct FeatureMapView {
  MatrixView data;
  Eigen::Index height = 0;
  Eigen::Index width = 0;
  Eigen::Index channels = 0;
};

struct FourierCcaResult {
  CcaResult pooled;                    // every frequency's rho, descending; dims summed
  Eigen::MatrixXd frequency_mean_rho;  // mean rho per frequency (0 where a block has no variance)
};

FourierCcaResult fourier_cca(const FeatureMapView& x, const FeatureMapView& y,
                             const CcaOptions& options);

}  // namespace repsim
