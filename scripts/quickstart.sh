#!/usr/bin/env bash
# Quick start: installs what is missing, builds Octet, compiles the small MLP
# shipped in test/models/, runs it on whatever device is present and checks
# the result against onnxruntime.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${OCTET_BUILD_DIR:-$root/build}"
"$root/scripts/install-deps.sh"
"$root/scripts/setup-venv.sh"
"$root/scripts/build.sh"

work="$build/quickstart"
mkdir -p "$work"
echo "== devices"
"$build/bin/octet-run" --list-devices
echo "== compile test/models/mlp.onnx"
"$build/bin/octet-compile" "$root/test/models/mlp.onnx" -o "$work/mlp.octet"
echo "== run"
"$build/bin/octet-run" "$work/mlp.octet" --input "x=$root/test/models/mlp_input_x.npy" \
  --output-dir "$work/out"
"$root/.venv/bin/python" "$root/scripts/check_reference.py" "$root/test/models/mlp.onnx" \
  "$work/out" "x=$root/test/models/mlp_input_x.npy"
