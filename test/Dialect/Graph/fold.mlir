// RUN: octet-opt %s --canonicalize --split-input-file | FileCheck %s

// Small constants fold through data movement, casts and integer arithmetic,
// the way exported models compute shapes: Shape -> Gather -> Unsqueeze ->
// Concat -> Reshape becomes one constant.

// CHECK-LABEL: func.func @shape_chain
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<[2, -1]> : tensor<2xi64>
// CHECK-NEXT:    return %[[C]]
func.func @shape_chain() -> tensor<2xi64> {
  %shape = arith.constant dense<[2, 5, 8]> : tensor<3xi64>
  %zero = arith.constant dense<0> : tensor<i64>
  %minus1 = arith.constant dense<[-1]> : tensor<1xi64>
  %batch = graph.gather %shape, %zero {axis = 0 : i64} : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  %batch1 = graph.reshape %batch : tensor<i64> -> tensor<1xi64>
  %0 = graph.concat %batch1, %minus1 {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @int_arith
// CHECK-DAG:     arith.constant dense<[4, 6]> : tensor<2xi64>
// CHECK-DAG:     arith.constant dense<[true, false]> : tensor<2xi1>
// CHECK-DAG:     arith.constant dense<[-3, 4]> : tensor<2xi64>
// CHECK-NOT:     graph.
func.func @int_arith() -> (tensor<2xi64>, tensor<2xi1>, tensor<2xi64>) {
  %a = arith.constant dense<[1, 2]> : tensor<2xi64>
  %b = arith.constant dense<[3, 4]> : tensor<2xi64>
  %m = arith.constant dense<[-7, 9]> : tensor<2xi64>
  %two = arith.constant dense<2> : tensor<i64>
  %0 = graph.add %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %1 = graph.less %a, %two : (tensor<2xi64>, tensor<i64>) -> tensor<2xi1>
  %2 = graph.div %m, %two : (tensor<2xi64>, tensor<i64>) -> tensor<2xi64>
  return %0, %1, %2 : tensor<2xi64>, tensor<2xi1>, tensor<2xi64>
}

// -----

// Division by zero is left to the kernel.
// CHECK-LABEL: func.func @div_by_zero
// CHECK:         graph.div
func.func @div_by_zero() -> tensor<2xi64> {
  %a = arith.constant dense<[1, 2]> : tensor<2xi64>
  %z = arith.constant dense<[1, 0]> : tensor<2xi64>
  %0 = graph.div %a, %z : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @casts_and_moves
// CHECK-DAG:     arith.constant dense<[1.000000e+00, -2.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     arith.constant dense<[2, -3]> : tensor<2xi32>
// CHECK-DAG:     arith.constant dense<{{\[}}[1, 3], [2, 4]]> : tensor<2x2xi64>
// CHECK-DAG:     arith.constant dense<[3, 4]> : tensor<2xi64>
// CHECK-NOT:     graph.
func.func @casts_and_moves() -> (tensor<2xf32>, tensor<2xi32>, tensor<2x2xi64>, tensor<2xi64>) {
  %i = arith.constant dense<[1, -2]> : tensor<2xi64>
  %f = arith.constant dense<[2.7, -3.9]> : tensor<2xf32>
  %m = arith.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %0 = graph.cast %i : tensor<2xi64> -> tensor<2xf32>
  %1 = graph.cast %f : tensor<2xf32> -> tensor<2xi32>
  %2 = graph.transpose %m perm = [1, 0] : tensor<2x2xi64> -> tensor<2x2xi64>
  %3 = graph.slice %m {starts = array<i64: 1, 0>, steps = array<i64: 1, 1>} : tensor<2x2xi64> -> tensor<1x2xi64>
  %4 = graph.reshape %3 : tensor<1x2xi64> -> tensor<2xi64>
  return %0, %1, %2, %4 : tensor<2xf32>, tensor<2xi32>, tensor<2x2xi64>, tensor<2xi64>
}

// -----

// Integer Neg and Abs fold (wrapping, as the kernels do); float ones are
// left to the kernels.
// CHECK-LABEL: func.func @int_unary
// CHECK-DAG:     arith.constant dense<[2, -5]> : tensor<2xi64>
// CHECK-DAG:     arith.constant dense<[2, 5]> : tensor<2xi64>
// CHECK:         graph.neg %{{.*}} : tensor<2xf32>
func.func @int_unary() -> (tensor<2xi64>, tensor<2xi64>, tensor<2xf32>) {
  %a = arith.constant dense<[-2, 5]> : tensor<2xi64>
  %f = arith.constant dense<[-2.0, 5.0]> : tensor<2xf32>
  %0 = graph.neg %a : tensor<2xi64>
  %1 = graph.abs %a : tensor<2xi64>
  %2 = graph.neg %f : tensor<2xf32>
  return %0, %1, %2 : tensor<2xi64>, tensor<2xi64>, tensor<2xf32>
}

// -----

// Casts to 8-bit floats fold like the kernels compute them: nearest even,
// and with saturate the largest finite value (448 for E4M3FN) for floats
// and integers beyond it; without it, NaN.
// CHECK-LABEL: func.func @float8_casts
// CHECK-DAG: arith.constant dense<[4.480000e+02, -4.480000e+02, 1.000000e+00]> : tensor<3xf8E4M3FN>
// CHECK-DAG: arith.constant dense<[4.480000e+02, 3.200000e+01]> : tensor<2xf8E4M3FN>
// CHECK-DAG: arith.constant dense<[0x7F, 0xFF, 1.000000e+00]> : tensor<3xf8E4M3FN>
func.func @float8_casts() -> (tensor<3xf8E4M3FN>, tensor<2xf8E4M3FN>, tensor<3xf8E4M3FN>) {
  %f = arith.constant dense<[1000.0, 0xFF800000, 1.03]> : tensor<3xf32>
  %i = arith.constant dense<[1000, 32]> : tensor<2xi32>
  %0 = graph.cast %f {saturate} : tensor<3xf32> -> tensor<3xf8E4M3FN>
  %1 = graph.cast %i {saturate} : tensor<2xi32> -> tensor<2xf8E4M3FN>
  %2 = graph.cast %f : tensor<3xf32> -> tensor<3xf8E4M3FN>
  return %0, %1, %2 : tensor<3xf8E4M3FN>, tensor<2xf8E4M3FN>, tensor<3xf8E4M3FN>
}
