//===- Unary.cpp - Elementwise unary graph ops to linalg ------------------===//
//
// Lowers the `graph` dialect's elementwise unary ops (math functions,
// activations, Not, IsNaN/IsInf and Cast):
// each becomes one linalg.generic whose body is the function on one element,
// written with arith and math ops (fused later with its neighbours). A
// function with a math op of its own is named in the pattern list; every
// other op has one `scalar` overload below, the formula of ONNX's definition
// in a numerically safe form (softplus without overflow, expm1 for small
// negative inputs of Elu/Selu/Celu).
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/GraphToLinalg/LoweringUtils.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>
#include <type_traits>

using namespace mlir;
using namespace octet;
using namespace octet::graph_to_linalg;

namespace {

/// Scalar builders for one element `x` of a unary op.
struct ScalarBuilder {
  OpBuilder &b;
  Location loc;
  Type type;
  /// The op's integer operand was unsigned (see kUnsignedOperands).
  bool isUnsigned = false;

  Value constant(double value) { return floatConstant(b, loc, type, value); }
  Value add(Value l, Value r) { return arith::AddFOp::create(b, loc, l, r); }
  Value sub(Value l, Value r) { return arith::SubFOp::create(b, loc, l, r); }
  Value mul(Value l, Value r) { return arith::MulFOp::create(b, loc, l, r); }
  Value div(Value l, Value r) { return arith::DivFOp::create(b, loc, l, r); }
  Value max(Value l, Value r) {
    return arith::MaximumFOp::create(b, loc, l, r);
  }
  Value min(Value l, Value r) {
    return arith::MinimumFOp::create(b, loc, l, r);
  }
  /// `cond ? t : f` with `cond` = `l pred r`.
  Value select(arith::CmpFPredicate pred, Value l, Value r, Value t, Value f) {
    Value cond = arith::CmpFOp::create(b, loc, pred, l, r);
    return arith::SelectOp::create(b, loc, cond, t, f);
  }
  /// max(0, min(1, v)).
  Value clamp01(Value v) { return max(constant(0.0), min(constant(1.0), v)); }
  template <typename MathOp> Value call(Value v) {
    return MathOp::create(b, loc, v);
  }
  /// ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|): no overflow for large |x|.
  Value softplus(Value x) {
    Value negAbs = arith::NegFOp::create(b, loc, call<math::AbsFOp>(x));
    return add(max(x, constant(0.0)),
               call<math::Log1pOp>(call<math::ExpOp>(negAbs)));
  }
  float attr(FloatAttr value) { return value.getValue().convertToFloat(); }
};

using Pred = arith::CmpFPredicate;

// Compositions.
Value scalar(graph::AbsOp, ScalarBuilder &s, Value x) {
  if (isa<FloatType>(s.type))
    return s.call<math::AbsFOp>(x);
  if (s.isUnsigned)
    return x;
  return s.call<math::AbsIOp>(x);
}
Value scalar(graph::NegOp, ScalarBuilder &s, Value x) {
  if (isa<FloatType>(s.type))
    return arith::NegFOp::create(s.b, s.loc, x);
  return arith::SubIOp::create(s.b, s.loc,
                               scalarConstant(s.b, s.loc, s.type, 0), x);
}
/// Not and BitwiseNot: x ^ all-ones (for i1, x ^ true).
Value complement(ScalarBuilder &s, Value x) {
  return arith::XOrIOp::create(s.b, s.loc, x,
                               scalarConstant(s.b, s.loc, s.type, -1));
}
Value scalar(graph::NotOp, ScalarBuilder &s, Value x) {
  return complement(s, x);
}
Value scalar(graph::BitwiseNotOp, ScalarBuilder &s, Value x) {
  return complement(s, x);
}
Value scalar(graph::IsNaNOp, ScalarBuilder &s, Value x) {
  return arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::UNO, x, x);
}
Value scalar(graph::IsInfOp op, ScalarBuilder &s, Value x) {
  auto type = cast<FloatType>(x.getType());
  Value result = scalarConstant(s.b, s.loc, s.type, 0);
  for (bool negative : {false, true}) {
    if (!(negative ? op.getDetectNegative() : op.getDetectPositive()))
      continue;
    Value inf = infinityConstant(s.b, s.loc, type, negative);
    Value isInf =
        arith::CmpFOp::create(s.b, s.loc, arith::CmpFPredicate::OEQ, x, inf);
    result = arith::OrIOp::create(s.b, s.loc, result, isInf);
  }
  return result;
}
Value scalar(graph::CastOp op, ScalarBuilder &s, Value x) {
  auto to = dyn_cast<FloatType>(s.type);
  if (op.getSaturate() && to && to.getWidth() == 8) {
    // Clamp to the largest finite value (minimumf/maximumf keep NaN), then
    // round: the rounding cannot overflow any more.
    Type f32 = s.b.getF32Type();
    Value wide = convertScalar(s.b, s.loc, x, f32, s.isUnsigned);
    double largest =
        APFloat::getLargest(to.getFloatSemantics()).convertToDouble();
    wide = arith::MinimumFOp::create(s.b, s.loc, wide,
                                     floatConstant(s.b, s.loc, f32, largest));
    wide = arith::MaximumFOp::create(s.b, s.loc, wide,
                                     floatConstant(s.b, s.loc, f32, -largest));
    return arith::TruncFOp::create(s.b, s.loc, to, wide);
  }
  return convertScalar(s.b, s.loc, x, s.type, s.isUnsigned,
                       op->hasAttr(kUnsignedResult));
}
Value scalar(graph::ReciprocalOp, ScalarBuilder &s, Value x) {
  return s.div(s.constant(1.0), x);
}
Value scalar(graph::SigmoidOp, ScalarBuilder &s, Value x) {
  Value negX = arith::NegFOp::create(s.b, s.loc, x);
  return s.div(s.constant(1.0),
               s.add(s.constant(1.0), s.call<math::ExpOp>(negX)));
}
/// 1 for x > 0, -1 for x < 0, x itself otherwise (zeros and NaN).
Value scalar(graph::SignOp, ScalarBuilder &s, Value x) {
  if (!isa<FloatType>(s.type) && s.isUnsigned) {
    Value nonZero =
        arith::CmpIOp::create(s.b, s.loc, arith::CmpIPredicate::ne, x,
                              scalarConstant(s.b, s.loc, s.type, 0));
    return convertScalar(s.b, s.loc, nonZero, s.type);
  }
  if (!isa<FloatType>(s.type)) {
    Value zero = scalarConstant(s.b, s.loc, s.type, 0);
    auto cmp = [&](arith::CmpIPredicate pred) {
      return arith::CmpIOp::create(s.b, s.loc, pred, x, zero);
    };
    Value negative =
        arith::SelectOp::create(s.b, s.loc, cmp(arith::CmpIPredicate::slt),
                                scalarConstant(s.b, s.loc, s.type, -1), zero);
    return arith::SelectOp::create(s.b, s.loc, cmp(arith::CmpIPredicate::sgt),
                                   scalarConstant(s.b, s.loc, s.type, 1),
                                   negative);
  }
  Value zero = s.constant(0.0);
  Value negative = s.select(Pred::OLT, x, zero, s.constant(-1.0), x);
  return s.select(Pred::OGT, x, zero, s.constant(1.0), negative);
}
Value scalar(graph::SoftplusOp, ScalarBuilder &s, Value x) {
  return s.softplus(x);
}
Value scalar(graph::SoftsignOp, ScalarBuilder &s, Value x) {
  return s.div(x, s.add(s.constant(1.0), s.call<math::AbsFOp>(x)));
}
Value scalar(graph::MishOp, ScalarBuilder &s, Value x) {
  return s.mul(x, s.call<math::TanhOp>(s.softplus(x)));
}
Value scalar(graph::HardSwishOp, ScalarBuilder &s, Value x) {
  Value t = s.add(s.mul(x, s.constant(1.0 / 6.0)), s.constant(0.5));
  return s.mul(x, s.clamp01(t));
}
Value scalar(graph::HardSigmoidOp op, ScalarBuilder &s, Value x) {
  Value t = s.add(s.mul(x, s.constant(s.attr(op.getAlphaAttr()))),
                  s.constant(s.attr(op.getBetaAttr())));
  return s.clamp01(t);
}
Value scalar(graph::LeakyReluOp op, ScalarBuilder &s, Value x) {
  Value scaled = s.mul(x, s.constant(s.attr(op.getAlphaAttr())));
  return s.select(Pred::OLT, x, s.constant(0.0), scaled, x);
}
Value scalar(graph::ThresholdedReluOp op, ScalarBuilder &s, Value x) {
  return s.select(Pred::OGT, x, s.constant(s.attr(op.getAlphaAttr())), x,
                  s.constant(0.0));
}
Value scalar(graph::EluOp op, ScalarBuilder &s, Value x) {
  Value negative =
      s.mul(s.constant(s.attr(op.getAlphaAttr())), s.call<math::ExpM1Op>(x));
  return s.select(Pred::OLT, x, s.constant(0.0), negative, x);
}
Value scalar(graph::SeluOp op, ScalarBuilder &s, Value x) {
  float alpha = s.attr(op.getAlphaAttr()), gamma = s.attr(op.getGammaAttr());
  Value negative =
      s.mul(s.constant(double(gamma) * alpha), s.call<math::ExpM1Op>(x));
  Value positive = s.mul(s.constant(gamma), x);
  return s.select(Pred::OGT, x, s.constant(0.0), positive, negative);
}
Value scalar(graph::CeluOp op, ScalarBuilder &s, Value x) {
  Value alpha = s.constant(s.attr(op.getAlphaAttr()));
  Value negative = s.mul(alpha, s.call<math::ExpM1Op>(s.div(x, alpha)));
  Value zero = s.constant(0.0);
  return s.add(s.max(x, zero), s.min(negative, zero));
}
Value scalar(graph::ShrinkOp op, ScalarBuilder &s, Value x) {
  Value bias = s.constant(s.attr(op.getBiasAttr()));
  float lambdValue = s.attr(op.getLambdAttr());
  Value lambd = s.constant(lambdValue);
  Value negLambd = s.constant(-lambdValue);
  Value above = s.select(Pred::OGT, x, lambd, s.sub(x, bias), s.constant(0.0));
  return s.select(Pred::OLT, x, negLambd, s.add(x, bias), above);
}
Value scalar(graph::GeluOp op, ScalarBuilder &s, Value x) {
  Value halfX = s.mul(s.constant(0.5), x);
  Value inner;
  if (op.getTanhApproximation()) {
    // sqrt(2 / pi) * (x + 0.044715 x^3)
    Value cube = s.mul(s.mul(x, x), x);
    Value poly = s.add(x, s.mul(s.constant(0.044715), cube));
    inner =
        s.call<math::TanhOp>(s.mul(s.constant(std::sqrt(2.0 / M_PI)), poly));
  } else {
    inner = s.call<math::ErfOp>(s.mul(x, s.constant(M_SQRT1_2)));
  }
  return s.mul(halfX, s.add(s.constant(1.0), inner));
}

