// RUN: octet-opt %s --convert-graph-to-linalg --linalg-fuse-elementwise-ops \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --convert-linalg-to-parallel-loops | FileCheck %s

// Every op's lowering goes through the upstream elementwise fusion,
// bufferization and loop conversion: nothing of graph, linalg or tensor is
// left, only loops over memrefs.

// CHECK-NOT: graph.
// CHECK-NOT: linalg.
// CHECK-NOT: tensor.
// CHECK: scf.parallel
// CHECK-NOT: graph.
// CHECK-NOT: linalg.
// CHECK-NOT: tensor.

func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<4x1x3xf32>, %s: tensor<f32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x2x3xf32>, tensor<2x3xf32>, tensor<f32>) {
  %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = graph.sub %b, %a : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = graph.mul %a, %c : (tensor<2x3xf32>, tensor<4x1x3xf32>) -> tensor<4x2x3xf32>
  %3 = graph.div %a, %s : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %4 = graph.add %s, %s : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %0, %1, %2, %3, %4 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x2x3xf32>, tensor<2x3xf32>, tensor<f32>
}

func.func @f16_elementwise(%a: tensor<8xf16>, %b: tensor<8xf16>) -> tensor<8xf16> {
  %0 = graph.mul %a, %b : (tensor<8xf16>, tensor<8xf16>) -> tensor<8xf16>
  return %0 : tensor<8xf16>
}

func.func @relu(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = graph.relu %x : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %v: tensor<3xf32>,
                  %ba: tensor<2x1x4x8xf32>, %bb: tensor<3x8x16xf32>)
    -> (tensor<2x4xf32>, tensor<4xf32>, tensor<2xf32>, tensor<f32>, tensor<2x3x4x16xf32>) {
  %0 = graph.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = graph.matmul %v, %b : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  %2 = graph.matmul %a, %v : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
  %3 = graph.matmul %v, %v : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  %4 = graph.matmul %ba, %bb : (tensor<2x1x4x8xf32>, tensor<3x8x16xf32>) -> tensor<2x3x4x16xf32>
  return %0, %1, %2, %3, %4 : tensor<2x4xf32>, tensor<4xf32>, tensor<2xf32>, tensor<f32>, tensor<2x3x4x16xf32>
}

func.func @gemm(%a: tensor<4x8xf32>, %b: tensor<16x8xf32>, %c: tensor<16xf32>, %at: tensor<8x4xf32>,
                %b2: tensor<8x16xf32>) -> (tensor<4x16xf32>, tensor<4x16xf32>) {
  %0 = graph.gemm %a, %b, %c {alpha = 0.5 : f32, transB = true}
         : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  %1 = graph.gemm %at, %b2 {transA = true} : (tensor<8x4xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %0, %1 : tensor<4x16xf32>, tensor<4x16xf32>
}

func.func @softmax(%x: tensor<2x10xf32>) -> (tensor<2x10xf32>, tensor<2x10xf32>) {
  %0 = graph.softmax %x {axis = 0 : i64} : tensor<2x10xf32>
  %1 = graph.softmax %x : tensor<2x10xf32>
  return %0, %1 : tensor<2x10xf32>, tensor<2x10xf32>
}

func.func @reshape_transpose(%x: tensor<2x3x4xf32>) -> (tensor<6x4xf32>, tensor<2x4x3xf32>) {
  %0 = graph.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = graph.transpose %x perm = [0, 2, 1] : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
  return %0, %1 : tensor<6x4xf32>, tensor<2x4x3xf32>
}

func.func @mlp(%x: tensor<4x784xf32>, %w1: tensor<784x128xf32>, %b1: tensor<128xf32>,
               %w2: tensor<10x128xf32>, %b2: tensor<10xf32>) -> tensor<4x10xf32> {
  %0 = graph.matmul %x, %w1 : (tensor<4x784xf32>, tensor<784x128xf32>) -> tensor<4x128xf32>
  %1 = graph.add %0, %b1 : (tensor<4x128xf32>, tensor<128xf32>) -> tensor<4x128xf32>
  %2 = graph.relu %1 : tensor<4x128xf32>
  %3 = graph.gemm %2, %w2, %b2 {transB = true} : (tensor<4x128xf32>, tensor<10x128xf32>, tensor<10xf32>) -> tensor<4x10xf32>
  %4 = graph.softmax %3 {axis = 1 : i64} : tensor<4x10xf32>
  return %4 : tensor<4x10xf32>
}

func.func @reshapes(%x: tensor<2x6xf32>, %s: tensor<f32>) -> (tensor<3x4xf32>, tensor<1xf32>, tensor<6x2xf32>) {
  %0 = graph.reshape %x : tensor<2x6xf32> -> tensor<3x4xf32>
  %1 = graph.reshape %s : tensor<f32> -> tensor<1xf32>
  %2 = graph.transpose %x perm = [1, 0] : tensor<2x6xf32> -> tensor<6x2xf32>
  return %0, %1, %2 : tensor<3x4xf32>, tensor<1xf32>, tensor<6x2xf32>
}

func.func @constants(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %c = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = graph.mul %x, %c : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
