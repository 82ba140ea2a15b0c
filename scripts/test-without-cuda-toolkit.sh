#!/usr/bin/env bash
# Runs the whole test suite (about 40 s on 2 cores) once more with the CUDA
# toolkit out of sight, as on a user's machine without one: CUDA_HOME,
# CUDA_PATH and CUDA_ROOT unset, no CUDA directory on PATH, ptxas taken from
# the project venv (PyPI's nvidia-cuda-nvcc) and, where the kernel lets us,
# /usr/local/cuda hidden behind an empty directory in a private mount
# namespace. scripts/test.sh (and so CI) calls it after the full run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${OCTET_BUILD_DIR:-$root/build}"
lit=/usr/lib/llvm-22/bin/lit

ptxas=$(compgen -G "$root/.venv/lib/python3*/site-packages/nvidia/cu*/bin/ptxas" | head -n1 || true)
if [ -z "$ptxas" ]; then
  echo "test-without-cuda-toolkit: no ptxas in $root/.venv (run scripts/setup-venv.sh)" >&2
  exit 1
fi
# PATH without any CUDA directory.
path=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -i cuda | paste -sd: -)

run_tests() {
  env -u CUDA_HOME -u CUDA_PATH -u CUDA_ROOT PATH="$path" OCTET_PTXAS="$ptxas" \
    "$lit" -sv "$build/test"
}

toolkit_env=""
for variable in CUDA_HOME CUDA_PATH CUDA_ROOT; do
  [ -n "${!variable:-}" ] && toolkit_env+=" $variable"
done
if [ ! -e /usr/local/cuda ] && [ -z "$toolkit_env" ] && [ "$path" = "$PATH" ]; then
  echo "test-without-cuda-toolkit: no CUDA toolkit on this machine; the full run has already shown it"
  exit 0
fi

export -f run_tests
export build lit ptxas path
if [ ! -e /usr/local/cuda ]; then
  echo "test-without-cuda-toolkit: no /usr/local/cuda; unsetting${toolkit_env:- nothing} and CUDA directories on PATH"
  run_tests
  exit
fi

empty=$(mktemp -d)
trap 'rmdir "$empty"' EXIT
hide="mount --bind '$empty' /usr/local/cuda && test -z \"\$(ls -A /usr/local/cuda)\""
# A private mount namespace: as root, or as anyone through a user namespace.
for namespace in "--mount" "--map-root-user --mount"; do
  # shellcheck disable=SC2086
  if unshare $namespace --propagation private bash -c "$hide" 2>/dev/null; then
    echo "test-without-cuda-toolkit: /usr/local/cuda hidden behind an empty directory (unshare $namespace)"
    # shellcheck disable=SC2086
    exec unshare $namespace --propagation private bash -c "$hide && run_tests"
  fi
done
echo "test-without-cuda-toolkit: cannot make a mount namespace here; /usr/local/cuda stays" \
  "visible, the environment points away from it"
run_tests
