// RUN: octet-opt %s --octet-graph-to-linalg --octet-linalg-to-loops | FileCheck %s

// A MaxPool that writes into the zero-padded buffer its consumer Conv reads
// (octet-pad-in-producers) indexes its output at an offset (i + 1) that loop
// lowering computes inside the window loops. Loop-invariant code motion moves
// that index out first, so the accumulator is promoted: the window loops
// carry it in registers, with one load before them and one store after,
// instead of a load and a store of the padded output per window element.

// CHECK-LABEL: func.func @main(
// CHECK:         scf.parallel (%[[C:[a-z0-9]+]], %[[H:[a-z0-9]+]], %[[W:[a-z0-9]+]]) = {{.*}} to (%c2, %c4, %c4)
// The fill of the pool's initial value (-inf), fused into the same loop:
// CHECK:           memref.store %{{.*}}, %[[PADDED:[a-z_0-9]+]][{{.*}}] : memref<1x2x6x6xf32>
// CHECK:           %[[PH:[0-9]+]] = affine.apply #{{.*}}()[%[[H]]]
// CHECK-NEXT:      %[[PW:[0-9]+]] = affine.apply #{{.*}}()[%[[W]]]
// CHECK-NOT:       scf.for
// CHECK:           %[[START:.*]] = memref.load %[[PADDED]][%c0, %[[C]], %[[PH]], %[[PW]]] : memref<1x2x6x6xf32>
// CHECK:           %[[MAX:.*]] = scf.for {{.*}} iter_args(%[[ACC:.*]] = %[[START]]) -> (f32) {
// CHECK:             scf.for {{.*}} iter_args(%[[ACC2:.*]] = %[[ACC]]) -> (f32) {
// CHECK-NOT:           memref.store
// CHECK:               arith.maximumf %{{.*}}, %[[ACC2]] : f32
// CHECK:           memref.store %[[MAX]], %[[PADDED]][%c0, %[[C]], %[[PH]], %[[PW]]] : memref<1x2x6x6xf32>
module {
  func.func @main(%arg0: tensor<1x2x8x8xf32> {octet.name = "x"}) -> (tensor<1x2x4x4xf32> {octet.name = "y"}) {
    %cst = arith.constant dense<5.000000e-01> : tensor<2x2x3x3xf32>
    %0 = graph.max_pool %arg0 {dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pads_begin = array<i64: 1, 1>, strides = array<i64: 2, 2>} : tensor<1x2x8x8xf32> -> tensor<1x2x4x4xf32>
    %1 = graph.conv %0, %cst {dilations = array<i64: 1, 1>, groups = 1 : i64, pads_begin = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
    return %1 : tensor<1x2x4x4xf32>
  }
}
