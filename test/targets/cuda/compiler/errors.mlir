// RUN: not octet-translate --serialize-cuda --cuda-arch=sm_12 %S/Inputs/kernels.mlir 2>&1 | FileCheck %s --check-prefix=ARCH
// RUN: not octet-translate --serialize-cuda --cuda-arch=compute_90 %S/Inputs/kernels.mlir 2>&1 | FileCheck %s --check-prefix=ARCH2
// RUN: not octet-translate --serialize-cuda %s 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: not octet-compile %octet_src/test/models/mlp.onnx --target=cuda --cuda-arch=sm_12 -o %t.octet 2>&1 | FileCheck %s --check-prefix=ARCH
// RUN: not test -e %t.octet

// An architecture the backend does not know is an error that lists the known
// ones, and no PTX is printed.
// ARCH: error: unsupported CUDA architecture 'sm_12'; known: sm_80, sm_86, sm_87, sm_89, sm_90, sm_90a, sm_100, sm_120
// ARCH-NOT: .target sm_
// ARCH2: error: unsupported CUDA architecture 'compute_90'; known: sm_80,

// EMPTY: errors.mlir:[[#@LINE+1]]:1: error: no gpu.module to serialize
module attributes {gpu.container_module} {
}
