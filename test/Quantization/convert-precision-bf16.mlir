// RUN: octet-opt --octet-convert-precision="precision=bf16" %s | FileCheck %s

// Inputs stay f32 and are narrowed once; the weight becomes a bf16
// constant; matmul, add and relu run on bf16; the output is widened back.
// CHECK-LABEL: func.func @mlp
// CHECK-SAME: (%[[X:.*]]: tensor<2x32xf32>) -> tensor<2x16xf32>
// CHECK: %[[XN:.*]] = graph.cast %[[X]] : tensor<2x32xf32> -> tensor<2x32xbf16>
// CHECK-NOT: tensor<32x16xf32>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{.*}}> : tensor<32x16xbf16>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<{{.*}}> : tensor<16xbf16>
// CHECK: %[[MM:.*]] = graph.matmul %[[XN]], %[[W]] : (tensor<2x32xbf16>, tensor<32x16xbf16>) -> tensor<2x16xbf16>
// CHECK: %[[ADD:.*]] = graph.add %[[MM]], %[[B]] : (tensor<2x16xbf16>, tensor<16xbf16>) -> tensor<2x16xbf16>
// CHECK: %[[R:.*]] = graph.relu %[[ADD]] : tensor<2x16xbf16>
// CHECK: %[[OUT:.*]] = graph.cast %[[R]] : tensor<2x16xbf16> -> tensor<2x16xf32>
// CHECK: return %[[OUT]]
func.func @mlp(%x: tensor<2x32xf32>) -> tensor<2x16xf32> {
  %w = arith.constant dense<0.5> : tensor<32x16xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]> : tensor<16xf32>
  %0 = graph.matmul %x, %w : (tensor<2x32xf32>, tensor<32x16xf32>) -> tensor<2x16xf32>
  %1 = graph.add %0, %b : (tensor<2x16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  %2 = graph.relu %1 : tensor<2x16xf32>
  return %2 : tensor<2x16xf32>
}

// Softmax computes in f32: its operand is widened, its result stays f32
// until a bf16 op reads it. Ops imported from a sensitive ONNX operator
// (here a Div of a LayerNormalization, by its location) compute in f32
// too, whatever graph op they are.
// The input is narrowed once for all its readers (a tensor has one value):
// the f32 Div reads it widened back, not the unrounded input.
// CHECK-LABEL: func.func @sensitive
// CHECK: %[[XN:.*]] = graph.cast %{{.*}} : tensor<4x8xf32> -> tensor<4x8xbf16>
// CHECK: %[[XW:.*]] = graph.cast %[[XN]] : tensor<4x8xbf16> -> tensor<4x8xf32>
// CHECK: %[[M:.*]] = graph.mul %[[XN]], %[[XN]] : (tensor<4x8xbf16>, tensor<4x8xbf16>) -> tensor<4x8xbf16>
// CHECK: %[[MW:.*]] = graph.cast %[[M]] : tensor<4x8xbf16> -> tensor<4x8xf32>
// CHECK: %[[S:.*]] = graph.softmax %[[MW]] {{.*}} : tensor<4x8xf32>
// CHECK: %[[D:.*]] = graph.div %[[S]], %[[XW]] : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK: %[[DN:.*]] = graph.cast %[[D]] : tensor<4x8xf32> -> tensor<4x8xbf16>
// CHECK: graph.add %[[DN]], %[[DN]] : (tensor<4x8xbf16>, tensor<4x8xbf16>) -> tensor<4x8xbf16>
func.func @sensitive(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = graph.mul %x, %x : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %1 = graph.softmax %0 {axis = 1 : i64} : tensor<4x8xf32>
  %2 = graph.div %1, %x : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32> loc(#ln)
  %3 = graph.add %2, %2 : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %3 : tensor<4x8xf32>
}
#file = loc("model.onnx":3:1)
#ln = loc("ln"(fused<"LayerNormalization">[#file]))

// Integer values are left alone.
// CHECK-LABEL: func.func @integers
// CHECK: graph.add %{{.*}}, %{{.*}} : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
func.func @integers(%i: tensor<4xi64>) -> tensor<4xi64> {
  %0 = graph.add %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// A constant of -FLT_MAX (how exported transformers mask attention) becomes
// bf16's largest finite magnitude, not -inf: 0 * mask must stay 0. Casts
// compute in f32 (an integer position beyond 256 stays exact).
// CHECK-LABEL: func.func @mask_and_cast
// CHECK-DAG: arith.constant dense<-3.389530e+38> : tensor<4x8xbf16>
// CHECK-DAG: graph.cast %{{.*}} : tensor<4x8xi64> -> tensor<4x8xf32>
func.func @mask_and_cast(%x: tensor<4x8xf32>, %p: tensor<4x8xi64>) -> tensor<4x8xf32> {
  %mask = arith.constant dense<-3.40282347E+38> : tensor<4x8xf32>
  %pos = graph.cast %p : tensor<4x8xi64> -> tensor<4x8xf32>
  %0 = graph.add %x, %mask : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %1 = graph.add %0, %pos : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}
