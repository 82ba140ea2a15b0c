//===- ReductionOps.cpp - ONNX reductions ---------------------------------===//
//
// Reductions and their relatives: Reduce*, ArgMax/ArgMin, Softmax,
// LogSoftmax, Hardmax, TopK and CumSum.
//
//===----------------------------------------------------------------------===//

#include "compiler/Input/ONNX/Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace mlir;
using namespace octet::onnx_import;

Value Importer::iotaAlong(int64_t rank, int64_t axis, int64_t size) {
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = size;
  auto values = llvm::to_vector(llvm::seq<int64_t>(0, size));
  return constantValue(DenseElementsAttr::get(
      tensorType(shape, builder.getI64Type()), ArrayRef(values)));
}

Value Importer::argExtreme(Value x, int64_t axis, bool isMax, bool selectLast) {
  using namespace octet::graph;
  int64_t size = shapeOf(x)[axis];
  Value extreme = isMax ? reduceKeepDim<ReduceMaxOp>(x, axis)
                        : reduceKeepDim<ReduceMinOp>(x, axis);
  Value hit = EqualOp::create(builder, curLoc, x, extreme);
  // Positions of the hits, others a sentinel that loses the reduction.
  Value positions = WhereOp::create(
      builder, curLoc, hit, iotaAlong(shapeOf(x).size(), axis, size),
      scalarConstant(selectLast ? -1 : size, builder.getI64Type()));
  return selectLast ? reduceKeepDim<ReduceMaxOp>(positions, axis)
                    : reduceKeepDim<ReduceMinOp>(positions, axis);
}

template <bool IsMax> LogicalResult Importer::importArgExtreme() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> axisAttr = intAttr("axis", 0);
  FailureOr<int64_t> keepdims = intAttr("keepdims", 1);
  FailureOr<int64_t> selectLast = intAttr("select_last_index", 0);
  if (failed(x) || failed(axisAttr) || failed(keepdims) || failed(selectLast))
    return failure();
  FailureOr<int64_t> axis = normalizeAxis(*axisAttr, shapeOf(*x));
  if (failed(axis))
    return failure();
  if (shapeOf(*x)[*axis] == 0)
    return nodeError() << "cannot reduce axis " << *axis << " of size 0";
  Value v = argExtreme(*x, *axis, IsMax, *selectLast != 0);
  if (!*keepdims) {
    SmallVector<int64_t> shape(shapeOf(v));
    shape.erase(shape.begin() + *axis);
    v = reshape(v, shape);
  }
  return define(v);
}

LogicalResult Importer::importTopK() {
  using namespace octet::graph;
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> axisAttr = intAttr("axis", -1);
  FailureOr<int64_t> largest = intAttr("largest", 1);
  FailureOr<int64_t> sorted = intAttr("sorted", 1);
  if (failed(x) || failed(axisAttr) || failed(largest) || failed(sorted))
    return failure();
  int64_t k = 0;
  if (opset < 10) {
    FailureOr<int64_t> kAttr = intAttr("k", -1);
    if (failed(kAttr))
      return failure();
    k = *kAttr;
  } else {
    FailureOr<SmallVector<int64_t>> kInput = constantInt64s(1, "K");
    if (failed(kInput))
      return failure();
    if (kInput->size() != 1)
      return nodeError() << "input 'K' must hold one value";
    k = kInput->front();
  }
  FailureOr<int64_t> axis = normalizeAxis(*axisAttr, shapeOf(*x));
  if (failed(axis))
    return failure();
  int64_t size = shapeOf(*x)[*axis];
  // Selected one at a time (an arg-max, then masked out): K kernels' worth
  // of work, so K is bounded.
  constexpr int64_t kMaxK = 64;
  if (k < 1 || k > size || k > kMaxK)
    return nodeError() << "K = " << k << " is not supported (1 to "
                       << std::min(size, kMaxK) << " along axis " << *axis
                       << " of size " << size << ")";
  Type elemType = elementTypeOf(*x);
  // What a taken element becomes so that it is never taken again.
  Value taken;
  if (auto floatType = dyn_cast<FloatType>(elemType)) {
    taken = constantValue(DenseElementsAttr::get(
        tensorType({}, elemType),
        APFloat::getInf(floatType.getFloatSemantics(), *largest != 0)));
  } else {
    unsigned width = elemType.getIntOrFloatBitWidth();
    bool isUnsigned = elemType.isUnsignedInteger();
    APInt extreme = *largest ? (isUnsigned ? APInt::getMinValue(width)
                                           : APInt::getSignedMinValue(width))
                             : (isUnsigned ? APInt::getMaxValue(width)
                                           : APInt::getSignedMaxValue(width));
    taken = constantValue(DenseElementsAttr::get(
        tensorType({}, elemType), IntegerAttr::get(elemType, extreme)));
  }
  Value remaining = *x;
  Value positions = iotaAlong(shapeOf(*x).size(), *axis, size);
  SmallVector<Value> values, indices;
  for (int64_t i = 0; i < k; ++i) {
    Value index = argExtreme(remaining, *axis, *largest != 0,
                             /*selectLast=*/false);
    indices.push_back(index);
    values.push_back(GatherElementsOp::create(
        builder, curLoc, typeLike(*x, shapeOf(index)), *x, index, *axis));
    if (i + 1 < k)
      remaining = WhereOp::create(
          builder, curLoc, EqualOp::create(builder, curLoc, positions, index),
          taken, remaining);
  }
  SmallVector<int64_t> outShape(shapeOf(*x));
  outShape[*axis] = k;
  auto concat = [&](ArrayRef<Value> parts) -> Value {
    if (parts.size() == 1)
      return parts.front();
    return ConcatOp::create(builder, curLoc, typeLike(parts.front(), outShape),
                            parts, *axis);
  };
  if (failed(define(concat(values), 0)))
    return failure();
  return hasOutput(1) ? define(concat(indices), 1) : success();
}

