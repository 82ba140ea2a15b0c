//===- GraphToLinalg.h - graph dialect to linalg ----------------*- C++ -*-===//
//
// Declares the patterns that lower `graph` ops to linalg on tensors; the
// convert-graph-to-linalg pass (compiler/Conversion/Passes.h) applies them.
//
//===----------------------------------------------------------------------===//

#ifndef OCTET_COMPILER_CONVERSION_GRAPHTOLINALG_GRAPHTOLINALG_H
#define OCTET_COMPILER_CONVERSION_GRAPHTOLINALG_GRAPHTOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace octet {

/// Adds one rewrite pattern per `graph` op that replaces it with linalg,
/// tensor, arith and math ops on tensors. A pattern that cannot lower its op
/// emits an error at the op's location and fails to match.
void populateGraphToLinalgPatterns(mlir::RewritePatternSet &patterns);

} // namespace octet

#endif // OCTET_COMPILER_CONVERSION_GRAPHTOLINALG_GRAPHTOLINALG_H
