//===- GraphOps.cpp - Operations of the graph dialect ---------------------===//
//
// Implements the shape helpers and shape rules of the `graph` ops (NumPy
// broadcasting, MatMul, Gemm, Transpose), their result type inference and
// their verifiers.
//
//===----------------------------------------------------------------------===//

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/TypeUtilities.h"

#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace octet::graph;

octet::graph::SourceNode octet::graph::getSourceNode(Location loc) {
  SourceNode node;
  auto named = dyn_cast<NameLoc>(loc);
  if (!named)
    return node;
  node.name = named.getName().getValue();
  if (auto fused = dyn_cast<FusedLoc>(named.getChildLoc()))
    if (auto opType = dyn_cast_or_null<StringAttr>(fused.getMetadata()))
      node.opType = opType.getValue();
  return node;
}

std::string octet::graph::formatShape(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleaveComma(shape, os);
  os << "]";
  return s;
}

std::optional<int64_t>
octet::graph::checkedNumElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return std::nullopt;
    std::optional<int64_t> next = llvm::checkedMul(n, d);
    if (!next)
      return std::nullopt;
    n = *next;
  }
  return n;
}

std::optional<int64_t> octet::graph::checkedByteSize(ArrayRef<int64_t> shape,
                                                     int64_t elementBytes) {
  std::optional<int64_t> n = checkedNumElements(shape);
  if (!n || elementBytes < 0)
    return std::nullopt;
  return llvm::checkedMul(*n, elementBytes);
}

namespace {
void setWhy(std::string *why, const llvm::Twine &msg) {
  if (why)
    *why = msg.str();
}
} // namespace

//===----------------------------------------------------------------------===//
// Shape rules
//===----------------------------------------------------------------------===//

std::optional<SmallVector<int64_t>>
octet::graph::broadcastShapes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs,
                              std::string *why) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    // Align at the trailing dimension; missing leading dims count as 1.
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (l == r || r == 1) {
      result[i] = l;
    } else if (l == 1) {
      result[i] = r;
    } else {
      setWhy(why, "shapes " + formatShape(lhs) + " and " + formatShape(rhs) +
                      " are not broadcast-compatible (" + llvm::Twine(l) +
                      " vs " + llvm::Twine(r) + " in result dimension " +
                      llvm::Twine(i) + ")");
      return std::nullopt;
    }
  }
  return result;
}

std::optional<SmallVector<int64_t>>
octet::graph::inferMatMulShape(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs,
                               std::string *why) {
  if (lhs.empty() || rhs.empty()) {
    setWhy(why, "matmul operands must have rank at least 1, got shapes " +
                    formatShape(lhs) + " and " + formatShape(rhs));
    return std::nullopt;
  }
  SmallVector<int64_t> a(lhs), b(rhs);
  bool lhsVector = a.size() == 1, rhsVector = b.size() == 1;
  if (lhsVector)
    a.insert(a.begin(), 1);
  if (rhsVector)
    b.push_back(1);
  int64_t m = a[a.size() - 2], k = a.back();
  int64_t kb = b[b.size() - 2], n = b.back();
  if (k != kb) {
    setWhy(why, "contracting dimensions differ: lhs " + formatShape(lhs) +
                    " has K = " + llvm::Twine(k) + ", rhs " + formatShape(rhs) +
                    " has K = " + llvm::Twine(kb));
    return std::nullopt;
  }
  std::string bwhy;
  auto batch = broadcastShapes(ArrayRef<int64_t>(a).drop_back(2),
                               ArrayRef<int64_t>(b).drop_back(2), &bwhy);
  if (!batch) {
    setWhy(why, "batch dimensions of " + formatShape(lhs) + " and " +
                    formatShape(rhs) + " do not broadcast: " + bwhy);
    return std::nullopt;
  }
  SmallVector<int64_t> result = *batch;
  if (!lhsVector)
    result.push_back(m);
  if (!rhsVector)
    result.push_back(n);
  return result;
}

std::optional<SmallVector<int64_t>>
octet::graph::inferGemmShape(ArrayRef<int64_t> a, ArrayRef<int64_t> b,
                             std::optional<ArrayRef<int64_t>> c, bool transA,
                             bool transB, std::string *why) {
  if (a.size() != 2 || b.size() != 2) {
    setWhy(why, "gemm operands A and B must be 2-D, got shapes " +
                    formatShape(a) + " and " + formatShape(b));
    return std::nullopt;
  }
  int64_t m = transA ? a[1] : a[0], k = transA ? a[0] : a[1];
  int64_t kb = transB ? b[1] : b[0], n = transB ? b[0] : b[1];
  if (k != kb) {
    setWhy(why, "contracting dimensions differ: op(A) is [" + llvm::Twine(m) +
                    ", " + llvm::Twine(k) + "], op(B) is [" + llvm::Twine(kb) +
                    ", " + llvm::Twine(n) + "]");
    return std::nullopt;
  }
  SmallVector<int64_t> result = {m, n};
  if (c) {
    bool ok = c->size() <= 2;
    for (size_t i = 0; ok && i < c->size(); ++i) {
      int64_t target = result[2 - c->size() + i];
      int64_t d = (*c)[i];
      ok = d == target || d == 1;
    }
    if (!ok) {
      setWhy(why, "C of shape " + formatShape(*c) +
                      " is not unidirectionally broadcastable to " +
                      formatShape(result));
      return std::nullopt;
    }
  }
  return result;
}

std::optional<SmallVector<int64_t>>
octet::graph::inferTransposeShape(ArrayRef<int64_t> shape,
                                  ArrayRef<int64_t> perm, std::string *why) {
  SmallVector<bool> seen(shape.size(), false);
  bool ok = perm.size() == shape.size();
  for (int64_t p : perm) {
    if (!ok)
      break;
    ok = p >= 0 && p < static_cast<int64_t>(shape.size()) && !seen[p];
    if (ok)
      seen[p] = true;
  }
  if (!ok) {
    setWhy(why, "perm " + formatShape(perm) + " is not a permutation of [0, " +
                    llvm::Twine(shape.size()) + ")");
    return std::nullopt;
  }
  SmallVector<int64_t> result;
  for (int64_t p : perm)
    result.push_back(shape[p]);
  return result;
}

