// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-fold-accumulator-fills))' %s | FileCheck %s
// A fill loop followed by a reduction that reads each element once, at its
// own iteration, and then overwrites it: the reduction starts from the fill
// value and the fill loop goes.

// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %{{.+}}: memref<4x8xf32>, %{{.+}}: memref<8x16xf32>, %[[C:[^:]+]]: memref<4x16xf32>)
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: scf.parallel
// CHECK-NOT: memref.load %[[C]]
// CHECK: scf.for {{.*}} iter_args(%{{.+}} = %[[ZERO]])
// CHECK: memref.store %{{.+}}, %[[C]]
// CHECK-NOT: scf.parallel
func.func @matmul(%a: memref<4x8xf32>, %b: memref<8x16xf32>, %c: memref<4x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c16) step (%c1, %c1) {
    memref.store %zero, %c[%i, %j] : memref<4x16xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c16) step (%c1, %c1) {
    %init = memref.load %c[%i, %j] : memref<4x16xf32>
    %sum = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %init) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<4x8xf32>
      %y = memref.load %b[%k, %j] : memref<8x16xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<4x16xf32>
    scf.reduce
  }
  return
}

// Kept: the second loop reads the buffer at another element (a transposed
// read), so it needs the filled values.
// CHECK-LABEL: func.func @other_element
// CHECK: scf.parallel
// CHECK: memref.store %{{.+}}, %[[B:.+]][
// CHECK: scf.parallel
// CHECK: memref.load %[[B]]
func.func @other_element(%b: memref<8x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c8) step (%c1, %c1) {
    memref.store %zero, %b[%i, %j] : memref<8x8xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c8) step (%c1, %c1) {
    %v = memref.load %b[%j, %i] : memref<8x8xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %b[%i, %j] : memref<8x8xf32>
    scf.reduce
  }
  return
}

// Kept: the store is conditional, so not every element is overwritten.
// CHECK-LABEL: func.func @conditional_store
// CHECK: scf.parallel
// CHECK: scf.parallel
func.func @conditional_store(%b: memref<8xf32>, %flag: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    memref.store %zero, %b[%i] : memref<8xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %v = memref.load %b[%i] : memref<8xf32>
    scf.if %flag {
      memref.store %v, %b[%i] : memref<8xf32>
    }
    scf.reduce
  }
  return
}