LogicalResult Importer::importHardmax() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> axisAttr = intAttr("axis", -1);
  if (failed(x) || failed(axisAttr))
    return failure();
  FailureOr<int64_t> axis = normalizeAxis(*axisAttr, shapeOf(*x));
  if (failed(axis))
    return failure();
  int64_t size = shapeOf(*x)[*axis];
  if (size == 0)
    return define(*x);
  Value position = argExtreme(*x, *axis, /*isMax=*/true, /*selectLast=*/false);
  Value hot = octet::graph::EqualOp::create(
      builder, curLoc, iotaAlong(shapeOf(*x).size(), *axis, size), position);
  return define(octet::graph::CastOp::create(builder, curLoc,
                                             typeLike(*x, shapeOf(*x)), hot));
}

LogicalResult Importer::importCumSum() {
  FailureOr<Value> x = operand(0);
  FailureOr<Attribute> axisAttr = constantScalar(1, "axis");
  FailureOr<int64_t> exclusive = intAttr("exclusive", 0);
  FailureOr<int64_t> reverse = intAttr("reverse", 0);
  if (failed(x) || failed(axisAttr) || failed(exclusive) || failed(reverse))
    return failure();
  auto axisInt = dyn_cast<IntegerAttr>(*axisAttr);
  if (!axisInt)
    return nodeError() << "input 'axis' must be an integer";
  FailureOr<int64_t> axis = normalizeAxis(axisInt.getInt(), shapeOf(*x));
  if (failed(axis))
    return failure();
  return define(octet::graph::CumSumOp::create(builder, curLoc, *x, *axis,
                                               *exclusive != 0, *reverse != 0));
}

template <typename OpTy> LogicalResult Importer::importReduce() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> keepdims = intAttr("keepdims", 1);
  FailureOr<int64_t> noopWithEmptyAxes = intAttr("noop_with_empty_axes", 0);
  if (failed(x) || failed(keepdims) || failed(noopWithEmptyAxes))
    return failure();
  for (auto [name, value] :
       {std::pair<StringRef, int64_t>{"keepdims", *keepdims},
        {"noop_with_empty_axes", *noopWithEmptyAxes}})
    if (value != 0 && value != 1)
      return nodeError() << "unsupported value " << value << " for attribute '"
                         << name << "' (expected 0 or 1)";
  SmallVector<int64_t> axes;
  if (findAttr("axes")) {
    FailureOr<std::optional<SmallVector<int64_t>>> attr = intsAttr("axes");
    if (failed(attr))
      return failure();
    axes = **attr;
  } else if (curNode->input_size() > 1 && !curNode->input(1).empty()) {
    FailureOr<SmallVector<int64_t>> input = constantInt64s(1, "axes");
    if (failed(input))
      return failure();
    axes = *input;
  }
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size();
  if (axes.empty()) {
    // No axes: all of them, or (noop_with_empty_axes) none.
    if (*noopWithEmptyAxes || rank == 0)
      return define(*x);
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }
  for (int64_t &axis : axes) {
    FailureOr<int64_t> normalized = normalizeAxis(axis, shape);
    if (failed(normalized))
      return failure();
    axis = *normalized;
  }
  llvm::sort(axes);
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end())
    return nodeError() << "axes must be distinct";
  SmallVector<int64_t> resultShape;
  for (int64_t i = 0; i < rank; ++i) {
    if (!llvm::is_contained(axes, i))
      resultShape.push_back(shape[i]);
    else if (*keepdims)
      resultShape.push_back(1);
  }
  return define(OpTy::create(builder, curLoc, typeLike(*x, resultShape), *x,
                             builder.getDenseI64ArrayAttr(axes),
                             *keepdims ? builder.getUnitAttr() : UnitAttr()));
}

