//===- FuseParallelLoops.cpp - Adjacent loops over the same elements ------===//
//
// Upstream's naivelyFuseParallelOps with Octet's buffer-root aliasing rule,
// then store-to-load forwarding inside each merged body. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/BufferRoots.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace octet {
#define GEN_PASS_DEF_FUSEPARALLELLOOPS
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// Whether `op` (with everything nested in it) may write memory.
bool mayWrite(Operation *op) {
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  if (effects && effects.hasEffect<MemoryEffects::Write>())
    return true;
  if (!op->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
    return !effects; // an op that declares nothing may do anything
  for (Region &region : op->getRegions())
    for (Operation &nested : region.getOps())
      if (mayWrite(&nested))
        return true;
  return false;
}

/// Replaces each load in `block` of an element stored earlier in `block`
/// (same memref value, same index values, no possible write in between) by
/// the stored value.
void forwardStoresToLoads(Block &block) {
  SmallVector<memref::StoreOp> stored;
  for (Operation &op : llvm::make_early_inc_range(block)) {
    if (auto load = dyn_cast<memref::LoadOp>(op)) {
      for (memref::StoreOp store : llvm::reverse(stored)) {
        if (store.getMemRef() == load.getMemRef() &&
            llvm::equal(store.getIndices(), load.getIndices())) {
          load.getResult().replaceAllUsesWith(store.getValue());
          load.erase();
          break;
        }
        // A store to the same buffer elsewhere hides older ones.
        if (octet::mayShareBuffer(store.getMemRef(), load.getMemRef()))
          break;
      }
      continue;
    }
    if (auto store = dyn_cast<memref::StoreOp>(op)) {
      stored.push_back(store);
      continue;
    }
    if (mayWrite(&op))
      stored.clear();
  }
}

struct FuseParallelLoopsPass final
    : octet::impl::FuseParallelLoopsBase<FuseParallelLoopsPass> {
  void runOnOperation() override {
    for (Region &region : getOperation()->getRegions())
      scf::naivelyFuseParallelOps(region, octet::mayShareBuffer);
    getOperation().walk([](scf::ParallelOp loop) {
      if (!loop->getParentOfType<scf::ParallelOp>())
        forwardStoresToLoads(*loop.getBody());
    });
  }
};

} // namespace
