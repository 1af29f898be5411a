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
  LayerPair layers;
};

LayerMeasureCall layer_measure_call(const Napi::Value& value) {
  return {measure_call(value), LayerPair::from(value)};
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
        const auto [rows, columns] = c.layers.split(a.layers);
        return MatrixResult{
            layer_measure(c.measure.name, rows, columns, c.layers.within, c.measure.options),
            CkaForm::Auto};
      },
      matrix_to_js);
}

}  // namespace repsim::binding
