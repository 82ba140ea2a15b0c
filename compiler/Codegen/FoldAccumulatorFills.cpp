//===- FoldAccumulatorFills.cpp - Fills folded into their reductions ------===//
//
// Erases a loop that only fills a buffer with a value when the next loop
// reads each element once, at its own iteration, before overwriting it: the
// read becomes the value. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace octet {
#define GEN_PASS_DEF_FOLDACCUMULATORFILLS
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// The store of a loop whose body is only `memref.store %value, %buffer[ivs]`
/// with %value defined outside it; null otherwise.
memref::StoreOp getFillStore(scf::ParallelOp loop) {
  Block *body = loop.getBody();
  if (loop.getNumResults() != 0 || body->getOperations().size() != 2)
    return nullptr;
  auto store = dyn_cast<memref::StoreOp>(body->front());
  if (!store || !loop.isDefinedOutsideOfLoop(store.getValue()) ||
      !llvm::equal(store.getIndices(), loop.getInductionVars()))
    return nullptr;
  return store;
}

bool sameIterationSpace(scf::ParallelOp a, scf::ParallelOp b) {
  return llvm::equal(a.getLowerBound(), b.getLowerBound()) &&
         llvm::equal(a.getUpperBound(), b.getUpperBound()) &&
         llvm::equal(a.getStep(), b.getStep());
}

/// The one load of `buffer` in `loop` if it reads the element of the
/// loop's own iteration and `loop`'s body then stores that element
/// unconditionally, with no other access to `buffer`; null otherwise.
memref::LoadOp getAccumulatorLoad(scf::ParallelOp loop, Value buffer) {
  memref::LoadOp load;
  memref::StoreOp store;
  bool other = false;
  ValueRange ivs = loop.getInductionVars();
  loop.getBody()->walk([&](Operation *op) {
    if (auto l = dyn_cast<memref::LoadOp>(op); l && l.getMemRef() == buffer) {
      other |= load || !llvm::equal(l.getIndices(), ivs);
      load = l;
    } else if (auto s = dyn_cast<memref::StoreOp>(op);
               s && s.getMemRef() == buffer) {
      other |= store || !llvm::equal(s.getIndices(), ivs) ||
               s->getBlock() != loop.getBody();
      store = s;
    } else if (llvm::is_contained(op->getOperands(), buffer)) {
      other = true; // a view or any other use: give up
    }
  });
  if (other || !load || !store || load->getBlock() != loop.getBody() ||
      !load->isBeforeInBlock(store))
    return nullptr;
  return load;
}

struct FoldAccumulatorFillsPass final
    : octet::impl::FoldAccumulatorFillsBase<FoldAccumulatorFillsPass> {
  void runOnOperation() override {
    SmallVector<scf::ParallelOp> fills;
    getOperation().walk([&](scf::ParallelOp loop) {
      if (getFillStore(loop))
        fills.push_back(loop);
    });
    for (scf::ParallelOp fill : fills) {
      memref::StoreOp store = getFillStore(fill);
      // The next loop, with only memory-effect-free ops in between.
      Operation *next = fill->getNextNode();
      while (next && !isa<scf::ParallelOp>(next) && isMemoryEffectFree(next))
        next = next->getNextNode();
      auto reduction = dyn_cast_or_null<scf::ParallelOp>(next);
      if (!reduction || !sameIterationSpace(fill, reduction))
        continue;
      memref::LoadOp load = getAccumulatorLoad(reduction, store.getMemRef());
      if (!load)
        continue;
      load.getResult().replaceAllUsesWith(store.getValue());
      load.erase();
      fill.erase();
    }
  }
};

} // namespace
