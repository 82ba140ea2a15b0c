//===- MapParallelLoopsToGPU.cpp - 1-D grid mapping of parallel loops -----===//
//
// Collapses each outermost scf.parallel into one dimension, tiles it by the
// work-group size and marks the two resulting loops for block x / thread x,
// using upstream's collapseParallelLoops, tileParallelLoop and the GPU
// dialect's mapping attributes. convert-parallel-loops-to-gpu then turns the
// annotated loops into gpu.launch.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"

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

struct MapParallelLoopsToGPUPass
    : public octet::impl::MapParallelLoopsToGPUBase<MapParallelLoopsToGPUPass> {
  using MapParallelLoopsToGPUBase::MapParallelLoopsToGPUBase;

  void runOnOperation() override {
    if (workgroupSize <= 0) {
      getOperation().emitError("workgroup-size must be positive, got ")
          << workgroupSize;
      return signalPassFailure();
    }
    SmallVector<scf::ParallelOp> outermost;
    getOperation().walk([&](scf::ParallelOp loop) {
      if (!loop->getParentOfType<scf::ParallelOp>())
        outermost.push_back(loop);
    });
    MLIRContext *context = &getContext();
    IRRewriter rewriter(context);
    // Collapse all dimensions into one, keeping row-major order. This
    // replaces each loop with a new one.
    for (scf::ParallelOp loop : outermost) {
      if (loop.getNumLoops() < 2)
        continue;
      std::vector<unsigned> allDims(loop.getNumLoops());
      for (unsigned i = 0; i < allDims.size(); ++i)
        allDims[i] = i;
      rewriter.setInsertionPoint(loop);
      collapseParallelLoops(rewriter, loop, {allDims});
    }
    // Collect again: the collapsed loops are new operations.
    outermost.clear();
    getOperation().walk([&](scf::ParallelOp loop) {
      if (!loop->getParentOfType<scf::ParallelOp>())
        outermost.push_back(loop);
    });
    for (scf::ParallelOp loop : outermost) {
      if (loop.getNumLoops() != 1) {
        loop.emitError("expected a one-dimensional parallel loop after "
                       "collapsing, found ")
            << loop.getNumLoops() << " dimensions";
        return signalPassFailure();
      }
      auto [tileLoop, pointLoop] =
          scf::tileParallelLoop(loop, {workgroupSize}, /*noMinMaxBounds=*/true);
      if (failed(gpu::setMappingAttr(
              tileLoop, {mappingFor(context, gpu::Processor::BlockX)})) ||
          failed(gpu::setMappingAttr(
              pointLoop, {mappingFor(context, gpu::Processor::ThreadX)}))) {
        loop.emitError("could not map the parallel loop to the GPU grid");
        return signalPassFailure();
      }
      // Anything parallel nested inside runs sequentially in each thread.
      pointLoop.getBody()->walk([&](scf::ParallelOp nested) {
        SmallVector<gpu::ParallelLoopDimMappingAttr> sequential(
            nested.getNumLoops(),
            mappingFor(context, gpu::Processor::Sequential));
        (void)gpu::setMappingAttr(nested, sequential);
      });
    }
  }
};

} // namespace
