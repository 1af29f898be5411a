#!/usr/bin/env bash
# The README's Quick start, one command each for the main job and the tests:
#   bash scripts/quickstart.sh demo   # the demo report on the embedded MNIST digits
#   bash scripts/quickstart.sh test   # every check and test (what CI runs)
# On a fresh Debian/Ubuntu machine it first installs what is missing: system
# packages with apt (sudo when not root), then the npm dependencies (npm ci,
# which also builds the native addon and the TypeScript).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-demo}"
case "$what" in
  demo | test) ;;
  *)
    echo "usage: bash scripts/quickstart.sh demo|test" >&2
    exit 2
    ;;
esac

missing=()
have() { command -v "$1" >/dev/null 2>&1; }
# The native build (node-gyp): a compiler, make, python3 and Eigen's headers.
have g++ || missing+=(g++)
have make || missing+=(make)
have python3 || missing+=(python3)
[ -f /usr/include/eigen3/Eigen/Core ] || [ -n "${EIGEN3_INCLUDE_DIR:-}" ] || missing+=(libeigen3-dev)
# Heatmap PNGs need a font.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ "$what" = test ]; then
  # The C++ unit tests, the format check, the report opened in a real browser,
  # and a real Redis for the queue tests.
  have cmake || missing+=(cmake)
  have clang-format || missing+=(clang-format)
  [ -f /usr/include/doctest/doctest.h ] || missing+=(doctest-dev)
  have chromium || missing+=(chromium)
  # repsim/distributed's tests start their own redis-server (on a socket in a temp dir).
  have redis-server || missing+=(redis-server)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "quickstart: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

# npm ci unless node_modules is already installed from this lockfile and built.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
  [ ! -f dist/cjs/index.js ]; then
  # onnxruntime-node (a dev dependency for repsim/onnx's tests) would download
  # CUDA binaries from NuGet in its postinstall; its CPU build is in the package.
  ONNXRUNTIME_NODE_INSTALL=skip npm ci
fi

if [ "$what" = demo ]; then
  npm run demo
else
  npm test
fi
