// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-vectorize-innermost),canonicalize,cse)' %s -split-input-file -verify-diagnostics | FileCheck %s
// Vectors of 8 columns per thread: the loop steps by 8, the accumulator is a
// vector, the right-hand side and the output move as vectors, and the
// left-hand element (the same for every column) is broadcast.

// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %[[A:[^:]+]]: memref<4x32xf32>, %[[B:[^:]+]]: memref<32x16xf32>, %[[C:[^:]+]]: memref<4x16xf32>)
// CHECK-DAG: %[[C8:.+]] = arith.constant 8 : index
// CHECK-DAG: %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// CHECK: scf.parallel (%[[I:.+]], %[[J:.+]]) = {{.*}} step (%{{.+}}, %[[C8]])
// CHECK: %[[SUM:.+]] = scf.for %[[K:.+]] = {{.*}} iter_args(%[[ACC:.+]] = %[[ZERO]]) -> (vector<8xf32>)
// CHECK: %[[X:.+]] = memref.load %[[A]][%[[I]], %[[K]]] : memref<4x32xf32>
// CHECK: %[[Y:.+]] = vector.load %[[B]][%[[K]], %[[J]]] : memref<32x16xf32>, vector<8xf32>
// CHECK: %[[XS:.+]] = vector.broadcast %[[X]] : f32 to vector<8xf32>
// CHECK: %[[P:.+]] = arith.mulf %[[XS]], %[[Y]] : vector<8xf32>
// CHECK: %[[S:.+]] = arith.addf %[[ACC]], %[[P]] : vector<8xf32>
// CHECK: scf.yield %[[S]] : vector<8xf32>
// CHECK: vector.store %[[SUM]], %[[C]][%[[I]], %[[J]]] : memref<4x16xf32>, vector<8xf32>
func.func @matmul(%a: memref<4x32xf32>, %b: memref<32x16xf32>, %c: memref<4x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c16) step (%c1, %c1) {
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %zero) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<4x32xf32>
      %y = memref.load %b[%k, %j] : memref<32x16xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<4x16xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 1, 1>, vector_width = 8 : i64}}
  return
}

// -----

// An epilogue on bf16 weights: the bf16 load is widened as a vector, the
// offset column (j + 4, as a padded or sliced access gives) stays a scalar
// index, and Relu's comparison and select work per lane.
// CHECK-LABEL: func.func @bias_relu(
// CHECK-SAME: %[[X:[^:]+]]: memref<2x20xf32>, %[[W:[^:]+]]: memref<16xbf16>, %[[Y:[^:]+]]: memref<2x16xf32>)
// CHECK: scf.parallel (%[[I:.+]], %[[J:.+]]) =
// CHECK: %[[OFFSET:.+]] = arith.addi %[[J]], %{{.+}} : index
// CHECK: %[[V:.+]] = vector.load %[[X]][%[[I]], %[[OFFSET]]] : memref<2x20xf32>, vector<4xf32>
// CHECK: %[[WB:.+]] = vector.load %[[W]][%[[J]]] : memref<16xbf16>, vector<4xbf16>
// CHECK: %[[WF:.+]] = arith.extf %[[WB]] : vector<4xbf16> to vector<4xf32>
// CHECK: %[[SUM:.+]] = arith.addf %[[V]], %[[WF]] : vector<4xf32>
// CHECK: %[[POS:.+]] = arith.cmpf ogt, %[[SUM]], %{{.+}} : vector<4xf32>
// CHECK: %[[R:.+]] = arith.select %[[POS]], %[[SUM]], %{{.+}} : vector<4xi1>, vector<4xf32>
// CHECK: vector.store %[[R]], %[[Y]][%[[I]], %[[J]]] : memref<2x16xf32>, vector<4xf32>
func.func @bias_relu(%x: memref<2x20xf32>, %w: memref<16xbf16>, %y: memref<2x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c2, %c16) step (%c1, %c1) {
    %jj = arith.addi %j, %c4 : index
    %v = memref.load %x[%i, %jj] : memref<2x20xf32>
    %wb = memref.load %w[%j] : memref<16xbf16>
    %wf = arith.extf %wb : bf16 to f32
    %s = arith.addf %v, %wf : f32
    %pos = arith.cmpf ogt, %s, %zero : f32
    %r = arith.select %pos, %s, %zero : f32
    memref.store %r, %y[%i, %j] : memref<2x16xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "elementwise", thread_tile = array<i64: 1, 1>, vector_width = 4 : i64}}
  return
}

// -----

