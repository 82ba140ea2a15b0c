#!/usr/bin/env bash
# Creates .venv with the Python tools the tests use as independent references
# (numpy, onnx, onnxruntime) and NVIDIA's ptxas from PyPI (nvidia-cuda-nvcc),
# with which tests assemble the PTX Octet emits. Python serves tests and
# tooling only; the compiler and runtime are C++ and need none of it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import numpy, onnx, onnxruntime, ml_dtypes" 2>/dev/null &&
  compgen -G "$venv/lib/python3*/site-packages/nvidia/cu*/bin/ptxas" >/dev/null; then
  echo "setup-venv: $venv ready"
  exit 0
fi
[ -x "$venv/bin/python" ] || /usr/bin/python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q -r "$root/scripts/requirements.txt"
echo "setup-venv: $venv ready"
