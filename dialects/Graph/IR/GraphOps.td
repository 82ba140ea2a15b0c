//===- GraphOps.td - Operations of the graph dialect -------*- tablegen -*-===//
//
// Declares the ops of the `graph` dialect: ONNX's elementwise binary ops,
// elementwise math functions and activations, MatMul, Gemm, Softmax, Reshape
// and Transpose. Verifiers and shape inference
// live in GraphOps.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef OCTET_DIALECTS_GRAPH_IR_GRAPHOPS_TD
#define OCTET_DIALECTS_GRAPH_IR_GRAPHOPS_TD

include "dialects/Graph/IR/GraphDialect.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Element types. ONNX's signed integers are signless MLIR integers, its
// unsigned ones MLIR's unsigned integers (ui8...ui64), BOOL is i1, and the
// float types are MLIR's. Which of them an op takes is part of its
// definition: floats only (math functions, convolutions), numbers (the
// arithmetic ops, also integers), or any element type (data movement).

/// A statically shaped tensor of any floating-point element type.
def Graph_FloatTensor : StaticShapeTensorOf<[AnyFloat]>;
/// A statically shaped tensor of numbers: floats or 8- to 64-bit integers.
def Graph_NumericTensor
    : StaticShapeTensorOf<[AnyFloat, I8, I16, I32, I64, UI8, UI16, UI32,
                           UI64]>;
/// A statically shaped tensor of 8- to 64-bit integers, signed or not.
def Graph_IntegerTensor
    : StaticShapeTensorOf<[I8, I16, I32, I64, UI8, UI16, UI32, UI64]>;
/// A statically shaped tensor of booleans (i1).
def Graph_BoolTensor : StaticShapeTensorOf<[I1]>;
/// A statically shaped tensor of any element type Octet supports.
def Graph_Tensor
    : StaticShapeTensorOf<[AnyFloat, I1, I8, I16, I32, I64, UI8, UI16, UI32,
                           UI64]>;

class Graph_Op<string mnemonic, list<Trait> traits = []>
    : Op<Graph_Dialect, mnemonic, !listconcat([Pure], traits)>;

//===----------------------------------------------------------------------===//
// Elementwise binary ops with NumPy broadcasting.
//===----------------------------------------------------------------------===//

