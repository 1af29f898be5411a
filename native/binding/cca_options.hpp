// The options object of the CCA family as the core's structs:
// {epsilon, allowUnderdetermined, threads, maxMemoryBytes,
//  keep: 'variance'|'energy'|'dims', keepValue, weights: 'paper'|'svcca-repo'}.
// The TypeScript layer has validated names and ranges already.
#pragma once

#include <napi.h>

#include "cca/cca.hpp"
#include "cca/layer_cca.hpp"
#include "cca/pwcca.hpp"
#include "cca/whitening_basis.hpp"

namespace repsim::binding {

struct CcaCall {
  CcaOptions options;
  KeepSpec keep;
  PwccaWeights weights = PwccaWeights::Paper;
};

CcaCall cca_call(const Napi::Value& value);

// cca_call plus metric: 'cca'|'svcca'|'pwcca'|'procrustes'.
LayerCcaOptions layer_cca_options(const Napi::Value& value);

// {rho: Float64Array, meanRho, r2, dimsX, dimsY}
Napi::Value cca_result_to_js(Napi::Env env, const CcaResult& result);

}  // namespace repsim::binding
