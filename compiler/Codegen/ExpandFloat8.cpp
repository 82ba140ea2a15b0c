//===- ExpandFloat8.cpp - 8-bit float conversions as integer arithmetic ---===//
//
// Rewrites arith.extf from, and arith.truncf to, f8E4M3FN and f8E5M2 into
// 32-bit integer operations on the bit patterns, so that any target that has
// integers can store FP8 in one byte and compute in f32, with the same bits
// everywhere. See Passes.td for the semantics.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace octet {
#define GEN_PASS_DEF_EXPANDFLOAT8
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// The layout of one 8-bit float format.
struct Float8Format {
  unsigned exponentBits;
  unsigned mantissaBits;
  int bias;
  /// The encoding of the largest finite magnitude.
  uint32_t maxFiniteBits;
  /// What a magnitude beyond it becomes: NaN (E4M3FN) or infinity (E5M2).
  uint32_t overflowBits;
  /// The NaN a NaN input becomes (sign added).
  uint32_t nanBits;
  /// Whether all-ones exponents encode infinity and NaN (IEEE, E5M2) rather
  /// than only S.1111.111 being NaN (E4M3FN).
  bool ieeeSpecials;
};

std::optional<Float8Format> getFormat(Type type) {
  if (isa<Float8E4M3FNType>(type))
    return Float8Format{4, 3, 7, 0x7E, 0x7F, 0x7F, false};
  if (isa<Float8E5M2Type>(type))
    return Float8Format{5, 2, 15, 0x7B, 0x7C, 0x7E, true};
  return std::nullopt;
}

/// Helper building i32 arithmetic at one location.
struct Bits {
  ImplicitLocOpBuilder &b;
  Value c(int64_t v) { return arith::ConstantIntOp::create(b, v, 32); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, x, y); }
  Value bitAnd(Value x, Value y) { return arith::AndIOp::create(b, x, y); }
  Value bitOr(Value x, Value y) { return arith::OrIOp::create(b, x, y); }
  Value shl(Value x, Value y) { return arith::ShLIOp::create(b, x, y); }
  Value shr(Value x, Value y) { return arith::ShRUIOp::create(b, x, y); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, p, x, y);
  }
  Value select(Value cond, Value x, Value y) {
    return arith::SelectOp::create(b, cond, x, y);
  }
};

/// f32 -> 8-bit float, rounding to nearest even; see Passes.td.
struct ExpandTruncF final : OpRewritePattern<arith::TruncFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::TruncFOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<Float8Format> format = getFormat(op.getType());
    if (!format)
      return failure();
    if (!op.getIn().getType().isF32())
      return rewriter.notifyMatchFailure(op, "only f32 sources are expanded");
    if (op.getRoundingmode() &&
        *op.getRoundingmode() != arith::RoundingMode::to_nearest_even)
      return rewriter.notifyMatchFailure(op, "only nearest-even rounding");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Bits i{b};
    using P = arith::CmpIPredicate;
    const int shift = 23 - format->mantissaBits;
    const int bias = format->bias;

    Value bits = arith::BitcastOp::create(b, b.getI32Type(), op.getIn());
    Value sign = i.bitAnd(i.shr(bits, i.c(24)), i.c(0x80));
    Value abs = i.bitAnd(bits, i.c(0x7FFFFFFF));

    // Normal results: round the f32 bits at the target's mantissa width
    // (nearest, ties to even; a carry moves into the exponent), then rebias.
    Value odd = i.bitAnd(i.shr(abs, i.c(shift)), i.c(1));
    Value rounded =
        i.add(abs, i.add(i.c((int64_t{1} << (shift - 1)) - 1), odd));
    Value normal =
        i.shr(i.sub(rounded, i.c(int64_t{127 - bias} << 23)), i.c(shift));

    // Subnormal results: the significand (implicit bit included) shifted
    // right by the distance to the target's smallest subnormal, rounded to
    // nearest even. The shift is at least 24 - mantissaBits here; beyond 31
    // everything rounds to zero anyway. (For normal results the value is
    // discarded; the clamp keeps every shift amount defined.)
    Value exponent = i.shr(abs, i.c(23));
    Value implicitBit =
        i.select(i.cmp(P::ne, exponent, i.c(0)), i.c(0x800000), i.c(0));
    Value significand = i.bitOr(i.bitAnd(abs, i.c(0x7FFFFF)), implicitBit);
    Value distance = arith::MaxSIOp::create(
        b,
        arith::MinSIOp::create(
            b, i.sub(i.c(151 - bias - int(format->mantissaBits)), exponent),
            i.c(31)),
        i.c(1));
    Value truncated = i.shr(significand, distance);
    Value remainder =
        i.bitAnd(significand, i.sub(i.shl(i.c(1), distance), i.c(1)));
    Value half = i.shl(i.c(1), i.sub(distance, i.c(1)));
    Value roundUp = arith::OrIOp::create(
        b, i.cmp(P::ugt, remainder, half),
        arith::AndIOp::create(
            b, i.cmp(P::eq, remainder, half),
            i.cmp(P::ne, i.bitAnd(truncated, i.c(1)), i.c(0))));
    Value subnormal =
        i.add(truncated, arith::ExtUIOp::create(b, b.getI32Type(), roundUp));

    Value minNormal = i.c(int64_t{128 - bias} << 23);
    Value magnitude =
        i.select(i.cmp(P::ult, abs, minNormal), subnormal, normal);
    magnitude = i.select(i.cmp(P::ugt, magnitude, i.c(format->maxFiniteBits)),
                         i.c(format->overflowBits), magnitude);
    magnitude = i.select(i.cmp(P::ugt, abs, i.c(0x7F800000)),
                         i.c(format->nanBits), magnitude);
    Value byte =
        arith::TruncIOp::create(b, b.getI8Type(), i.bitOr(magnitude, sign));
    rewriter.replaceOpWithNewOp<arith::BitcastOp>(op, op.getType(), byte);
    return success();
  }
};

