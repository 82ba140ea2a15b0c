//===- VectorizeInnermost.h - Vectors along a kernel's last dim -*- C++ -*-===//
//
// The legality check shared by octet-select-lowering-configs (which records
// a vector_width only where it holds) and octet-vectorize-innermost (which
// rewrites the loop): can one thread compute W consecutive outputs of one
// dimension of an scf.parallel (the innermost, or the one a lowering
// config's vector_dim names) with vector loads, stores and arithmetic?
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_CODEGEN_VECTORIZEINNERMOST_H
#define OCTET_COMPILER_CODEGEN_VECTORIZEINNERMOST_H

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <string>

namespace octet {

/// What of a loop body varies along the vectorized induction variable.
struct VaryingValues {
  /// Values computed from the induction variable that become vectors.
  llvm::DenseSet<mlir::Value> data;
  /// Index values equal to the induction variable times a constant stride
  /// plus a loop-invariant offset, with their stride: they stay scalars and
  /// address the first lane of an access.
  llvm::DenseMap<mlir::Value, int64_t> indices;
  /// Loads whose lanes are not contiguous in memory, read one element each
  /// (vectorizing a dimension other than the innermost, outside the
  /// reduction loops only).
  llvm::DenseSet<mlir::Operation *> gathers;
};

/// The largest stride along the innermost dimension at which a vectorized
/// kernel reads (a convolution or pooling with stride 2): the W lanes are
/// gathered from two contiguous vectors of W elements, with no read beyond
/// the last element a lane needs. Writes are contiguous (stride 1).
constexpr int64_t kMaxVectorReadStride = 2;

/// Whether every use of `value` (a narrow float: FP8, bf16) widens it to f32.
bool isOnlyWidened(mlir::Value value);

/// Decides whether dimension `dim` of `loop` can be vectorized: every value
/// that depends on its induction variable must be either an index used in
/// further index arithmetic (the induction variable times a constant plus an
/// invariant) and as one index of a memref access: the last, with unit
/// stride for a write (contiguous in memory) and a stride up to
/// kMaxVectorReadStride for a read; or, when `dim` is not the innermost,
/// another index, for a write with any positive stride (one scalar store
/// per lane) and for a read outside the loop's scf.for loops (one scalar
/// load per lane); or
/// data computed by elementwise f32 or bf16 arithmetic (f32, bf16 or i1
/// results), by f32 and bf16 loads and stores, by 8-bit float loads widened
/// to f32, or carried through scf.for / scf.if. Fills `varying` and returns an
/// empty string when it can, else the reason it cannot (for diagnostics and
/// tests).
std::string analyzeVectorization(mlir::scf::ParallelOp loop, unsigned dim,
                                 VaryingValues &varying);

} // namespace octet

#endif // OCTET_COMPILER_CODEGEN_VECTORIZEINNERMOST_H
