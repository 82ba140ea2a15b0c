//===- ElementwiseOps.cpp - ONNX elementwise operators --------------------===//
//
// Elementwise operators: unary math and activations, binary arithmetic,
// comparisons and logic, variadic Min/Max/Sum/Mean, Clip, Cast, Where, Pow,
// Mod and friends. Each maps to the graph op of the same meaning.
//
//===----------------------------------------------------------------------===//

#include "compiler/Input/ONNX/Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace mlir;
using namespace octet::onnx_import;

template <typename OpTy> LogicalResult Importer::importBinary() {
  FailureOr<Value> lhs = operand(0), rhs;
  if (failed(lhs) || failed(rhs = operand(1)))
    return failure();
  FailureOr<Value> v = broadcastBinary<OpTy>(*lhs, *rhs);
  return failed(v) ? failure() : define(*v);
}

template <typename OpTy> LogicalResult Importer::importVariadic() {
  FailureOr<Value> v = operand(0);
  if (failed(v))
    return failure();
  for (int i = 1, e = curNode->input_size(); i < e && succeeded(v); ++i) {
    FailureOr<Value> next = operand(i);
    if (failed(next))
      return failure();
    v = broadcastBinary<OpTy>(*v, *next);
  }
  return failed(v) ? failure() : define(*v);
}

LogicalResult Importer::importMean() {
  FailureOr<Value> sum = operand(0);
  int count = curNode->input_size();
  for (int i = 1; i < count && succeeded(sum); ++i) {
    FailureOr<Value> next = operand(i);
    if (failed(next))
      return failure();
    sum = broadcastBinary<octet::graph::AddOp>(*sum, *next);
  }
  if (failed(sum))
    return failure();
  if (count == 1)
    return define(*sum);
  FailureOr<Value> mean = broadcastBinary<octet::graph::DivOp>(
      *sum, scalarConstant(count, elementTypeOf(*sum)));
  return failed(mean) ? failure() : define(*mean);
}

LogicalResult Importer::importPRelu() {
  FailureOr<Value> x = operand(0), slope;
  if (failed(x) || failed(slope = operand(1)))
    return failure();
  FailureOr<Value> v = broadcastBinary<octet::graph::PReluOp>(*x, *slope);
  if (failed(v))
    return failure();
  // The slope broadcasts to the input (unidirectionally), never the reverse.
  if (shapeOf(*v) != shapeOf(*x))
    return nodeError() << "slope of shape " << formatShape(shapeOf(*slope))
                       << " does not broadcast to the input's shape "
                       << formatShape(shapeOf(*x));
  return define(*v);
}

LogicalResult Importer::importClipAttributes() {
  FailureOr<Value> x = operand(0);
  FailureOr<float> low = floatAttr("min", -std::numeric_limits<float>::max());
  FailureOr<float> high = floatAttr("max", std::numeric_limits<float>::max());
  if (failed(x) || failed(low) || failed(high))
    return failure();
  FailureOr<Value> v = broadcastBinary<octet::graph::MaxOp>(
      *x, scalarConstant(*low, elementTypeOf(*x)));
  if (succeeded(v))
    v = broadcastBinary<octet::graph::MinOp>(
        *v, scalarConstant(*high, elementTypeOf(*x)));
  return failed(v) ? failure() : define(*v);
}

LogicalResult Importer::importClip() {
  FailureOr<Value> v = operand(0);
  if (failed(v))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*v);
  // min(max(x, low), high), for the bounds that are given (scalars, constant
  // or not).
  for (auto [index, isLow] : {std::pair<int, bool>{1, true}, {2, false}}) {
    if (curNode->input_size() <= index || curNode->input(index).empty())
      continue;
    FailureOr<Value> bound = operand(index);
    if (failed(bound))
      return failure();
    if (!shapeOf(*bound).empty())
      return nodeError() << "input '" << (isLow ? "min" : "max")
                         << "' must be a scalar, got shape "
                         << formatShape(shapeOf(*bound));
    v = isLow ? broadcastBinary<octet::graph::MaxOp>(*v, *bound)
              : broadcastBinary<octet::graph::MinOp>(*v, *bound);
    if (failed(v))
      return failure();
  }
  assert(shapeOf(*v) == shape && "scalar bounds keep the shape");
  (void)shape;
  return define(*v);
}

