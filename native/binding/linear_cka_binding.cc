// linearCka(x, y, options, async): x and y are {data, rows, cols} matrices;
// options is {form: 'auto' | 'feature' | 'gram', threads: number}.
#include "bindings.hpp"
#include "convert.hpp"
#include "linear_cka.hpp"
#include "run_task.hpp"

namespace repsim::binding {
namespace {

CkaForm parse_form(const std::string& form) {
  if (form == "auto") return CkaForm::Auto;
  if (form == "feature") return CkaForm::FeatureSpace;
  if (form == "gram") return CkaForm::Gram;
  throw_internal("unknown CKA form '" + form + "'");
}

const char* form_name(CkaForm form) {
  return form == CkaForm::FeatureSpace ? "feature" : form == CkaForm::Gram ? "gram" : "auto";
}

struct Args {
  MatrixView x;
  MatrixView y;
  LinearCkaOptions options;
};

}  // namespace

Napi::Value LinearCka(const Napi::CallbackInfo& info) {
  const Args args = parse_args(info.Env(), [&] {
    const Napi::Object options = options_arg(info[2]);
    return Args{
        matrix_arg(info[0], "x"),
        matrix_arg(info[1], "y"),
        {parse_form(string_option(options, "form", "auto")), int_option(options, "threads", 0)}};
  });
  return run_task<LinearCkaResult>(
      info.Env(), info[3].ToBoolean().Value(),
      [args] { return linear_cka(args.x, args.y, args.options); },
      [](Napi::Env env, const LinearCkaResult& result) {
        Napi::Object out = Napi::Object::New(env);
        out.Set("value", result.value);
        out.Set("form", form_name(result.form));
        return static_cast<Napi::Value>(out);
      },
      {info[0].As<Napi::Object>().Get("data"), info[1].As<Napi::Object>().Get("data")});
}

}  // namespace repsim::binding
