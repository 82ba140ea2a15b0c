// RUN: octet-opt %s --convert-graph-to-linalg --split-input-file | FileCheck %s

// Slice, Tile and Concat are gathers: a linalg.generic over the result that
// computes the input index from linalg.index and reads it with tensor.extract.
// Expand is a broadcasting elementwise copy.

// CHECK-LABEL: func.func @slice
// CHECK:         linalg.generic {{.*}}outs(%{{.*}} : tensor<2x4xf32>)
// CHECK:           %[[I:.*]] = linalg.index 0 : index
// CHECK:           %[[J:.*]] = linalg.index 1 : index
// CHECK:           %[[JS:.*]] = arith.muli %[[J]], %c-3
// CHECK:           %[[J0:.*]] = arith.addi %[[JS]], %c9
// CHECK:           tensor.extract %{{.*}}[%{{.*}}, %[[J0]]] : tensor<4x10xf32>
func.func @slice(%x: tensor<4x10xf32>) -> tensor<2x4xf32> {
  %0 = graph.slice %x {starts = array<i64: 1, 9>, steps = array<i64: 1, -3>} : tensor<4x10xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @tile
// CHECK:           arith.remui %{{.*}}, %c2
// CHECK:           arith.remui %{{.*}}, %c3
// CHECK:           tensor.extract
func.func @tile(%x: tensor<2x3xf32>) -> tensor<4x9xf32> {
  %0 = graph.tile %x : tensor<2x3xf32> -> tensor<4x9xf32>
  return %0 : tensor<4x9xf32>
}

// -----

// Each input is read at an index clamped into its own range, then the one the
// element belongs to is selected.
// CHECK-LABEL: func.func @concat
// CHECK-SAME:      (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x5xf32>)
// CHECK:           %[[VB:.*]] = tensor.extract %[[B]]
// CHECK:           %[[VA:.*]] = tensor.extract %[[A]]
// CHECK:           %[[IN_A:.*]] = arith.cmpi slt, %{{.*}}, %c3
// CHECK:           arith.select %[[IN_A]], %[[VA]], %[[VB]]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> tensor<2x8xf32> {
  %0 = graph.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func.func @expand
// CHECK:         tensor.collapse_shape
// CHECK:         linalg.generic {indexing_maps = [#[[COL]], {{.*}}]
func.func @expand(%x: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = graph.expand %x : tensor<3x1xf32> -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Pad, reflect mode: |o - pad|, then 2 * (size - 1) minus it past the end;
// constant mode: the value outside the input.
// CHECK-LABEL: func.func @pad_reflect
// CHECK:           arith.subi %{{.*}}, %c1
// CHECK:           arith.maxsi
// CHECK:           arith.subi %c8
// CHECK:           arith.minsi
// CHECK:           tensor.extract
// CHECK-LABEL: func.func @pad_constant
// CHECK:           %[[V:.*]] = tensor.extract %{{.*}}[] : tensor<f32>
// CHECK:           arith.select %{{.*}}, %{{.*}}, %[[V]] : f32
func.func @pad_reflect(%x: tensor<3x5xf32>) -> tensor<3x7xf32> {
  %0 = graph.pad %x {mode = "reflect", pads_begin = array<i64: 0, 1>} : (tensor<3x5xf32>) -> tensor<3x7xf32>
  return %0 : tensor<3x7xf32>
}
func.func @pad_constant(%x: tensor<3x5xf32>, %v: tensor<f32>) -> tensor<4x5xf32> {
  %0 = graph.pad %x, %v {mode = "constant", pads_begin = array<i64: 1, 0>} : (tensor<3x5xf32>, tensor<f32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// Resize, linear: per resized dimension the f32 source coordinate
// (half_pixel: (o + 0.5) / s - 0.5), clamped, its floor and the next index;
// the four neighbours are blended in f32. Unresized dimensions are read at
// the result's own index.
// CHECK-LABEL: func.func @resize_linear
// CHECK:         linalg.generic
// CHECK:           %[[I0:.*]] = linalg.index 0 : index
// CHECK:           arith.uitofp %{{.*}} : i64 to f32
// CHECK:           arith.divf %{{.*}}, %{{.*}} : f32
// CHECK:           math.floor
// CHECK-COUNT-4:   tensor.extract %{{.*}}[%[[I0]], %{{.*}}, %{{.*}}] : tensor<1x2x3xf32>
func.func @resize_linear(%x: tensor<1x2x3xf32>) -> tensor<1x4x6xf32> {
  %0 = graph.resize %x {mode = "linear", coordinate_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f32: 1.0, 2.0, 2.0>} : tensor<1x2x3xf32> -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// -----

// Resize, cubic, one resized dimension: the four neighbours floor(x) - 1 ...
// floor(x) + 2, clamped into [0, 4]; with exclude_outside a neighbour outside
// the input gets weight 0 and the weights are divided by their sum.
// CHECK-LABEL: func.func @resize_cubic
// CHECK:         linalg.generic
// CHECK:           math.floor
// CHECK:           arith.fptosi %{{.*}} : f32 to i64
// CHECK-COUNT-4:   arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
// CHECK-COUNT-4:   arith.divf %{{.*}}, %{{.*}} : f32
// CHECK-COUNT-4:   tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<2x5xf32>
func.func @resize_cubic(%x: tensor<2x5xf32>) -> tensor<2x8xf32> {
  %0 = graph.resize %x {mode = "cubic", coordinate_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f32: 1.0, 1.6>, cubic_coeff_a = -0.5 : f32, exclude_outside} : tensor<2x5xf32> -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// GridSample, linear, zeros padding: the two grid coordinates (x for the
// last dimension first) denormalized to pixels, then the four neighbours,
// each read at a clamped index and replaced by 0 outside the image.
// CHECK-LABEL: func.func @grid_sample
// CHECK:         linalg.generic
// CHECK-COUNT-2:   tensor.extract %{{.*}} : tensor<1x3x4x2xf32>
// CHECK:           math.floor
// CHECK-COUNT-4:   tensor.extract %{{.*}} : tensor<1x2x5x6xf32>
// CHECK:           linalg.yield
func.func @grid_sample(%x: tensor<1x2x5x6xf32>, %g: tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32> {
  %0 = graph.grid_sample %x, %g {mode = "linear", padding_mode = "zeros"} : (tensor<1x2x5x6xf32>, tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}
