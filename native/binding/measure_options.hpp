// The options object of the measure table's measures, as the core's struct:
// {threads, maxMemoryBytes, alpha, distance: 'angular'|'euclidean', lambda,
//  t, inner: 'correlation'|'cosine'|'euclidean', outer: 'spearman'|'pearson',
//  norm: 'spectral'|'frobenius'}. The TypeScript layer has validated names and ranges already.
#pragma once

#include <napi.h>

#include "measures/measure_options.hpp"

namespace repsim::binding {

MeasureOptions measure_options(const Napi::Value& value);

}  // namespace repsim::binding
