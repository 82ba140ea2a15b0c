// --serialize-cuda works on a gpu.module that does not mention NVVM itself:
// the backend loads the dialects it needs (this used to crash).
// RUN: octet-translate --serialize-cuda --cuda-arch=sm_80 %s | FileCheck %s

// CHECK: .target sm_80
// CHECK: .visible .entry k(
module attributes {gpu.container_module} {
  gpu.module @m {
    gpu.func @k(%x: memref<4xf32>) kernel {
      gpu.return
    }
  }
}