//===----------------------------------------------------------------------===//
// Helpers for inferReturnTypes
//===----------------------------------------------------------------------===//

namespace {
/// Checks that all `values` have the same element type and returns it.
FailureOr<Type> commonElementType(std::optional<Location> loc, StringRef op,
                                  ValueRange values) {
  Type elt;
  for (Value v : values) {
    auto t = dyn_cast<RankedTensorType>(v.getType());
    if (!t)
      return emitOptionalError(loc, "'", op, "' op operand type ", v.getType(),
                               " is not a ranked tensor");
    if (elt && t.getElementType() != elt)
      return emitOptionalError(loc, "'", op,
                               "' op operands have different element types (",
                               elt, " vs ", t.getElementType(), ")");
    elt = t.getElementType();
  }
  return elt;
}

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

template <typename OpTy>
LogicalResult inferBinary(std::optional<Location> loc, ValueRange operands,
                          SmallVectorImpl<Type> &types) {
  StringRef name = OpTy::getOperationName();
  FailureOr<Type> elt = commonElementType(loc, name, operands);
  if (failed(elt))
    return failure();
  std::string why;
  auto shape =
      broadcastShapes(shapeOf(operands[0]), shapeOf(operands[1]), &why);
  if (!shape)
    return emitOptionalError(loc, "'", name, "' op ", why);
  types.push_back(RankedTensorType::get(*shape, *elt));
  return success();
}
} // namespace

#define GRAPH_BINARY_INFER(OP)                                                 \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *, std::optional<Location> loc, ValueRange operands,         \
      DictionaryAttr, OpaqueProperties, RegionRange,                           \
      SmallVectorImpl<Type> &types) {                                          \
    if (operands.size() != 2)                                                  \
      return failure();                                                        \
    return inferBinary<OP>(loc, operands, types);                              \
  }
GRAPH_BINARY_INFER(AddOp)
GRAPH_BINARY_INFER(SubOp)
GRAPH_BINARY_INFER(MulOp)
GRAPH_BINARY_INFER(DivOp)
GRAPH_BINARY_INFER(PowOp)
GRAPH_BINARY_INFER(MinOp)
GRAPH_BINARY_INFER(MaxOp)
GRAPH_BINARY_INFER(PReluOp)
GRAPH_BINARY_INFER(ModOp)
GRAPH_BINARY_INFER(BitwiseAndOp)
GRAPH_BINARY_INFER(BitwiseOrOp)
GRAPH_BINARY_INFER(BitwiseXorOp)
GRAPH_BINARY_INFER(ShiftLeftOp)
GRAPH_BINARY_INFER(ShiftRightOp)
GRAPH_BINARY_INFER(AndOp)
GRAPH_BINARY_INFER(OrOp)
GRAPH_BINARY_INFER(XorOp)
#undef GRAPH_BINARY_INFER

// Comparisons: the broadcast shape of the operands, element type i1.
#define GRAPH_COMPARE_INFER(OP)                                                \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *ctx, std::optional<Location> loc, ValueRange operands,      \
      DictionaryAttr, OpaqueProperties, RegionRange,                           \
      SmallVectorImpl<Type> &types) {                                          \
    if (operands.size() != 2 || failed(inferBinary<OP>(loc, operands, types))) \
      return failure();                                                        \
    types.back() =                                                             \
        RankedTensorType::get(cast<RankedTensorType>(types.back()).getShape(), \
                              IntegerType::get(ctx, 1));                       \
    return success();                                                          \
  }
GRAPH_COMPARE_INFER(EqualOp)
GRAPH_COMPARE_INFER(LessOp)
GRAPH_COMPARE_INFER(LessOrEqualOp)
GRAPH_COMPARE_INFER(GreaterOp)
GRAPH_COMPARE_INFER(GreaterOrEqualOp)
#undef GRAPH_COMPARE_INFER

LogicalResult WhereOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        ValueRange operands, DictionaryAttr,
                                        OpaqueProperties, RegionRange,
                                        SmallVectorImpl<Type> &types) {
  if (operands.size() != 3)
    return failure();
  StringRef name = getOperationName();
  FailureOr<Type> elt = commonElementType(loc, name, operands.drop_front());
  if (failed(elt))
    return failure();
  std::string why;
  auto shape =
      broadcastShapes(shapeOf(operands[0]), shapeOf(operands[1]), &why);
  if (shape)
    shape = broadcastShapes(*shape, shapeOf(operands[2]), &why);
  if (!shape)
    return emitOptionalError(loc, "'", name, "' op ", why);
  types.push_back(RankedTensorType::get(*shape, *elt));
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise ops whose result changes the element type
//===----------------------------------------------------------------------===//

/// Checks that `op`'s result has its operand's shape.
static LogicalResult verifySameShape(Operation *op) {
  auto in = cast<RankedTensorType>(op->getOperand(0).getType());
  auto out = cast<RankedTensorType>(op->getResult(0).getType());
  if (in.getShape() != out.getShape())
    return op->emitOpError("result shape ")
           << formatShape(out.getShape()) << " differs from the operand's "
           << formatShape(in.getShape());
  return success();
}

LogicalResult CastOp::verify() { return verifySameShape(*this); }

LogicalResult DequantizeOp::verify() {
  if (failed(verifySameShape(*this)))
    return failure();
  if (!getType().getElementType().isF32())
    return emitOpError("result must have element type f32");
  if (!getScale())
    return success();
  auto scaleType = cast<RankedTensorType>(getScale().getType());
  if (!scaleType.getElementType().isF32())
    return emitOpError("scale must have element type f32");
  std::string why;
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(getType().getShape(), scaleType.getShape(), &why);
  if (!shape || ArrayRef<int64_t>(*shape) != getType().getShape())
    return emitOpError("scale of shape ")
           << formatShape(scaleType.getShape())
           << " does not broadcast to the input's shape "
           << formatShape(getType().getShape());
  return success();
}
LogicalResult IsNaNOp::verify() { return verifySameShape(*this); }
LogicalResult IsInfOp::verify() { return verifySameShape(*this); }

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         ValueRange operands, DictionaryAttr,
                                         OpaqueProperties, RegionRange,
                                         SmallVectorImpl<Type> &types) {
  if (operands.size() != 2)
    return failure();
  FailureOr<Type> elt = commonElementType(loc, getOperationName(), operands);
  if (failed(elt))
    return failure();
  std::string why;
  auto shape =
      inferMatMulShape(shapeOf(operands[0]), shapeOf(operands[1]), &why);
  if (!shape)
    return emitOptionalError(loc, "'", getOperationName(), "' op ", why);
  types.push_back(RankedTensorType::get(*shape, *elt));
  return success();
}

