//===- PermuteConstants.cpp - Weights laid out with outputs last ----------===//
//
// Moves last the dimension of a constant that a kernel's output dimension
// indexes, where every read of it is indexed by one output: a convolution's
// filter [M, C, kH, kW] becomes [C, kH, kW, M], a Gemm's transposed B [N, K]
// becomes [K, N], a per-channel scale [C, 1, 1] becomes [1, 1, C]. See
// Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/LoweringConfig.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"

#include <cstring>

namespace octet {
#define GEN_PASS_DEF_PERMUTECONSTANTS
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// The position of the index of `load` that is an induction variable of its
/// kernel loop (the outermost scf.parallel around it), where that index is
/// the only one that depends on the loop's induction variables: a read of a
/// weight or of a per-channel parameter.
std::optional<unsigned> outputPosition(memref::LoadOp load) {
  auto kernel = load->getParentOfType<scf::ParallelOp>();
  while (kernel && kernel->getParentOfType<scf::ParallelOp>())
    kernel = kernel->getParentOfType<scf::ParallelOp>();
  if (!kernel)
    return std::nullopt;
  std::optional<unsigned> position;
  for (auto [i, index] : llvm::enumerate(load.getIndices())) {
    if (llvm::none_of(kernel.getInductionVars(),
                      [&](Value iv) { return octet::dependsOn(index, iv); }))
      continue;
    if (!llvm::is_contained(kernel.getInductionVars(), index) || position)
      return std::nullopt;
    position = i;
  }
  return position;
}

/// `data` of shape `shape` with dimension `dim` moved last.
DenseElementsAttr moveLast(DenseElementsAttr data, ArrayRef<int64_t> shape,
                           unsigned dim, RankedTensorType newType) {
  if (data.isSplat())
    return data.reshape(newType);
  // [outer, shape[dim], inner] -> [outer, inner, shape[dim]].
  int64_t outer = 1, inner = 1;
  for (unsigned i = 0; i < dim; ++i)
    outer *= shape[i];
  for (unsigned i = dim + 1; i < shape.size(); ++i)
    inner *= shape[i];
  int64_t middle = shape[dim];
  size_t bytes = newType.getElementTypeBitWidth() / 8;
  ArrayRef<char> from = data.getRawData();
  std::vector<char> to(from.size());
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t m = 0; m < middle; ++m)
      for (int64_t i = 0; i < inner; ++i)
        std::memcpy(&to[((o * inner + i) * middle + m) * bytes],
                    &from[((o * middle + m) * inner + i) * bytes], bytes);
  return DenseElementsAttr::getFromRawBuffer(newType, to);
}

struct PermuteConstantsPass final
    : octet::impl::PermuteConstantsBase<PermuteConstantsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::DenseMap<StringAttr, SmallVector<memref::GetGlobalOp>> reads;
    module.walk([&](memref::GetGlobalOp getGlobal) {
      reads[getGlobal.getNameAttr().getAttr()].push_back(getGlobal);
    });
    for (auto global : module.getOps<memref::GlobalOp>()) {
      MemRefType type = global.getType();
      auto data = dyn_cast_if_present<DenseElementsAttr>(
          global.getInitialValue().value_or(Attribute()));
      if (!global.getConstant() || !data || type.getRank() < 2 ||
          !type.hasStaticShape() || !type.getLayout().isIdentity() ||
          !type.getElementType().isIntOrFloat() ||
          type.getElementTypeBitWidth() % 8 != 0)
        continue;
      // Every read must be a weight read indexed by an output at the same
      // position.
      std::optional<unsigned> position;
      bool weights = true;
      for (memref::GetGlobalOp getGlobal :
           reads.lookup(global.getSymNameAttr()))
        for (Operation *user : getGlobal->getUsers()) {
          auto load = dyn_cast<memref::LoadOp>(user);
          std::optional<unsigned> at =
              load ? outputPosition(load) : std::nullopt;
          weights &= at && (!position || at == position);
          position = at;
        }
      if (!weights || !position || *position + 1 == type.getRank())
        continue;

      SmallVector<int64_t> shape;
      for (auto [i, size] : llvm::enumerate(type.getShape()))
        if (i != *position)
          shape.push_back(size);
      shape.push_back(type.getDimSize(*position));
      auto newType = MemRefType::get(shape, type.getElementType());
      global.setInitialValueAttr(
          moveLast(data, type.getShape(), *position,
                   RankedTensorType::get(shape, type.getElementType())));
      global.setType(newType);
      for (memref::GetGlobalOp getGlobal :
           reads.lookup(global.getSymNameAttr())) {
        getGlobal.getResult().setType(newType);
        for (Operation *user : getGlobal->getUsers()) {
          auto load = cast<memref::LoadOp>(user);
          SmallVector<Value> indices(load.getIndices());
          Value output = indices[*position];
          indices.erase(indices.begin() + *position);
          indices.push_back(output);
          load.getIndicesMutable().assign(indices);
        }
      }
    }
  }
};

} // namespace
