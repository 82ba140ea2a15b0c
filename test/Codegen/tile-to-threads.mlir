// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-tile-to-threads),canonicalize,cse)' %s -split-input-file -verify-diagnostics | FileCheck %s
// A thread tile of 4 rows: the loop steps by 4, the reduction carries four
// accumulators, and the right-hand side is loaded once per iteration for all
// four rows.

// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %[[A:[^:]+]]: memref<64x32xf32>, %[[B:[^:]+]]: memref<32x16xf32>, %[[C:[^:]+]]: memref<64x16xf32>)
// CHECK-DAG: %[[C4:.+]] = arith.constant 4 : index
// CHECK: scf.parallel (%[[I:.+]], %[[J:.+]]) = {{.*}} step (%[[C4]], %{{.+}})
// CHECK-COUNT-4: memref.load %[[C]]
// CHECK: %[[SUMS:.+]]:4 = scf.for %[[K:.+]] = {{.*}} iter_args({{.*}}) -> (f32, f32, f32, f32)
// CHECK: memref.load %[[A]][%[[I]], %[[K]]]
// CHECK: memref.load %[[B]][%[[K]], %[[J]]]
// CHECK-NOT: memref.load %[[B]]
// CHECK: scf.yield
// CHECK-COUNT-4: memref.store %[[SUMS]]
func.func @matmul(%a: memref<64x32xf32>, %b: memref<32x16xf32>, %c: memref<64x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c16) step (%c1, %c1) {
    %init = memref.load %c[%i, %j] : memref<64x16xf32>
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %init) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<64x32xf32>
      %y = memref.load %b[%k, %j] : memref<32x16xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<64x16xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 4, 1>}}
  return
}

// -----

// A tile that does not divide the trip count is an error.
func.func @uneven(%c: memref<6x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  // expected-error @+1 {{thread_tile 4 on dimension 0 needs static bounds whose trip count it divides}}
  scf.parallel (%i, %j) = (%c0, %c0) to (%c6, %c16) step (%c1, %c1) {
    memref.store %zero, %c[%i, %j] : memref<6x16xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "elementwise", thread_tile = array<i64: 4, 1>}}
  return
}
