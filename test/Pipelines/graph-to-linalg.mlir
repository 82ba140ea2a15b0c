// RUN: octet-opt %s --octet-graph-to-linalg | FileCheck %s

// The first stage alone: graph ops become linalg on tensors, canonicalized
// (constants hoisted) and CSE'd (one tensor.empty per shape). Nothing of the
// graph dialect is left, and nothing is bufferized yet.

// CHECK-NOT: graph.
// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:.*]]: tensor<4x8xf32> {octet.name = "x"}, %[[B:.*]]: tensor<8xf32> {octet.name = "b"})
// CHECK-SAME:      -> (tensor<4x8xf32> {octet.name = "y"})
// CHECK-DAG:     %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK:         %[[ADD:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[B]] : tensor<4x8xf32>, tensor<8xf32>) outs(%[[E]] : tensor<4x8xf32>)
// CHECK:           arith.addf
// CHECK:         %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[ADD]] : tensor<4x8xf32>) outs(%[[E]] : tensor<4x8xf32>)
// CHECK:           arith.maximumf %{{.*}}, %[[ZERO]] : f32
// Softmax: max, exp(x - max), sum, divide; the row temporaries share one
// tensor.empty.
// CHECK:         %[[E4:.*]] = tensor.empty() : tensor<4xf32>
// CHECK:         %[[MAXINIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%[[E4]] : tensor<4xf32>)
// CHECK:         %[[MAX:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} ins(%[[RELU]] : tensor<4x8xf32>) outs(%[[MAXINIT]] : tensor<4xf32>)
// CHECK:         %[[EXP:.*]] = linalg.generic {{.*}} ins(%[[RELU]], %[[MAX]] : tensor<4x8xf32>, tensor<4xf32>) outs(%[[E]] : tensor<4x8xf32>)
// CHECK:           math.exp
// CHECK:         %[[SUMINIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[E4]] : tensor<4xf32>)
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[EXP]] : tensor<4x8xf32>) outs(%[[SUMINIT]] : tensor<4xf32>)
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] : tensor<4x8xf32>, tensor<4xf32>) outs(%[[E]] : tensor<4x8xf32>)
// CHECK:           arith.divf
// CHECK:         return %[[Y]] : tensor<4x8xf32>
// CHECK-NOT: graph.
// CHECK-NOT: memref
// CHECK-NOT: scf.
func.func @main(%x: tensor<4x8xf32> {octet.name = "x"}, %b: tensor<8xf32> {octet.name = "b"}) -> (tensor<4x8xf32> {octet.name = "y"}) {
  %0 = graph.add %x, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = graph.relu %0 : tensor<4x8xf32>
  %2 = graph.softmax %1 {axis = 1 : i64} : tensor<4x8xf32>
  return %2 : tensor<4x8xf32>
}
