//===- QuantizationOps.cpp - ONNX QuantizeLinear and friends --------------===//
//
// Linear quantization as a model states it: QuantizeLinear,
// DequantizeLinear and DynamicQuantizeLinear, per tensor or per axis, to and
// from 8- and 16-bit integers. Each decomposes into elementwise graph ops
// (Cast, Sub, Mul, Div, Round, Max, Min) that fuse with their neighbours:
//
//   DequantizeLinear: y = float(int32(x) - int32(zero_point)) * scale
//   QuantizeLinear:   y = T(clamp(round_half_even(x / scale) + zero_point,
//                                 T's range)), computed in f32 at least
//
// FLOAT8E4M3FN and FLOAT8E5M2 (opset 19) work the same way without the
// integer rounding: QuantizeLinear is `cast(x / scale + zero_point)` with
// Cast's rounding and `saturate`, DequantizeLinear `(f32(x) - f32(zero
// point)) * scale`. Blocked quantization (opset 21's block_size) and the
// INT4 and FNUZ float8 types are not supported and say so.
//
//===----------------------------------------------------------------------===//

#include "compiler/Input/ONNX/Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>

using namespace mlir;
using namespace octet::onnx_import;
using namespace octet::graph;

FailureOr<Value> Importer::quantizationParameter(Value param, Value x,
                                                 int64_t axis, StringRef role) {
  ArrayRef<int64_t> shape = shapeOf(param);
  int64_t elements = 1;
  for (int64_t d : shape)
    elements *= d;
  int64_t rank = shapeOf(x).size();
  if (elements == 1)
    return reshape(param, {});
  FailureOr<int64_t> normalized = normalizeAxis(axis, shapeOf(x));
  if (failed(normalized))
    return failure();
  if (shape.size() != 1 || shape[0] != shapeOf(x)[*normalized])
    return nodeError() << "input '" << role << "' of shape "
                       << formatShape(shape)
                       << " is neither a scalar nor a vector of the "
                       << shapeOf(x)[*normalized] << " elements of axis "
                       << *normalized << " (blocked quantization is not "
                       << "supported)";
  SmallVector<int64_t> broadcast(rank, 1);
  broadcast[*normalized] = shape[0];
  return reshape(param, broadcast);
}

/// Whether `type` is an 8-bit float type that quantization targets.
static bool isFloat8(Type type) {
  return isa<Float8E4M3FNType, Float8E5M2Type>(type);
}

/// Whether `type` is an integer or float type that quantization targets.
static bool isQuantizedType(Type type) {
  auto integer = dyn_cast<IntegerType>(type);
  return isFloat8(type) ||
         (integer && (integer.getWidth() == 8 || integer.getWidth() == 16));
}

LogicalResult Importer::checkBlockSize() {
  FailureOr<int64_t> blockSize = intAttr("block_size", 0);
  if (failed(blockSize))
    return failure();
  if (*blockSize != 0)
    return nodeError() << "blocked quantization (block_size " << *blockSize
                       << ") is not supported";
  return success();
}

