// RUN: octet-opt %s --convert-graph-to-linalg --split-input-file | FileCheck %s

// Softmax is max-reduce, exp(x - max), sum-reduce and divide.

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[RED:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @softmax_last
// CHECK-SAME:    %[[X:.*]]: tensor<2x10xf32>
// CHECK:         %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[E0:.*]] = tensor.empty() : tensor<2xf32>
// CHECK:         %[[F0:.*]] = linalg.fill ins(%[[NINF]] : f32) outs(%[[E0]] : tensor<2xf32>)
// CHECK:         %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<2x10xf32>) outs(%[[F0]] : tensor<2xf32>)
// CHECK:           arith.maximumf
// CHECK:         %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[MAX]] : tensor<2x10xf32>, tensor<2xf32>)
// CHECK:           %[[D:.*]] = arith.subf
// CHECK:           math.exp %[[D]]
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[F1:.*]] = linalg.fill ins(%[[ZERO]] : f32)
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]]], iterator_types = ["parallel", "reduction"]} ins(%[[EXP]] : tensor<2x10xf32>) outs(%[[F1]] : tensor<2xf32>)
// CHECK:           arith.addf
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[EXP]], %[[SUM]] : tensor<2x10xf32>, tensor<2xf32>)
// CHECK:           arith.divf
// CHECK:         return %[[R]]
func.func @softmax_last(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %0 = graph.softmax %x : tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

// A middle axis of a 3-D tensor.
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[RED3:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @softmax_middle
// CHECK:         linalg.generic {indexing_maps = [#[[ID3]], #[[RED3]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[ID3]], #[[RED3]], #[[ID3]]]
// CHECK:         linalg.generic {indexing_maps = [#[[ID3]], #[[RED3]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK:         linalg.generic {indexing_maps = [#[[ID3]], #[[RED3]], #[[ID3]]]
func.func @softmax_middle(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = graph.softmax %x {axis = -2 : i64} : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// 1-D: reductions to rank 0.
// CHECK-DAG: #[[TO0:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @softmax_1d
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[TO0]]], iterator_types = ["reduction"]} ins(%{{.*}} : tensor<10xf32>) outs(%{{.*}} : tensor<f32>)
func.func @softmax_1d(%x: tensor<10xf32>) -> tensor<10xf32> {
  %0 = graph.softmax %x {axis = 0 : i64} : tensor<10xf32>
  return %0 : tensor<10xf32>
}
