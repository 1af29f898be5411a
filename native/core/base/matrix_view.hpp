// A read-only, non-owning view of a row-major activation matrix
// (rows = examples, columns = features) in float32 or float64. The core reads
// caller memory in place through Eigen::Map and never copies or modifies it.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <utility>

namespace repsim {

enum class DType { Float32, Float64 };

struct MatrixView {
  const void* data = nullptr;
  Eigen::Index rows = 0;
  Eigen::Index cols = 0;
  DType dtype = DType::Float64;
  // The argument's name as the caller knows it ("x", "y"), used in messages.
  std::string name;
};

template <typename T>
using RowMajorMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <typename T>
using ConstRowMajorMap = Eigen::Map<const RowMajorMatrix<T>>;

// Calls f with a typed Eigen map of the view: the one place where the runtime
// dtype becomes a compile-time type.
template <typename F>
decltype(auto) visit_typed(const MatrixView& view, F&& f) {
  if (view.dtype == DType::Float32) {
    return std::forward<F>(f)(
        ConstRowMajorMap<float>(static_cast<const float*>(view.data), view.rows, view.cols));
  }
  return std::forward<F>(f)(
      ConstRowMajorMap<double>(static_cast<const double*>(view.data), view.rows, view.cols));
}

}  // namespace repsim
