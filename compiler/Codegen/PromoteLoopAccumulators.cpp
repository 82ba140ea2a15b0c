//===- PromoteLoopAccumulators.cpp - Reductions accumulate in registers ---===//
//
// Rewrites   scf.for { %a = load %m[%i]; ...; store %v, %m[%i] }
// into       %a0 = load %m[%i]
//            %r = scf.for iter_args(%a = %a0) { ...; yield %v }
//            store %r, %m[%i]
// when %m and %i are loop-invariant and no other operation in the loop may
// access the buffer %m belongs to. Buffers are identified by their root
// value (allocation, global, function argument) through view operations;
// distinct roots are distinct device buffers in Octet's execution plan.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/BufferRoots.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace octet {
#define GEN_PASS_DEF_PROMOTELOOPACCUMULATORS
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

using octet::getRootBuffer;

/// Whether some operation in `loop` other than `load` and `store` may touch
/// the buffer `root` (or any memory it cannot name).
bool otherAccessTo(scf::ForOp loop, Value root, Operation *load,
                   Operation *store) {
  WalkResult result = loop.getBody()->walk([&](Operation *op) {
    if (op == load || op == store)
      return WalkResult::advance();
    auto effects = dyn_cast<MemoryEffectOpInterface>(op);
    if (!effects) {
      // Structured control flow only forwards its nested ops' effects.
      return op->hasTrait<OpTrait::HasRecursiveMemoryEffects>()
                 ? WalkResult::advance()
                 : WalkResult::interrupt();
    }
    SmallVector<MemoryEffects::EffectInstance> instances;
    effects.getEffects(instances);
    for (const MemoryEffects::EffectInstance &instance : instances) {
      if (isa<MemoryEffects::Allocate, MemoryEffects::Free>(
              instance.getEffect()))
        continue;
      Value value = instance.getValue();
      if (!value || getRootBuffer(value) == root)
        return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return result.wasInterrupted();
}

/// Finds a promotable load/store pair directly in `loop`'s body.
std::optional<std::pair<memref::LoadOp, memref::StoreOp>>
findAccumulator(scf::ForOp loop) {
  for (auto store : loop.getBody()->getOps<memref::StoreOp>()) {
    Value memref = store.getMemRef();
    if (!loop.isDefinedOutsideOfLoop(memref) ||
        !llvm::all_of(store.getIndices(), [&](Value index) {
          return loop.isDefinedOutsideOfLoop(index);
        }))
      continue;
    for (auto load : loop.getBody()->getOps<memref::LoadOp>()) {
      if (load.getMemRef() != memref ||
          load.getIndices() != store.getIndices() ||
          !load->isBeforeInBlock(store))
        continue;
      if (!otherAccessTo(loop, getRootBuffer(memref), load, store))
        return std::make_pair(load, store);
    }
  }
  return std::nullopt;
}

struct PromoteLoopAccumulatorsPass
    : public octet::impl::PromoteLoopAccumulatorsBase<
          PromoteLoopAccumulatorsPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    // Innermost loops first, so that an outer loop sees the promoted form.
    SmallVector<scf::ForOp> loops;
    getOperation().walk<WalkOrder::PostOrder>(
        [&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops) {
      while (auto pair = findAccumulator(loop)) {
        auto [load, store] = *pair;
        Location loc = load.getLoc();
        rewriter.setInsertionPoint(loop);
        Value initial = memref::LoadOp::create(rewriter, loc, load.getMemRef(),
                                               load.getIndices());
        Value stored = store.getValueToStore();
        FailureOr<LoopLikeOpInterface> replaced =
            loop.replaceWithAdditionalYields(
                rewriter, initial, /*replaceInitOperandUsesInLoop=*/false,
                [&](OpBuilder &, Location, ArrayRef<BlockArgument>) {
                  return SmallVector<Value>{stored};
                });
        if (failed(replaced)) {
          loop.emitError("could not carry an accumulator through the loop");
          return signalPassFailure();
        }
        loop = cast<scf::ForOp>(replaced->getOperation());
        rewriter.replaceOp(load, loop.getRegionIterArgs().back());
        rewriter.setInsertionPointAfter(loop);
        memref::StoreOp::create(rewriter, store.getLoc(),
                                loop->getResults().back(), store.getMemRef(),
                                store.getIndices());
        rewriter.eraseOp(store);
      }
    }
  }
};

} // namespace
