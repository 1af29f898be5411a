// The plumbing every binding shares: parse matrices and options on the main
// thread, run the computation (sync or on the thread pool), convert the
// result. Pair functions take (x, y, options, async); list functions take
// (layers, options, async).
#pragma once

#include <napi.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "run_task.hpp"
#include "similarity_options.hpp"

namespace repsim::binding {

template <typename Options>
struct PairArgsOf {
  MatrixView x;
  MatrixView y;
  Options options;
};
using PairArgs = PairArgsOf<SimilarityOptions>;

template <typename Options>
struct ListArgsOf {
  std::vector<MatrixView> layers;
  Options options;
};
using ListArgs = ListArgsOf<SimilarityOptions>;

// parse_options(value) turns the options argument into the core's struct.
template <typename Result, typename ParseOptions, typename Compute, typename ToJs>
Napi::Value run_pair_task_with(const Napi::CallbackInfo& info, const char* x_name,
                               const char* y_name, ParseOptions parse_options, Compute compute,
                               ToJs to_js) {
  using Args = PairArgsOf<decltype(parse_options(info[2]))>;
  return run_parsed_task<Result>(
      info, 3,
      [&] {
        return Args{matrix_arg(info[0], x_name), matrix_arg(info[1], y_name),
                    parse_options(info[2])};
      },
      std::move(compute), std::move(to_js));
}

template <typename Result, typename Compute, typename ToJs>
Napi::Value run_pair_task(const Napi::CallbackInfo& info, const char* x_name, const char* y_name,
                          Compute compute, ToJs to_js) {
  return run_pair_task_with<Result>(info, x_name, y_name, similarity_options, std::move(compute),
                                    std::move(to_js));
}

// The layers of a layer-matrix call, A's then B's, as its options say:
// {rowsA: A's layer count, within: B = A (none given)}.
struct LayerPair {
  std::size_t rows_a = 0;
  bool within = false;

  static LayerPair from(const Napi::Value& options) {
    const Napi::Object o = options_arg(options);
    return {static_cast<std::size_t>(non_negative_integer(o.Get("rowsA"), "rowsA", 1 << 20)),
            o.Get("within").ToBoolean().Value()};
  }
  // A's layers and B's (empty with `within`).
  std::pair<std::vector<MatrixView>, std::vector<MatrixView>> split(
      const std::vector<MatrixView>& layers) const {
    const auto at = static_cast<std::ptrdiff_t>(std::min(rows_a, layers.size()));
    return {{layers.begin(), layers.begin() + at}, {layers.begin() + at, layers.end()}};
  }
};

template <typename Result, typename ParseOptions, typename Compute, typename ToJs>
Napi::Value run_list_task_with(const Napi::CallbackInfo& info, ParseOptions parse_options,
                               Compute compute, ToJs to_js) {
  using Args = ListArgsOf<decltype(parse_options(info[1]))>;
  return run_parsed_task<Result>(
      info, 2,
      [&] {
        return Args{matrix_list_arg(info[0], "layers"), parse_options(info[1])};
      },
      std::move(compute), std::move(to_js));
}

template <typename Result, typename Compute, typename ToJs>
Napi::Value run_list_task(const Napi::CallbackInfo& info, Compute compute, ToJs to_js) {
  return run_list_task_with<Result>(info, similarity_options, std::move(compute), std::move(to_js));
}

}  // namespace repsim::binding