LogicalResult Importer::importRelu() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  return define(octet::graph::ReluOp::create(builder, curLoc, *x));
}

template <typename OpTy> LogicalResult Importer::importUnary() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  SmallVector<NamedAttribute> attributes;
  for (const onnx::AttributeProto &attr : curNode->attribute()) {
    FailureOr<float> value = floatAttr(attr.name(), 0.0f);
    if (failed(value))
      return failure();
    attributes.push_back(
        builder.getNamedAttr(attr.name(), builder.getF32FloatAttr(*value)));
  }
  return define(OpTy::create(builder, curLoc, TypeRange{x->getType()},
                             ValueRange{*x}, attributes));
}

LogicalResult Importer::importCast() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> to = intAttr("to", onnx::TensorProto::UNDEFINED);
  FailureOr<int64_t> saturate = intAttr("saturate", 1);
  if (failed(x) || failed(to) || failed(saturate))
    return failure();
  if (!findAttr("to"))
    return nodeError() << "attribute 'to' is required";
  Type type = onnx_import::elementType(ctx, static_cast<int32_t>(*to));
  if (!type)
    return nodeError() << "unsupported target type "
                       << onnx_import::dataTypeName(static_cast<int32_t>(*to))
                       << " (attribute 'to'); supported: "
                       << onnx_import::supportedDataTypes();
  return define(castTo(*x, type, *saturate != 0));
}

LogicalResult Importer::importCastLike() {
  FailureOr<Value> x = operand(0), like;
  FailureOr<int64_t> saturate = intAttr("saturate", 1);
  if (failed(x) || failed(like = operand(1)) || failed(saturate))
    return failure();
  return define(castTo(*x, elementTypeOf(*like), *saturate != 0));
}

Value Importer::castTo(Value x, Type type, bool saturate) {
  if (type == elementTypeOf(x))
    return x;
  // `saturate` only means something when narrowing to an 8-bit float.
  auto toFloat = dyn_cast<FloatType>(type);
  bool toFloat8 = toFloat && toFloat.getWidth() == 8;
  return octet::graph::CastOp::create(
      builder, curLoc, tensorType(shapeOf(x), type), x, saturate && toFloat8);
}

LogicalResult Importer::importWhere() {
  FailureOr<Value> condition = operand(0), onTrue, onFalse;
  if (failed(condition) || failed(onTrue = operand(1)) ||
      failed(onFalse = operand(2)))
    return failure();
  if (elementTypeOf(*onTrue) != elementTypeOf(*onFalse))
    return nodeError() << "inputs 'X' and 'Y' have different element types";
  std::string why;
  auto shape = octet::graph::broadcastShapes(shapeOf(*condition),
                                             shapeOf(*onTrue), &why);
  if (shape)
    shape = octet::graph::broadcastShapes(*shape, shapeOf(*onFalse), &why);
  if (!shape)
    return nodeError() << why;
  return define(octet::graph::WhereOp::create(builder, curLoc, *condition,
                                              *onTrue, *onFalse));
}

LogicalResult Importer::importIsNaN() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  return define(octet::graph::IsNaNOp::create(
      builder, curLoc, tensorType(shapeOf(*x), builder.getI1Type()), *x));
}

LogicalResult Importer::importIsInf() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> negative = intAttr("detect_negative", 1);
  FailureOr<int64_t> positive = intAttr("detect_positive", 1);
  if (failed(x) || failed(negative) || failed(positive))
    return failure();
  return define(octet::graph::IsInfOp::create(
      builder, curLoc, tensorType(shapeOf(*x), builder.getI1Type()), *x,
      *negative != 0, *positive != 0));
}

LogicalResult Importer::importMod() {
  FailureOr<Value> lhs = operand(0), rhs;
  FailureOr<int64_t> fmod = intAttr("fmod", 0);
  if (failed(lhs) || failed(rhs = operand(1)) || failed(fmod))
    return failure();
  if (*fmod != 0 && *fmod != 1)
    return nodeError() << "attribute 'fmod' must be 0 or 1, got " << *fmod;
  if (!*fmod && isa<FloatType>(elementTypeOf(*lhs)))
    return nodeError() << "floating-point inputs need attribute 'fmod' = 1 "
                          "(ONNX Mod)";
  FailureOr<Value> v = broadcastBinary<octet::graph::ModOp>(*lhs, *rhs);
  if (failed(v))
    return failure();
  if (*fmod)
    v->getDefiningOp()->setAttr("fmod", builder.getUnitAttr());
  return define(*v);
}