LogicalResult Importer::importDequantizeLinear() {
  FailureOr<int64_t> axis = intAttr("axis", 1);
  FailureOr<Value> x = operand(0), scale = operand(1);
  if (failed(axis) || failed(x) || failed(scale) || failed(checkBlockSize()))
    return failure();
  Type inType = elementTypeOf(*x), floatType = elementTypeOf(*scale);
  if (!isQuantizedType(inType) && !inType.isSignlessInteger(32))
    return nodeError()
           << "input 'x' has element type " << dataTypeName(dataTypeOf(inType))
           << "; INT8, UINT8, INT16, UINT16, INT32, FLOAT8E4M3FN and "
              "FLOAT8E5M2 are supported";
  if (!isa<FloatType>(floatType))
    return nodeError() << "input 'x_scale' must be a float tensor";
  FailureOr<Value> scaleB = quantizationParameter(*scale, *x, *axis, "x_scale");
  if (failed(scaleB))
    return failure();
  // The difference in int32, exact for every input type (INT32 wraps, as in
  // onnxruntime), then scaled; float8 values convert exactly to f32.
  Type exact = isFloat8(inType) ? Type(builder.getF32Type())
                                : Type(builder.getI32Type());
  auto toExact = [&](Value v) { return castTo(v, exact, false); };
  Value shifted = *x;
  if (curNode->input_size() > 2 && !curNode->input(2).empty()) {
    FailureOr<Value> zeroPoint = operand(2);
    if (failed(zeroPoint))
      return failure();
    if (elementTypeOf(*zeroPoint) != inType)
      return nodeError() << "input 'x_zero_point' must have the element type "
                            "of 'x'";
    FailureOr<Value> zeroPointB =
        quantizationParameter(*zeroPoint, *x, *axis, "x_zero_point");
    if (failed(zeroPointB))
      return failure();
    shifted = SubOp::create(builder, curLoc, toExact(*x), toExact(*zeroPointB));
  }
  return define(MulOp::create(builder, curLoc,
                              castTo(shifted, floatType, false), *scaleB));
}

/// `x / scale + zero_point`, rounded half to even and clamped to `type`'s
/// range, as `type`; computed in f32 (or f64 for f64 inputs).
Value Importer::quantize(Value x, Value scale, Value zeroPoint, Type type,
                         bool saturate) {
  Type compute = elementTypeOf(x).isF64() ? Type(builder.getF64Type())
                                          : Type(builder.getF32Type());
  auto toCompute = [&](Value v) -> Value {
    if (elementTypeOf(v) == compute)
      return v;
    return CastOp::create(builder, curLoc, tensorType(shapeOf(v), compute), v);
  };
  Value q = DivOp::create(builder, curLoc, toCompute(x), toCompute(scale));
  if (isFloat8(type)) {
    if (zeroPoint)
      q = AddOp::create(builder, curLoc, q, toCompute(zeroPoint));
    return castTo(q, type, saturate);
  }
  q = RoundOp::create(builder, curLoc, q);
  if (zeroPoint)
    q = AddOp::create(builder, curLoc, q, toCompute(zeroPoint));
  unsigned width = type.getIntOrFloatBitWidth();
  bool isUnsigned = type.isUnsignedInteger();
  double low = isUnsigned ? 0.0 : -std::ldexp(1.0, width - 1);
  double high = std::ldexp(1.0, isUnsigned ? width : width - 1) - 1.0;
  q = MaxOp::create(builder, curLoc, q, scalarConstant(low, compute));
  q = MinOp::create(builder, curLoc, q, scalarConstant(high, compute));
  return CastOp::create(builder, curLoc, tensorType(shapeOf(q), type), q);
}

LogicalResult Importer::importQuantizeLinear() {
  FailureOr<int64_t> axis = intAttr("axis", 1);
  FailureOr<int64_t> outputDType = intAttr("output_dtype", 0);
  FailureOr<int64_t> saturate = intAttr("saturate", 1);
  FailureOr<Value> x = operand(0), scale = operand(1);
  if (failed(axis) || failed(outputDType) || failed(saturate) || failed(x) ||
      failed(scale) || failed(checkBlockSize()))
    return failure();
  if (!isa<FloatType>(elementTypeOf(*scale)))
    return nodeError() << "input 'y_scale' must be a float tensor";
  FailureOr<Value> scaleB = quantizationParameter(*scale, *x, *axis, "y_scale");
  if (failed(scaleB))
    return failure();
  // The output type: the zero point's, else output_dtype, else UINT8.
  Value zeroPointB;
  Type outType = builder.getIntegerType(8, /*isSigned=*/false);
  if (*outputDType)
    outType = elementType(ctx, static_cast<int32_t>(*outputDType));
  if (curNode->input_size() > 2 && !curNode->input(2).empty()) {
    FailureOr<Value> zeroPoint = operand(2);
    if (failed(zeroPoint))
      return failure();
    if (*outputDType && elementTypeOf(*zeroPoint) != outType)
      return nodeError() << "input 'y_zero_point' does not have the type "
                            "attribute 'output_dtype' names";
    outType = elementTypeOf(*zeroPoint);
    FailureOr<Value> b =
        quantizationParameter(*zeroPoint, *x, *axis, "y_zero_point");
    if (failed(b))
      return failure();
    zeroPointB = *b;
  }
  if (!outType || !isQuantizedType(outType))
    return nodeError() << "quantizing to "
                       << (outType ? dataTypeName(dataTypeOf(outType))
                                   : dataTypeName(
                                         static_cast<int32_t>(*outputDType)))
                       << " is not supported (INT8, UINT8, INT16, UINT16, "
                          "FLOAT8E4M3FN and FLOAT8E5M2 are)";
  return define(quantize(*x, *scaleB, zeroPointB, outType, *saturate != 0));
}

