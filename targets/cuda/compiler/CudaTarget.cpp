//===- CudaTarget.cpp - The compiler half of the CUDA backend -------------===//
//
// Lowers the outlined kernels to NVVM with upstream's GPU-to-NVVM conversion
// (bare-pointer kernel arguments, matching the runtime's ABI) and serializes
// them to PTX for the requested sm architecture through LLVM's NVPTX backend
// (gpu-module-to-binary, format "isa").
//
//===----------------------------------------------------------------------===//
#include "targets/cuda/compiler/CudaTarget.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace octet {

namespace {

/// Architectures Octet knows, with the lowest PTX ISA version LLVM accepts
/// for each (older ISA versions keep the PTX loadable by older drivers).
struct ArchInfo {
  llvm::StringLiteral arch;
  llvm::StringLiteral ptxFeature;
};
constexpr ArchInfo kKnownArchs[] = {
    {"sm_80", "+ptx70"},  {"sm_86", "+ptx71"},  {"sm_87", "+ptx74"},
    {"sm_89", "+ptx78"},  {"sm_90", "+ptx78"},  {"sm_90a", "+ptx80"},
    {"sm_100", "+ptx86"}, {"sm_120", "+ptx87"},
};

class CudaTargetBackend final : public TargetBackend {
public:
  StringRef name() const override { return "cuda"; }

  void registerDialects(DialectRegistry &registry) const override {
    registry.insert<LLVM::LLVMDialect, NVVM::NVVMDialect>();
    NVVM::registerNVVMTargetInterfaceExternalModels(registry);
    registerAllToLLVMIRTranslations(registry);
  }

  /// 256 threads: eight warps, enough to hide latency on Ampere and Hopper
  /// for the simple one-element-per-thread kernels the mapping produces.
  int64_t workgroupSize(const TargetOptions &) const override { return 256; }

  FailureOr<SerializedExecutable>
  serialize(gpu::GPUModuleOp module, const TargetOptions &options) override {
    const ArchInfo *arch = nullptr;
    for (const ArchInfo &known : kKnownArchs)
      if (known.arch == options.cudaArch)
        arch = &known;
    if (!arch) {
      std::string known;
      for (const ArchInfo &info : kKnownArchs)
        known += (known.empty() ? "" : ", ") + info.arch.str();
      return module.emitError("unsupported CUDA architecture '")
                 << options.cudaArch << "'; known: " << known,
             failure();
    }

    MLIRContext *context = module.getContext();
    OpBuilder builder(context);
    OwningOpRef<ModuleOp> container = ModuleOp::create(module.getLoc());
    container.get()->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                             builder.getUnitAttr());
    auto kernels = cast<gpu::GPUModuleOp>(module->clone());
    container->getBody()->push_back(kernels);
    kernels.setTargetsAttr(builder.getArrayAttr({NVVM::NVVMTargetAttr::get(
        context, /*optLevel=*/3, "nvptx64-nvidia-cuda", arch->arch,
        arch->ptxFeature)}));

    PassManager pm(context, ModuleOp::getOperationName());
    OpPassManager &kernelPM = pm.nest<gpu::GPUModuleOp>();
    kernelPM.addPass(createSCFToControlFlowPass());
    ConvertGpuOpsToNVVMOpsOptions nvvmOptions;
    nvvmOptions.useBarePtrCallConv = true;
    kernelPM.addPass(createConvertGpuOpsToNVVMOps(nvvmOptions));
    kernelPM.addPass(createCanonicalizerPass());
    kernelPM.addPass(createReconcileUnrealizedCastsPass());
    GpuModuleToBinaryPassOptions binaryOptions;
    binaryOptions.compilationTarget = "isa";
    pm.addPass(createGpuModuleToBinaryPass(binaryOptions));
    if (failed(pm.run(*container)))
      return failure();

    auto binaries = container->getOps<gpu::BinaryOp>();
    if (binaries.empty())
      return module.emitError("NVPTX serialization produced no binary"),
             failure();
    gpu::BinaryOp binary = *binaries.begin();
    auto object = cast<gpu::ObjectAttr>(binary.getObjects()[0]);
    SerializedExecutable executable;
    executable.format = "ptx";
    executable.arch = arch->arch.str();
    executable.fileExtension = ".ptx";
    executable.code = object.getObject().str();
    return executable;
  }
};

} // namespace

std::unique_ptr<TargetBackend> createCudaTargetBackend() {
  return std::make_unique<CudaTargetBackend>();
}

} // namespace octet