LogicalResult Importer::importPow() {
  FailureOr<Value> base = operand(0), exponent;
  if (failed(base) || failed(exponent = operand(1)))
    return failure();
  using octet::graph::CastOp;
  Type type = elementTypeOf(*base);
  auto castTo = [&](Value v, Type to) -> Value {
    if (elementTypeOf(v) == to)
      return v;
    return CastOp::create(builder, curLoc, tensorType(shapeOf(v), to), v);
  };
  // An integer base with a float exponent: the real power truncated to the
  // base's type (what onnxruntime computes); exact (integer Pow) where the
  // exponent is a whole number, else powf in f32.
  if (!isa<FloatType>(type) && isa<FloatType>(elementTypeOf(*exponent))) {
    using namespace octet::graph;
    Type f32 = builder.getF32Type();
    Value e = castTo(*exponent, f32);
    FailureOr<Value> whole = broadcastBinary<PowOp>(*base, castTo(e, type));
    FailureOr<Value> real = broadcastBinary<PowOp>(castTo(*base, f32), e);
    if (failed(whole) || failed(real))
      return failure();
    Value integral = EqualOp::create(builder, curLoc,
                                     FloorOp::create(builder, curLoc, e), e);
    return define(WhereOp::create(builder, curLoc, integral, *whole,
                                  castTo(*real, type)));
  }
  FailureOr<Value> v =
      broadcastBinary<octet::graph::PowOp>(*base, castTo(*exponent, type));
  return failed(v) ? failure() : define(*v);
}

LogicalResult Importer::importBitShift() {
  FailureOr<Value> x = operand(0), amount;
  if (failed(x) || failed(amount = operand(1)))
    return failure();
  const onnx::AttributeProto *direction = findAttr("direction");
  if (!direction || direction->type() != onnx::AttributeProto::STRING ||
      (direction->s() != "LEFT" && direction->s() != "RIGHT"))
    return nodeError() << "attribute 'direction' must be \"LEFT\" or "
                          "\"RIGHT\"";
  FailureOr<Value> v =
      direction->s() == "LEFT"
          ? broadcastBinary<octet::graph::ShiftLeftOp>(*x, *amount)
          : broadcastBinary<octet::graph::ShiftRightOp>(*x, *amount);
  return failed(v) ? failure() : define(*v);
}

LogicalResult Importer::importDropout() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  // Inference, or training with a ratio of 0: the identity. Training mode
  // (a true or non-constant training_mode input) with another ratio drops
  // random elements, which is not supported.
  if (curNode->input_size() > 2 && !curNode->input(2).empty()) {
    FailureOr<Attribute> training = constantScalar(2, "training_mode");
    if (failed(training))
      return failure();
    auto flag = dyn_cast<IntegerAttr>(*training);
    if (!flag || !flag.getValue().isZero()) {
      bool zeroRatio = false;
      if (curNode->input_size() > 1 && !curNode->input(1).empty()) {
        FailureOr<Attribute> ratio = constantScalar(1, "ratio");
        if (failed(ratio))
          return failure();
        auto value = dyn_cast<FloatAttr>(*ratio);
        zeroRatio = value && value.getValue().isZero();
      }
      if (!zeroRatio)
        return nodeError() << "training mode with a non-zero ratio (random "
                              "dropout) is not supported";
    }
  }
  if (failed(define(*x)))
    return failure();
  if (!hasOutput(1))
    return success();
  // The mask: every element kept.
  auto maskType = tensorType(shapeOf(*x), builder.getI1Type());
  return define(constantValue(DenseElementsAttr::get(maskType, true)), 1);
}

