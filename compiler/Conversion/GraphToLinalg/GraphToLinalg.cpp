//===- GraphToLinalg.cpp - graph dialect to linalg ------------------------===//
//
// Implements convert-graph-to-linalg: one rewrite pattern per `graph` op,
// producing linalg.generic / named linalg ops and tensor reshapes on tensors.
// Broadcasting never materializes copies: size-1 broadcast dimensions are
// collapsed away and the remaining dimensions are read through projected
// permutation maps.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "compiler/Conversion/GraphToLinalg/LoweringUtils.h"
#include "compiler/Conversion/Passes.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

#include "llvm/ADT/STLExtras.h"

#include <type_traits>

namespace octet {
#define GEN_PASS_DEF_CONVERTGRAPHTOLINALG
#include "compiler/Conversion/Passes.h.inc"
} // namespace octet

using namespace mlir;
using namespace octet;

namespace {

using graph_to_linalg::accumulatorType;
using graph_to_linalg::BodyFn;
using graph_to_linalg::buildElementwise;
using graph_to_linalg::filledTensor;
using graph_to_linalg::floatConstant;
using graph_to_linalg::roundToResult;
using graph_to_linalg::scalarConstant;

RankedTensorType tensorTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  Type elemType) {
  return tensor::EmptyOp::create(b, loc, shape, elemType);
}

/// Prepares `operand` (right-aligned against a loop nest over `loopShape`
/// starting at loop dimension `firstDim`) for broadcasting: dimensions of
/// size 1 that are broadcast (loop size != 1) are collapsed away, and the
/// remaining dimensions are returned in `exprs` as loop dimensions. The
/// result's indexing map is then a projected permutation.
Value dropBroadcastDims(OpBuilder &b, Location loc, Value operand,
                        ArrayRef<int64_t> loopShape, unsigned firstDim,
                        SmallVectorImpl<AffineExpr> &exprs) {
  ArrayRef<int64_t> shape = tensorTypeOf(operand).getShape();
  assert(shape.size() <= loopShape.size() && "operand has too high a rank");
  unsigned offset = loopShape.size() - shape.size();
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  SmallVector<int64_t> keptShape;
  bool dropped = false;
  for (auto [i, size] : llvm::enumerate(shape)) {
    unsigned dim = i + offset;
    if (size == loopShape[dim]) {
      exprs.push_back(b.getAffineDimExpr(firstDim + dim));
      keptShape.push_back(size);
      ReassociationIndices group = pending;
      group.push_back(i);
      pending.clear();
      groups.push_back(group);
      continue;
    }
    assert(size == 1 && "not a broadcast dimension");
    dropped = true;
    if (groups.empty())
      pending.push_back(i);
    else
      groups.back().push_back(i);
  }
  if (!dropped)
    return operand;
  auto type =
      RankedTensorType::get(keptShape, tensorTypeOf(operand).getElementType());
  return tensor::CollapseShapeOp::create(b, loc, type, operand, groups);
}