template <typename OpTy> LogicalResult Importer::importSoftmax() {
  bool legacy = opset < 13;
  FailureOr<int64_t> axisAttr = intAttr("axis", legacy ? 1 : -1);
  FailureOr<Value> x = operand(0);
  if (failed(axisAttr) || failed(x))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size();
  int64_t axis = *axisAttr;
  if (rank == 0)
    return nodeError() << "input must have rank at least 1";
  if (axis < -rank || axis >= rank)
    return nodeError() << "unsupported value " << axis
                       << " for attribute 'axis' (out of range [" << -rank
                       << ", " << rank << ") for input of shape "
                       << formatShape(shape) << ")";
  if (axis < 0)
    axis += rank;
  if (!legacy || axis == rank - 1)
    return define(OpTy::create(builder, curLoc, *x, axis));
  // Opset < 13: coerce to 2-D [prod(d[:axis]), prod(d[axis:])], softmax
  // along dimension 1, restore the shape.
  FailureOr<int64_t> outer = checkedProduct(shape.take_front(axis));
  FailureOr<int64_t> inner = checkedProduct(shape.drop_front(axis));
  if (failed(outer) || failed(inner))
    return failure();
  SmallVector<int64_t> flat = {*outer, *inner};
  Value flatX = reshape(*x, flat);
  Value sm = OpTy::create(builder, curLoc, flatX, 1);
  return define(reshape(sm, shape));
}

ArrayRef<Importer::Registration> Importer::reductionRegistrations() {
  using namespace octet::graph;
  static const Registration table[] = {
      {{"ArgMax", 1, 1, 1, "axis,keepdims,select_last_index"},
       &Importer::importArgExtreme<true>,
       kNumeric},
      {{"ArgMin", 1, 1, 1, "axis,keepdims,select_last_index"},
       &Importer::importArgExtreme<false>,
       kNumeric},
      {{"CumSum", 11, 2, 2, "exclusive,reverse"},
       &Importer::importCumSum,
       kNumeric},
      {{"Hardmax", 13, 1, 1, "axis"}, &Importer::importHardmax},
      {{"LogSoftmax", 1, 1, 1, "axis"}, &Importer::importSoftmax<LogSoftmaxOp>},
      {{"ReduceL1", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceL1Op>,
       kNumeric},
      {{"ReduceL1", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceL1Op>,
       kNumeric},
      {{"ReduceL2", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceL2Op>,
       kNumeric},
      {{"ReduceL2", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceL2Op>,
       kNumeric},
      {{"ReduceLogSum", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceLogSumOp>},
      {{"ReduceLogSum", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceLogSumOp>},
      {{"ReduceLogSumExp", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceLogSumExpOp>},
      {{"ReduceLogSumExp", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceLogSumExpOp>},
      {{"ReduceMax", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceMaxOp>,
       kAll},
      {{"ReduceMax", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceMaxOp>,
       kAll},
      {{"ReduceMean", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceMeanOp>,
       kNumeric},
      {{"ReduceMean", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceMeanOp>,
       kNumeric},
      {{"ReduceMin", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceMinOp>,
       kAll},
      {{"ReduceMin", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceMinOp>,
       kAll},
      {{"ReduceProd", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceProdOp>,
       kNumeric},
      {{"ReduceProd", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceProdOp>,
       kNumeric},
      {{"ReduceSum", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceSumOp>,
       kNumeric},
      {{"ReduceSum", 13, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceSumOp>,
       kNumeric},
      {{"ReduceSumSquare", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceSumSquareOp>,
       kNumeric},
      {{"ReduceSumSquare", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceSumSquareOp>,
       kNumeric},
      {{"Softmax", 1, 1, 1, "axis"}, &Importer::importSoftmax<SoftmaxOp>},
      {{"TopK", 1, 1, 1, "axis,k", 2}, &Importer::importTopK, kNumeric},
      {{"TopK", 10, 2, 2, "axis", 2}, &Importer::importTopK, kNumeric},
      {{"TopK", 11, 2, 2, "axis,largest,sorted", 2},
       &Importer::importTopK,
       kNumeric},
  };
  return table;
}
