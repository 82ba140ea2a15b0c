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

// An epilogue (elementwise, reading a reduction's result) gets its own
// tensor.empty: sharing one with the op whose result the reduction reads
// would let bufferization put both in one buffer, and loop fusion could
// then not merge the epilogue into the reduction. Other ops keep theirs.

// CHECK-LABEL: func.func @epilogue(
// CHECK:         %[[E:.+]] = tensor.empty() : tensor<4x4xbf16>
// CHECK:         %[[P:.+]] = linalg.generic {{.*}} outs(%[[E]] : tensor<4x4xbf16>)
// CHECK:         %[[SUMS:.+]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK:         %[[OWN:.+]] = tensor.empty() : tensor<4x4xbf16>
// CHECK-NEXT:    linalg.generic {{.*}} ins(%[[SUMS]] : tensor<4x4xf32>) outs(%[[OWN]] : tensor<4x4xbf16>)
#id = affine_map<(d0, d1) -> (d0, d1)>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#b = affine_map<(d0, d1, d2) -> (d2, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @epilogue(%x: tensor<4x4xbf16>, %w: tensor<4x4xbf16>) -> tensor<4x4xbf16> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x4xbf16>
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x4xbf16>) outs(%e : tensor<4x4xbf16>) {
  ^bb0(%in: bf16, %out: bf16):
    %n = arith.negf %in : bf16
    linalg.yield %n : bf16
  } -> tensor<4x4xbf16>
  %ef = tensor.empty() : tensor<4x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%ef : tensor<4x4xf32>) -> tensor<4x4xf32>
  %sums = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%p, %w : tensor<4x4xbf16>, tensor<4x4xbf16>) outs(%f : tensor<4x4xf32>) {
  ^bb0(%l: bf16, %r: bf16, %acc: f32):
    %lw = arith.extf %l : bf16 to f32
    %rw = arith.extf %r : bf16 to f32
    %m = arith.mulf %lw, %rw : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x4xf32>
  %rounded = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sums : tensor<4x4xf32>) outs(%e : tensor<4x4xbf16>) {
  ^bb0(%in: f32, %out: bf16):
    %t = arith.truncf %in : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<4x4xbf16>
  return %rounded : tensor<4x4xbf16>
}
