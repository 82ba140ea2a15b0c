// RUN: octet-opt --octet-permute-constants %s | FileCheck %s

// A 1x1 convolution's filter [M=2, C=3], read at [m, c] in the reduction
// over c, becomes [C, M] with the data transposed; a per-channel scale
// [2, 1] read at [m, 0] in the epilogue becomes [1, 2] (the same data).
// CHECK-DAG: memref.global "private" constant @filter : memref<3x2xf32> = dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]>
// CHECK-DAG: memref.global "private" constant @scale : memref<1x2xf32> = dense<{{\[}}[5.000000e-01, 2.500000e-01]]>
// A table that is both gathered from and read per output keeps its layout;
// so does one whose reads index outputs at two positions.
// CHECK-DAG: memref.global "private" constant @table : memref<2x3xf32>
// CHECK-DAG: memref.global "private" constant @both : memref<2x3xf32>
memref.global "private" constant @filter : memref<2x3xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]>
memref.global "private" constant @scale : memref<2x1xf32> = dense<[[0.5], [0.25]]>
memref.global "private" constant @table : memref<2x3xf32> = dense<1.0>
memref.global "private" constant @both : memref<2x3xf32> = dense<2.0>

// CHECK-LABEL: func.func @conv
// CHECK-DAG: %[[W:.+]] = memref.get_global @filter : memref<3x2xf32>
// CHECK-DAG: %[[S:.+]] = memref.get_global @scale : memref<1x2xf32>
// CHECK: scf.parallel (%[[M:.+]], %[[P:.+]]) =
// CHECK: scf.for %[[C:[^ ]+]] =
// CHECK: memref.load %[[W]][%[[C]], %[[M]]] : memref<3x2xf32>
// CHECK: memref.load %[[S]][%{{.+}}, %[[M]]] : memref<1x2xf32>
func.func @conv(%x: memref<3x5xf32>, %y: memref<2x5xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %zero = arith.constant 0.0 : f32
  %w = memref.get_global @filter : memref<2x3xf32>
  %s = memref.get_global @scale : memref<2x1xf32>
  scf.parallel (%m, %p) = (%c0, %c0) to (%c2, %c5) step (%c1, %c1) {
    %sum = scf.for %c = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> (f32) {
      %a = memref.load %x[%c, %p] : memref<3x5xf32>
      %b = memref.load %w[%m, %c] : memref<2x3xf32>
      %t = arith.mulf %a, %b : f32
      %u = arith.addf %acc, %t : f32
      scf.yield %u : f32
    }
    %k = memref.load %s[%m, %c0] : memref<2x1xf32>
    %r = arith.mulf %sum, %k : f32
    memref.store %r, %y[%m, %p] : memref<2x5xf32>
    scf.reduce
  }
  return
}

// CHECK-LABEL: func.func @kept
// CHECK: memref.load %{{.+}}[%{{.+}}, %{{.+}}] : memref<2x3xf32>
func.func @kept(%ids: memref<4xindex>, %y: memref<4x3xf32>, %z: memref<2x3xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %t = memref.get_global @table : memref<2x3xf32>
  %b = memref.get_global @both : memref<2x3xf32>
  // A gather: the row comes from data.
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c3) step (%c1, %c1) {
    %id = memref.load %ids[%i] : memref<4xindex>
    %v = memref.load %t[%id, %j] : memref<2x3xf32>
    memref.store %v, %y[%i, %j] : memref<4x3xf32>
    scf.reduce
  }
  // A per-output read of the same table.
  scf.parallel (%i) = (%c0) to (%c2) step (%c1) {
    %v = memref.load %t[%i, %c0] : memref<2x3xf32>
    memref.store %v, %z[%i, %c0] : memref<2x3xf32>
    scf.reduce
  }
  // Both indices are outputs.
  scf.parallel (%i, %j) = (%c0, %c0) to (%c2, %c3) step (%c1, %c1) {
    %v = memref.load %b[%i, %j] : memref<2x3xf32>
    memref.store %v, %z[%i, %j] : memref<2x3xf32>
    scf.reduce
  }
  return
}
