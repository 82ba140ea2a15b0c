//===- FoldSubviewAccesses.cpp - Loads and stores index subview sources ---===//
//
// Rewrites memref.load and memref.store through a memref.subview as the same
// access to the subview's source, its indices offset and scaled. See
// Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Affine/ViewLikeInterfaceUtils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace octet {
#define GEN_PASS_DEF_FOLDSUBVIEWACCESSES
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// The indices into `subview`'s source of the element at `indices` in it.
SmallVector<Value> sourceIndices(RewriterBase &rewriter, Location loc,
                                 memref::SubViewOp subview,
                                 ValueRange indices) {
  SmallVector<Value> resolved;
  affine::resolveIndicesIntoOpWithOffsetsAndStrides(
      rewriter, loc, subview.getMixedOffsets(), subview.getMixedStrides(),
      subview.getDroppedDims(), getAsOpFoldResult(indices), resolved);
  return resolved;
}

struct LoadOfSubview final : OpRewritePattern<memref::LoadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::LoadOp load,
                                PatternRewriter &rewriter) const override {
    auto subview = load.getMemRef().getDefiningOp<memref::SubViewOp>();
    if (!subview)
      return failure();
    SmallVector<Value> indices =
        sourceIndices(rewriter, load.getLoc(), subview, load.getIndices());
    rewriter.replaceOpWithNewOp<memref::LoadOp>(load, subview.getSource(),
                                                indices);
    return success();
  }
};

struct StoreOfSubview final : OpRewritePattern<memref::StoreOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::StoreOp store,
                                PatternRewriter &rewriter) const override {
    auto subview = store.getMemRef().getDefiningOp<memref::SubViewOp>();
    if (!subview)
      return failure();
    SmallVector<Value> indices =
        sourceIndices(rewriter, store.getLoc(), subview, store.getIndices());
    rewriter.replaceOpWithNewOp<memref::StoreOp>(store, store.getValueToStore(),
                                                 subview.getSource(), indices);
    return success();
  }
};

struct FoldSubviewAccessesPass final
    : octet::impl::FoldSubviewAccessesBase<FoldSubviewAccessesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<LoadOfSubview, StoreOfSubview>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
