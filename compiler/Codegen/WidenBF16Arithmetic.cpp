//===- WidenBF16Arithmetic.cpp - bf16 math in f32, rounded when stored ----===//
//
// Rewrites bf16 arith and math ops as f32 ops between arith.extf and
// arith.truncf (upstream's emulation patterns), then drops every
// truncf-then-extf pair, so that a kernel's bf16 values are rounded only
// where they are stored or carried as bf16. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/DialectConversion.h"

namespace octet {
#define GEN_PASS_DEF_WIDENBF16ARITHMETIC
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// Rewrites the bf16 arith ops in `op` as f32 ops between extf and truncf.
LogicalResult widenArith(Operation *op) {
  MLIRContext *context = op->getContext();
  TypeConverter converter;
  Type bf16 = BFloat16Type::get(context);
  arith::populateEmulateUnsupportedFloatsConversions(converter, {bf16},
                                                     Float32Type::get(context));
  ConversionTarget target(*context);
  arith::populateEmulateUnsupportedFloatsLegality(target, converter);
  RewritePatternSet patterns(context);
  arith::populateEmulateUnsupportedFloatsPatterns(patterns, converter);
  return applyPartialConversion(op, target, std::move(patterns));
}

/// Rewrites the bf16 math ops in `op` (tanh, exp, ...) likewise.
LogicalResult widenMath(Operation *op) {
  MLIRContext *context = op->getContext();
  // Every float type but these is extended.
  llvm::SetVector<Type> keep;
  keep.insert(Float16Type::get(context));
  keep.insert(Float32Type::get(context));
  keep.insert(Float64Type::get(context));
  TypeConverter converter;
  math::populateExtendToSupportedTypesTypeConverter(converter, keep,
                                                    Float32Type::get(context));
  ConversionTarget target(*context);
  math::populateExtendToSupportedTypesConversionTarget(target, converter);
  RewritePatternSet patterns(context);
  math::populateExtendToSupportedTypesPatterns(patterns, converter);
  return applyPartialConversion(op, target, std::move(patterns));
}

/// The bf16 value `v` widens, when it is an arith.extf from bf16.
Value narrowedOperand(Value v, Type bf16Type) {
  auto extend = v.getDefiningOp<arith::ExtFOp>();
  if (extend && extend.getIn().getType() == bf16Type)
    return extend.getIn();
  return Value();
}

/// truncf(max(extf a, extf b)) to bf16 is max(a, b): the larger (or
/// smaller) of two values is one of them, so the rounding has nothing to
/// round. Rewrites such a min/max of widened bf16 values as the bf16 op, so
/// that a max pool's running maximum is not rounded at every step. A
/// min/max of an f32 value (an unrounded result) is left as it is: making it
/// bf16 would round its operand first.
template <typename MinMaxOp> bool narrowExactMinMax(arith::TruncFOp truncate) {
  auto minMax = truncate.getIn().getDefiningOp<MinMaxOp>();
  if (!minMax)
    return false;
  Type bf16Type = truncate.getType();
  Value lhs = narrowedOperand(minMax.getLhs(), bf16Type);
  Value rhs = narrowedOperand(minMax.getRhs(), bf16Type);
  if (!lhs || !rhs)
    return false;
  OpBuilder builder(truncate);
  Value narrow = MinMaxOp::create(builder, minMax.getLoc(), lhs, rhs);
  truncate.getResult().replaceAllUsesWith(narrow);
  truncate.erase();
  if (minMax->use_empty())
    minMax.erase();
  return true;
}

struct WidenBF16ArithmeticPass final
    : octet::impl::WidenBF16ArithmeticBase<WidenBF16ArithmeticPass> {
  void runOnOperation() override {
    if (failed(widenMath(getOperation())) || failed(widenArith(getOperation())))
      return signalPassFailure();
    SmallVector<arith::TruncFOp> truncates;
    getOperation().walk([&](arith::TruncFOp truncate) {
      if (getElementTypeOrSelf(truncate.getType()).isBF16())
        truncates.push_back(truncate);
    });
    for (arith::TruncFOp truncate : truncates)
      (void)(narrowExactMinMax<arith::MaximumFOp>(truncate) ||
             narrowExactMinMax<arith::MinimumFOp>(truncate) ||
             narrowExactMinMax<arith::MaxNumFOp>(truncate) ||
             narrowExactMinMax<arith::MinNumFOp>(truncate));
    // The widenings only those ops read.
    getOperation().walk([](arith::ExtFOp extend) {
      if (extend->use_empty())
        extend.erase();
    });
    // f32 -> bf16 -> f32 inside a kernel: keep the f32 value, unless the
    // bf16 value is also stored (a tensor other kernels read): its readers
    // in this kernel then read the same rounded value as those.
    getOperation().walk([](arith::ExtFOp extend) {
      auto truncate = extend.getIn().getDefiningOp<arith::TruncFOp>();
      if (!truncate || !getElementTypeOrSelf(truncate.getType()).isBF16() ||
          truncate.getIn().getType() != extend.getType() ||
          llvm::any_of(truncate->getUsers(), [](Operation *user) {
            return isa<memref::StoreOp>(user);
          }))
        return;
      extend.getResult().replaceAllUsesWith(truncate.getIn());
      extend.erase();
      if (truncate->use_empty())
        truncate.erase();
    });
  }
};

} // namespace
