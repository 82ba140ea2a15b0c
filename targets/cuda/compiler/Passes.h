//===- Passes.h - The CUDA backend's passes ---------------------*- C++ -*-===//
//
// Declarations of the passes in Passes.td and their registration.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_TARGETS_CUDA_COMPILER_PASSES_H
#define OCTET_TARGETS_CUDA_COMPILER_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Pass/Pass.h"

namespace octet::cuda {

#define GEN_PASS_DECL
#include "targets/cuda/compiler/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "targets/cuda/compiler/Passes.h.inc"

} // namespace octet::cuda

#endif // OCTET_TARGETS_CUDA_COMPILER_PASSES_H
