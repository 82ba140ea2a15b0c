//===- DataMovementOps.cpp - ONNX data movement and shapes ----------------===//
//
// Data movement and shape operators: Reshape, Transpose, Concat, Split,
// Slice, Pad, Gather*, Expand, Tile, Squeeze/Unsqueeze, Shape, Size, Range,
// ConstantOfShape, EyeLike, OneHot, Trilu, Identity and Constant.
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

LogicalResult Importer::importShape() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> start = intAttr("start", 0);
  FailureOr<int64_t> end = intAttr("end", std::numeric_limits<int64_t>::max());
  if (failed(x) || failed(start) || failed(end))
    return failure();
  // Shapes are static: the result is a constant. start/end clamp to
  // [0, rank] after adding rank to negative values.
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size();
  auto clampToRank = [&](int64_t i) {
    if (i < 0)
      i += rank;
    return std::clamp<int64_t>(i, 0, rank);
  };
  int64_t first = clampToRank(*start), last = clampToRank(*end);
  SmallVector<int64_t> dims(shape.begin() + first,
                            shape.begin() + std::max(first, last));
  auto type =
      tensorType({static_cast<int64_t>(dims.size())}, builder.getI64Type());
  return define(constantValue(DenseElementsAttr::get(type, ArrayRef(dims))));
}

FailureOr<Importer::GatherInputs> Importer::gatherInputs() {
  FailureOr<Value> x = operand(0), indices;
  FailureOr<int64_t> axisAttr = intAttr("axis", 0);
  if (failed(x) || failed(indices = operand(1)) || failed(axisAttr))
    return failure();
  Type indexType = elementTypeOf(*indices);
  if (!indexType.isSignlessInteger(32) && !indexType.isSignlessInteger(64))
    return nodeError() << "input 'indices' has element type "
                       << onnx_import::dataTypeName(
                              onnx_import::dataTypeOf(indexType))
                       << "; expected INT32 or INT64",
           failure();
  FailureOr<int64_t> axis = normalizeAxis(*axisAttr, shapeOf(*x));
  if (failed(axis))
    return failure();
  if (shapeOf(*x)[*axis] == 0)
    return nodeError() << "cannot gather along axis " << *axis << " of size 0",
           failure();
  return GatherInputs{*x, *indices, *axis};
}

LogicalResult Importer::importGather() {
  FailureOr<GatherInputs> in = gatherInputs();
  if (failed(in))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(in->x);
  SmallVector<int64_t> outShape(shape.take_front(in->axis));
  llvm::append_range(outShape, shapeOf(in->indices));
  outShape.append(shape.begin() + in->axis + 1, shape.end());
  return define(octet::graph::GatherOp::create(builder, curLoc,
                                               typeLike(in->x, outShape), in->x,
                                               in->indices, in->axis));
}

LogicalResult Importer::importGatherND() {
  using namespace octet::graph;
  FailureOr<Value> x = operand(0), indices = operand(1);
  FailureOr<int64_t> batchDims = intAttr("batch_dims", 0);
  if (failed(x) || failed(indices) || failed(batchDims))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x), idxShape = shapeOf(*indices);
  int64_t rank = shape.size(), idxRank = idxShape.size(), b = *batchDims;
  if (!elementTypeOf(*indices).isSignlessInteger(64))
    return nodeError() << "input 'indices' must be INT64";
  if (b < 0 || b >= std::min(rank, idxRank))
    return nodeError() << "batch_dims " << b
                       << " must be in [0, min(rank of data, rank of "
                          "indices))";
  int64_t k = idxShape.back();
  if (k < 1 || b + k > rank)
    return nodeError() << "the last dimension of 'indices' (" << k
                       << ") must be in [1, " << rank - b << "]";
  if (shape.take_front(b) != idxShape.take_front(b))
    return nodeError() << "the first " << b << " dimensions of 'data' "
                       << formatShape(shape) << " and 'indices' "
                       << formatShape(idxShape) << " differ";
  // The indexed block of dimensions [b, b + k) flattens, with the batch
  // dimensions, into one axis of `flat`; each index tuple becomes a linear
  // index into it (negative components wrap), and Gather picks the rows.
  int64_t batch = 1, block = 1;
  for (int64_t d : shape.take_front(b))
    batch *= d;
  for (int64_t d : shape.slice(b, k))
    block *= d;
  SmallVector<int64_t> flatShape = {batch * block};
  flatShape.append(shape.begin() + b + k, shape.end());
  Value flat = reshape(*x, flatShape);
  Type i64 = elementTypeOf(*indices);
  auto vector = [&](ArrayRef<int64_t> values) {
    return constantValue(DenseElementsAttr::get(
        tensorType({static_cast<int64_t>(values.size())}, i64), values));
  };
  SmallVector<int64_t> dims(shape.slice(b, k)), strides(k, 1);
  for (int64_t d = k - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * dims[d + 1];
  Value wrapped = WhereOp::create(
      builder, curLoc,
      LessOp::create(builder, curLoc, *indices, scalarConstant(0, i64)),
      AddOp::create(builder, curLoc, *indices, vector(dims)), *indices);
  SmallVector<int64_t> linearShape(idxShape.drop_back());
  Value linear = ReduceSumOp::create(
      builder, curLoc, tensorType(linearShape, i64),
      MulOp::create(builder, curLoc, wrapped, vector(strides)),
      builder.getDenseI64ArrayAttr({idxRank - 1}), UnitAttr());
  if (b > 0) {
    // + the batch entry's offset, batch_index * block.
    SmallVector<int64_t> offsetShape(idxShape.take_front(b));
    offsetShape.append(idxRank - 1 - b, 1);
    SmallVector<int64_t> offsets;
    for (int64_t i = 0; i < batch; ++i)
      offsets.push_back(i * block);
    linear = AddOp::create(
        builder, curLoc, linear,
        constantValue(DenseElementsAttr::get(tensorType(offsetShape, i64),
                                             ArrayRef<int64_t>(offsets))));
  }
  SmallVector<int64_t> outShape(linearShape);
  outShape.append(shape.begin() + b + k, shape.end());
  return define(GatherOp::create(builder, curLoc, typeLike(*x, outShape), flat,
                                 linear, 0));
}

FailureOr<std::string> Importer::scatterReduction() {
  FailureOr<std::string> reduction = stringAttr("reduction", "none");
  if (failed(reduction))
    return failure();
  if (!llvm::is_contained({"none", "add", "mul", "max", "min"}, *reduction))
    return nodeError() << "reduction '" << *reduction
                       << "' is not one of none, add, mul, max, min";
  return reduction;
}

