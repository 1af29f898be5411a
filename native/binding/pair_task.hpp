// The plumbing every binding shares: parse matrices and options on the main
// thread, run the computation (sync or on the thread pool), convert the
// result. Pair functions take (x, y, options, async); list functions take
// (layers, options, async).
#pragma once

#include <napi.h>

#include <utility>
#include <vector>

#include "convert.hpp"
#include "run_task.hpp"
#include "similarity_options.hpp"

namespace repsim::binding {

struct PairArgs {
  MatrixView x;
  MatrixView y;
  SimilarityOptions options;
};

struct ListArgs {
  std::vector<MatrixView> layers;
  SimilarityOptions options;
};

template <typename Result, typename Compute, typename ToJs>
Napi::Value run_pair_task(const Napi::CallbackInfo& info, const char* x_name, const char* y_name,
                          Compute compute, ToJs to_js) {
  const PairArgs args = parse_args(info.Env(), [&] {
    return PairArgs{matrix_arg(info[0], x_name), matrix_arg(info[1], y_name),
                    similarity_options(info[2])};
  });
  return run_task<Result>(
      info.Env(), info[3].ToBoolean().Value(), [args, compute] { return compute(args); },
      std::move(to_js),
      {info[0].As<Napi::Object>().Get("data"), info[1].As<Napi::Object>().Get("data")});
}

template <typename Result, typename Compute, typename ToJs>
Napi::Value run_list_task(const Napi::CallbackInfo& info, Compute compute, ToJs to_js) {
  const ListArgs args = parse_args(info.Env(), [&] {
    return ListArgs{matrix_list_arg(info[0], "layers"), similarity_options(info[1])};
  });
  return run_task<Result>(
      info.Env(), info[2].ToBoolean().Value(), [args, compute] { return compute(args); },
      std::move(to_js), matrix_list_data(info[0]));
}

}  // namespace repsim::binding
