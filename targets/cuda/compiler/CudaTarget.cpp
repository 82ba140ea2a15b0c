//===- CudaTarget.cpp - The compiler half of the CUDA backend -------------===//
//
// Rewrites transcendental math as arithmetic (octet-approximate-math), lowers
// the outlined kernels to NVVM without libdevice (LowerKernelsToNVVM:
// bare-pointer kernel arguments, matching the runtime's ABI) and serializes
// them to PTX for the requested sm architecture through LLVM's NVPTX backend
// (PtxSerializer, on MLIR's ModuleToObject). Nothing here reads a CUDA
// toolkit: PTX can be produced on any machine. An artifact carries one
// executable per architecture asked for; from sm_89 on, FP8 conversions use
// the hardware's cvt instructions (octet-cuda-native-float8), before that
// integer arithmetic (octet-expand-float8).
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
/// for each and for what Octet emits there (older ISA versions keep the PTX
/// loadable by older drivers; LLVM selects sm_89's FP8 cvt from PTX 8.1 on,
/// sm_90's from 7.8).
struct ArchInfo {
  llvm::StringLiteral arch;
  llvm::StringLiteral ptxFeature;
  /// Whether the architecture converts between f32 and FP8 in hardware
  /// (cvt ... e4m3x2 / e5m2x2, sm_89 and newer, PTX ISA 7.8).
  bool nativeFloat8;
};
constexpr ArchInfo kKnownArchs[] = {
    {"sm_80", "+ptx70", false}, {"sm_86", "+ptx71", false},
    {"sm_87", "+ptx74", false}, {"sm_89", "+ptx81", true},
    {"sm_90", "+ptx78", true},  {"sm_90a", "+ptx80", true},
    {"sm_100", "+ptx86", true}, {"sm_120", "+ptx87", true},
};

const ArchInfo *findArch(StringRef name) {
  for (const ArchInfo &known : kKnownArchs)
    if (known.arch == name)
      return &known;
  return nullptr;
}

/// The architectures in a comma-separated list.
SmallVector<StringRef> splitArchs(StringRef list) {
  SmallVector<StringRef> archs;
  for (StringRef arch : llvm::split(list, ','))
    if (!arch.trim().empty())
      archs.push_back(arch.trim());
  return archs;
}

/// Whether `module` converts between f32 and an 8-bit float anywhere.
bool convertsFloat8(gpu::GPUModuleOp module) {
  return module
      .walk([](Operation *op) {
        if (!isa<arith::ExtFOp, arith::TruncFOp>(op))
          return WalkResult::advance();
        Type from = op->getOperand(0).getType(),
             to = op->getResult(0).getType();
        return isa<Float8E4M3FNType, Float8E5M2Type>(from) ||
                       isa<Float8E4M3FNType, Float8E5M2Type>(to)
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      })
      .wasInterrupted();
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

  /// 256 threads: eight warps, enough to hide latency on Ampere and Hopper.
  /// Thread tiles of up to 4 outputs: 4 accumulators per thread cost few
  /// registers and keep occupancy on every architecture of kKnownArchs.
  /// Work-groups stay runs of consecutive threads: square ones (as on
  /// OpenCL) would read fewer operand rows per block too, but have not been
  /// measured on a GPU yet.
  CodegenTargetInfo codegenInfo(const TargetOptions &) const override {
    CodegenTargetInfo info;
    info.workgroupSize = 256;
    info.maxThreadTile = 4;
    info.vectorWidth = 1;
    info.maxVectorTile = 1;
    info.minWorkgroups = 1;
    info.squareWorkgroups = false;
    return info;
  }

  LogicalResult checkOptions(const TargetOptions &options,
                             std::string &error) const override {
    SmallVector<StringRef> archs = splitArchs(options.cudaArch);
    if (archs.empty()) {
      error = "no CUDA architecture given (--cuda-arch)";
      return failure();
    }
    for (StringRef arch : archs) {
      if (findArch(arch))
        continue;
      std::string known;
      for (const ArchInfo &info : kKnownArchs)
        known += (known.empty() ? "" : ", ") + info.arch.str();
      error =
          "unsupported CUDA architecture '" + arch.str() + "'; known: " + known;
      return failure();
    }
    return success();
  }

  FailureOr<std::vector<SerializedExecutable>>
  serializeVariants(gpu::GPUModuleOp module,
                    const TargetOptions &options) override {
    std::vector<SerializedExecutable> variants;
    SmallVector<StringRef> archs = splitArchs(options.cudaArch);
    for (auto [index, arch] : llvm::enumerate(archs)) {
      // An architecture named twice is built once.
      if (llvm::is_contained(ArrayRef(archs).take_front(index), arch))
        continue;
      TargetOptions single = options;
      single.cudaArch = arch.str();
      FailureOr<SerializedExecutable> code = serialize(module, single);
      if (failed(code))
        return failure();
      variants.push_back(std::move(*code));
    }
    return variants;
  }

  FailureOr<SerializedExecutable>
  serialize(gpu::GPUModuleOp module, const TargetOptions &options) override {
    std::string error;
    if (failed(checkOptions(options, error)))
      return module.emitError(error), failure();
    SmallVector<StringRef> archs = splitArchs(options.cudaArch);
    if (archs.size() != 1)
      return module.emitError("one executable is built for one CUDA "
                              "architecture, not '")
                 << options.cudaArch << "'",
             failure();
    const ArchInfo *arch = findArch(archs.front());
    bool float8 = convertsFloat8(module);

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
    if (arch->nativeFloat8)
      kernelPM.addPass(cuda::createNativeFloat8Conversions());
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
    if (float8)
      executable.notes = arch->nativeFloat8 ? "FP8 conversions native"
                                            : "FP8 conversions emulated";
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
