// RUN: octet-opt --split-input-file --octet-convert-precision="precision=fp8 weights-only=true" %s | FileCheck %s --check-prefix=FP8
// RUN: octet-opt --split-input-file --octet-convert-precision="precision=fp8 fp8-format=e5m2 weights-only=true" %s | FileCheck %s --check-prefix=E5M2
// RUN: octet-opt --split-input-file --octet-convert-precision="precision=bf16 weights-only=true" %s | FileCheck %s --check-prefix=BF16
// RUN: not octet-opt --octet-convert-precision="precision=fp8" %s 2>&1 | FileCheck %s --check-prefix=NOCAL

// A MatMul weight [4, 8]: one scale per column (amax / 448); column 0
// holds 1..4 (amax 4, scale 4/448), column 1 is all zeros (scale 1), the
// others 0.5 (scale 0.5/448). The codes are E4M3FN; the small bias
// becomes bf16. Activations stay f32.
// FP8-LABEL: func.func @matmul
// FP8-DAG: %[[S:.*]] = arith.constant dense<{{\[\[}}0.00892857183, 1.000000e+00, 0.00111607148, 0.00111607148, 0.00111607148, 0.00111607148, 0.00111607148, 0.00111607148]]> : tensor<1x8xf32>
// FP8-DAG: %[[Q:.*]] = arith.constant dense<{{.*}}> : tensor<4x8xf8E4M3FN>
// FP8-DAG: %[[W:.*]] = graph.dequantize %[[Q]], %[[S]] : (tensor<4x8xf8E4M3FN>, tensor<1x8xf32>) -> tensor<4x8xf32>
// FP8-DAG: %[[BQ:.*]] = arith.constant dense<{{.*}}> : tensor<16xbf16>
// FP8-DAG: %[[B:.*]] = graph.dequantize %[[BQ]] : (tensor<16xbf16>) -> tensor<16xf32>
// FP8: graph.matmul %{{.*}}, %[[W]] : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
// FP8: graph.add %{{.*}}, %[[B]]
// E5M2: tensor<4x8xf8E5M2>
// BF16-LABEL: func.func @matmul
// BF16: %[[Q:.*]] = arith.constant dense<{{.*}}> : tensor<4x8xbf16>
// BF16: %[[W:.*]] = graph.dequantize %[[Q]] : (tensor<4x8xbf16>) -> tensor<4x8xf32>
// BF16: graph.matmul %{{.*}}, %[[W]] : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
// NOCAL: error: FP8 activations need ranges from calibration data (activation-amax); use weights-only without them
func.func @matmul(%x: tensor<2x4xf32>) -> tensor<2x16xf32> {
  %w = arith.constant dense<[[1.0, 0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
                             [2.0, 0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
                             [3.0, 0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
                             [-4.0, 0.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]]> : tensor<4x8xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]> : tensor<16xf32>
  %0 = graph.matmul %x, %w : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  %1 = graph.concat %0, %0 {axis = 1 : i64} : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x16xf32>
  %2 = graph.add %1, %b : (tensor<2x16xf32>, tensor<16xf32>) -> tensor<2x16xf32>
  return %2 : tensor<2x16xf32>
}

// -----

// A Conv filter [M=2, C=1, 3, 3] gets one scale per output channel (axis 0);
// a splat constant is left alone.
// FP8-LABEL: func.func @conv
// FP8: graph.dequantize %{{.*}}, %{{.*}} : (tensor<2x1x3x3xf8E4M3FN>, tensor<2x1x1x1xf32>) -> tensor<2x1x3x3xf32>
// FP8-NOT: graph.dequantize
func.func @conv(%x: tensor<1x1x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]],
                             [[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]]]]> : tensor<2x1x3x3xf32>
  %s = arith.constant dense<2.0> : tensor<1x2x3x3xf32>
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, pads_end = array<i64: 0, 0>, groups = 1 : i64} : (tensor<1x1x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x3x3xf32>
  %1 = graph.mul %0, %s : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}
