//===- Pipelines.h - Octet's named pass pipelines ---------------*- C++ -*-===//
//
// The stages of compilation, each runnable alone in octet-opt:
//   octet-graph-to-linalg   graph dialect -> linalg on tensors
//   octet-linalg-to-loops   elementwise fusion, bufferization, parallel loops
//   octet-loops-to-gpu      1-D grid mapping, gpu.launch, kernel outlining
// octet-compile runs them in order, the last once per target (the work-group
// size is the target's).
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_PIPELINES_PIPELINES_H
#define OCTET_COMPILER_PIPELINES_PIPELINES_H

#include "compiler/Codegen/LoweringConfig.h"

#include "mlir/Pass/PassManager.h"

#include <cstdint>

namespace octet {

/// graph dialect -> linalg on tensors, canonicalized.
void buildGraphToLinalgPipeline(mlir::OpPassManager &pm);

/// linalg on tensors -> fused, bufferized (identity-layout memrefs at
/// function boundaries) -> scf.parallel loops.
void buildLinalgToLoopsPipeline(mlir::OpPassManager &pm);

/// scf.parallel loops -> gpu.launch_func of kernels outlined into one
/// gpu.module, shaped for the target by `info` (lowering configs, thread
/// tiles, threads per block).
void buildLoopsToGPUPipeline(mlir::OpPassManager &pm,
                             const CodegenTargetInfo &info);

/// Registers the three pipelines above for octet-opt.
void registerPipelines();

} // namespace octet

#endif // OCTET_COMPILER_PIPELINES_PIPELINES_H
