//===- UnrollWindowLoops.cpp - Unroll a kernel's short innermost loops ----===//
//
// Fully unrolls the innermost scf.for loops of a few steps (a convolution's
// window) inside each kernel's loop nest with upstream's loopUnrollFull, so
// that the loads the unrolled steps share can be shared. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace octet {
#define GEN_PASS_DEF_UNROLLWINDOWLOOPS
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// An index as a sum of values plus a constant, following arith.addi.
struct LinearIndex {
  SmallVector<Value> terms; // Sorted, so that equal sums compare equal.
  int64_t constant = 0;
};

LinearIndex linearize(Value index) {
  LinearIndex result;
  SmallVector<Value> pending = {index};
  while (!pending.empty()) {
    Value v = pending.pop_back_val();
    if (std::optional<int64_t> c = getConstantIntValue(v)) {
      result.constant += *c;
    } else if (auto add = v.getDefiningOp<arith::AddIOp>()) {
      pending.push_back(add.getLhs());
      pending.push_back(add.getRhs());
    } else {
      result.terms.push_back(v);
    }
  }
  llvm::sort(result.terms, [](Value a, Value b) {
    return a.getAsOpaquePointer() < b.getAsOpaquePointer();
  });
  return result;
}

/// The memref and indices of a scalar or vector load of a float narrower
/// than 32 bits: one widened as it is loaded, which costs work each time.
/// (An f32 element loaded again costs nothing on PoCL, where the load folds
/// into the multiply-add's broadcast; unrolling such loops measured neutral
/// for f32 and up to 8 % slower for FP8 weights.)
std::optional<std::pair<Value, ValueRange>> narrowLoadAccess(Operation *op) {
  std::optional<std::pair<Value, ValueRange>> access;
  if (auto load = dyn_cast<memref::LoadOp>(op))
    access = std::make_pair(load.getMemRef(), load.getIndices());
  else if (auto load = dyn_cast<vector::LoadOp>(op))
    access = std::make_pair(load.getBase(), load.getIndices());
  if (!access)
    return std::nullopt;
  auto element = dyn_cast<FloatType>(
      cast<MemRefType>(access->first.getType()).getElementType());
  if (!element || element.getWidth() >= 32)
    return std::nullopt;
  return access;
}

/// Whether two steps of `loop` load the same narrow element: two loads in its
/// body whose indices are equal but for one, where both add the induction
/// variable to the same values and their constants differ by a nonzero
/// multiple of the step within the loop's span (a thread tile's neighbouring
/// pixels under a convolution window). Only then does unrolling share loads;
/// elsewhere it measured slower on PoCL (a strided stem convolution, +28 %).
bool stepsShareLoads(scf::ForOp loop, int64_t tripCount) {
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  if (!step || *step <= 0)
    return false;
  Value iv = loop.getInductionVar();
  SmallVector<std::pair<Value, SmallVector<LinearIndex>>> loads;
  for (Operation &op : *loop.getBody()) {
    std::optional<std::pair<Value, ValueRange>> access = narrowLoadAccess(&op);
    if (!access)
      continue;
    SmallVector<LinearIndex> indices;
    for (Value index : access->second)
      indices.push_back(linearize(index));
    loads.emplace_back(access->first, std::move(indices));
  }
  auto shared = [&](ArrayRef<LinearIndex> a, ArrayRef<LinearIndex> b) {
    std::optional<size_t> varying;
    for (size_t d = 0; d < a.size(); ++d) {
      if (a[d].terms != b[d].terms)
        return false;
      if (a[d].constant == b[d].constant)
        continue;
      if (varying)
        return false;
      varying = d;
    }
    if (!varying || !llvm::is_contained(a[*varying].terms, iv))
      return false;
    int64_t distance = std::abs(a[*varying].constant - b[*varying].constant);
    return distance % *step == 0 && distance < tripCount * *step;
  };
  for (size_t i = 0; i < loads.size(); ++i)
    for (size_t j = i + 1; j < loads.size(); ++j)
      if (loads[i].first == loads[j].first &&
          loads[i].second.size() == loads[j].second.size() &&
          shared(loads[i].second, loads[j].second))
        return true;
  return false;
}

/// Whether to unroll `loop`: an innermost loop of at most `maxTripCount`
/// steps, known at compile time, inside a kernel's loop nest, whose steps
/// share narrow loads.
bool shouldUnroll(scf::ForOp loop, int64_t maxTripCount) {
  if (!loop->getParentOfType<scf::ParallelOp>())
    return false;
  bool hasInnerLoop = false;
  loop.getBody()->walk([&](LoopLikeOpInterface) { hasInnerLoop = true; });
  if (hasInnerLoop)
    return false;
  std::optional<APInt> tripCount = loop.getStaticTripCount();
  return tripCount && tripCount->getSExtValue() >= 1 &&
         tripCount->getSExtValue() <= maxTripCount &&
         stepsShareLoads(loop, tripCount->getSExtValue());
}

struct UnrollWindowLoopsPass final
    : octet::impl::UnrollWindowLoopsBase<UnrollWindowLoopsPass> {
  using UnrollWindowLoopsBase::UnrollWindowLoopsBase;

  /// arith's canonicalization patterns, collected once.
  LogicalResult initialize(MLIRContext *context) override {
    RewritePatternSet patterns(context);
    for (RegisteredOperationName name : context->getRegisteredOperations())
      if (name.getDialectNamespace() ==
          arith::ArithDialect::getDialectNamespace())
        name.getCanonicalizationPatterns(patterns, context);
    arithPatterns = FrozenRewritePatternSet(std::move(patterns));
    return success();
  }

  void runOnOperation() override {
    SmallVector<scf::ForOp> loops;
    getOperation().walk([&](scf::ForOp loop) {
      if (shouldUnroll(loop, maxTripCount))
        loops.push_back(loop);
    });
    if (loops.empty())
      return;
    llvm::SetVector<Block *> blocks;
    for (scf::ForOp loop : loops) {
      blocks.insert(loop->getBlock());
      if (failed(loopUnrollFull(loop)))
        return signalPassFailure();
    }
    // The copies' index arithmetic (iv * step + lb, per copy) folded, so
    // that equal indices are the same values: arith's folders and
    // canonicalizations alone, on the unrolled code alone (a full
    // canonicalization would also fold the kernels' single-iteration loops
    // away before they are mapped to the GPU).
    SmallVector<Operation *> arithOps;
    for (Block *block : blocks)
      for (Operation &op : *block)
        if (isa_and_nonnull<arith::ArithDialect>(op.getDialect()))
          arithOps.push_back(&op);
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    (void)applyOpPatternsGreedily(arithOps, arithPatterns, config);
  }

private:
  FrozenRewritePatternSet arithPatterns;
};

} // namespace
