//===- ConvPool.cpp - Convolution and pooling to linalg -------------------===//
//
// Conv, MaxPool and AveragePool as one linalg.generic each: parallel over
// the result, reduction over the window (and, for Conv, the input channels
// of the group). The input is read with tensor.extract at
// `o * stride + k * dilation - pad_begin`. Pooling clamps that position
// into bounds and lets a position outside the input contribute the
// reduction's neutral value (-inf for the maximum, 0 for the average). A
// padded Conv first copies its input into a zero-padded tensor (one more
// elementwise kernel) so that the convolution itself reads every position
// without bounds checks: its accesses along the output's last dimension are
// then contiguous at stride 1, which the vectorizer needs. The filter of a
// Conv is an ordinary input with an affine map.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/GraphToLinalg/LoweringUtils.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;
using namespace octet;
using namespace octet::graph_to_linalg;

namespace {

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// The element of `input` ([N, C, D...]) at batch `n`, channel `c` and the
/// window position of output position `out` and kernel offset `kernel` (one
/// per spatial dimension), or `outside` when that position is padding.
/// `inBounds` receives whether it was inside.
Value windowElement(OpBuilder &b, Location loc, Value input, Value n, Value c,
                    ArrayRef<Value> out, ArrayRef<Value> kernel,
                    ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                    ArrayRef<int64_t> padsBegin, Value outside,
                    Value *inBounds = nullptr,
                    SmallVectorImpl<Value> *positions = nullptr,
                    bool alwaysInside = false) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(input.getType()).getShape();
  SmallVector<Value> indices = {n, c};
  Value inside;
  for (size_t d = 0; d < out.size(); ++d) {
    Value pos = arith::MulIOp::create(b, loc, out[d],
                                      indexConstant(b, loc, strides[d]));
    pos = arith::AddIOp::create(
        b, loc, pos,
        arith::MulIOp::create(b, loc, kernel[d],
                              indexConstant(b, loc, dilations[d])));
    pos =
        arith::SubIOp::create(b, loc, pos, indexConstant(b, loc, padsBegin[d]));
    if (alwaysInside) {
      indices.push_back(pos);
      continue;
    }
    Value low = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, pos,
                                      indexConstant(b, loc, 0));
    Value high = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, pos,
                                       indexConstant(b, loc, shape[d + 2]));
    Value both = arith::AndIOp::create(b, loc, low, high);
    inside = inside ? arith::AndIOp::create(b, loc, inside, both) : both;
    Value clamped =
        arith::MaxSIOp::create(b, loc, pos, indexConstant(b, loc, 0));
    clamped = arith::MinSIOp::create(b, loc, clamped,
                                     indexConstant(b, loc, shape[d + 2] - 1));
    indices.push_back(clamped);
  }
  if (inBounds)
    *inBounds = inside;
  if (positions)
    positions->assign(indices.begin() + 2, indices.end());
  Value element = tensor::ExtractOp::create(b, loc, input, indices);
  if (alwaysInside)
    return element;
  return arith::SelectOp::create(b, loc, inside, element, outside);
}

/// The input channel that a grouped convolution reads for output channel
/// `m` and channel `c` within the group: (m / outPerGroup) * inPerGroup + c,
/// or just `c` with a single group (no division for the vectorizer to see).
Value groupInputChannel(OpBuilder &b, Location loc, Value m, Value c,
                        int64_t groups, int64_t outPerGroup,
                        int64_t inPerGroup) {
  if (groups == 1)
    return c;
  Value group =
      arith::DivUIOp::create(b, loc, m, indexConstant(b, loc, outPerGroup));
  return arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, group, indexConstant(b, loc, inPerGroup)),
      c);
}

/// linalg.index of the first `count` dimensions.
SmallVector<Value> loopIndices(OpBuilder &b, Location loc, unsigned count) {
  SmallVector<Value> indices;
  for (unsigned d = 0; d < count; ++d)
    indices.push_back(linalg::IndexOp::create(b, loc, d));
  return indices;
}

