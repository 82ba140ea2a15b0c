#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs the
# whole test suite (lit: FileCheck tests, GoogleTests, end-to-end numerical
# tests, conformance), then the whole suite again with the CUDA toolkit
# hidden (scripts/test-without-cuda-toolkit.sh). CI runs this (.ci/run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/setup-venv.sh"
"$root/scripts/build.sh"
cmake --build "${OCTET_BUILD_DIR:-$root/build}" --target check-octet
"$root/scripts/test-without-cuda-toolkit.sh"
