#include "similarity_options.hpp"

#include "convert.hpp"

namespace repsim::binding {
namespace {

KernelKind parse_kernel(const std::string& kernel) {
  if (kernel == "linear") return KernelKind::Linear;
  if (kernel == "rbf") return KernelKind::Rbf;
  if (kernel == "polynomial") return KernelKind::Polynomial;
  throw_internal("unknown kernel '" + kernel + "'");
}

CkaForm parse_form(const std::string& form) {
  if (form == "auto") return CkaForm::Auto;
  if (form == "feature") return CkaForm::FeatureSpace;
  if (form == "gram") return CkaForm::Gram;
  throw_internal("unknown CKA form '" + form + "'");
}

}  // namespace

SimilarityOptions similarity_options(const Napi::Value& value) {
  const Napi::Object options = options_arg(value);
  SimilarityOptions o;
  o.kernel.kind = parse_kernel(string_option(options, "kernel", "linear"));
  o.kernel.threshold = number_option(options, "threshold", o.kernel.threshold);
  o.kernel.sigma = number_option(options, "sigma", o.kernel.sigma);
  o.kernel.degree = int_option(options, "degree", o.kernel.degree);
  o.kernel.gamma = number_option(options, "gamma", o.kernel.gamma);
  o.kernel.coef0 = number_option(options, "coef0", o.kernel.coef0);
  o.debiased = bool_option(options, "debiased", o.debiased);
  o.form = parse_form(string_option(options, "form", "auto"));
  o.threads = int_option(options, "threads", o.threads);
  o.budget.max_bytes = number_option(options, "maxMemoryBytes", o.budget.max_bytes);
  return o;
}

const char* form_name(CkaForm form) {
  return form == CkaForm::FeatureSpace ? "feature" : form == CkaForm::Gram ? "gram" : "auto";
}

}  // namespace repsim::binding
