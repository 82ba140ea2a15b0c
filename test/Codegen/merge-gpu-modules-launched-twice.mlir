// A kernel launched twice is reported as such (not as "not found").
// RUN: not octet-opt %s --octet-merge-gpu-modules 2>&1 | FileCheck %s

// CHECK: merge-gpu-modules-launched-twice.mlir:[[@LINE+5]]:5: error: kernel @m::@k is launched more than once
module attributes {gpu.container_module} {
  func.func @main(%a: memref<4xf32>) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @m::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
    gpu.launch_func @m::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
    return
  }
  gpu.module @m {
    gpu.func @k(%x: memref<4xf32>) kernel { gpu.return }
  }
}
