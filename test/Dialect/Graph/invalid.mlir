// RUN: octet-opt %s --split-input-file --verify-diagnostics

// Op verifiers of the graph dialect: shapes, element types, attributes. Ops
// that infer their result type report the reason, then "failed to infer
// returned types" (InferTypeOpInterface).

func.func @add_incompatible(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @below {{shapes [2, 3] and [4] are not broadcast-compatible (3 vs 4 in result dimension 1)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @add_wrong_result(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @below {{'graph.add' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @mul_mixed_types(%a: tensor<3xf32>, %b: tensor<3xf16>) -> tensor<3xf32> {
  // expected-error @below {{operands have different element types ('f32' vs 'f16')}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.mul %a, %b : (tensor<3xf32>, tensor<3xf16>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @exp_int(%a: tensor<3xi32>) -> tensor<3xi32> {
  // expected-error @below {{operand #0 must be statically shaped tensor of floating-point values}}
  %0 = graph.exp %a : tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @sub_bool(%a: tensor<3xi1>, %b: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @below {{operand #0 must be statically shaped tensor of floating-point or 8-bit signless integer}}
  %0 = graph.sub %a, %b : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @and_float(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @below {{operand #0 must be statically shaped tensor of 1-bit signless integer values}}
  %0 = graph.and %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @where_mixed(%c: tensor<3xi1>, %a: tensor<3xf32>, %b: tensor<3xi32>) -> tensor<3xf32> {
  // expected-error @below {{operands have different element types ('f32' vs 'i32')}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.where %c, %a, %b : (tensor<3xi1>, tensor<3xf32>, tensor<3xi32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @cast_shape(%a: tensor<3xf32>) -> tensor<4xi32> {
  // expected-error @below {{result shape [4] differs from the operand's [3]}}
  %0 = graph.cast %a : tensor<3xf32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @div_dynamic(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error @below {{operand #0 must be statically shaped tensor of floating-point or 8-bit signless integer}}
  %0 = graph.div %a, %b : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @relu_type(%x: tensor<4xf32>) -> tensor<5xf32> {
  // expected-error @below {{requires the same type for all operands and results}}
  %0 = "graph.relu"(%x) : (tensor<4xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @matmul_k(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @below {{contracting dimensions differ: lhs [2, 3] has K = 3, rhs [4, 5] has K = 4}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @matmul_batch(%a: tensor<2x4x3xf32>, %b: tensor<5x3x4xf32>) -> tensor<2x4x4xf32> {
  // expected-error @below {{batch dimensions of [2, 4, 3] and [5, 3, 4] do not broadcast}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.matmul %a, %b : (tensor<2x4x3xf32>, tensor<5x3x4xf32>) -> tensor<2x4x4xf32>
  return %0 : tensor<2x4x4xf32>
}

// -----

func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @below {{matmul operands must have rank at least 1}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.matmul %a, %b : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @matmul_result(%a: tensor<3xf32>, %b: tensor<3x4xf32>) -> tensor<1x4xf32> {
  // expected-error @below {{inferred type(s) 'tensor<4xf32>' are incompatible}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.matmul %a, %b : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @gemm_k(%a: tensor<4x8xf32>, %b: tensor<16x8xf32>) -> tensor<4x16xf32> {
  // expected-error @below {{contracting dimensions differ: op(A) is [4, 8], op(B) is [16, 8]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.gemm %a, %b : (tensor<4x8xf32>, tensor<16x8xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @gemm_rank(%a: tensor<2x4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  // expected-error @below {{gemm operands A and B must be 2-D}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.gemm %a, %b : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @gemm_c(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x1x16xf32>) -> tensor<4x16xf32> {
  // expected-error @below {{C of shape [4, 1, 16] is not unidirectionally broadcastable to [4, 16]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.gemm %a, %b, %c : (tensor<4x8xf32>, tensor<8x16xf32>, tensor<4x1x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @gemm_c_dim(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<2x16xf32>) -> tensor<4x16xf32> {
  // expected-error @below {{C of shape [2, 16] is not unidirectionally broadcastable to [4, 16]}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.gemm %a, %b, %c : (tensor<4x8xf32>, tensor<8x16xf32>, tensor<2x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @softmax_axis(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  // expected-error @below {{axis 2 is out of range [-2, 2) for an operand of rank 2}}
  %0 = graph.softmax %x {axis = 2 : i64} : tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func.func @softmax_scalar(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @below {{requires an operand of rank at least 1}}
  %0 = graph.softmax %x : tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @below {{cannot reshape 'tensor<2x3xf32>' (6 elements) to 'tensor<7xf32>' (7 elements)}}
  %0 = graph.reshape %x : tensor<2x3xf32> -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

// [2^62, 4] has 2^64 elements: the count wraps to 0 in int64, which used to
// match the empty operand.
func.func @reshape_count_overflow(%x: tensor<0xf32>) -> tensor<4611686018427387904x4xf32> {
  // expected-error @below {{cannot reshape 'tensor<0xf32>' to 'tensor<4611686018427387904x4xf32>': the number of elements of the result overflows int64}}
  %0 = graph.reshape %x : tensor<0xf32> -> tensor<4611686018427387904x4xf32>
  return %0 : tensor<4611686018427387904x4xf32>
}

// -----

func.func @reshape_elt(%x: tensor<2x3xf32>) -> tensor<6xf16> {
  // expected-error @below {{result element type 'f16' differs from the operand's 'f32'}}
  %0 = graph.reshape %x : tensor<2x3xf32> -> tensor<6xf16>
  return %0 : tensor<6xf16>
}

// -----

func.func @transpose_perm(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @below {{perm [1, 1] is not a permutation of [0, 2)}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.transpose %x perm = [1, 1] : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @transpose_result(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @below {{inferred type(s) 'tensor<3x2xf32>' are incompatible}}
  // expected-error @below {{failed to infer returned types}}
  %0 = graph.transpose %x perm = [1, 0] : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A unary op's result has its operand's type.
func.func @unary_type(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'graph.exp' op requires the same type for all operands and results}}
  %0 = "graph.exp"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @reduce_unsorted(%x: tensor<2x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'graph.reduce_sum' op axes must be sorted and distinct}}
  %0 = graph.reduce_sum %x {axes = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @reduce_shape(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'graph.reduce_mean' op result type 'tensor<3xf32>' does not match the reduction of 'tensor<2x3xf32>' (expected shape [2, 1])}}
  %0 = graph.reduce_mean %x {axes = array<i64: 1>, keepdims} : tensor<2x3xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @slice_out_of_bounds(%x: tensor<4xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'graph.slice' op dimension 0: start 2 and step 1 leave the input's bounds [0, 4)}}
  %0 = graph.slice %x {starts = array<i64: 2>, steps = array<i64: 1>} : tensor<4xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @concat_total(%a: tensor<2x3xf32>) -> tensor<2x7xf32> {
  // expected-error @+1 {{'graph.concat' op result size 7 along axis 1 is not the inputs' total 6}}
  %0 = graph.concat %a, %a {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x7xf32>
  return %0 : tensor<2x7xf32>
}

// -----

func.func @tile_multiple(%a: tensor<2x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'graph.tile' op result size 3 in dimension 0 is not a multiple of the input's 2}}
  %0 = graph.tile %a : tensor<2x3xf32> -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @bad_reduction(%x: tensor<4xf32>, %i: tensor<1x1xi64>, %u: tensor<1xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{reduction 'avg' is not one of none, add, mul, max, min}}
  %0 = graph.scatter_nd %x, %i, %u {reduction = "avg"} : (tensor<4xf32>, tensor<1x1xi64>, tensor<1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @scatter_elements_indices_too_large(%x: tensor<2x4xf32>, %i: tensor<3x1xi64>, %u: tensor<3x1xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{indices dimension 0 (3) exceeds the input's (2)}}
  %0 = graph.scatter_elements %x, %i, %u {axis = 1 : i64} : (tensor<2x4xf32>, tensor<3x1xi64>, tensor<3x1xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @dequantize_scale_shape(%q: tensor<4x8xf8E4M3FN>, %s: tensor<4x1x1xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'graph.dequantize' op scale of shape [4, 1, 1] does not broadcast to the input's shape [4, 8]}}
  %0 = graph.dequantize %q, %s : (tensor<4x8xf8E4M3FN>, tensor<4x1x1xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @dequantize_result_type(%q: tensor<4xi8>) -> tensor<4xf16> {
  // expected-error @+1 {{'graph.dequantize' op result must have element type f32}}
  %0 = graph.dequantize %q : (tensor<4xi8>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}
