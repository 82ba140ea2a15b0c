//===- BufferRoots.h - Which device buffer a memref belongs to --*- C++ -*-===//
//
// In Octet's execution plan every allocation, function argument and global
// is a buffer of its own, so two memrefs can share memory only when they are
// views of the same one of those. Passes that reason about memory use this
// instead of a general alias analysis.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_CODEGEN_BUFFERROOTS_H
#define OCTET_COMPILER_CODEGEN_BUFFERROOTS_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace octet {

/// The buffer a memref value is a view of.
inline mlir::Value getRootBuffer(mlir::Value memref) {
  while (auto view = memref.getDefiningOp<mlir::ViewLikeOpInterface>())
    memref = view.getViewSource();
  return memref;
}

/// Whether two memrefs may share memory: views of the same root, or of the
/// same global (which memref.get_global may name more than once).
inline bool mayShareBuffer(mlir::Value a, mlir::Value b) {
  mlir::Value rootA = getRootBuffer(a), rootB = getRootBuffer(b);
  if (rootA == rootB)
    return true;
  auto globalA = rootA.getDefiningOp<mlir::memref::GetGlobalOp>();
  auto globalB = rootB.getDefiningOp<mlir::memref::GetGlobalOp>();
  return globalA && globalB && globalA.getName() == globalB.getName();
}

} // namespace octet

#endif // OCTET_COMPILER_CODEGEN_BUFFERROOTS_H
