//===- CudaTarget.h - The compiler half of the CUDA backend -----*- C++ -*-===//
//
// Factory for the "cuda" TargetBackend: kernels -> NVVM -> PTX.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_TARGETS_CUDA_COMPILER_CUDATARGET_H
#define OCTET_TARGETS_CUDA_COMPILER_CUDATARGET_H

#include "compiler/Target/TargetBackend.h"

namespace octet {

/// Creates the CUDA backend (PTX through LLVM's NVPTX backend).
std::unique_ptr<TargetBackend> createCudaTargetBackend();

} // namespace octet

#endif // OCTET_TARGETS_CUDA_COMPILER_CUDATARGET_H
