#include "matrix_result.hpp"

#include "similarity_options.hpp"

namespace repsim::binding {

Napi::Float64Array float64_array(Napi::Env env, const Eigen::MatrixXd& m) {
  Napi::Float64Array out = Napi::Float64Array::New(env, static_cast<size_t>(m.size()));
  Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      out.Data(), m.rows(), m.cols()) = m;
  return out;
}

Napi::Value matrix_to_js(Napi::Env env, const MatrixResult& result) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("values", float64_array(env, result.values));
  out.Set("rows", static_cast<double>(result.values.rows()));
  out.Set("cols", static_cast<double>(result.values.cols()));
  out.Set("form", form_name(result.form));
  return out;
}

}  // namespace repsim::binding
