//===- MarkInputsReadOnly.cpp - Model inputs are never written ------------===//
//
// Marks tensor arguments `bufferization.writable = false` so that One-Shot
// Bufferize allocates results instead of writing into an input's buffer.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/IR/BuiltinTypes.h"

namespace octet {
#define GEN_PASS_DEF_MARKINPUTSREADONLY
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

struct MarkInputsReadOnlyPass
    : public octet::impl::MarkInputsReadOnlyBase<MarkInputsReadOnlyPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    auto readOnly = BoolAttr::get(&getContext(), false);
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      if (isa<TensorType>(func.getArgument(i).getType()))
        func.setArgAttr(i,
                        bufferization::BufferizationDialect::kWritableAttrName,
                        readOnly);
  }
};

} // namespace