/// Emits `acc + a * b` (the body of a contraction), `a` and `b` extended to
/// the accumulator's type.
Value multiplyAccumulate(OpBuilder &b, Location loc, ValueRange args) {
  Type accType = args[2].getType();
  Value lhs = graph_to_linalg::convertScalar(b, loc, args[0], accType);
  Value rhs = graph_to_linalg::convertScalar(b, loc, args[1], accType);
  if (!isa<FloatType>(accType))
    return arith::AddIOp::create(b, loc, args[2],
                                 arith::MulIOp::create(b, loc, lhs, rhs));
  return arith::AddFOp::create(b, loc, args[2],
                               arith::MulFOp::create(b, loc, lhs, rhs));
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

/// Lowers a broadcasting binary op to `FloatOp` on float operands, `IntOp`
/// on signed integer (and i1) operands and `UIntOp` on unsigned ones; `void`
/// where the graph op's operand types exclude that kind.
template <typename GraphOp, typename FloatOp, typename IntOp = void,
          typename UIntOp = IntOp>
struct BinaryLowering : OpRewritePattern<GraphOp> {
  using OpRewritePattern<GraphOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(GraphOp op,
                                PatternRewriter &rewriter) const override {
    bool isFloat = isa<FloatType>(op.getLhs().getType().getElementType());
    bool isUnsigned = graph_to_linalg::hasUnsignedOperands(op);
    Value v = buildElementwise(
        rewriter, op.getLoc(), op.getType(), {op.getLhs(), op.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          if constexpr (!std::is_void_v<FloatOp>)
            if (isFloat)
              return FloatOp::create(b, loc, args[0], args[1]);
          if constexpr (!std::is_void_v<IntOp>)
            if (!isFloat)
              return isUnsigned
                         ? UIntOp::create(b, loc, args[0], args[1]).getResult()
                         : IntOp::create(b, loc, args[0], args[1]).getResult();
          llvm_unreachable("element type excluded by the op definition");
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

/// Comparisons: arith.cmpf with an ordered predicate on floats, arith.cmpi
/// on integers and i1 (signed, or unsigned for unsigned operands).
template <typename GraphOp, arith::CmpFPredicate FloatPred,
          arith::CmpIPredicate IntPred, arith::CmpIPredicate UIntPred>
struct CompareLowering : OpRewritePattern<GraphOp> {
  using OpRewritePattern<GraphOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(GraphOp op,
                                PatternRewriter &rewriter) const override {
    bool isFloat = isa<FloatType>(op.getLhs().getType().getElementType());
    arith::CmpIPredicate intPred =
        graph_to_linalg::hasUnsignedOperands(op) ? UIntPred : IntPred;
    Value v = buildElementwise(
        rewriter, op.getLoc(), op.getType(), {op.getLhs(), op.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          if (isFloat)
            return arith::CmpFOp::create(b, loc, FloatPred, args[0], args[1]);
          return arith::CmpIOp::create(b, loc, intPred, args[0], args[1]);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

struct WhereLowering : OpRewritePattern<graph::WhereOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::WhereOp op,
                                PatternRewriter &rewriter) const override {
    Value v = buildElementwise(
        rewriter, op.getLoc(), op.getType(),
        {op.getCondition(), op.getOnTrue(), op.getOnFalse()},
        [](OpBuilder &b, Location loc, ValueRange args) -> Value {
          return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

/// BitShift: `ShiftOp` where the amount is below the bit width, 0 beyond
/// (arith's shifts are poison there; ONNX's shift every bit out).
template <typename GraphOp, typename ShiftOp>
struct ShiftLowering : OpRewritePattern<GraphOp> {
  using OpRewritePattern<GraphOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(GraphOp op,
                                PatternRewriter &rewriter) const override {
    Type elemType = op.getType().getElementType();
    unsigned width = elemType.getIntOrFloatBitWidth();
    Value v = buildElementwise(
        rewriter, op.getLoc(), op.getType(), {op.getLhs(), op.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value shifted = ShiftOp::create(b, loc, args[0], args[1]);
          Value inRange =
              arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, args[1],
                                    scalarConstant(b, loc, elemType, width));
          return arith::SelectOp::create(b, loc, inRange, shifted,
                                         scalarConstant(b, loc, elemType, 0));
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

/// Pow: math.powf on floats; on integers, exponentiation by squaring over
/// every bit of the exponent (exact, wrapping like the multiplications), and
/// for a negative exponent the truncated real power: 1 for base 1, +-1 for
/// base -1, else 0.
struct PowLowering : OpRewritePattern<graph::PowOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::PowOp op,
                                PatternRewriter &rewriter) const override {
    Type elemType = op.getType().getElementType();
    bool isUnsigned = graph_to_linalg::hasUnsignedOperands(op);
    Value v = buildElementwise(
        rewriter, op.getLoc(), op.getType(), {op.getLhs(), op.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          if (isa<FloatType>(elemType))
            return math::PowFOp::create(b, loc, args[0], args[1]);
          Value base = args[0], exponent = args[1];
          auto c = [&](int64_t v) {
            return scalarConstant(b, loc, elemType, v);
          };
          Value one = c(1), result = one, square = base;
          unsigned width = elemType.getIntOrFloatBitWidth();
          for (unsigned bit = 0; bit < width; ++bit) {
            Value set = arith::CmpIOp::create(
                b, loc, arith::CmpIPredicate::ne,
                arith::AndIOp::create(
                    b, loc, arith::ShRUIOp::create(b, loc, exponent, c(bit)),
                    one),
                c(0));
            result = arith::SelectOp::create(
                b, loc, set, arith::MulIOp::create(b, loc, result, square),
                result);
            if (bit + 1 < width)
              square = arith::MulIOp::create(b, loc, square, square);
          }
          if (isUnsigned)
            return result;
          auto cmp = [&](arith::CmpIPredicate pred, Value l, Value r) {
            return arith::CmpIOp::create(b, loc, pred, l, r);
          };
          Value odd = cmp(arith::CmpIPredicate::ne,
                          arith::AndIOp::create(b, loc, exponent, one), c(0));
          Value negativePower = arith::SelectOp::create(
              b, loc, cmp(arith::CmpIPredicate::eq, base, one), one,
              arith::SelectOp::create(
                  b, loc, cmp(arith::CmpIPredicate::eq, base, c(-1)),
                  arith::SelectOp::create(b, loc, odd, c(-1), one), c(0)));
          return arith::SelectOp::create(
              b, loc, cmp(arith::CmpIPredicate::slt, exponent, c(0)),
              negativePower, result);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

/// Mod: with `fmod` the remainder has the dividend's sign (C's fmod; arith
/// remf / remsi); without it (integers only) the divisor's sign, as Python's
/// `%`: a non-zero remainder whose sign differs from the divisor's gets the
/// divisor added.
struct ModLowering : OpRewritePattern<graph::ModOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::ModOp op,
                                PatternRewriter &rewriter) const override {
    Type elemType = op.getType().getElementType();
    bool isFloat = isa<FloatType>(elemType);
    if (isFloat && !op.getFmod())
      return rewriter.notifyMatchFailure(op, "float Mod needs fmod");
    bool fmod = op.getFmod();
    bool isUnsigned = graph_to_linalg::hasUnsignedOperands(op);
    Value v = buildElementwise(
        rewriter, op.getLoc(), op.getType(), {op.getLhs(), op.getRhs()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          if (isFloat)
            return arith::RemFOp::create(b, loc, args[0], args[1]);
          // Unsigned: no signs to reconcile.
          if (isUnsigned)
            return arith::RemUIOp::create(b, loc, args[0], args[1]);
          Value rem = arith::RemSIOp::create(b, loc, args[0], args[1]);
          if (fmod)
            return rem;
          Value zero = scalarConstant(b, loc, elemType, 0);
          auto cmp = [&](arith::CmpIPredicate pred, Value l, Value r) {
            return arith::CmpIOp::create(b, loc, pred, l, r);
          };
          Value signsDiffer =
              cmp(arith::CmpIPredicate::ne,
                  cmp(arith::CmpIPredicate::slt, rem, zero),
                  cmp(arith::CmpIPredicate::slt, args[1], zero));
          Value adjust = arith::AndIOp::create(
              b, loc, cmp(arith::CmpIPredicate::ne, rem, zero), signsDiffer);
          Value adjusted = arith::AddIOp::create(b, loc, rem, args[1]);
          return arith::SelectOp::create(b, loc, adjust, adjusted, rem);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

/// PRelu: `x < 0 ? slope * x : x`, the slope broadcast against x.
struct PReluLowering : OpRewritePattern<graph::PReluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::PReluOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type elemType = op.getType().getElementType();
    bool isFloat = isa<FloatType>(elemType);
    bool isUnsigned = graph_to_linalg::hasUnsignedOperands(op);
    Value zero = scalarConstant(rewriter, loc, elemType, 0);
    Value v = buildElementwise(
        rewriter, loc, op.getType(), {op.getLhs(), op.getRhs()},
        [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
          // Unsigned values are never negative.
          if (isUnsigned)
            return args[0];
          Value scaled =
              isFloat
                  ? arith::MulFOp::create(b, nloc, args[0], args[1]).getResult()
                  : arith::MulIOp::create(b, nloc, args[0], args[1])
                        .getResult();
          Value negative =
              isFloat
                  ? arith::CmpFOp::create(b, nloc, arith::CmpFPredicate::OLT,
                                          args[0], zero)
                        .getResult()
                  : arith::CmpIOp::create(b, nloc, arith::CmpIPredicate::slt,
                                          args[0], zero)
                        .getResult();
          return arith::SelectOp::create(b, nloc, negative, scaled, args[0]);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

/// Dequantize: `f32(input) * scale` elementwise, the scale broadcast; the
/// narrow input is read as stored (one byte per FP8 element).
struct DequantizeLowering : OpRewritePattern<graph::DequantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::DequantizeOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> inputs = {op.getInput()};
    if (op.getScale())
      inputs.push_back(op.getScale());
    bool isUnsigned = graph_to_linalg::hasUnsignedOperands(op);
    Value v = buildElementwise(
        rewriter, op.getLoc(), op.getType(), inputs,
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value wide = graph_to_linalg::convertScalar(
              b, loc, args[0], b.getF32Type(), isUnsigned);
          if (args.size() == 1)
            return wide;
          return arith::MulFOp::create(b, loc, wide, args[1]);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

struct ReluLowering : OpRewritePattern<graph::ReluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::ReluOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type elemType = op.getType().getElementType();
    Value zero = scalarConstant(rewriter, loc, elemType, 0.0);
    if (graph_to_linalg::hasUnsignedOperands(op)) {
      rewriter.replaceOp(op, op.getInput()); // Never negative.
      return success();
    }
    Value v = buildElementwise(
        rewriter, loc, op.getType(), {op.getInput()},
        [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
          if (isa<FloatType>(elemType))
            return arith::MaximumFOp::create(b, nloc, args[0], zero);
          return arith::MaxSIOp::create(b, nloc, args[0], zero);
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// MatMul
//===----------------------------------------------------------------------===//

struct MatMulLowering : OpRewritePattern<graph::MatMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::MatMulOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value lhs = op.getLhs(), rhs = op.getRhs();
    RankedTensorType finalType = op.getType();
    // Narrow floats accumulate in f32; the result is rounded once.
    Type elemType = accumulatorType(finalType.getElementType());
    RankedTensorType resultType = finalType.clone(elemType);
    ArrayRef<int64_t> a = tensorTypeOf(lhs).getShape();
    ArrayRef<int64_t> b = tensorTypeOf(rhs).getShape();
    Value zero = scalarConstant(rewriter, loc, elemType, 0.0);
    Value init =
        filledTensor(rewriter, loc, resultType.getShape(), elemType, zero);

    if (a.size() == 2 && b.size() == 2) {
      Value v = linalg::MatmulOp::create(rewriter, loc, TypeRange{resultType},
                                         ValueRange{lhs, rhs}, ValueRange{init})
                    .getResult(0);
      rewriter.replaceOp(op, roundToResult(rewriter, loc, v, finalType));
      return success();
    }
    if (a.size() == 3 && b.size() == 3 && a[0] == b[0]) {
      Value v =
          linalg::BatchMatmulOp::create(rewriter, loc, TypeRange{resultType},
                                        ValueRange{lhs, rhs}, ValueRange{init})
              .getResult(0);
      rewriter.replaceOp(op, roundToResult(rewriter, loc, v, finalType));
      return success();
    }

    // General case: a contraction generic over
    //   (batch..., [m], [n], k)
    // where m is absent for a 1-D lhs and n for a 1-D rhs.
    bool lhsVector = a.size() == 1, rhsVector = b.size() == 1;
    unsigned lhsBatchRank = lhsVector ? 0 : a.size() - 2;
    unsigned rhsBatchRank = rhsVector ? 0 : b.size() - 2;
    unsigned batchRank = std::max(lhsBatchRank, rhsBatchRank);
    ArrayRef<int64_t> batchShape = resultType.getShape().take_front(batchRank);
    unsigned numLoops = batchRank + !lhsVector + !rhsVector + 1;
    unsigned mDim = batchRank;
    unsigned nDim = batchRank + !lhsVector;
    unsigned kDim = numLoops - 1;

    auto operandMap = [&](Value &v, ArrayRef<int64_t> shape, bool isVector,
                          bool isLhs) {
      SmallVector<AffineExpr> exprs;
      if (!isVector) {
        // Strip broadcast batch dims: collapse them away along with the
        // matrix dims kept as they are.
        unsigned batch = shape.size() - 2;
        SmallVector<int64_t> loopShape(batchShape.begin(), batchShape.end());
        // The matrix dims always match themselves.
        loopShape.push_back(shape[batch]);
        loopShape.push_back(shape[batch + 1]);
        SmallVector<AffineExpr> all;
        v = dropBroadcastDims(rewriter, loc, v, loopShape, 0, all);
        // The last two exprs name loop dims batchRank and batchRank+1 of
        // `loopShape`; rename them to the (m,k) or (k,n) loops.
        exprs.append(all.begin(), all.end() - 2);
        if (isLhs) {
          exprs.push_back(rewriter.getAffineDimExpr(mDim));
          exprs.push_back(rewriter.getAffineDimExpr(kDim));
        } else {
          exprs.push_back(rewriter.getAffineDimExpr(kDim));
          exprs.push_back(rewriter.getAffineDimExpr(nDim));
        }
      } else {
        exprs.push_back(rewriter.getAffineDimExpr(kDim));
      }
      return AffineMap::get(numLoops, 0, exprs, ctx);
    };
    AffineMap lhsMap = operandMap(lhs, a, lhsVector, /*isLhs=*/true);
    AffineMap rhsMap = operandMap(rhs, b, rhsVector, /*isLhs=*/false);
    SmallVector<AffineExpr> outExprs;
    for (unsigned i = 0; i < batchRank; ++i)
      outExprs.push_back(rewriter.getAffineDimExpr(i));
    if (!lhsVector)
      outExprs.push_back(rewriter.getAffineDimExpr(mDim));
    if (!rhsVector)
      outExprs.push_back(rewriter.getAffineDimExpr(nDim));
    AffineMap outMap = AffineMap::get(numLoops, 0, outExprs, ctx);

    SmallVector<utils::IteratorType> iterators(numLoops,
                                               utils::IteratorType::parallel);
    iterators[kDim] = utils::IteratorType::reduction;
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{lhs, rhs},
        ValueRange{init}, ArrayRef<AffineMap>{lhsMap, rhsMap, outMap},
        iterators, [](OpBuilder &nb, Location nloc, ValueRange args) {
          linalg::YieldOp::create(nb, nloc, multiplyAccumulate(nb, nloc, args));
        });
    rewriter.replaceOp(
        op, roundToResult(rewriter, loc, generic.getResult(0), finalType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Einsum
//===----------------------------------------------------------------------===//

/// Einsum: one linalg.generic whose loops are the equation's letters (the
/// output's first, in order, then the summed ones); each operand reads
/// through the map of its subscripts.
struct EinsumLowering : OpRewritePattern<graph::EinsumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::EinsumOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto [lhs, output] = op.getEquation().split("->");
    SmallVector<StringRef> subscripts;
    lhs.split(subscripts, ',');
    std::string letters = output.str();
    for (StringRef s : subscripts)
      for (char c : s)
        if (letters.find(c) == std::string::npos)
          letters += c;
    unsigned numLoops = letters.size();
    auto mapOf = [&](StringRef s) {
      SmallVector<AffineExpr> exprs;
      for (char c : s)
        exprs.push_back(getAffineDimExpr(letters.find(c), ctx));
      return AffineMap::get(numLoops, 0, exprs, ctx);
    };
    SmallVector<AffineMap> maps;
    for (StringRef s : subscripts)
      maps.push_back(mapOf(s));
    maps.push_back(mapOf(output));
    SmallVector<utils::IteratorType> iterators(numLoops,
                                               utils::IteratorType::parallel);
    for (unsigned d = output.size(); d < numLoops; ++d)
      iterators[d] = utils::IteratorType::reduction;
    RankedTensorType finalType = op.getType();
    Type elemType = accumulatorType(finalType.getElementType());
    RankedTensorType type = finalType.clone(elemType);
    bool isFloat = isa<FloatType>(elemType);
    Value init = filledTensor(rewriter, loc, type.getShape(), elemType,
                              scalarConstant(rewriter, loc, elemType, 0));
    Value v = linalg::GenericOp::create(
                  rewriter, loc, TypeRange{type}, op.getInputs(),
                  ValueRange{init}, maps, iterators,
                  [&](OpBuilder &b, Location l, ValueRange args) {
                    Value product;
                    for (Value in : args.drop_back()) {
                      Value x =
                          graph_to_linalg::convertScalar(b, l, in, elemType);
                      if (!product)
                        product = x;
                      else if (isFloat)
                        product = arith::MulFOp::create(b, l, product, x);
                      else
                        product = arith::MulIOp::create(b, l, product, x);
                    }
                    Value sum;
                    if (isFloat)
                      sum = arith::AddFOp::create(b, l, args.back(), product);
                    else
                      sum = arith::AddIOp::create(b, l, args.back(), product);
                    linalg::YieldOp::create(b, l, sum);
                  })
                  .getResult(0);
    rewriter.replaceOp(op, roundToResult(rewriter, loc, v, finalType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Gemm
//===----------------------------------------------------------------------===//

struct GemmLowering : OpRewritePattern<graph::GemmOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::GemmOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType finalType = op.getType();
    // Narrow floats accumulate in f32; the result is rounded once.
    Type elemType = accumulatorType(finalType.getElementType());
    RankedTensorType resultType = finalType.clone(elemType);
    bool transA = op.getTransA(), transB = op.getTransB();
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    Value c = op.getC();
    if (c && beta == 0.0)
      c = nullptr;

    Value zero = floatConstant(rewriter, loc, elemType, 0.0);
    Value init =
        filledTensor(rewriter, loc, resultType.getShape(), elemType, zero);
    Value product;
    if (!transA && !transB) {
      product = linalg::MatmulOp::create(rewriter, loc, TypeRange{resultType},
                                         ValueRange{op.getA(), op.getB()},
                                         ValueRange{init})
                    .getResult(0);
    } else {
      // Loops (m, n, k); the transpositions live in the operand maps.
      AffineExpr m = rewriter.getAffineDimExpr(0);
      AffineExpr n = rewriter.getAffineDimExpr(1);
      AffineExpr k = rewriter.getAffineDimExpr(2);
      AffineMap aMap = AffineMap::get(3, 0,
                                      transA ? ArrayRef<AffineExpr>{k, m}
                                             : ArrayRef<AffineExpr>{m, k},
                                      ctx);
      AffineMap bMap = AffineMap::get(3, 0,
                                      transB ? ArrayRef<AffineExpr>{n, k}
                                             : ArrayRef<AffineExpr>{k, n},
                                      ctx);
      AffineMap outMap = AffineMap::get(3, 0, {m, n}, ctx);
      SmallVector<utils::IteratorType> iterators = {
          utils::IteratorType::parallel, utils::IteratorType::parallel,
          utils::IteratorType::reduction};
      product = linalg::GenericOp::create(
                    rewriter, loc, TypeRange{resultType},
                    ValueRange{op.getA(), op.getB()}, ValueRange{init},
                    ArrayRef<AffineMap>{aMap, bMap, outMap}, iterators,
                    [](OpBuilder &nb, Location nloc, ValueRange args) {
                      linalg::YieldOp::create(
                          nb, nloc, multiplyAccumulate(nb, nloc, args));
                    })
                    .getResult(0);
    }
    if (alpha == 1.0 && !c) {
      rewriter.replaceOp(op, roundToResult(rewriter, loc, product, finalType));
      return success();
    }
    // Epilogue: alpha * product + beta * C.
    SmallVector<Value> inputs = {product};
    if (c)
      inputs.push_back(c);
    Value alphaV =
        alpha == 1.0 ? Value() : floatConstant(rewriter, loc, elemType, alpha);
    Value betaV = (!c || beta == 1.0)
                      ? Value()
                      : floatConstant(rewriter, loc, elemType, beta);
    Value v = buildElementwise(
        rewriter, loc, finalType, inputs,
        [&](OpBuilder &b, Location nloc, ValueRange args) -> Value {
          Value acc = args[0];
          if (alphaV)
            acc = arith::MulFOp::create(b, nloc, alphaV, acc);
          if (args.size() > 1) {
            Value term =
                graph_to_linalg::convertScalar(b, nloc, args[1], elemType);
            if (betaV)
              term = arith::MulFOp::create(b, nloc, betaV, term);
            acc = arith::AddFOp::create(b, nloc, acc, term);
          }
          return graph_to_linalg::convertScalar(b, nloc, acc,
                                                finalType.getElementType());
        });
    rewriter.replaceOp(op, v);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

/// Softmax (`IsLog` false) and LogSoftmax (`IsLog` true) along one axis,
/// both with the maximum subtracted first.
template <typename OpTy, bool IsLog>
struct SoftmaxLowering : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = op.getInput();
    RankedTensorType type = op.getType();
    auto elemType = cast<FloatType>(type.getElementType());
    unsigned rank = type.getRank();
    unsigned axis = op.getNormalizedAxis();

    SmallVector<int64_t> reducedShape;
    SmallVector<AffineExpr> reducedExprs;
    for (unsigned i = 0; i < rank; ++i) {
      if (i == axis)
        continue;
      reducedShape.push_back(type.getDimSize(i));
      reducedExprs.push_back(rewriter.getAffineDimExpr(i));
    }
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap reducedMap = AffineMap::get(rank, 0, reducedExprs, ctx);
    auto reducedType = RankedTensorType::get(reducedShape, elemType);
    SmallVector<utils::IteratorType> reduceIters(rank,
                                                 utils::IteratorType::parallel);
    reduceIters[axis] = utils::IteratorType::reduction;
    SmallVector<utils::IteratorType> parallelIters(
        rank, utils::IteratorType::parallel);

    auto reduce = [&](Value input, Value initValue, auto combine) {
      Value init =
          filledTensor(rewriter, loc, reducedShape, elemType, initValue);
      return linalg::GenericOp::create(
                 rewriter, loc, TypeRange{reducedType}, ValueRange{input},
                 ValueRange{init}, ArrayRef<AffineMap>{identity, reducedMap},
                 reduceIters,
                 [&](OpBuilder &b, Location nloc, ValueRange args) {
                   linalg::YieldOp::create(b, nloc,
                                           combine(b, nloc, args[0], args[1]));
                 })
          .getResult(0);
    };
    auto broadcastOp = [&](Value full, Value reduced, auto fn) {
      Value init = emptyTensor(rewriter, loc, type.getShape(), elemType);
      return linalg::GenericOp::create(
                 rewriter, loc, TypeRange{type}, ValueRange{full, reduced},
                 ValueRange{init},
                 ArrayRef<AffineMap>{identity, reducedMap, identity},
                 parallelIters,
                 [&](OpBuilder &b, Location nloc, ValueRange args) {
                   linalg::YieldOp::create(b, nloc,
                                           fn(b, nloc, args[0], args[1]));
                 })
          .getResult(0);
    };

    // max_j x_j
    Value negInf =
        graph_to_linalg::infinityConstant(rewriter, loc, elemType, true);
    Value max = reduce(
        x, negInf, [](OpBuilder &b, Location l, Value in, Value acc) -> Value {
          return arith::MaximumFOp::create(b, l, in, acc);
        });
    // e_i = exp(x_i - max)
    Value exps = broadcastOp(
        x, max, [](OpBuilder &b, Location l, Value in, Value m) -> Value {
          Value d = arith::SubFOp::create(b, l, in, m);
          return math::ExpOp::create(b, l, d);
        });
    // s = sum_j e_j
    Value zero = floatConstant(rewriter, loc, elemType, 0.0);
    Value sum = reduce(
        exps, zero, [](OpBuilder &b, Location l, Value in, Value acc) -> Value {
          return arith::AddFOp::create(b, l, in, acc);
        });
    Value result;
    if constexpr (IsLog) {
      // (x_i - max) - ln s: subtracting max first keeps the precision that
      // max + ln s would round away for large inputs.
      Value init = emptyTensor(rewriter, loc, type.getShape(), elemType);
      result =
          linalg::GenericOp::create(
              rewriter, loc, TypeRange{type}, ValueRange{x, max, sum},
              ValueRange{init},
              ArrayRef<AffineMap>{identity, reducedMap, reducedMap, identity},
              parallelIters,
              [&](OpBuilder &b, Location l, ValueRange args) {
                Value shifted = arith::SubFOp::create(b, l, args[0], args[1]);
                Value logSum = math::LogOp::create(b, l, args[2]);
                Value v = arith::SubFOp::create(b, l, shifted, logSum);
                linalg::YieldOp::create(b, l, v);
              })
              .getResult(0);
    } else {
      // e_i / s
      result = broadcastOp(
          exps, sum, [](OpBuilder &b, Location l, Value e, Value s) -> Value {
            return arith::DivFOp::create(b, l, e, s);
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Transpose and Reshape
//===----------------------------------------------------------------------===//

struct TransposeLowering : OpRewritePattern<graph::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    Value init = emptyTensor(rewriter, op.getLoc(), type.getShape(),
                             type.getElementType());
    auto transpose = linalg::TransposeOp::create(
        rewriter, op.getLoc(), op.getInput(), init, op.getPerm());
    rewriter.replaceOp(op, transpose.getResult()[0]);
    return success();
  }
};

struct ReshapeLowering : OpRewritePattern<graph::ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value src = op.getInput();
    RankedTensorType srcType = op.getInput().getType();
    RankedTensorType dstType = op.getType();
    if (srcType == dstType) {
      rewriter.replaceOp(op, src);
      return success();
    }
    int64_t srcRank = srcType.getRank(), dstRank = dstType.getRank();
    // Pure collapse or expansion.
    if (dstRank == 0) {
      rewriter.replaceOp(op, collapse(rewriter, loc, src, dstType, {}));
      return success();
    }
    if (srcRank == 0) {
      rewriter.replaceOp(op, expand(rewriter, loc, src, dstType, {}));
      return success();
    }
    if (srcRank > dstRank) {
      if (auto re = getReassociationIndicesForReshape(srcType, dstType)) {
        rewriter.replaceOp(op, collapse(rewriter, loc, src, dstType, *re));
        return success();
      }
    } else if (srcRank < dstRank) {
      if (auto re = getReassociationIndicesForReshape(dstType, srcType)) {
        rewriter.replaceOp(op, expand(rewriter, loc, src, dstType, *re));
        return success();
      }
    }
    // Otherwise through a 1-D tensor.
    auto flatType = RankedTensorType::get({srcType.getNumElements()},
                                          srcType.getElementType());
    Value flat = src;
    if (srcRank != 1)
      flat = collapse(rewriter, loc, src, flatType, {allDims(srcRank)});
    Value result = flat;
    if (dstRank != 1)
      result = expand(rewriter, loc, flat, dstType, {allDims(dstRank)});
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  static ReassociationIndices allDims(int64_t rank) {
    ReassociationIndices all;
    for (int64_t i = 0; i < rank; ++i)
      all.push_back(i);
    return all;
  }
  static Value collapse(OpBuilder &b, Location loc, Value src,
                        RankedTensorType type,
                        ArrayRef<ReassociationIndices> re) {
    return tensor::CollapseShapeOp::create(b, loc, type, src, re);
  }
  static Value expand(OpBuilder &b, Location loc, Value src,
                      RankedTensorType type,
                      ArrayRef<ReassociationIndices> re) {
    return tensor::ExpandShapeOp::create(b, loc, type, src, re);
  }
};

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

/// The convert-graph-to-linalg pass: applies populateGraphToLinalgPatterns
/// once over the operation it runs on (walkAndApplyPatterns, no greedy
/// fixpoint), then fails with an error naming the first `graph` op that is
/// left unconverted.
//===----------------------------------------------------------------------===//
// Unsigned integers
//===----------------------------------------------------------------------===//

/// uiN -> iN, in tensors too; every other type is kept.
struct SignlessTypeConverter : TypeConverter {
  SignlessTypeConverter() {
    addConversion([](Type type) { return type; });
    addConversion([](IntegerType type) -> Type {
      if (!type.isUnsigned())
        return type;
      return IntegerType::get(type.getContext(), type.getWidth());
    });
    addConversion([this](RankedTensorType type) -> Type {
      return type.clone(convertType(type.getElementType()));
    });
  }
};

bool isUnsignedTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getElementType().isUnsignedInteger();
}

/// Rebuilds a graph op on signless types, marking it with the signedness
/// it had (graph_to_linalg::kUnsignedOperands / kUnsignedResult).
struct SignlessGraphOp : ConversionPattern {
  SignlessGraphOp(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), 1, ctx) {}
  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<graph::GraphDialect>(op->getDialect()))
      return failure();
    SmallVector<Type> types;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(), types)))
      return failure();
    OperationState state(op->getLoc(), op->getName(), operands, types);
    state.propertiesAttr = op->getPropertiesAsAttribute();
    state.addAttributes(llvm::to_vector(op->getDiscardableAttrs()));
    if (llvm::any_of(op->getOperandTypes(), isUnsignedTensor))
      state.addAttribute(graph_to_linalg::kUnsignedOperands,
                         rewriter.getUnitAttr());
    if (llvm::any_of(op->getResultTypes(), isUnsignedTensor))
      state.addAttribute(graph_to_linalg::kUnsignedResult,
                         rewriter.getUnitAttr());
    rewriter.replaceOp(op, rewriter.create(state)->getResults());
    return success();
  }
};

/// An unsigned constant becomes the signless constant of the same bits.
struct SignlessConstant : OpConversionPattern<arith::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(arith::ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto value = dyn_cast<DenseIntElementsAttr>(op.getValue());
    Type type = getTypeConverter()->convertType(op.getType());
    if (!value || !type)
      return failure();
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, value.bitcast(cast<RankedTensorType>(type).getElementType()));
    return success();
  }
};

/// Turns the function's unsigned tensors into signless ones before the
/// lowering: arguments and results that were unsigned keep the fact as
/// `octet.unsigned` (the artifact's signature needs it), graph ops as
/// graph_to_linalg::kUnsignedOperands/kUnsignedResult (their lowerings pick
/// the unsigned arith ops).
LogicalResult eraseSignedness(func::FuncOp func) {
  MLIRContext *ctx = func.getContext();
  FunctionType type = func.getFunctionType();
  bool any = llvm::any_of(type.getInputs(), isUnsignedTensor) ||
             llvm::any_of(type.getResults(), isUnsignedTensor);
  func.walk([&](Operation *op) {
    any |= llvm::any_of(op->getResultTypes(), isUnsignedTensor);
  });
  if (!any)
    return success();
  for (auto [i, t] : llvm::enumerate(type.getInputs()))
    if (isUnsignedTensor(t))
      func.setArgAttr(i, "octet.unsigned", UnitAttr::get(ctx));
  for (auto [i, t] : llvm::enumerate(type.getResults()))
    if (isUnsignedTensor(t))
      func.setResultAttr(i, "octet.unsigned", UnitAttr::get(ctx));

  SignlessTypeConverter converter;
  RewritePatternSet patterns(ctx);
  patterns.add<SignlessGraphOp>(converter, ctx);
  patterns.add<SignlessConstant>(converter, ctx);
  populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                 converter);
  populateReturnOpTypeConversionPattern(patterns, converter);
  ConversionTarget target(*ctx);
  target.markUnknownOpDynamicallyLegal([&](Operation *op) {
    if (auto f = dyn_cast<func::FuncOp>(op))
      return converter.isSignatureLegal(f.getFunctionType());
    return converter.isLegal(op);
  });
  return applyPartialConversion(func, target, std::move(patterns));
}

struct ConvertGraphToLinalgPass
    : octet::impl::ConvertGraphToLinalgBase<ConvertGraphToLinalgPass> {
  void runOnOperation() override {
    if (failed(eraseSignedness(getOperation())))
      return signalPassFailure();
    RewritePatternSet patterns(&getContext());
    populateGraphToLinalgPatterns(patterns);
    walkAndApplyPatterns(getOperation(), std::move(patterns));
    WalkResult leftover = getOperation().walk([&](Operation *op) {
      if (isa<graph::GraphDialect>(op->getDialect())) {
        op->emitError("failed to convert '") << op->getName() << "' to linalg";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (leftover.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace

Value graph_to_linalg::infinityConstant(OpBuilder &b, Location loc,
                                        FloatType type, bool negative) {
  return arith::ConstantOp::create(
      b, loc, type,
      b.getFloatAttr(type,
                     APFloat::getInf(type.getFloatSemantics(), negative)));
}

Value graph_to_linalg::filledTensor(OpBuilder &b, Location loc,
                                    ArrayRef<int64_t> shape, Type elemType,
                                    Value value) {
  Value empty = emptyTensor(b, loc, shape, elemType);
  return linalg::FillOp::create(b, loc, ValueRange{value}, ValueRange{empty})
      .getResult(0);
}

Value graph_to_linalg::roundToResult(OpBuilder &b, Location loc, Value acc,
                                     RankedTensorType resultType) {
  if (acc.getType() == resultType)
    return acc;
  Type elemType = resultType.getElementType();
  return buildElementwise(b, loc, resultType, {acc},
                          [&](OpBuilder &nb, Location nloc, ValueRange args) {
                            return convertScalar(nb, nloc, args[0], elemType);
                          });
}

Type graph_to_linalg::accumulatorType(Type type) {
  auto floatType = dyn_cast<FloatType>(type);
  if (floatType && floatType.getWidth() < 32)
    return Float32Type::get(type.getContext());
  return type;
}

Value graph_to_linalg::scalarConstant(OpBuilder &b, Location loc, Type elemType,
                                      double value) {
  if (isa<FloatType>(elemType))
    return floatConstant(b, loc, elemType, value);
  auto intType = cast<IntegerType>(elemType);
  APInt bits = intType.getWidth() == 1
                   ? APInt(1, value != 0)
                   : APInt(intType.getWidth(), static_cast<int64_t>(value),
                           /*isSigned=*/true, /*implicitTrunc=*/true);
  return arith::ConstantOp::create(b, loc, elemType,
                                   b.getIntegerAttr(elemType, bits));
}

Value graph_to_linalg::convertScalar(OpBuilder &b, Location loc, Value x,
                                     Type to, bool fromUnsigned,
                                     bool toUnsigned) {
  Type from = x.getType();
  if (from == to)
    return x;
  auto fromFloat = dyn_cast<FloatType>(from);
  auto toFloat = dyn_cast<FloatType>(to);
  // 8-bit floats convert only to and from f32 (what the targets' FP8
  // lowerings implement); every other conversion goes through f32.
  Type f32 = b.getF32Type();
  if (fromFloat && fromFloat.getWidth() == 8 && to != f32)
    return convertScalar(b, loc, arith::ExtFOp::create(b, loc, f32, x), to,
                         fromUnsigned, toUnsigned);
  if (toFloat && toFloat.getWidth() == 8 && from != f32)
    return arith::TruncFOp::create(
        b, loc, to, convertScalar(b, loc, x, f32, fromUnsigned, toUnsigned));
  if (to.isInteger(1)) {
    Value zero = scalarConstant(b, loc, from, 0);
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, x, zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x, zero);
  }
  if (from.isInteger(1)) {
    if (toFloat)
      return arith::UIToFPOp::create(b, loc, to, x);
    return arith::ExtUIOp::create(b, loc, to, x);
  }
  if (fromFloat && toFloat) {
    if (fromFloat.getWidth() < toFloat.getWidth())
      return arith::ExtFOp::create(b, loc, to, x);
    if (fromFloat.getWidth() > toFloat.getWidth())
      return arith::TruncFOp::create(b, loc, to, x);
    // Same width, different formats (f16 <-> bf16): through f32.
    Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), x);
    return arith::TruncFOp::create(b, loc, to, wide);
  }
  if (fromFloat)
    return toUnsigned ? arith::FPToUIOp::create(b, loc, to, x).getResult()
                      : arith::FPToSIOp::create(b, loc, to, x).getResult();
  if (toFloat)
    return fromUnsigned ? arith::UIToFPOp::create(b, loc, to, x).getResult()
                        : arith::SIToFPOp::create(b, loc, to, x).getResult();
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth < toWidth)
    return fromUnsigned ? arith::ExtUIOp::create(b, loc, to, x).getResult()
                        : arith::ExtSIOp::create(b, loc, to, x).getResult();
  return arith::TruncIOp::create(b, loc, to, x);
}

Value graph_to_linalg::floatConstant(OpBuilder &b, Location loc, Type elemType,
                                     double value) {
  return arith::ConstantOp::create(b, loc, elemType,
                                   b.getFloatAttr(elemType, value));
}

Value graph_to_linalg::buildElementwise(OpBuilder &b, Location loc,
                                        RankedTensorType resultType,
                                        ValueRange inputs, BodyFn body) {
  MLIRContext *ctx = b.getContext();
  unsigned rank = resultType.getRank();
  SmallVector<Value> operands;
  SmallVector<AffineMap> maps;
  for (Value in : inputs) {
    SmallVector<AffineExpr> exprs;
    operands.push_back(
        dropBroadcastDims(b, loc, in, resultType.getShape(), 0, exprs));
    maps.push_back(AffineMap::get(rank, 0, exprs, ctx));
  }
  maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));
  Value init =
      emptyTensor(b, loc, resultType.getShape(), resultType.getElementType());
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, operands, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value v = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, v);
      });
  return generic.getResult(0);
}

void octet::populateGraphToLinalgPatterns(RewritePatternSet &patterns) {
  using Pred = arith::CmpFPredicate;
  using IPred = arith::CmpIPredicate;
  patterns.add<
      BinaryLowering<graph::AddOp, arith::AddFOp, arith::AddIOp>,
      BinaryLowering<graph::SubOp, arith::SubFOp, arith::SubIOp>,
      BinaryLowering<graph::MulOp, arith::MulFOp, arith::MulIOp>,
      BinaryLowering<graph::DivOp, arith::DivFOp, arith::DivSIOp,
                     arith::DivUIOp>,
      PowLowering, DequantizeLowering,
      BinaryLowering<graph::MinOp, arith::MinimumFOp, arith::MinSIOp,
                     arith::MinUIOp>,
      BinaryLowering<graph::MaxOp, arith::MaximumFOp, arith::MaxSIOp,
                     arith::MaxUIOp>,
      BinaryLowering<graph::BitwiseAndOp, void, arith::AndIOp>,
      BinaryLowering<graph::BitwiseOrOp, void, arith::OrIOp>,
      BinaryLowering<graph::BitwiseXorOp, void, arith::XOrIOp>,
      BinaryLowering<graph::AndOp, void, arith::AndIOp>,
      BinaryLowering<graph::OrOp, void, arith::OrIOp>,
      BinaryLowering<graph::XorOp, void, arith::XOrIOp>,
      CompareLowering<graph::EqualOp, Pred::OEQ, IPred::eq, IPred::eq>,
      CompareLowering<graph::LessOp, Pred::OLT, IPred::slt, IPred::ult>,
      CompareLowering<graph::LessOrEqualOp, Pred::OLE, IPred::sle, IPred::ule>,
      CompareLowering<graph::GreaterOp, Pred::OGT, IPred::sgt, IPred::ugt>,
      CompareLowering<graph::GreaterOrEqualOp, Pred::OGE, IPred::sge,
                      IPred::uge>,
      ShiftLowering<graph::ShiftLeftOp, arith::ShLIOp>,
      ShiftLowering<graph::ShiftRightOp, arith::ShRUIOp>, WhereLowering,
      ModLowering, PReluLowering, ReluLowering, MatMulLowering, GemmLowering,
      SoftmaxLowering<graph::SoftmaxOp, /*IsLog=*/false>,
      SoftmaxLowering<graph::LogSoftmaxOp, /*IsLog=*/true>, TransposeLowering,
      ReshapeLowering, EinsumLowering>(patterns.getContext());
  graph_to_linalg::populateUnaryLoweringPatterns(patterns);
  graph_to_linalg::populateReduceLoweringPatterns(patterns);
  graph_to_linalg::populateDataMovementLoweringPatterns(patterns);
  graph_to_linalg::populateConvPoolLoweringPatterns(patterns);
}