//===----------------------------------------------------------------------===//
// GemmOp
//===----------------------------------------------------------------------===//

LogicalResult
GemmOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                         ValueRange operands, DictionaryAttr attributes,
                         OpaqueProperties properties, RegionRange regions,
                         SmallVectorImpl<Type> &types) {
  if (operands.size() < 2 || operands.size() > 3)
    return failure();
  GemmOp::Adaptor adaptor(operands, attributes, properties, regions);
  FailureOr<Type> elt = commonElementType(loc, getOperationName(), operands);
  if (failed(elt))
    return failure();
  std::optional<ArrayRef<int64_t>> cShape;
  if (operands.size() == 3)
    cShape = shapeOf(operands[2]);
  std::string why;
  // Attributes may be absent (null) while an op is being built generically.
  BoolAttr transA = adaptor.getTransAAttr(), transB = adaptor.getTransBAttr();
  auto shape = inferGemmShape(shapeOf(operands[0]), shapeOf(operands[1]),
                              cShape, transA && transA.getValue(),
                              transB && transB.getValue(), &why);
  if (!shape)
    return emitOptionalError(loc, "'", getOperationName(), "' op ", why);
  types.push_back(RankedTensorType::get(*shape, *elt));
  return success();
}

//===----------------------------------------------------------------------===//
// SoftmaxOp
//===----------------------------------------------------------------------===//

namespace {
template <typename OpTy> int64_t normalizedAxis(OpTy op) {
  int64_t rank = op.getInput().getType().getRank();
  int64_t axis = op.getAxis();
  return axis < 0 ? axis + rank : axis;
}

template <typename OpTy> LogicalResult verifySoftmaxLike(OpTy op) {
  int64_t rank = op.getInput().getType().getRank();
  int64_t axis = op.getAxis();
  if (rank == 0)
    return op.emitOpError("requires an operand of rank at least 1");
  if (axis < -rank || axis >= rank)
    return op.emitOpError("axis ")
           << axis << " is out of range [" << -rank << ", " << rank
           << ") for an operand of rank " << rank;
  return success();
}

/// Axes sorted, distinct, in range, not empty; the result shape is the
/// input's without them (or with size 1 under keepdims), same element type.
template <typename OpTy> LogicalResult verifyReduce(OpTy op) {
  RankedTensorType in = op.getInput().getType();
  RankedTensorType out = op.getResult().getType();
  ArrayRef<int64_t> axes = op.getAxes();
  if (axes.empty())
    return op.emitOpError("requires at least one axis");
  for (auto [i, axis] : llvm::enumerate(axes)) {
    if (axis < 0 || axis >= in.getRank())
      return op.emitOpError("axis ")
             << axis << " is out of range [0, " << in.getRank() << ")";
    if (i > 0 && axis <= axes[i - 1])
      return op.emitOpError("axes must be sorted and distinct");
  }
  SmallVector<int64_t> expected;
  for (auto [i, size] : llvm::enumerate(in.getShape())) {
    if (!llvm::is_contained(axes, int64_t(i)))
      expected.push_back(size);
    else if (op.getKeepdims())
      expected.push_back(1);
  }
  if (out.getElementType() != in.getElementType() ||
      out.getShape() != ArrayRef<int64_t>(expected))
    return op.emitOpError("result type ")
           << out << " does not match the reduction of " << in
           << " (expected shape " << formatShape(expected) << ")";
  return success();
}
} // namespace

int64_t SoftmaxOp::getNormalizedAxis() { return normalizedAxis(*this); }
LogicalResult SoftmaxOp::verify() { return verifySoftmaxLike(*this); }
int64_t LogSoftmaxOp::getNormalizedAxis() { return normalizedAxis(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmaxLike(*this); }

#define GRAPH_REDUCE_VERIFY(OP)                                                \
  LogicalResult OP::verify() { return verifyReduce(*this); }
GRAPH_REDUCE_VERIFY(ReduceSumOp)
GRAPH_REDUCE_VERIFY(ReduceMeanOp)
GRAPH_REDUCE_VERIFY(ReduceMaxOp)
GRAPH_REDUCE_VERIFY(ReduceMinOp)
GRAPH_REDUCE_VERIFY(ReduceProdOp)
GRAPH_REDUCE_VERIFY(ReduceL1Op)
GRAPH_REDUCE_VERIFY(ReduceL2Op)
GRAPH_REDUCE_VERIFY(ReduceLogSumOp)
GRAPH_REDUCE_VERIFY(ReduceLogSumExpOp)
GRAPH_REDUCE_VERIFY(ReduceSumSquareOp)
#undef GRAPH_REDUCE_VERIFY

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("requires at least one input");
  auto out = getResult().getType();
  int64_t rank = out.getRank(), axis = getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError("axis ")
           << axis << " is out of range [0, " << rank << ")";
  int64_t total = 0;
  for (Value in : getInputs()) {
    auto type = cast<RankedTensorType>(in.getType());
    if (type.getRank() != rank || type.getElementType() != out.getElementType())
      return emitOpError("input ") << type << " does not match result " << out;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis && type.getDimSize(d) != out.getDimSize(d))
        return emitOpError("input ") << type << " differs from result " << out
                                     << " in dimension " << d;
    total += type.getDimSize(axis);
  }
  if (total != out.getDimSize(axis))
    return emitOpError("result size ")
           << out.getDimSize(axis) << " along axis " << axis
           << " is not the inputs' total " << total;
  return success();
}

