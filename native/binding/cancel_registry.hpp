// The Promise calls in flight in one JavaScript environment (the main thread
// or a worker_thread), each with the cancellation flag its computation polls
// (see base/cancellation.hpp). TypeScript gives a call an id when it has an
// AbortSignal, and cancel(id) raises that call's flag; cancelAll() raises
// every flag (TypeScript calls it on process 'exit', which otherwise waits
// for libuv's pool to finish the work). Node waits for in-flight work before
// it runs an environment's cleanup hooks, so a terminated worker_thread's
// calls finish (or stop at their AbortSignal) first. Used only on the
// environment's JavaScript thread.
#pragma once

#include <napi.h>

#include <deque>
#include <list>
#include <memory>

#include "base/cancellation.hpp"

namespace repsim::binding {

class CancelRegistry {
 public:
  struct Entry {
    double id;  // 0: no AbortSignal, reachable only by cancel_all
    std::shared_ptr<CancelFlag> flag = std::make_shared<CancelFlag>();
  };
  using Handle = std::list<Entry>::iterator;

  // [done, total] units of a call.
  struct Progress {
    double done = 0;
    double total = 0;
  };

  Handle add(double id) { return entries_.insert(entries_.end(), Entry{id}); }
  // Removes a finished call, keeping its final progress for progress(id):
  // the caller reads it once the Promise settles, which happens before the
  // next call settles, so the last few finished calls are enough to keep.
  void finish(Handle handle);
  void cancel(double id);
  void cancel_all();
  // The progress of the call `id`, in flight or among the last finished.
  bool progress(double id, Progress& out) const;

 private:
  static constexpr std::size_t kFinishedKept = 64;
  std::list<Entry> entries_;
  std::deque<std::pair<double, Progress>> finished_;
};

// The registry of `env`, created with the addon (see install_cancel_registry).
std::shared_ptr<CancelRegistry> cancel_registry(Napi::Env env);

// Creates `env`'s registry.
void install_cancel_registry(Napi::Env env);

// How a call runs, from its last argument: false = Sync; true = Promise;
// a number > 0 = Promise that cancel(number) can stop.
struct TaskMode {
  bool async = false;
  double cancel_id = 0;
};
TaskMode task_mode(const Napi::Value& value);

// cancel(id): raises the flag of the Promise call with that id, if in flight.
Napi::Value Cancel(const Napi::CallbackInfo& info);

// progress(id): [done, total] units of the Promise call with that id, or undefined.
Napi::Value Progress(const Napi::CallbackInfo& info);

// cancelAll(): raises the flag of every Promise call in flight in this environment.
Napi::Value CancelAll(const Napi::CallbackInfo& info);

}  // namespace repsim::binding
