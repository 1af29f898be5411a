// Results that are matrices or vectors of numbers, as JavaScript sees them.
#pragma once

#include <napi.h>

#include <Eigen/Core>

#include "cka/similarity.hpp"

namespace repsim::binding {

// A Float64Array of m's values in row-major order (a vector as it is).
Napi::Float64Array float64_array(Napi::Env env, const Eigen::MatrixXd& m);

// A layer x layer matrix and the path that produced it.
struct MatrixResult {
  Eigen::MatrixXd values;
  CkaForm form = CkaForm::Auto;
};

// {values: Float64Array (row-major, rows x cols), rows, cols, form}
Napi::Value matrix_to_js(Napi::Env env, const MatrixResult& result);

}  // namespace repsim::binding