LogicalResult Importer::importScatterElements() {
  FailureOr<GatherInputs> in = gatherInputs();
  FailureOr<Value> updates = operand(2);
  FailureOr<std::string> reduction = scatterReduction();
  if (failed(in) || failed(updates) || failed(reduction))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(in->x), idxShape = shapeOf(in->indices);
  if (shapeOf(*updates) != idxShape)
    return nodeError() << "updates of shape " << formatShape(shapeOf(*updates))
                       << " must have the shape of the indices "
                       << formatShape(idxShape);
  if (elementTypeOf(*updates) != elementTypeOf(in->x))
    return nodeError() << "updates must have the element type of 'data'";
  if (idxShape.size() != shape.size())
    return nodeError() << "indices of shape " << formatShape(idxShape)
                       << " must have the rank of 'data' "
                       << formatShape(shape);
  for (size_t d = 0; d < shape.size(); ++d)
    if (static_cast<int64_t>(d) != in->axis && idxShape[d] > shape[d])
      return nodeError() << "indices of shape " << formatShape(idxShape)
                         << " exceed 'data' " << formatShape(shape)
                         << " in dimension " << d;
  return define(octet::graph::ScatterElementsOp::create(
      builder, curLoc, in->x.getType(), in->x, in->indices, *updates, in->axis,
      *reduction));
}

LogicalResult Importer::importScatterND() {
  FailureOr<Value> x = operand(0), indices = operand(1), updates = operand(2);
  FailureOr<std::string> reduction = scatterReduction();
  if (failed(x) || failed(indices) || failed(updates) || failed(reduction))
    return failure();
  if (!elementTypeOf(*indices).isSignlessInteger(64))
    return nodeError() << "input 'indices' must be INT64";
  if (elementTypeOf(*updates) != elementTypeOf(*x))
    return nodeError() << "updates must have the element type of 'data'";
  ArrayRef<int64_t> shape = shapeOf(*x), idxShape = shapeOf(*indices);
  if (idxShape.empty() || idxShape.back() < 1 ||
      idxShape.back() > static_cast<int64_t>(shape.size()))
    return nodeError() << "the last dimension of 'indices' "
                       << formatShape(idxShape) << " must be in [1, "
                       << shape.size() << "]";
  SmallVector<int64_t> expected(idxShape.drop_back());
  llvm::append_range(expected, shape.drop_front(idxShape.back()));
  if (shapeOf(*updates) != ArrayRef<int64_t>(expected))
    return nodeError() << "updates of shape " << formatShape(shapeOf(*updates))
                       << " must have shape " << formatShape(expected);
  return define(octet::graph::ScatterNDOp::create(
      builder, curLoc, x->getType(), *x, *indices, *updates, *reduction));
}

LogicalResult Importer::importTrilu() {
  using namespace octet::graph;
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> upper = intAttr("upper", 1);
  if (failed(x) || failed(upper))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  if (shape.size() < 2)
    return nodeError() << "input of shape " << formatShape(shape)
                       << " has rank below 2";
  // k: a scalar, constant or not (0 when absent).
  Value k = scalarConstant(0, builder.getI64Type());
  if (curNode->input_size() > 1 && !curNode->input(1).empty()) {
    FailureOr<Value> kInput = operand(1);
    if (failed(kInput))
      return failure();
    if (!elementTypeOf(*kInput).isSignlessInteger(64) ||
        checkedProduct(shapeOf(*kInput)) != 1)
      return nodeError() << "input 'k' must be an INT64 scalar";
    k = reshape(*kInput, {});
  }
  // Keep element (i, j) when j - i >= k (upper) or j - i <= k (lower).
  int64_t rows = shape[shape.size() - 2], cols = shape.back();
  SmallVector<int64_t> diagonal;
  diagonal.reserve(rows * cols);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      diagonal.push_back(j - i);
  Value offsets = constantValue(DenseElementsAttr::get(
      tensorType({rows, cols}, builder.getI64Type()), ArrayRef(diagonal)));
  Value keep =
      *upper
          ? foldConstants(GreaterOrEqualOp::create(builder, curLoc, offsets, k))
          : foldConstants(LessOrEqualOp::create(builder, curLoc, offsets, k));
  return define(WhereOp::create(builder, curLoc, keep, *x,
                                scalarConstant(0, elementTypeOf(*x))));
}

LogicalResult Importer::importRange() {
  FailureOr<Attribute> start = constantScalar(0, "start");
  FailureOr<Attribute> limit, delta;
  if (failed(start) || failed(limit = constantScalar(1, "limit")) ||
      failed(delta = constantScalar(2, "delta")))
    return failure();
  Type type = cast<TypedAttr>(*start).getType();
  auto asDouble = [](Attribute a) {
    if (auto f = dyn_cast<FloatAttr>(a))
      return f.getValueAsDouble();
    return static_cast<double>(cast<IntegerAttr>(a).getInt());
  };
  double first = asDouble(*start), step = asDouble(*delta);
  if (step == 0)
    return nodeError() << "input 'delta' is 0";
  double count = std::ceil((asDouble(*limit) - first) / step);
  if (!(count < 1e7))
    return nodeError() << "the range has " << count << " elements";
  int64_t n = std::max<int64_t>(0, static_cast<int64_t>(count));
  SmallVector<Attribute> values;
  for (int64_t i = 0; i < n; ++i) {
    if (auto f = dyn_cast<FloatAttr>(*start)) {
      // ONNX: start + i * delta, in the element type.
      values.push_back(builder.getFloatAttr(type, first + i * step));
    } else {
      int64_t s = cast<IntegerAttr>(*start).getInt();
      int64_t d = cast<IntegerAttr>(*delta).getInt();
      values.push_back(builder.getIntegerAttr(type, s + i * d));
    }
  }
  return define(
      constantValue(DenseElementsAttr::get(tensorType({n}, type), values)));
}

LogicalResult Importer::importEyeLike() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> k = intAttr("k", 0);
  FailureOr<int64_t> dtype = intAttr("dtype", 0);
  if (failed(x) || failed(k) || failed(dtype))
    return failure();
  Type type = elementTypeOf(*x);
  if (findAttr("dtype")) {
    type = onnx_import::elementType(ctx, static_cast<int32_t>(*dtype));
    if (!type)
      return nodeError() << "unsupported type "
                         << onnx_import::dataTypeName(
                                static_cast<int32_t>(*dtype))
                         << " (attribute 'dtype')";
  }
  ArrayRef<int64_t> shape = shapeOf(*x);
  if (shape.size() != 2)
    return nodeError() << "input must be 2-D, got shape " << formatShape(shape);
  SmallVector<Attribute> values;
  for (int64_t i = 0; i < shape[0]; ++i)
    for (int64_t j = 0; j < shape[1]; ++j) {
      bool one = j - i == *k;
      values.push_back(isa<FloatType>(type)
                           ? Attribute(builder.getFloatAttr(type, one))
                           : Attribute(builder.getIntegerAttr(type, one)));
    }
  return define(
      constantValue(DenseElementsAttr::get(tensorType(shape, type), values)));
}

