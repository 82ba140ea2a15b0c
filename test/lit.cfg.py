# lit configuration for Octet.
#
# Features tests can REQUIRE:
#   compiler      octet-opt/octet-translate/octet-compile were built
#   ptxas         the CUDA toolkit's ptxas is available (PTX is assembled)
#   opencl        octet-run finds an OpenCL device (PoCL on CI)
#   cuda-device   octet-run finds a CUDA device
#   e2e-python    a Python with numpy, onnx and onnxruntime is configured
#   target-NAME   the build has the backend NAME (target-cuda, target-opencl)
#   mlir-runner   LLVM's mlir-runner and its runtime libraries (runs MLIR on
#                 the host CPU; %mlir_runner_libs names the libraries)
import os
import re
import subprocess

import lit.formats
from lit.llvm import llvm_config

config.name = "Octet"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir", ".onnxtxt", ".test", ".py"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt", "Inputs",
                   "e2e_util.py", "models.py", "make_models.py", "generate.py",
                   "train_digits_cnn.py", "resnet50_model.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.octet_obj_root, "test")

llvm_config.with_system_environment(["HOME", "TMPDIR", "XDG_CACHE_HOME", "PATH"])
# Octet's tools first, then LLVM's (FileCheck, not), then the system's.
llvm_config.with_environment("PATH", [config.octet_tools_dir, config.llvm_tools_dir],
                             append_path=True)
# Kernel caches written by tests stay inside the build tree: Octet's and PoCL's
# (the conformance runner gives each of its parallel jobs a PoCL cache of its
# own, see run_onnx_node_tests.py).
config.environment["OCTET_CACHE_DIR"] = os.path.join(config.test_exec_root, "kernel-cache")
config.environment["POCL_CACHE_DIR"] = os.path.join(config.test_exec_root, "pocl-cache")

config.substitutions.append(("%octet_src", config.octet_source_root))
config.substitutions.append(("%octet_bin", config.octet_tools_dir))

if not config.octet_runtime_only:
    config.available_features.add("compiler")
for target in config.octet_targets:
    config.available_features.add("target-" + target)

if os.path.exists(os.path.join(config.octet_tools_dir, "octet-driver-tests")):
    config.available_features.add("driver-tests")

# OCTET_PTXAS in the environment overrides the ptxas found at configure time
# (scripts/test-without-cuda-toolkit.sh points it at the venv's); if that one
# has gone, the venv's (scripts/setup-venv.sh) is used.
ptxas = os.environ.get("OCTET_PTXAS") or config.octet_ptxas
if not (ptxas and os.path.exists(ptxas)):
    import glob
    found = glob.glob(os.path.join(config.octet_source_root, ".venv", "lib", "python3*",
                                   "site-packages", "nvidia", "cu*", "bin", "ptxas"))
    ptxas = found[0] if found else ""
if ptxas and os.path.exists(ptxas):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
    lit_config.note("PTX is assembled with " + ptxas)
else:
    lit_config.note("tests that assemble PTX are skipped (UNSUPPORTED): no "
                    "ptxas found (scripts/setup-venv.sh installs one)")


runner_libs = [os.path.join(os.path.dirname(config.llvm_tools_dir), "lib", name)
               for name in ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so")]
if os.path.exists(os.path.join(config.llvm_tools_dir, "mlir-runner")) and \
        all(os.path.exists(lib) for lib in runner_libs):
    config.available_features.add("mlir-runner")
    config.substitutions.append(("%mlir_runner_libs", ",".join(runner_libs)))


def list_devices():
    tool = os.path.join(config.octet_tools_dir, "octet-run")
    try:
        # Probe the real drivers, not a test library a developer may have
        # selected with OCTET_CUDA_LIBRARY.
        env = dict(os.environ)
        env.pop("OCTET_CUDA_LIBRARY", None)
        out = subprocess.run([tool, "--list-devices"], capture_output=True,
                             text=True, timeout=60, env=env)
        return out.stdout + out.stderr
    except (OSError, subprocess.SubprocessError):
        return ""


devices = list_devices()
if re.search(r"^\s*opencl:\d", devices, re.M):
    config.available_features.add("opencl")
if re.search(r"^\s*cuda:\d", devices, re.M):
    config.available_features.add("cuda-device")
else:
    reason = re.search(r"driver cuda found no devices: (.*)", devices)
    lit_config.note("CUDA device tests are skipped (UNSUPPORTED): no NVIDIA "
                    "device found" + (": " + reason.group(1) if reason else ""))

python = config.octet_python
if python and os.path.exists(python):
    probe = subprocess.run([python, "-c", "import numpy, onnx, onnxruntime"],
                           capture_output=True)
    if probe.returncode == 0:
        config.available_features.add("e2e-python")
        config.substitutions.append(("%python", python))
if "e2e-python" not in config.available_features:
    lit_config.note("end-to-end tests are skipped: no Python with numpy, onnx "
                    "and onnxruntime (run scripts/setup-venv.sh)")
