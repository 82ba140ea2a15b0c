//===- FuseParallelLoops.cpp - Adjacent loops over the same elements ------===//
//
// Upstream's naivelyFuseParallelOps with Octet's buffer-root aliasing rule,
// then row fusion (loops that agree on their leading dimensions and touch
// shared buffers only within their own row), then store-to-load forwarding
// inside each merged body. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/BufferRoots.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace octet {
#define GEN_PASS_DEF_FUSEPARALLELLOOPS
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// Row fusion: the fewest rows for which a loop may give up its inner
/// parallel dimensions, and the most elements per row that one thread then
/// computes sequentially.
constexpr int64_t kMinRows = 8;
constexpr int64_t kMaxRowLength = 4096;

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

/// The offset of the element at `indices` of `memref` in its root buffer,
/// as an affine expression of the non-constant indices (dimensions numbered
/// by their place in `dims`, which gets any new ones), when `memref` is the
/// root or reaches it through reshapes only, with static shapes and
/// identity layouts; nothing otherwise.
std::optional<AffineExpr> offsetInRoot(Value memref, ValueRange indices,
                                       SmallVectorImpl<Value> &dims) {
  Value view = memref;
  while (isa_and_nonnull<memref::ExpandShapeOp, memref::CollapseShapeOp>(
      view.getDefiningOp()))
    view = view.getDefiningOp()->getOperand(0);
  auto type = dyn_cast<MemRefType>(memref.getType());
  auto rootType = dyn_cast<MemRefType>(view.getType());
  if (view != octet::getRootBuffer(memref) || !type || !rootType ||
      !type.hasStaticShape() || !type.getLayout().isIdentity() ||
      !rootType.getLayout().isIdentity())
    return std::nullopt;
  MLIRContext *context = memref.getContext();
  AffineExpr offset = getAffineConstantExpr(0, context);
  int64_t stride = 1;
  for (int64_t d = type.getRank() - 1; d >= 0; --d) {
    Value index = indices[d];
    AffineExpr term;
    if (std::optional<int64_t> constant = getConstantIntValue(index)) {
      term = getAffineConstantExpr(*constant, context);
    } else {
      auto found = llvm::find(dims, index);
      unsigned position = found - dims.begin();
      if (found == dims.end())
        dims.push_back(index);
      term = getAffineDimExpr(position, context);
    }
    offset = offset + term * stride;
    stride *= type.getDimSize(d);
  }
  return offset;
}

/// Whether a load and a store address the same element: the same memref
/// and indices, or two reshapes of one buffer whose indices give the same
/// offset in it (a result stored through one view, read back through
/// another for a cast after it).
bool isSameElement(memref::StoreOp store, memref::LoadOp load) {
  if (store.getMemRef() == load.getMemRef() &&
      llvm::equal(store.getIndices(), load.getIndices()))
    return true;
  if (octet::getRootBuffer(store.getMemRef()) !=
      octet::getRootBuffer(load.getMemRef()))
    return false;
  SmallVector<Value> dims;
  std::optional<AffineExpr> stored =
      offsetInRoot(store.getMemRef(), store.getIndices(), dims);
  std::optional<AffineExpr> loaded =
      offsetInRoot(load.getMemRef(), load.getIndices(), dims);
  if (!stored || !loaded)
    return false;
  AffineExpr difference = simplifyAffineExpr(*stored - *loaded, dims.size(), 0);
  auto constant = dyn_cast<AffineConstantExpr>(difference);
  return constant && constant.getValue() == 0;
}

