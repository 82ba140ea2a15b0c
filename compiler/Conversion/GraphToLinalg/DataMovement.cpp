//===- DataMovement.cpp - Concat, Slice, Tile, Expand, Gather to linalg ---===//
//
// Ops that only move elements. Expand is a broadcast (a linalg.generic whose
// input map drops the broadcast dimensions). Concat, Slice and Tile are a
// linalg.generic over the result whose body computes, from linalg.index, the
// input index to read and reads it with tensor.extract: a gather that
// bufferizes into one load per element. Concat reads every input at a
// clamped (always valid) index and selects the one the element comes from.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/GraphToLinalg/LoweringUtils.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace octet;
using namespace octet::graph_to_linalg;

namespace {

/// A linalg.generic over `type` without inputs whose element at index
/// `[i0, i1, ...]` is `body(indices)`.
Value buildGather(
    OpBuilder &b, Location loc, RankedTensorType type,
    function_ref<Value(OpBuilder &, Location, ArrayRef<Value>)> body) {
  unsigned rank = type.getRank();
  Value init =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{}, ValueRange{init},
             ArrayRef<AffineMap>{
                 AffineMap::getMultiDimIdentityMap(rank, b.getContext())},
             iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange) {
               SmallVector<Value> indices;
               for (unsigned d = 0; d < rank; ++d)
                 indices.push_back(linalg::IndexOp::create(nb, nloc, d));
               linalg::YieldOp::create(nb, nloc, body(nb, nloc, indices));
             })
      .getResult(0);
}

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// The input index along dimension `d` that result index `index` reads.
/// Slice: start + step * index.
Value inputIndex(graph::SliceOp op, OpBuilder &b, Location loc, unsigned d,
                 Value index) {
  Value scaled = arith::MulIOp::create(b, loc, index,
                                       indexConstant(b, loc, op.getSteps()[d]));
  return arith::AddIOp::create(b, loc, scaled,
                               indexConstant(b, loc, op.getStarts()[d]));
}
/// Tile: index mod the input's size.
Value inputIndex(graph::TileOp op, OpBuilder &b, Location loc, unsigned d,
                 Value index) {
  return arith::RemUIOp::create(
      b, loc, index,
      indexConstant(b, loc, op.getInput().getType().getDimSize(d)));
}

