// RUN: octet-opt %s --octet-loops-to-gpu=workgroup-size=256 | FileCheck %s
// RUN: octet-opt %s --octet-loops-to-gpu | FileCheck %s --check-prefix=WG64

// The third stage alone: each outermost parallel loop becomes one kernel of a
// single gpu.module @octet_kernels, launched on a 1-D grid of
// ceil(iterations / workgroup-size) blocks of workgroup-size threads. Kernels
// take only memrefs (index constants are sunk into them), constants stay
// memref.get_global on the host, and the affine ops of the collapse are
// lowered.

// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK:         memref.global "private" constant @bias
// CHECK-LABEL:   func.func @main(
// CHECK-SAME:        %[[X:.*]]: memref<60x50xf32> {octet.name = "x"})
// CHECK-DAG:       %[[C12:.*]] = arith.constant 12 : index
// CHECK-DAG:       %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:       %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:       %[[C60:.*]] = arith.constant 60 : index
// CHECK:           %[[BIAS:.*]] = memref.get_global @bias : memref<50xf32>
// CHECK:           %[[Y:.*]] = memref.alloc() {{.*}} : memref<60x50xf32>
// 60 * 50 = 3000 iterations: 12 blocks of 256.
// CHECK-NEXT:      gpu.launch_func @octet_kernels::@main_dispatch_0 blocks in (%[[C12]], %[[C1]], %[[C1]]) threads in (%[[C256]], %[[C1]], %[[C1]]) args(%[[X]] : memref<60x50xf32>, %[[BIAS]] : memref<50xf32>, %[[Y]] : memref<60x50xf32>){{$}}
// CHECK-NEXT:      %[[S:.*]] = memref.alloc() {{.*}} : memref<60xf32>
// 60 iterations (the scf.for stays inside the kernel): one block of 60.
// CHECK-NEXT:      gpu.launch_func @octet_kernels::@main_dispatch_1 blocks in (%[[C1]], %[[C1]], %[[C1]]) threads in (%[[C60]], %[[C1]], %[[C1]]) args(%[[S]] : memref<60xf32>, %[[Y]] : memref<60x50xf32>){{$}}
// CHECK-NEXT:      return %[[Y]], %[[S]]
// CHECK-NOT:     scf.parallel
// CHECK:         gpu.module @octet_kernels {
// CHECK-NEXT:      gpu.func @main_dispatch_0(%{{[^:]*}}: memref<60x50xf32>, %{{[^:]*}}: memref<50xf32>, %{{[^:]*}}: memref<60x50xf32>) kernel attributes {known_block_size = array<i32: 256, 1, 1>, known_grid_size = array<i32: 12, 1, 1>} {
// CHECK-DAG:         %[[K256:.*]] = arith.constant 256 : index
// CHECK-DAG:         %[[K3000:.*]] = arith.constant 3000 : index
// CHECK-DAG:         %[[BID:.*]] = gpu.block_id x
// CHECK-DAG:         %[[TID:.*]] = gpu.thread_id x
// CHECK:             %[[OFF:.*]] = arith.muli %[[BID]], %[[K256]]
// CHECK-NEXT:        %[[IDX:.*]] = arith.addi %[[TID]], %[[OFF]] : index
// CHECK-NEXT:        %[[IN:.*]] = arith.cmpi ult, %[[IDX]], %[[K3000]] : index
// CHECK-NEXT:        scf.if %[[IN]] {
// CHECK:               arith.addf
// CHECK:             gpu.return
// CHECK:           gpu.func @main_dispatch_1(%{{[^:]*}}: memref<60xf32>, %{{[^:]*}}: memref<60x50xf32>) kernel attributes {known_block_size = array<i32: 60, 1, 1>, known_grid_size = array<i32: 1, 1, 1>} {
// CHECK:             scf.for
// CHECK:             gpu.return
// CHECK-NOT:     gpu.module
// CHECK-NOT:     affine.
// CHECK-NOT:     scf.parallel

// The default work-group size is 64: ceil(3000 / 64) = 47 blocks.
// WG64-DAG:      %[[C47:.*]] = arith.constant 47 : index
// WG64-DAG:      %[[C64:.*]] = arith.constant 64 : index
// WG64:          gpu.launch_func @octet_kernels::@main_dispatch_0 blocks in (%[[C47]], %{{.*}}, %{{.*}}) threads in (%[[C64]], %{{.*}}, %{{.*}})
// WG64:          known_block_size = array<i32: 64, 1, 1>, known_grid_size = array<i32: 47, 1, 1>
memref.global "private" constant @bias : memref<50xf32> = dense<1.0>
func.func @main(%x: memref<60x50xf32> {octet.name = "x"}) -> (memref<60x50xf32> {octet.name = "y"}, memref<60xf32> {octet.name = "s"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c50 = arith.constant 50 : index
  %c60 = arith.constant 60 : index
  %zero = arith.constant 0.0 : f32
  %bias = memref.get_global @bias : memref<50xf32>
  %y = memref.alloc() {alignment = 64 : i64} : memref<60x50xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c60, %c50) step (%c1, %c1) {
    %a = memref.load %x[%i, %j] : memref<60x50xf32>
    %b = memref.load %bias[%j] : memref<50xf32>
    %s = arith.addf %a, %b : f32
    memref.store %s, %y[%i, %j] : memref<60x50xf32>
    scf.reduce
  }
  %sum = memref.alloc() {alignment = 64 : i64} : memref<60xf32>
  scf.parallel (%i) = (%c0) to (%c60) step (%c1) {
    memref.store %zero, %sum[%i] : memref<60xf32>
    scf.for %j = %c0 to %c50 step %c1 {
      %a = memref.load %y[%i, %j] : memref<60x50xf32>
      %acc = memref.load %sum[%i] : memref<60xf32>
      %n = arith.addf %a, %acc : f32
      memref.store %n, %sum[%i] : memref<60xf32>
    }
    scf.reduce
  }
  return %y, %sum : memref<60x50xf32>, memref<60xf32>
}
