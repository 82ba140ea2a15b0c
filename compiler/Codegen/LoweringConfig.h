//===- LoweringConfig.h - How one kernel is split over threads --*- C++ -*-===//
//
// The `octet.lowering_config` attribute: a dictionary that
// octet-select-lowering-configs records on each outermost scf.parallel (one
// future kernel) and that the codegen passes after it read. Being an
// attribute, it shows in octet-opt output and a lit test can set it by hand.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_CODEGEN_LOWERINGCONFIG_H
#define OCTET_COMPILER_CODEGEN_LOWERINGCONFIG_H

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace octet {

/// What a target tells the shared kernel codegen about the devices it
/// compiles for (TargetBackend::codegenInfo): the knobs from which
/// octet-select-lowering-configs and the GPU mapping shape each kernel.
struct CodegenTargetInfo {
  /// Threads per block (work-items per work-group) of the 1-D mapping.
  int64_t workgroupSize = 64;
  /// The most outputs one thread computes along a dimension that an operand
  /// is reused across (accumulators held in registers); 1 turns thread
  /// tiles off.
  int64_t maxThreadTile = 1;
  /// Lanes of the vectors in which one thread computes consecutive outputs
  /// of a kernel's innermost dimension (OpenCL C `floatN`); 1 turns
  /// vectorization off.
  int64_t vectorWidth = 1;
  /// The most vectors one thread computes along its vector dimension where
  /// an operand broadcast across them needs widening per element (bf16):
  /// each widened element then feeds that many multiply-adds, and the row
  /// tile shrinks so that rows x vectors stays within maxThreadTile
  /// accumulators. 1 keeps one vector per thread.
  int64_t maxVectorTile = 1;
  /// The fewest work-groups a kernel with a static trip count is split
  /// into: a loop with fewer than workgroupSize * minWorkgroups threads gets
  /// smaller work-groups, so that every compute unit gets one. 1 keeps
  /// workgroupSize for every kernel.
  int64_t minWorkgroups = 1;
  /// Whether a contraction's work-group covers a square block of threads,
  /// along the dimension of its thread tile's rows and that of its vectors,
  /// rather than a run along the innermost dimension: a work-group's threads
  /// then read fewer distinct rows and columns of the operands, which stay
  /// in cache while it runs.
  bool squareWorkgroups = false;
};

/// The decoded `octet.lowering_config` of one loop.
struct LoweringConfig {
  /// "contraction" or "elementwise".
  std::string kind;
  /// Outputs per thread along each parallel dimension (1: no tiling); along
  /// the dimension of the vectors, vectors per thread.
  llvm::SmallVector<int64_t> threadTile;
  /// Consecutive outputs of the innermost dimension (or of vectorDim) one
  /// thread computes as one vector (1: scalar code).
  int64_t vectorWidth = 1;
  /// The dimension of the vectors when it is not the innermost.
  std::optional<unsigned> vectorDim;
  /// Threads of one work-group along each parallel dimension, counted after
  /// thread tiling (a block of the grid of threads); empty: a work-group is
  /// a run of consecutive threads of the loop collapsed into one dimension.
  llvm::SmallVector<int64_t> workgroupTile;

  /// The attribute's name.
  static constexpr llvm::StringLiteral kAttrName = "octet.lowering_config";

  /// Reads the configuration of `op`; nothing when it has none or it is
  /// malformed.
  static std::optional<LoweringConfig> get(mlir::Operation *op);
  /// Records this configuration on `op`.
  void set(mlir::Operation *op) const;
};

/// The outermost scf.parallel loops nested in `root`, in program order: one
/// future kernel each, and what carries its lowering config.
llvm::SmallVector<mlir::scf::ParallelOp> getKernelLoops(mlir::Operation *root);

/// Whether no buffer that `loop` stores to is also loaded in it. A thread
/// tile that does not divide its dimension's trip count then works: the
/// threads of the last tile compute the last element again (their index
/// clamped) and store the same value to it, which nothing in the loop reads
/// back.
bool storesOnlyUnreadBuffers(mlir::scf::ParallelOp loop);

/// Whether `value` is `iv` or computed from it (through operands, not
/// through block arguments).
bool dependsOn(mlir::Value value, mlir::Value iv);

} // namespace octet

#endif // OCTET_COMPILER_CODEGEN_LOWERINGCONFIG_H
