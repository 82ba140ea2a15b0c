// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-fuse-elementwise))' %s | FileCheck %s
// Which producers fuse into their consumers: into an elementwise consumer
// always (one use); into a MatMul (generalized first) only a producer that
// widens narrow data (FP8 weights dequantized) or only rounds an f32 input to
// bf16; a tanh before a MatMul keeps
// its own kernel instead of being recomputed per output column.

#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>

// CHECK-LABEL: func.func @mlp(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x8xf32>, %[[W8:[^:]+]]: tensor<8x16xf8E4M3FN>, %[[SCALE:[^:]+]]: tensor<16xf32>, %[[W:[^:]+]]: tensor<16x2xf32>)
// The dequantization is in the first MatMul, which reads the FP8 weights.
// CHECK: %[[H:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]], %[[W8]], %[[SCALE]] : tensor<4x8xf32>, tensor<8x16xf8E4M3FN>, tensor<16xf32>)
// CHECK: arith.extf %{{.+}} : f8E4M3FN to f32
// The tanh stays a kernel of its own.
// CHECK: %[[T:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%[[H]] : tensor<4x16xf32>)
// CHECK: math.tanh
// CHECK: %[[Y:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[T]], %[[W]] : tensor<4x16xf32>, tensor<16x2xf32>)
// CHECK-NOT: math.tanh
// The two elementwise ops after it are one.
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%[[Y]] : tensor<4x2xf32>)
// CHECK: arith.negf
// CHECK: math.exp
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @mlp(%x: tensor<4x8xf32>, %w8: tensor<8x16xf8E4M3FN>, %scale: tensor<16xf32>, %w: tensor<16x2xf32>) -> tensor<4x2xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x16xf32>
  %wide = linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]} ins(%w8, %scale : tensor<8x16xf8E4M3FN>, tensor<16xf32>) outs(%e : tensor<8x16xf32>) {
  ^bb0(%q: f8E4M3FN, %s: f32, %o: f32):
    %f = arith.extf %q : f8E4M3FN to f32
    %m = arith.mulf %f, %s : f32
    linalg.yield %m : f32
  } -> tensor<8x16xf32>
  %e1 = tensor.empty() : tensor<4x16xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4x16xf32>) -> tensor<4x16xf32>
  %h = linalg.matmul ins(%x, %wide : tensor<4x8xf32>, tensor<8x16xf32>) outs(%f1 : tensor<4x16xf32>) -> tensor<4x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%h : tensor<4x16xf32>) outs(%e1 : tensor<4x16xf32>) {
  ^bb0(%a: f32, %o: f32):
    %t = math.tanh %a : f32
    linalg.yield %t : f32
  } -> tensor<4x16xf32>
  %e2 = tensor.empty() : tensor<4x2xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<4x2xf32>) -> tensor<4x2xf32>
  %y = linalg.matmul ins(%r, %w : tensor<4x16xf32>, tensor<16x2xf32>) outs(%f2 : tensor<4x2xf32>) -> tensor<4x2xf32>
  %e3 = tensor.empty() : tensor<4x2xf32>
  %n = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<4x2xf32>) outs(%e3 : tensor<4x2xf32>) {
  ^bb0(%a: f32, %o: f32):
    %v = arith.negf %a : f32
    linalg.yield %v : f32
  } -> tensor<4x2xf32>
  %z = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%n : tensor<4x2xf32>) outs(%e3 : tensor<4x2xf32>) {
  ^bb0(%a: f32, %o: f32):
    %v = math.exp %a : f32
    linalg.yield %v : f32
  } -> tensor<4x2xf32>
  return %z : tensor<4x2xf32>
}

// A Gather from an FP8 table dequantized per row: the dequantization is
// computed at the gather's tensor.extract, for the element read (the code
// and its row's scale), instead of a loop over the whole table.

