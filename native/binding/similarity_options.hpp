// The options object every similarity function shares, as the core's struct:
// {kernel: 'linear'|'rbf'|'polynomial', threshold, sigma, degree, gamma,
//  coef0, debiased, form: 'auto'|'feature'|'gram', threads, maxMemoryBytes}.
// The TypeScript layer has validated names and ranges already.
#pragma once

#include <napi.h>

#include "cka/similarity.hpp"

namespace repsim::binding {

SimilarityOptions similarity_options(const Napi::Value& value);

const char* form_name(CkaForm form);

}  // namespace repsim::binding
