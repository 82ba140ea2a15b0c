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

#define GEN_PASS_DECL
#include "compiler/Quantization/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Quantization/Passes.h.inc"

} // namespace octet

#endif // OCTET_COMPILER_QUANTIZATION_PASSES_H
