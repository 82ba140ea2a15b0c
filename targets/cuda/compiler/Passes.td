//===- Passes.td - The CUDA backend's passes ---------------*- tablegen -*-===//
//
// Passes of the CUDA backend's compiler half, run by CudaTarget on the
// outlined gpu.module before LLVM's NVPTX backend serializes it to PTX.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_TARGETS_CUDA_COMPILER_PASSES
#define OCTET_TARGETS_CUDA_COMPILER_PASSES

include "mlir/Pass/PassBase.td"

def LowerKernelsToNVVM
    : Pass<"octet-cuda-lower-kernels-to-nvvm", "mlir::gpu::GPUModuleOp"> {
  let summary = "Lower GPU kernels to the LLVM and NVVM dialects without "
                "libdevice";
  let description = [{
    Upstream's `convert-gpu-to-nvvm` with one difference: math is never
    lowered to calls into CUDA's libdevice (`__nv_expf`, `__nv_sqrtf`, ...),
    which only exists where a CUDA toolkit is installed. GPU ops get
    upstream's NVVM patterns, arith, cf, func and memref their usual LLVM
    patterns (kernel arguments as bare pointers, matching the runtime's ABI),
    and the math ops that PTX has an instruction for (`sqrt`, `rsqrt`,
    `absf`, `floor`, `ceil`, `trunc`, rounding, `fma`, `copysign`, bit
    counts, classification) become LLVM intrinsics, which the NVPTX backend
    turns into those instructions.

    Transcendental functions must have been rewritten as arithmetic before
    (`octet-approximate-math`); one that is left is an error naming the op.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect",
                           "mlir::NVVM::NVVMDialect"];
}

#endif // OCTET_TARGETS_CUDA_COMPILER_PASSES
