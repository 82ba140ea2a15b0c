//===- OpenCLTarget.cpp - The compiler half of the OpenCL backend ---------===//
//
// The "opencl" TargetBackend: serializes each outlined gpu.module to OpenCL C
// 1.2 source with translateGPUModuleToOpenCLC(); the runtime driver builds it
// with clBuildProgram and launches kernels by their gpu.func names. OpenCL
// has no 8-bit float type: FP8 conversions are expanded to integer
// arithmetic first (octet-expand-float8) and FP8 data stays `uchar`.
//
//===----------------------------------------------------------------------===//
#include "targets/opencl/compiler/OpenCLTarget.h"

#include "compiler/Codegen/Passes.h"
#include "targets/opencl/compiler/OpenCLCEmitter.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace octet {

namespace {

class OpenCLTargetBackend final : public TargetBackend {
public:
  StringRef name() const override { return "opencl"; }

  void registerDialects(DialectRegistry &registry) const override {
    registerOpenCLCEmitterDialects(registry);
  }

  /// 64 work-items: every OpenCL device Octet targets accepts it
  /// (CL_DEVICE_MAX_WORK_GROUP_SIZE is >= 256 on desktop and mobile GPUs and
  /// 4096 on PoCL's CPU device), it is a whole number of hardware threads on
  /// each (AMD wave64, two NVIDIA warps, Intel SIMD8/16/32, Mali/Adreno
  /// quads) and of AVX-512 lanes for PoCL's work-group vectorizer, and it
  /// keeps tail waste small for the small tensors of the 1-D mapping. The
  /// kernels carry it as reqd_work_group_size, so it must never exceed a
  /// device's limit, which argues for the small end.
  ///
  /// Thread tiles of up to 16 rows and vectors of up to 16 floats along the
  /// innermost dimension (`float16`, one AVX-512 register): a MatMul thread
  /// keeps 16 vector accumulators (of AVX-512's 32 registers), loads one
  /// vector of the right-hand side per step of K and reuses it 16 times (an
  /// FP8 weight vector is widened once for 16 rows). 16 rows instead of 8
  /// took MatMul 1024^3 from 23 to 20 ms (FP8 from 15.5 to 12.2) and the
  /// ResNet-50-size model from 124 to 105 ms (FP8 115 to 86). Explicit vectors
  /// matter on PoCL's CPU device: its vectorization across work-items is
  /// fragile (LLVM's SLP vectorizer can pack a thread's scalar accumulators
  /// first and defeat it). Measured on the 2-core VM: MatMul 1024^3 in about 20
  /// ms instead of 300 ms with 8 scalar accumulators. Where a bf16 operand is
  /// broadcast across the vectors (a bf16 activation against a filter's output
  /// channels), 2 vectors x 8 rows instead: each broadcast, a load, a shift
  /// and a move in bf16, then feeds two multiply-adds (the ResNet-50-size
  /// model's BF16 convolutions 27 % faster). (One entry for every OpenCL device
  /// until a GPU-shaped variant exists.)
  ///
  /// At least 8 work-groups per kernel where it has few threads: PoCL's CPU
  /// device runs one work-group per core at a time, and a small MatMul whose
  /// 32 threads each compute 8 rows x float16 would otherwise run on one
  /// core only.
  ///
  /// Square work-groups for contractions: a MatMul 2048³'s work-group of
  /// 8 x 8 threads reads 128 rows of the left-hand side and 128 columns of
  /// the right-hand side, where a run of 64 threads along a row read 16 rows
  /// and 1024 columns, which left the cache before the next row came: 248-326
  /// -> 191-196 ms of device time on PoCL (1024³ and below: within the noise).
  CodegenTargetInfo codegenInfo(const TargetOptions &) const override {
    CodegenTargetInfo info;
    info.workgroupSize = 64;
    info.maxThreadTile = 16;
    info.vectorWidth = 16;
    info.maxVectorTile = 2;
    info.minWorkgroups = 8;
    info.squareWorkgroups = true;
    return info;
  }

  FailureOr<SerializedExecutable> serialize(gpu::GPUModuleOp module,
                                            const TargetOptions &) override {
    SerializedExecutable executable;
    executable.format = "opencl-c";
    executable.arch = "";
    executable.fileExtension = ".cl";
    OwningOpRef<gpu::GPUModuleOp> kernels =
        cast<gpu::GPUModuleOp>(module->clone());
    PassManager pm(module.getContext(), gpu::GPUModuleOp::getOperationName());
    pm.addPass(createExpandFloat8());
    if (failed(pm.run(*kernels)))
      return failure();
    llvm::raw_string_ostream os(executable.code);
    if (failed(translateGPUModuleToOpenCLC(*kernels, os)))
      return failure();
    return executable;
  }
};

} // namespace

std::unique_ptr<TargetBackend> createOpenCLTargetBackend() {
  return std::make_unique<OpenCLTargetBackend>();
}

} // namespace octet