/// Lowers `GraphOp` to a linalg.generic computing, per element, `MathOp` when
/// one is given (the function has a math op of its own), else `scalar(op)`.
template <typename GraphOp, typename MathOp = void>
struct UnaryLowering : OpRewritePattern<GraphOp> {
  using OpRewritePattern<GraphOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(GraphOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    Value v = buildElementwise(
        rewriter, op.getLoc(), type, {op.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          if constexpr (std::is_void_v<MathOp>) {
            ScalarBuilder s{b, loc, type.getElementType(),
                            hasUnsignedOperands(op)};
            return scalar(op, s, args[0]);
          } else {
            return MathOp::create(b, loc, args[0]);
          }
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

} // namespace

void graph_to_linalg::populateUnaryLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns.add<
      // Functions with a math op of their own.
      UnaryLowering<graph::AcosOp, math::AcosOp>,
      UnaryLowering<graph::AcoshOp, math::AcoshOp>,
      UnaryLowering<graph::AsinOp, math::AsinOp>,
      UnaryLowering<graph::AsinhOp, math::AsinhOp>,
      UnaryLowering<graph::AtanOp, math::AtanOp>,
      UnaryLowering<graph::AtanhOp, math::AtanhOp>,
      UnaryLowering<graph::CeilOp, math::CeilOp>,
      UnaryLowering<graph::CosOp, math::CosOp>,
      UnaryLowering<graph::CoshOp, math::CoshOp>,
      UnaryLowering<graph::ErfOp, math::ErfOp>,
      UnaryLowering<graph::ExpOp, math::ExpOp>,
      UnaryLowering<graph::FloorOp, math::FloorOp>,
      UnaryLowering<graph::LogOp, math::LogOp>,
      UnaryLowering<graph::RoundOp, math::RoundEvenOp>,
      UnaryLowering<graph::SinOp, math::SinOp>,
      UnaryLowering<graph::SinhOp, math::SinhOp>,
      UnaryLowering<graph::SqrtOp, math::SqrtOp>,
      UnaryLowering<graph::TanOp, math::TanOp>,
      UnaryLowering<graph::TanhOp, math::TanhOp>,
      // Compositions (scalar() above).
      UnaryLowering<graph::AbsOp>, UnaryLowering<graph::BitwiseNotOp>,
      UnaryLowering<graph::CastOp>, UnaryLowering<graph::IsInfOp>,
      UnaryLowering<graph::IsNaNOp>, UnaryLowering<graph::NotOp>,
      UnaryLowering<graph::CeluOp>, UnaryLowering<graph::EluOp>,
      UnaryLowering<graph::GeluOp>, UnaryLowering<graph::HardSigmoidOp>,
      UnaryLowering<graph::HardSwishOp>, UnaryLowering<graph::LeakyReluOp>,
      UnaryLowering<graph::MishOp>, UnaryLowering<graph::NegOp>,
      UnaryLowering<graph::ReciprocalOp>, UnaryLowering<graph::SeluOp>,
      UnaryLowering<graph::ShrinkOp>, UnaryLowering<graph::SigmoidOp>,
      UnaryLowering<graph::SignOp>, UnaryLowering<graph::SoftplusOp>,
      UnaryLowering<graph::SoftsignOp>,
      UnaryLowering<graph::ThresholdedReluOp>>(patterns.getContext());
}
