//===- DuplicateSharedFills.cpp - One fill per accumulator ----------------===//
//
// Gives every destination operand that a linalg.fill feeds its own copy of
// the fill, so that bufferization writes each in place instead of copying a
// shared filled buffer. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

namespace octet {
#define GEN_PASS_DEF_DUPLICATESHAREDFILLS
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

struct DuplicateSharedFillsPass final
    : octet::impl::DuplicateSharedFillsBase<DuplicateSharedFillsPass> {
  void runOnOperation() override {
    SmallVector<linalg::FillOp> fills;
    getOperation().walk([&](linalg::FillOp fill) {
      if (fill.hasPureTensorSemantics())
        fills.push_back(fill);
    });
    for (linalg::FillOp fill : fills) {
      SmallVector<OpOperand *> inits;
      for (OpOperand &use : fill.getResult(0).getUses()) {
        auto user = dyn_cast<DestinationStyleOpInterface>(use.getOwner());
        if (user && user.isDpsInit(&use))
          inits.push_back(&use);
      }
      if (inits.size() < 2)
        continue;
      // Every destination gets its own copy just before its user, where
      // octet-fold-accumulator-fills can fold it (the original may be far
      // away: CSE keeps the first of identical fills, e.g. a later layer's
      // Softmax would start from an earlier layer's fill).
      for (OpOperand *init : inits) {
        OpBuilder b(init->getOwner());
        IRMapping mapping;
        Value dest = fill.getDpsInits()[0];
        if (auto empty = dest.getDefiningOp<tensor::EmptyOp>())
          mapping.map(dest, b.clone(*empty)->getResult(0));
        init->set(b.clone(*fill, mapping)->getResult(0));
      }
      if (fill->use_empty()) {
        Value dest = fill.getDpsInits()[0];
        fill->erase();
        if (auto empty = dest.getDefiningOp<tensor::EmptyOp>();
            empty && empty->use_empty())
          empty->erase();
      }
    }
    // Every epilogue (an elementwise generic reading a reduction's result)
    // whose destination is a shared tensor.empty gets a tensor.empty of its
    // own; other users keep the shared one (see Passes.td).
    SmallVector<tensor::EmptyOp> empties;
    getOperation().walk([&](tensor::EmptyOp empty) {
      if (empty.getDynamicSizes().empty())
        empties.push_back(empty);
    });
    for (tensor::EmptyOp empty : empties) {
      SmallVector<OpOperand *> inits;
      for (OpOperand &use : empty.getResult().getUses()) {
        auto user = dyn_cast<linalg::GenericOp>(use.getOwner());
        if (!user || !user.isDpsInit(&use) || user.getNumReductionLoops() != 0)
          continue;
        bool epilogue = llvm::any_of(user.getDpsInputs(), [](Value input) {
          auto producer = input.getDefiningOp<linalg::LinalgOp>();
          return producer && producer.getNumReductionLoops() != 0;
        });
        if (epilogue)
          inits.push_back(&use);
      }
      if (inits.empty() || empty->hasOneUse())
        continue;
      for (OpOperand *init : inits) {
        OpBuilder b(init->getOwner());
        init->set(b.clone(*empty)->getResult(0));
      }
    }
  }
};

} // namespace
