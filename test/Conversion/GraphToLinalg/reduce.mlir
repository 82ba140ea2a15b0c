// RUN: octet-opt %s --convert-graph-to-linalg --split-input-file | FileCheck %s

// A reduction is one linalg.generic with reduction iterators over its axes,
// filled with the reduction's identity; a finish (mean, L2, log) is an
// elementwise op on the reduced tensor; keepdims is an expand_shape.

// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @mean_keepdims
// CHECK:         %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[F:.*]] = linalg.fill ins(%[[Z]] : f32) outs(%{{.*}} : tensor<3x5xf32>)
// CHECK:         %[[S:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME:        outs(%[[F]] : tensor<3x5xf32>)
// CHECK:           arith.addf
// CHECK:         %[[M:.*]] = linalg.generic
// CHECK:           %[[C:.*]] = arith.constant 4.000000e+00 : f32
// CHECK:           arith.divf %{{.*}}, %[[C]]
// CHECK:         tensor.expand_shape %[[M]] {{\[}}[0], [1, 2]] output_shape [3, 1, 5] : tensor<3x5xf32> into tensor<3x1x5xf32>
func.func @mean_keepdims(%x: tensor<3x4x5xf32>) -> tensor<3x1x5xf32> {
  %0 = graph.reduce_mean %x {axes = array<i64: 1>, keepdims} : tensor<3x4x5xf32> -> tensor<3x1x5xf32>
  return %0 : tensor<3x1x5xf32>
}

// -----

// L2: squares summed, then sqrt.
// CHECK-LABEL: func.func @l2
// CHECK:         linalg.generic {{.*}}iterator_types = ["reduction", "parallel"]
// CHECK:           %[[SQ:.*]] = arith.mulf %[[X:.*]], %[[X]]
// CHECK:           arith.addf %[[SQ]]
// CHECK:         linalg.generic
// CHECK:           math.sqrt
func.func @l2(%x: tensor<4x5xf32>) -> tensor<5xf32> {
  %0 = graph.reduce_l2 %x {axes = array<i64: 0>} : tensor<4x5xf32> -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// Max starts from -inf, min from +inf, prod from 1.
// CHECK-LABEL: func.func @max_min_prod
// CHECK:         arith.constant 0xFF800000 : f32
// CHECK:         arith.maximumf
// CHECK:         arith.constant 0x7F800000 : f32
// CHECK:         arith.minimumf
// CHECK:         arith.constant 1.000000e+00 : f32
// CHECK:         arith.mulf
func.func @max_min_prod(%x: tensor<4x5xf32>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
  %0 = graph.reduce_max %x {axes = array<i64: 0, 1>} : tensor<4x5xf32> -> tensor<f32>
  %1 = graph.reduce_min %x {axes = array<i64: 0, 1>} : tensor<4x5xf32> -> tensor<f32>
  %2 = graph.reduce_prod %x {axes = array<i64: 0, 1>} : tensor<4x5xf32> -> tensor<f32>
  return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<f32>
}

// -----

// LogSumExp subtracts the (finite) maximum before exp.
// CHECK-LABEL: func.func @log_sum_exp
// CHECK:         %[[MAX:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
// CHECK:           arith.maximumf
// CHECK:         %[[SHIFT:.*]] = linalg.generic {{.*}} ins(%[[MAX]]
// CHECK:           math.isfinite
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[SHIFT]]
// CHECK:           arith.subf
// CHECK:           math.exp
// CHECK:         linalg.generic {{.*}} ins(%[[SUM]], %[[SHIFT]]
// CHECK:           math.log
func.func @log_sum_exp(%x: tensor<4x5xf32>) -> tensor<4xf32> {
  %0 = graph.reduce_log_sum_exp %x {axes = array<i64: 1>} : tensor<4x5xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