/// Iteration space [n, channel, o..., extra reduction dims...]: the result's
/// dimensions in order, then `reductions` more.
struct Window {
  unsigned spatial, numDims;
  SmallVector<utils::IteratorType> iterators;
  AffineMap resultMap;

  Window(MLIRContext *ctx, unsigned resultRank, unsigned reductions)
      : spatial(resultRank - 2), numDims(resultRank + reductions) {
    iterators.assign(resultRank, utils::IteratorType::parallel);
    iterators.append(reductions, utils::IteratorType::reduction);
    resultMap = AffineMap::getMultiDimIdentityMap(numDims, ctx)
                    .getMajorSubMap(resultRank);
  }

  /// For pooling, whose window dimensions index no input: a tensor.empty of
  /// the kernel's shape and its map from the last `spatial` dimensions, an
  /// operand that only gives those loops their sizes.
  std::pair<Value, AffineMap> kernelOperand(OpBuilder &b, Location loc,
                                            ArrayRef<int64_t> kernel,
                                            Type elemType) const {
    SmallVector<AffineExpr> exprs;
    for (unsigned d = 0; d < spatial; ++d)
      exprs.push_back(b.getAffineDimExpr(numDims - spatial + d));
    return {tensor::EmptyOp::create(b, loc, kernel, elemType),
            AffineMap::get(numDims, 0, exprs, b.getContext())};
  }
};

/// The initial accumulator of a convolution's result of `type`: `bias`
/// ([channels], converted to the accumulator type) broadcast along
/// dimension 1, or zeros without one.
Value biasOrZero(OpBuilder &b, Location loc, Value bias,
                 RankedTensorType type) {
  MLIRContext *ctx = b.getContext();
  Type elemType = type.getElementType();
  if (!bias)
    return filledTensor(b, loc, type.getShape(), elemType,
                        floatConstant(b, loc, elemType, 0.0));
  AffineMap identity = AffineMap::getMultiDimIdentityMap(type.getRank(), ctx);
  AffineMap channel =
      AffineMap::get(type.getRank(), 0, {getAffineDimExpr(1, ctx)}, ctx);
  Value empty = tensor::EmptyOp::create(b, loc, type.getShape(), elemType);
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{bias}, ValueRange{empty},
             ArrayRef<AffineMap>{channel, identity},
             SmallVector<utils::IteratorType>(type.getRank(),
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location l, ValueRange args) {
               linalg::YieldOp::create(nb, l,
                                       convertScalar(nb, l, args[0], elemType));
             })
      .getResult(0);
}

/// `input` ([N, C, D...]) with `padsBegin` elements `padValue` (a scalar of
/// its element type) before and enough after each spatial dimension that
/// every window position of an output of `outputSpatial` with
/// `kernelSpatial`, `strides` and `dilations` is inside; `input` itself when
/// it needs no padding.
Value padded(OpBuilder &b, Location loc, Value input,
             ArrayRef<int64_t> outputSpatial, ArrayRef<int64_t> kernelSpatial,
             ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
             ArrayRef<int64_t> padsBegin, Value padValue) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<int64_t> low(shape.size(), 0), high(shape.size(), 0);
  bool pads = false;
  for (size_t d = 0; d < outputSpatial.size(); ++d) {
    int64_t last = (outputSpatial[d] - 1) * strides[d] +
                   (kernelSpatial[d] - 1) * dilations[d];
    int64_t padded = std::max(shape[d + 2] + padsBegin[d], last + 1);
    pads |= padsBegin[d] != 0 || padded != shape[d + 2];
    low[d + 2] = padsBegin[d];
    high[d + 2] = padded - shape[d + 2] - padsBegin[d];
    shape[d + 2] = padded;
  }
  if (!pads)
    return input;
  // octet-pad-in-producers decides how the border is written.
  auto paddedType = RankedTensorType::get(shape, type.getElementType());
  return tensor::PadOp::create(
      b, loc, paddedType, input, getAsIndexOpFoldResult(b.getContext(), low),
      getAsIndexOpFoldResult(b.getContext(), high), padValue);
}

