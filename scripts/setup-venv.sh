#!/usr/bin/env bash
# Creates .venv with the Python tools the tests use as independent references
# (numpy, onnx, onnxruntime). Python serves tests and tooling only; the
# compiler and runtime are C++.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import numpy, onnx, onnxruntime" 2>/dev/null; then
  echo "setup-venv: $venv ready"
  exit 0
fi
/usr/bin/python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q -r "$root/scripts/requirements.txt"
echo "setup-venv: $venv ready"
