//===- FuseMultiplyAdd.cpp - f32 multiply-adds as math.fma ----------------===//
//
// Marks f32 multiplications and additions contractible and lets upstream
// MLIR's uplifting patterns turn an addition of a product into math.fma, so
// that a MatMul's multiply-accumulate is one instruction on every target. See
// Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace octet {
#define GEN_PASS_DEF_FUSEMULTIPLYADD
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// Adds `contract` to the fast-math flags of `op`.
template <typename OpTy> void allowContraction(OpTy op) {
  if (!getElementTypeOrSelf(op.getType()).isF32())
    return;
  op.setFastmath(op.getFastmath() | arith::FastMathFlags::contract);
}

struct FuseMultiplyAddPass final
    : octet::impl::FuseMultiplyAddBase<FuseMultiplyAddPass> {
  void runOnOperation() override {
    getOperation().walk([](Operation *op) {
      if (auto mul = dyn_cast<arith::MulFOp>(op))
        allowContraction(mul);
      else if (auto add = dyn_cast<arith::AddFOp>(op))
        allowContraction(add);
    });
    RewritePatternSet patterns(&getContext());
    populateUpliftToFMAPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