LogicalResult SliceOp::verify() {
  auto in = getInput().getType();
  auto out = getResult().getType();
  int64_t rank = in.getRank();
  if (out.getRank() != rank || getStarts().size() != size_t(rank) ||
      getSteps().size() != size_t(rank))
    return emitOpError("requires one start and one step per dimension of a "
                       "result of the input's rank");
  for (int64_t d = 0; d < rank; ++d) {
    int64_t start = getStarts()[d], step = getSteps()[d];
    int64_t last = start + step * (out.getDimSize(d) - 1);
    if (step == 0 || start < 0 || start >= in.getDimSize(d) || last < 0 ||
        last >= in.getDimSize(d))
      return emitOpError("dimension ")
             << d << ": start " << start << " and step " << step
             << " leave the input's bounds [0, " << in.getDimSize(d) << ")";
  }
  return success();
}

LogicalResult PadOp::verify() {
  auto in = getInput().getType();
  auto out = getResult().getType();
  StringRef mode = getMode();
  if (mode != "constant" && mode != "edge" && mode != "reflect" &&
      mode != "wrap")
    return emitOpError("unknown mode '") << mode << "'";
  if (out.getRank() != in.getRank() ||
      getPadsBegin().size() != size_t(in.getRank()))
    return emitOpError("requires one leading pad per dimension and a result "
                       "of the input's rank");
  if (getValue() && cast<RankedTensorType>(getValue().getType()).getRank() != 0)
    return emitOpError("value must be a scalar");
  for (auto [d, pad] : llvm::enumerate(getPadsBegin()))
    if (pad < 0 || out.getDimSize(d) < in.getDimSize(d) + pad)
      return emitOpError("dimension ")
             << d << ": leading pad " << pad << " and result size "
             << out.getDimSize(d) << " do not fit an input of size "
             << in.getDimSize(d);
  return success();
}

LogicalResult ExpandOp::verify() {
  auto in = getInput().getType();
  auto out = getResult().getType();
  std::string why;
  auto shape = broadcastShapes(in.getShape(), out.getShape(), &why);
  if (!shape || ArrayRef<int64_t>(*shape) != out.getShape())
    return emitOpError("cannot broadcast ")
           << in << " to " << out << (why.empty() ? "" : ": " + why);
  return success();
}

LogicalResult TileOp::verify() {
  auto in = getInput().getType();
  auto out = getResult().getType();
  if (in.getRank() != out.getRank())
    return emitOpError("requires a result of the input's rank");
  for (int64_t d = 0; d < in.getRank(); ++d)
    if (in.getDimSize(d) == 0 || out.getDimSize(d) % in.getDimSize(d) != 0)
      return emitOpError("result size ")
             << out.getDimSize(d) << " in dimension " << d
             << " is not a multiple of the input's " << in.getDimSize(d);
  return success();
}

//===----------------------------------------------------------------------===//
// ConvOp
//===----------------------------------------------------------------------===//

namespace {
/// Rank >= 3 for input and result, one positive stride/dilation (and kernel
/// size) and one non-negative pad per spatial dimension, same batch.
LogicalResult verifyWindow(Operation *op, RankedTensorType in,
                           RankedTensorType out, ArrayRef<int64_t> strides,
                           ArrayRef<int64_t> dilations,
                           ArrayRef<int64_t> padsBegin,
                           ArrayRef<int64_t> kernel = {}) {
  int64_t rank = in.getRank();
  if (rank < 3 || out.getRank() != rank)
    return op->emitOpError("requires input and result of the same rank, at "
                           "least 3");
  size_t spatial = rank - 2;
  if (strides.size() != spatial || dilations.size() != spatial ||
      padsBegin.size() != spatial ||
      (!kernel.empty() && kernel.size() != spatial))
    return op->emitOpError("requires one value per spatial dimension in each "
                           "window attribute");
  for (size_t d = 0; d < spatial; ++d)
    if (strides[d] < 1 || dilations[d] < 1 || padsBegin[d] < 0 ||
        (!kernel.empty() && kernel[d] < 1))
      return op->emitOpError("requires positive strides, dilations and "
                             "kernel sizes and non-negative pads");
  if (out.getDimSize(0) != in.getDimSize(0))
    return op->emitOpError("result batch differs from the input's");
  return success();
}
} // namespace

LogicalResult MaxPoolOp::verify() {
  auto in = getInput().getType(), out = getResult().getType();
  if (failed(verifyWindow(*this, in, out, getStrides(), getDilations(),
                          getPadsBegin(), getKernel())))
    return failure();
  if (out.getDimSize(1) != in.getDimSize(1))
    return emitOpError("result channels differ from the input's");
  return success();
}

LogicalResult AveragePoolOp::verify() {
  auto in = getInput().getType(), out = getResult().getType();
  if (failed(verifyWindow(*this, in, out, getStrides(), getDilations(),
                          getPadsBegin(), getKernel())))
    return failure();
  if (getPadsEnd().size() != getPadsBegin().size() ||
      llvm::any_of(getPadsEnd(), [](int64_t p) { return p < 0; }))
    return emitOpError("requires one non-negative trailing pad per spatial "
                       "dimension");
  if (out.getDimSize(1) != in.getDimSize(1))
    return emitOpError("result channels differ from the input's");
  return success();
}

