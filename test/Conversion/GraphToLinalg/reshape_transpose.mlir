// RUN: octet-opt %s --convert-graph-to-linalg --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @collapse
// CHECK:         %[[R:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK:         return %[[R]]
func.func @collapse(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %0 = graph.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// CHECK-LABEL: func.func @expand
// CHECK:         %[[R:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0, 1], [2]] output_shape [2, 3, 4] : tensor<6x4xf32> into tensor<2x3x4xf32>
// CHECK:         return %[[R]]
func.func @expand(%x: tensor<6x4xf32>) -> tensor<2x3x4xf32> {
  %0 = graph.reshape %x : tensor<6x4xf32> -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Neither a collapse nor an expansion: through 1-D.
// CHECK-LABEL: func.func @general
// CHECK:         %[[F:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<2x6xf32> into tensor<12xf32>
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[F]] {{\[}}[0, 1]] output_shape [3, 4] : tensor<12xf32> into tensor<3x4xf32>
// CHECK:         return %[[R]]
func.func @general(%x: tensor<2x6xf32>) -> tensor<3x4xf32> {
  %0 = graph.reshape %x : tensor<2x6xf32> -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Rank 0 <-> rank 1, and a no-op reshape.
// CHECK-LABEL: func.func @scalars
// CHECK-SAME:    %[[S:.*]]: tensor<f32>, %[[V:.*]]: tensor<1x1xf32>
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[S]] [] output_shape [1] : tensor<f32> into tensor<1xf32>
// CHECK:         %[[C:.*]] = tensor.collapse_shape %[[V]] [] : tensor<1x1xf32> into tensor<f32>
// CHECK:         return %[[E]], %[[C]], %[[S]]
func.func @scalars(%s: tensor<f32>, %v: tensor<1x1xf32>) -> (tensor<1xf32>, tensor<f32>, tensor<f32>) {
  %0 = graph.reshape %s : tensor<f32> -> tensor<1xf32>
  %1 = graph.reshape %v : tensor<1x1xf32> -> tensor<f32>
  %2 = graph.reshape %s : tensor<f32> -> tensor<f32>
  return %0, %1, %2 : tensor<1xf32>, tensor<f32>, tensor<f32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK-SAME:    %[[X:.*]]: tensor<2x3x4xf32>
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK:         %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[E]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
// CHECK:         return %[[T]]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = graph.transpose %x perm = [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}
