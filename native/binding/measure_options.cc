#include "measure_options.hpp"

#include <string>

#include "convert.hpp"

namespace repsim::binding {

MeasureOptions measure_options(const Napi::Value& value) {
  const Napi::Object options = options_arg(value);
  MeasureOptions out;
  out.threads = int_option(options, "threads", out.threads);
  out.budget.max_bytes = number_option(options, "maxMemoryBytes", out.budget.max_bytes);
  out.alpha = number_option(options, "alpha", out.alpha);
  out.euclidean =
      string_option(options, "distance", out.euclidean ? "euclidean" : "angular") == "euclidean";
  out.lambda = number_option(options, "lambda", out.lambda);
  out.t = number_option(options, "t", out.t);
  out.k = int_option(options, "k", out.k);
  out.normalize = bool_option(options, "normalize", out.normalize);
  const std::string inner = string_option(options, "inner", "correlation");
  out.inner = inner == "euclidean" ? RsmInner::Euclidean
              : inner == "cosine"  ? RsmInner::Cosine
                                   : RsmInner::Correlation;
  const std::string outer = string_option(options, "outer", "spearman");
  out.outer = outer == "pearson"   ? RsmOuter::Pearson
              : outer == "kendall" ? RsmOuter::Kendall
                                   : RsmOuter::Spearman;
  out.norm = string_option(options, "norm", "spectral") == "frobenius" ? RsmNorm::Frobenius
                                                                       : RsmNorm::Spectral;
  return out;
}

}  // namespace repsim::binding
