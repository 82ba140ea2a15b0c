//===- MergeGPUModules.cpp - One gpu.module for all kernels ---------------===//
//
// Moves the kernels that gpu-kernel-outlining put into separate gpu.modules
// into one module, naming them after their host function and launch order.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

namespace octet {
#define GEN_PASS_DEF_MERGEGPUMODULES
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kMergedModuleName = "octet_kernels";

struct MergeGPUModulesPass
    : public octet::impl::MergeGPUModulesBase<MergeGPUModulesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> sources(module.getOps<gpu::GPUModuleOp>());
    if (sources.empty())
      return;
    if (sources.size() == 1 && sources.front().getName() == kMergedModuleName)
      return;

    OpBuilder builder(module.getBodyRegion());
    builder.setInsertionPointToEnd(module.getBody());
    auto merged =
        gpu::GPUModuleOp::create(builder, module.getLoc(), kMergedModuleName);

    // Each outlined kernel must be launched once: its launch sizes are part
    // of its entry point.
    llvm::DenseMap<SymbolRefAttr, gpu::LaunchFuncOp> firstLaunch;
    WalkResult unique = module.walk([&](gpu::LaunchFuncOp launch) {
      auto [it, inserted] = firstLaunch.try_emplace(launch.getKernel(), launch);
      if (inserted)
        return WalkResult::advance();
      InFlightDiagnostic diag = launch.emitError("kernel ")
                                << launch.getKernel()
                                << " is launched more than once";
      diag.attachNote(it->second.getLoc()) << "first launched here";
      return WalkResult::interrupt();
    });
    if (unique.wasInterrupted())
      return signalPassFailure();

    // Rename kernels in launch order so names follow the execution plan.
    llvm::StringMap<unsigned> dispatchCounts;
    WalkResult result = module.walk([&](gpu::LaunchFuncOp launch) {
      auto hostFunc = launch->getParentOfType<FunctionOpInterface>();
      auto kernel = SymbolTable::lookupNearestSymbolFrom<gpu::GPUFuncOp>(
          launch, launch.getKernel());
      if (!kernel) {
        launch.emitError("kernel ") << launch.getKernel() << " not found";
        return WalkResult::interrupt();
      }
      std::string hostName =
          hostFunc ? hostFunc.getName().str() : std::string("kernel");
      unsigned index = dispatchCounts[hostName]++;
      std::string newName = hostName + "_dispatch_" + std::to_string(index);
      kernel->moveBefore(merged.getBody(), merged.getBody()->end());
      kernel.setName(newName);
      launch.setKernelAttr(
          SymbolRefAttr::get(builder.getStringAttr(kMergedModuleName),
                             {FlatSymbolRefAttr::get(kernel.getNameAttr())}));
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return signalPassFailure();

    for (gpu::GPUModuleOp source : sources) {
      if (!source.getBody()->getOps<gpu::GPUFuncOp>().empty()) {
        source.emitError("gpu.module has kernels that are never launched");
        return signalPassFailure();
      }
      source.erase();
    }
  }
};

} // namespace
