//===- GraphDialect.td - The Octet graph dialect -----------*- tablegen -*-===//
//
// Declares the `graph` dialect: the ONNX-level entry point of Octet. Its ops
// carry the semantics of the ONNX operators they are imported from, on
// statically shaped tensors.
//
//===----------------------------------------------------------------------===//

#ifndef OCTET_DIALECTS_GRAPH_IR_GRAPHDIALECT_TD
#define OCTET_DIALECTS_GRAPH_IR_GRAPHDIALECT_TD

include "mlir/IR/OpBase.td"

def Graph_Dialect : Dialect {
  let name = "graph";
  let cppNamespace = "::octet::graph";
  let summary = "ONNX-level tensor operations with static shapes";
  let description = [{
    The `graph` dialect holds the operators that Octet imports from ONNX
    models, one op per ONNX operator, with the ONNX semantics (including NumPy
    style broadcasting) spelled out in each op's description. All operands and
    results are statically shaped, ranked tensors; every op checks that its
    result type is the one its operands and attributes imply. Constants are
    `arith.constant` dense tensors. Data-movement ops, casts and integer
    arithmetic fold when their operands are small constants (up to 65536
    elements), so that shape computations become constants.

    The dialect is lowered to `linalg` on tensors by the
    `convert-graph-to-linalg` pass.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let hasConstantMaterializer = 1;
}

#endif // OCTET_DIALECTS_GRAPH_IR_GRAPHDIALECT_TD
