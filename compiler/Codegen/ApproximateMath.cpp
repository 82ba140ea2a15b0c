//===- ApproximateMath.cpp - Transcendental math as arithmetic ------------===//
//
// Rewrites exp, log, tanh, erf, sin, ... into polynomial approximations and
// expansions from upstream MLIR, so that a target needs no vendor math
// library (CUDA's libdevice) to compile them. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace octet {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// Functions rewritten by upstream's polynomial approximations. (rsqrt is
/// left out: its approximation needs AVX2, and GPUs have an instruction.)
constexpr llvm::StringLiteral kApproximated[] = {
    "exp", "expm1", "log",  "log2", "log1p", "tanh",  "erf", "erfc",
    "sin", "cos",   "asin", "acos", "atan",  "atan2", "cbrt"};

/// Functions rewritten in terms of the approximated ones.
constexpr llvm::StringLiteral kExpanded[] = {
    "sinh", "cosh", "tan", "asinh", "acosh", "atanh", "exp2", "powf", "fpowi"};

bool isApproximated(StringRef name) {
  name.consume_front("math.");
  return llvm::is_contained(kApproximated, name);
}

bool isRewritten(StringRef name) {
  name.consume_front("math.");
  return llvm::is_contained(kApproximated, name) ||
         llvm::is_contained(kExpanded, name);
}

struct ApproximateMathPass
    : public octet::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    SmallVector<StringRef> expanded(std::begin(kExpanded), std::end(kExpanded));
    math::populateExpansionPatterns(patterns, expanded);
    populateMathF32ExpansionPatterns(patterns, isRewritten);
    populateMathPolynomialApproximationPatterns(patterns, isApproximated);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) {
      getOperation()->emitError("math approximation did not converge");
      return signalPassFailure();
    }
  }
};

} // namespace
