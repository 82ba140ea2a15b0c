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

def NativeFloat8Conversions
    : Pass<"octet-cuda-native-float8", "mlir::gpu::GPUModuleOp"> {
  let summary = "Use sm_89's FP8 conversion instructions, with the fix-ups "
                "that make them bit-exact";
  let description = [{
    Rewrites `arith.truncf` from `f32` to `f8E4M3FN`/`f8E5M2` as
    `nvvm.convert.f32x2.to.f8x2` (PTX `cvt.rn.satfinite.{e4m3x2,e5m2x2}.f32`)
    and `arith.extf` from them to `f32` as `nvvm.convert.f8x2.to.f16x2`
    (`cvt.rn.f16x2.{e4m3x2,e5m2x2}`) followed by an exact f16 -> f32
    conversion. The CUDA backend runs it for sm_89 and newer, before
    `octet-expand-float8`, which then has nothing left to expand.

    The results are those of `octet-expand-float8` (and `ml_dtypes`) bit for
    bit. PTX only has the saturating narrowing, and its NaN is unsigned, so
    each narrowing adds two selects: a magnitude that rounds beyond the
    largest finite value (above 464 for E4M3FN, from 61440 for E5M2;
    infinity included) becomes the format's overflow code (NaN / infinity),
    and NaN the format's NaN with the input's sign. Where a model asks for
    saturation, the clamp before the `truncf` makes the first select dead.
    Widening NaN codes become the quiet f32 NaN with their sign, whatever
    NaN the hardware produces.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::LLVM::LLVMDialect",
                           "mlir::math::MathDialect",
                           "mlir::NVVM::NVVMDialect"];
}

#endif // OCTET_TARGETS_CUDA_COMPILER_PASSES