LogicalResult Importer::importOneHot() {
  using namespace octet::graph;
  FailureOr<Value> indices = operand(0), values;
  FailureOr<Attribute> depthAttr = constantScalar(1, "depth");
  FailureOr<int64_t> axisAttr = intAttr("axis", -1);
  if (failed(indices) || failed(depthAttr) || failed(values = operand(2)) ||
      failed(axisAttr))
    return failure();
  double depthValue = isa<FloatAttr>(*depthAttr)
                          ? cast<FloatAttr>(*depthAttr).getValueAsDouble()
                          : cast<IntegerAttr>(*depthAttr).getInt();
  if (!(depthValue >= 1 && depthValue < 1e7))
    return nodeError() << "input 'depth' is " << depthValue;
  int64_t depth = static_cast<int64_t>(depthValue);
  if (shapeOf(*values) != ArrayRef<int64_t>{2})
    return nodeError() << "input 'values' must have shape [2], got "
                       << formatShape(shapeOf(*values));
  SmallVector<int64_t> outShape(shapeOf(*indices));
  int64_t rank = outShape.size() + 1;
  FailureOr<int64_t> axis =
      normalizeAxis(*axisAttr, SmallVector<int64_t>(rank, 1));
  if (failed(axis))
    return failure();
  outShape.insert(outShape.begin() + *axis, depth);
  // Indices as INT64, negative ones counting from the back.
  Value idx = *indices;
  if (!elementTypeOf(idx).isSignlessInteger(64))
    idx = CastOp::create(builder, curLoc,
                         tensorType(shapeOf(idx), builder.getI64Type()), idx);
  Value zero = scalarConstant(0, builder.getI64Type());
  Value negative = LessOp::create(builder, curLoc, idx, zero);
  Value wrapped = AddOp::create(builder, curLoc, idx,
                                scalarConstant(depth, builder.getI64Type()));
  idx = WhereOp::create(builder, curLoc, negative, wrapped, idx);
  SmallVector<int64_t> idxShape(shapeOf(idx));
  idxShape.insert(idxShape.begin() + *axis, 1);
  idx = reshape(idx, idxShape);
  Value hot =
      EqualOp::create(builder, curLoc, idx, iotaAlong(rank, *axis, depth));
  auto pick = [&](int64_t i) -> Value {
    Value position = constantValue(DenseElementsAttr::get(
        tensorType({}, builder.getI64Type()), ArrayRef<int64_t>{i}));
    return GatherOp::create(builder, curLoc, typeLike(*values, {}), *values,
                            position, 0);
  };
  return define(WhereOp::create(builder, curLoc, hot, pick(1), pick(0)));
}

LogicalResult Importer::importGatherElements() {
  FailureOr<GatherInputs> in = gatherInputs();
  if (failed(in))
    return failure();
  if (shapeOf(in->indices).size() != shapeOf(in->x).size())
    return nodeError() << "input 'indices' of shape "
                       << formatShape(shapeOf(in->indices))
                       << " must have the data's rank "
                       << shapeOf(in->x).size();
  return define(octet::graph::GatherElementsOp::create(
      builder, curLoc, typeLike(in->x, shapeOf(in->indices)), in->x,
      in->indices, in->axis));
}

LogicalResult Importer::importCompress() {
  FailureOr<Value> x = operand(0), condition = operand(1);
  if (failed(x) || failed(condition))
    return failure();
  if (!elementTypeOf(*condition).isInteger(1) ||
      shapeOf(*condition).size() != 1)
    return nodeError() << "input 'condition' must be a 1-D BOOL tensor";
  // The result's size is the number of true conditions: known only when the
  // condition is a constant.
  FailureOr<DenseElementsAttr> values = constantOperand(1, "condition");
  if (failed(values))
    return failure();
  Value data = *x;
  int64_t axis = 0;
  if (findAttr("axis")) {
    FailureOr<int64_t> axisAttr = intAttr("axis", 0);
    if (failed(axisAttr))
      return failure();
    FailureOr<int64_t> normalized = normalizeAxis(*axisAttr, shapeOf(*x));
    if (failed(normalized))
      return failure();
    axis = *normalized;
  } else {
    // Without an axis the input is flattened first.
    FailureOr<int64_t> count = checkedProduct(shapeOf(*x));
    if (failed(count))
      return failure();
    data = reshape(*x, {*count});
  }
  int64_t dim = shapeOf(data)[axis];
  SmallVector<int64_t> kept;
  for (auto [i, keep] : llvm::enumerate(values->getValues<bool>())) {
    if (static_cast<int64_t>(i) >= dim) {
      if (keep)
        return nodeError() << "condition has a true value at position " << i
                           << ", past the " << dim << " elements of axis "
                           << axis;
      continue;
    }
    if (keep)
      kept.push_back(i);
  }
  if (kept.empty())
    return nodeError() << "the condition selects nothing (zero-sized tensors "
                          "are supported only as compile-time constants)";
  Value indices = constantValue(DenseElementsAttr::get(
      tensorType({static_cast<int64_t>(kept.size())}, builder.getI64Type()),
      ArrayRef<int64_t>(kept)));
  SmallVector<int64_t> outShape(shapeOf(data));
  outShape[axis] = kept.size();
  return define(octet::graph::GatherOp::create(
      builder, curLoc, typeLike(data, outShape), data, indices, axis));
}

/// -1, 0 or 1 as element `a` is below, equal to or above `b` (integers
/// compare signed unless `isUnsigned`; a float NaN is above everything and
/// equal to nothing).
static int compareElements(Attribute a, Attribute b, bool isUnsigned) {
  if (auto fa = dyn_cast<FloatAttr>(a)) {
    APFloat x = fa.getValue(), y = cast<FloatAttr>(b).getValue();
    switch (x.compare(y)) {
    case APFloat::cmpLessThan:
      return -1;
    case APFloat::cmpGreaterThan:
      return 1;
    case APFloat::cmpEqual:
      return 0;
    case APFloat::cmpUnordered:
      return x.isNaN() && !y.isNaN() ? 1 : -1;
    }
  }
  const APInt &x = cast<IntegerAttr>(a).getValue();
  const APInt &y = cast<IntegerAttr>(b).getValue();
  if (x == y)
    return 0;
  bool less = isUnsigned || x.getBitWidth() == 1 ? x.ult(y) : x.slt(y);
  return less ? -1 : 1;
}

