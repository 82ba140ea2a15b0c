// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-duplicate-shared-fills))' %s | FileCheck %s
// Two row sums that start from one (CSE-merged) zero fill: each gets its own
// tensor.empty and fill just before it, so that bufferization writes each in
// place instead of copying the shared filled buffer, and each fill can be
// folded into its reduction. The shared fill goes.

// CHECK-LABEL: func.func @two_sums(
// CHECK-NOT:     linalg.fill
// CHECK:         %[[E1:.+]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT:    %[[F1:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[E1]] : tensor<4xf32>)
// CHECK-NEXT:    linalg.generic {{.*}} outs(%[[F1]] : tensor<4xf32>)
// CHECK:         %[[E2:.+]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT:    %[[F2:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[E2]] : tensor<4xf32>)
// CHECK-NEXT:    linalg.generic {{.*}} outs(%[[F2]] : tensor<4xf32>)
// CHECK-NOT:     linalg.fill
#rows = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @two_sums(%x: tensor<4x8xf32>, %y: tensor<4x8xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %a = linalg.generic {indexing_maps = [#rows, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x8xf32>) outs(%f : tensor<4xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %in, %acc : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  %b = linalg.generic {indexing_maps = [#rows, #row], iterator_types = ["parallel", "reduction"]}
      ins(%y : tensor<4x8xf32>) outs(%f : tensor<4xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %in, %acc : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}