/// Slice and Tile: each result element reads one input element, at the
/// index inputIndex() computes per dimension.
template <typename OpTy> struct ReadAtIndexLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Value v = buildGather(
        rewriter, op.getLoc(), op.getType(),
        [&](OpBuilder &b, Location loc, ArrayRef<Value> out) -> Value {
          SmallVector<Value> in;
          for (auto [d, index] : llvm::enumerate(out))
            in.push_back(inputIndex(op, b, loc, d, index));
          return tensor::ExtractOp::create(b, loc, op.getInput(), in);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

/// `index` (any integer type) as an index into a dimension of `size`:
/// negative values count from the back, the result is clamped into range.
Value clampedIndex(OpBuilder &b, Location loc, Value raw, int64_t size) {
  Value index = arith::IndexCastOp::create(b, loc, b.getIndexType(), raw);
  Value zero = indexConstant(b, loc, 0);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index, zero);
  Value wrapped =
      arith::AddIOp::create(b, loc, index, indexConstant(b, loc, size));
  index = arith::SelectOp::create(b, loc, negative, wrapped, index);
  index = arith::MaxSIOp::create(b, loc, index, zero);
  return arith::MinSIOp::create(b, loc, index, indexConstant(b, loc, size - 1));
}

/// GatherElements: result element [i...] is input element [i...] with the
/// axis position replaced by indices[i...].
struct GatherElementsLowering : OpRewritePattern<graph::GatherElementsOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::GatherElementsOp op,
                                PatternRewriter &rewriter) const override {
    int64_t axis = op.getAxis();
    int64_t size = op.getInput().getType().getDimSize(axis);
    Value v = buildGather(
        rewriter, op.getLoc(), op.getType(),
        [&](OpBuilder &b, Location loc, ArrayRef<Value> out) -> Value {
          Value raw = tensor::ExtractOp::create(b, loc, op.getIndices(), out);
          SmallVector<Value> in(out);
          in[axis] = clampedIndex(b, loc, raw, size);
          return tensor::ExtractOp::create(b, loc, op.getInput(), in);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

/// Gather: result element [o..., j..., p...] (j the indices' dimensions) is
/// input element [o..., indices[j...], p...], the index made non-negative
/// and clamped into range.
struct GatherLowering : OpRewritePattern<graph::GatherOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::GatherOp op,
                                PatternRewriter &rewriter) const override {
    int64_t axis = op.getAxis();
    int64_t size = op.getInput().getType().getDimSize(axis);
    int64_t q = op.getIndices().getType().getRank();
    Value v = buildGather(
        rewriter, op.getLoc(), op.getType(),
        [&](OpBuilder &b, Location loc, ArrayRef<Value> out) -> Value {
          Value raw = tensor::ExtractOp::create(b, loc, op.getIndices(),
                                                out.slice(axis, q));
          SmallVector<Value> in(out.take_front(axis));
          in.push_back(clampedIndex(b, loc, raw, size));
          in.append(out.begin() + axis + q, out.end());
          return tensor::ExtractOp::create(b, loc, op.getInput(), in);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

/// Keys' cubic weights (coefficient `a`) of the four neighbours
/// floor(x) - 1 ... floor(x) + 2 of a point `t` = x - floor(x) (f32) past
/// floor(x): distances 1 + t, t, 1 - t, 2 - t.
SmallVector<Value, 4> cubicWeights(OpBuilder &b, Location loc, Value t,
                                   double a) {
  auto c = [&](double v) { return scalarConstant(b, loc, b.getF32Type(), v); };
  SmallVector<Value, 4> weights;
  for (int k = -1; k <= 2; ++k) {
    Value s = k <= 0 ? arith::SubFOp::create(b, loc, t, c(k))
                     : arith::SubFOp::create(b, loc, c(k), t);
    // |s| <= 1: ((a + 2)|s| - (a + 3))|s|^2 + 1;
    // 1 < |s| < 2: ((a|s| - 5a)|s| + 8a)|s| - 4a.
    if (k == 0 || k == 1) {
      Value inner = arith::SubFOp::create(
          b, loc, arith::MulFOp::create(b, loc, c(a + 2), s), c(a + 3));
      weights.push_back(arith::AddFOp::create(
          b, loc,
          arith::MulFOp::create(b, loc, arith::MulFOp::create(b, loc, inner, s),
                                s),
          c(1)));
    } else {
      Value inner = arith::AddFOp::create(
          b, loc,
          arith::MulFOp::create(
              b, loc,
              arith::SubFOp::create(
                  b, loc, arith::MulFOp::create(b, loc, c(a), s), c(5 * a)),
              s),
          c(8 * a));
      weights.push_back(arith::SubFOp::create(
          b, loc, arith::MulFOp::create(b, loc, inner, s), c(4 * a)));
    }
  }
  return weights;
}

/// The sum over every combination of per-dimension neighbours (`taps[d]`,
/// one per dimension) of `read(indices)` times the product of their
/// `weights` (f32; a dimension without weights has one neighbour of weight
/// 1).
Value weightedSum(OpBuilder &b, Location loc, ArrayRef<SmallVector<Value>> taps,
                  ArrayRef<SmallVector<Value>> weights,
                  function_ref<Value(ArrayRef<Value>)> read) {
  Value sum = scalarConstant(b, loc, b.getF32Type(), 0);
  SmallVector<size_t> pick(taps.size(), 0);
  while (true) {
    SmallVector<Value> at;
    Value w;
    for (auto [d, k] : llvm::enumerate(pick)) {
      at.push_back(taps[d][k]);
      if (!weights[d].empty())
        w = w ? arith::MulFOp::create(b, loc, w, weights[d][k]).getResult()
              : weights[d][k];
    }
    Value x = read(at);
    sum = arith::AddFOp::create(
        b, loc, sum, w ? arith::MulFOp::create(b, loc, w, x).getResult() : x);
    // The next combination (odometer order).
    int64_t d = static_cast<int64_t>(pick.size()) - 1;
    for (; d >= 0; --d) {
      if (++pick[d] < taps[d].size())
        break;
      pick[d] = 0;
    }
    if (d < 0)
      return sum;
  }
}

/// Resize: per dimension, the input coordinate of the result index (f32),
/// then one read (nearest) or a weighted sum over the neighbours of every
/// resized dimension: 2 per dimension (linear) or 4 (cubic), so 2^k or 4^k
/// reads for k resized dimensions.
struct ResizeLowering : OpRewritePattern<graph::ResizeOp> {
  using OpRewritePattern::OpRewritePattern;

  /// The input coordinate (f32) of result index `o` along dimension `d`.
  static Value sourceCoordinate(OpBuilder &b, Location loc, graph::ResizeOp op,
                                unsigned d, Value o) {
    Type f32 = b.getF32Type();
    int64_t in = op.getInput().getType().getDimSize(d);
    int64_t out = op.getType().getDimSize(d);
    float scale = op.getScales()[d];
    auto c = [&](double v) { return scalarConstant(b, loc, f32, v); };
    Value x = arith::UIToFPOp::create(
        b, loc, f32, arith::IndexCastUIOp::create(b, loc, b.getI64Type(), o));
    StringRef mode = op.getCoordinateMode();
    if (mode == "align_corners") {
      // ONNX's resized length is in * scale, before rounding down.
      double resized = double(in) * double(scale) - 1.0;
      return resized <= 0
                 ? c(0)
                 : arith::MulFOp::create(b, loc, x, c(double(in - 1) / resized))
                       .getResult();
    }
    if (mode == "asymmetric")
      return arith::DivFOp::create(b, loc, x, c(scale));
    if (mode == "pytorch_half_pixel" && out == 1)
      return c(0);
    Value shifted = arith::AddFOp::create(b, loc, x, c(0.5));
    Value scaled = arith::DivFOp::create(b, loc, shifted, c(scale));
    if (mode == "tf_half_pixel_for_nn")
      return scaled;
    return arith::SubFOp::create(b, loc, scaled, c(0.5));
  }

  /// `x` (f32) clamped into [lo, hi].
  static Value clampF(OpBuilder &b, Location loc, Value x, double lo,
                      double hi) {
    Type f32 = b.getF32Type();
    x = arith::MaximumFOp::create(b, loc, x, scalarConstant(b, loc, f32, lo));
    return arith::MinimumFOp::create(b, loc, x,
                                     scalarConstant(b, loc, f32, hi));
  }

  static Value toIndex(OpBuilder &b, Location loc, Value x) {
    Value i = arith::FPToSIOp::create(b, loc, b.getI64Type(), x);
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), i);
  }

  LogicalResult matchAndRewrite(graph::ResizeOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType inType = op.getInput().getType();
    RankedTensorType outType = op.getType();
    Type elemType = outType.getElementType();
    Type f32 = rewriter.getF32Type();
    bool linear = op.getMode() == "linear";
    bool cubic = op.getMode() == "cubic";
    StringRef nearestMode = op.getNearestMode();
    double a = op.getCubicCoeffA().convertToDouble();
    Value v = buildGather(
        rewriter, op.getLoc(), outType,
        [&](OpBuilder &b, Location loc, ArrayRef<Value> out) -> Value {
          // Per dimension: the neighbours to read and their weights (one
          // neighbour of weight 1 for nearest and for kept dimensions).
          SmallVector<SmallVector<Value>> taps(out.size()), weights(out.size());
          auto c = [&](double v) { return scalarConstant(b, loc, f32, v); };
          for (auto [d, o] : llvm::enumerate(out)) {
            int64_t in = inType.getDimSize(d);
            if (in == outType.getDimSize(d) && op.getScales()[d] == 1.0f) {
              taps[d] = {o};
              continue;
            }
            Value x = sourceCoordinate(b, loc, op, d, o);
            if (linear) {
              x = clampF(b, loc, x, 0, in - 1);
              Value floor = math::FloorOp::create(b, loc, x);
              Value i0 = toIndex(b, loc, floor);
              Value i1 = arith::MinSIOp::create(
                  b, loc,
                  arith::AddIOp::create(b, loc, i0, indexConstant(b, loc, 1)),
                  indexConstant(b, loc, in - 1));
              Value t = arith::SubFOp::create(b, loc, x, floor);
              taps[d] = {i0, i1};
              weights[d] = {arith::SubFOp::create(b, loc, c(1), t), t};
              continue;
            }
            if (cubic) {
              // Neighbours floor(x) - 1 ... floor(x) + 2 at distances
              // 1 + t, t, 1 - t, 2 - t; Keys' kernel of coefficient a.
              Value floor = math::FloorOp::create(b, loc, x);
              Value t = arith::SubFOp::create(b, loc, x, floor);
              Value base =
                  arith::FPToSIOp::create(b, loc, b.getI64Type(), floor);
              SmallVector<Value, 4> cubic4 = cubicWeights(b, loc, t, a);
              Value sum = c(0);
              for (int k = -1; k <= 2; ++k) {
                Value w = cubic4[k + 1];
                Value raw = arith::AddIOp::create(
                    b, loc, base,
                    arith::ConstantIntOp::create(b, loc, b.getI64Type(), k));
                if (op.getExcludeOutside()) {
                  Value inside = arith::AndIOp::create(
                      b, loc,
                      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                                            raw,
                                            arith::ConstantIntOp::create(
                                                b, loc, b.getI64Type(), 0)),
                      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                            raw,
                                            arith::ConstantIntOp::create(
                                                b, loc, b.getI64Type(), in)));
                  w = arith::SelectOp::create(b, loc, inside, w, c(0));
                }
                sum = arith::AddFOp::create(b, loc, sum, w);
                Value clamped = arith::MinSIOp::create(
                    b, loc,
                    arith::MaxSIOp::create(b, loc, raw,
                                           arith::ConstantIntOp::create(
                                               b, loc, b.getI64Type(), 0)),
                    arith::ConstantIntOp::create(b, loc, b.getI64Type(),
                                                 in - 1));
                taps[d].push_back(arith::IndexCastOp::create(
                    b, loc, b.getIndexType(), clamped));
                weights[d].push_back(w);
              }
              if (op.getExcludeOutside())
                for (Value &w : weights[d])
                  w = arith::DivFOp::create(b, loc, w, sum);
              continue;
            }
            Value rounded;
            if (nearestMode == "floor") {
              rounded = math::FloorOp::create(b, loc, x);
            } else if (nearestMode == "ceil") {
              rounded = math::CeilOp::create(b, loc, x);
            } else {
              // Round half down (prefer floor) or up (prefer ceil).
              Value half = scalarConstant(b, loc, f32, 0.5);
              rounded =
                  nearestMode == "round_prefer_ceil"
                      ? math::FloorOp::create(
                            b, loc, arith::AddFOp::create(b, loc, x, half))
                            .getResult()
                      : math::CeilOp::create(
                            b, loc, arith::SubFOp::create(b, loc, x, half))
                            .getResult();
            }
            taps[d] = {toIndex(b, loc, clampF(b, loc, rounded, 0, in - 1))};
          }
          if (!linear && !cubic) {
            SmallVector<Value> at;
            for (ArrayRef<Value> t : taps)
              at.push_back(t.front());
            return tensor::ExtractOp::create(b, loc, op.getInput(), at);
          }
          // The weighted sum over every combination of neighbours, in f32.
          Value sum =
              weightedSum(b, loc, taps, weights, [&](ArrayRef<Value> at) {
                return convertScalar(
                    b, loc,
                    tensor::ExtractOp::create(b, loc, op.getInput(), at), f32);
              });
          return convertScalar(b, loc, sum, elemType);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

/// GridSample: per output element, the k grid coordinates (denormalized to
/// pixels, folded into range by the padding mode), then one read (nearest)
/// or the weighted sum over the 2^k (linear) or 4^k (cubic) neighbours,
/// each read through the padding mode (0, clamped or reflected index).
struct GridSampleLowering : OpRewritePattern<graph::GridSampleOp> {
  using OpRewritePattern::OpRewritePattern;

  /// `x` reflected into [lo, hi] by the nearest border, repeatedly (f32).
  static Value reflect(OpBuilder &b, Location loc, Value x, double lo,
                       double hi) {
    auto c = [&](double v) {
      return scalarConstant(b, loc, b.getF32Type(), v);
    };
    double range = hi - lo;
    if (range <= 0)
      return c(lo);
    auto cmp = [&](arith::CmpFPredicate p, Value l, Value r) {
      return arith::CmpFOp::create(b, loc, p, l, r);
    };
    Value below = cmp(arith::CmpFPredicate::OLT, x, c(lo));
    Value above = cmp(arith::CmpFPredicate::OGT, x, c(hi));
    Value dx = arith::SelectOp::create(b, loc, below,
                                       arith::SubFOp::create(b, loc, c(lo), x),
                                       arith::SubFOp::create(b, loc, x, c(hi)));
    Value n = math::FloorOp::create(
        b, loc, arith::DivFOp::create(b, loc, dx, c(range)));
    Value r = arith::SubFOp::create(b, loc, dx,
                                    arith::MulFOp::create(b, loc, n, c(range)));
    Value odd = arith::TruncIOp::create(
        b, loc, b.getI1Type(),
        arith::FPToSIOp::create(b, loc, b.getI64Type(), n));
    Value fromLo = arith::AddFOp::create(b, loc, c(lo), r);
    Value fromHi = arith::SubFOp::create(b, loc, c(hi), r);
    // Below: an even count of reflections lands at lo + r; above, hi - r.
    Value whenBelow = arith::SelectOp::create(b, loc, odd, fromHi, fromLo);
    Value whenAbove = arith::SelectOp::create(b, loc, odd, fromLo, fromHi);
    return arith::SelectOp::create(
        b, loc, below, whenBelow,
        arith::SelectOp::create(b, loc, above, whenAbove, x));
  }

  LogicalResult matchAndRewrite(graph::GridSampleOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType inType = op.getInput().getType();
    RankedTensorType outType = op.getType();
    Type elemType = outType.getElementType();
    Type f32 = rewriter.getF32Type(), i64 = rewriter.getI64Type();
    int64_t k = inType.getRank() - 2;
    StringRef mode = op.getMode(), padding = op.getPaddingMode();
    bool align = op.getAlignCorners();
    Value v = buildGather(
        rewriter, op.getLoc(), outType,
        [&](OpBuilder &b, Location loc, ArrayRef<Value> out) -> Value {
          auto c = [&](double v) { return scalarConstant(b, loc, f32, v); };
          auto ci = [&](int64_t v) {
            return arith::ConstantIntOp::create(b, loc, i64, v);
          };
          // Per spatial dimension: neighbour indices (i64, maybe outside)
          // and their weights.
          SmallVector<SmallVector<Value>> taps(k), weights(k);
          for (int64_t d = 0; d < k; ++d) {
            int64_t size = inType.getDimSize(d + 2);
            double lo = align ? 0.0 : -0.5;
            double hi = align ? double(size - 1) : double(size) - 0.5;
            SmallVector<Value> at = {out[0]};
            at.append(out.begin() + 2, out.end());
            at.push_back(indexConstant(b, loc, k - 1 - d));
            Value g = convertScalar(
                b, loc, tensor::ExtractOp::create(b, loc, op.getGrid(), at),
                f32);
            // align_corners: (g + 1) / 2 * (D - 1); else ((g + 1) * D - 1) / 2.
            Value g1 = arith::AddFOp::create(b, loc, g, c(1));
            Value x;
            if (align)
              x = arith::MulFOp::create(
                  b, loc, arith::DivFOp::create(b, loc, g1, c(2)), c(size - 1));
            else
              x = arith::DivFOp::create(
                  b, loc,
                  arith::SubFOp::create(
                      b, loc, arith::MulFOp::create(b, loc, g1, c(size)), c(1)),
                  c(2));
            if (mode == "nearest")
              x = math::RoundEvenOp::create(b, loc, x);
            // Outside [lo, hi], border clamps the coordinate to the pixel
            // centers (inside, the neighbour reads clamp).
            if (padding == "border") {
              Value outside = arith::OrIOp::create(
                  b, loc,
                  arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                        c(lo)),
                  arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x,
                                        c(hi)));
              Value clamped = arith::MinimumFOp::create(
                  b, loc, arith::MaximumFOp::create(b, loc, x, c(0)),
                  c(size - 1));
              x = arith::SelectOp::create(b, loc, outside, clamped, x);
            } else if (padding == "reflection")
              x = reflect(b, loc, x, lo, hi);
            if (mode == "nearest") {
              taps[d] = {arith::FPToSIOp::create(b, loc, i64, x)};
              continue;
            }
            Value floor = math::FloorOp::create(b, loc, x);
            Value t = arith::SubFOp::create(b, loc, x, floor);
            Value base = arith::FPToSIOp::create(b, loc, i64, floor);
            int first = mode == "linear" ? 0 : -1,
                last = mode == "linear" ? 1 : 2;
            for (int j = first; j <= last; ++j)
              taps[d].push_back(arith::AddIOp::create(b, loc, base, ci(j)));
            if (mode == "linear")
              weights[d] = {arith::SubFOp::create(b, loc, c(1), t), t};
            else
              weights[d] = llvm::to_vector(cubicWeights(b, loc, t, -0.75));
          }
          // One neighbour through the padding mode: 0 outside (zeros), the
          // clamped or reflected index otherwise.
          auto read = [&](ArrayRef<Value> index) -> Value {
            SmallVector<Value> at = {out[0], out[1]};
            Value inside = arith::ConstantIntOp::create(b, loc, 1, 1);
            for (int64_t d = 0; d < k; ++d) {
              int64_t size = inType.getDimSize(d + 2);
              Value i = index[d];
              if (padding == "reflection") {
                double lo = align ? 0.0 : -0.5;
                double hi = align ? double(size - 1) : double(size) - 0.5;
                Value reflected = reflect(
                    b, loc, arith::SIToFPOp::create(b, loc, f32, i), lo, hi);
                i = arith::FPToSIOp::create(b, loc, i64, reflected);
              }
              if (padding == "zeros")
                inside = arith::AndIOp::create(
                    b, loc, inside,
                    arith::AndIOp::create(
                        b, loc,
                        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                                              i, ci(0)),
                        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                              i, ci(size))));
              i = arith::MinSIOp::create(
                  b, loc, arith::MaxSIOp::create(b, loc, i, ci(0)),
                  ci(size - 1));
              at.push_back(
                  arith::IndexCastOp::create(b, loc, b.getIndexType(), i));
            }
            Value pixel = convertScalar(
                b, loc, tensor::ExtractOp::create(b, loc, op.getInput(), at),
                f32);
            return padding == "zeros"
                       ? arith::SelectOp::create(b, loc, inside, pixel, c(0))
                             .getResult()
                       : pixel;
          };
          Value sum = weightedSum(b, loc, taps, weights, read);
          return convertScalar(b, loc, sum, elemType);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

struct ConcatLowering : OpRewritePattern<graph::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::ConcatOp op,
                                PatternRewriter &rewriter) const override {
    int64_t axis = op.getAxis();
    Value v = buildGather(
        rewriter, op.getLoc(), op.getType(),
        [&](OpBuilder &b, Location loc, ArrayRef<Value> out) -> Value {
          // Walk the inputs from the last: the element comes from input k
          // when out[axis] >= offset_k (the largest such k).
          Value result;
          int64_t offset = op.getType().getDimSize(axis);
          for (Value input : llvm::reverse(op.getInputs())) {
            int64_t size =
                cast<RankedTensorType>(input.getType()).getDimSize(axis);
            offset -= size;
            // Clamp the position along the axis into this input's range so
            // the read is always in bounds.
            Value shifted = arith::SubIOp::create(
                b, loc, out[axis], indexConstant(b, loc, offset));
            Value low = arith::MaxSIOp::create(b, loc, shifted,
                                               indexConstant(b, loc, 0));
            Value clamped = arith::MinSIOp::create(
                b, loc, low, indexConstant(b, loc, size - 1));
            SmallVector<Value> in(out);
            in[axis] = clamped;
            Value element = tensor::ExtractOp::create(b, loc, input, in);
            if (!result) {
              result = element;
              continue;
            }
            Value here = arith::CmpIOp::create(
                b, loc, arith::CmpIPredicate::slt, out[axis],
                indexConstant(b, loc, offset + size));
            result = arith::SelectOp::create(b, loc, here, element, result);
          }
          return result;
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

/// Pad: input position o - pad_begin per dimension, mapped back into the
/// input by the mode (or replaced by the constant value).
struct PadLowering : OpRewritePattern<graph::PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::PadOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
    Type elemType = op.getType().getElementType();
    StringRef mode = op.getMode();
    Value fill = op.getValue();
    Value v = buildGather(
        rewriter, loc, op.getType(),
        [&](OpBuilder &b, Location l, ArrayRef<Value> out) -> Value {
          SmallVector<Value> in;
          Value inside;
          for (auto [d, index] : llvm::enumerate(out)) {
            Value size = indexConstant(b, l, inShape[d]);
            Value pos = arith::SubIOp::create(
                b, l, index, indexConstant(b, l, op.getPadsBegin()[d]));
            Value zero = indexConstant(b, l, 0);
            Value last = indexConstant(b, l, inShape[d] - 1);
            if (mode == "reflect" && inShape[d] > 1) {
              // |pos|, then 2 * last - pos past the end.
              Value negated = arith::SubIOp::create(b, l, zero, pos);
              pos = arith::MaxSIOp::create(b, l, pos, negated);
              Value mirrored = arith::SubIOp::create(
                  b, l, indexConstant(b, l, 2 * (inShape[d] - 1)), pos);
              pos = arith::MinSIOp::create(b, l, pos, mirrored);
            } else if (mode == "wrap") {
              pos = arith::RemSIOp::create(
                  b, l, arith::AddIOp::create(b, l, pos, size), size);
            } else if (mode == "constant") {
              Value low = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge,
                                                pos, zero);
              Value high = arith::CmpIOp::create(
                  b, l, arith::CmpIPredicate::slt, pos, size);
              Value both = arith::AndIOp::create(b, l, low, high);
              inside =
                  inside ? arith::AndIOp::create(b, l, inside, both) : both;
            }
            // Edge, and a safe index for the others.
            pos = arith::MaxSIOp::create(b, l, pos, zero);
            in.push_back(arith::MinSIOp::create(b, l, pos, last));
          }
          Value element = tensor::ExtractOp::create(b, l, op.getInput(), in);
          if (!inside)
            return element;
          Value padding =
              fill ? Value(tensor::ExtractOp::create(b, l, fill, ValueRange{}))
                   : floatConstant(b, l, elemType, 0.0);
          return arith::SelectOp::create(b, l, inside, element, padding);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

struct ExpandLowering : OpRewritePattern<graph::ExpandOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::ExpandOp op,
                                PatternRewriter &rewriter) const override {
    Value v = buildElementwise(
        rewriter, op.getLoc(), op.getType(), {op.getInput()},
        [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    rewriter.replaceOp(op, v);
    return success();
  }
};

/// The element after a scatter step: `current` unless `hit`, else the
/// update itself (reduction "none") or combined with `current`.
Value scatterInto(OpBuilder &b, Location loc, StringRef reduction, Value hit,
                  Value update, Value current, bool isUnsigned) {
  std::optional<CombineKind> kind =
      llvm::StringSwitch<std::optional<CombineKind>>(reduction)
          .Case("add", CombineKind::Add)
          .Case("mul", CombineKind::Mul)
          .Case("max", CombineKind::Max)
          .Case("min", CombineKind::Min)
          .Default(std::nullopt);
  Value updated =
      kind ? combineScalars(b, loc, *kind, update, current, isUnsigned)
           : update;
  return arith::SelectOp::create(b, loc, hit, updated, current);
}

/// `raw` (an integer index) made non-negative for a dimension of `size`;
/// out-of-range values stay out of range.
Value wrappedIndex(OpBuilder &b, Location loc, Value raw, int64_t size) {
  Value index = arith::IndexCastOp::create(b, loc, b.getIndexType(), raw);
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                         index, indexConstant(b, loc, 0));
  return arith::SelectOp::create(
      b, loc, negative,
      arith::AddIOp::create(b, loc, index, indexConstant(b, loc, size)), index);
}

/// A scatter as one linalg.generic over the result plus one reduction
/// dimension that walks the update positions in order: every result element
/// starts as the input's and takes (or combines) each update aimed at it.
/// Each element reads only its own candidates, so nothing races; the cost is
/// result size x update positions along the walked dimension.
Value buildScatter(
    OpBuilder &b, Location loc, Value input, int64_t walkSize,
    function_ref<Value(OpBuilder &, Location, ArrayRef<Value>, Value, Value)>
        body) {
  auto type = cast<RankedTensorType>(input.getType());
  unsigned rank = type.getRank();
  // A fresh copy of the input to update (never the input's own buffer).
  Value init = buildElementwise(
      b, loc, type, {input},
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> resultDims;
  for (unsigned d = 0; d < rank; ++d)
    resultDims.push_back(getAffineDimExpr(d, ctx));
  // The walk has no operand of its own: a constant-sized dimension via an
  // empty tensor of that size.
  Value walk = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{walkSize},
                                       b.getI1Type());
  SmallVector<AffineMap> maps = {
      AffineMap::get(rank + 1, 0, {getAffineDimExpr(rank, ctx)}, ctx),
      AffineMap::get(rank + 1, 0, resultDims, ctx)};
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{walk}, ValueRange{init}, maps,
             iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               SmallVector<Value> out;
               for (unsigned d = 0; d < rank; ++d)
                 out.push_back(linalg::IndexOp::create(nb, nloc, d));
               Value step = linalg::IndexOp::create(nb, nloc, rank);
               linalg::YieldOp::create(nb, nloc,
                                       body(nb, nloc, out, step, args[1]));
             })
      .getResult(0);
}

/// ScatterElements: element [j...] takes the updates at positions
/// [j with axis -> r] (r walked) whose index is j[axis].
struct ScatterElementsLowering : OpRewritePattern<graph::ScatterElementsOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::ScatterElementsOp op,
                                PatternRewriter &rewriter) const override {
    int64_t axis = op.getAxis();
    ArrayRef<int64_t> shape = op.getType().getShape();
    ArrayRef<int64_t> idxShape = op.getIndices().getType().getShape();
    bool isUnsigned = hasUnsignedOperands(op);
    Value v = buildScatter(
        rewriter, op.getLoc(), op.getInput(), idxShape[axis],
        [&](OpBuilder &b, Location loc, ArrayRef<Value> out, Value step,
            Value current) -> Value {
          // Positions outside the (possibly smaller) indices hit nothing.
          Value inside = arith::ConstantIntOp::create(b, loc, 1, 1);
          SmallVector<Value> at(out);
          at[axis] = step;
          for (int64_t d = 0, e = shape.size(); d < e; ++d) {
            if (d == axis || idxShape[d] == shape[d])
              continue;
            Value size = indexConstant(b, loc, idxShape[d]);
            inside = arith::AndIOp::create(
                b, loc, inside,
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, out[d],
                                      size));
            at[d] = arith::MinUIOp::create(
                b, loc, out[d], indexConstant(b, loc, idxShape[d] - 1));
          }
          Value target = wrappedIndex(
              b, loc, tensor::ExtractOp::create(b, loc, op.getIndices(), at),
              shape[axis]);
          Value hit = arith::AndIOp::create(
              b, loc, inside,
              arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, target,
                                    out[axis]));
          Value update = tensor::ExtractOp::create(b, loc, op.getUpdates(), at);
          return scatterInto(b, loc, op.getReduction(), hit, update, current,
                             isUnsigned);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

/// ScatterND: element [j...] takes update slice m (walked in row-major
/// order over the indices' leading dimensions) when tuple m is j[:k].
struct ScatterNDLowering : OpRewritePattern<graph::ScatterNDOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::ScatterNDOp op,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> shape = op.getType().getShape();
    ArrayRef<int64_t> idxShape = op.getIndices().getType().getShape();
    ArrayRef<int64_t> tupleDims = idxShape.drop_back();
    int64_t k = idxShape.back(), tuples = 1;
    for (int64_t d : tupleDims)
      tuples *= d;
    bool isUnsigned = hasUnsignedOperands(op);
    Value v = buildScatter(
        rewriter, op.getLoc(), op.getInput(), tuples,
        [&](OpBuilder &b, Location loc, ArrayRef<Value> out, Value step,
            Value current) -> Value {
          // The walked tuple's position in the indices' leading dimensions.
          SmallVector<Value> m(tupleDims.size());
          Value rest = step;
          for (int64_t d = tupleDims.size() - 1; d >= 0; --d) {
            Value size = indexConstant(b, loc, tupleDims[d]);
            m[d] = arith::RemUIOp::create(b, loc, rest, size);
            rest = arith::DivUIOp::create(b, loc, rest, size);
          }
          Value hit = arith::ConstantIntOp::create(b, loc, 1, 1);
          for (int64_t c = 0; c < k; ++c) {
            SmallVector<Value> at(m);
            at.push_back(indexConstant(b, loc, c));
            Value target = wrappedIndex(
                b, loc, tensor::ExtractOp::create(b, loc, op.getIndices(), at),
                shape[c]);
            hit = arith::AndIOp::create(
                b, loc, hit,
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, target,
                                      out[c]));
          }
          SmallVector<Value> at(m);
          at.append(out.begin() + k, out.end());
          Value update = tensor::ExtractOp::create(b, loc, op.getUpdates(), at);
          return scatterInto(b, loc, op.getReduction(), hit, update, current,
                             isUnsigned);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

} // namespace

void graph_to_linalg::populateDataMovementLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ConcatLowering, ExpandLowering, PadLowering,
               ReadAtIndexLowering<graph::SliceOp>,
               ReadAtIndexLowering<graph::TileOp>, GatherLowering,
               GatherElementsLowering, ResizeLowering, GridSampleLowering,
               ScatterElementsLowering, ScatterNDLowering>(
      patterns.getContext());
}
