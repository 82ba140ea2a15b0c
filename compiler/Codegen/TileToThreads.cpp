//===- TileToThreads.cpp - A tile of outputs per thread -------------------===//
//
// Reads the thread_tile of each outermost scf.parallel's lowering config,
// steps the loop by it and unroll-and-jams the tile into the thread's
// reduction loop (upstream's loopUnrollJamByFactor). See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/LoweringConfig.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace octet {
#define GEN_PASS_DEF_TILETOTHREADS
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// Makes one thread of `loop` compute `tile` consecutive outputs along
/// dimension `d`.
LogicalResult tileDimension(scf::ParallelOp loop, unsigned d, int64_t tile) {
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()[d]);
  std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound()[d]);
  std::optional<int64_t> step = getConstantIntValue(loop.getStep()[d]);
  if (!lb || !ub || !step || *step <= 0 || *ub <= *lb)
    return loop.emitError("thread_tile ")
           << tile << " on dimension " << d << " needs static bounds";
  int64_t trips = llvm::divideCeil(*ub - *lb, *step);
  bool partial = trips % tile != 0;
  if (partial && !octet::storesOnlyUnreadBuffers(loop))
    return loop.emitError("thread_tile ")
           << tile << " does not divide the " << trips
           << " iterations of dimension " << d
           << ", and the loop loads a buffer it stores to";
  IRRewriter rewriter(loop.getContext());
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  Value newStep = arith::ConstantIndexOp::create(rewriter, loc, *step * tile);
  rewriter.modifyOpInPlace(loop,
                           [&] { loop.getStepMutable()[d].assign(newStep); });

  // for %r = 0 to tile * step step step { body with iv_d + %r }
  Block *body = loop.getBody();
  rewriter.setInsertionPointToStart(body);
  Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
  Value end = arith::ConstantIndexOp::create(rewriter, loc, *step * tile);
  Value one = arith::ConstantIndexOp::create(rewriter, loc, *step);
  auto outputs = scf::ForOp::create(rewriter, loc, zero, end, one);
  Block *outputsBody = outputs.getBody();
  // Everything after the for (but the terminator) moves into it.
  auto first = std::next(Block::iterator(outputs));
  auto last = Block::iterator(body->getTerminator());
  outputsBody->getOperations().splice(std::prev(outputsBody->end()),
                                      body->getOperations(), first, last);
  rewriter.setInsertionPointToStart(outputsBody);
  Value iv = loop.getInductionVars()[d];
  Value element =
      arith::AddIOp::create(rewriter, loc, iv, outputs.getInductionVar());
  Operation *elementOp = element.getDefiningOp();
  if (partial) {
    // The last tile's extra outputs are the last output again.
    Value last = arith::ConstantIndexOp::create(rewriter, loc,
                                                *lb + (trips - 1) * *step);
    element = arith::MinSIOp::create(rewriter, loc, element, last);
  }
  rewriter.replaceUsesWithIf(iv, element, [&](OpOperand &use) {
    return use.getOwner() != elementOp &&
           outputs->isProperAncestor(use.getOwner());
  });
  return loopUnrollJamByFactor(outputs, static_cast<uint64_t>(tile));
}

struct TileToThreadsPass final
    : octet::impl::TileToThreadsBase<TileToThreadsPass> {
  void runOnOperation() override {
    for (scf::ParallelOp loop : octet::getKernelLoops(getOperation())) {
      std::optional<octet::LoweringConfig> config =
          octet::LoweringConfig::get(loop);
      if (!config || loop.getNumResults() > 0)
        continue;
      if (config->threadTile.size() != loop.getNumLoops()) {
        loop.emitError("octet.lowering_config has a thread_tile of ")
            << config->threadTile.size() << " dimensions for a loop of "
            << loop.getNumLoops();
        return signalPassFailure();
      }
      for (auto [d, tile] : llvm::enumerate(config->threadTile))
        if (tile > 1 && failed(tileDimension(loop, d, tile)))
          return signalPassFailure();
    }
  }
};

} // namespace
