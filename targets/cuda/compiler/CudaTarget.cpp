//===- CudaTarget.cpp - The compiler half of the CUDA backend -------------===//
//
// Rewrites transcendental math as arithmetic (octet-approximate-math), lowers
// the outlined kernels to NVVM without libdevice (LowerKernelsToNVVM:
// bare-pointer kernel arguments, matching the runtime's ABI) and serializes
// them to PTX for the requested sm architecture through LLVM's NVPTX backend
// (PtxSerializer, on MLIR's ModuleToObject). Nothing here reads a CUDA
// toolkit: PTX can be produced on any machine.
//
//===----------------------------------------------------------------------===//
#include "targets/cuda/compiler/CudaTarget.h"

#include "compiler/Codegen/Passes.h"
#include "targets/cuda/compiler/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVM/ModuleToObject.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/Threading.h"

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

const ArchInfo *findArch(StringRef name) {
  for (const ArchInfo &known : kKnownArchs)
    if (known.arch == name)
      return &known;
  return nullptr;
}

/// LLVM dialect -> PTX through LLVM's NVPTX backend, with upstream's
/// ModuleToObject (translation, optimization, codegen). Unlike upstream's
/// NVVM serializer it links no bitcode, so it never looks for a CUDA toolkit
/// (CUDA_HOME, /usr/local/cuda): the PTX is the same on every machine.
class PtxSerializer final : public LLVM::ModuleToObject {
public:
  PtxSerializer(Operation &module, StringRef chip, StringRef features)
      : ModuleToObject(module, "nvptx64-nvidia-cuda", chip, features,
                       /*optLevel=*/3) {
    static llvm::once_flag initializeBackendOnce;
    llvm::call_once(initializeBackendOnce, [] {
      LLVMInitializeNVPTXTargetInfo();
      LLVMInitializeNVPTXTarget();
      LLVMInitializeNVPTXTargetMC();
      LLVMInitializeNVPTXAsmPrinter();
    });
  }

protected:
  FailureOr<SmallVector<char, 0>>
  moduleToObject(llvm::Module &llvmModule) override {
    FailureOr<llvm::TargetMachine *> machine = getOrCreateTargetMachine();
    if (failed(machine))
      return getOperation().emitError("the NVPTX target is not available in "
                                      "this build of LLVM"),
             failure();
    FailureOr<SmallString<0>> ptx = translateModuleToISA(
        llvmModule, **machine, [this] { return getOperation().emitError(); });
    if (failed(ptx))
      return failure();
    return SmallVector<char, 0>(ptx->begin(), ptx->end());
  }
};

class CudaTargetBackend final : public TargetBackend {
public:
  StringRef name() const override { return "cuda"; }

  void registerDialects(DialectRegistry &registry) const override {
    registry.insert<LLVM::LLVMDialect, NVVM::NVVMDialect>();
    NVVM::registerNVVMTargetInterfaceExternalModels(registry);
    registerAllToLLVMIRTranslations(registry);
  }

  void registerPasses() const override { cuda::registerOctetCudaPasses(); }

  /// 256 threads: eight warps, enough to hide latency on Ampere and Hopper
  /// for the simple one-element-per-thread kernels the mapping produces.
  int64_t workgroupSize(const TargetOptions &) const override { return 256; }

  LogicalResult checkOptions(const TargetOptions &options,
                             std::string &error) const override {
    if (findArch(options.cudaArch))
      return success();
    std::string known;
    for (const ArchInfo &info : kKnownArchs)
      known += (known.empty() ? "" : ", ") + info.arch.str();
    error = "unsupported CUDA architecture '" + options.cudaArch +
            "'; known: " + known;
    return failure();
  }

  FailureOr<SerializedExecutable>
  serialize(gpu::GPUModuleOp module, const TargetOptions &options) override {
    std::string error;
    if (failed(checkOptions(options, error)))
      return module.emitError(error), failure();
    const ArchInfo *arch = findArch(options.cudaArch);

    MLIRContext *context = module.getContext();
    context->getOrLoadDialect<LLVM::LLVMDialect>();
    context->getOrLoadDialect<NVVM::NVVMDialect>();
    OpBuilder builder(context);
    OwningOpRef<ModuleOp> container = ModuleOp::create(module.getLoc());
    container.get()->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                             builder.getUnitAttr());
    auto kernels = cast<gpu::GPUModuleOp>(module->clone());
    container->getBody()->push_back(kernels);

    PassManager pm(context, ModuleOp::getOperationName());
    OpPassManager &kernelPM = pm.nest<gpu::GPUModuleOp>();
    kernelPM.addPass(createApproximateMath());
    kernelPM.addPass(createExpandFloat8());
    kernelPM.addPass(createSCFToControlFlowPass());
    kernelPM.addPass(cuda::createLowerKernelsToNVVM());
    kernelPM.addPass(createCanonicalizerPass());
    kernelPM.addPass(createReconcileUnrealizedCastsPass());
    if (failed(pm.run(*container)))
      return failure();

    PtxSerializer serializer(*kernels, arch->arch, arch->ptxFeature);
    std::optional<SmallVector<char, 0>> ptx = serializer.run();
    if (!ptx)
      return failure();
    SerializedExecutable executable;
    executable.format = "ptx";
    executable.arch = arch->arch.str();
    executable.fileExtension = ".ptx";
    executable.code.assign(ptx->begin(), ptx->end());

    // Octet links no libdevice: a call to anything outside the module could
    // not be resolved by the driver (LowerKernelsToNVVM refuses what would
    // produce one).
    StringRef code = executable.code;
    if (size_t pos = code.find(".extern .func"); pos != StringRef::npos)
      return module.emitError("internal error: the PTX calls an external "
                              "function: ")
                 << code.substr(pos).take_until(
                        [](char c) { return c == '\n'; }),
             failure();
    return executable;
  }
};

} // namespace

std::unique_ptr<TargetBackend> createCudaTargetBackend() {
  return std::make_unique<CudaTargetBackend>();
}

} // namespace octet
