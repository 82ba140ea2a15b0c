//===- Passes.td - Octet conversion passes -----------------*- tablegen -*-===//
//
// Declares Octet's conversion passes (registered by registerConversionPasses
// in compiler/Conversion/Passes.h).
//
//===----------------------------------------------------------------------===//

#ifndef OCTET_COMPILER_CONVERSION_PASSES_TD
#define OCTET_COMPILER_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertGraphToLinalg
    : Pass<"convert-graph-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "Convert graph dialect ops to linalg on tensors";
  let description = [{
    Rewrites every `graph` op in a function into `linalg` (and `tensor`,
    `arith`, `math`) ops on tensors:

    * `graph.add/sub/mul/div` and `graph.relu` become `linalg.generic` ops
      with parallel iterators. Broadcast operands are first stripped of their
      broadcast (size-1) dimensions with `tensor.collapse_shape`, so every
      indexing map is a projected permutation and no broadcast copy is made.
    * `graph.matmul` becomes `linalg.fill` + `linalg.matmul` (2-D x 2-D),
      `linalg.batch_matmul` (3-D x 3-D with equal batch sizes) or a
      contraction `linalg.generic` (vectors, N-D and broadcast batches; a
      broadcast batch operand is read through a map that omits the batch
      dimension).
    * `graph.gemm` becomes `linalg.matmul`, or a contraction
      `linalg.generic` whose maps encode `transA`/`transB`, followed when
      needed by an elementwise `alpha * AB + beta * C` generic.
    * `graph.softmax` becomes four generics: max-reduction along the axis,
      `exp(x - max)`, sum-reduction and division (numerically stable).
    * `graph.transpose` becomes `linalg.transpose`; `graph.reshape` becomes
      `tensor.collapse_shape` and/or `tensor.expand_shape` (through a 1-D
      tensor when the reshape is neither a pure collapse nor expansion).

    The output is accepted by `linalg-fuse-elementwise-ops`,
    `one-shot-bufferize` and `convert-linalg-to-parallel-loops`. An op that
    cannot be converted is reported at its location and fails the pass.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // OCTET_COMPILER_CONVERSION_PASSES_TD
