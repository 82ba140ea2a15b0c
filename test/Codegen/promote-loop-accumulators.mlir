// RUN: octet-opt %s --octet-promote-loop-accumulators --split-input-file | FileCheck %s

// A dot-product accumulator: one load before the loop, iter_args, one store
// after it.
// CHECK-LABEL: func.func @dot(
// CHECK-SAME:      %[[A:.*]]: memref<16xf32>, %[[B:.*]]: memref<16xf32>, %[[C:.*]]: memref<4xf32>, %[[I:.*]]: index)
// CHECK:         %[[INIT:.*]] = memref.load %[[C]][%[[I]]] : memref<4xf32>
// CHECK-NEXT:    %[[R:.*]] = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[INIT]]) -> (f32) {
// CHECK-NOT:       memref.store
// CHECK:           %[[S:.*]] = arith.addf %[[ACC]], %{{.*}} : f32
// CHECK-NEXT:      scf.yield %[[S]] : f32
// CHECK-NEXT:    }
// CHECK-NEXT:    memref.store %[[R]], %[[C]][%[[I]]] : memref<4xf32>
func.func @dot(%a: memref<16xf32>, %b: memref<16xf32>, %c: memref<4xf32>, %i: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  scf.for %k = %c0 to %c16 step %c1 {
    %x = memref.load %a[%k] : memref<16xf32>
    %y = memref.load %b[%k] : memref<16xf32>
    %acc = memref.load %c[%i] : memref<4xf32>
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    memref.store %s, %c[%i] : memref<4xf32>
  }
  return
}

// -----

// The loop also reads the accumulator's buffer through a view: the element
// it reads may be the accumulator, so nothing moves.
// CHECK-LABEL: func.func @aliasing_view(
// CHECK:         scf.for
// CHECK-NOT:     iter_args
// CHECK:           memref.load %{{.*}}[%{{.*}}] : memref<2x2xf32>
// CHECK:           memref.store
func.func @aliasing_view(%c: memref<4xf32>, %i: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %view = memref.expand_shape %c [[0, 1]] output_shape [2, 2] : memref<4xf32> into memref<2x2xf32>
  scf.for %k = %c0 to %c2 step %c1 {
    %x = memref.load %view[%k, %k] : memref<2x2xf32>
    %acc = memref.load %c[%i] : memref<4xf32>
    %s = arith.addf %acc, %x : f32
    memref.store %s, %c[%i] : memref<4xf32>
  }
  return
}

// -----

// The stored element changes with the loop: not an accumulator.
// CHECK-LABEL: func.func @varying_index(
// CHECK:         scf.for
// CHECK-NOT:     iter_args
// CHECK:           memref.store
func.func @varying_index(%c: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %k = %c0 to %c4 step %c1 {
    %acc = memref.load %c[%k] : memref<4xf32>
    %s = arith.addf %acc, %acc : f32
    memref.store %s, %c[%k] : memref<4xf32>
  }
  return
}

// -----

// The store comes before the load: the load reads the value just stored, not
// the one from the previous iteration.
// CHECK-LABEL: func.func @store_then_load(
// CHECK:         scf.for
// CHECK-NOT:     iter_args
func.func @store_then_load(%c: memref<4xf32>, %out: memref<4xf32>, %i: index, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %k = %c0 to %c4 step %c1 {
    memref.store %v, %c[%i] : memref<4xf32>
    %x = memref.load %c[%i] : memref<4xf32>
    memref.store %x, %out[%k] : memref<4xf32>
  }
  return
}