LogicalResult Importer::importNonZero() {
  FailureOr<DenseElementsAttr> x = constantOperand(0, "data");
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = x->getType().getShape();
  int64_t rank = shape.size();
  // The coordinates of the non-zero elements, row-major, as [rank, count].
  SmallVector<SmallVector<int64_t>> coordinates(rank);
  SmallVector<int64_t> index(rank, 0);
  for (Attribute element : x->getValues<Attribute>()) {
    bool nonZero = isa<FloatAttr>(element)
                       ? !cast<FloatAttr>(element).getValue().isZero()
                       : !cast<IntegerAttr>(element).getValue().isZero();
    if (nonZero)
      for (int64_t d = 0; d < rank; ++d)
        coordinates[d].push_back(index[d]);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  int64_t count = rank ? coordinates[0].size() : 0;
  if (rank == 0 || count == 0)
    return nodeError() << "the result would be empty (zero-sized tensors are "
                          "supported only as compile-time constants that "
                          "fold away)";
  SmallVector<int64_t> flat;
  for (ArrayRef<int64_t> row : coordinates)
    llvm::append_range(flat, row);
  return define(constantValue(DenseElementsAttr::get(
      tensorType({rank, count}, builder.getI64Type()), ArrayRef(flat))));
}

LogicalResult Importer::importUnique() {
  FailureOr<DenseElementsAttr> x = constantOperand(0, "data");
  FailureOr<int64_t> sorted = intAttr("sorted", 1);
  if (failed(x) || failed(sorted))
    return failure();
  Value input = *operand(0);
  bool isUnsigned = elementTypeOf(input).isUnsignedInteger();
  SmallVector<int64_t> shape(x->getType().getShape());
  SmallVector<Attribute> elements(x->getValues<Attribute>());
  // Slices along the axis (single elements of the flattened input without
  // one): slice i holds the elements whose axis index is i, row-major.
  int64_t axis = 0;
  if (findAttr("axis")) {
    FailureOr<int64_t> axisAttr = intAttr("axis", 0);
    if (failed(axisAttr))
      return failure();
    FailureOr<int64_t> normalized = normalizeAxis(*axisAttr, shape);
    if (failed(normalized))
      return failure();
    axis = *normalized;
  } else {
    shape = {static_cast<int64_t>(elements.size())};
  }
  int64_t outer = 1, inner = 1, dim = shape[axis];
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (int64_t d = axis + 1; d < static_cast<int64_t>(shape.size()); ++d)
    inner *= shape[d];
  auto element = [&](int64_t slice, int64_t k) {
    return elements[((k / inner) * dim + slice) * inner + k % inner];
  };
  auto compareSlices = [&](int64_t a, int64_t b) {
    for (int64_t k = 0; k < outer * inner; ++k)
      if (int c = compareElements(element(a, k), element(b, k), isUnsigned))
        return c;
    return 0;
  };
  // First occurrences in input order, then (sorted) in ascending order.
  SmallVector<int64_t> firsts, inverse(dim), counts;
  for (int64_t i = 0; i < dim; ++i) {
    auto found = llvm::find_if(
        firsts, [&](int64_t f) { return compareSlices(f, i) == 0; });
    if (found == firsts.end()) {
      inverse[i] = firsts.size();
      firsts.push_back(i);
      counts.push_back(1);
    } else {
      inverse[i] = found - firsts.begin();
      ++counts[inverse[i]];
    }
  }
  SmallVector<int64_t> order =
      llvm::to_vector(llvm::seq<int64_t>(0, firsts.size()));
  if (*sorted)
    llvm::stable_sort(order, [&](int64_t a, int64_t b) {
      return compareSlices(firsts[a], firsts[b]) < 0;
    });
  SmallVector<int64_t> rank(order.size());
  for (auto [position, u] : llvm::enumerate(order))
    rank[u] = position;
  int64_t unique = order.size();
  SmallVector<Attribute> values;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t u : order)
      for (int64_t in = 0; in < inner; ++in)
        values.push_back(element(firsts[u], o * inner + in));
  SmallVector<int64_t> outShape(shape);
  outShape[axis] = unique;
  SmallVector<int64_t> indices, orderedCounts, inverseIndices;
  for (int64_t u : order) {
    indices.push_back(firsts[u]);
    orderedCounts.push_back(counts[u]);
  }
  for (int64_t i : inverse)
    inverseIndices.push_back(rank[i]);
  Type i64 = builder.getI64Type();
  auto vector = [&](ArrayRef<int64_t> v) {
    return constantValue(DenseElementsAttr::get(
        tensorType({static_cast<int64_t>(v.size())}, i64), v));
  };
  if (failed(define(constantValue(DenseElementsAttr::get(
                        typeLike(input, outShape), values)),
                    0)) ||
      (hasOutput(1) && failed(define(vector(indices), 1))) ||
      (hasOutput(2) && failed(define(vector(inverseIndices), 2))) ||
      (hasOutput(3) && failed(define(vector(orderedCounts), 3))))
    return failure();
  return success();
}

LogicalResult Importer::importReverseSequence() {
  using namespace octet::graph;
  FailureOr<Value> x = operand(0), lengths = operand(1);
  FailureOr<int64_t> batchAxis = intAttr("batch_axis", 1);
  FailureOr<int64_t> timeAxis = intAttr("time_axis", 0);
  if (failed(x) || failed(lengths) || failed(batchAxis) || failed(timeAxis))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size();
  if (rank < 2 || !((*batchAxis == 0 && *timeAxis == 1) ||
                    (*batchAxis == 1 && *timeAxis == 0)))
    return nodeError() << "batch_axis and time_axis must be 0 and 1 (in "
                          "either order) of an input of rank 2 or more";
  int64_t batch = shape[*batchAxis], time = shape[*timeAxis];
  if (!elementTypeOf(*lengths).isSignlessInteger(64) ||
      shapeOf(*lengths) != ArrayRef<int64_t>{batch})
    return nodeError() << "input 'sequence_lens' must be INT64 of shape ["
                       << batch << "]";
  // Position t of batch entry b reads t' = len[b] - 1 - t while t < len[b],
  // else t itself: a GatherElements along the time axis (the lengths may be
  // runtime values).
  SmallVector<int64_t> lenShape(rank, 1);
  lenShape[*batchAxis] = batch;
  Value len = reshape(*lengths, lenShape);
  Value t = iotaAlong(rank, *timeAxis, time);
  Type i64 = builder.getI64Type();
  Value reversed = SubOp::create(
      builder, curLoc,
      SubOp::create(builder, curLoc, len, scalarConstant(1, i64)), t);
  Value index = WhereOp::create(
      builder, curLoc, LessOp::create(builder, curLoc, t, len), reversed, t);
  Value indices = shapeOf(index) == shape
                      ? index
                      : Value(ExpandOp::create(builder, curLoc,
                                               tensorType(shape, i64), index));
  return define(GatherElementsOp::create(builder, curLoc, x->getType(), *x,
                                         indices, *timeAxis));
}

