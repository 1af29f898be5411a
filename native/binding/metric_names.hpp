// The names JavaScript gives the metrics the binding dispatches on by name,
// next to the core's enum for each: the C++ side of lib/metrics/registry.ts
// (test/metrics/registry.test.ts checks that the two agree). The CKA family is
// dispatched by its options (kernel, debiased), not by name.
#pragma once

#include <string_view>

#include "cca/layer_cca.hpp"

namespace repsim::binding {

struct CcaMetricName {
  std::string_view name;
  LayerCcaMetric metric;
};

inline constexpr CcaMetricName kCcaMetricNames[] = {
    {"cca", LayerCcaMetric::MeanRho},
    {"svcca", LayerCcaMetric::Svcca},
    {"pwcca", LayerCcaMetric::Pwcca},
    {"procrustes", LayerCcaMetric::Procrustes},
};

}  // namespace repsim::binding
