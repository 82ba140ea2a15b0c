//===- FuseElementwise.cpp - Elementwise fusion without recomputation -----===//
//
// Upstream's elementwise fusion patterns with a control function that never
// recomputes a producer per output of a reduction, except for the cheap
// widening of narrow data (dequantization). See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace octet {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// Named contractions and convolutions as linalg.generic, so that
/// elementwise fusion can reach their operands.
struct GeneralizeContraction final
    : OpInterfaceRewritePattern<linalg::LinalgOp> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;
  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    if (isa<linalg::GenericOp>(op) ||
        (!isa<linalg::ContractionOpInterface>(op.getOperation()) &&
         !isa<linalg::ConvolutionOpInterface>(op.getOperation())))
      return failure();
    return linalg::generalizeNamedOp(rewriter, op);
  }
};

/// Whether `producer` widens its main input: an input read at every point
/// of the iteration space (a permutation map) has fewer bits per element
/// than the result.
bool widensItsInput(linalg::GenericOp producer) {
  if (producer.getNumDpsInits() != 1)
    return false;
  Type resultType = getElementTypeOrSelf(producer.getResult(0).getType());
  if (!resultType.isIntOrFloat())
    return false;
  unsigned resultBits = resultType.getIntOrFloatBitWidth();
  for (OpOperand *input : producer.getDpsInputOperands()) {
    Type type = getElementTypeOrSelf(input->get().getType());
    if (type.isIntOrFloat() &&
        producer.getMatchingIndexingMap(input).isPermutation() &&
        type.getIntOrFloatBitWidth() < resultBits)
      return true;
  }
  return false;
}

/// Whether `producer` only rounds an f32 tensor to bf16 (a model input's
/// cast for the bf16 ops that read it): its body is one arith.truncf.
bool onlyRoundsToBF16(linalg::GenericOp producer) {
  if (producer.getNumDpsInits() != 1 || producer.getNumDpsInputs() != 1 ||
      !producer.getMatchingIndexingMap(producer.getDpsInputOperand(0))
           .isPermutation() ||
      !getElementTypeOrSelf(producer.getResult(0).getType()).isBF16())
    return false;
  Block &body = producer.getRegion().front();
  auto truncate = dyn_cast<arith::TruncFOp>(body.front());
  return truncate && truncate.getIn().getType().isF32() &&
         truncate.getIn() == body.getArgument(0) &&
         truncate->getNextNode() == body.getTerminator();
}

/// The cost rule (see Passes.td).
bool shouldFuse(OpOperand *fusedOperand) {
  auto producer = fusedOperand->get().getDefiningOp<linalg::GenericOp>();
  auto consumer = dyn_cast<linalg::LinalgOp>(fusedOperand->getOwner());
  if (!producer || !consumer || !fusedOperand->get().hasOneUse())
    return false;
  if (consumer.getNumReductionLoops() == 0)
    return true;
  return widensItsInput(producer) || onlyRoundsToBF16(producer);
}

/// Replaces a `tensor.extract` of a widening producer's result (a gather
/// from an FP8 or bf16 table that a kernel of its own would dequantize
/// whole) by that one element computed from the producer's inputs: the
/// producer's body, cloned where the element is read.
struct FuseWideningIntoExtract final : OpRewritePattern<tensor::ExtractOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::ExtractOp extract,
                                PatternRewriter &rewriter) const override {
    auto producer = extract.getTensor().getDefiningOp<linalg::GenericOp>();
    if (!producer || !extract.getTensor().hasOneUse() ||
        producer.getNumResults() != 1 || producer.getNumReductionLoops() != 0 ||
        !widensItsInput(producer) ||
        !producer.getMatchingIndexingMap(producer.getDpsInitOperand(0))
             .isIdentity() ||
        producer.payloadUsesValueFromOperand(producer.getDpsInitOperand(0)))
      return failure();
    for (OpOperand *input : producer.getDpsInputOperands())
      if (!producer.getMatchingIndexingMap(input).isProjectedPermutation())
        return failure();
    Location loc = extract.getLoc();
    ValueRange indices = extract.getIndices();
    Block &body = producer.getRegion().front();
    IRMapping mapping;
    for (OpOperand *input : producer.getDpsInputOperands()) {
      Value element = input->get();
      if (isa<RankedTensorType>(element.getType())) {
        SmallVector<Value> inputIndices;
        for (AffineExpr result :
             producer.getMatchingIndexingMap(input).getResults())
          inputIndices.push_back(
              indices[cast<AffineDimExpr>(result).getPosition()]);
        element =
            tensor::ExtractOp::create(rewriter, loc, element, inputIndices);
      }
      mapping.map(producer.getMatchingBlockArgument(input), element);
    }
    for (Operation &op : body.without_terminator()) {
      if (auto index = dyn_cast<linalg::IndexOp>(op))
        mapping.map(index.getResult(), indices[index.getDim()]);
      else
        rewriter.clone(op, mapping);
    }
    rewriter.replaceOp(
        extract, mapping.lookupOrDefault(body.getTerminator()->getOperand(0)));
    return success();
  }
};

struct FuseElementwisePass final
    : octet::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    {
      RewritePatternSet patterns(context);
      patterns.add<GeneralizeContraction>(context);
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
        return signalPassFailure();
    }
    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(patterns, shouldFuse);
    patterns.add<FuseWideningIntoExtract>(context);
    // Reshapes and constants: upstream's default rule (a single use).
    linalg::ControlFusionFn singleUse = [](OpOperand *operand) {
      return operand->get().hasOneUse();
    };
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, singleUse);
    linalg::populateConstantFoldLinalgOperations(patterns, singleUse);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    if (failed(
            applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      return signalPassFailure();
  }
};

} // namespace