struct ConvLowering : OpRewritePattern<graph::ConvOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::ConvOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType finalType = op.getType();
    // Narrow floats accumulate in f32; the result is rounded once.
    Type inputType = finalType.getElementType();
    Type elemType = accumulatorType(inputType);
    RankedTensorType type = finalType.clone(elemType);
    auto filterType = op.getFilter().getType();
    int64_t outPerGroup = filterType.getDimSize(0) / op.getGroups();
    int64_t inPerGroup = filterType.getDimSize(1);
    // Dimensions: n, m, o_1..o_k, c, k_1..k_k.
    Window window(ctx, type.getRank(), 1 + type.getRank() - 2);
    unsigned k = window.spatial;
    SmallVector<AffineExpr> filterExprs = {getAffineDimExpr(1, ctx),
                                           getAffineDimExpr(k + 2, ctx)};
    for (unsigned d = 0; d < k; ++d)
      filterExprs.push_back(getAffineDimExpr(k + 3 + d, ctx));
    AffineMap filterMap = AffineMap::get(window.numDims, 0, filterExprs, ctx);

    SmallVector<int64_t> zeros(k, 0);
    Value input =
        padded(rewriter, loc, op.getInput(), type.getShape().drop_front(2),
               filterType.getShape().drop_front(2), op.getStrides(),
               op.getDilations(), op.getPadsBegin(),
               floatConstant(rewriter, loc,
                             op.getInput().getType().getElementType(), 0.0));
    // The accumulator starts at the bias (broadcast along the channels) or 0,
    // set right before the convolution (after the padding), so that its loop
    // joins the convolution's.
    Value init = biasOrZero(rewriter, loc, op.getBias(), type);

    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type}, ValueRange{op.getFilter()},
            ValueRange{init}, ArrayRef<AffineMap>{filterMap, window.resultMap},
            window.iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              SmallVector<Value> idx = loopIndices(b, l, window.numDims);
              // Input channel: the group of output channel m, then c.
              Value channel =
                  groupInputChannel(b, l, idx[1], idx[k + 2], op.getGroups(),
                                    outPerGroup, inPerGroup);
              Value x = windowElement(
                  b, l, input, idx[0], channel,
                  ArrayRef<Value>(idx).slice(2, k),
                  ArrayRef<Value>(idx).slice(k + 3, k), op.getStrides(),
                  op.getDilations(), zeros, /*outside=*/Value(),
                  /*inBounds=*/nullptr, /*positions=*/nullptr,
                  /*alwaysInside=*/true);
              Value product =
                  arith::MulFOp::create(b, l, convertScalar(b, l, x, elemType),
                                        convertScalar(b, l, args[0], elemType));
              linalg::YieldOp::create(
                  b, l,
                  arith::AddFOp::create(b, l, args[1], product).getResult());
            })
            .getResult(0);
    rewriter.replaceOp(op, roundToResult(rewriter, loc, result, finalType));
    return success();
  }
};

