//===- GraphDialect.h - The Octet graph dialect -----------------*- C++ -*-===//
//
// Declares octet::graph::GraphDialect, the ONNX-level dialect that the ONNX
// importer produces and convert-graph-to-linalg consumes.
//
//===----------------------------------------------------------------------===//

#ifndef OCTET_DIALECTS_GRAPH_IR_GRAPHDIALECT_H
#define OCTET_DIALECTS_GRAPH_IR_GRAPHDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Dialect.h"

#include "dialects/Graph/IR/GraphDialect.h.inc"

#endif // OCTET_DIALECTS_GRAPH_IR_GRAPHDIALECT_H
