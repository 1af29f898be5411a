// Which kernel turns activations into a Gram matrix.
#pragma once

namespace repsim {

enum class KernelKind {
  Linear,      // k(x, y) = <x - mean, y - mean>
  Rbf,         // k(x, y) = exp(-|x - y|^2 / (2 sigma^2))
  Polynomial,  // k(x, y) = (gamma <x, y> + coef0)^degree, on the raw activations
};

struct KernelSpec {
  KernelKind kind = KernelKind::Linear;
  // RBF bandwidth: sigma^2 = threshold^2 * median of all n^2 squared distances
  // (Kornblith et al.'s convention), unless sigma > 0 fixes it.
  double threshold = 1.0;
  double sigma = 0.0;
  // Polynomial: gamma <= 0 means 1 / features (scikit-learn's default).
  int degree = 3;
  double gamma = 0.0;
  double coef0 = 1.0;
};

}  // namespace repsim
