// Runs a core computation either on the calling thread (the Sync API) or on
// libuv's thread pool behind a Promise, with one error translation for both.
//
// The computation must not touch JavaScript: it receives plain C++ inputs
// (views into typed arrays; for a Promise call, into copies of them that the
// task owns, see input_copies.hpp) and returns a plain C++ result that `to_js`
// converts on the main thread.
#pragma once

#include <napi.h>

#include <functional>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "base/error.hpp"
#include "cancel_registry.hpp"
#include "convert.hpp"
#include "input_copies.hpp"

namespace repsim::binding {

struct Failure {
  std::string code;
  std::string message;
};

// Calls `work` and turns any exception into a coded Failure.
template <typename Result>
bool capture(const std::function<Result()>& work, Result& result, Failure& failure) {
  try {
    result = work();
    return true;
  } catch (const Error& e) {
    failure = {error_code_name(e.code()), e.what()};
  } catch (const std::bad_alloc&) {
    failure = {"MEMORY_LIMIT",
               "out of memory: the computation needs more memory than is available; use fewer "
               "examples or features, or compute in smaller batches"};
  } catch (const std::exception& e) {
    failure = {"INTERNAL", std::string("internal error in repsim: ") + e.what()};
  }
  return false;
}

// The copies a call's inputs are read into: one set for a Promise call, none
// for a Sync call (which reads them in place).
inline std::shared_ptr<InputCopies> input_copies_for(bool async) {
  return async ? std::make_shared<InputCopies>() : nullptr;
}

// Runs argument parsing on the main thread, reading matrices into `inputs`
// when given; core errors become coded JS errors.
template <typename Parse>
auto parse_args(Napi::Env env, Parse&& parse, InputCopies* inputs = nullptr) -> decltype(parse()) {
  try {
    const CopyInputsInto scope(inputs);
    return parse();
  } catch (const Error& e) {
    throw coded_error(env, error_code_name(e.code()), e.what());
  } catch (const std::bad_alloc&) {
    throw coded_error(env, "MEMORY_LIMIT",
                      "out of memory copying the inputs of a Promise call; use the Sync form, "
                      "which reads them in place, or smaller inputs");
  }
}

template <typename Result>
class TaskWorker : public Napi::AsyncWorker {
 public:
  TaskWorker(Napi::Env env, double cancel_id, std::function<Result()> work,
             std::function<Napi::Value(Napi::Env, const Result&)> to_js,
             std::shared_ptr<const InputCopies> inputs)
      : Napi::AsyncWorker(env, "repsim"),
        deferred_(Napi::Promise::Deferred::New(env)),
        work_(std::move(work)),
        to_js_(std::move(to_js)),
        inputs_(std::move(inputs)),
        registry_(cancel_registry(env)),
        registration_(registry_->add(cancel_id)),
        cancel_(registration_->flag) {}

  Napi::Promise promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    const CancelScope scope(cancel_.get());
    ok_ = capture(work_, result_, failure_);
  }

  void OnOK() override {
    Napi::Env env = Env();
    registry_->finish(registration_);
    try {
      if (ok_) {
        deferred_.Resolve(to_js_(env, result_));
      } else {
        deferred_.Reject(coded_error(env, failure_.code, failure_.message).Value());
      }
    } catch (const Napi::Error&) {
      // JavaScript cannot run any more (a worker_thread terminated, the
      // process exiting): there is no one left to settle the Promise for,
      // and an exception escaping here would abort the whole process.
    }
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::function<Result()> work_;
  std::function<Napi::Value(Napi::Env, const Result&)> to_js_;
  std::shared_ptr<const InputCopies> inputs_;  // what work_ reads
  std::shared_ptr<CancelRegistry> registry_;
  CancelRegistry::Handle registration_;
  std::shared_ptr<CancelFlag> cancel_;  // polled by the work; outlives the registration
  Result result_{};
  Failure failure_;
  bool ok_ = false;
};

template <typename Result>
Napi::Value run_task(Napi::Env env, TaskMode mode, std::function<Result()> work,
                     std::function<Napi::Value(Napi::Env, const Result&)> to_js,
                     std::shared_ptr<const InputCopies> inputs) {
  if (mode.async) {
    auto* worker = new TaskWorker<Result>(env, mode.cancel_id, std::move(work), std::move(to_js),
                                          std::move(inputs));
    const Napi::Promise promise = worker->promise();
    worker->Queue();  // the worker deletes itself when done
    return promise;
  }
  Result result{};
  Failure failure;
  if (!capture(work, result, failure)) throw coded_error(env, failure.code, failure.message);
  return to_js(env, result);
}

// The whole of one call: its mode from argument `mode_arg` (see task_mode);
// parse() on the main thread, reading matrices into the call's own copies
// when it is a Promise call; compute(args) synchronously or on libuv's pool;
// to_js on the main thread. Every binding goes through here, so no Promise
// call can read memory its caller still owns.
template <typename Result, typename Parse, typename Compute, typename ToJs>
Napi::Value run_parsed_task(const Napi::CallbackInfo& info, std::size_t mode_arg, Parse&& parse,
                            Compute compute, ToJs to_js) {
  const TaskMode mode = task_mode(info[mode_arg]);
  const auto inputs = input_copies_for(mode.async);
  auto args = parse_args(info.Env(), std::forward<Parse>(parse), inputs.get());
  return run_task<Result>(
      info.Env(), mode, [args = std::move(args), compute] { return compute(args); },
      std::move(to_js), inputs);
}

}  // namespace repsim::binding