/// 8-bit float -> f32, exact: the magnitude's bits moved to where f32 keeps
/// its exponent and mantissa, then scaled by 2^(127 - bias) (a power of two,
/// so exact; 8-bit subnormals pass through f32 subnormals, which every target
/// Octet emits for keeps), then NaN / infinity and the sign.
struct ExpandExtF final : OpRewritePattern<arith::ExtFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::ExtFOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<Float8Format> format = getFormat(op.getIn().getType());
    if (!format)
      return failure();
    if (!op.getType().isF32())
      return rewriter.notifyMatchFailure(op, "only f32 results are expanded");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Bits i{b};
    using P = arith::CmpIPredicate;
    const unsigned m = format->mantissaBits;

    Value byte = arith::BitcastOp::create(b, b.getI8Type(), op.getIn());
    Value bits = arith::ExtUIOp::create(b, b.getI32Type(), byte);
    Value magnitudeBits = i.bitAnd(bits, i.c(0x7F));
    Value shifted = arith::BitcastOp::create(b, b.getF32Type(),
                                             i.shl(magnitudeBits, i.c(23 - m)));
    Value scaled = arith::MulFOp::create(
        b, shifted,
        arith::ConstantFloatOp::create(
            b, b.getF32Type(), APFloat(std::ldexp(1.0f, 127 - format->bias))));
    Value magnitude = arith::BitcastOp::create(b, b.getI32Type(), scaled);

    // Specials: E4M3FN has only NaN (S.1111.111); E5M2 has infinity
    // (S.11111.00) and NaNs above it.
    if (format->ieeeSpecials) {
      Value special = i.select(i.cmp(P::eq, magnitudeBits, i.c(0x7C)),
                               i.c(0x7F800000), i.c(0x7FC00000));
      magnitude =
          i.select(i.cmp(P::uge, magnitudeBits, i.c(0x7C)), special, magnitude);
    } else {
      magnitude = i.select(i.cmp(P::eq, magnitudeBits, i.c(0x7F)),
                           i.c(0x7FC00000), magnitude);
    }
    Value sign = i.shl(i.bitAnd(bits, i.c(0x80)), i.c(24));
    Value result = i.bitOr(magnitude, sign);
    rewriter.replaceOpWithNewOp<arith::BitcastOp>(op, op.getType(), result);
    return success();
  }
};

/// A scalar 8-bit float constant as an i8 constant, bitcast.
struct ExpandConstant final : OpRewritePattern<arith::ConstantOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::ConstantOp op,
                                PatternRewriter &rewriter) const override {
    if (!getFormat(op.getType()))
      return failure();
    auto value = dyn_cast<FloatAttr>(op.getValue());
    if (!value)
      return failure();
    APInt bits = value.getValue().bitcastToAPInt();
    Value byte = arith::ConstantOp::create(
        rewriter, op.getLoc(),
        rewriter.getIntegerAttr(rewriter.getI8Type(), bits.getZExtValue()));
    rewriter.replaceOpWithNewOp<arith::BitcastOp>(op, op.getType(), byte);
    return success();
  }
};

struct ExpandFloat8Pass final
    : octet::impl::ExpandFloat8Base<ExpandFloat8Pass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ExpandTruncF, ExpandExtF, ExpandConstant>(&getContext());
    // One walk, no folding or dead-code removal: every op is rewritten
    // once, in place.
    walkAndApplyPatterns(getOperation(), std::move(patterns));

    // Whatever still computes on 8-bit floats has no lowering.
    WalkResult left =
        getOperation()->walk([](Operation *op) {
          auto widensVector = [](Operation *op) {
            auto ext = dyn_cast<arith::ExtFOp>(op);
            return ext && isa<VectorType>(ext.getType()) &&
                   getElementTypeOrSelf(ext.getType()).isF32();
          };
          if (isa<arith::BitcastOp, arith::SelectOp>(op) || widensVector(op) ||
              op->getDialect() == nullptr ||
              !isa<arith::ArithDialect>(op->getDialect()))
            return WalkResult::advance();
          auto isFloat8 = [](Type type) {
            return getFormat(getElementTypeOrSelf(type)).has_value();
          };
          if (llvm::any_of(op->getOperandTypes(), isFloat8) ||
              llvm::any_of(op->getResultTypes(), isFloat8)) {
            op->emitError("'")
                << op->getName()
                << "' on 8-bit floats has no expansion; only conversions from "
                   "and to f32 are supported";
            return WalkResult::interrupt();
          }
          return WalkResult::advance();
        });
    if (left.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
