// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-fuse-parallel-loops))' %s | FileCheck %s
// A MatMul and the bias + ReLU after it become one loop (one kernel); the
// epilogue reads the sum from the register it was stored from.

// CHECK-LABEL: func.func @matmul_bias_relu(
// CHECK-SAME: %[[A:[^:]+]]: memref<4x8xf32>, %[[B:[^:]+]]: memref<8x16xf32>, %[[BIAS:[^:]+]]: memref<16xf32>, %[[Y:[^:]+]]: memref<4x16xf32>)
// CHECK: %[[C:.+]] = memref.alloc() : memref<4x16xf32>
// CHECK: scf.parallel (%[[I:.+]], %[[J:.+]]) =
// CHECK: %[[SUM:.+]] = scf.for
// CHECK: memref.store %[[SUM]], %[[C]][%[[I]], %[[J]]]
// CHECK-NOT: memref.load %[[C]]
// CHECK: %[[BV:.+]] = memref.load %[[BIAS]][%[[J]]]
// CHECK: %[[S:.+]] = arith.addf %[[SUM]], %[[BV]]
// CHECK: arith.maximumf %[[S]]
// CHECK: memref.store %{{.+}}, %[[Y]][%[[I]], %[[J]]]
// CHECK-NOT: scf.parallel
func.func @matmul_bias_relu(%a: memref<4x8xf32>, %b: memref<8x16xf32>, %bias: memref<16xf32>, %y: memref<4x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<4x16xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c16) step (%c1, %c1) {
    %sum = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<4x8xf32>
      %w = memref.load %b[%k, %j] : memref<8x16xf32>
      %p = arith.mulf %x, %w : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<4x16xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c16) step (%c1, %c1) {
    %v = memref.load %c[%i, %j] : memref<4x16xf32>
    %bv = memref.load %bias[%j] : memref<16xf32>
    %s = arith.addf %v, %bv : f32
    %r = arith.maximumf %s, %zero : f32
    memref.store %r, %y[%i, %j] : memref<4x16xf32>
    scf.reduce
  }
  return
}

// Not merged: the second loop reads the first one's output at another
// element (a transpose), which another thread of the merged loop would write.
// CHECK-LABEL: func.func @transpose_after
// CHECK: scf.parallel
// CHECK: scf.parallel
func.func @transpose_after(%x: memref<8x8xf32>, %y: memref<8x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %t = memref.alloc() : memref<8x8xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c8) step (%c1, %c1) {
    %v = memref.load %x[%i, %j] : memref<8x8xf32>
    %d = arith.addf %v, %v : f32
    memref.store %d, %t[%i, %j] : memref<8x8xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c8) step (%c1, %c1) {
    %v = memref.load %t[%j, %i] : memref<8x8xf32>
    memref.store %v, %y[%i, %j] : memref<8x8xf32>
    scf.reduce
  }
  return
}

// Not merged: different iteration spaces (a row reduction after an
// elementwise loop).
// CHECK-LABEL: func.func @reduction_after
// CHECK: scf.parallel
// CHECK: scf.parallel
func.func @reduction_after(%x: memref<4x8xf32>, %y: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  %e = memref.alloc() : memref<4x8xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c8) step (%c1, %c1) {
    %v = memref.load %x[%i, %j] : memref<4x8xf32>
    %d = math.exp %v : f32
    memref.store %d, %e[%i, %j] : memref<4x8xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %s = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
      %v = memref.load %e[%i, %k] : memref<4x8xf32>
      %n = arith.addf %acc, %v : f32
      scf.yield %n : f32
    }
    memref.store %s, %y[%i] : memref<4xf32>
    scf.reduce
  }
  return
}
