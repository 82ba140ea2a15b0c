//===- SimplifyMath.cpp - Powers with constant exponents as products ------===//
//
// Applies upstream MLIR's algebraic simplification of math ops (x^2 and x^3
// as products, x^-1 as a division, x^0.5 as a square root, integer powers up
// to 8 as products) to every kernel. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace octet {
#define GEN_PASS_DEF_SIMPLIFYMATH
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

struct SimplifyMathPass final
    : octet::impl::SimplifyMathBase<SimplifyMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathAlgebraicSimplificationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
