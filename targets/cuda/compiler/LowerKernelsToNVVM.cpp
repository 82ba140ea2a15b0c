//===- LowerKernelsToNVVM.cpp - GPU kernels to NVVM without libdevice -----===//
//
// Upstream's GPU-to-NVVM lowering, minus its libdevice calls: math ops with a
// PTX instruction become LLVM intrinsics, and a transcendental function that
// was not rewritten before is an error. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "targets/cuda/compiler/Passes.h"

#include "mlir/Conversion/ConvertToLLVM/ToLLVMInterface.h"
#include "mlir/Conversion/ConvertToLLVM/ToLLVMPass.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace octet::cuda {
#define GEN_PASS_DEF_LOWERKERNELSTONVVM
#include "targets/cuda/compiler/Passes.h.inc"
} // namespace octet::cuda

using namespace mlir;

namespace {

/// Math ops whose LLVM intrinsic the NVPTX backend turns into PTX
/// instructions exactly (no library call, no approximation).
bool hasNativeLowering(Operation *op) {
  return isa<math::AbsFOp, math::AbsIOp, math::CeilOp, math::CopySignOp,
             math::CountLeadingZerosOp, math::CountTrailingZerosOp,
             math::CtPopOp, math::FloorOp, math::FmaOp, math::IsFiniteOp,
             math::IsInfOp, math::IsNaNOp, math::RoundEvenOp, math::RoundOp,
             math::RsqrtOp, math::SqrtOp, math::TruncOp>(op);
}

/// Whether `pattern` is one of upstream's math/arith -> libdevice call
/// lowerings that populateGpuToNVVMConversionPatterns adds.
bool isLibdevicePattern(const RewritePattern &pattern) {
  std::optional<OperationName> root = pattern.getRootKind();
  if (!root)
    return false;
  StringRef dialect = root->getDialectNamespace();
  return dialect == math::MathDialect::getDialectNamespace() ||
         dialect == arith::ArithDialect::getDialectNamespace();
}

struct LowerKernelsToNVVMPass
    : public octet::cuda::impl::LowerKernelsToNVVMBase<LowerKernelsToNVVMPass> {
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerConvertToLLVMDependentDialectLoading(registry);
  }

  void runOnOperation() override {
    gpu::GPUModuleOp module = getOperation();
    MLIRContext *context = &getContext();

    WalkResult unsupported =
        module.walk([](Operation *op) {
          bool isMath =
              op->getDialect() && isa<math::MathDialect>(op->getDialect());
          if ((isMath && !hasNativeLowering(op)) || isa<arith::RemFOp>(op)) {
            op->emitError("'")
                << op->getName()
                << "' would be a call into CUDA's libdevice, which Octet "
                   "does not link; it must be rewritten as arithmetic first "
                   "(octet-approximate-math)";
            return WalkResult::interrupt();
          }
          return WalkResult::advance();
        });
    if (unsupported.wasInterrupted())
      return signalPassFailure();

    // In-dialect lowering first (gpu.all_reduce and friends), as upstream.
    {
      RewritePatternSet patterns(context);
      populateGpuRewritePatterns(patterns);
      if (failed(applyPatternsGreedily(module, std::move(patterns))))
        return signalPassFailure();
    }

    LowerToLLVMOptions options(context, DataLayout(cast<DataLayoutOpInterface>(
                                            module.getOperation())));
    options.useBarePtrCallConv = true;
    LLVMTypeConverter converter(context, options);
    configureGpuToNVVMTypeConverter(converter);
    LLVMConversionTarget target(*context);
    RewritePatternSet patterns(context);

    // GPU ops: upstream's NVVM patterns, before generic LLVM lowering.
    RewritePatternSet gpuPatterns(context);
    populateGpuToNVVMConversionPatterns(converter, gpuPatterns,
                                        /*benefit=*/10);
    for (std::unique_ptr<RewritePattern> &pattern :
         gpuPatterns.getNativePatterns())
      if (!isLibdevicePattern(*pattern))
        patterns.add(std::move(pattern));

    // Everything else (math included) through each dialect's ConvertToLLVM
    // patterns.
    for (Dialect *dialect : context->getLoadedDialects())
      if (auto *iface = dyn_cast<ConvertToLLVMPatternInterface>(dialect))
        iface->populateConvertToLLVMConversionPatterns(target, converter,
                                                       patterns);

    configureGpuToNVVMConversionLegality(target);
    // Upstream marks these illegal so that they become libdevice calls; the
    // NVPTX backend has instructions for them.
    target.addLegalOp<LLVM::CopySignOp, LLVM::FAbsOp, LLVM::FCeilOp,
                      LLVM::FFloorOp, LLVM::RoundEvenOp, LLVM::RoundOp,
                      LLVM::SqrtOp>();
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