class Graph_BinaryOp<string mnemonic, string onnxName, string what,
                     Type tensor = Graph_NumericTensor>
    : Graph_Op<mnemonic, [DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let hasFolder = 1;
  let summary = "elementwise " # what # " with NumPy broadcasting (ONNX " #
                onnxName # ")";
  let description = [{
    Computes the elementwise }] # what # [{ of `lhs` and `rhs`, following ONNX
    }] # onnxName # [{ (opset 7 and later): the operands are broadcast
    against each other with NumPy's multidirectional rules. Shapes are
    aligned at their trailing dimension; in each position the two sizes must
    be equal or one of them must be 1, and a missing leading dimension counts
    as 1. The result has the broadcast shape and the operands' (common)
    element type.

    Example:

    ```mlir
    %0 = graph.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins tensor:$lhs, tensor:$rhs);
  let results = (outs tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_AddOp : Graph_BinaryOp<"add", "Add", "sum">;
def Graph_SubOp : Graph_BinaryOp<"sub", "Sub", "difference (`lhs - rhs`)">;
def Graph_MulOp : Graph_BinaryOp<"mul", "Mul", "product">;
def Graph_DivOp
    : Graph_BinaryOp<"div", "Div", "quotient (`lhs / rhs`; integers round "
                                   "toward zero)">;
def Graph_PowOp
    : Graph_BinaryOp<"pow", "Pow", "power (`lhs ^ rhs`; integers exactly, "
                                   "wrapping, and a negative exponent gives "
                                   "0 unless the base is 1 or -1)",
                     Graph_NumericTensor>;
def Graph_MinOp
    : Graph_BinaryOp<"min", "Min", "minimum (NaN if either is NaN)">;
def Graph_MaxOp
    : Graph_BinaryOp<"max", "Max", "maximum (NaN if either is NaN)">;
def Graph_PReluOp
    : Graph_BinaryOp<"prelu", "PRelu",
                     "parametric ReLU (`lhs` if `lhs >= 0`, else `rhs * lhs`, "
                     "`rhs` the slope)", Graph_NumericTensor>;
def Graph_ModOp
    : Graph_BinaryOp<"mod", "Mod", "remainder of `lhs / rhs` (the sign of "
                     "`rhs` for integers, the sign of `lhs` with `fmod`)"> {
  let arguments = (ins Graph_NumericTensor:$lhs, Graph_NumericTensor:$rhs,
                   UnitAttr:$fmod);
}
def Graph_BitwiseAndOp
    : Graph_BinaryOp<"bitwise_and", "BitwiseAnd", "bitwise and",
                     Graph_IntegerTensor>;
def Graph_BitwiseOrOp
    : Graph_BinaryOp<"bitwise_or", "BitwiseOr", "bitwise or",
                     Graph_IntegerTensor>;
def Graph_BitwiseXorOp
    : Graph_BinaryOp<"bitwise_xor", "BitwiseXor", "bitwise exclusive or",
                     Graph_IntegerTensor>;
def Graph_ShiftLeftOp
    : Graph_BinaryOp<"shift_left", "BitShift", "`lhs` shifted left by `rhs` "
                     "bits (0 when `rhs` is at least the bit width)",
                     Graph_IntegerTensor>;
def Graph_ShiftRightOp
    : Graph_BinaryOp<"shift_right", "BitShift", "`lhs` shifted right by `rhs` "
                     "bits, filling with zeros (0 when `rhs` is at least the "
                     "bit width)",
                     Graph_IntegerTensor>;
def Graph_AndOp : Graph_BinaryOp<"and", "And", "logical and", Graph_BoolTensor>;
def Graph_OrOp : Graph_BinaryOp<"or", "Or", "logical or", Graph_BoolTensor>;
def Graph_XorOp
    : Graph_BinaryOp<"xor", "Xor", "logical exclusive or", Graph_BoolTensor>;

//===----------------------------------------------------------------------===//
// Comparisons, selection and conversion
//===----------------------------------------------------------------------===//

/// Elementwise comparison with NumPy broadcasting; the result is i1.
class Graph_CompareOp<string mnemonic, string onnxName, string what>
    : Graph_Op<mnemonic, [DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let hasFolder = 1;
  let summary = "elementwise `lhs " # what # " rhs` with NumPy broadcasting "
                "(ONNX " # onnxName # ")";
  let description = [{
    Compares `lhs` and `rhs` elementwise (`lhs }] # what # [{ rhs`),
    following ONNX }] # onnxName # [{. The operands have the same element
    type and are broadcast against each other with NumPy's rules; the result
    has the broadcast shape and element type i1. Float comparisons are
    ordered: a NaN operand gives false.

    Example:

    ```mlir
    %0 = graph.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
    ```
  }];
  let arguments = (ins Graph_Tensor:$lhs, Graph_Tensor:$rhs);
  let results = (outs Graph_BoolTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_EqualOp : Graph_CompareOp<"equal", "Equal", "==">;
def Graph_LessOp : Graph_CompareOp<"less", "Less", "<">;
def Graph_LessOrEqualOp
    : Graph_CompareOp<"less_or_equal", "LessOrEqual", "<=">;
def Graph_GreaterOp : Graph_CompareOp<"greater", "Greater", ">">;
def Graph_GreaterOrEqualOp
    : Graph_CompareOp<"greater_or_equal", "GreaterOrEqual", ">=">;

def Graph_WhereOp
    : Graph_Op<"where", [DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "elementwise selection with NumPy broadcasting (ONNX Where)";
  let description = [{
    Returns `on_true` where `condition` is true and `on_false` elsewhere.
    The three operands are broadcast against each other with NumPy's rules;
    `on_true` and `on_false` have the same element type, which is the
    result's.

    Example:

    ```mlir
    %0 = graph.where %c, %a, %b : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Graph_BoolTensor:$condition, Graph_Tensor:$on_true,
                   Graph_Tensor:$on_false);
  let results = (outs Graph_Tensor:$result);
  let hasFolder = 1;
  let assemblyFormat = [{
    $condition `,` $on_true `,` $on_false attr-dict `:`
    functional-type(operands, results)
  }];
}

def Graph_IsNaNOp : Graph_Op<"is_nan"> {
  let summary = "whether each element is NaN (ONNX IsNaN)";
  let description = [{
    Returns, elementwise, whether `input` is NaN. The result has the
    operand's shape and element type i1.

    Example:

    ```mlir
    %0 = graph.is_nan %x : tensor<4xf32> -> tensor<4xi1>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input);
  let results = (outs Graph_BoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Graph_IsInfOp : Graph_Op<"is_inf"> {
  let summary = "whether each element is an infinity (ONNX IsInf)";
  let description = [{
    Returns, elementwise, whether `input` is +inf (when `detect_positive` is
    set) or -inf (when `detect_negative` is set). The result has the
    operand's shape and element type i1.

    Example:

    ```mlir
    %0 = graph.is_inf %x {detect_negative, detect_positive} : tensor<4xf32> -> tensor<4xi1>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, UnitAttr:$detect_negative,
                   UnitAttr:$detect_positive);
  let results = (outs Graph_BoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Graph_DequantizeOp : Graph_Op<"dequantize"> {
  let summary = "narrow stored values widened to f32 and scaled";
  let description = [{
    Computes `f32(input) * scale` elementwise: `input` holds values stored
    narrow (f8E4M3FN, f8E5M2, bf16, f16 or 8-bit integers), `scale` (f32,
    optional, 1 when absent) broadcasts to `input`'s shape (a scalar, or a
    per-channel vector shaped to broadcast). The result has `input`'s shape
    and element type f32.

    Unlike `graph.cast` followed by `graph.mul`, this op never folds, even
    on constants: it is how `octet-convert-precision` keeps a weight
    compressed in the artifact (one byte per element for FP8) and widens it
    in the kernel that reads it.

    Example:

    ```mlir
    %w = graph.dequantize %codes, %scales
        : (tensor<64x32xf8E4M3FN>, tensor<1x32xf32>) -> tensor<64x32xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, Optional<Graph_Tensor>:$scale);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = [{
    $input (`,` $scale^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Graph_CastOp : Graph_Op<"cast"> {
  let summary = "elementwise conversion to another element type (ONNX Cast)";
  let description = [{
    Converts every element of `input` to the result's element type, which
    may be any supported type; the shape stays. Following ONNX Cast: floats
    round to nearest even when narrowed, floats convert to integers by
    truncation toward zero (out-of-range values are undefined, as in ONNX),
    integers wrap when narrowed and sign-extend when widened, and a value
    converts to bool as `x != 0`, bool to a number as 0 or 1.

    Narrowing to an 8-bit float (f8E4M3FN, f8E5M2) rounds to nearest even.
    With `saturate` (ONNX's default), magnitudes beyond the format's largest
    finite value, infinities included, become that value with their sign;
    without it they become NaN (f8E4M3FN, which has no infinity) or
    infinity (f8E5M2). NaN stays NaN either way.

    Example:

    ```mlir
    %0 = graph.cast %x : tensor<4xf32> -> tensor<4xi64>
    %1 = graph.cast %x {saturate} : tensor<4xf32> -> tensor<4xf8E4M3FN>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, UnitAttr:$saturate);
  let results = (outs Graph_Tensor:$result);
  let hasFolder = 1;
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Relu
//===----------------------------------------------------------------------===//

def Graph_ReluOp : Graph_Op<"relu", [SameOperandsAndResultType]> {
  let summary = "rectified linear unit, max(x, 0) (ONNX Relu)";
  let description = [{
    Computes `max(x, 0)` elementwise. The result has the operand's type.

    Example:

    ```mlir
    %0 = graph.relu %x : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins Graph_NumericTensor:$input);
  let results = (outs Graph_NumericTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops: math functions and activations.
//===----------------------------------------------------------------------===//

/// `y = f(x)` elementwise for ONNX operator `onnxName`; `formula` says what f
/// is. Float attributes (alpha, beta, ...) are declared by each op, named as
/// in ONNX, with ONNX's defaults.
class Graph_UnaryOp<string mnemonic, string onnxName, string formula,
                    dag attributes = (ins), Type tensor = Graph_FloatTensor>
    : Graph_Op<mnemonic, [SameOperandsAndResultType]> {
  let summary = formula # " elementwise (ONNX " # onnxName # ")";
  let description = [{
    Computes `}] # formula # [{` for every element of `input`, following ONNX
    }] # onnxName # [{. The result has the operand's type.

    Example:

    ```mlir
    %0 = graph.}] # mnemonic # [{ %x : tensor<4x8xf32>
    ```
  }];
  let arguments = !con((ins tensor:$input), attributes);
  let results = (outs tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Graph_AbsOp
    : Graph_UnaryOp<"abs", "Abs", "|x|", (ins), Graph_NumericTensor> {
  let hasFolder = 1;
}
def Graph_AcosOp : Graph_UnaryOp<"acos", "Acos", "acos(x)">;
def Graph_AcoshOp : Graph_UnaryOp<"acosh", "Acosh", "acosh(x)">;
def Graph_AsinOp : Graph_UnaryOp<"asin", "Asin", "asin(x)">;
def Graph_AsinhOp : Graph_UnaryOp<"asinh", "Asinh", "asinh(x)">;
def Graph_AtanOp : Graph_UnaryOp<"atan", "Atan", "atan(x)">;
def Graph_AtanhOp : Graph_UnaryOp<"atanh", "Atanh", "atanh(x)">;
def Graph_CeilOp : Graph_UnaryOp<"ceil", "Ceil", "ceil(x)">;
def Graph_CosOp : Graph_UnaryOp<"cos", "Cos", "cos(x)">;
def Graph_CoshOp : Graph_UnaryOp<"cosh", "Cosh", "cosh(x)">;
def Graph_ErfOp : Graph_UnaryOp<"erf", "Erf", "erf(x)">;
def Graph_ExpOp : Graph_UnaryOp<"exp", "Exp", "e^x">;
def Graph_FloorOp : Graph_UnaryOp<"floor", "Floor", "floor(x)">;
def Graph_LogOp : Graph_UnaryOp<"log", "Log", "ln(x)">;
def Graph_NegOp
    : Graph_UnaryOp<"neg", "Neg", "-x", (ins), Graph_NumericTensor> {
  let hasFolder = 1;
}
def Graph_NotOp : Graph_UnaryOp<"not", "Not", "!x", (ins), Graph_BoolTensor>;
def Graph_BitwiseNotOp
    : Graph_UnaryOp<"bitwise_not", "BitwiseNot", "~x", (ins),
                    Graph_IntegerTensor>;
def Graph_ReciprocalOp : Graph_UnaryOp<"reciprocal", "Reciprocal", "1 / x">;
def Graph_RoundOp
    : Graph_UnaryOp<"round", "Round", "x rounded to the nearest integer, "
                                      "halves to even">;
def Graph_SigmoidOp : Graph_UnaryOp<"sigmoid", "Sigmoid", "1 / (1 + e^-x)">;
def Graph_SignOp
    : Graph_UnaryOp<"sign", "Sign", "sign(x): -1, 0 or 1", (ins),
                    Graph_NumericTensor>;
def Graph_SinOp : Graph_UnaryOp<"sin", "Sin", "sin(x)">;
def Graph_SinhOp : Graph_UnaryOp<"sinh", "Sinh", "sinh(x)">;
def Graph_SoftplusOp : Graph_UnaryOp<"softplus", "Softplus", "ln(1 + e^x)">;
def Graph_SoftsignOp : Graph_UnaryOp<"softsign", "Softsign", "x / (1 + |x|)">;
def Graph_SqrtOp : Graph_UnaryOp<"sqrt", "Sqrt", "sqrt(x)">;
def Graph_TanOp : Graph_UnaryOp<"tan", "Tan", "tan(x)">;
def Graph_TanhOp : Graph_UnaryOp<"tanh", "Tanh", "tanh(x)">;
def Graph_MishOp : Graph_UnaryOp<"mish", "Mish", "x * tanh(ln(1 + e^x))">;
def Graph_HardSwishOp
    : Graph_UnaryOp<"hard_swish", "HardSwish", "x * max(0, min(1, x / 6 + 1/2))">;
def Graph_CeluOp
    : Graph_UnaryOp<"celu", "Celu", "max(0, x) + min(0, alpha * (e^(x / alpha) - 1))",
                    (ins DefaultValuedAttr<F32Attr, "1.0">:$alpha)>;
def Graph_EluOp
    : Graph_UnaryOp<"elu", "Elu", "x if x >= 0, else alpha * (e^x - 1)",
                    (ins DefaultValuedAttr<F32Attr, "1.0">:$alpha)>;
def Graph_GeluOp
    : Graph_UnaryOp<"gelu", "Gelu", "x / 2 * (1 + erf(x / sqrt(2))), or with "
                    "`tanh_approximation` x / 2 * (1 + tanh(sqrt(2 / pi) * "
                    "(x + 0.044715 x^3)))",
                    (ins UnitAttr:$tanh_approximation)>;
def Graph_HardSigmoidOp
    : Graph_UnaryOp<"hard_sigmoid", "HardSigmoid", "max(0, min(1, alpha * x + beta))",
                    (ins DefaultValuedAttr<F32Attr, "0.2">:$alpha,
                         DefaultValuedAttr<F32Attr, "0.5">:$beta)>;
def Graph_LeakyReluOp
    : Graph_UnaryOp<"leaky_relu", "LeakyRelu", "x if x >= 0, else alpha * x",
                    (ins DefaultValuedAttr<F32Attr, "0.01">:$alpha)>;
def Graph_SeluOp
    : Graph_UnaryOp<"selu", "Selu", "gamma * x if x > 0, else gamma * alpha * (e^x - 1)",
                    (ins DefaultValuedAttr<F32Attr, "1.67326319217681884765625">:$alpha,
                         DefaultValuedAttr<F32Attr, "1.05070102214813232421875">:$gamma)>;
def Graph_ShrinkOp
    : Graph_UnaryOp<"shrink", "Shrink", "x + bias if x < -lambd, x - bias if x > lambd, else 0",
                    (ins DefaultValuedAttr<F32Attr, "0.0">:$bias,
                         DefaultValuedAttr<F32Attr, "0.5">:$lambd)>;
def Graph_ThresholdedReluOp
    : Graph_UnaryOp<"thresholded_relu", "ThresholdedRelu", "x if x > alpha, else 0",
                    (ins DefaultValuedAttr<F32Attr, "1.0">:$alpha)>;

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def Graph_ConcatOp : Graph_Op<"concat"> {
  let summary = "join tensors along one axis (ONNX Concat)";
  let description = [{
    Concatenates `inputs` along dimension `axis` (in `[0, rank)`): all inputs
    have the same rank and the same sizes except along `axis`, where the
    result's size is their sum.

    Example:

    ```mlir
    %0 = graph.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Variadic<Graph_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Graph_Tensor:$result);
  let hasFolder = 1;
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
}

def Graph_SliceOp : Graph_Op<"slice"> {
  let summary = "strided slice with static bounds (ONNX Slice)";
  let description = [{
    Result element `[i0, i1, ...]` is input element
    `[starts[0] + steps[0] * i0, starts[1] + steps[1] * i1, ...]`: one start
    and one (non-zero, possibly negative) step per dimension, already clamped
    by the importer so that every index is in bounds for the result's shape.

    Example:

    ```mlir
    %0 = graph.slice %x {starts = array<i64: 0, 4>, steps = array<i64: 1, -2>} : tensor<2x5xf32> -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$starts,
                   DenseI64ArrayAttr:$steps);
  let results = (outs Graph_Tensor:$result);
  let hasFolder = 1;
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Graph_PadOp : Graph_Op<"pad"> {
  let summary = "pad (or crop) every dimension (ONNX Pad)";
  let description = [{
    Result element `[o...]` reads input position `o - pads_begin` in each
    dimension (one non-negative leading pad per dimension; the result's
    shape holds the trailing ones; the importer turns ONNX's negative pads
    into a `graph.slice` first). A position outside the input gives, by
    `mode`: `constant`, the scalar `value` (0 when absent); `edge`, the
    nearest edge element; `reflect`, the mirror image without repeating the
    edge; `wrap`, the position modulo the input's size.

    Example:

    ```mlir
    %0 = graph.pad %x {mode = "reflect", pads_begin = array<i64: 0, 2>} : (tensor<2x4xf32>) -> tensor<2x7xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, Optional<Graph_Tensor>:$value,
                   DenseI64ArrayAttr:$pads_begin, StrAttr:$mode);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = [{
    $input (`,` $value^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Graph_ExpandOp : Graph_Op<"expand"> {
  let summary = "broadcast to a larger shape (ONNX Expand)";
  let description = [{
    Broadcasts `input` to the result's shape with NumPy's rules (the input's
    shape broadcast against the result's must give the result's).

    Example:

    ```mlir
    %0 = graph.expand %x : tensor<3x1xf32> -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input);
  let results = (outs Graph_Tensor:$result);
  let hasFolder = 1;
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Graph_GatherOp : Graph_Op<"gather"> {
  let summary = "take slices along one axis at the given indices (ONNX "
                "Gather)";
  let description = [{
    Selects, along dimension `axis` of `input` (in `[0, rank)`), the slices
    whose positions `indices` holds. The result's shape is
    `input.shape[:axis] + indices.shape + input.shape[axis + 1:]`. A negative
    index counts from the back; indices outside `[-size, size)` are clamped
    to the nearest valid position (ONNX leaves them undefined).

    Example:

    ```mlir
    %0 = graph.gather %x, %i {axis = 0 : i64} : (tensor<5x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, Graph_IntegerTensor:$indices,
                   I64Attr:$axis);
  let results = (outs Graph_Tensor:$result);
  let hasFolder = 1;
  let assemblyFormat = [{
    $input `,` $indices attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Graph_GatherElementsOp : Graph_Op<"gather_elements"> {
  let summary = "take elements along one axis at per-element indices (ONNX "
                "GatherElements)";
  let description = [{
    The result has the shape of `indices` (the same rank as `input`); its
    element at `[i0, ..., ik, ...]` (k = `axis`) is input element
    `[i0, ..., indices[i0, ..., ik, ...], ...]`. A negative index counts from
    the back; indices out of range are clamped (ONNX leaves them undefined).

    Example:

    ```mlir
    %0 = graph.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, Graph_IntegerTensor:$indices,
                   I64Attr:$axis);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $indices attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Graph_ScatterElementsOp : Graph_Op<"scatter_elements"> {
  let summary = "write updates at per-element indices along one axis (ONNX "
                "ScatterElements)";
  let description = [{
    The result is `input` with, for every position `[i0, ..., ik, ...]` of
    `indices` (k = `axis`; `indices` and `updates` have one shape, of the
    input's rank and no larger in any dimension), element
    `[i0, ..., indices[i0, ..., ik, ...], ...]` replaced by the update at that
    position (`reduction` "none"), or combined with it ("add", "mul", "max",
    "min"). A negative index counts from the back; indices out of range write
    nothing. Where several positions hit one element, they apply in
    row-major order of `indices` (for "none", the last one wins).

    Example:

    ```mlir
    %0 = graph.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = "add"} : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, Graph_IntegerTensor:$indices,
                   Graph_Tensor:$updates, I64Attr:$axis,
                   DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Graph_ScatterNDOp : Graph_Op<"scatter_nd"> {
  let summary = "write slices at index tuples (ONNX ScatterND)";
  let description = [{
    `indices` has shape `[m..., k]` with k at most the input's rank; each of
    its index tuples names a slice `input[t0, ..., tk-1, :, ...]`, which is
    replaced by (`reduction` "none") or combined with ("add", "mul", "max",
    "min") the update slice `updates[m..., :, ...]`; `updates` has shape
    `[m..., input dims k...]`. Negative components count from the back;
    out-of-range tuples write nothing. Tuples naming one slice apply in
    row-major order (for "none", the last one wins).

    Example:

    ```mlir
    %0 = graph.scatter_nd %x, %i, %u : (tensor<4x5xf32>, tensor<2x1xi64>, tensor<2x5xf32>) -> tensor<4x5xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, Graph_IntegerTensor:$indices,
                   Graph_Tensor:$updates,
                   DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Graph_CumSumOp : Graph_Op<"cumsum", [SameOperandsAndResultType]> {
  let summary = "cumulative sum along one axis (ONNX CumSum)";
  let description = [{
    Element `i` along `axis` of the result is the sum of the input elements
    `j <= i` (`j < i` with `exclusive`; `j >= i` and `j > i` with `reverse`).

    Example:

    ```mlir
    %0 = graph.cumsum %x {axis = 1 : i64, exclusive} : tensor<3x4xf32>
    ```
  }];
  let arguments = (ins Graph_NumericTensor:$input, I64Attr:$axis,
                   UnitAttr:$exclusive, UnitAttr:$reverse);
  let results = (outs Graph_NumericTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Graph_GridSampleOp : Graph_Op<"grid_sample"> {
  let summary = "sample an image at grid coordinates (ONNX GridSample)";
  let description = [{
    `input` is `[N, C, D1, ..., Dk]`, `grid` is `[N, O1, ..., Ok, k]` of
    coordinates normalized to [-1, 1] (the last one indexes D1... reversed:
    x for the innermost dimension first); the result `[N, C, O1, ..., Ok]`
    samples each channel at them. Coordinates map to pixels as
    `(g + 1) / 2 * (D - 1)` (`align_corners`) or `((g + 1) * D - 1) / 2`.
    `mode` "nearest" rounds half to even, "linear" blends the 2^k
    neighbours, "cubic" the 4^k (Keys, a = -0.75). `padding_mode` "zeros"
    reads 0 outside, "border" clamps, "reflection" reflects at the borders
    (pixel edges, or centers with `align_corners`). Computed in f32.

    Example:

    ```mlir
    %0 = graph.grid_sample %x, %g {mode = "linear", padding_mode = "zeros"} : (tensor<1x3x8x8xf32>, tensor<1x4x4x2xf32>) -> tensor<1x3x4x4xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$grid,
                   StrAttr:$mode, StrAttr:$padding_mode,
                   UnitAttr:$align_corners);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $grid attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Graph_ResizeOp : Graph_Op<"resize"> {
  let summary = "nearest or linear resampling of every dimension (ONNX Resize)";
  let description = [{
    Resamples `input` to the result's shape. For result index `o` along a
    dimension of input size `n`, result size `m` and scale `s` (`scales`),
    the input coordinate is, by `coordinate_mode`: `half_pixel`
    `(o + 0.5) / s - 0.5`; `pytorch_half_pixel` the same, or 0 when `m` is
    1; `align_corners` `o * (n - 1) / (n * s - 1)` (0 when `n * s` is at
    most 1; ONNX's resized length is `n * s` before rounding down);
    `asymmetric` `o / s`; `tf_half_pixel_for_nn` `(o + 0.5) / s`. `nearest`
    rounds it by `nearest_mode` (`round_prefer_floor`, `round_prefer_ceil`,
    `floor`, `ceil`) and clamps it into `[0, n)`; `linear` clamps it into
    `[0, n - 1]` and interpolates between its two neighbours (N-linearly
    over every resized dimension); `cubic` blends the four neighbours
    `floor(x) - 1 ... floor(x) + 2` with Keys' cubic weights of coefficient
    `cubic_coeff_a` (neighbours outside the input repeat the edge, or, with
    `exclude_outside`, get weight 0 and the others are renormalized).
    Coordinates are computed in f32.

    Example:

    ```mlir
    %0 = graph.resize %x {mode = "linear", coordinate_mode = "half_pixel", nearest_mode = "round_prefer_floor", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : tensor<1x1x2x2xf32> -> tensor<1x1x4x4xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, StrAttr:$mode,
                   StrAttr:$coordinate_mode, StrAttr:$nearest_mode,
                   DenseF32ArrayAttr:$scales,
                   DefaultValuedAttr<F32Attr, "-0.75">:$cubic_coeff_a,
                   UnitAttr:$exclude_outside);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Graph_TileOp : Graph_Op<"tile"> {
  let summary = "repeat a tensor along each dimension (ONNX Tile)";
  let description = [{
    The result's size along each dimension is a whole multiple of the
    input's; result element `[i0, i1, ...]` is input element
    `[i0 mod d0, i1 mod d1, ...]`.

    Example:

    ```mlir
    %0 = graph.tile %x : tensor<2x3xf32> -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input);
  let results = (outs Graph_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

def Graph_ConvOp : Graph_Op<"conv"> {
  let summary = "N-d convolution with groups, strides, dilations, padding "
                "(ONNX Conv)";
  let description = [{
    `input` is `[N, C, D1, ..., Dk]`, `filter` `[M, C / groups, K1, ..., Kk]`,
    the optional `bias` `[M]`, the result `[N, M, O1, ..., Ok]`. Output
    element `[n, m, o...]` is `bias[m]` plus the sum over `c < C / groups`
    and the kernel positions `k...` of
    `input[n, g * C / groups + c, o * stride + k * dilation - pad_begin] *
    filter[m, c, k...]` with `g = m / (M / groups)`; input positions outside
    the input (the padding) count as zero. One stride, dilation and leading
    pad per spatial dimension; the importer resolves ONNX's `auto_pad` and
    trailing pads into the result's shape.

    Example:

    ```mlir
    %0 = graph.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, groups = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$filter,
                   Optional<Graph_FloatTensor>:$bias, DenseI64ArrayAttr:$strides,
                   DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads_begin,
                   I64Attr:$groups);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Graph_ConvTransposeOp : Graph_Op<"conv_transpose"> {
  let summary = "N-d transposed convolution with groups, strides, dilations, "
                "padding (ONNX ConvTranspose)";
  let description = [{
    The gradient of a convolution with respect to its input: input
    `[N, C, D...]`, filter `[C, M / groups, K...]`, optional bias `[M]`,
    result `[N, M, O...]` (its spatial sizes given by the result type, which
    covers output_padding and output_shape). Result element `o` (per spatial
    dimension) sums `input[i] * filter[k]` over the input channels of its
    group and the kernel offsets `k` with `o + pads_begin = i * stride +
    k * dilation` for some input position `i`.

    Example:

    ```mlir
    %0 = graph.conv_transpose %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>, groups = 1 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x7x7xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, Graph_FloatTensor:$filter,
                   Optional<Graph_FloatTensor>:$bias,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pads_begin,
                   DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Graph_MaxPoolOp : Graph_Op<"max_pool"> {
  let summary = "N-d max pooling (ONNX MaxPool)";
  let description = [{
    Result element `[n, c, o...]` is the maximum of
    `input[n, c, o * stride + k * dilation - pad_begin]` over the window
    positions `k < kernel`, ignoring positions outside the input. The
    importer resolves padding, `auto_pad` and `ceil_mode` into the result's
    shape.

    Example:

    ```mlir
    %0 = graph.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
    ```
  }];
  let arguments = (ins Graph_NumericTensor:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pads_begin);
  let results = (outs Graph_NumericTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Graph_MaxPoolIndicesOp : Graph_Op<"max_pool_indices"> {
  let summary = "where each max pool window's maximum is (ONNX MaxPool's "
                "Indices output)";
  let description = [{
    `maxima` is `graph.max_pool` of `input` with the same window attributes.
    Result element `[n, c, o...]` is the position in `input` of the first
    element of that window (in row-major scan order, padding excluded) equal
    to the maximum, as a flat index into the whole input: row-major
    (`storage_order` 0) or with the spatial dimensions column-major
    (`storage_order` 1), as ONNX defines.

    Example:

    ```mlir
    %1 = graph.max_pool_indices %x, %0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 0, 0>} : (tensor<1x3x8x8xf32>, tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xi64>
    ```
  }];
  let arguments = (ins Graph_NumericTensor:$input, Graph_NumericTensor:$maxima,
                   DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$strides,
                   DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$pads_begin,
                   DefaultValuedAttr<I64Attr, "0">:$storage_order);
  let results = (outs RankedTensorOf<[I64]>:$result);
  let assemblyFormat = [{
    $input `,` $maxima attr-dict `:` functional-type(operands, results)
  }];
}

def Graph_AveragePoolOp : Graph_Op<"average_pool"> {
  let summary = "N-d average pooling (ONNX AveragePool)";
  let description = [{
    Result element `[n, c, o...]` is the mean of
    `input[n, c, o * stride + k * dilation - pad_begin]` over the window
    positions `k < kernel` inside the input; with `count_include_pad` the
    divisor counts the window positions in the padded input instead (ONNX
    AveragePool's `count_include_pad`).

    Example:

    ```mlir
    %0 = graph.average_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads_begin = array<i64: 1, 1>, pads_end = array<i64: 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pads_begin, DenseI64ArrayAttr:$pads_end,
                   UnitAttr:$count_include_pad);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// MatMul
//===----------------------------------------------------------------------===//

def Graph_MatMulOp
    : Graph_Op<"matmul", [DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "matrix product with NumPy matmul semantics (ONNX MatMul)";
  let description = [{
    Computes the matrix product of `lhs` and `rhs` like `numpy.matmul`
    (ONNX MatMul):

    * 2-D x 2-D: `[M, K] x [K, N] -> [M, N]`.
    * A 1-D `lhs` of size K is treated as `[1, K]` and the prepended 1 is
      removed from the result; a 1-D `rhs` of size K is treated as `[K, 1]`
      and the appended 1 is removed from the result.
    * N-D: the last two dimensions are the matrices, the leading (batch)
      dimensions are broadcast against each other with NumPy rules.

    Both operands must have the same element type, which is the result's.

    Example:

    ```mlir
    %0 = graph.matmul %a, %b : (tensor<2x1x4x8xf32>, tensor<3x8x16xf32>) -> tensor<2x3x4x16xf32>
    ```
  }];
  let arguments = (ins Graph_NumericTensor:$lhs, Graph_NumericTensor:$rhs);
  let results = (outs Graph_NumericTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Gemm
//===----------------------------------------------------------------------===//

def Graph_EinsumOp : Graph_Op<"einsum"> {
  let summary = "Einstein summation (ONNX Einsum, explicit form)";
  let description = [{
    `equation` is `in0,in1,...->out` with one lowercase letter per dimension
    (the importer expands `...` and the implicit form). The result element
    at the output letters' indices is the sum, over the letters that appear
    only in the inputs, of the product of the inputs' elements. A letter
    names dimensions of equal size. Narrow floats accumulate in f32.

    Example:

    ```mlir
    %0 = graph.einsum %q, %k {equation = "bhqd,bhkd->bhqk"} : (tensor<1x2x4x8xf32>, tensor<1x2x5x8xf32>) -> tensor<1x2x4x5xf32>
    ```
  }];
  let arguments = (ins Variadic<Graph_NumericTensor>:$inputs, StrAttr:$equation);
  let results = (outs Graph_NumericTensor:$result);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type($inputs, results)
  }];
}

def Graph_GemmOp
    : Graph_Op<"gemm", [DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "general matrix multiply alpha*op(A)*op(B) + beta*C (ONNX Gemm)";
  let description = [{
    Computes `Y = alpha * A' * B' + beta * C` (ONNX Gemm, opset 11 and later)
    where `A'` is `A` transposed if `transA` is set and `B'` is `B`
    transposed if `transB` is set. `A` and `B` are 2-D; `A'` is `[M, K]`,
    `B'` is `[K, N]` and the result is `[M, N]`. The optional `C` must be
    unidirectionally broadcastable to `[M, N]` (rank at most 2, each
    dimension equal to the corresponding one of `[M, N]` or 1); without `C`
    the `beta` term is zero.

    `alpha` and `beta` default to 1.0 and `transA`/`transB` to false, as in
    ONNX.

    Example:

    ```mlir
    %0 = graph.gemm %a, %b, %c {alpha = 0.5 : f32, transB = true}
           : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<4x16xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$a, Graph_FloatTensor:$b,
                   Optional<Graph_FloatTensor>:$c,
                   DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                   DefaultValuedAttr<F32Attr, "1.0">:$beta,
                   DefaultValuedAttr<BoolAttr, "false">:$transA,
                   DefaultValuedAttr<BoolAttr, "false">:$transB);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

class Graph_SoftmaxLikeOp<string mnemonic, string onnxName, string formula>
    : Graph_Op<mnemonic, [SameOperandsAndResultType]> {
  let summary = formula # " along one axis (ONNX " # onnxName #
                ", opset 13 semantics)";
  let description = [{
    Computes `}] # formula # [{` along the single dimension `axis` (ONNX
    }] # onnxName # [{ from opset 13 on). `axis` is in `[-rank, rank)`; a
    negative value counts from the back. The result has the operand's type.
    Older ONNX semantics (flatten to 2-D at `axis`) are expressed by the
    importer with `graph.reshape` around this op.

    Example:

    ```mlir
    %0 = graph.}] # mnemonic # [{ %x {axis = 1 : i64} : tensor<2x10xf32>
    ```
  }];
  let arguments = (ins Graph_FloatTensor:$input,
                   DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs Graph_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Returns `axis` normalized to `[0, rank)`.
    int64_t getNormalizedAxis();
  }];
}

def Graph_SoftmaxOp
    : Graph_SoftmaxLikeOp<"softmax", "Softmax", "exp(x) / sum(exp(x))">;
def Graph_LogSoftmaxOp
    : Graph_SoftmaxLikeOp<"log_softmax", "LogSoftmax",
                          "x - max(x) - ln(sum(exp(x - max(x))))">;

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// Reduces `input` over `axes` (sorted, distinct, in `[0, rank)`; never
/// empty: the importer turns ONNX's empty-axes forms into all axes or no op).
/// With `keepdims` the reduced dimensions stay, with size 1.
class Graph_ReduceOp<string mnemonic, string onnxName, string formula,
                     Type tensor = Graph_FloatTensor>
    : Graph_Op<mnemonic> {
  let summary = formula # " over axes (ONNX " # onnxName # ")";
  let description = [{
    Computes `}] # formula # [{` of the elements of `input` along the
    dimensions `axes`, following ONNX }] # onnxName # [{. `axes` are sorted,
    distinct and in `[0, rank)`. The result drops those dimensions, or keeps
    them with size 1 when `keepdims` is set. Accumulation is in the element
    type.

    Example:

    ```mlir
    %0 = graph.}] # mnemonic # [{ %x {axes = array<i64: 1>, keepdims} : tensor<2x3xf32> -> tensor<2x1xf32>
    ```
  }];
  let arguments = (ins tensor:$input, DenseI64ArrayAttr:$axes,
                   UnitAttr:$keepdims);
  let results = (outs tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Graph_ReduceSumOp
    : Graph_ReduceOp<"reduce_sum", "ReduceSum", "sum(x)", Graph_NumericTensor>;
def Graph_ReduceMeanOp
    : Graph_ReduceOp<"reduce_mean", "ReduceMean",
                     "sum(x) / count (integers: truncated)",
                     Graph_NumericTensor>;
def Graph_ReduceMaxOp
    : Graph_ReduceOp<"reduce_max", "ReduceMax", "max(x)", Graph_Tensor>;
def Graph_ReduceMinOp
    : Graph_ReduceOp<"reduce_min", "ReduceMin", "min(x)", Graph_Tensor>;
def Graph_ReduceProdOp
    : Graph_ReduceOp<"reduce_prod", "ReduceProd", "product(x)",
                     Graph_NumericTensor>;
def Graph_ReduceL1Op
    : Graph_ReduceOp<"reduce_l1", "ReduceL1", "sum(|x|)", Graph_NumericTensor>;
def Graph_ReduceL2Op
    : Graph_ReduceOp<"reduce_l2", "ReduceL2",
                     "sqrt(sum(x^2)) (integers: the root truncated)",
                     Graph_NumericTensor>;
def Graph_ReduceLogSumOp
    : Graph_ReduceOp<"reduce_log_sum", "ReduceLogSum", "ln(sum(x))">;
def Graph_ReduceLogSumExpOp
    : Graph_ReduceOp<"reduce_log_sum_exp", "ReduceLogSumExp",
                     "ln(sum(exp(x)))">;
def Graph_ReduceSumSquareOp
    : Graph_ReduceOp<"reduce_sum_square", "ReduceSumSquare", "sum(x^2)",
                     Graph_NumericTensor>;

//===----------------------------------------------------------------------===//
// Reshape
//===----------------------------------------------------------------------===//

def Graph_ReshapeOp : Graph_Op<"reshape"> {
  let summary = "reshape to a static shape (ONNX Reshape)";
  let description = [{
    Returns the elements of `input`, in row-major order, as a tensor of the
    result type. The result shape is static: the importer resolves ONNX
    Reshape's constant shape input (including `0` and `-1` entries) into the
    result type. Both types must have the same element type and number of
    elements.

    Example:

    ```mlir
    %0 = graph.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input);
  let results = (outs Graph_Tensor:$result);
  let hasFolder = 1;
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Transpose
//===----------------------------------------------------------------------===//

def Graph_TransposeOp
    : Graph_Op<"transpose", [DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "permute dimensions (ONNX Transpose)";
  let description = [{
    Permutes the dimensions of `input`: result dimension `i` is input
    dimension `perm[i]`. `perm` must be a permutation of `[0, rank)`; the
    importer fills in ONNX's default (reversed dimensions) when the attribute
    is absent.

    Example:

    ```mlir
    %0 = graph.transpose %x perm = [0, 2, 1] : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
    ```
  }];
  let arguments = (ins Graph_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Graph_Tensor:$result);
  let hasFolder = 1;
  let assemblyFormat = [{
    $input `perm` `=` $perm attr-dict `:` type($input) `->` type($result)
  }];
}

#endif // OCTET_DIALECTS_GRAPH_IR_GRAPHOPS_TD
