//===- InterchangeReductionsInnermost.cpp - Parallel loops first ----------===//
//
// Puts the reduction dimensions of every linalg.generic last with upstream's
// interchangeGenericOp, so that loop lowering nests reductions inside the
// parallel loop that becomes the GPU grid.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace octet {
#define GEN_PASS_DEF_INTERCHANGEREDUCTIONSINNERMOST
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

struct InterchangeReductionsInnermostPass
    : public octet::impl::InterchangeReductionsInnermostBase<
          InterchangeReductionsInnermostPass> {
  void runOnOperation() override {
    SmallVector<linalg::GenericOp> generics;
    getOperation().walk(
        [&](linalg::GenericOp generic) { generics.push_back(generic); });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp generic : generics) {
      SmallVector<unsigned> parallelFirst, reductions;
      for (auto [index, type] :
           llvm::enumerate(generic.getIteratorTypesArray()))
        (type == utils::IteratorType::parallel ? parallelFirst : reductions)
            .push_back(index);
      llvm::append_range(parallelFirst, reductions);
      bool identity = llvm::all_of(llvm::enumerate(parallelFirst), [](auto it) {
        return it.index() == it.value();
      });
      if (identity)
        continue;
      rewriter.setInsertionPoint(generic);
      if (failed(
              linalg::interchangeGenericOp(rewriter, generic, parallelFirst))) {
        generic.emitError("could not move reduction loops innermost");
        return signalPassFailure();
      }
    }
  }
};

} // namespace
