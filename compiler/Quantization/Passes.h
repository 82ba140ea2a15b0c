//===- Passes.h - Octet's precision and quantization passes -----*- C++ -*-===//
//
// Declarations of the passes in Passes.td and their registration.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_QUANTIZATION_PASSES_H
#define OCTET_COMPILER_QUANTIZATION_PASSES_H

#include "dialects/Graph/IR/GraphDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace octet {

/// The f32 activations `--precision fp8` quantizes, in a fixed order: the
/// non-constant data operands of MatMul (both), Gemm (A, and B when it is
/// not a constant), Conv and ConvTranspose (the input), each value once,
/// in op order. octet-compile measures their ranges on calibration data in
/// this order and passes them to octet-convert-precision.
llvm::SmallVector<mlir::Value>
getActivationsToQuantize(mlir::func::FuncOp func);

#define GEN_PASS_DECL
#include "compiler/Quantization/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Quantization/Passes.h.inc"

} // namespace octet

#endif // OCTET_COMPILER_QUANTIZATION_PASSES_H
