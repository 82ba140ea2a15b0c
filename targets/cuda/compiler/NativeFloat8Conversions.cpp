//===- NativeFloat8Conversions.cpp - sm_89's FP8 cvt, bit-exact -----------===//
//
// Rewrites f32 <-> f8E4M3FN/f8E5M2 conversions as the PTX cvt instructions
// of sm_89 and newer, plus the selects that give them the semantics of
// octet-expand-float8 (and ml_dtypes) bit for bit. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "targets/cuda/compiler/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace octet::cuda {
#define GEN_PASS_DEF_NATIVEFLOAT8CONVERSIONS
#include "targets/cuda/compiler/Passes.h.inc"
} // namespace octet::cuda

using namespace mlir;

namespace {

/// What the fix-ups need to know of one 8-bit float format.
struct Float8Codes {
  /// Magnitudes beyond this round past the largest finite value.
  float overflowThreshold;
  /// Whether the threshold itself overflows (a tie that rounds to even
  /// upwards).
  bool thresholdOverflows;
  /// The code of an overflow (NaN for E4M3FN, infinity for E5M2) and of NaN,
  /// without sign.
  uint8_t overflowCode, nanCode;
  /// Whether (code & 0x7F) > this means NaN.
  uint8_t largestNonNaN;
};

std::optional<Float8Codes> getCodes(Type type) {
  // E4M3FN: 448 is 1.110b * 2^8; 464 is the tie with 480 (a NaN code) and
  // rounds to the even 448.
  if (isa<Float8E4M3FNType>(type))
    return Float8Codes{464.0f, false, 0x7F, 0x7F, 0x7E};
  // E5M2: 57344 is 1.11b * 2^15; 61440 is the tie with 2^16 (infinity) and
  // rounds to the even 2^16.
  if (isa<Float8E5M2Type>(type))
    return Float8Codes{61440.0f, true, 0x7C, 0x7E, 0x7C};
  return std::nullopt;
}

Value constantI8(ImplicitLocOpBuilder &b, int64_t value) {
  return arith::ConstantIntOp::create(b, value, 8);
}

/// f32 -> FP8: cvt.rn.satfinite, then overflow and NaN as in the emulation.
struct NativeTruncF final : OpRewritePattern<arith::TruncFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::TruncFOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<Float8Codes> codes = getCodes(op.getType());
    if (!codes || !op.getIn().getType().isF32())
      return failure();
    if (op.getRoundingmode() &&
        *op.getRoundingmode() != arith::RoundingMode::to_nearest_even)
      return rewriter.notifyMatchFailure(op, "only nearest-even rounding");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value x = op.getIn();
    // Both halves convert x; the low byte is the second operand's.
    Value packed = NVVM::ConvertF32x2ToF8x2Op::create(
        b, b.getI16Type(), x, x, NVVM::FPRoundingMode::RN,
        NVVM::SaturationMode::SATFINITE, /*relu=*/false, op.getType());
    Value code = arith::TruncIOp::create(b, b.getI8Type(), packed);

    Value bits = arith::BitcastOp::create(b, b.getI32Type(), x);
    Value sign = arith::AndIOp::create(
        b,
        arith::TruncIOp::create(
            b, b.getI8Type(),
            arith::ShRUIOp::create(b, bits,
                                   arith::ConstantIntOp::create(b, 24, 32))),
        constantI8(b, 0x80));
    Value magnitude = math::AbsFOp::create(b, x);
    Value threshold = arith::ConstantFloatOp::create(
        b, b.getF32Type(), APFloat(codes->overflowThreshold));
    // Ordered comparisons: false for NaN, true for infinity.
    Value overflows = arith::CmpFOp::create(b,
                                            codes->thresholdOverflows
                                                ? arith::CmpFPredicate::OGE
                                                : arith::CmpFPredicate::OGT,
                                            magnitude, threshold);
    Value isNaN = arith::CmpFOp::create(b, arith::CmpFPredicate::UNO, x, x);
    code = arith::SelectOp::create(
        b, overflows,
        arith::OrIOp::create(b, sign, constantI8(b, codes->overflowCode)),
        code);
    code = arith::SelectOp::create(
        b, isNaN, arith::OrIOp::create(b, sign, constantI8(b, codes->nanCode)),
        code);
    rewriter.replaceOpWithNewOp<arith::BitcastOp>(op, op.getType(), code);
    return success();
  }
};

/// FP8 -> f32: cvt.rn.f16x2 and an exact f16 -> f32; NaN codes as in the
/// emulation.
struct NativeExtF final : OpRewritePattern<arith::ExtFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::ExtFOp op,
                                PatternRewriter &rewriter) const override {
    Type source = op.getIn().getType();
    std::optional<Float8Codes> codes = getCodes(source);
    if (!codes || !op.getType().isF32())
      return failure();
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value code = arith::BitcastOp::create(b, b.getI8Type(), op.getIn());
    // The code in both bytes of the pair, so that either half of the result
    // is its conversion, whichever byte PTX takes for which half.
    Value wide = arith::ExtUIOp::create(b, b.getI16Type(), code);
    Value pair = LLVM::BitcastOp::create(
        b, VectorType::get({2}, b.getI8Type()),
        arith::OrIOp::create(
            b, wide,
            arith::ShLIOp::create(b, wide,
                                  arith::ConstantIntOp::create(b, 8, 16))));
    Value halves = NVVM::ConvertF8x2ToF16x2Op::create(
        b, VectorType::get({2}, b.getF16Type()), pair, /*relu=*/false, source);
    Value half = LLVM::ExtractElementOp::create(
        b, halves, LLVM::ConstantOp::create(b, b.getI32Type(), 0));
    Value widened = arith::ExtFOp::create(b, b.getF32Type(), half);

    Value magnitude = arith::AndIOp::create(b, code, constantI8(b, 0x7F));
    Value isNaN = arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, magnitude,
                                        constantI8(b, codes->largestNonNaN));
    Value sign = arith::ShLIOp::create(
        b,
        arith::ExtUIOp::create(
            b, b.getI32Type(),
            arith::AndIOp::create(b, code, constantI8(b, 0x80))),
        arith::ConstantIntOp::create(b, 24, 32));
    Value quietNaN = arith::BitcastOp::create(
        b, b.getF32Type(),
        arith::OrIOp::create(b, sign,
                             arith::ConstantIntOp::create(b, 0x7FC00000, 32)));
    rewriter.replaceOpWithNewOp<arith::SelectOp>(op, isNaN, quietNaN, widened);
    return success();
  }
};

struct NativeFloat8ConversionsPass final
    : octet::cuda::impl::NativeFloat8ConversionsBase<
          NativeFloat8ConversionsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<NativeTruncF, NativeExtF>(&getContext());
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};

} // namespace
