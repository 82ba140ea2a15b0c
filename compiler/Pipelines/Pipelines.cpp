//===- Pipelines.cpp - Octet's named pass pipelines -----------------------===//
//
// Composes Octet's own passes with upstream MLIR's (elementwise fusion,
// one-shot bufferization, parallel-loop lowering, GPU mapping and outlining).
//
//===----------------------------------------------------------------------===//
#include "compiler/Pipelines/Pipelines.h"

#include "compiler/Codegen/Passes.h"
#include "compiler/Conversion/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace octet {

void buildGraphToLinalgPipeline(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createConvertGraphToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildLinalgToLoopsPipeline(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createFuseElementwise());
  pm.addNestedPass<func::FuncOp>(createInterchangeReductionsInnermost());
  pm.addNestedPass<func::FuncOp>(createMarkInputsReadOnly());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createDuplicateSharedFills());
  pm.addNestedPass<func::FuncOp>(createPadInProducers());
  bufferization::OneShotBufferizePassOptions bufferizeOptions;
  bufferizeOptions.bufferizeFunctionBoundaries = true;
  bufferizeOptions.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferizeOptions));
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  // Loads and stores through a subview (a producer writing the interior of
  // a padded buffer) index the whole buffer instead.
  pm.addNestedPass<func::FuncOp>(createFoldSubviewAccesses());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Index arithmetic that loop lowering put inside the reduction loops (the
  // offset into a padded output) moves out, so that the accumulator's
  // indices are loop-invariant values and it can be promoted.
  pm.addPass(createLoopInvariantCodeMotionPass());
  pm.addNestedPass<func::FuncOp>(createPromoteLoopAccumulators());
  pm.addNestedPass<func::FuncOp>(createFoldAccumulatorFills());
  pm.addNestedPass<func::FuncOp>(createFuseParallelLoops());
  pm.addNestedPass<func::FuncOp>(createSimplifyMath());
  pm.addNestedPass<func::FuncOp>(createWidenBF16Arithmetic());
  // Weights with the dimension that outputs index last, the same for every
  // target.
  pm.addPass(createPermuteConstants());
  // Buffers that fusion left written but never read go here, before the
  // targets' pipelines (vector stores would keep them alive on some).
  pm.addPass(createCanonicalizerPass());
}

void buildLoopsToGPUPipeline(OpPassManager &pm, const CodegenTargetInfo &info) {
  // Index arithmetic as arith ops (affine.apply of a reshape's or a slice's
  // indices), which the vectorization analysis follows.
  pm.addPass(createLowerAffinePass());
  SelectLoweringConfigsOptions configOptions;
  configOptions.maxThreadTile = info.maxThreadTile;
  configOptions.vectorWidth = info.vectorWidth;
  configOptions.maxVectorTile = info.maxVectorTile;
  configOptions.workgroupSize = info.workgroupSize;
  configOptions.squareWorkgroups = info.squareWorkgroups;
  pm.addNestedPass<func::FuncOp>(createSelectLoweringConfigs(configOptions));
  pm.addNestedPass<func::FuncOp>(createVectorizeInnermost());
  pm.addNestedPass<func::FuncOp>(createTileToThreads());
  // After vectorization, so that vector multiply-accumulates fuse too.
  pm.addNestedPass<func::FuncOp>(createFuseMultiplyAdd());
  // Window loops unrolled, the loads their steps share shared (CSE).
  pm.addNestedPass<func::FuncOp>(createUnrollWindowLoops());
  pm.addPass(createCSEPass());
  MapParallelLoopsToGPUOptions mapOptions;
  mapOptions.workgroupSize = info.workgroupSize;
  mapOptions.minWorkgroups = info.minWorkgroups;
  pm.addNestedPass<func::FuncOp>(createMapParallelLoopsToGPU(mapOptions));
  pm.addPass(createConvertParallelLoopToGpuPass());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createMergeGPUModules());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

namespace {
struct LoopsToGPUOptions : public PassPipelineOptions<LoopsToGPUOptions> {
  Option<int64_t> workgroupSize{*this, "workgroup-size",
                                llvm::cl::desc("Threads per block"),
                                llvm::cl::init(64)};
  Option<int64_t> maxThreadTile{
      *this, "max-thread-tile",
      llvm::cl::desc("The most outputs per thread along a reused dimension"),
      llvm::cl::init(1)};
  Option<int64_t> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc(
          "The most lanes of a vector along the innermost dimension"),
      llvm::cl::init(1)};
  Option<int64_t> maxVectorTile{
      *this, "max-vector-tile",
      llvm::cl::desc("The most vectors per thread where a bf16 operand is "
                     "broadcast across them"),
      llvm::cl::init(1)};
  Option<int64_t> minWorkgroups{
      *this, "min-workgroups",
      llvm::cl::desc("The fewest blocks a loop with a static trip count is "
                     "split into"),
      llvm::cl::init(1)};
  Option<bool> squareWorkgroups{
      *this, "square-workgroups",
      llvm::cl::desc("Give contractions a square block of threads per "
                     "work-group"),
      llvm::cl::init(false)};
};
} // namespace

void registerPipelines() {
  PassPipelineRegistration<>("octet-graph-to-linalg",
                             "Lower the graph dialect to linalg on tensors",
                             buildGraphToLinalgPipeline);
  PassPipelineRegistration<>(
      "octet-linalg-to-loops",
      "Fuse, bufferize and lower linalg to parallel loops",
      buildLinalgToLoopsPipeline);
  PassPipelineRegistration<LoopsToGPUOptions>(
      "octet-loops-to-gpu",
      "Map parallel loops to a GPU grid and outline the kernels",
      [](OpPassManager &pm, const LoopsToGPUOptions &options) {
        buildLoopsToGPUPipeline(
            pm,
            CodegenTargetInfo{options.workgroupSize, options.maxThreadTile,
                              options.vectorWidth, options.maxVectorTile,
                              options.minWorkgroups, options.squareWorkgroups});
      });
}

} // namespace octet
