// RUN: octet-opt %s --octet-merge-gpu-modules --split-input-file | FileCheck %s

// The kernels of every gpu.module move into one gpu.module @octet_kernels,
// renamed <host function>_dispatch_<i> in launch order (not in the order of
// the modules), and every gpu.launch_func points at the new symbol.

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[A:.*]]: memref<4xf32>, %[[B:.*]]: memref<4xf32>)
// CHECK:         gpu.launch_func @octet_kernels::@main_dispatch_0 blocks in ({{.*}}) threads in ({{.*}}) args(%[[A]] : memref<4xf32>, %[[B]] : memref<4xf32>)
// CHECK-NEXT:    gpu.launch_func @octet_kernels::@main_dispatch_1 blocks in ({{.*}}) threads in ({{.*}}) args(%[[B]] : memref<4xf32>)
// CHECK-NEXT:    gpu.launch_func @octet_kernels::@main_dispatch_2 blocks in ({{.*}}) threads in ({{.*}}) args(%[[A]] : memref<4xf32>)
// CHECK-NEXT:    return
// CHECK-NOT:     gpu.module
// CHECK:         gpu.module @octet_kernels {
// The body of the first-launched kernel (second_kernel) is kept.
// CHECK-NEXT:      gpu.func @main_dispatch_0(%[[X:.*]]: memref<4xf32>, %[[Y:.*]]: memref<4xf32>) kernel {
// CHECK-NEXT:        %[[T:.*]] = gpu.thread_id x
// CHECK-NEXT:        %[[V:.*]] = memref.load %[[X]][%[[T]]] : memref<4xf32>
// CHECK-NEXT:        memref.store %[[V]], %[[Y]][%[[T]]] : memref<4xf32>
// CHECK-NEXT:        gpu.return
// CHECK-NEXT:      }
// CHECK-NEXT:      gpu.func @main_dispatch_1(%{{.*}}: memref<4xf32>) kernel {
// CHECK-NEXT:        arith.constant 1.0
// CHECK:           gpu.func @main_dispatch_2(%{{.*}}: memref<4xf32>) kernel {
// CHECK-NEXT:        arith.constant 2.0
// CHECK:         }
// CHECK-NOT:     gpu.module
// CHECK-NOT:     first_kernel
// CHECK-NOT:     second_kernel
module attributes {gpu.container_module} {
  func.func @main(%a: memref<4xf32>, %b: memref<4xf32>) {
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    gpu.launch_func @second_kernel::@second_kernel blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1) args(%a : memref<4xf32>, %b : memref<4xf32>)
    gpu.launch_func @first_kernel::@first_kernel blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1) args(%b : memref<4xf32>)
    gpu.launch_func @third::@k blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1) args(%a : memref<4xf32>)
    return
  }
  gpu.module @first_kernel {
    gpu.func @first_kernel(%x: memref<4xf32>) kernel {
      %one = arith.constant 1.0 : f32
      %c0 = arith.constant 0 : index
      memref.store %one, %x[%c0] : memref<4xf32>
      gpu.return
    }
  }
  gpu.module @second_kernel {
    gpu.func @second_kernel(%x: memref<4xf32>, %y: memref<4xf32>) kernel {
      %t = gpu.thread_id x
      %v = memref.load %x[%t] : memref<4xf32>
      memref.store %v, %y[%t] : memref<4xf32>
      gpu.return
    }
  }
  gpu.module @third {
    gpu.func @k(%x: memref<4xf32>) kernel {
      %two = arith.constant 2.0 : f32
      %c0 = arith.constant 0 : index
      memref.store %two, %x[%c0] : memref<4xf32>
      gpu.return
    }
  }
}

// -----

// Dispatch indices count per host function; several kernels of one module
// are all moved.
// CHECK-LABEL: func.func @main(
// CHECK:         gpu.launch_func @octet_kernels::@main_dispatch_0 blocks
// CHECK-LABEL: func.func @other(
// CHECK:         gpu.launch_func @octet_kernels::@other_dispatch_0 blocks
// CHECK-NEXT:    gpu.launch_func @octet_kernels::@other_dispatch_1 blocks
// CHECK:         gpu.module @octet_kernels {
// CHECK-NEXT:      gpu.func @main_dispatch_0(
// CHECK:           gpu.func @other_dispatch_0(
// CHECK:           gpu.func @other_dispatch_1(
// CHECK-NOT:     gpu.module
module attributes {gpu.container_module} {
  func.func @main(%a: memref<4xf32>) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @m::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
    return
  }
  func.func @other(%a: memref<4xf32>) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @n::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
    gpu.launch_func @n::@k2 blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
    return
  }
  gpu.module @m {
    gpu.func @k(%x: memref<4xf32>) kernel { gpu.return }
  }
  gpu.module @n {
    gpu.func @k(%x: memref<4xf32>) kernel { gpu.return }
    gpu.func @k2(%x: memref<4xf32>) kernel { gpu.return }
  }
}

// -----

// An already merged module is left as it is (the pass is idempotent).
// CHECK-LABEL: func.func @main(
// CHECK:         gpu.launch_func @octet_kernels::@main_dispatch_0 blocks
// CHECK:         gpu.module @octet_kernels {
// CHECK-NEXT:      gpu.func @main_dispatch_0(
// CHECK-NOT:     gpu.module
module attributes {gpu.container_module} {
  func.func @main(%a: memref<4xf32>) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @octet_kernels::@main_dispatch_0 blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%a : memref<4xf32>)
    return
  }
  gpu.module @octet_kernels {
    gpu.func @main_dispatch_0(%x: memref<4xf32>) kernel { gpu.return }
  }
}

// -----

// Without kernels nothing is created.
// CHECK-LABEL: func.func @no_kernels(
// CHECK-NOT:     gpu.module
module {
  func.func @no_kernels() {
    return
  }
}