// A transposed read cannot be a vector load: an error that names the op.
func.func @transposed(%b: memref<16x8xf32>, %c: memref<8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  // expected-error @+1 {{vector_width 4 cannot be applied: 'memref.load' reads along a dimension other than its last}}
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c16) step (%c1, %c1) {
    %v = memref.load %b[%j, %i] : memref<16x8xf32>
    memref.store %v, %c[%i, %j] : memref<8x16xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "elementwise", thread_tile = array<i64: 1, 1>, vector_width = 4 : i64}}
  return
}

// -----

// A width that does not divide the trip count is an error.
func.func @uneven(%a: memref<2x6xf32>, %c: memref<2x6xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c6 = arith.constant 6 : index
  // expected-error @+1 {{vector_width 4 needs a unit-step innermost dimension with static bounds whose trip count it divides}}
  scf.parallel (%i, %j) = (%c0, %c0) to (%c2, %c6) step (%c1, %c1) {
    %v = memref.load %a[%i, %j] : memref<2x6xf32>
    memref.store %v, %c[%i, %j] : memref<2x6xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "elementwise", thread_tile = array<i64: 1, 1>, vector_width = 4 : i64}}
  return
}

// -----

// A stride-2 read (a convolution with stride 2, tap k): the even lanes come
// from the 4 elements at the first lane's index 2j + k, the odd ones from the
// 4 elements 3 further on, so the last one read is the last lane's,
// 2(j + 3) + k: nothing beyond what the scalar loop reads. (8 columns: two
// steps of 4, so that canonicalization keeps the loop.)
// CHECK-LABEL: func.func @stride_two(
// CHECK-SAME: %[[X:[^:]+]]: memref<2x17xf32>, %[[Y:[^:]+]]: memref<2x8xf32>)
// CHECK: scf.parallel (%[[I:.+]], %[[J:.+]]) =
// CHECK: scf.for %[[K:[^ ]+]] =
// CHECK: %[[TWICE:.+]] = arith.muli %[[J]], %{{.+}} : index
// CHECK: %[[AT:.+]] = arith.addi %[[TWICE]], %[[K]] : index
// CHECK: %[[FIRST:.+]] = vector.load %[[X]][%[[I]], %[[AT]]] : memref<2x17xf32>, vector<4xf32>
// CHECK: %[[NEXT:.+]] = arith.addi %[[AT]], %{{.+}} : index
// CHECK: %[[SECOND:.+]] = vector.load %[[X]][%[[I]], %[[NEXT]]] : memref<2x17xf32>, vector<4xf32>
// CHECK: vector.shuffle %[[FIRST]], %[[SECOND]] [0, 2, 5, 7] : vector<4xf32>, vector<4xf32>
// CHECK: vector.store %{{.+}}, %[[Y]][%[[I]], %[[J]]] : memref<2x8xf32>, vector<4xf32>
func.func @stride_two(%x: memref<2x17xf32>, %y: memref<2x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c2, %c8) step (%c1, %c1) {
    %sum = scf.for %k = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> (f32) {
      %twice = arith.muli %j, %c2 : index
      %at = arith.addi %twice, %k : index
      %v = memref.load %x[%i, %at] : memref<2x17xf32>
      %s = arith.addf %acc, %v : f32
      scf.yield %s : f32
    }
    memref.store %sum, %y[%i, %j] : memref<2x8xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 1, 1>, vector_width = 4 : i64}}
  return
}

// -----

// A stride of 3, or a stride-2 write, is refused.
func.func @stride_three(%x: memref<12xf32>, %y: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  // expected-error @+1 {{vector_width 4 cannot be applied: 'memref.load' reads with a stride of 3 along the innermost dimension}}
  scf.parallel (%j) = (%c0) to (%c4) step (%c1) {
    %at = arith.muli %c3, %j : index
    %v = memref.load %x[%at] : memref<12xf32>
    memref.store %v, %y[%j] : memref<4xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "elementwise", thread_tile = array<i64: 1>, vector_width = 4 : i64}}
  return
}

// -----

func.func @strided_write(%x: memref<4xf32>, %y: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  // expected-error @+1 {{vector_width 4 cannot be applied: 'memref.store' writes with a stride of 2 along the innermost dimension}}
  scf.parallel (%j) = (%c0) to (%c4) step (%c1) {
    %v = memref.load %x[%j] : memref<4xf32>
    %at = arith.muli %j, %c2 : index
    memref.store %v, %y[%at] : memref<8xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "elementwise", thread_tile = array<i64: 1>, vector_width = 4 : i64}}
  return
}

// -----