// CHECK-LABEL: func.func @gather_dequantized(
// CHECK-SAME:      %[[CODES:[^:]+]]: tensor<100x8xf8E4M3FN>, %[[SCALES:[^:]+]]: tensor<100xf32>, %[[IDS:[^:]+]]: tensor<4xindex>)
// CHECK-NOT:     tensor<100x8xf32>
// CHECK:         linalg.generic
// CHECK-SAME:        ins(%[[IDS]] : tensor<4xindex>)
// CHECK:           %[[J:.+]] = linalg.index 1
// CHECK:           %[[CODE:.+]] = tensor.extract %[[CODES]][%[[ROW:.+]], %[[J]]] : tensor<100x8xf8E4M3FN>
// CHECK:           %[[SCALE:.+]] = tensor.extract %[[SCALES]][%[[ROW]]] : tensor<100xf32>
// CHECK:           %[[WIDE:.+]] = arith.extf %[[CODE]] : f8E4M3FN to f32
// CHECK:           %[[VALUE:.+]] = arith.mulf %[[WIDE]], %[[SCALE]] : f32
// CHECK:           linalg.yield %[[VALUE]]
#table = affine_map<(d0, d1) -> (d0, d1)>
#rows = affine_map<(d0, d1) -> (d0)>
func.func @gather_dequantized(%codes: tensor<100x8xf8E4M3FN>, %scales: tensor<100xf32>, %ids: tensor<4xindex>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<100x8xf32>
  %table = linalg.generic {indexing_maps = [#table, #rows, #table], iterator_types = ["parallel", "parallel"]}
      ins(%codes, %scales : tensor<100x8xf8E4M3FN>, tensor<100xf32>) outs(%e : tensor<100x8xf32>) {
  ^bb0(%c: f8E4M3FN, %s: f32, %out: f32):
    %w = arith.extf %c : f8E4M3FN to f32
    %v = arith.mulf %w, %s : f32
    linalg.yield %v : f32
  } -> tensor<100x8xf32>
  %g = tensor.empty() : tensor<4x8xf32>
  %r = linalg.generic {indexing_maps = [#rows, #table], iterator_types = ["parallel", "parallel"]}
      ins(%ids : tensor<4xindex>) outs(%g : tensor<4x8xf32>) {
  ^bb0(%row: index, %out: f32):
    %j = linalg.index 1 : index
    %x = tensor.extract %table[%row, %j] : tensor<100x8xf32>
    linalg.yield %x : f32
  } -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// A bf16 model's f32 input rounded to bf16 for the MatMul that reads it: the
// rounding moves into the MatMul, which reads the f32 input (the widening
// after it cancels later, inside the kernel). Any other f32 -> bf16 producer
// of a MatMul operand, one that also computes, keeps its kernel.
// CHECK-LABEL: func.func @input_cast(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x8xf32>, %[[W:[^:]+]]: tensor<8x2xbf16>, %[[V:[^:]+]]: tensor<4x8xf32>)
// CHECK: %[[N:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%[[V]] : tensor<4x8xf32>)
// CHECK: arith.negf
// CHECK: arith.truncf
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]], %[[W]] : tensor<4x8xf32>, tensor<8x2xbf16>)
// CHECK: arith.truncf %{{.+}} : f32 to bf16
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[N]], %[[W]] : tensor<4x8xbf16>, tensor<8x2xbf16>)
func.func @input_cast(%x: tensor<4x8xf32>, %w: tensor<8x2xbf16>, %v: tensor<4x8xf32>) -> (tensor<4x2xf32>, tensor<4x2xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x8xbf16>
  %xb = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xbf16>) {
  ^bb0(%a: f32, %o: bf16):
    %t = arith.truncf %a : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<4x8xbf16>
  %vb = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%v : tensor<4x8xf32>) outs(%e : tensor<4x8xbf16>) {
  ^bb0(%a: f32, %o: bf16):
    %n = arith.negf %a : f32
    %t = arith.truncf %n : f32 to bf16
    linalg.yield %t : bf16
  } -> tensor<4x8xbf16>
  %e1 = tensor.empty() : tensor<4x2xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4x2xf32>) -> tensor<4x2xf32>
  %y = linalg.matmul ins(%xb, %w : tensor<4x8xbf16>, tensor<8x2xbf16>) outs(%f1 : tensor<4x2xf32>) -> tensor<4x2xf32>
  %z = linalg.matmul ins(%vb, %w : tensor<4x8xbf16>, tensor<8x2xbf16>) outs(%f1 : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %y, %z : tensor<4x2xf32>, tensor<4x2xf32>
}