LogicalResult Importer::importSize() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  FailureOr<int64_t> count = checkedProduct(shapeOf(*x));
  if (failed(count))
    return failure();
  auto type = tensorType({}, builder.getI64Type());
  return define(constantValue(DenseElementsAttr::get(type, *count)));
}

LogicalResult Importer::importConstantOfShape() {
  FailureOr<SmallVector<int64_t>> shape = constantInt64s(0, "shape");
  if (failed(shape))
    return failure();
  for (int64_t d : *shape)
    if (d < 0)
      return nodeError() << "input 'input' holds a negative dimension " << d;
  // The fill value: attribute 'value', a one-element tensor (float 0 when
  // absent).
  DenseElementsAttr fill = DenseElementsAttr::get(
      tensorType({1}, builder.getF32Type()), builder.getF32FloatAttr(0));
  if (const onnx::AttributeProto *attr = findAttr("value")) {
    if (attr->type() != onnx::AttributeProto::TENSOR)
      return nodeError() << "attribute 'value' must be a tensor";
    FailureOr<DenseElementsAttr> value =
        tensorAttr(attr->t(), "value", curLoc, "ConstantOfShape");
    if (failed(value))
      return failure();
    if (value->getNumElements() != 1)
      return nodeError() << "attribute 'value' must hold one element, got "
                         << value->getNumElements();
    fill = *value;
  }
  if (failed(checkedProduct(*shape)))
    return failure();
  auto type = tensorType(*shape, fill.getElementType());
  return define(constantValue(
      DenseElementsAttr::get(type, fill.getValues<Attribute>()[0])));
}

LogicalResult Importer::importConcat() {
  FailureOr<int64_t> axisAttr = intAttr("axis", 0);
  if (failed(axisAttr))
    return failure();
  if (!findAttr("axis"))
    return nodeError() << "attribute 'axis' is required";
  SmallVector<Value> inputs;
  for (int i = 0, e = curNode->input_size(); i < e; ++i) {
    FailureOr<Value> v = operand(i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  ArrayRef<int64_t> first = shapeOf(inputs.front());
  FailureOr<int64_t> axis = normalizeAxis(*axisAttr, first);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(first);
  shape[*axis] = 0;
  for (Value in : inputs) {
    ArrayRef<int64_t> s = shapeOf(in);
    for (int64_t d = 0, rank = first.size(); d < rank; ++d)
      if (s.size() != first.size() || (d != *axis && s[d] != first[d]))
        return nodeError() << "inputs of shapes " << formatShape(first)
                           << " and " << formatShape(s)
                           << " cannot be concatenated along axis " << *axis;
    shape[*axis] += s[*axis];
  }
  // Empty inputs (constants, see define) add nothing.
  if (shape[*axis] > 0)
    llvm::erase_if(inputs, [&](Value in) { return shapeOf(in)[*axis] == 0; });
  if (inputs.size() == 1)
    return define(inputs.front());
  return define(octet::graph::ConcatOp::create(
      builder, curLoc, typeLike(inputs.front(), shape), inputs, *axis));
}

LogicalResult Importer::importSlice() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size();
  // starts, ends, axes, steps: attributes before opset 10, inputs after.
  SmallVector<int64_t> starts, ends, axes, steps;
  bool fromInputs = opset >= 10;
  auto read = [&](int index, StringRef name,
                  SmallVectorImpl<int64_t> &out) -> LogicalResult {
    if (!fromInputs) {
      FailureOr<std::optional<SmallVector<int64_t>>> attr = intsAttr(name);
      if (failed(attr))
        return failure();
      if (*attr)
        out.assign(**attr);
      return success();
    }
    if (curNode->input_size() <= index || curNode->input(index).empty())
      return success();
    FailureOr<SmallVector<int64_t>> values = constantInt64s(index, name);
    if (failed(values))
      return failure();
    out.assign(*values);
    return success();
  };
  if (failed(read(1, "starts", starts)) || failed(read(2, "ends", ends)) ||
      failed(read(3, "axes", axes)) || failed(read(4, "steps", steps)))
    return failure();
  if (axes.empty())
    axes = llvm::to_vector(llvm::seq<int64_t>(0, starts.size()));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return nodeError() << "starts, ends, axes and steps must have the same "
                          "length";
  SmallVector<int64_t> outStarts(rank, 0), outSteps(rank, 1);
  SmallVector<int64_t> outShape(shape);
  SmallVector<bool> seen(rank, false);
  for (auto [i, axisValue] : llvm::enumerate(axes)) {
    FailureOr<int64_t> axis = normalizeAxis(axisValue, shape);
    if (failed(axis))
      return failure();
    if (seen[*axis])
      return nodeError() << "axis " << *axis << " is sliced twice";
    seen[*axis] = true;
    int64_t dim = shape[*axis], step = steps[i];
    if (step == 0)
      return nodeError() << "steps must not be 0";
    // ONNX's clamping: negative values count from the end; starts and ends
    // are clamped to [0, dim] for positive steps, [-1, dim - 1] for negative.
    if (step == std::numeric_limits<int64_t>::min())
      return nodeError() << "step " << step << " is out of range";
    // Negative values count from the end (saturating: dim is at most 2^62).
    auto wrap = [&](int64_t v) {
      return v < 0 ? std::max<int64_t>(v, -dim - 1) + dim : v;
    };
    int64_t start = wrap(starts[i]), end = wrap(ends[i]);
    int64_t length;
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
      length = end > start ? 1 + (end - start - 1) / step : 0;
    } else {
      start = std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
      length = start > end ? 1 + (start - end - 1) / -step : 0;
    }
    // An empty slice of a constant (an empty shape prefix, say) folds to an
    // empty constant, which never reaches a kernel.
    if (length == 0 && !matchPattern(*x, m_Constant()))
      return nodeError() << "the slice of axis " << *axis
                         << " is empty (zero-sized tensors are supported "
                            "only as compile-time constants)";
    outStarts[*axis] = start;
    outSteps[*axis] = step;
    outShape[*axis] = length;
  }
  return define(
      octet::graph::SliceOp::create(builder, curLoc, typeLike(*x, outShape), *x,
                                    builder.getDenseI64ArrayAttr(outStarts),
                                    builder.getDenseI64ArrayAttr(outSteps)));
}