LogicalResult ConvOp::verify() {
  auto in = getInput().getType();
  auto filter = getFilter().getType();
  auto out = getResult().getType();
  int64_t rank = in.getRank(), spatial = rank - 2, groups = getGroups();
  if (rank < 3 || filter.getRank() != rank || out.getRank() != rank)
    return emitOpError("requires input, filter and result of the same rank, "
                       "at least 3");
  if (failed(verifyWindow(*this, in, out, getStrides(), getDilations(),
                          getPadsBegin())))
    return failure();
  if (getStrides().size() != size_t(spatial) ||
      getDilations().size() != size_t(spatial) ||
      getPadsBegin().size() != size_t(spatial))
    return emitOpError("requires one stride, dilation and pad per spatial "
                       "dimension");
  if (groups < 1 || in.getDimSize(1) % groups != 0 ||
      filter.getDimSize(0) % groups != 0 ||
      filter.getDimSize(1) * groups != in.getDimSize(1))
    return emitOpError("channels: input ")
           << in.getDimSize(1) << ", filter " << filter.getDimSize(0) << "x"
           << filter.getDimSize(1) << " do not fit " << groups << " groups";
  if (out.getDimSize(0) != in.getDimSize(0) ||
      out.getDimSize(1) != filter.getDimSize(0))
    return emitOpError("result batch and channels must be the input's batch "
                       "and the filter's output channels");
  if (getBias() && cast<RankedTensorType>(getBias().getType()).getShape() !=
                       ArrayRef<int64_t>(filter.getDimSize(0)))
    return emitOpError("bias must have one value per output channel");
  return success();
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = getInput().getType();
  auto out = getResult().getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("result element type ")
           << out.getElementType() << " differs from the operand's "
           << in.getElementType();
  // ShapedType::getNumElements would overflow silently on huge shapes.
  std::optional<int64_t> inCount = checkedNumElements(in.getShape());
  std::optional<int64_t> outCount = checkedNumElements(out.getShape());
  if (!inCount || !outCount)
    return emitOpError("cannot reshape ")
           << in << " to " << out << ": the number of elements of "
           << (inCount ? "the result" : "the operand") << " overflows int64";
  if (*inCount != *outCount)
    return emitOpError("cannot reshape ")
           << in << " (" << *inCount << " elements) to " << out << " ("
           << *outCount << " elements)";
  return success();
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult
TransposeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                              ValueRange operands, DictionaryAttr attributes,
                              OpaqueProperties properties, RegionRange regions,
                              SmallVectorImpl<Type> &types) {
  if (operands.size() != 1)
    return failure();
  TransposeOp::Adaptor adaptor(operands, attributes, properties, regions);
  auto type = dyn_cast<RankedTensorType>(operands[0].getType());
  if (!type)
    return failure();
  std::string why;
  auto shape = inferTransposeShape(type.getShape(), adaptor.getPerm(), &why);
  if (!shape)
    return emitOptionalError(loc, "'", getOperationName(), "' op ", why);
  types.push_back(RankedTensorType::get(*shape, type.getElementType()));
  return success();
}

#define GET_OP_CLASSES
#include "dialects/Graph/IR/GraphOps.cpp.inc"

//===----------------------------------------------------------------------===//
// GatherOp
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> indices = getIndices().getType().getShape();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= static_cast<int64_t>(in.size()))
    return emitOpError("axis ")
           << axis << " is not in [0, " << in.size() << ")";
  SmallVector<int64_t> expected(in.take_front(axis));
  expected.append(indices.begin(), indices.end());
  expected.append(in.begin() + axis + 1, in.end());
  auto out = getResult().getType();
  if (out.getShape() != ArrayRef<int64_t>(expected) ||
      out.getElementType() != getInput().getType().getElementType())
    return emitOpError("result type ")
           << out << " differs from the expected " << formatShape(expected)
           << " of the input's element type";
  return success();
}

//===----------------------------------------------------------------------===//
// Folding of small constants
//===----------------------------------------------------------------------===//

namespace {
/// Constants above this many elements are left to the kernels: folding is
/// for shape computations, not for weights.
constexpr int64_t kMaxFoldElements = 1 << 16;

/// `attr` as a dense constant small enough to fold, or null.
DenseElementsAttr foldable(Attribute attr) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense || dense.getNumElements() > kMaxFoldElements)
    return {};
  return dense;
}

/// The row-major strides of `shape`.
SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

/// A constant of `type` whose element at each index is `element(index)`
/// (an element of some input); null when `type` is too large or `element`
/// gives up (returns null).
Attribute
buildByIndex(RankedTensorType type,
             function_ref<Attribute(ArrayRef<int64_t> index)> element) {
  if (type.getNumElements() > kMaxFoldElements)
    return {};
  SmallVector<Attribute> values;
  values.reserve(type.getNumElements());
  SmallVector<int64_t> index(type.getRank(), 0);
  for (int64_t n = 0; n < type.getNumElements(); ++n) {
    Attribute v = element(index);
    if (!v)
      return {};
    values.push_back(v);
    for (int64_t d = type.getRank() - 1; d >= 0; --d) {
      if (++index[d] < type.getDimSize(d))
        break;
      index[d] = 0;
    }
  }
  return DenseElementsAttr::get(type, values);
}

/// The element of `attr` at `index` of a result of shape `resultShape`,
/// with NumPy broadcasting (right-aligned, size-1 dimensions repeat).
Attribute broadcastElement(DenseElementsAttr attr, ArrayRef<int64_t> index) {
  auto type = cast<RankedTensorType>(attr.getType());
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<int64_t> strides = stridesOf(shape);
  size_t offset = index.size() - shape.size();
  int64_t linear = 0;
  for (auto [d, size] : llvm::enumerate(shape))
    if (size != 1)
      linear += index[offset + d] * strides[d];
  return attr.getValues<Attribute>()[linear];
}

/// Folds an elementwise binary op on integer (or i1) constants with `fn`
/// (null when it cannot, e.g. a division by zero).
Attribute foldIntegerBinary(
    ArrayRef<Attribute> operands, RankedTensorType resultType,
    function_ref<std::optional<APInt>(const APInt &, const APInt &)> fn) {
  if (operands.size() != 2)
    return {};
  DenseElementsAttr lhs = foldable(operands[0]), rhs = foldable(operands[1]);
  if (!lhs || !rhs || !lhs.getElementType().isInteger())
    return {};
  Type elemType = resultType.getElementType();
  return buildByIndex(resultType, [&](ArrayRef<int64_t> index) -> Attribute {
    auto a = cast<IntegerAttr>(broadcastElement(lhs, index)).getValue();
    auto b = cast<IntegerAttr>(broadcastElement(rhs, index)).getValue();
    std::optional<APInt> r = fn(a, b);
    if (!r)
      return {};
    return IntegerAttr::get(elemType, *r);
  });
}