LogicalResult Importer::importDynamicQuantizeLinear() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  if (!elementTypeOf(*x).isF32())
    return nodeError() << "input 'x' must be FLOAT";
  // scale = (max(0, max(x)) - min(0, min(x))) / 255; the zero point maps
  // min(0, min(x)) to 0.
  Type f32 = elementTypeOf(*x);
  int64_t rank = shapeOf(*x).size();
  SmallVector<int64_t> all = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  auto reduce = [&](auto op) -> Value {
    return decltype(op)::create(builder, curLoc, tensorType({}, f32), *x,
                                builder.getDenseI64ArrayAttr(all), UnitAttr());
  };
  Value zero = scalarConstant(0.0, f32);
  Value high = MaxOp::create(builder, curLoc, reduce(ReduceMaxOp()), zero);
  Value low = MinOp::create(builder, curLoc, reduce(ReduceMinOp()), zero);
  Value scale =
      DivOp::create(builder, curLoc, SubOp::create(builder, curLoc, high, low),
                    scalarConstant(255.0, f32));
  Type u8 = builder.getIntegerType(8, /*isSigned=*/false);
  Value zeroPoint =
      quantize(NegOp::create(builder, curLoc, low), scale, Value(), u8);
  Value zeroPointF =
      CastOp::create(builder, curLoc, tensorType({}, f32), zeroPoint);
  if (failed(define(quantize(*x, scale, zeroPointF, u8), 0)) ||
      failed(define(scale, 1)) || failed(define(zeroPoint, 2)))
    return failure();
  return success();
}

ArrayRef<Importer::Registration> Importer::quantizationRegistrations() {
  static const Registration table[] = {
      {{"DequantizeLinear", 10, 2, 3, ""},
       &Importer::importDequantizeLinear,
       kInteger},
      {{"DequantizeLinear", 13, 2, 3, "axis"},
       &Importer::importDequantizeLinear,
       kInteger},
      // Opset 19 adds FLOAT8E4M3FN and FLOAT8E5M2 inputs.
      {{"DequantizeLinear", 19, 2, 3, "axis"},
       &Importer::importDequantizeLinear,
       kInteger | octet::ONNXOpSupport::kFloat8Types},
      {{"DequantizeLinear", 21, 2, 3, "axis,block_size"},
       &Importer::importDequantizeLinear,
       kInteger | octet::ONNXOpSupport::kFloat8Types},
      {{"DynamicQuantizeLinear", 11, 1, 1, "", 3},
       &Importer::importDynamicQuantizeLinear},
      {{"QuantizeLinear", 10, 2, 3, ""}, &Importer::importQuantizeLinear},
      {{"QuantizeLinear", 13, 2, 3, "axis"}, &Importer::importQuantizeLinear},
      {{"QuantizeLinear", 19, 2, 3, "axis,saturate"},
       &Importer::importQuantizeLinear},
      {{"QuantizeLinear", 21, 2, 3, "axis,block_size,output_dtype,saturate"},
       &Importer::importQuantizeLinear},
  };
  return table;
}