LogicalResult Importer::importTile() {
  FailureOr<Value> x = operand(0);
  FailureOr<SmallVector<int64_t>> repeats = constantInt64s(1, "repeats");
  if (failed(x) || failed(repeats))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  if (repeats->size() != shape.size())
    return nodeError() << "repeats has " << repeats->size()
                       << " values for an input of rank " << shape.size();
  SmallVector<int64_t> out;
  for (auto [size, times] : llvm::zip(shape, *repeats)) {
    if (times < 1)
      return nodeError() << "repeats must be at least 1, got " << times;
    std::optional<int64_t> tiled = llvm::checkedMul(size, times);
    if (!tiled)
      return nodeError() << "repeats " << formatShape(*repeats)
                         << " make the result too large";
    out.push_back(*tiled);
  }
  if (failed(checkedProduct(out)))
    return failure();
  if (ArrayRef<int64_t>(out) == shape)
    return define(*x);
  return define(
      octet::graph::TileOp::create(builder, curLoc, typeLike(*x, out), *x));
}

LogicalResult Importer::importExpand() {
  FailureOr<Value> x = operand(0);
  FailureOr<SmallVector<int64_t>> requested = constantInt64s(1, "shape");
  if (failed(x) || failed(requested))
    return failure();
  if (llvm::any_of(*requested, [](int64_t d) { return d < 1; }))
    return nodeError() << "shape " << formatShape(*requested)
                       << " must have positive dimensions (zero-sized "
                          "tensors are not supported)";
  std::string why;
  auto shape = octet::graph::broadcastShapes(shapeOf(*x), *requested, &why);
  if (!shape)
    return nodeError() << why;
  if (ArrayRef<int64_t>(*shape) == shapeOf(*x))
    return define(*x);
  return define(octet::graph::ExpandOp::create(builder, curLoc,
                                               typeLike(*x, *shape), *x));
}

FailureOr<SmallVector<int64_t>> Importer::axesOperand(bool required) {
  if (opset < 13) {
    FailureOr<std::optional<SmallVector<int64_t>>> attr = intsAttr("axes");
    if (failed(attr))
      return failure();
    if (*attr)
      return **attr;
  } else if (curNode->input_size() > 1 && !curNode->input(1).empty()) {
    return constantInt64s(1, "axes");
  }
  if (required)
    return nodeError() << "axes are required", failure();
  return SmallVector<int64_t>();
}

LogicalResult Importer::importSqueeze() {
  FailureOr<Value> x = operand(0);
  FailureOr<SmallVector<int64_t>> axes = axesOperand(/*required=*/false);
  if (failed(x) || failed(axes))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  SmallVector<bool> drop(shape.size(), axes->empty());
  if (axes->empty())
    for (auto [d, size] : llvm::enumerate(shape))
      drop[d] = size == 1;
  for (int64_t axisValue : *axes) {
    FailureOr<int64_t> axis = normalizeAxis(axisValue, shape);
    if (failed(axis))
      return failure();
    if (shape[*axis] != 1)
      return nodeError() << "cannot squeeze axis " << *axis << " of size "
                         << shape[*axis] << " (input of shape "
                         << formatShape(shape) << ")";
    drop[*axis] = true;
  }
  SmallVector<int64_t> out;
  for (auto [d, size] : llvm::enumerate(shape))
    if (!drop[d])
      out.push_back(size);
  return define(reshape(*x, out));
}

LogicalResult Importer::importUnsqueeze() {
  FailureOr<Value> x = operand(0);
  FailureOr<SmallVector<int64_t>> axes = axesOperand(/*required=*/true);
  if (failed(x) || failed(axes))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size() + axes->size();
  SmallVector<int64_t> ones(rank, 0);
  SmallVector<bool> inserted(rank, false);
  for (int64_t axisValue : *axes) {
    FailureOr<int64_t> axis = normalizeAxis(axisValue, ones);
    if (failed(axis))
      return failure();
    if (inserted[*axis])
      return nodeError() << "axis " << *axis << " is given twice";
    inserted[*axis] = true;
  }
  SmallVector<int64_t> out;
  const int64_t *next = shape.begin();
  for (int64_t d = 0; d < rank; ++d)
    out.push_back(inserted[d] ? 1 : *next++);
  return define(reshape(*x, out));
}

LogicalResult Importer::importSplit() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> axisAttr = intAttr("axis", 0);
  if (failed(x) || failed(axisAttr))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  FailureOr<int64_t> axis = normalizeAxis(*axisAttr, shape);
  if (failed(axis))
    return failure();
  int outputs = curNode->output_size();
  SmallVector<int64_t> sizes;
  if (opset < 13) {
    FailureOr<std::optional<SmallVector<int64_t>>> attr = intsAttr("split");
    if (failed(attr))
      return failure();
    if (*attr)
      sizes = **attr;
  } else if (curNode->input_size() > 1 && !curNode->input(1).empty()) {
    FailureOr<SmallVector<int64_t>> input = constantInt64s(1, "split");
    if (failed(input))
      return failure();
    sizes = *input;
  }
  int64_t dim = shape[*axis];
  if (sizes.empty()) {
    // Equal parts (from opset 18, num_outputs with a smaller last part).
    FailureOr<int64_t> parts = intAttr("num_outputs", outputs);
    if (failed(parts))
      return failure();
    if (*parts != outputs)
      return nodeError() << "num_outputs " << *parts << " differs from the "
                         << outputs << " outputs";
    int64_t chunk = (dim + outputs - 1) / outputs;
    if (opset < 18 && dim % outputs != 0)
      return nodeError() << "axis " << *axis << " of size " << dim
                         << " does not split into " << outputs
                         << " equal parts";
    for (int64_t begin = 0; begin < dim; begin += chunk)
      sizes.push_back(std::min(chunk, dim - begin));
  }
  if (int64_t(sizes.size()) != outputs ||
      std::accumulate(sizes.begin(), sizes.end(), int64_t(0)) != dim ||
      llvm::any_of(sizes, [](int64_t n) { return n < 1; }))
    return nodeError() << "split sizes " << formatShape(sizes)
                       << " do not cut axis " << *axis << " of size " << dim
                       << " into " << outputs << " non-empty outputs";
  int64_t begin = 0;
  for (auto [i, size] : llvm::enumerate(sizes)) {
    SmallVector<int64_t> starts(shape.size(), 0), steps(shape.size(), 1);
    SmallVector<int64_t> outShape(shape);
    starts[*axis] = begin;
    outShape[*axis] = size;
    begin += size;
    Value part = outputs == 1 ? *x
                              : Value(octet::graph::SliceOp::create(
                                    builder, curLoc, typeLike(*x, outShape), *x,
                                    builder.getDenseI64ArrayAttr(starts),
                                    builder.getDenseI64ArrayAttr(steps)));
    if (!curNode->output(i).empty() && failed(define(part, i)))
      return failure();
  }
  return success();
}