/// Folds an elementwise unary op on integer constants with `fn`.
Attribute foldIntegerUnary(Attribute operand, RankedTensorType resultType,
                           function_ref<APInt(const APInt &)> fn) {
  DenseElementsAttr input = foldable(operand);
  if (!input || !input.getElementType().isInteger())
    return {};
  return input.mapValues(resultType.getElementType(), fn);
}

APInt fromBool(bool value, unsigned width = 1) { return APInt(width, value); }
} // namespace

// Integer negation and absolute value wrap, as the kernels do.
OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  return foldIntegerUnary(adaptor.getInput(), getType(),
                          [](const APInt &a) { return -a; });
}
OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  bool isUnsigned = getType().getElementType().isUnsignedInteger();
  return foldIntegerUnary(adaptor.getInput(), getType(), [&](const APInt &a) {
    return isUnsigned ? a : a.abs();
  });
}

// `u`: the operands are unsigned integers.
#define GRAPH_INT_FOLD(OP, EXPR)                                               \
  OpFoldResult OP::fold(FoldAdaptor adaptor) {                                 \
    bool u = getLhs().getType().getElementType().isUnsignedInteger();          \
    (void)u;                                                                   \
    return foldIntegerBinary(                                                  \
        adaptor.getOperands(), getType(),                                      \
        [&](const APInt &a, const APInt &b) -> std::optional<APInt> {          \
          return EXPR;                                                         \
        });                                                                    \
  }
GRAPH_INT_FOLD(AddOp, a + b)
GRAPH_INT_FOLD(SubOp, a - b)
GRAPH_INT_FOLD(MulOp, a *b)
GRAPH_INT_FOLD(DivOp,
               b.isZero() || (!u && a.isMinSignedValue() && b.isAllOnes())
                   ? std::nullopt
                   : std::optional<APInt>(u ? a.udiv(b) : a.sdiv(b)))
GRAPH_INT_FOLD(MinOp, (u ? a.ult(b) : a.slt(b)) ? a : b)
GRAPH_INT_FOLD(MaxOp, (u ? a.ugt(b) : a.sgt(b)) ? a : b)
GRAPH_INT_FOLD(BitwiseAndOp, a &b)
GRAPH_INT_FOLD(BitwiseOrOp, a | b)
GRAPH_INT_FOLD(BitwiseXorOp, a ^ b)
GRAPH_INT_FOLD(AndOp, a &b)
GRAPH_INT_FOLD(OrOp, a | b)
GRAPH_INT_FOLD(XorOp, a ^ b)
GRAPH_INT_FOLD(EqualOp, fromBool(a == b))
GRAPH_INT_FOLD(LessOp, fromBool(u ? a.ult(b) : a.slt(b)))
GRAPH_INT_FOLD(LessOrEqualOp, fromBool(u ? a.ule(b) : a.sle(b)))
GRAPH_INT_FOLD(GreaterOp, fromBool(u ? a.ugt(b) : a.sgt(b)))
GRAPH_INT_FOLD(GreaterOrEqualOp, fromBool(u ? a.uge(b) : a.sge(b)))
#undef GRAPH_INT_FOLD

// Float arithmetic, Pow, PRelu, shifts and Mod are left to the kernels.
OpFoldResult PowOp::fold(FoldAdaptor) { return {}; }
OpFoldResult PReluOp::fold(FoldAdaptor) { return {}; }
OpFoldResult ModOp::fold(FoldAdaptor) { return {}; }
OpFoldResult ShiftLeftOp::fold(FoldAdaptor) { return {}; }
OpFoldResult ShiftRightOp::fold(FoldAdaptor) { return {}; }

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (DenseElementsAttr input = foldable(adaptor.getInput()))
    return input.reshape(getType());
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr input = foldable(adaptor.getInput());
  if (!input)
    return {};
  SmallVector<int64_t> strides = stridesOf(getInput().getType().getShape());
  ArrayRef<int64_t> perm = getPerm();
  return buildByIndex(getType(), [&](ArrayRef<int64_t> index) {
    int64_t linear = 0;
    for (auto [d, p] : llvm::enumerate(perm))
      linear += index[d] * strides[p];
    return input.getValues<Attribute>()[linear];
  });
}