/// Replaces each load in `block` of an element stored earlier in `block`
/// (see isSameElement; no possible write in between) by the stored value.
void forwardStoresToLoads(Block &block) {
  SmallVector<memref::StoreOp> stored;
  for (Operation &op : llvm::make_early_inc_range(block)) {
    if (auto load = dyn_cast<memref::LoadOp>(op)) {
      for (memref::StoreOp store : llvm::reverse(stored)) {
        if (isSameElement(store, load)) {
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

/// Whether `op` (with everything nested in it) may read a buffer that
/// `memref` may share.
bool mayRead(Operation *op, Value memref) {
  if (auto load = dyn_cast<memref::LoadOp>(op))
    return octet::mayShareBuffer(load.getMemRef(), memref);
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  if (effects) {
    SmallVector<MemoryEffects::EffectInstance> instances;
    effects.getEffects(instances);
    for (const MemoryEffects::EffectInstance &effect : instances)
      if (isa<MemoryEffects::Read>(effect.getEffect()) &&
          (!effect.getValue() ||
           octet::mayShareBuffer(effect.getValue(), memref)))
        return true;
  }
  if (!op->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
    return !effects; // an op that declares nothing may do anything
  for (Region &region : op->getRegions())
    for (Operation &nested : region.getOps())
      if (mayRead(&nested, memref))
        return true;
  return false;
}

/// Erases each store in `block` of an element that a later store of
/// `block` overwrites (same memref value, same index values) with no
/// possible read of it in between: an accumulator's start stored before
/// the reduction, a result whose buffer the next fused loop writes again.
void eraseOverwrittenStores(Block &block) {
  SmallVector<memref::StoreOp> later;
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block))) {
    if (auto store = dyn_cast<memref::StoreOp>(op)) {
      bool overwritten = llvm::any_of(later, [&](memref::StoreOp next) {
        return next.getMemRef() == store.getMemRef() &&
               llvm::equal(next.getIndices(), store.getIndices());
      });
      if (overwritten)
        store.erase();
      else
        later.push_back(store);
      continue;
    }
    llvm::erase_if(later, [&](memref::StoreOp next) {
      return mayRead(&op, next.getMemRef());
    });
  }
}

//===----------------------------------------------------------------------===//
// Row fusion
//===----------------------------------------------------------------------===//

/// A memref.load or memref.store of a loop body.
struct Access {
  Operation *op;
  Value memref;
  ValueRange indices;
  bool isStore;
};

/// The loads and stores of `loop` (nested ones included), or nothing if
/// the loop does anything else to memory.
std::optional<SmallVector<Access>> collectAccesses(scf::ParallelOp loop) {
  SmallVector<Access> accesses;
  bool other = false;
  loop.getBody()->walk([&](Operation *op) {
    if (auto load = dyn_cast<memref::LoadOp>(op))
      accesses.push_back({op, load.getMemRef(), load.getIndices(), false});
    else if (auto store = dyn_cast<memref::StoreOp>(op))
      accesses.push_back({op, store.getMemRef(), store.getIndices(), true});
    else if (!isa<scf::ForOp, scf::IfOp, scf::YieldOp, scf::ReduceOp>(op) &&
             !isMemoryEffectFree(op))
      other = true;
  });
  if (other)
    return std::nullopt;
  return accesses;
}

/// The indices of `access` into the dimensions of its memref that are not
/// of size 1, and those dimensions' sizes; nothing unless the memref is a
/// row-major view with static sizes (so that two views of one buffer with
/// the same sizes there address their elements alike).
std::optional<std::pair<SmallVector<Value>, SmallVector<int64_t>>>
nonUnitIndices(const Access &access) {
  auto type = dyn_cast<MemRefType>(access.memref.getType());
  if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity())
    return std::nullopt;
  SmallVector<Value> indices;
  SmallVector<int64_t> sizes;
  for (auto [index, size] : llvm::zip(access.indices, type.getShape())) {
    if (size == 1)
      continue;
    indices.push_back(index);
    sizes.push_back(size);
  }
  return std::make_pair(indices, sizes);
}

/// Whether two accesses to one buffer, `x` in the loop with row `xRow` and
/// `y` in the loop with row `yRow`, each touch only their own row: both
/// address the buffer with the same non-unit sizes, their row's induction
/// variables first.
bool areRowLocal(const Access &x, ValueRange xRow, const Access &y,
                 ValueRange yRow) {
  auto xs = nonUnitIndices(x), ys = nonUnitIndices(y);
  if (!xs || !ys || xs->second != ys->second)
    return false;
  auto leadsWith = [](ArrayRef<Value> indices, ValueRange row) {
    return indices.size() >= row.size() &&
           llvm::equal(indices.take_front(row.size()), row);
  };
  return leadsWith(xs->first, xRow) && leadsWith(ys->first, yRow);
}

/// Whether `loop`'s body computes elementwise (no loop inside it).
bool isElementwise(scf::ParallelOp loop) {
  return !loop.getBody()
              ->walk([](Operation *op) {
                return isa<LoopLikeOpInterface>(op) ? WalkResult::interrupt()
                                                    : WalkResult::advance();
              })
              .wasInterrupted();
}

/// The product of the static trip counts of dimensions [from, to) of `loop`.
std::optional<int64_t> tripCount(scf::ParallelOp loop, unsigned from,
                                 unsigned to) {
  int64_t count = 1;
  for (unsigned d = from; d < to; ++d) {
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()[d]);
    std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound()[d]);
    std::optional<int64_t> step = getConstantIntValue(loop.getStep()[d]);
    if (!lb || !ub || !step || *step <= 0)
      return std::nullopt;
    count *= std::max<int64_t>(0, (*ub - *lb + *step - 1) / *step);
  }
  return count;
}

/// Clones the body of `loop` at `b`'s insertion point for the row `rowIvs`
/// (its leading dimensions); its further dimensions become scf.for loops.
void cloneRow(OpBuilder &b, scf::ParallelOp loop, ValueRange rowIvs) {
  OpBuilder::InsertionGuard guard(b);
  IRMapping mapping;
  for (auto [iv, row] : llvm::zip(loop.getInductionVars(), rowIvs))
    mapping.map(iv, row);
  for (unsigned d = rowIvs.size(); d < loop.getNumLoops(); ++d) {
    auto inner = scf::ForOp::create(b, loop.getLoc(), loop.getLowerBound()[d],
                                    loop.getUpperBound()[d], loop.getStep()[d]);
    mapping.map(loop.getInductionVars()[d], inner.getInductionVar());
    b.setInsertionPoint(inner.getBody()->getTerminator());
  }
  for (Operation &op : loop.getBody()->without_terminator())
    b.clone(op, mapping);
}

