// RUN: octet-opt %s --convert-graph-to-linalg --split-input-file | FileCheck %s

// Plain Gemm without C: just a matmul.
// CHECK-LABEL: func.func @gemm_plain
// CHECK:         %[[R:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x16xf32>)
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[R]]
func.func @gemm_plain(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %0 = graph.gemm %a, %b : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// transB folds into the B map; alpha/beta/C go to an epilogue generic, with
// C (a row vector) read without a copy.
// CHECK-DAG: #[[A_MAP:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[BT_MAP:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[O_MAP:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @gemm_transb_bias
// CHECK-SAME:    %[[A:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<16x8xf32>, %[[C:.*]]: tensor<16xf32>
// CHECK:         %[[AB:.*]] = linalg.generic {indexing_maps = [#[[A_MAP]], #[[BT_MAP]], #[[O_MAP]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4x8xf32>, tensor<16x8xf32>)
// CHECK:           arith.mulf
// CHECK:           arith.addf
// CHECK:         %[[ALPHA:.*]] = arith.constant 5.000000e-01 : f32
// CHECK:         %[[BETA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[AB]], %[[C]] : tensor<4x16xf32>, tensor<16xf32>)
// CHECK:         ^bb0(%[[P:.*]]: f32, %[[CV:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[T0:.*]] = arith.mulf %[[ALPHA]], %[[P]] : f32
// CHECK:           %[[T1:.*]] = arith.mulf %[[BETA]], %[[CV]] : f32
// CHECK:           %[[T2:.*]] = arith.addf %[[T0]], %[[T1]] : f32
// CHECK:           linalg.yield %[[T2]] : f32
func.func @gemm_transb_bias(%a: tensor<4x8xf32>, %b: tensor<16x8xf32>, %c: tensor<16xf32>) -> tensor<4x16xf32> {
  %0 = graph.gemm %a, %b, %c {alpha = 0.5 : f32, beta = 2.0 : f32, transB = true}
         : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// transA, and a column-vector C of shape [4, 1].
// CHECK-DAG: #[[AT_MAP:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[B_MAP:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @gemm_transa_column_bias
// CHECK-SAME:    %[[A:.*]]: tensor<8x4xf32>, %[[B:.*]]: tensor<8x16xf32>, %[[C:.*]]: tensor<4x1xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[AT_MAP]], #[[B_MAP]], #{{.*}}], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK:         %[[CC:.*]] = tensor.collapse_shape %[[C]] {{\[}}[0, 1]] : tensor<4x1xf32> into tensor<4xf32>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[COL]], #{{.*}}]
// CHECK-SAME:        ins(%{{.*}}, %[[CC]] : tensor<4x16xf32>, tensor<4xf32>)
// CHECK:           arith.addf
func.func @gemm_transa_column_bias(%a: tensor<8x4xf32>, %b: tensor<8x16xf32>, %c: tensor<4x1xf32>) -> tensor<4x16xf32> {
  %0 = graph.gemm %a, %b, %c {transA = true} : (tensor<8x4xf32>, tensor<8x16xf32>, tensor<4x1xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

// beta = 0 drops C.
// CHECK-LABEL: func.func @gemm_beta_zero
// CHECK:         %[[R:.*]] = linalg.matmul
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[R]]
func.func @gemm_beta_zero(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = graph.gemm %a, %b, %c {beta = 0.0 : f32} : (tensor<4x8xf32>, tensor<8x16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}
