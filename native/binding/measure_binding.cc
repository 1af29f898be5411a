// measure and layerMeasure: the measure table's measures (see bindings.hpp).
#include <algorithm>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "convert.hpp"
#include "matrix_result.hpp"
#include "measure_options.hpp"
#include "measures/measure_table.hpp"
#include "pair_task.hpp"

namespace repsim::binding {
namespace {

struct MeasureCall {
  std::string name;
  MeasureOptions options;
};

// {measure: name, ...measure options}
MeasureCall measure_call(const Napi::Value& value) {
  return {string_option(options_arg(value), "measure", ""), measure_options(value)};
}

struct LayerMeasureCall {
  MeasureCall measure;
  std::size_t rows_a = 0;
  bool within = false;
};

LayerMeasureCall layer_measure_call(const Napi::Value& value) {
  const Napi::Object options = options_arg(value);
  LayerMeasureCall call{measure_call(value)};
  call.rows_a =
      static_cast<std::size_t>(non_negative_integer(options.Get("rowsA"), "rowsA", 1 << 20));
  call.within = options.Get("within").ToBoolean().Value();
  return call;
}

}  // namespace

Napi::Value Measure(const Napi::CallbackInfo& info) {
  return run_pair_task_with<double>(
      info, "x", "y", measure_call,
      [](const PairArgsOf<MeasureCall>& a) {
        return pair_measure(a.options.name, a.x, a.y, a.options.options);
      },
      [](Napi::Env env, const double& value) { return Napi::Number::New(env, value); });
}

Napi::Value LayerMeasure(const Napi::CallbackInfo& info) {
  return run_list_task_with<MatrixResult>(
      info, layer_measure_call,
      [](const ListArgsOf<LayerMeasureCall>& a) {
        const LayerMeasureCall& c = a.options;
        const auto split = static_cast<std::ptrdiff_t>(std::min(c.rows_a, a.layers.size()));
        const std::vector<MatrixView> rows(a.layers.begin(), a.layers.begin() + split);
        const std::vector<MatrixView> columns(a.layers.begin() + split, a.layers.end());
        return MatrixResult{
            layer_measure(c.measure.name, rows, columns, c.within, c.measure.options),
            CkaForm::Auto};
      },
      matrix_to_js);
}

}  // namespace repsim::binding
