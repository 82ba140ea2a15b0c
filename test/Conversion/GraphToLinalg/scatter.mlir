// RUN: octet-opt %s --convert-graph-to-linalg --split-input-file | FileCheck %s

// A scatter is a copy of the input, then one linalg.generic over the result
// plus a reduction dimension that walks the update positions in order (its
// bounds from an unread tensor.empty); each element selects, per position,
// the update aimed at it (combined with its value for a reduction).

// CHECK-DAG: #[[WALK:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @scatter_elements(
// CHECK-SAME:      %[[X:.*]]: tensor<4x5xf32>, %[[I:.*]]: tensor<2x2xi64>, %[[U:.*]]: tensor<2x2xf32>
// CHECK:         %[[COPY:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<4x5xf32>)
// CHECK:         %[[W:.*]] = tensor.empty() : tensor<2xi1>
// CHECK:         linalg.generic {indexing_maps = [#[[WALK]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[W]] : tensor<2xi1>) outs(%[[COPY]] : tensor<4x5xf32>)
// CHECK:           %[[ROW:.*]] = linalg.index 0
// CHECK:           %[[COL:.*]] = linalg.index 1
// CHECK:           %[[STEP:.*]] = linalg.index 2
// The indices have 2 rows of the data's 4: rows 2 and 3 take nothing.
// CHECK:           %[[INSIDE:.*]] = arith.cmpi ult, %[[ROW]], %{{.*}}
// CHECK:           %[[R:.*]] = arith.minui %[[ROW]]
// CHECK:           %[[RAW:.*]] = tensor.extract %[[I]][%[[R]], %[[STEP]]]
// CHECK:           %[[TARGET:.*]] = arith.select
// CHECK:           %[[HIT:.*]] = arith.cmpi eq, %[[TARGET]], %[[COL]]
// CHECK:           %[[UPD:.*]] = tensor.extract %[[U]][%[[R]], %[[STEP]]]
// CHECK:           %[[MAX:.*]] = arith.maximumf %[[UPD]], %[[ACC:.*]] : f32
// CHECK:           arith.select %{{.*}}, %[[MAX]], %[[ACC]] : f32
func.func @scatter_elements(%x: tensor<4x5xf32>, %i: tensor<2x2xi64>, %u: tensor<2x2xf32>) -> tensor<4x5xf32> {
  %0 = graph.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "max"} : (tensor<4x5xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// ScatterND with 3 one-component tuples writing rows: the walk is over the
// tuples; "none" takes the update itself (the last hit wins).
// CHECK-LABEL: func.func @scatter_nd(
// CHECK-SAME:      %[[X:.*]]: tensor<4x5xf32>, %[[I:.*]]: tensor<3x1xi64>, %[[U:.*]]: tensor<3x5xf32>
// CHECK:         tensor.empty() : tensor<3xi1>
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK:           %[[ROW:.*]] = linalg.index 0
// CHECK:           %[[COL:.*]] = linalg.index 1
// CHECK:           %[[M:.*]] = arith.remui
// CHECK:           tensor.extract %[[I]][%[[M]], %{{.*}}]
// CHECK:           arith.cmpi eq, %{{.*}}, %[[ROW]]
// CHECK:           %[[UPD:.*]] = tensor.extract %[[U]][%[[M]], %[[COL]]]
// CHECK:           arith.select %{{.*}}, %[[UPD]], %{{.*}} : f32
func.func @scatter_nd(%x: tensor<4x5xf32>, %i: tensor<3x1xi64>, %u: tensor<3x5xf32>) -> tensor<4x5xf32> {
  %0 = graph.scatter_nd %x, %i, %u : (tensor<4x5xf32>, tensor<3x1xi64>, tensor<3x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

