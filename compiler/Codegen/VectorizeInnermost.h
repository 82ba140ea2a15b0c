//===- VectorizeInnermost.h - Vectors along a kernel's last dim -*- C++ -*-===//
//
// The legality check shared by octet-select-lowering-configs (which records
// a vector_width only where it holds) and octet-vectorize-innermost (which
// rewrites the loop): can one thread compute W consecutive outputs of the
// innermost dimension of an scf.parallel with vector loads, stores and
// arithmetic?
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_CODEGEN_VECTORIZEINNERMOST_H
#define OCTET_COMPILER_CODEGEN_VECTORIZEINNERMOST_H

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/DenseSet.h"

#include <string>

namespace octet {

/// What of a loop body varies along the innermost induction variable.
struct InnermostVaryingValues {
  /// Values computed from the induction variable that become vectors.
  llvm::DenseSet<mlir::Value> data;
  /// Index values equal to the induction variable plus a loop-invariant
  /// offset: they stay scalars and address the first lane of an access.
  llvm::DenseSet<mlir::Value> indices;
};

/// Decides whether the innermost dimension of `loop` can be vectorized:
/// every value that depends on its induction variable must be either an
/// index of unit stride used only as the last index of a memref access
/// (contiguous in memory) and in further unit-stride index arithmetic, or
/// data computed by elementwise f32 or bf16 arithmetic (f32, bf16 or i1
/// results), by f32 and bf16 loads and stores, by 8-bit float loads widened
/// to f32, or carried through scf.for / scf.if. Fills `varying` and returns an
/// empty string when it can, else the reason it cannot (for diagnostics and
/// tests).
std::string analyzeInnermostVectorization(mlir::scf::ParallelOp loop,
                                          InnermostVaryingValues &varying);

} // namespace octet

#endif // OCTET_COMPILER_CODEGEN_VECTORIZEINNERMOST_H