OpFoldResult ExpandOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr input = foldable(adaptor.getInput());
  if (!input)
    return {};
  if (input.isSplat())
    return input.resizeSplat(getType());
  return buildByIndex(getType(), [&](ArrayRef<int64_t> index) {
    return broadcastElement(input, index);
  });
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr input = foldable(adaptor.getInput());
  if (!input)
    return {};
  SmallVector<int64_t> strides = stridesOf(getInput().getType().getShape());
  ArrayRef<int64_t> starts = getStarts(), steps = getSteps();
  return buildByIndex(getType(), [&](ArrayRef<int64_t> index) {
    int64_t linear = 0;
    for (size_t d = 0; d < index.size(); ++d)
      linear += (starts[d] + steps[d] * index[d]) * strides[d];
    return input.getValues<Attribute>()[linear];
  });
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  SmallVector<DenseElementsAttr> inputs;
  for (Attribute a : adaptor.getInputs()) {
    DenseElementsAttr input = foldable(a);
    if (!input)
      return {};
    inputs.push_back(input);
  }
  int64_t axis = getAxis();
  if (axis < 0)
    axis += getType().getRank();
  return buildByIndex(getType(), [&](ArrayRef<int64_t> index) -> Attribute {
    SmallVector<int64_t> at(index);
    for (DenseElementsAttr input : inputs) {
      auto type = cast<RankedTensorType>(input.getType());
      if (at[axis] < type.getDimSize(axis)) {
        SmallVector<int64_t> strides = stridesOf(type.getShape());
        int64_t linear = 0;
        for (size_t d = 0; d < at.size(); ++d)
          linear += at[d] * strides[d];
        return input.getValues<Attribute>()[linear];
      }
      at[axis] -= type.getDimSize(axis);
    }
    return {};
  });
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr input = foldable(adaptor.getInput());
  DenseElementsAttr indices = foldable(adaptor.getIndices());
  if (!input || !indices)
    return {};
  ArrayRef<int64_t> inShape = getInput().getType().getShape();
  SmallVector<int64_t> inStrides = stridesOf(inShape);
  ArrayRef<int64_t> idxShape = getIndices().getType().getShape();
  SmallVector<int64_t> idxStrides = stridesOf(idxShape);
  int64_t axis = getAxis(), size = inShape[axis];
  int64_t q = idxShape.size();
  return buildByIndex(getType(), [&](ArrayRef<int64_t> index) -> Attribute {
    int64_t at = 0;
    for (int64_t d = 0; d < q; ++d)
      at += index[axis + d] * idxStrides[d];
    int64_t i = cast<IntegerAttr>(indices.getValues<Attribute>()[at]).getInt();
    if (i < 0)
      i += size;
    if (i < 0 || i >= size)
      return {}; // Out of range: leave it to the kernel's clamping.
    int64_t linear = i * inStrides[axis];
    for (int64_t d = 0; d < axis; ++d)
      linear += index[d] * inStrides[d];
    for (int64_t d = axis + 1; d < static_cast<int64_t>(inShape.size()); ++d)
      linear += index[d + q - 1] * inStrides[d];
    return input.getValues<Attribute>()[linear];
  });
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr input = foldable(adaptor.getInput());
  if (!input)
    return {};
  Type from = input.getElementType(), to = getType().getElementType();
  auto toFloat = dyn_cast<FloatType>(to);
  // `f` rounded to the float result type, clamped first with `saturate`.
  auto narrowFloat = [&](APFloat f) -> Attribute {
    const llvm::fltSemantics &semantics = toFloat.getFloatSemantics();
    bool losesInfo = false;
    if (getSaturate() && !f.isNaN()) {
      APFloat largest = APFloat::getLargest(semantics, f.isNegative());
      largest.convert(f.getSemantics(), APFloat::rmNearestTiesToEven,
                      &losesInfo);
      if (f.isInfinity() ||
          abs(f).compare(abs(largest)) == APFloat::cmpGreaterThan)
        f = largest;
    }
    f.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
    return FloatAttr::get(to, f);
  };
  return buildByIndex(getType(), [&](ArrayRef<int64_t> index) -> Attribute {
    Attribute x = broadcastElement(input, index);
    if (auto i = dyn_cast<IntegerAttr>(x)) {
      const APInt &v = i.getValue();
      // Bool and unsigned values extend with zeros.
      bool zeroExtend = from.isInteger(1) || from.isUnsignedInteger();
      if (to.isInteger(1))
        return IntegerAttr::get(to, APInt(1, !v.isZero()));
      if (toFloat) {
        if (getSaturate()) {
          // Exactly in f64 for every integer a saturating cast can see.
          APFloat wide(APFloat::IEEEdouble());
          wide.convertFromAPInt(v, /*IsSigned=*/!zeroExtend,
                                APFloat::rmNearestTiesToEven);
          return narrowFloat(wide);
        }
        APFloat f(toFloat.getFloatSemantics());
        f.convertFromAPInt(v, /*IsSigned=*/!zeroExtend,
                           APFloat::rmNearestTiesToEven);
        return FloatAttr::get(to, f);
      }
      unsigned width = to.getIntOrFloatBitWidth();
      return IntegerAttr::get(to, zeroExtend ? v.zextOrTrunc(width)
                                             : v.sextOrTrunc(width));
    }
    APFloat f = cast<FloatAttr>(x).getValue();
    if (to.isInteger(1))
      return IntegerAttr::get(to, APInt(1, !f.isZero()));
    if (toFloat)
      return narrowFloat(f);
    if (!f.isFinite())
      return {}; // Undefined in ONNX: leave it to the kernel.
    APSInt result(to.getIntOrFloatBitWidth(),
                  /*isUnsigned=*/to.isUnsignedInteger());
    bool exact = false;
    if (f.convertToInteger(result, APFloat::rmTowardZero, &exact) ==
        APFloat::opInvalidOp)
      return {};
    return IntegerAttr::get(to, result);
  });
}

//===----------------------------------------------------------------------===//
// GatherElementsOp, CumSumOp
//===----------------------------------------------------------------------===//

/// Checks a scatter's `reduction` and that its result has the input's type.
static LogicalResult verifyScatter(Operation *op, StringRef reduction,
                                   Type input, Type updates, Type result) {
  if (!llvm::is_contained({"none", "add", "mul", "max", "min"}, reduction))
    return op->emitOpError("reduction '")
           << reduction << "' is not one of none, add, mul, max, min";
  if (result != input)
    return op->emitOpError("result must have the input's type");
  if (cast<RankedTensorType>(updates).getElementType() !=
      cast<RankedTensorType>(input).getElementType())
    return op->emitOpError("updates must have the input's element type");
  return success();
}

LogicalResult ScatterElementsOp::verify() {
  if (failed(verifyScatter(*this, getReduction(), getInput().getType(),
                           getUpdates().getType(), getType())))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> indices = getIndices().getType().getShape();
  int64_t axis = getAxis(), rank = in.size();
  if (axis < 0 || axis >= rank)
    return emitOpError("axis ") << axis << " is not in [0, " << rank << ")";
  if (getUpdates().getType().getShape() != indices)
    return emitOpError("updates must have the indices' shape");
  if (static_cast<int64_t>(indices.size()) != rank)
    return emitOpError("indices must have the input's rank");
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis && indices[d] > in[d])
      return emitOpError("indices dimension ")
             << d << " (" << indices[d] << ") exceeds the input's (" << in[d]
             << ")";
  return success();
}

LogicalResult ScatterNDOp::verify() {
  if (failed(verifyScatter(*this, getReduction(), getInput().getType(),
                           getUpdates().getType(), getType())))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> indices = getIndices().getType().getShape();
  if (indices.empty() || indices.back() < 1 ||
      indices.back() > static_cast<int64_t>(in.size()))
    return emitOpError("the indices' last dimension must be in [1, ")
           << in.size() << "]";
  SmallVector<int64_t> expected(indices.drop_back());
  llvm::append_range(expected, in.drop_front(indices.back()));
  if (getUpdates().getType().getShape() != ArrayRef<int64_t>(expected))
    return emitOpError("updates must have shape ") << formatShape(expected);
  return success();
}