LogicalResult Importer::importGelu() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  bool tanhApproximation = false;
  if (const onnx::AttributeProto *attr = findAttr("approximate")) {
    if (attr->type() != onnx::AttributeProto::STRING)
      return nodeError() << "attribute 'approximate' must be a string";
    if (attr->s() != "none" && attr->s() != "tanh")
      return nodeError() << "unsupported value '" << attr->s()
                         << "' for attribute 'approximate' (expected 'none' "
                            "or 'tanh')";
    tanhApproximation = attr->s() == "tanh";
  }
  return define(
      octet::graph::GeluOp::create(builder, curLoc, *x, tanhApproximation));
}

ArrayRef<Importer::Registration> Importer::elementwiseRegistrations() {
  using namespace octet::graph;
  static const Registration table[] = {
      {{"Abs", 6, 1, 1, ""}, &Importer::importUnary<AbsOp>, kNumeric},
      {{"Acos", 7, 1, 1, ""}, &Importer::importUnary<AcosOp>},
      {{"Acosh", 9, 1, 1, ""}, &Importer::importUnary<AcoshOp>},
      {{"Add", 7, 2, 2, ""}, &Importer::importBinary<AddOp>, kNumeric},
      {{"And", 7, 2, 2, ""}, &Importer::importBinary<AndOp>, kBool},
      {{"Asin", 7, 1, 1, ""}, &Importer::importUnary<AsinOp>},
      {{"Asinh", 9, 1, 1, ""}, &Importer::importUnary<AsinhOp>},
      {{"Atan", 7, 1, 1, ""}, &Importer::importUnary<AtanOp>},
      {{"Atanh", 9, 1, 1, ""}, &Importer::importUnary<AtanhOp>},
      {{"BitShift", 11, 2, 2, "direction"},
       &Importer::importBitShift,
       kInteger},
      {{"BitwiseAnd", 18, 2, 2, ""},
       &Importer::importBinary<BitwiseAndOp>,
       kInteger},
      {{"BitwiseNot", 18, 1, 1, ""},
       &Importer::importUnary<BitwiseNotOp>,
       kInteger},
      {{"BitwiseOr", 18, 2, 2, ""},
       &Importer::importBinary<BitwiseOrOp>,
       kInteger},
      {{"BitwiseXor", 18, 2, 2, ""},
       &Importer::importBinary<BitwiseXorOp>,
       kInteger},
      {{"Cast", 6, 1, 1, "to"}, &Importer::importCast, kAllAndFloat8},
      {{"Cast", 19, 1, 1, "saturate,to"}, &Importer::importCast, kAllAndFloat8},
      {{"CastLike", 15, 2, 2, "saturate"},
       &Importer::importCastLike,
       kAllAndFloat8},
      {{"Ceil", 6, 1, 1, ""}, &Importer::importUnary<CeilOp>},
      {{"Clip", 6, 1, 1, "min,max"}, &Importer::importClipAttributes},
      {{"Clip", 11, 1, 3, ""}, &Importer::importClip, kNumeric},
      {{"Celu", 12, 1, 1, "alpha"}, &Importer::importUnary<CeluOp>},
      {{"Cos", 7, 1, 1, ""}, &Importer::importUnary<CosOp>},
      {{"Cosh", 9, 1, 1, ""}, &Importer::importUnary<CoshOp>},
      {{"Div", 7, 2, 2, ""}, &Importer::importBinary<DivOp>, kNumeric},
      {{"Dropout", 7, 1, 1, "ratio", 2}, &Importer::importDropout},
      {{"Dropout", 12, 1, 3, "seed", 2}, &Importer::importDropout},
      {{"Elu", 6, 1, 1, "alpha"}, &Importer::importUnary<EluOp>},
      {{"Equal", 7, 2, 2, ""}, &Importer::importBinary<EqualOp>, kAll},
      {{"Erf", 9, 1, 1, ""}, &Importer::importUnary<ErfOp>},
      {{"Exp", 6, 1, 1, ""}, &Importer::importUnary<ExpOp>},
      {{"Floor", 6, 1, 1, ""}, &Importer::importUnary<FloorOp>},
      {{"Gelu", 20, 1, 1, "approximate"}, &Importer::importGelu},
      {{"Greater", 7, 2, 2, ""}, &Importer::importBinary<GreaterOp>, kNumeric},
      {{"GreaterOrEqual", 12, 2, 2, ""},
       &Importer::importBinary<GreaterOrEqualOp>,
       kNumeric},
      {{"HardSigmoid", 6, 1, 1, "alpha,beta"},
       &Importer::importUnary<HardSigmoidOp>},
      {{"HardSwish", 14, 1, 1, ""}, &Importer::importUnary<HardSwishOp>},
      {{"IsInf", 10, 1, 1, "detect_negative,detect_positive"},
       &Importer::importIsInf},
      {{"IsNaN", 9, 1, 1, ""}, &Importer::importIsNaN},
      {{"LeakyRelu", 6, 1, 1, "alpha"}, &Importer::importUnary<LeakyReluOp>},
      {{"Less", 7, 2, 2, ""}, &Importer::importBinary<LessOp>, kNumeric},
      {{"LessOrEqual", 12, 2, 2, ""},
       &Importer::importBinary<LessOrEqualOp>,
       kNumeric},
      {{"Log", 6, 1, 1, ""}, &Importer::importUnary<LogOp>},
      {{"Max", 8, 1, kVariadic, ""},
       &Importer::importVariadic<MaxOp>,
       kNumeric},
      {{"Mean", 8, 1, kVariadic, ""}, &Importer::importMean},
      {{"Min", 8, 1, kVariadic, ""},
       &Importer::importVariadic<MinOp>,
       kNumeric},
      {{"Mish", 18, 1, 1, ""}, &Importer::importUnary<MishOp>},
      {{"Mod", 10, 2, 2, "fmod"}, &Importer::importMod, kNumeric},
      {{"Mul", 7, 2, 2, ""}, &Importer::importBinary<MulOp>, kNumeric},
      {{"Neg", 6, 1, 1, ""}, &Importer::importUnary<NegOp>, kNumeric},
      {{"Not", 1, 1, 1, ""}, &Importer::importUnary<NotOp>, kBool},
      {{"Or", 7, 2, 2, ""}, &Importer::importBinary<OrOp>, kBool},
      {{"Pow", 7, 2, 2, ""}, &Importer::importPow},
      {{"Pow", 12, 2, 2, ""}, &Importer::importPow, kNumeric},
      {{"PRelu", 7, 2, 2, ""}, &Importer::importPRelu},
      {{"PRelu", 9, 2, 2, ""}, &Importer::importPRelu, kNumeric},
      {{"Reciprocal", 6, 1, 1, ""}, &Importer::importUnary<ReciprocalOp>},
      {{"Relu", 6, 1, 1, ""}, &Importer::importRelu, kNumeric},
      {{"Round", 11, 1, 1, ""}, &Importer::importUnary<RoundOp>},
      {{"Selu", 6, 1, 1, "alpha,gamma"}, &Importer::importUnary<SeluOp>},
      {{"Shrink", 9, 1, 1, "bias,lambd"}, &Importer::importUnary<ShrinkOp>},
      {{"Sigmoid", 6, 1, 1, ""}, &Importer::importUnary<SigmoidOp>},
      {{"Sign", 9, 1, 1, ""}, &Importer::importUnary<SignOp>, kNumeric},
      {{"Sin", 7, 1, 1, ""}, &Importer::importUnary<SinOp>},
      {{"Sinh", 9, 1, 1, ""}, &Importer::importUnary<SinhOp>},
      {{"Softplus", 1, 1, 1, ""}, &Importer::importUnary<SoftplusOp>},
      {{"Softsign", 1, 1, 1, ""}, &Importer::importUnary<SoftsignOp>},
      {{"Sqrt", 6, 1, 1, ""}, &Importer::importUnary<SqrtOp>},
      {{"Sub", 7, 2, 2, ""}, &Importer::importBinary<SubOp>, kNumeric},
      {{"Sum", 8, 1, kVariadic, ""},
       &Importer::importVariadic<AddOp>,
       kNumeric},
      {{"Tan", 7, 1, 1, ""}, &Importer::importUnary<TanOp>},
      {{"Tanh", 6, 1, 1, ""}, &Importer::importUnary<TanhOp>},
      {{"ThresholdedRelu", 10, 1, 1, "alpha"},
       &Importer::importUnary<ThresholdedReluOp>},
      {{"Where", 9, 3, 3, ""}, &Importer::importWhere, kBool},
      {{"Xor", 7, 2, 2, ""}, &Importer::importBinary<XorOp>, kBool},
  };
  return table;
}
