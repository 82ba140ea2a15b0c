//===- Passes.h - Octet conversion passes -----------------------*- C++ -*-===//
//
// Declares Octet's conversion passes (see Passes.td) and their registration.
//
//===----------------------------------------------------------------------===//

#ifndef OCTET_COMPILER_CONVERSION_PASSES_H
#define OCTET_COMPILER_CONVERSION_PASSES_H

#include "compiler/Conversion/GraphToLinalg/GraphToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace octet {

/// Declares createConvertGraphToLinalg() (a pass on func.func) and the
/// ConvertGraphToLinalgBase class.
#define GEN_PASS_DECL
#include "compiler/Conversion/Passes.h.inc"

/// Defines registerConversionPasses(), which registers every pass above with
/// the global pass registry (for octet-opt and pipeline parsing), and one
/// register<PassName>() per pass.
#define GEN_PASS_REGISTRATION
#include "compiler/Conversion/Passes.h.inc"

} // namespace octet

#endif // OCTET_COMPILER_CONVERSION_PASSES_H
