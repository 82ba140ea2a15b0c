//===- PadInProducers.cpp - Producers write into padded buffers -----------===//
//
// Replaces every tensor.pad by a fill of the padded tensor whose interior the
// padded value's producer writes in place, or, where no producer can, by one
// gather kernel. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

namespace octet {
#define GEN_PASS_DEF_PADINPRODUCERS
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// The padding value of `pad` as an attribute, or null if it is not a
/// constant.
TypedAttr constantPaddingValue(tensor::PadOp pad) {
  Value value = pad.getConstantPaddingValue();
  TypedAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return {};
  return attr;
}

/// Whether every use of `value` but `pad` only reads elements of it, in a
/// way that still reads them where they are after bufferization (a linalg
/// op's input, a tensor.extract): then those users can read the padded
/// buffer's interior. A residual connection's Add is such a user.
bool othersOnlyReadElements(Value value, tensor::PadOp pad) {
  return llvm::all_of(value.getUses(), [&](OpOperand &use) {
    Operation *user = use.getOwner();
    if (user == pad || isa<tensor::ExtractOp>(user))
      return true;
    auto linalgOp = dyn_cast<linalg::LinalgOp>(user);
    return linalgOp && linalgOp.isDpsInput(&use);
  });
}

/// The destination operand, a tensor.empty, at the start of the chain of
/// linalg ops that computes `pad`'s source: each op of the chain writes the
/// result the next one takes as its destination, and nothing else reads
/// those results (the source itself may be read elsewhere, see
/// othersOnlyReadElements). Null where the chain starts elsewhere (a block
/// argument, a constant, an op that is not a linalg op).
OpOperand *emptyDestinationOfChain(tensor::PadOp pad) {
  Value value = pad.getSource();
  if (!othersOnlyReadElements(value, pad))
    return nullptr;
  bool first = true;
  while (true) {
    auto result = dyn_cast<OpResult>(value);
    if (!result || (!first && !value.hasOneUse()))
      return nullptr;
    first = false;
    auto linalgOp = dyn_cast<linalg::LinalgOp>(result.getOwner());
    if (!linalgOp || !linalgOp.hasPureTensorSemantics())
      return nullptr;
    OpOperand *init = linalgOp.getDpsInitOperand(result.getResultNumber());
    if (init->get().getDefiningOp<tensor::EmptyOp>())
      return init;
    value = init->get();
  }
}

/// The earliest op, in `op`'s block, of the linalg ops whose only user is
/// `op` or, recursively, one of them: the ops loop fusion will likely merge
/// with `op` (a Conv and the bias it starts from, before its epilogue).
/// Writing the padded buffer's border before them keeps the loops adjacent.
Operation *firstOfFusionGroup(Operation *op) {
  Operation *first = op;
  SmallVector<Operation *> worklist = {op};
  while (!worklist.empty()) {
    Operation *current = worklist.pop_back_val();
    for (Value operand : current->getOperands()) {
      Operation *producer = operand.getDefiningOp();
      if (!producer || !isa<linalg::LinalgOp>(producer) ||
          producer->getBlock() != op->getBlock() || !operand.hasOneUse())
        continue;
      if (producer->isBeforeInBlock(first))
        first = producer;
      worklist.push_back(producer);
    }
  }
  return first;
}

/// A tensor of `type` filled with `value`, filled as one flat dimension so
/// that the fill's loop vectorizes whatever the innermost size is.
Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                   TypedAttr value) {
  Value padding = arith::ConstantOp::create(b, loc, value);
  auto flatType =
      RankedTensorType::get({type.getNumElements()}, type.getElementType());
  Value empty = tensor::EmptyOp::create(b, loc, flatType.getShape(),
                                        flatType.getElementType());
  Value flat = linalg::FillOp::create(b, loc, padding, empty).getResult(0);
  ReassociationIndices all =
      llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  return tensor::ExpandShapeOp::create(b, loc, type, flat,
                                       ArrayRef<ReassociationIndices>{all});
}

/// Static offsets, sizes and unit strides of `pad`'s source inside its
/// result.
struct Interior {
  SmallVector<OpFoldResult> offsets, sizes, strides;
};

Interior interiorOf(OpBuilder &b, tensor::PadOp pad) {
  Interior interior;
  for (auto [low, size] :
       llvm::zip(pad.getStaticLow(), pad.getSourceType().getShape())) {
    interior.offsets.push_back(b.getIndexAttr(low));
    interior.sizes.push_back(b.getIndexAttr(size));
    interior.strides.push_back(b.getIndexAttr(1));
  }
  return interior;
}