LogicalResult Importer::importPad() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size();
  std::string mode = "constant";
  if (const onnx::AttributeProto *attr = findAttr("mode"))
    mode = attr->s();
  if (mode != "constant" && mode != "reflect" && mode != "edge" &&
      mode != "wrap")
    return nodeError() << "unsupported value '" << mode
                       << "' for attribute 'mode'";
  SmallVector<int64_t> pads, axes;
  Value value;
  if (opset < 11) {
    FailureOr<std::optional<SmallVector<int64_t>>> attr = intsAttr("pads");
    FailureOr<float> fill = floatAttr("value", 0.0f);
    if (failed(attr) || failed(fill))
      return failure();
    if (!*attr)
      return nodeError() << "attribute 'pads' is required";
    pads = **attr;
    if (*fill != 0.0f)
      value = scalarConstant(*fill, elementTypeOf(*x));
  } else {
    FailureOr<SmallVector<int64_t>> input = constantInt64s(1, "pads");
    if (failed(input))
      return failure();
    pads = *input;
    if (curNode->input_size() > 2 && !curNode->input(2).empty()) {
      FailureOr<Value> fill = operand(2);
      if (failed(fill))
        return failure();
      if (!shapeOf(*fill).empty())
        return nodeError() << "constant_value must be a scalar, got shape "
                           << formatShape(shapeOf(*fill));
      value = *fill;
    }
    if (curNode->input_size() > 3 && !curNode->input(3).empty()) {
      FailureOr<SmallVector<int64_t>> input = constantInt64s(3, "axes");
      if (failed(input))
        return failure();
      axes = *input;
    }
  }
  if (axes.empty())
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  if (pads.size() != 2 * axes.size())
    return nodeError() << "pads has " << pads.size() << " values, expected "
                       << 2 * axes.size();
  // Per dimension: leading and trailing pads; negative ones crop first (a
  // slice), and the padding modes then see the cropped tensor, as ONNX's
  // reference does.
  SmallVector<int64_t> begins(rank, 0), ends(rank, 0);
  constexpr int64_t kLimit = int64_t(1) << 40;
  for (auto [i, axisValue] : llvm::enumerate(axes)) {
    FailureOr<int64_t> axis = normalizeAxis(axisValue, shape);
    if (failed(axis))
      return failure();
    begins[*axis] = pads[i];
    ends[*axis] = pads[i + axes.size()];
    if (begins[*axis] < -kLimit || begins[*axis] > kLimit ||
        ends[*axis] < -kLimit || ends[*axis] > kLimit)
      return nodeError() << "pads " << formatShape(pads) << " are too large";
  }
  SmallVector<int64_t> cropStarts(rank, 0), cropShape(shape);
  bool crop = false;
  for (int64_t d = 0; d < rank; ++d) {
    cropStarts[d] = std::max<int64_t>(0, -begins[d]);
    cropShape[d] = shape[d] - cropStarts[d] - std::max<int64_t>(0, -ends[d]);
    crop |= cropShape[d] != shape[d];
    if (cropShape[d] < 1)
      return nodeError() << "negative pads leave axis " << d
                         << " empty (zero-sized tensors are not supported)";
  }
  Value input = *x;
  if (crop)
    input = octet::graph::SliceOp::create(
        builder, curLoc, typeLike(*x, cropShape), *x,
        builder.getDenseI64ArrayAttr(cropStarts),
        builder.getDenseI64ArrayAttr(SmallVector<int64_t>(rank, 1)));
  SmallVector<int64_t> outShape(cropShape);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t begin = std::max<int64_t>(0, begins[d]);
    int64_t end = std::max<int64_t>(0, ends[d]), dim = cropShape[d];
    if ((mode == "reflect" && (begin >= dim || end >= dim)) ||
        (mode == "wrap" && (begin > dim || end > dim)))
      return nodeError() << mode << " padding of " << begin << " and " << end
                         << " is larger than axis " << d << " of size " << dim;
    begins[d] = begin;
    outShape[d] = dim + begin + end;
  }
  if (failed(checkedProduct(outShape)))
    return failure();
  if (ArrayRef<int64_t>(outShape) == ArrayRef<int64_t>(cropShape))
    return define(input);
  return define(octet::graph::PadOp::create(
      builder, curLoc, typeLike(*x, outShape), input, value,
      builder.getDenseI64ArrayAttr(begins), builder.getStringAttr(mode)));
}

LogicalResult Importer::importReshape() {
  FailureOr<int64_t> allowZero = intAttr("allowzero", 0);
  if (failed(allowZero))
    return failure();
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  FailureOr<SmallVector<int64_t>> requested = constantInt64s(1, "shape");
  if (failed(requested))
    return failure();
  ArrayRef<int64_t> inShape = shapeOf(*x);
  if (*allowZero != 0 && *allowZero != 1)
    return nodeError() << "unsupported value " << *allowZero
                       << " for attribute 'allowzero'";
  if (*allowZero == 1 && llvm::is_contained(*requested, 0))
    return nodeError() << "unsupported value 1 for attribute 'allowzero' "
                          "with a 0 in the shape (zero-sized tensors are "
                          "not supported)";
  SmallVector<int64_t> shape;
  int inferIndex = -1;
  for (auto [i, d] : llvm::enumerate(*requested)) {
    if (d == 0) {
      if (i >= inShape.size())
        return nodeError() << "shape " << formatShape(*requested)
                           << " copies dimension " << i << " (0) but the input "
                           << formatShape(inShape) << " has rank "
                           << inShape.size();
      shape.push_back(inShape[i]);
    } else if (d == -1) {
      if (inferIndex >= 0)
        return nodeError() << "shape " << formatShape(*requested)
                           << " has more than one -1";
      inferIndex = i;
      shape.push_back(1);
    } else if (d < 0) {
      return nodeError() << "shape " << formatShape(*requested)
                         << " has invalid dimension " << d;
    } else {
      shape.push_back(d);
    }
  }
  FailureOr<int64_t> totalOr = checkedProduct(inShape);
  if (failed(totalOr))
    return failure();
  std::optional<int64_t> knownOr = octet::graph::checkedNumElements(shape);
  if (!knownOr)
    return nodeError() << "cannot reshape input of shape "
                       << formatShape(inShape) << " to "
                       << formatShape(*requested)
                       << ": the number of elements overflows int64";
  int64_t total = *totalOr, known = *knownOr;
  if (inferIndex >= 0) {
    if (known == 0 || total % known != 0)
      return nodeError() << "cannot reshape input of shape "
                         << formatShape(inShape) << " to "
                         << formatShape(*requested);
    shape[inferIndex] = total / known;
  } else if (known != total) {
    return nodeError() << "cannot reshape input of shape "
                       << formatShape(inShape) << " (" << total
                       << " elements) to " << formatShape(*requested) << " ("
                       << known << " elements)";
  }
  return define(octet::graph::ReshapeOp::create(builder, curLoc,
                                                typeLike(*x, shape), *x));
}

