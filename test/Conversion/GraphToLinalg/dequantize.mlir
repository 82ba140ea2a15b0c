// RUN: octet-opt --convert-graph-to-linalg %s | FileCheck %s

// graph.dequantize: one elementwise generic reading the narrow codes and
// the broadcast scale, widening with arith.extf and scaling in f32.
// CHECK-LABEL: func.func @fp8_per_channel
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<4x8xf8E4M3FN>, tensor<8xf32>)
// CHECK: ^bb0(%[[Q:.*]]: f8E4M3FN, %[[S:.*]]: f32, %{{.*}}: f32):
// CHECK:   %[[W:.*]] = arith.extf %[[Q]] : f8E4M3FN to f32
// CHECK:   %[[R:.*]] = arith.mulf %[[W]], %[[S]] : f32
// CHECK:   linalg.yield %[[R]] : f32
func.func @fp8_per_channel(%q: tensor<4x8xf8E4M3FN>, %s: tensor<1x8xf32>) -> tensor<4x8xf32> {
  %0 = graph.dequantize %q, %s : (tensor<4x8xf8E4M3FN>, tensor<1x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// Without a scale it is a widening only.
// CHECK-LABEL: func.func @bf16_unscaled
// CHECK: ^bb0(%[[Q:.*]]: bf16, %{{.*}}: f32):
// CHECK:   %[[W:.*]] = arith.extf %[[Q]] : bf16 to f32
// CHECK:   linalg.yield %[[W]] : f32
func.func @bf16_unscaled(%q: tensor<16xbf16>) -> tensor<16xf32> {
  %0 = graph.dequantize %q : (tensor<16xbf16>) -> tensor<16xf32>
  return %0 : tensor<16xf32>
}
