//===- ApproximateMath.cpp - Transcendental math as arithmetic ------------===//
//
// Rewrites exp, log, tanh, erf, sin, ... into polynomial approximations and
// expansions from upstream MLIR, so that a target needs no vendor math
// library (CUDA's libdevice) to compile them. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace octet {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// Functions rewritten by upstream's polynomial approximations. (rsqrt is
/// left out: its approximation needs AVX2, and GPUs have an instruction.)
constexpr llvm::StringLiteral kApproximated[] = {
    "exp", "expm1", "log",  "log2", "log1p", "tanh",  "erf", "erfc",
    "sin", "cos",   "asin", "acos", "atan",  "atan2", "cbrt"};

/// Functions rewritten in terms of the approximated ones.
constexpr llvm::StringLiteral kExpanded[] = {
    "sinh", "cosh", "tan", "asinh", "acosh", "atanh", "exp2", "powf", "fpowi"};

bool isApproximated(StringRef name) {
  name.consume_front("math.");
  return llvm::is_contained(kApproximated, name);
}

bool isRewritten(StringRef name) {
  name.consume_front("math.");
  return llvm::is_contained(kApproximated, name) ||
         llvm::is_contained(kExpanded, name);
}

/// A scalar float constant of `type` holding `value`.
Value constantLike(PatternRewriter &rewriter, Location loc, Type type,
                   double value) {
  return arith::ConstantOp::create(
      rewriter, loc, type,
      rewriter.getFloatAttr(getElementTypeOrSelf(type), value));
}

/// A rewrite of a scalar f32/f64 op, preferred (benefit 2) over upstream's
/// expansion of the same op. f16/bf16 forms are extended to f32 first
/// (populateMathF32ExpansionPatterns) and then match.
template <typename OpTy> struct ScalarFloatRewrite : OpRewritePattern<OpTy> {
  explicit ScalarFloatRewrite(MLIRContext *context)
      : OpRewritePattern<OpTy>(context, /*benefit=*/2) {}
  virtual LogicalResult rewrite(OpTy op, PatternRewriter &rewriter) const = 0;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const final {
    if (!isa<Float32Type, Float64Type>(op.getType()))
      return rewriter.notifyMatchFailure(op, "scalar f32/f64 only");
    return rewrite(op, rewriter);
  }
};

/// asinh(x) = copysign(log1p(a + a^2 / (1 + sqrt(1 + a^2))), x), a = |x|,
/// and ln(a) + ln 2 once a^2 would dominate 1 (a > 2^12). Upstream's
/// expansion, ln(x + sqrt(x^2 + 1)), cancels catastrophically for negative x
/// (about 50 ulp); this form stays within a few.
struct StableAsinh : ScalarFloatRewrite<math::AsinhOp> {
  using ScalarFloatRewrite::ScalarFloatRewrite;
  LogicalResult rewrite(math::AsinhOp op,
                        PatternRewriter &rewriter) const override {
    Type type = op.getType();
    Location loc = op.getLoc();
    auto constant = [&](double value) {
      return constantLike(rewriter, loc, type, value);
    };
    Value x = op.getOperand();
    Value a = math::AbsFOp::create(rewriter, loc, x);
    Value a2 = arith::MulFOp::create(rewriter, loc, a, a);
    Value root = math::SqrtOp::create(
        rewriter, loc, arith::AddFOp::create(rewriter, loc, constant(1.0), a2));
    Value term = arith::DivFOp::create(
        rewriter, loc, a2,
        arith::AddFOp::create(rewriter, loc, constant(1.0), root));
    Value small = math::Log1pOp::create(
        rewriter, loc, arith::AddFOp::create(rewriter, loc, a, term));
    Value large = arith::AddFOp::create(rewriter, loc,
                                        math::LogOp::create(rewriter, loc, a),
                                        constant(std::log(2.0)));
    Value isLarge = arith::CmpFOp::create(
        rewriter, loc, arith::CmpFPredicate::OGT, a, constant(4096.0));
    Value magnitude =
        arith::SelectOp::create(rewriter, loc, isLarge, large, small);
    rewriter.replaceOpWithNewOp<math::CopySignOp>(op, magnitude, x);
    return success();
  }
};

/// pow(x, y) = exp(y * ln|x|), negated for x < 0 and odd integer y, NaN for
/// x < 0 and non-integer y, and 1 for y = 0 (also for x = 0 or NaN).
/// Upstream's expansion gives NaN for every negative base, so x^2 or x^3 of
/// a negative x, common in exported models, would be wrong.
struct SignedPow : ScalarFloatRewrite<math::PowFOp> {
  using ScalarFloatRewrite::ScalarFloatRewrite;
  LogicalResult rewrite(math::PowFOp op,
                        PatternRewriter &rewriter) const override {
    Type type = op.getType();
    Location loc = op.getLoc();
    auto constant = [&](double value) {
      return constantLike(rewriter, loc, type, value);
    };
    auto compare = [&](arith::CmpFPredicate predicate, Value a, Value b) {
      return arith::CmpFOp::create(rewriter, loc, predicate, a, b);
    };
    Value x = op.getLhs(), y = op.getRhs();
    Value magnitude = math::ExpOp::create(
        rewriter, loc,
        arith::MulFOp::create(
            rewriter, loc, y,
            math::LogOp::create(rewriter, loc,
                                math::AbsFOp::create(rewriter, loc, x))));
    // y integer: floor(y) == y; odd: y - 2 floor(y / 2) == 1.
    Value isInteger = compare(arith::CmpFPredicate::OEQ,
                              math::FloorOp::create(rewriter, loc, y), y);
    Value half = math::FloorOp::create(
        rewriter, loc, arith::MulFOp::create(rewriter, loc, y, constant(0.5)));
    Value remainder = arith::SubFOp::create(
        rewriter, loc, y,
        arith::MulFOp::create(rewriter, loc, half, constant(2.0)));
    Value isOdd = compare(arith::CmpFPredicate::OEQ, remainder, constant(1.0));
    Value negative = compare(arith::CmpFPredicate::OLT, x, constant(0.0));
    Value flipped = arith::SelectOp::create(
        rewriter, loc, isOdd, arith::NegFOp::create(rewriter, loc, magnitude),
        magnitude);
    Value negativeBase = arith::SelectOp::create(
        rewriter, loc, isInteger, flipped, constant(std::nan("")));
    Value result = arith::SelectOp::create(rewriter, loc, negative,
                                           negativeBase, magnitude);
    Value yIsZero = compare(arith::CmpFPredicate::OEQ, y, constant(0.0));
    rewriter.replaceOpWithNewOp<arith::SelectOp>(op, yIsZero, constant(1.0),
                                                 result);
    return success();
  }
};

struct ApproximateMathPass
    : public octet::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<SignedPow, StableAsinh>(&getContext());
    SmallVector<StringRef> expanded(std::begin(kExpanded), std::end(kExpanded));
    math::populateExpansionPatterns(patterns, expanded);
    populateMathF32ExpansionPatterns(patterns, isRewritten);
    populateMathPolynomialApproximationPatterns(patterns, isApproximated);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) {
      getOperation()->emitError("math approximation did not converge");
      return signalPassFailure();
    }
  }
};

} // namespace
