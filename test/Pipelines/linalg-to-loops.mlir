// RUN: octet-opt %s --octet-linalg-to-loops | FileCheck %s

// The second stage alone: elementwise producers are fused into their
// consumers, everything is bufferized (identity-layout memrefs at the function
// boundary, argument attributes kept) and lowered to scf.parallel loops;
// reductions become an scf.for inside the parallel loop.

// CHECK-NOT: tensor
// CHECK-NOT: linalg.
// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:.*]]: memref<4x8xf32> {octet.name = "x"}, %[[B:.*]]: memref<8xf32> {octet.name = "b"})
// CHECK-SAME:      -> (memref<4x8xf32> {octet.name = "y"}, memref<4xf32> {octet.name = "s"})
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// add and relu are fused into one loop writing one buffer. (The sum's buffer
// is allocated before it: octet-fuse-parallel-loops moves allocations
// between two loops above the first when it tries to fuse them by rows; 4
// rows are too few.)
// CHECK:         %[[Y:.*]] = memref.alloc() {{.*}} : memref<4x8xf32>
// CHECK-NEXT:    %[[SUM:.*]] = memref.alloc() {{.*}} : memref<4xf32>
// CHECK-NEXT:    scf.parallel (%[[I:.*]], %[[J:.*]]) = (%[[C0]], %[[C0]]) to (%[[C4]], %[[C8]]) step (%[[C1]], %[[C1]]) {
// CHECK-NEXT:      %[[A:.*]] = memref.load %[[X]][%[[I]], %[[J]]] : memref<4x8xf32>
// CHECK-NEXT:      %[[BV:.*]] = memref.load %[[B]][%[[J]]] : memref<8xf32>
// CHECK-NEXT:      %[[S:.*]] = arith.addf %[[A]], %[[BV]] : f32
// CHECK-NEXT:      %[[R:.*]] = arith.maximumf %[[S]], %[[ZERO]] : f32
// CHECK-NEXT:      memref.store %[[R]], %[[Y]][%[[I]], %[[J]]] : memref<4x8xf32>
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    }
// The sum's fill is folded into the reduction, which starts from zero
// (octet-fold-accumulator-fills); the accumulator is carried in iter_args
// and stored once (octet-promote-loop-accumulators).
// CHECK-NEXT:    scf.parallel (%[[I:.*]]) = (%[[C0]]) to (%[[C4]]) step (%[[C1]]) {
// CHECK-NEXT:      %[[TOTAL:.*]] = scf.for %[[K:.*]] = %[[C0]] to %[[C8]] step %[[C1]] iter_args(%[[ACC:.*]] = %[[ZERO]]) -> (f32) {
// CHECK-NEXT:        %[[V:.*]] = memref.load %[[Y]][%[[I]], %[[K]]] : memref<4x8xf32>
// CHECK-NEXT:        %[[NEXT:.*]] = arith.addf %[[V]], %[[ACC]] : f32
// CHECK-NEXT:        scf.yield %[[NEXT]] : f32
// CHECK-NEXT:      }
// CHECK-NEXT:      memref.store %[[TOTAL]], %[[SUM]][%[[I]]] : memref<4xf32>
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[Y]], %[[SUM]] : memref<4x8xf32>, memref<4xf32>
// CHECK-NOT: tensor
// CHECK-NOT: linalg.
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
#red = affine_map<(d0, d1) -> (d0)>
func.func @main(%x: tensor<4x8xf32> {octet.name = "x"}, %b: tensor<8xf32> {octet.name = "b"})
    -> (tensor<4x8xf32> {octet.name = "y"}, tensor<4xf32> {octet.name = "s"}) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8xf32>
  %add = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %b : tensor<4x8xf32>, tensor<8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%in: f32, %in1: f32, %out: f32):
    %s = arith.addf %in, %in1 : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%add : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x8xf32>
  %e1 = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [#id, #red], iterator_types = ["parallel", "reduction"]}
      ins(%relu : tensor<4x8xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %a = arith.addf %in, %out : f32
    linalg.yield %a : f32
  } -> tensor<4xf32>
  return %relu, %sum : tensor<4x8xf32>, tensor<4xf32>
}
