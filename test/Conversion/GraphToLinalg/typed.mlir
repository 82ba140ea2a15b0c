// RUN: octet-opt %s --convert-graph-to-linalg --split-input-file | FileCheck %s

// Integer operands select the integer arith ops: signed division, min/max,
// and Python-style Mod (the remainder takes the divisor's sign).

// CHECK-LABEL: func.func @integer_arith
// CHECK:         arith.addi %{{.*}}, %{{.*}} : i64
// CHECK:         arith.divsi %{{.*}}, %{{.*}} : i64
// CHECK:         arith.maxsi %{{.*}}, %{{.*}} : i64
// CHECK:         %[[REM:.*]] = arith.remsi %[[A:.*]], %[[B:.*]] : i64
// CHECK-DAG:     arith.cmpi slt, %[[REM]]
// CHECK-DAG:     arith.cmpi slt, %[[B]]
// CHECK:         %[[FIX:.*]] = arith.addi %[[REM]], %[[B]] : i64
// CHECK:         arith.select %{{.*}}, %[[FIX]], %[[REM]] : i64
// CHECK:         arith.remsi %{{.*}}, %{{.*}} : i64
// CHECK-NEXT:    linalg.yield
func.func @integer_arith(%a: tensor<4xi64>, %b: tensor<4xi64>) -> (tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>) {
  %0 = graph.add %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %1 = graph.div %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %2 = graph.max %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %3 = graph.mod %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %4 = graph.mod %a, %b {fmod} : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0, %1, %2, %3, %4 : tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>, tensor<4xi64>
}

// -----

// Comparisons are ordered on floats and signed on integers; Where selects.
// CHECK-LABEL: func.func @compare_where
// CHECK:         arith.cmpf olt, %{{.*}}, %{{.*}} : f32
// CHECK:         arith.cmpi sge, %{{.*}}, %{{.*}} : i32
// CHECK:         %[[S:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
// CHECK-NEXT:    linalg.yield %[[S]] : f32
func.func @compare_where(%x: tensor<2x3xf32>, %y: tensor<3xf32>, %i: tensor<2x3xi32>, %j: tensor<2x3xi32>) -> (tensor<2x3xi1>, tensor<2x3xf32>) {
  %lt = graph.less %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %ge = graph.greater_or_equal %i, %j : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi1>
  %w = graph.where %lt, %x, %y : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %ge, %w : tensor<2x3xi1>, tensor<2x3xf32>
}

// -----

// Cast follows ONNX: float to integer truncates, anything to bool is x != 0,
// bool to a number is 0 or 1, f16 <-> bf16 goes through f32.
// CHECK-LABEL: func.func @casts
// CHECK:         arith.fptosi %{{.*}} : f32 to i32
// CHECK:         arith.cmpf une, %{{.*}}, %{{.*}} : f32
// CHECK:         arith.uitofp %{{.*}} : i1 to f32
// CHECK:         arith.extsi %{{.*}} : i32 to i64
// CHECK:         %[[W:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK:         arith.truncf %[[W]] : f32 to bf16
func.func @casts(%x: tensor<4xf32>, %b: tensor<4xi1>, %i: tensor<4xi32>, %h: tensor<4xf16>) -> (tensor<4xi32>, tensor<4xi1>, tensor<4xf32>, tensor<4xi64>, tensor<4xbf16>) {
  %0 = graph.cast %x : tensor<4xf32> -> tensor<4xi32>
  %1 = graph.cast %x : tensor<4xf32> -> tensor<4xi1>
  %2 = graph.cast %b : tensor<4xi1> -> tensor<4xf32>
  %3 = graph.cast %i : tensor<4xi32> -> tensor<4xi64>
  %4 = graph.cast %h : tensor<4xf16> -> tensor<4xbf16>
  return %0, %1, %2, %3, %4 : tensor<4xi32>, tensor<4xi1>, tensor<4xf32>, tensor<4xi64>, tensor<4xbf16>
}

// -----