LogicalResult Importer::importFlatten() {
  FailureOr<int64_t> axisAttr = intAttr("axis", 1);
  FailureOr<Value> x = operand(0);
  if (failed(axisAttr) || failed(x))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size(), axis = *axisAttr;
  if (axis < -rank || axis > rank)
    return nodeError() << "unsupported value " << axis
                       << " for attribute 'axis' (out of range [" << -rank
                       << ", " << rank << "])";
  if (axis < 0)
    axis += rank;
  FailureOr<int64_t> outer = checkedProduct(shape.take_front(axis));
  FailureOr<int64_t> inner = checkedProduct(shape.drop_front(axis));
  if (failed(outer) || failed(inner))
    return failure();
  SmallVector<int64_t> flat = {*outer, *inner};
  return define(
      octet::graph::ReshapeOp::create(builder, curLoc, typeLike(*x, flat), *x));
}

LogicalResult Importer::importTranspose() {
  FailureOr<std::optional<SmallVector<int64_t>>> permAttr = intsAttr("perm");
  FailureOr<Value> x = operand(0);
  if (failed(permAttr) || failed(x))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  SmallVector<int64_t> perm;
  if (*permAttr)
    perm = **permAttr;
  else
    for (int64_t i = shape.size() - 1; i >= 0; --i)
      perm.push_back(i);
  std::string why;
  auto resultShape = octet::graph::inferTransposeShape(shape, perm, &why);
  if (!resultShape)
    return nodeError() << "unsupported value for attribute 'perm': " << why;
  return define(octet::graph::TransposeOp::create(
      builder, curLoc, typeLike(*x, *resultShape), *x,
      builder.getDenseI64ArrayAttr(perm)));
}

LogicalResult Importer::importIdentity() {
  const std::string &in = curNode->input(0);
  const std::string &out = curNode->output(0);
  if (failed(checkNotDefined(out)))
    return failure();
  // Forward without an op; a constant stays lazily materialized.
  if (!values.count(in)) {
    auto cit = constants.find(in);
    if (cit != constants.end()) {
      constants.try_emplace(out, cit->second);
      return success();
    }
  }
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  values[out] = *x;
  return success();
}

ArrayRef<Importer::Registration> Importer::dataMovementRegistrations() {
  using namespace octet::graph;
  static const Registration table[] = {
      {{"Compress", 11, 2, 2, "axis"}, &Importer::importCompress, kAll},
      {{"Concat", 4, 1, kVariadic, "axis"}, &Importer::importConcat, kAll},
      {{"Constant", 1, 0, 0,
        "value,value_float,value_floats,value_int,value_ints"},
       &Importer::importConstant},
      {{"ConstantOfShape", 9, 1, 1, "value"},
       &Importer::importConstantOfShape,
       kInteger},
      {{"Expand", 8, 2, 2, ""}, &Importer::importExpand, kAll},
      {{"EyeLike", 9, 1, 1, "dtype,k"}, &Importer::importEyeLike, kAll},
      {{"Flatten", 1, 1, 1, "axis"}, &Importer::importFlatten, kAllAndFloat8},
      {{"Gather", 1, 2, 2, "axis"}, &Importer::importGather, kAll},
      {{"GatherND", 11, 2, 2, ""}, &Importer::importGatherND, kAll},
      {{"GatherND", 12, 2, 2, "batch_dims"}, &Importer::importGatherND, kAll},
      {{"GatherElements", 11, 2, 2, "axis"},
       &Importer::importGatherElements,
       kAll},
      {{"Identity", 1, 1, 1, ""}, &Importer::importIdentity, kAllAndFloat8},
      {{"OneHot", 11, 3, 3, "axis"}, &Importer::importOneHot, kNumeric},
      {{"NonZero", 9, 1, 1, ""}, &Importer::importNonZero, kAll},
      {{"Pad", 2, 1, 1, "mode,pads,value"}, &Importer::importPad, kAll},
      {{"Pad", 11, 2, 4, "mode"}, &Importer::importPad, kAll},
      {{"Range", 11, 3, 3, ""}, &Importer::importRange, kNumeric},
      {{"Reshape", 5, 2, 2, "allowzero"},
       &Importer::importReshape,
       kAllAndFloat8},
      {{"ReverseSequence", 10, 2, 2, "batch_axis,time_axis"},
       &Importer::importReverseSequence,
       kAll},
      {{"Scatter", 9, 3, 3, "axis"}, &Importer::importScatterElements, kAll},
      {{"ScatterElements", 11, 3, 3, "axis"},
       &Importer::importScatterElements,
       kAll},
      {{"ScatterElements", 16, 3, 3, "axis,reduction"},
       &Importer::importScatterElements,
       kAll},
      {{"ScatterND", 11, 3, 3, ""}, &Importer::importScatterND, kAll},
      {{"ScatterND", 16, 3, 3, "reduction"}, &Importer::importScatterND, kAll},
      {{"Shape", 1, 1, 1, ""}, &Importer::importShape, kAll},
      {{"Shape", 15, 1, 1, "end,start"}, &Importer::importShape, kAll},
      {{"Size", 1, 1, 1, ""}, &Importer::importSize, kAll},
      {{"Slice", 1, 1, 1, "starts,ends,axes"}, &Importer::importSlice, kAll},
      {{"Slice", 10, 3, 5, ""}, &Importer::importSlice, kAll},
      {{"Split", 2, 1, 1, "axis,split", kVariadic},
       &Importer::importSplit,
       kAll},
      {{"Split", 13, 1, 2, "axis,num_outputs", kVariadic},
       &Importer::importSplit,
       kAll},
      {{"Squeeze", 1, 1, 1, "axes"}, &Importer::importSqueeze, kAllAndFloat8},
      {{"Squeeze", 13, 1, 2, ""}, &Importer::importSqueeze, kAllAndFloat8},
      {{"Tile", 6, 2, 2, ""}, &Importer::importTile, kAll},
      {{"Transpose", 1, 1, 1, "perm"},
       &Importer::importTranspose,
       kAllAndFloat8},
      {{"Trilu", 14, 1, 2, "upper"}, &Importer::importTrilu, kAll},
      {{"Unique", 11, 1, 1, "axis,sorted", 4}, &Importer::importUnique, kAll},
      {{"Unsqueeze", 1, 1, 1, "axes"},
       &Importer::importUnsqueeze,
       kAllAndFloat8},
      {{"Unsqueeze", 13, 2, 2, ""}, &Importer::importUnsqueeze, kAllAndFloat8},
  };
  return table;
}