/// ConvTranspose: one linalg.generic over [n, m, o..., c', k...] (c' the
/// input channels of m's group, k the kernel offsets); input and filter are
/// read with tensor.extract where o + pad - k * dilation is a multiple of the
/// stride inside the input.
struct ConvTransposeLowering : OpRewritePattern<graph::ConvTransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::ConvTransposeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType finalType = op.getType();
    Type inputType = finalType.getElementType();
    Type elemType = accumulatorType(inputType);
    RankedTensorType type = finalType.clone(elemType);
    ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
    ArrayRef<int64_t> filterShape = op.getFilter().getType().getShape();
    unsigned k = type.getRank() - 2;
    int64_t outPerGroup = filterShape[1];
    int64_t inPerGroup = inShape[1] / op.getGroups();
    Window window(ctx, type.getRank(), 1 + k);
    // The reduction loops' sizes: [c', k...].
    SmallVector<int64_t> reduced = {inPerGroup};
    reduced.append(filterShape.begin() + 2, filterShape.end());
    Value sizes = tensor::EmptyOp::create(rewriter, loc, reduced, elemType);
    SmallVector<AffineExpr> sizeExprs;
    for (unsigned d = 0; d <= k; ++d)
      sizeExprs.push_back(getAffineDimExpr(k + 2 + d, ctx));
    AffineMap sizeMap = AffineMap::get(window.numDims, 0, sizeExprs, ctx);

    Value init = biasOrZero(rewriter, loc, op.getBias(), type);

    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type}, ValueRange{sizes}, ValueRange{init},
            ArrayRef<AffineMap>{sizeMap, window.resultMap}, window.iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              SmallVector<Value> idx = loopIndices(b, l, window.numDims);
              Value channel =
                  groupInputChannel(b, l, idx[1], idx[k + 2], op.getGroups(),
                                    outPerGroup, inPerGroup);
              Value m = arith::RemUIOp::create(
                  b, l, idx[1], indexConstant(b, l, outPerGroup));
              SmallVector<Value> xIndices = {idx[0], channel};
              SmallVector<Value> wIndices = {channel, m};
              Value valid;
              for (unsigned d = 0; d < k; ++d) {
                Value kd = idx[k + 3 + d];
                Value t = arith::AddIOp::create(
                    b, l, idx[2 + d],
                    indexConstant(b, l, op.getPadsBegin()[d]));
                t = arith::SubIOp::create(
                    b, l, t,
                    arith::MulIOp::create(
                        b, l, kd, indexConstant(b, l, op.getDilations()[d])));
                Value stride = indexConstant(b, l, op.getStrides()[d]);
                Value i = arith::DivSIOp::create(b, l, t, stride);
                Value ok = arith::AndIOp::create(
                    b, l,
                    arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, t,
                                          indexConstant(b, l, 0)),
                    arith::CmpIOp::create(
                        b, l, arith::CmpIPredicate::eq,
                        arith::RemSIOp::create(b, l, t, stride),
                        indexConstant(b, l, 0)));
                ok = arith::AndIOp::create(
                    b, l, ok,
                    arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, i,
                                          indexConstant(b, l, inShape[2 + d])));
                valid = valid ? arith::AndIOp::create(b, l, valid, ok) : ok;
                Value clamped =
                    arith::MaxSIOp::create(b, l, i, indexConstant(b, l, 0));
                clamped = arith::MinSIOp::create(
                    b, l, clamped, indexConstant(b, l, inShape[2 + d] - 1));
                xIndices.push_back(clamped);
                wIndices.push_back(kd);
              }
              Value x = convertScalar(
                  b, l,
                  tensor::ExtractOp::create(b, l, op.getInput(), xIndices),
                  elemType);
              Value w = convertScalar(
                  b, l,
                  tensor::ExtractOp::create(b, l, op.getFilter(), wIndices),
                  elemType);
              Value product = arith::MulFOp::create(b, l, x, w);
              product = arith::SelectOp::create(
                  b, l, valid, product, floatConstant(b, l, elemType, 0.0));
              linalg::YieldOp::create(
                  b, l,
                  arith::AddFOp::create(b, l, args[1], product).getResult());
            })
            .getResult(0);
    rewriter.replaceOp(op, roundToResult(rewriter, loc, result, finalType));
    return success();
  }
};