// Gather reads the index, wraps a negative one, clamps it into range and
// reads the input there.
// CHECK-LABEL: func.func @gather
// CHECK:         linalg.generic
// CHECK:           %[[I0:.*]] = linalg.index 0 : index
// CHECK:           %[[I1:.*]] = linalg.index 1 : index
// CHECK:           %[[I2:.*]] = linalg.index 2 : index
// CHECK:           %[[RAW:.*]] = tensor.extract %{{.*}}[%[[I0]], %[[I1]]] : tensor<2x3xi64>
// CHECK:           %[[IDX:.*]] = arith.index_cast %[[RAW]] : i64 to index
// CHECK:           arith.cmpi slt, %[[IDX]]
// CHECK:           arith.maxsi
// CHECK:           %[[C:.*]] = arith.minsi
// CHECK:           tensor.extract %{{.*}}[%[[C]], %[[I2]]] : tensor<5x4xf32>
func.func @gather(%x: tensor<5x4xf32>, %i: tensor<2x3xi64>) -> tensor<2x3x4xf32> {
  %0 = graph.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Integer reductions start from the type's extreme; f16 sums accumulate in
// f32 and are rounded once.
// CHECK-LABEL: func.func @reduce_typed
// CHECK:         arith.constant 9223372036854775807 : i64
// CHECK:         arith.minsi
// CHECK:         linalg.fill ins(%{{.*}} : f32)
// CHECK:         %[[E:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK:         arith.addf %[[E]], %{{.*}} : f32
// CHECK:         arith.truncf %{{.*}} : f32 to f16
func.func @reduce_typed(%i: tensor<3x4xi64>, %h: tensor<3x4xf16>) -> (tensor<3xi64>, tensor<3xf16>) {
  %0 = graph.reduce_min %i {axes = array<i64: 1>} : tensor<3x4xi64> -> tensor<3xi64>
  %1 = graph.reduce_sum %h {axes = array<i64: 1>} : tensor<3x4xf16> -> tensor<3xf16>
  return %0, %1 : tensor<3xi64>, tensor<3xf16>
}

// -----

// GatherElements reads the index at the result's own position and replaces
// the axis coordinate with it (wrapped and clamped).
// CHECK-LABEL: func.func @gather_elements
// CHECK:           %[[I0:.*]] = linalg.index 0 : index
// CHECK:           %[[I1:.*]] = linalg.index 1 : index
// CHECK:           %[[RAW:.*]] = tensor.extract %{{.*}}[%[[I0]], %[[I1]]] : tensor<3x2xi64>
// CHECK:           %[[C:.*]] = arith.minsi
// CHECK:           tensor.extract %{{.*}}[%[[I0]], %[[C]]] : tensor<3x4xf32>
func.func @gather_elements(%x: tensor<3x4xf32>, %i: tensor<3x2xi64>) -> tensor<3x2xf32> {
  %0 = graph.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// CumSum: a reduction dimension j along the axis; element i adds x[j] where
// j > i (reverse, exclusive).
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @cumsum
// CHECK:         linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK:           %[[I:.*]] = linalg.index 1 : index
// CHECK:           %[[J:.*]] = linalg.index 2 : index
// CHECK:           %[[IN_RANGE:.*]] = arith.cmpi sgt, %[[J]], %[[I]] : index
// CHECK:           arith.select %[[IN_RANGE]]
// CHECK:           arith.addi
func.func @cumsum(%x: tensor<3x4xi32>) -> tensor<3x4xi32> {
  %0 = graph.cumsum %x {axis = 1 : i64, exclusive, reverse} : tensor<3x4xi32>
  return %0 : tensor<3x4xi32>
}

// -----

// f16 contractions accumulate in f32 and round the result to f16 once.
// CHECK-LABEL: func.func @f16_matmul
// CHECK:         %[[ACC:.*]] = linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x8xf16>, tensor<8x2xf16>) outs(%{{.*}} : tensor<4x2xf32>)
// CHECK:         linalg.generic
// CHECK:           arith.truncf %{{.*}} : f32 to f16
func.func @f16_matmul(%a: tensor<4x8xf16>, %b: tensor<8x2xf16>) -> tensor<4x2xf16> {
  %0 = graph.matmul %a, %b : (tensor<4x8xf16>, tensor<8x2xf16>) -> tensor<4x2xf16>
  return %0 : tensor<4x2xf16>
}

// -----

// Integer Pow: exponentiation by squaring over the exponent's 8 bits (an
// i8: 8 conditional products, 7 squarings), then the negative-exponent
// cases (1, +-1 or 0).
// CHECK-LABEL: func.func @int_pow
// CHECK:         linalg.generic
// CHECK-COUNT-8:   arith.shrui
// CHECK-NOT:       arith.shrui
// CHECK:           arith.cmpi slt
// CHECK:           arith.select
// CHECK:           linalg.yield
func.func @int_pow(%b: tensor<4xi8>, %e: tensor<4xi8>) -> tensor<4xi8> {
  %0 = graph.pow %b, %e : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// Integer PRelu multiplies and compares as integers; integer MatMul
// accumulates from an integer zero; integer ReduceMean divides (signed,
// truncating) and ReduceL2 takes the root in f64.
// CHECK-LABEL: func.func @int_prelu_matmul_reduce
// CHECK:         arith.muli
// CHECK:         arith.cmpi slt
// CHECK:         arith.constant 0 : i32
// CHECK:         linalg.matmul
// CHECK:         arith.divsi
// CHECK:         math.sqrt %{{.*}} : f64
// CHECK:         arith.fptosi %{{.*}} : f64 to i32
func.func @int_prelu_matmul_reduce(%x: tensor<3x4xi32>, %s: tensor<4xi32>, %w: tensor<4x2xi32>) -> (tensor<3x4xi32>, tensor<3x2xi32>, tensor<3xi32>, tensor<4xi32>) {
  %0 = graph.prelu %x, %s : (tensor<3x4xi32>, tensor<4xi32>) -> tensor<3x4xi32>
  %1 = graph.matmul %x, %w : (tensor<3x4xi32>, tensor<4x2xi32>) -> tensor<3x2xi32>
  %2 = graph.reduce_mean %x {axes = array<i64: 1>} : tensor<3x4xi32> -> tensor<3xi32>
  %3 = graph.reduce_l2 %x {axes = array<i64: 0>} : tensor<3x4xi32> -> tensor<4xi32>
  return %0, %1, %2, %3 : tensor<3x4xi32>, tensor<3x2xi32>, tensor<3xi32>, tensor<4xi32>
}
