//===- LoweringConfig.cpp - How one kernel is split over threads ----------===//
//
// See LoweringConfig.h.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/LoweringConfig.h"

#include "compiler/Codegen/BufferRoots.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;

namespace octet {

std::optional<LoweringConfig> LoweringConfig::get(Operation *op) {
  auto dict = op->getAttrOfType<DictionaryAttr>(kAttrName);
  if (!dict)
    return std::nullopt;
  LoweringConfig config;
  if (auto kind = dict.getAs<StringAttr>("kind"))
    config.kind = kind.str();
  if (auto tile = dict.getAs<DenseI64ArrayAttr>("thread_tile"))
    config.threadTile.assign(tile.asArrayRef().begin(),
                             tile.asArrayRef().end());
  if (auto width = dict.getAs<IntegerAttr>("vector_width"))
    config.vectorWidth = width.getInt();
  if (auto dim = dict.getAs<IntegerAttr>("vector_dim"))
    config.vectorDim = dim.getInt();
  if (auto tile = dict.getAs<DenseI64ArrayAttr>("workgroup_tile"))
    config.workgroupTile.assign(tile.asArrayRef().begin(),
                                tile.asArrayRef().end());
  return config;
}

void LoweringConfig::set(Operation *op) const {
  Builder b(op->getContext());
  SmallVector<NamedAttribute> entries = {
      b.getNamedAttr("kind", b.getStringAttr(kind)),
      b.getNamedAttr("thread_tile", b.getDenseI64ArrayAttr(threadTile)),
      b.getNamedAttr("vector_width", b.getI64IntegerAttr(vectorWidth))};
  if (vectorDim)
    entries.push_back(
        b.getNamedAttr("vector_dim", b.getI64IntegerAttr(*vectorDim)));
  if (!workgroupTile.empty())
    entries.push_back(b.getNamedAttr("workgroup_tile",
                                     b.getDenseI64ArrayAttr(workgroupTile)));
  op->setAttr(kAttrName, b.getDictionaryAttr(entries));
}

SmallVector<scf::ParallelOp> getKernelLoops(Operation *root) {
  SmallVector<scf::ParallelOp> loops;
  root->walk([&](scf::ParallelOp loop) {
    if (!loop->getParentOfType<scf::ParallelOp>())
      loops.push_back(loop);
  });
  return loops;
}

bool storesOnlyUnreadBuffers(scf::ParallelOp loop) {
  // The buffers read and written, from the ops' declared effects (scalar and
  // vector loads and stores alike); an effect on no particular buffer, or an
  // op that declares none, may touch anything.
  SmallVector<Value> loaded, stored;
  bool other = false;
  loop.getBody()->walk([&](Operation *op) {
    if (op->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
      return;
    auto effecting = dyn_cast<MemoryEffectOpInterface>(op);
    if (!effecting) {
      other = true;
      return;
    }
    SmallVector<MemoryEffects::EffectInstance> effects;
    effecting.getEffects(effects);
    for (const MemoryEffects::EffectInstance &effect : effects) {
      Value buffer = effect.getValue();
      if (buffer && isa<MemoryEffects::Read>(effect.getEffect()))
        loaded.push_back(buffer);
      else if (buffer && isa<MemoryEffects::Write>(effect.getEffect()))
        stored.push_back(buffer);
      else
        other = true;
    }
  });
  return !other && llvm::none_of(stored, [&](Value s) {
    return llvm::any_of(loaded, [&](Value l) { return mayShareBuffer(s, l); });
  });
}

bool dependsOn(Value value, Value iv) {
  if (value == iv)
    return true;
  Operation *def = value.getDefiningOp();
  if (!def)
    return false;
  SetVector<Operation *> slice;
  BackwardSliceOptions options;
  options.inclusive = true;
  options.omitBlockArguments = true;
  (void)getBackwardSlice(def, &slice, options);
  return llvm::any_of(slice, [&](Operation *op) {
    return llvm::is_contained(op->getOperands(), iv);
  });
}

} // namespace octet
