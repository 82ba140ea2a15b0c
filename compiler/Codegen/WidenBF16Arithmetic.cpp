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

struct WidenBF16ArithmeticPass final
    : octet::impl::WidenBF16ArithmeticBase<WidenBF16ArithmeticPass> {
  void runOnOperation() override {
    if (failed(widenMath(getOperation())) || failed(widenArith(getOperation())))
      return signalPassFailure();
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
