#!/usr/bin/env bash
# Installs what building and testing Octet needs on Debian 12 (run as root):
# LLVM/MLIR 22, ONNX and protobuf, FlatBuffers, GoogleTest, CLI11, OpenCL
# (ICD loader + PoCL's CPU device), CMake and Ninja. Skips apt entirely when
# everything is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git python3 python3-venv
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools
  libonnx-dev libonnx-testdata libprotobuf-dev protobuf-compiler
  libflatbuffers-dev flatbuffers-compiler
  libgtest-dev libgmock-dev libcli11-dev
  ocl-icd-opencl-dev opencl-headers pocl-opencl-icd clinfo
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q "${missing[@]}"