/// Whether `first` and then `second` (later in the same block) can run as
/// one loop over their `rows` leading dimensions, each iteration doing the
/// first loop's work for its row and then the second's.
bool canFuseRows(scf::ParallelOp first, scf::ParallelOp second, unsigned rows) {
  for (unsigned d = 0; d < rows; ++d)
    if (!isEqualConstantIntOrValue(first.getLowerBound()[d],
                                   second.getLowerBound()[d]) ||
        !isEqualConstantIntOrValue(first.getUpperBound()[d],
                                   second.getUpperBound()[d]) ||
        !isEqualConstantIntOrValue(first.getStep()[d], second.getStep()[d]))
      return false;
  // The loop that loses dimensions to sequential loops must be elementwise
  // and its rows short enough for one thread; enough rows must remain.
  for (scf::ParallelOp loop : {first, second}) {
    if (loop.getNumLoops() == rows)
      continue;
    std::optional<int64_t> rowLength =
        tripCount(loop, rows, loop.getNumLoops());
    if (!isElementwise(loop) || !rowLength || *rowLength > kMaxRowLength)
      return false;
  }
  std::optional<int64_t> rowCount = tripCount(first, 0, rows);
  if (!rowCount || *rowCount < kMinRows)
    return false;
  // Everything the second loop uses from outside must exist before the
  // first one.
  Block *block = first->getBlock();
  bool dominated = !second
                        ->walk([&](Operation *op) {
                          for (Value operand : op->getOperands()) {
                            Operation *def = operand.getDefiningOp();
                            if (def && def->getBlock() == block &&
                                !def->isBeforeInBlock(first))
                              return WalkResult::interrupt();
                          }
                          return WalkResult::advance();
                        })
                        .wasInterrupted();
  if (!dominated)
    return false;
  std::optional<SmallVector<Access>> a = collectAccesses(first);
  std::optional<SmallVector<Access>> b = collectAccesses(second);
  if (!a || !b)
    return false;
  // (getInductionVars() returns a new vector: keep it alive.)
  SmallVector<Value> firstIvs = first.getInductionVars();
  SmallVector<Value> secondIvs = second.getInductionVars();
  ValueRange firstRow = ValueRange(firstIvs).take_front(rows);
  ValueRange secondRow = ValueRange(secondIvs).take_front(rows);
  // Shared buffers, with a write on either side, only within the row; and
  // the second loop must read something the first writes.
  bool feeds = false;
  for (const Access &x : *a)
    for (const Access &y : *b) {
      if (!(x.isStore || y.isStore) ||
          !octet::mayShareBuffer(x.memref, y.memref))
        continue;
      if (!areRowLocal(x, firstRow, y, secondRow))
        return false;
      feeds |= x.isStore && !y.isStore;
    }
  return feeds;
}

/// Merges adjacent top-level loops of `block` by rows until none can be.
void fuseRows(Block &block) {
  bool changed = true;
  while (changed) {
    changed = false;
    scf::ParallelOp previous;
    for (Operation &op : llvm::make_early_inc_range(block)) {
      auto loop = dyn_cast<scf::ParallelOp>(op);
      if (!loop) {
        // Ops that touch no memory (constants, index math) or only make
        // new buffers may stand between two fused loops.
        if (!isMemoryEffectFree(&op) &&
            !isa<memref::AllocOp, memref::AllocaOp>(op))
          previous = {};
        continue;
      }
      scf::ParallelOp first = previous;
      previous = loop;
      if (!first || first.getNumResults() || loop.getNumResults())
        continue;
      // What stands between them (views, constants, allocations: nothing
      // that touches memory) moves above the first loop, so that the
      // second loop's operands exist there.
      for (Operation &between : llvm::make_early_inc_range(llvm::make_range(
               std::next(first->getIterator()), loop->getIterator())))
        between.moveBefore(first);
      unsigned rows = std::min(first.getNumLoops(), loop.getNumLoops());
      if (!canFuseRows(first, loop, rows))
        continue;
      OpBuilder b(first);
      auto fused = scf::ParallelOp::create(
          b, first.getLoc(), first.getLowerBound().take_front(rows),
          first.getUpperBound().take_front(rows),
          first.getStep().take_front(rows));
      b.setInsertionPoint(fused.getBody()->getTerminator());
      cloneRow(b, first, fused.getInductionVars());
      cloneRow(b, loop, fused.getInductionVars());
      first.erase();
      loop.erase();
      previous = fused;
      changed = true;
    }
  }
}

struct FuseParallelLoopsPass final
    : octet::impl::FuseParallelLoopsBase<FuseParallelLoopsPass> {
  void runOnOperation() override {
    for (Region &region : getOperation()->getRegions())
      scf::naivelyFuseParallelOps(region, octet::mayShareBuffer);
    for (Block &block : getOperation().getBody())
      fuseRows(block);
    getOperation().walk([](scf::ParallelOp loop) {
      if (loop->getParentOfType<scf::ParallelOp>())
        return;
      forwardStoresToLoads(*loop.getBody());
      eraseOverwrittenStores(*loop.getBody());
    });
  }
};

} // namespace
