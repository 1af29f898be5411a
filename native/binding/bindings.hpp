// The functions the addon exports, one per metric entry point. Each takes
// matrices as {data, rows, cols}, an options object and an `async` flag, and
// returns a plain object (or a Promise of one when async is true).
#pragma once

#include <napi.h>

namespace repsim::binding {

Napi::Value LinearCka(const Napi::CallbackInfo& info);
Napi::Value KernelCka(const Napi::CallbackInfo& info);
Napi::Value CkaFromGrams(const Napi::CallbackInfo& info);
// layerSimilarity(layers, options, async) -> {values, rows, cols, form}: CKA of all pairs.
Napi::Value LayerSimilarity(const Napi::CallbackInfo& info);
// minibatchHsic(layers, options, async) -> {values, rows, cols}: HSIC_1 of all pairs.
Napi::Value MinibatchHsic(const Napi::CallbackInfo& info);

// cca / svcca / pwcca / procrustes(x, y, options, async): see cca_options.hpp
// for the options and the result of cca and svcca; pwcca returns
// {similarity, distance, rho, weights}, procrustes {distance, similarity}.
Napi::Value Cca(const Napi::CallbackInfo& info);
Napi::Value Svcca(const Napi::CallbackInfo& info);
Napi::Value Pwcca(const Napi::CallbackInfo& info);
Napi::Value Procrustes(const Napi::CallbackInfo& info);
// fourierCca(xMap, yMap, options, async): maps are {data, rows, cols, height,
// width, channels} in NHWC order; returns cca's result plus
// {frequencyMeanRho, frequencyHeight, frequencyWidth}.
Napi::Value FourierCca(const Napi::CallbackInfo& info);
// layerCca(layers, options, async): options as cca's plus metric:
// 'cca'|'svcca'|'pwcca'|'procrustes'; returns {values, rows, cols, form}.
Napi::Value LayerCca(const Napi::CallbackInfo& info);

// measure(x, y, {measure, ...measure options}, async) -> number: a measure of
// the measure table (native/core/measures) by its registry name.
Napi::Value Measure(const Napi::CallbackInfo& info);
// layerMeasure(layers, {measure, ...options, rowsA, within}, async) ->
// {values, rows, cols}: that measure for every cell; layers are A's then B's.
Napi::Value LayerMeasure(const Napi::CallbackInfo& info);

// knnEntropy(x, options, async): see entropy_binding.cc.
Napi::Value KnnEntropy(const Napi::CallbackInfo& info);
// converterRatio(source, target, options, async): see entropy_binding.cc.
Napi::Value ConverterRatio(const Napi::CallbackInfo& info);

// resample(x, y, options, async) -> {value, values, route}: the metric on x
// and y, and on `count` seeded permutations of y's rows or bootstrap draws of
// both; options are the similarity options plus family: 'cka', or the CCA
// options plus family: 'cca' and metric; then kind, count, seed.
Napi::Value Resample(const Napi::CallbackInfo& info);
// resampleLayers(layers, options, async) -> {rows, cols, value, values,
// routes, gramsBuilt}: `resample` for every cell of a layer matrix, each
// layer's Gram built once; layers are A's then B's, options as resample's plus
// rowsA (A's layer count) and within (B = A, none given). `values` is
// cells x count, cell-major.
Napi::Value ResampleLayers(const Napi::CallbackInfo& info);
// resampleIndices(kind, n, seed, first, count) -> Uint32Array, count x n: the
// index sets `resample` uses, for metrics computed in JavaScript.
Napi::Value ResampleIndices(const Napi::CallbackInfo& info);
// withoutPrincipalComponents(x, {drop, threads, maxMemoryBytes}, async) ->
// {data, rows, cols, removedVariance}.
Napi::Value WithoutPrincipalComponents(const Napi::CallbackInfo& info);

// scratchMemory(limitBytes?): sets the retention limit when given; returns
// {retainedBytes, limitBytes}.
Napi::Value ScratchMemory(const Napi::CallbackInfo& info);

}  // namespace repsim::binding
