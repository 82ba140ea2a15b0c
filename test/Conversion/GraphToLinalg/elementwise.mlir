// RUN: octet-opt %s --convert-graph-to-linalg --split-input-file | FileCheck %s

// Elementwise ops become parallel linalg.generic ops; broadcast size-1
// dimensions are collapsed away so every indexing map is a projected
// permutation.

// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @add_row_broadcast
// CHECK-SAME:    %[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<3xf32>) outs(%[[E]] : tensor<2x3xf32>)
// CHECK:         ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK:           linalg.yield %[[S]] : f32
// CHECK:         return %[[R]]
func.func @add_row_broadcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Both operands broadcast: [4,1,3] x [2,3] -> [4,2,3]. The size-1 dim of
// the lhs is collapsed into its neighbour.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @sub_both_broadcast
// CHECK-SAME:    %[[A:.*]]: tensor<4x1x3xf32>, %[[B:.*]]: tensor<2x3xf32>
// CHECK:         %[[C:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1], [2]] : tensor<4x1x3xf32> into tensor<4x3xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME:        ins(%[[C]], %[[B]] : tensor<4x3xf32>, tensor<2x3xf32>)
// CHECK:           arith.subf
func.func @sub_both_broadcast(%a: tensor<4x1x3xf32>, %b: tensor<2x3xf32>) -> tensor<4x2x3xf32> {
  %0 = graph.sub %a, %b : (tensor<4x1x3xf32>, tensor<2x3xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// A scalar and an all-ones tensor broadcast through rank-0 operands.
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @mul_div_scalar
// CHECK-SAME:    %[[A:.*]]: tensor<2x3xf32>, %[[S:.*]]: tensor<f32>, %[[O:.*]]: tensor<1x1xf32>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #{{.*}}]
// CHECK-SAME:        ins(%[[A]], %[[S]] : tensor<2x3xf32>, tensor<f32>)
// CHECK:           arith.mulf
// CHECK:         %[[C:.*]] = tensor.collapse_shape %[[O]] [] : tensor<1x1xf32> into tensor<f32>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[SCALAR]], #{{.*}}]
// CHECK-SAME:        ins(%{{.*}}, %[[C]] : tensor<2x3xf32>, tensor<f32>)
// CHECK:           arith.divf
func.func @mul_div_scalar(%a: tensor<2x3xf32>, %s: tensor<f32>, %o: tensor<1x1xf32>) -> tensor<2x3xf32> {
  %0 = graph.mul %a, %s : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %1 = graph.div %0, %o : (tensor<2x3xf32>, tensor<1x1xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// Size-1 dimensions that are not broadcast stay.
// CHECK-LABEL: func.func @add_unit_not_broadcast
// CHECK-NOT:     tensor.collapse_shape
// CHECK:         linalg.generic
// CHECK-SAME:        ins(%{{.*}}, %{{.*}} : tensor<1x3xf32>, tensor<1x3xf32>)
func.func @add_unit_not_broadcast(%a: tensor<1x3xf32>, %b: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %0 = graph.add %a, %b : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// CHECK-LABEL: func.func @relu
// CHECK-SAME:    %[[X:.*]]: tensor<4x8xf16>
// CHECK:         %[[Z:.*]] = arith.constant 0.000000e+00 : f16
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<4x8xf16>)
// CHECK:         ^bb0(%[[IN:.*]]: f16, %{{.*}}: f16):
// CHECK:           %[[M:.*]] = arith.maximumf %[[IN]], %[[Z]] : f16
// CHECK:           linalg.yield %[[M]] : f16
func.func @relu(%x: tensor<4x8xf16>) -> tensor<4x8xf16> {
  %0 = graph.relu %x : tensor<4x8xf16>
  return %0 : tensor<4x8xf16>
}