/// Rewrites `pad` as a fill of the padded tensor, the producer chain of its
/// source writing into the fill's interior (an extract_slice) and an
/// insert_slice of the result back, which one-shot bufferization turns into
/// writes in place. Fails, changing nothing, where the source has no such
/// chain.
LogicalResult padInProducer(tensor::PadOp pad, TypedAttr paddingValue) {
  OpOperand *destination = emptyDestinationOfChain(pad);
  if (!destination)
    return failure();
  Location loc = pad.getLoc();
  OpBuilder b(firstOfFusionGroup(destination->getOwner()));
  Value filled = filledTensor(b, loc, pad.getResultType(), paddingValue);
  Interior interior = interiorOf(b, pad);
  Value slice = tensor::ExtractSliceOp::create(
      b, loc, pad.getSourceType(), filled, interior.offsets, interior.sizes,
      interior.strides);
  destination->set(slice);
  b.setInsertionPoint(pad);
  Value inserted = tensor::InsertSliceOp::create(
      b, loc, pad.getSource(), filled, interior.offsets, interior.sizes,
      interior.strides);
  pad.getResult().replaceAllUsesWith(inserted);
  pad->erase();
  return success();
}

/// Rewrites `pad` as one linalg.generic that reads, for every element of the
/// padded tensor, the source element it comes from (its index clamped into
/// the source) and selects the padding value outside the source.
void padAsGather(tensor::PadOp pad, Value paddingValue) {
  OpBuilder b(pad);
  Location loc = pad.getLoc();
  RankedTensorType paddedType = pad.getResultType();
  ArrayRef<int64_t> sourceShape = pad.getSourceType().getShape();
  unsigned rank = paddedType.getRank();
  Value empty = tensor::EmptyOp::create(b, loc, paddedType.getShape(),
                                        paddedType.getElementType());
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{paddedType}, ValueRange{}, ValueRange{empty},
      ArrayRef<AffineMap>{
          AffineMap::getMultiDimIdentityMap(rank, b.getContext())},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &nb, Location l, ValueRange) {
        auto constant = [&](int64_t v) -> Value {
          return arith::ConstantIndexOp::create(nb, l, v);
        };
        SmallVector<Value> indices;
        Value inside;
        for (unsigned d = 0; d < rank; ++d) {
          Value index = linalg::IndexOp::create(nb, l, d);
          int64_t low = pad.getStaticLow()[d];
          int64_t high = pad.getStaticHigh()[d];
          if (low == 0 && high == 0) {
            indices.push_back(index);
            continue;
          }
          Value pos = arith::SubIOp::create(nb, l, index, constant(low));
          Value aboveFirst = arith::CmpIOp::create(
              nb, l, arith::CmpIPredicate::sge, pos, constant(0));
          Value belowEnd = arith::CmpIOp::create(
              nb, l, arith::CmpIPredicate::slt, pos, constant(sourceShape[d]));
          Value both = arith::AndIOp::create(nb, l, aboveFirst, belowEnd);
          inside = inside ? arith::AndIOp::create(nb, l, inside, both) : both;
          Value clamped = arith::MaxSIOp::create(nb, l, pos, constant(0));
          indices.push_back(arith::MinSIOp::create(
              nb, l, clamped, constant(sourceShape[d] - 1)));
        }
        Value element =
            tensor::ExtractOp::create(nb, l, pad.getSource(), indices);
        if (inside)
          element =
              arith::SelectOp::create(nb, l, inside, element, paddingValue);
        linalg::YieldOp::create(nb, l, element);
      });
  pad.getResult().replaceAllUsesWith(generic.getResult(0));
  pad->erase();
}

struct PadInProducersPass final
    : octet::impl::PadInProducersBase<PadInProducersPass> {
  void runOnOperation() override {
    SmallVector<tensor::PadOp> pads;
    getOperation().walk([&](tensor::PadOp pad) { pads.push_back(pad); });
    for (tensor::PadOp pad : pads) {
      TypedAttr paddingValue = constantPaddingValue(pad);
      if (!paddingValue || !pad.getResultType().hasStaticShape() ||
          !pad.getSourceType().hasStaticShape() || !pad.getLow().empty() ||
          !pad.getHigh().empty()) {
        pad.emitOpError("is not supported: Octet pads static shapes by "
                        "static amounts with a constant value");
        return signalPassFailure();
      }
      if (succeeded(padInProducer(pad, paddingValue)))
        continue;
      OpBuilder b(pad);
      padAsGather(pad,
                  arith::ConstantOp::create(b, pad.getLoc(), paddingValue));
    }
  }
};

} // namespace
