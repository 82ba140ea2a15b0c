// RUN: octet-opt --octet-convert-precision="precision=fp8 activation-amax=4.48,0" %s | FileCheck %s
// RUN: not octet-opt --octet-convert-precision="precision=fp8 activation-amax=1" %s 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not octet-opt --octet-convert-precision="precision=fp8" %s 2>&1 | FileCheck %s --check-prefix=NONE

// Post-training FP8 quantizes the inputs of layers with weights, as NVIDIA
// ModelOpt's default recipe: here %x and %h, the A operands of MatMuls whose
// B is a constant. The product of two activations (%s . %s, attention's
// Q.K^T) stays f32. Each is divided by its scale (amax / 448: 0.01, and 1
// for a zero range), cast to E4M3FN with saturation and dequantized for
// the contractions only; the Relu still reads the f32 %h. (A splat weight
// is not worth compressing.)
// CHECK-LABEL: func.func @ptq
// CHECK-SAME: (%[[X:.*]]: tensor<16x16xf32>)
// CHECK: %[[SX:.*]] = arith.constant dense<0.00999999977> : tensor<f32>
// CHECK: %[[DX:.*]] = graph.div %[[X]], %[[SX]]
// CHECK: %[[QX:.*]] = graph.cast %[[DX]] {saturate} : tensor<16x16xf32> -> tensor<16x16xf8E4M3FN>
// CHECK: %[[X8:.*]] = graph.dequantize %[[QX]], %[[SX]] : (tensor<16x16xf8E4M3FN>, tensor<f32>) -> tensor<16x16xf32>
// CHECK: %[[W:.*]] = arith.constant dense<2.500000e-01> : tensor<16x16xf32>
// CHECK: %[[H:.*]] = graph.matmul %[[X8]], %[[W]]
// CHECK: %[[SH:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[H8:.*]] = graph.dequantize %{{.*}}, %[[SH]]
// CHECK: %[[R:.*]] = graph.relu %[[H]] : tensor<16x16xf32>
// CHECK: %[[S:.*]] = graph.matmul %[[H8]], %[[W]]
// CHECK-NOT: graph.dequantize
// CHECK: graph.matmul %[[S]], %[[S]] : (tensor<16x16xf32>, tensor<16x16xf32>)
func.func @ptq(%x: tensor<16x16xf32>) -> (tensor<16x16xf32>, tensor<16x16xf32>) {
  %w = arith.constant dense<0.25> : tensor<16x16xf32>
  %h = graph.matmul %x, %w : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %r = graph.relu %h : tensor<16x16xf32>
  %s = graph.matmul %h, %w : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %t = graph.matmul %s, %s : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  return %r, %t : tensor<16x16xf32>, tensor<16x16xf32>
}
// COUNT: error: expected 2 activation ranges, got 1
// NONE: error: FP8 activations need ranges from calibration data (activation-amax); use weights-only without them

