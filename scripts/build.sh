#!/usr/bin/env bash
# Configures and builds Octet in ./build (Release, Ninja). Extra arguments go
# to CMake, e.g. scripts/build.sh -DOCTET_ENABLED_TARGETS=opencl
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${OCTET_BUILD_DIR:-$root/build}"
cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DOCTET_PYTHON="$root/.venv/bin/python" "$@"
cmake --build "$build"