struct MaxPoolLowering : OpRewritePattern<graph::MaxPoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::MaxPoolOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type elemType = type.getElementType();
    bool isUnsigned = hasUnsignedOperands(op);
    Window window(rewriter.getContext(), type.getRank(), type.getRank() - 2);
    unsigned k = window.spatial;
    auto [kernelShape, kernelMap] =
        window.kernelOperand(rewriter, loc, op.getKernel(), elemType);
    // Padding and the start: -inf, or the integer type's minimum.
    Value lowest =
        extremeConstant(rewriter, loc, elemType, /*lowest=*/true, isUnsigned);
    // The windows read a copy padded with `lowest`, without bounds checks
    // (contiguous along the output row, so the kernel vectorizes). It is
    // made before the accumulator's fill, which then stays next to the
    // reduction that folds it (octet-fold-accumulator-fills).
    Value input =
        padded(rewriter, loc, op.getInput(), type.getShape().drop_front(2),
               op.getKernel(), op.getStrides(), op.getDilations(),
               op.getPadsBegin(), lowest);
    Value init = filledTensor(rewriter, loc, type.getShape(), elemType, lowest);
    SmallVector<int64_t> zeros(k, 0);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type}, ValueRange{kernelShape},
            ValueRange{init}, ArrayRef<AffineMap>{kernelMap, window.resultMap},
            window.iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              SmallVector<Value> idx = loopIndices(b, l, window.numDims);
              Value x = windowElement(
                  b, l, input, idx[0], idx[1], ArrayRef<Value>(idx).slice(2, k),
                  ArrayRef<Value>(idx).slice(k + 2, k), op.getStrides(),
                  op.getDilations(), zeros, /*outside=*/Value(),
                  /*inBounds=*/nullptr, /*positions=*/nullptr,
                  /*alwaysInside=*/true);
              linalg::YieldOp::create(b, l,
                                      combineScalars(b, l, CombineKind::Max, x,
                                                     args[1], isUnsigned));
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// MaxPool's indices: a window reduction (min) over the flat row-major
/// positions of the elements equal to the window's maximum, so the first one
/// in scan order wins; storage_order 1 then renumbers the spatial part
/// column-major.
struct MaxPoolIndicesLowering : OpRewritePattern<graph::MaxPoolIndicesOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::MaxPoolIndicesOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type i64 = rewriter.getI64Type(), index = rewriter.getIndexType();
    Type elemType = op.getInput().getType().getElementType();
    ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
    bool isFloat = isa<FloatType>(elemType);
    Window window(rewriter.getContext(), type.getRank(), type.getRank() - 2);
    unsigned k = window.spatial;
    auto [kernelShape, kernelMap] =
        window.kernelOperand(rewriter, loc, op.getKernel(), elemType);
    Value none = arith::ConstantIntOp::create(
        rewriter, loc, i64, std::numeric_limits<int64_t>::max());
    Value init = filledTensor(rewriter, loc, type.getShape(), i64, none);
    Value lowest = extremeConstant(rewriter, loc, elemType, /*lowest=*/true,
                                   hasUnsignedOperands(op));
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type},
            ValueRange{kernelShape, op.getMaxima()}, ValueRange{init},
            ArrayRef<AffineMap>{kernelMap, window.resultMap, window.resultMap},
            window.iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              SmallVector<Value> idx = loopIndices(b, l, window.numDims);
              Value inside;
              SmallVector<Value> positions;
              Value x =
                  windowElement(b, l, op.getInput(), idx[0], idx[1],
                                ArrayRef<Value>(idx).slice(2, k),
                                ArrayRef<Value>(idx).slice(k + 2, k),
                                op.getStrides(), op.getDilations(),
                                op.getPadsBegin(), lowest, &inside, &positions);
              Value equal =
                  isFloat
                      ? arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ,
                                              x, args[1])
                            .getResult()
                      : arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, x,
                                              args[1])
                            .getResult();
              // ((n * C + c) * D1 + p1) * D2 + p2 ...
              Value flat = arith::AddIOp::create(
                  b, l,
                  arith::MulIOp::create(b, l, idx[0],
                                        indexConstant(b, l, inShape[1])),
                  idx[1]);
              for (unsigned d = 0; d < k; ++d)
                flat = arith::AddIOp::create(
                    b, l,
                    arith::MulIOp::create(b, l, flat,
                                          indexConstant(b, l, inShape[d + 2])),
                    positions[d]);
              Value flat64 = arith::IndexCastOp::create(b, l, i64, flat);
              Value hit = arith::AndIOp::create(b, l, inside, equal);
              linalg::YieldOp::create(
                  b, l,
                  arith::SelectOp::create(
                      b, l, hit, arith::MinSIOp::create(b, l, flat64, args[2]),
                      args[2])
                      .getResult());
            })
            .getResult(0);
    if (op.getStorageOrder() == 1) {
      // Split off the spatial part (row-major) and renumber it with the
      // first spatial dimension fastest.
      result = buildElementwise(
          rewriter, loc, type, {result},
          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            Value rest = arith::IndexCastOp::create(b, l, index, args[0]);
            SmallVector<Value> coords(k);
            for (int64_t d = k - 1; d >= 0; --d) {
              Value size = indexConstant(b, l, inShape[d + 2]);
              coords[d] = arith::RemUIOp::create(b, l, rest, size);
              rest = arith::DivUIOp::create(b, l, rest, size);
            }
            Value flat = rest;
            for (int64_t d = k - 1; d >= 0; --d)
              flat = arith::AddIOp::create(
                  b, l,
                  arith::MulIOp::create(b, l, flat,
                                        indexConstant(b, l, inShape[d + 2])),
                  coords[d]);
            return arith::IndexCastOp::create(b, l, i64, flat);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct AveragePoolLowering : OpRewritePattern<graph::AveragePoolOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::AveragePoolOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType type = op.getType();
    auto elemType = cast<FloatType>(type.getElementType());
    Window window(ctx, type.getRank(), type.getRank() - 2);
    unsigned k = window.spatial;
    auto [kernelShape, kernelMap] =
        window.kernelOperand(rewriter, loc, op.getKernel(), elemType);
    Value zero = floatConstant(rewriter, loc, elemType, 0.0);
    Value sums = filledTensor(rewriter, loc, type.getShape(), elemType, zero);
    Value counts = filledTensor(rewriter, loc, type.getShape(), elemType, zero);
    ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
    // Sum and count of the window positions, in one pass.
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type, type}, ValueRange{kernelShape},
        ValueRange{sums, counts},
        ArrayRef<AffineMap>{kernelMap, window.resultMap, window.resultMap},
        window.iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          SmallVector<Value> idx = loopIndices(b, l, window.numDims);
          Value inside;
          Value x = windowElement(b, l, op.getInput(), idx[0], idx[1],
                                  ArrayRef<Value>(idx).slice(2, k),
                                  ArrayRef<Value>(idx).slice(k + 2, k),
                                  op.getStrides(), op.getDilations(),
                                  op.getPadsBegin(), zero, &inside);
          Value counted = inside;
          if (op.getCountIncludePad()) {
            // Positions inside the padded input count too.
            counted = nullptr;
            for (unsigned d = 0; d < k; ++d) {
              Value pos = arith::AddIOp::create(
                  b, l,
                  arith::MulIOp::create(
                      b, l, idx[2 + d],
                      indexConstant(b, l, op.getStrides()[d])),
                  arith::MulIOp::create(
                      b, l, idx[k + 2 + d],
                      indexConstant(b, l, op.getDilations()[d])));
              Value padded = arith::CmpIOp::create(
                  b, l, arith::CmpIPredicate::slt, pos,
                  indexConstant(b, l,
                                inShape[d + 2] + op.getPadsBegin()[d] +
                                    op.getPadsEnd()[d]));
              counted = counted ? arith::AndIOp::create(b, l, counted, padded)
                                : padded;
            }
          }
          Value one = arith::SelectOp::create(
              b, l, counted, floatConstant(b, l, elemType, 1.0), zero);
          Value sum = arith::AddFOp::create(b, l, args[1], x);
          Value count = arith::AddFOp::create(b, l, args[2], one);
          linalg::YieldOp::create(b, l, ValueRange{sum, count});
        });
    Value result = buildElementwise(
        rewriter, loc, type, generic.getResults(),
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::DivFOp::create(b, l, args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void graph_to_linalg::populateConvPoolLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns.add<AveragePoolLowering, ConvLowering, ConvTransposeLowering,
               MaxPoolLowering, MaxPoolIndicesLowering>(patterns.getContext());
}
