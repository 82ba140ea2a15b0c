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

// 17 rows in tiles of 6: the loop steps by 6 up to 17 (3 tiles) and the
// last tile's rows past 16 are row 16 again (clamped), computed and stored a
// second time by the same thread; the loop reads no buffer it writes.

// CHECK-LABEL: func.func @partial(
// CHECK-SAME: %[[A:[^:]+]]: memref<17x32xf32>, %[[B:[^:]+]]: memref<32x16xf32>, %[[C:[^:]+]]: memref<17x16xf32>)
// CHECK-DAG: %[[C6:.+]] = arith.constant 6 : index
// CHECK-DAG: %[[LAST:.+]] = arith.constant 16 : index
// CHECK: scf.parallel (%[[I:.+]], %[[J:.+]]) = {{.*}} to (%c17, %c16) step (%[[C6]], %{{.+}})
// CHECK: %[[ROW0:.+]] = arith.minsi %[[I]], %[[LAST]] : index
// CHECK: %[[NEXT:.+]] = arith.addi %[[I]], %{{.+}} : index
// CHECK: %[[ROW1:.+]] = arith.minsi %[[NEXT]], %[[LAST]] : index
// CHECK: %[[SUMS:.+]]:6 = scf.for
// CHECK: memref.load %[[A]][%[[ROW0]], %{{.+}}]
// CHECK: memref.load %[[B]]
// CHECK-NOT: memref.load %[[B]]
// CHECK: memref.load %[[A]][%[[ROW1]], %{{.+}}]
// CHECK-NOT: memref.load %[[B]]
// CHECK: scf.yield
// CHECK: memref.store %[[SUMS]]#0, %[[C]][%[[ROW0]], %[[J]]]
// CHECK: memref.store %[[SUMS]]#1, %[[C]][%[[ROW1]], %[[J]]]
func.func @partial(%a: memref<17x32xf32>, %b: memref<32x16xf32>, %c: memref<17x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c17 = arith.constant 17 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c17, %c16) step (%c1, %c1) {
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %zero) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<17x32xf32>
      %y = memref.load %b[%k, %j] : memref<32x16xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<17x16xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 6, 1>}}
  return
}

// -----

// A tile that does not divide the trip count is an error where the loop
// loads a buffer it stores to: the repeated last element would be updated
// twice.
func.func @uneven(%c: memref<6x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %c16 = arith.constant 16 : index
  %one = arith.constant 1.0 : f32
  // expected-error @+1 {{thread_tile 4 does not divide the 6 iterations of dimension 0, and the loop loads a buffer it stores to}}
  scf.parallel (%i, %j) = (%c0, %c0) to (%c6, %c16) step (%c1, %c1) {
    %v = memref.load %c[%i, %j] : memref<6x16xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %c[%i, %j] : memref<6x16xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "elementwise", thread_tile = array<i64: 4, 1>}}
  return
}

// -----

// The same with vector loads and stores (the loop as octet-vectorize-innermost
// leaves it): they read and write the buffer too.
func.func @uneven_vectors(%c: memref<6x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c6 = arith.constant 6 : index
  %c16 = arith.constant 16 : index
  %one = arith.constant dense<1.0> : vector<4xf32>
  // expected-error @+1 {{thread_tile 4 does not divide the 6 iterations of dimension 0, and the loop loads a buffer it stores to}}
  scf.parallel (%i, %j) = (%c0, %c0) to (%c6, %c16) step (%c1, %c4) {
    %v = vector.load %c[%i, %j] : memref<6x16xf32>, vector<4xf32>
    %w = arith.addf %v, %one : vector<4xf32>
    vector.store %w, %c[%i, %j] : memref<6x16xf32>, vector<4xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "elementwise", thread_tile = array<i64: 4, 1>, vector_width = 4 : i64}}
  return
}

// -----

// After octet-vectorize-innermost, a tile along the dimension of the vectors
// (step 4, the vector width) counts vectors: the thread computes the two
// vectors at %j and %j + 4, and the broadcast left-hand element is loaded
// once for both.
// CHECK-LABEL: func.func @two_vectors(
// CHECK-SAME: %[[A:[^:]+]]: memref<8x32xf32>, %[[B:[^:]+]]: memref<32x16xf32>, %[[C:[^:]+]]: memref<8x16xf32>)
// CHECK-DAG: %[[C4:.+]] = arith.constant 4 : index
// CHECK-DAG: %[[C8:.+]] = arith.constant 8 : index
// CHECK: scf.parallel (%[[I:.+]], %[[J:.+]]) = {{.*}} step (%{{.+}}, %[[C8]])
// CHECK: %[[J4:.+]] = arith.addi %[[J]], %[[C4]]
// CHECK: %[[SUMS:.+]]:2 = scf.for %[[K:[^ ]+]] = {{.*}} -> (vector<4xf32>, vector<4xf32>)
// CHECK: %[[X:.+]] = memref.load %[[A]][%[[I]], %[[K]]]
// CHECK: %[[XV:.+]] = vector.broadcast %[[X]]
// CHECK: vector.load %[[B]][%[[K]], %[[J]]]
// CHECK: vector.load %[[B]][%[[K]], %[[J4]]]
// CHECK-NOT: memref.load %[[A]]
// CHECK: scf.yield
// CHECK: vector.store %[[SUMS]]#0, %[[C]][%[[I]], %[[J]]]
// CHECK: vector.store %[[SUMS]]#1, %[[C]][%[[I]], %[[J4]]]
func.func @two_vectors(%a: memref<8x32xf32>, %b: memref<32x16xf32>, %c: memref<8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant dense<0.0> : vector<4xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c16) step (%c1, %c4) {
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %zero) -> (vector<4xf32>) {
      %x = memref.load %a[%i, %k] : memref<8x32xf32>
      %xv = vector.broadcast %x : f32 to vector<4xf32>
      %y = vector.load %b[%k, %j] : memref<32x16xf32>, vector<4xf32>
      %p = arith.mulf %xv, %y : vector<4xf32>
      %s = arith.addf %acc, %p : vector<4xf32>
      scf.yield %s : vector<4xf32>
    }
    vector.store %sum, %c[%i, %j] : memref<8x16xf32>, vector<4xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 1, 2>, vector_width = 4 : i64}}
  return
}
