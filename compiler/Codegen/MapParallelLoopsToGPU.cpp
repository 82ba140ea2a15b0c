//===- MapParallelLoopsToGPU.cpp - 1-D grid mapping of parallel loops -----===//
//
// Collapses each outermost scf.parallel into one dimension, tiles it by the
// work-group size and marks the two resulting loops for block x / thread x,
// using upstream's collapseParallelLoops, tileParallelLoop and the GPU
// dialect's mapping attributes. convert-parallel-loops-to-gpu then turns the
// annotated loops into gpu.launch. Computation found outside any parallel
// loop is first wrapped into a one-iteration parallel loop. A loop whose
// lowering config has a workgroup_tile is mapped by blocks of threads
// instead: a 1-D loop over the blocks and one over the threads of a block,
// each thread's indices delinearized from both.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/LoweringConfig.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"

#include <algorithm>
#include <optional>

namespace octet {
#define GEN_PASS_DEF_MAPPARALLELLOOPSTOGPU
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// Builds the mapping attribute for one loop dimension.
gpu::ParallelLoopDimMappingAttr mappingFor(MLIRContext *context,
                                           gpu::Processor processor) {
  AffineMap identity = AffineMap::getMultiDimIdentityMap(1, context);
  return gpu::ParallelLoopDimMappingAttr::get(context, processor, identity,
                                              identity);
}

/// Value of an index computation made only of constants and + - * / (as
/// collapseParallelLoops leaves loop bounds), or nothing.
std::optional<int64_t> evaluateIndex(Value value) {
  if (std::optional<int64_t> constant = getConstantIntValue(value))
    return constant;
  Operation *op = value.getDefiningOp();
  if (!op || op->getNumOperands() != 2)
    return std::nullopt;
  std::optional<int64_t> lhs = evaluateIndex(op->getOperand(0));
  std::optional<int64_t> rhs = evaluateIndex(op->getOperand(1));
  if (!lhs || !rhs)
    return std::nullopt;
  if (isa<arith::AddIOp>(op))
    return *lhs + *rhs;
  if (isa<arith::SubIOp>(op))
    return *lhs - *rhs;
  if (isa<arith::MulIOp>(op))
    return *lhs * *rhs;
  if (isa<arith::DivUIOp, arith::DivSIOp>(op) && *rhs != 0)
    return *lhs / *rhs;
  if (isa<arith::CeilDivSIOp, arith::CeilDivUIOp>(op) && *rhs > 0 && *lhs >= 0)
    return (*lhs + *rhs - 1) / *rhs;
  return std::nullopt;
}

/// Whether `op` stays on the host: buffer management, views, copies,
/// constants, parallel loops (mapped below) and the return.
bool staysOnHost(Operation &op) {
  return isa<memref::AllocOp, memref::AllocaOp, memref::DeallocOp,
             memref::GetGlobalOp, memref::CollapseShapeOp,
             memref::ExpandShapeOp, memref::CastOp, memref::ReinterpretCastOp,
             memref::SubViewOp, memref::CopyOp, arith::ConstantOp,
             scf::ParallelOp>(op) ||
         op.hasTrait<OpTrait::IsTerminator>();
}

/// Moves each maximal run of consecutive top-level ops that do not stay on
/// the host into a one-iteration scf.parallel, so that it becomes a kernel.
LogicalResult wrapHostComputation(func::FuncOp func) {
  for (Block &block : func.getBody()) {
    SmallVector<SmallVector<Operation *>> runs(1);
    for (Operation &op : block) {
      if (staysOnHost(op)) {
        if (!runs.back().empty())
          runs.emplace_back();
        continue;
      }
      runs.back().push_back(&op);
    }
    for (ArrayRef<Operation *> run : runs) {
      if (run.empty())
        continue;
      llvm::SmallPtrSet<Operation *, 16> inRun(run.begin(), run.end());
      for (Operation *op : run)
        for (Value result : op->getResults())
          for (Operation *user : result.getUsers())
            if (!inRun.contains(block.findAncestorOpInBlock(*user)))
              return op->emitError("host computation whose result is used "
                                   "outside it cannot be moved to the device");
      OpBuilder builder(run.front());
      Location loc = run.front()->getLoc();
      Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
      Value one = arith::ConstantIndexOp::create(builder, loc, 1);
      auto wrapper = scf::ParallelOp::create(builder, loc, ValueRange{zero},
                                             ValueRange{one}, ValueRange{one});
      Operation *terminator = wrapper.getBody()->getTerminator();
      for (Operation *op : run)
        op->moveBefore(terminator);
    }
  }
  return success();
}

/// Replaces `loop` by a loop over the blocks of `tile` threads (per
/// dimension) of its grid of threads and, inside it, a loop over the threads
/// of one block, both one-dimensional and row-major; returns them, or
/// nothing (leaving `loop` alone) where the tile does not apply: a dimension
/// without a static trip count or that its entry does not divide, more
/// threads than `workgroupSize` or fewer blocks than `minWorkgroups`.
std::optional<std::pair<scf::ParallelOp, scf::ParallelOp>>
mapByWorkgroupTile(RewriterBase &rewriter, scf::ParallelOp loop,
                   ArrayRef<int64_t> tile, int64_t workgroupSize,
                   int64_t minWorkgroups) {
  unsigned rank = loop.getNumLoops();
  if (tile.size() != rank)
    return std::nullopt;
  SmallVector<int64_t> lowers, steps, blocks;
  int64_t numBlocks = 1, numThreads = 1;
  for (unsigned d = 0; d < rank; ++d) {
    std::optional<int64_t> lower = evaluateIndex(loop.getLowerBound()[d]);
    std::optional<int64_t> upper = evaluateIndex(loop.getUpperBound()[d]);
    std::optional<int64_t> step = evaluateIndex(loop.getStep()[d]);
    if (!lower || !upper || !step || *step <= 0 || *upper <= *lower ||
        tile[d] <= 0)
      return std::nullopt;
    int64_t trips = llvm::divideCeilSigned(*upper - *lower, *step);
    if (trips % tile[d] != 0)
      return std::nullopt;
    lowers.push_back(*lower);
    steps.push_back(*step);
    blocks.push_back(trips / tile[d]);
    numBlocks *= blocks.back();
    numThreads *= tile[d];
  }
  if (numThreads > workgroupSize || numBlocks < minWorkgroups)
    return std::nullopt;

  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  auto constant = [&](int64_t value) -> Value {
    return arith::ConstantIndexOp::create(rewriter, loc, value);
  };
  Value zero = constant(0), one = constant(1);
  auto blockLoop =
      scf::ParallelOp::create(rewriter, loc, ValueRange{zero},
                              ValueRange{constant(numBlocks)}, ValueRange{one});
  rewriter.setInsertionPointToStart(blockLoop.getBody());
  auto threadLoop = scf::ParallelOp::create(rewriter, loc, ValueRange{zero},
                                            ValueRange{constant(numThreads)},
                                            ValueRange{one});
  rewriter.setInsertionPointToStart(threadLoop.getBody());
  // Row-major: the last dimension varies fastest, among blocks as among the
  // threads of a block.
  SmallVector<Value> indices(rank);
  Value block = blockLoop.getInductionVars()[0];
  Value thread = threadLoop.getInductionVars()[0];
  for (unsigned d = rank; d--;) {
    Value blockIndex = block, threadIndex = thread;
    if (d > 0) {
      blockIndex =
          arith::RemUIOp::create(rewriter, loc, block, constant(blocks[d]));
      block = arith::DivUIOp::create(rewriter, loc, block, constant(blocks[d]));
      threadIndex =
          arith::RemUIOp::create(rewriter, loc, thread, constant(tile[d]));
      thread = arith::DivUIOp::create(rewriter, loc, thread, constant(tile[d]));
    }
    // lower + step * (blockIndex * tile + threadIndex)
    Value index = arith::AddIOp::create(
        rewriter, loc,
        arith::MulIOp::create(rewriter, loc, blockIndex, constant(tile[d])),
        threadIndex);
    if (steps[d] != 1)
      index = arith::MulIOp::create(rewriter, loc, index, constant(steps[d]));
    if (lowers[d] != 0)
      index = arith::AddIOp::create(rewriter, loc, constant(lowers[d]), index);
    indices[d] = index;
  }
  // The loop's body, its terminator included, before the new terminator;
  // then the old terminator goes.
  Operation *terminator = threadLoop.getBody()->getTerminator();
  Operation *oldTerminator = loop.getBody()->getTerminator();
  rewriter.inlineBlockBefore(loop.getBody(), terminator, indices);
  rewriter.eraseOp(oldTerminator);
  rewriter.eraseOp(loop);
  return std::make_pair(blockLoop, threadLoop);
}

/// Marks a block loop and its thread loop for block x and thread x, and
/// the parallel loops nested in the thread loop for sequential execution.
LogicalResult markMapping(scf::ParallelOp blockLoop,
                          scf::ParallelOp threadLoop) {
  MLIRContext *context = blockLoop.getContext();
  if (failed(gpu::setMappingAttr(
          blockLoop, {mappingFor(context, gpu::Processor::BlockX)})) ||
      failed(gpu::setMappingAttr(
          threadLoop, {mappingFor(context, gpu::Processor::ThreadX)})))
    return failure();
  // Anything parallel nested inside runs sequentially in each thread.
  threadLoop.getBody()->walk([&](scf::ParallelOp nested) {
    SmallVector<gpu::ParallelLoopDimMappingAttr> sequential(
        nested.getNumLoops(), mappingFor(context, gpu::Processor::Sequential));
    (void)gpu::setMappingAttr(nested, sequential);
  });
  return success();
}

struct MapParallelLoopsToGPUPass
    : public octet::impl::MapParallelLoopsToGPUBase<MapParallelLoopsToGPUPass> {
  using MapParallelLoopsToGPUBase::MapParallelLoopsToGPUBase;

  void runOnOperation() override {
    if (workgroupSize <= 0 || minWorkgroups <= 0) {
      getOperation().emitError("workgroup-size and min-workgroups must be "
                               "positive, got ")
          << static_cast<int64_t>(workgroupSize) << " and "
          << static_cast<int64_t>(minWorkgroups);
      return signalPassFailure();
    }
    if (failed(wrapHostComputation(getOperation())))
      return signalPassFailure();
    MLIRContext *context = &getContext();
    IRRewriter rewriter(context);
    // Loops with a workgroup tile, by blocks; they leave the kernel loops.
    llvm::SmallPtrSet<Operation *, 8> mapped;
    for (scf::ParallelOp loop : octet::getKernelLoops(getOperation())) {
      std::optional<octet::LoweringConfig> config =
          octet::LoweringConfig::get(loop);
      if (!config || config->workgroupTile.empty() || loop.getNumResults() != 0)
        continue;
      auto loops = mapByWorkgroupTile(rewriter, loop, config->workgroupTile,
                                      workgroupSize, minWorkgroups);
      if (!loops)
        continue;
      if (failed(markMapping(loops->first, loops->second))) {
        loops->first.emitError("could not map the parallel loop to the GPU "
                               "grid");
        return signalPassFailure();
      }
      mapped.insert(loops->first);
    }
    // Collapse all dimensions into one, keeping row-major order. This
    // replaces each loop with a new one.
    for (scf::ParallelOp loop : octet::getKernelLoops(getOperation())) {
      if (mapped.contains(loop))
        continue;
      if (loop.getNumResults() != 0) {
        loop.emitError("parallel loops with reductions (results) cannot be "
                       "mapped to the GPU grid yet");
        return signalPassFailure();
      }
      // Collapsing also normalizes the steps to 1, which the tiling below
      // and its guard need (a vectorized 1-D loop steps by its width).
      if (loop.getNumLoops() < 2 && isOneInteger(loop.getStep()[0]))
        continue;
      std::vector<unsigned> allDims(loop.getNumLoops());
      for (unsigned i = 0; i < allDims.size(); ++i)
        allDims[i] = i;
      rewriter.setInsertionPoint(loop);
      collapseParallelLoops(rewriter, loop, {allDims});
    }
    // Collect again: the collapsed loops are new operations.
    for (scf::ParallelOp loop : octet::getKernelLoops(getOperation())) {
      if (mapped.contains(loop))
        continue;
      if (loop.getNumLoops() != 1) {
        loop.emitError("expected a one-dimensional parallel loop after "
                       "collapsing, found ")
            << loop.getNumLoops() << " dimensions";
        return signalPassFailure();
      }
      // Loops shorter than minWorkgroups work-groups get smaller blocks, so
      // that they still span minWorkgroups of them (a single thread for
      // computation wrapped above).
      int64_t tileSize = workgroupSize;
      std::optional<int64_t> lower = evaluateIndex(loop.getLowerBound()[0]);
      std::optional<int64_t> upper = evaluateIndex(loop.getUpperBound()[0]);
      std::optional<int64_t> step = evaluateIndex(loop.getStep()[0]);
      if (lower && upper && step && *step > 0 && *upper > *lower) {
        int64_t threads = llvm::divideCeilSigned(*upper - *lower, *step);
        tileSize = std::min(tileSize,
                            llvm::divideCeilSigned(
                                threads, static_cast<int64_t>(minWorkgroups)));
      }
      auto [tileLoop, pointLoop] =
          scf::tileParallelLoop(loop, {tileSize}, /*noMinMaxBounds=*/true);
      if (failed(markMapping(tileLoop, pointLoop))) {
        loop.emitError("could not map the parallel loop to the GPU grid");
        return signalPassFailure();
      }
    }
  }
};

} // namespace
