//===- GraphOps.h - Operations of the graph dialect -------------*- C++ -*-===//
//
// Declares the ops of the `graph` dialect and the shape rules they share with
// the ONNX importer (NumPy broadcasting, MatMul, Gemm, Transpose), plus the
// shape helpers both use (overflow-checked element counts, shape printing).
//
//===----------------------------------------------------------------------===//

#ifndef OCTET_DIALECTS_GRAPH_IR_GRAPHOPS_H
#define OCTET_DIALECTS_GRAPH_IR_GRAPHOPS_H

#include "dialects/Graph/IR/GraphDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/SmallVector.h"

#include <string>

namespace octet::graph {

/// The ONNX node an op was imported from, read from the location the
/// importer gives it (NameLoc(node name, FusedLoc<op type>[file:line:col])).
struct SourceNode {
  /// The node's name (its first output's when it has none); empty if
  /// unknown.
  llvm::StringRef name;
  /// Its operator type ("Conv", "LayerNormalization"); empty if unknown.
  llvm::StringRef opType;
};
SourceNode getSourceNode(mlir::Location loc);

/// Formats `shape` as `[d0, d1, ...]` (`[]` for a scalar), the form every
/// shape takes in graph-dialect and ONNX-importer diagnostics.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// Number of elements of a tensor of shape `shape` (1 for a scalar), or
/// std::nullopt if a dimension is negative (dynamic) or the product does not
/// fit in int64_t. Never overflows.
std::optional<int64_t> checkedNumElements(llvm::ArrayRef<int64_t> shape);

/// Size in bytes of a tensor of shape `shape` with `elementBytes`-byte
/// elements, or std::nullopt where checkedNumElements fails or the size does
/// not fit in int64_t.
std::optional<int64_t> checkedByteSize(llvm::ArrayRef<int64_t> shape,
                                       int64_t elementBytes);

/// Broadcasts two shapes with NumPy's multidirectional rules (ONNX Add, Sub,
/// Mul, Div, MatMul batch dimensions). On failure returns std::nullopt and,
/// if `why` is non-null, stores a message saying which dimensions clash.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs,
                std::string *why = nullptr);

/// Result shape of ONNX MatMul (numpy.matmul) for operand shapes `lhs` and
/// `rhs`, or std::nullopt with a message in `why`.
std::optional<llvm::SmallVector<int64_t>>
inferMatMulShape(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs,
                 std::string *why = nullptr);

/// Result shape `[M, N]` of ONNX Gemm for 2-D `a` and `b` with the given
/// transposition flags and optional `c` shape (which must be unidirectionally
/// broadcastable to `[M, N]`), or std::nullopt with a message in `why`.
std::optional<llvm::SmallVector<int64_t>>
inferGemmShape(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b,
               std::optional<llvm::ArrayRef<int64_t>> c, bool transA,
               bool transB, std::string *why = nullptr);

/// Result shape of permuting `shape` by `perm` (result dim i = shape[perm[i]]),
/// or std::nullopt with a message in `why` if `perm` is not a permutation of
/// [0, rank).
std::optional<llvm::SmallVector<int64_t>>
inferTransposeShape(llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<int64_t> perm,
                    std::string *why = nullptr);

} // namespace octet::graph

#define GET_OP_CLASSES
#include "dialects/Graph/IR/GraphOps.h.inc"

#endif // OCTET_DIALECTS_GRAPH_IR_GRAPHOPS_H