LogicalResult GatherElementsOp::verify() {
  auto in = getInput().getType();
  auto indices = getIndices().getType();
  auto out = getResult().getType();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= in.getRank())
    return emitOpError("axis ")
           << axis << " is not in [0, " << in.getRank() << ")";
  if (indices.getRank() != in.getRank())
    return emitOpError("indices must have the input's rank");
  if (out.getShape() != indices.getShape() ||
      out.getElementType() != in.getElementType())
    return emitOpError("result must have the indices' shape and the input's "
                       "element type");
  return success();
}

LogicalResult CumSumOp::verify() {
  int64_t axis = getAxis();
  if (axis < 0 || axis >= getInput().getType().getRank())
    return emitOpError("axis ") << axis << " is not in [0, "
                                << getInput().getType().getRank() << ")";
  return success();
}

OpFoldResult WhereOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr condition = foldable(adaptor.getCondition());
  if (!condition)
    return {};
  // A uniform condition selects one operand, when it has the result type.
  if (condition.isSplat()) {
    Value chosen = condition.getSplatValue<bool>() ? getOnTrue() : getOnFalse();
    if (chosen.getType() == getType())
      return chosen;
  }
  DenseElementsAttr onTrue = foldable(adaptor.getOnTrue());
  DenseElementsAttr onFalse = foldable(adaptor.getOnFalse());
  if (!onTrue || !onFalse)
    return {};
  return buildByIndex(getType(), [&](ArrayRef<int64_t> index) {
    bool pick =
        cast<IntegerAttr>(broadcastElement(condition, index)).getValue()[0];
    return broadcastElement(pick ? onTrue : onFalse, index);
  });
}

//===----------------------------------------------------------------------===//
// ResizeOp
//===----------------------------------------------------------------------===//

LogicalResult GridSampleOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> grid = getGrid().getType().getShape();
  int64_t k = static_cast<int64_t>(in.size()) - 2;
  if (k < 1 || static_cast<int64_t>(grid.size()) != k + 2 || grid.back() != k ||
      grid[0] != in[0])
    return emitOpError("grid must be [N, O1, ..., Ok, k] for an input [N, C, "
                       "D1, ..., Dk]");
  SmallVector<int64_t> expected = {in[0], in[1]};
  llvm::append_range(expected, grid.slice(1, k));
  if (getType().getShape() != ArrayRef<int64_t>(expected) ||
      getType().getElementType() != getInput().getType().getElementType())
    return emitOpError("result must be ")
           << formatShape(expected) << " of the input's element type";
  if (!llvm::is_contained({"nearest", "linear", "cubic"}, getMode()))
    return emitOpError("mode must be 'nearest', 'linear' or 'cubic'");
  if (!llvm::is_contained({"zeros", "border", "reflection"}, getPaddingMode()))
    return emitOpError("padding_mode must be 'zeros', 'border' or "
                       "'reflection'");
  return success();
}

LogicalResult ResizeOp::verify() {
  auto in = getInput().getType();
  auto out = getResult().getType();
  if (in.getRank() != out.getRank() ||
      static_cast<int64_t>(getScales().size()) != in.getRank())
    return emitOpError("requires a result and one scale per input dimension");
  if (getMode() != "nearest" && getMode() != "linear" && getMode() != "cubic")
    return emitOpError("mode must be 'nearest', 'linear' or 'cubic'");
  if (!llvm::is_contained({"half_pixel", "pytorch_half_pixel", "align_corners",
                           "asymmetric", "tf_half_pixel_for_nn"},
                          getCoordinateMode()))
    return emitOpError("unknown coordinate_mode '")
           << getCoordinateMode() << "'";
  if (!llvm::is_contained(
          {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"},
          getNearestMode()))
    return emitOpError("unknown nearest_mode '") << getNearestMode() << "'";
  for (int64_t d = 0; d < in.getRank(); ++d)
    if (in.getDimSize(d) == 0 || out.getDimSize(d) == 0 ||
        !(getScales()[d] > 0))
      return emitOpError("dimension ")
             << d << " is empty or has scale " << getScales()[d];
  return success();
}

//===----------------------------------------------------------------------===//
// ConvTransposeOp
//===----------------------------------------------------------------------===//

LogicalResult ConvTransposeOp::verify() {
  auto in = getInput().getType();
  auto filter = getFilter().getType();
  auto out = getResult().getType();
  int64_t rank = in.getRank(), spatial = rank - 2, groups = getGroups();
  if (rank < 3 || filter.getRank() != rank || out.getRank() != rank)
    return emitOpError("requires input, filter and result of the same rank, "
                       "at least 3");
  if (groups < 1 || in.getDimSize(1) != filter.getDimSize(0) ||
      in.getDimSize(1) % groups ||
      out.getDimSize(1) != filter.getDimSize(1) * groups ||
      out.getDimSize(0) != in.getDimSize(0))
    return emitOpError("channels do not fit: input ")
           << in << ", filter " << filter << ", result " << out << ", groups "
           << groups;
  if (static_cast<int64_t>(getStrides().size()) != spatial ||
      static_cast<int64_t>(getDilations().size()) != spatial ||
      static_cast<int64_t>(getPadsBegin().size()) != spatial)
    return emitOpError("needs one stride, dilation and pad per spatial "
                       "dimension");
  for (int64_t d = 0; d < spatial; ++d)
    if (getStrides()[d] < 1 || getDilations()[d] < 1 || getPadsBegin()[d] < 0)
      return emitOpError("strides and dilations must be positive, pads "
                         "non-negative");
  if (Value bias = getBias())
    if (cast<RankedTensorType>(bias.getType()).getShape() !=
        ArrayRef<int64_t>{out.getDimSize(1)})
      return emitOpError("bias must have one value per output channel");
  return success();
}
