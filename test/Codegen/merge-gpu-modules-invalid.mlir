// RUN: octet-opt %s --octet-merge-gpu-modules --split-input-file --verify-diagnostics

// A kernel that no gpu.launch_func launches is an error (its module would be
// dropped).
module attributes {gpu.container_module} {
  func.func @main(%a: memref<4xf32>) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @m::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
    return
  }
  gpu.module @m {
    gpu.func @k(%x: memref<4xf32>) kernel { gpu.return }
  }
  // expected-error @+1 {{gpu.module has kernels that are never launched}}
  gpu.module @unused {
    gpu.func @u(%x: memref<4xf32>) kernel { gpu.return }
  }
}

// -----

// A kernel launched twice is rejected (each launch gets its own dispatch).
// The exact message is checked in merge-gpu-modules-launched-twice.mlir.
module attributes {gpu.container_module} {
  func.func @main(%a: memref<4xf32>) {
    %c1 = arith.constant 1 : index
    // expected-note @+1 {{first launched here}}
    gpu.launch_func @m::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
    // expected-error @+1 {{kernel @m::@k}}
    gpu.launch_func @m::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
    return
  }
  gpu.module @m {
    gpu.func @k(%x: memref<4xf32>) kernel { gpu.return }
  }
}
