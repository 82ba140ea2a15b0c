//===- GraphDialect.cpp - The Octet graph dialect -------------------------===//
//
// Implements the registration of octet::graph::GraphDialect and its ops.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphDialect.h"
#include "dialects/Graph/IR/GraphOps.h"

using namespace mlir;
using namespace octet::graph;

#include "dialects/Graph/IR/GraphDialect.cpp.inc"

void GraphDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/Graph/IR/GraphOps.cpp.inc"
      >();
}
