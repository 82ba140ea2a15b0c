//===- OpenCLCEmitter.h - gpu.module to OpenCL C 1.2 source -----*- C++ -*-===//
//
// Translates the outlined kernels of a gpu.module (gpu.func kernels holding
// scf, arith, math, memref and gpu ops on static memrefs) into OpenCL C 1.2
// source text, one `__kernel` function per gpu.func, named after the symbol.
//
// Kernel ABI (shared with the OpenCL runtime driver): every kernel argument is
// a memref with static shape and static strides/offset, passed as a
// `__global T *` to element 0 of its buffer (the buffer's base, before the
// layout offset); arguments are bound in order.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_TARGETS_OPENCL_COMPILER_OPENCLCEMITTER_H
#define OCTET_TARGETS_OPENCL_COMPILER_OPENCLCEMITTER_H

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"

namespace octet {

/// Registers the dialects whose ops translateGPUModuleToOpenCLC() accepts
/// (arith, math, memref, scf, gpu, ub).
void registerOpenCLCEmitterDialects(mlir::DialectRegistry &registry);

/// Writes OpenCL C 1.2 source for every kernel gpu.func of `module` to `os`.
/// On unsupported input (non-memref or dynamic arguments, unsupported ops or
/// types) emits a diagnostic located at the offending op or argument, naming
/// it and its kernel, and returns failure without writing anything to `os`.
mlir::LogicalResult translateGPUModuleToOpenCLC(mlir::gpu::GPUModuleOp module,
                                                llvm::raw_ostream &os);

} // namespace octet

// Also reachable unqualified, as the backend's contract names it.
using octet::translateGPUModuleToOpenCLC;

#endif // OCTET_TARGETS_OPENCL_COMPILER_OPENCLCEMITTER_H
