// RUN: octet-opt %s --convert-graph-to-linalg --split-input-file | FileCheck %s

// Conv: parallel over [n, m, oh, ow], reduction over [c, kh, kw]; the filter
// is an input read through (m, c, kh, kw); the accumulator starts at the
// bias, set after the padding (so that its loop joins the convolution's).
// A padded input is first padded with zeros (tensor.pad: 1 before,
// and after as far as the last window reaches: (4 - 1) * 2 + 2 = 8, so 9
// positions), which the convolution reads with tensor.extract at
// o * stride + k * dilation with no bounds checks. (octet-pad-in-producers
// decides how the padding is written.)

// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv(
// CHECK-SAME:      %[[IN:[^:]+]]: tensor<1x2x7x7xf32>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[PAD:.*]] = tensor.pad %[[IN]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:           tensor.yield %[[ZERO]] : f32
// CHECK:         } : tensor<1x2x7x7xf32> to tensor<1x2x9x9xf32>
// CHECK:         %[[INIT:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<4xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[FILTER]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME:        ins(%{{.*}} : tensor<4x2x3x3xf32>) outs(%[[INIT]] : tensor<1x4x4x4xf32>)
// CHECK:           arith.muli %{{.*}}, %c2
// CHECK-NOT:       arith.cmpi
// CHECK:           %[[X:.*]] = tensor.extract %[[PAD]]
// CHECK-NOT:       arith.select
// CHECK:           %[[P:.*]] = arith.mulf %[[X]], %{{.*}}
// CHECK:           arith.addf %{{.*}}, %[[P]]
func.func @conv(%x: tensor<1x2x7x7xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = graph.conv %x, %w, %b {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x2x7x7xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// Grouped: input channel = (m / (M / groups)) * (C / groups) + c. Without
// padding, the input is read as it is.
// CHECK-LABEL: func.func @depthwise
// CHECK-NOT:       tensor<1x3x7x7xf32>
// CHECK:           %[[G:.*]] = arith.divui %{{.*}}, %c1
// CHECK:           arith.muli %[[G]], %c1
func.func @depthwise(%x: tensor<1x3x5x5xf32>, %w: tensor<3x1x3x3xf32>) -> tensor<1x3x3x3xf32> {
  %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, groups = 3 : i64} : (tensor<1x3x5x5xf32>, tensor<3x1x3x3xf32>) -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// -----

// MaxPool starts from -inf and reads a copy of its input padded with -inf (1
// before, and after as far as the last window reaches: (3 - 1) * 2 + 2 = 6,
// so 7 positions), without bounds checks.
// CHECK-LABEL: func.func @max_pool
// CHECK-SAME:      %[[IN:[^:]+]]: tensor<1x2x6x6xf32>
// CHECK:         %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[PAD:.*]] = tensor.pad %[[IN]] low[0, 0, 1, 1] high[0, 0, 0, 0]
// CHECK:           tensor.yield %[[NEG]] : f32
// CHECK:         } : tensor<1x2x6x6xf32> to tensor<1x2x7x7xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[NEG]] : f32)
// CHECK:         linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK-SAME:        outs(%[[INIT]] : tensor<1x2x3x3xf32>)
// CHECK-NOT:       arith.cmpi
// CHECK:           tensor.extract %[[PAD]]
// CHECK-NOT:       arith.select
// CHECK:           arith.maximumf
func.func @max_pool(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32> {
  %0 = graph.max_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>} : tensor<1x2x6x6xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// AveragePool sums and counts in one generic (two results), then divides.
// CHECK-LABEL: func.func @average_pool
// CHECK:         %[[SC:.*]]:2 = linalg.generic
// CHECK:           linalg.yield %{{.*}}, %{{.*}} : f32, f32
// CHECK:         linalg.generic {{.*}} ins(%[[SC]]#0, %[[SC]]#1
// CHECK:           arith.divf
func.func @average_pool(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %0 = graph.average_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// ConvTranspose: loops [n, m, o1, o2, c', k1, k2]; the input is read where
// o + pad - k * dilation is a non-negative multiple of the stride below the
// input size, the filter at [group's channel, m mod M/g, k].
// CHECK-LABEL: func.func @conv_transpose
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]
// CHECK:           arith.divsi
// CHECK:           arith.remsi
// CHECK:           tensor.extract %{{.*}} : tensor<1x4x3x3xf32>
// CHECK:           tensor.extract %{{.*}} : tensor<4x2x3x3xf32>
// CHECK:           arith.select
func.func @conv_transpose(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x7x7xf32> {
  %0 = graph.conv_transpose %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, groups = 1 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x7x7xf32>
  return %0 : tensor<1x2x7x7xf32>
}

// -----

// MaxPool's indices: a window reduction that keeps the smallest flat
// row-major input position ((n * C + c) * H + h) * W + w among the elements
// equal to the maximum, starting from INT64_MAX.
// CHECK-LABEL: func.func @max_pool_indices
// CHECK:         %[[NONE:.*]] = arith.constant 9223372036854775807 : i64
// CHECK:         linalg.fill ins(%[[NONE]] : i64)
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK:           arith.cmpf oeq
// CHECK:           arith.index_cast %{{.*}} : index to i64
// CHECK:           arith.minsi
func.func @max_pool_indices(%x: tensor<1x2x4x4xf32>, %m: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xi64> {
  %0 = graph.max_pool_indices %x, %m {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>} : (tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xi64>
  return %0 : tensor<1x2x2x2xi64>
}