// Vectors of 4 output channels (vector_dim 0): a 1x1 convolution over 7
// pixels reads its filter (channels last) as a vector per step of the
// reduction and each pixel's input as a broadcast scalar; the epilogue's
// residual, not contiguous along channels, is gathered one load per lane;
// the result is stored one lane at a time, 7 elements apart.
// CHECK-LABEL: func.func @channels(
// CHECK-SAME: %[[X:[^:]+]]: memref<8x7xf32>, %[[W:[^:]+]]: memref<8x16xf32>, %[[R:[^:]+]]: memref<16x7xf32>, %[[Y:[^:]+]]: memref<16x7xf32>)
// CHECK-DAG: %[[C4:.+]] = arith.constant 4 : index
// CHECK: scf.parallel (%[[M:.+]], %[[P:.+]]) = {{.*}} step (%[[C4]], %{{.+}})
// CHECK: scf.for %[[C:[^ ]+]] = {{.*}} -> (vector<4xf32>)
// CHECK: %[[A:.+]] = memref.load %[[X]][%[[C]], %[[P]]] : memref<8x7xf32>
// CHECK: %[[B:.+]] = vector.load %[[W]][%[[C]], %[[M]]] : memref<8x16xf32>, vector<4xf32>
// CHECK: vector.broadcast %[[A]] : f32 to vector<4xf32>
// CHECK: %[[R0:.+]] = memref.load %[[R]][%[[M]], %[[P]]]
// CHECK: %[[M1:.+]] = arith.addi %[[M]], %c1
// CHECK: %[[R1:.+]] = memref.load %[[R]][%[[M1]], %[[P]]]
// CHECK: %[[M2:.+]] = arith.addi %[[M]], %c2
// CHECK: %[[R2:.+]] = memref.load %[[R]][%[[M2]], %[[P]]]
// CHECK: %[[M3:.+]] = arith.addi %[[M]], %c3
// CHECK: %[[R3:.+]] = memref.load %[[R]][%[[M3]], %[[P]]]
// CHECK: %[[RV:.+]] = vector.from_elements %[[R0]], %[[R1]], %[[R2]], %[[R3]] : vector<4xf32>
// CHECK: %[[S:.+]] = arith.addf %{{.+}}, %[[RV]] : vector<4xf32>
// CHECK: %[[S0:.+]] = vector.extract %[[S]][0] : f32 from vector<4xf32>
// CHECK: memref.store %[[S0]], %[[Y]][%[[M]], %[[P]]]
// CHECK: %[[S1:.+]] = vector.extract %[[S]][1] : f32 from vector<4xf32>
// CHECK: memref.store %[[S1]], %[[Y]][%[[M1]], %[[P]]]
// CHECK: %[[S3:.+]] = vector.extract %[[S]][3] : f32 from vector<4xf32>
// CHECK: memref.store %[[S3]], %[[Y]][%[[M3]], %[[P]]]
func.func @channels(%x: memref<8x7xf32>, %w: memref<8x16xf32>, %r: memref<16x7xf32>, %y: memref<16x7xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%m, %p) = (%c0, %c0) to (%c16, %c7) step (%c1, %c1) {
    %sum = scf.for %c = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
      %a = memref.load %x[%c, %p] : memref<8x7xf32>
      %b = memref.load %w[%c, %m] : memref<8x16xf32>
      %t = arith.mulf %a, %b : f32
      %u = arith.addf %acc, %t : f32
      scf.yield %u : f32
    }
    %res = memref.load %r[%m, %p] : memref<16x7xf32>
    %s = arith.addf %sum, %res : f32
    memref.store %s, %y[%m, %p] : memref<16x7xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 1, 1>, vector_width = 4 : i64, vector_dim = 0 : i64}}
  return
}

// -----

// Inside the reduction, a read that is not contiguous along vector_dim is
// an error (it would be gathered at every step).
func.func @gather_in_reduction(%x: memref<8x16xf32>, %y: memref<16x7xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  // expected-error @+1 {{vector_width 4 cannot be applied: 'memref.load' reads along a dimension other than its last}}
  scf.parallel (%m, %p) = (%c0, %c0) to (%c16, %c7) step (%c1, %c1) {
    %sum = scf.for %c = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
      %a = memref.load %y[%m, %c] : memref<16x7xf32>
      %u = arith.addf %acc, %a : f32
      scf.yield %u : f32
    }
    memref.store %sum, %y[%m, %p] : memref<16x7xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 1, 1>, vector_width = 4 : i64, vector_dim = 0 : i64}}
  return
}
