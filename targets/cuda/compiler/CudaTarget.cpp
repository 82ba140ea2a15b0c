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
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstdlib>

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

/// The CUDA toolkit whose libdevice implements math functions (expf, ...):
/// $CUDA_HOME, $CUDA_PATH, $CUDA_ROOT or /usr/local/cuda, the first that has
/// nvvm/libdevice/libdevice.10.bc. Empty when there is none.
std::string findCudaToolkit() {
  SmallVector<std::string> candidates;
  for (const char *variable : {"CUDA_HOME", "CUDA_PATH", "CUDA_ROOT"})
    if (const char *value = std::getenv(variable); value && *value)
      candidates.push_back(value);
  candidates.push_back("/usr/local/cuda");
  for (const std::string &candidate : candidates) {
    llvm::SmallString<256> libdevice(candidate);
    llvm::sys::path::append(libdevice, "nvvm", "libdevice", "libdevice.10.bc");
    if (llvm::sys::fs::exists(libdevice))
      return candidate;
  }
  return {};
}

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
    binaryOptions.toolkitPath = findCudaToolkit();
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

    // Math functions come from libdevice; without it they stay external
    // calls that no driver can resolve.
    StringRef code = executable.code;
    if (size_t pos = code.find(".extern .func"); pos != StringRef::npos) {
      // ".extern .func (.param .b32 func_retval0) __nv_expf(" -> __nv_expf
      StringRef line =
          code.substr(pos).take_until([](char c) { return c == '\n'; });
      StringRef callee =
          line.rtrim().drop_back(line.rtrim().ends_with("(") ? 1 : 0);
      callee = callee.substr(callee.find_last_of(" )") + 1);
      return module.emitError("the PTX calls '")
                 << callee
                 << "', which is defined in CUDA's libdevice, but no CUDA "
                    "toolkit with nvvm/libdevice/libdevice.10.bc was found; "
                    "set CUDA_HOME to the toolkit's directory",
             failure();
    }
    return executable;
  }
};

} // namespace

std::unique_ptr<TargetBackend> createCudaTargetBackend() {
  return std::make_unique<CudaTargetBackend>();
}

} // namespace octet
