// RUN: octet-opt %s --convert-graph-to-linalg --split-input-file | FileCheck %s

// Each elementwise unary op becomes one parallel linalg.generic whose body is
// the function on one element; the formulas are ONNX's, in numerically safe
// forms.

// CHECK-LABEL: func.func @exp
// CHECK:         linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK:           %[[E:.*]] = math.exp %{{.*}} : f32
// CHECK:           linalg.yield %[[E]]
func.func @exp(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = graph.exp %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Round is round-half-to-even.
// CHECK-LABEL: func.func @round
// CHECK:           math.roundeven
func.func @round(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.round %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// sigmoid(x) = 1 / (1 + e^-x)
// CHECK-LABEL: func.func @sigmoid
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[N:.*]] = arith.negf %[[X]]
// CHECK:           %[[E:.*]] = math.exp %[[N]]
// CHECK:           %[[D:.*]] = arith.addf %{{.*}}, %[[E]]
// CHECK:           %[[R:.*]] = arith.divf %{{.*}}, %[[D]]
// CHECK:           linalg.yield %[[R]]
func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.sigmoid %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// softplus(x) = max(x, 0) + log1p(e^-|x|): e^x never overflows.
// CHECK-LABEL: func.func @softplus
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[A:.*]] = math.absf %[[X]]
// CHECK:           %[[N:.*]] = arith.negf %[[A]]
// CHECK:           %[[E:.*]] = math.exp %[[N]]
// CHECK:           %[[L:.*]] = math.log1p %[[E]]
// CHECK:           %[[M:.*]] = arith.maximumf %[[X]], %{{.*}}
// CHECK:           %[[S:.*]] = arith.addf %[[M]], %[[L]]
// CHECK:           linalg.yield %[[S]]
func.func @softplus(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.softplus %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// selu with ONNX's default alpha and gamma: gamma * x for x > 0, else
// gamma * alpha * expm1(x).
// CHECK-LABEL: func.func @selu
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[E:.*]] = math.expm1 %[[X]]
// CHECK:           %[[GA:.*]] = arith.constant 1.75809932 : f32
// CHECK:           %[[NEG:.*]] = arith.mulf %[[GA]], %[[E]]
// CHECK:           %[[G:.*]] = arith.constant 1.05070102 : f32
// CHECK:           %[[POS:.*]] = arith.mulf %[[G]], %[[X]]
// CHECK:           %[[C:.*]] = arith.cmpf ogt, %[[X]], %{{.*}}
// CHECK:           arith.select %[[C]], %[[POS]], %[[NEG]]
func.func @selu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.selu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// gelu: x / 2 * (1 + erf(x / sqrt 2)), and the tanh form.
// CHECK-LABEL: func.func @gelu
// CHECK:           %[[S:.*]] = arith.constant 0.707106769 : f32
// CHECK:           math.erf
// CHECK-LABEL: func.func @gelu_tanh
// CHECK:           arith.constant 4.471500e-02 : f32
// CHECK:           arith.constant 0.797884583 : f32
// CHECK:           math.tanh
// CHECK-NOT:       math.erf
func.func @gelu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.gelu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @gelu_tanh(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.gelu %x {tanh_approximation} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// sign keeps zeros and NaN as they are.
// CHECK-LABEL: func.func @sign
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[LT:.*]] = arith.cmpf olt, %[[X]], %{{.*}}
// CHECK:           %[[N:.*]] = arith.select %[[LT]], %{{.*}}, %[[X]]
// CHECK:           %[[GT:.*]] = arith.cmpf ogt, %[[X]], %{{.*}}
// CHECK:           arith.select %[[GT]], %{{.*}}, %[[N]]
func.func @sign(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.sign %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// shrink with bias 1 and the default lambd 0.5.
// CHECK-LABEL: func.func @shrink
// CHECK-DAG:       %[[B:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG:       %[[L:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG:       %[[NL:.*]] = arith.constant -5.000000e-01 : f32
// CHECK:           arith.cmpf ogt, %{{.*}}, %[[L]]
// CHECK:           arith.cmpf olt, %{{.*}}, %[[NL]]
func.func @shrink(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.shrink %x {bias = 1.0 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}
