// RUN: octet-opt %s --convert-graph-to-linalg --split-input-file | FileCheck %s

// Pow, Min, Max and PRelu are broadcasting elementwise ops like Add: one
// parallel linalg.generic each.

// CHECK-LABEL: func.func @pow_min_max
// CHECK:         math.powf %{{.*}}, %{{.*}} : f32
// CHECK:         arith.minimumf %{{.*}}, %{{.*}} : f32
// CHECK:         arith.maximumf %{{.*}}, %{{.*}} : f32
func.func @pow_min_max(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = graph.pow %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = graph.min %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = graph.max %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// prelu(x, slope) = x < 0 ? slope * x : x, the slope broadcast per channel.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @prelu
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[ID]]]
// CHECK:         ^bb0(%[[X:.*]]: f32, %[[S:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[M:.*]] = arith.mulf %[[X]], %[[S]]
// CHECK:           %[[N:.*]] = arith.cmpf olt, %[[X]], %{{.*}}
// CHECK:           %[[R:.*]] = arith.select %[[N]], %[[M]], %[[X]]
// CHECK:           linalg.yield %[[R]]
func.func @prelu(%x: tensor<3x4xf32>, %slope: tensor<3x1xf32>) -> tensor<3x4xf32> {
  %0 = graph.prelu %x, %slope : (tensor<3x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
