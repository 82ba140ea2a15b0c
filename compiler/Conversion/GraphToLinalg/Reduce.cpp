//===- Reduce.cpp - graph reductions to linalg ----------------------------===//
//
// Lowers ReduceSum/Mean/Max/Min/Prod/L1/L2/LogSum/LogSumExp/SumSquare: one
// linalg.generic with reduction iterators over the reduced axes (an
// element-wise map such as |x| or x^2 folded into its body), then, where the
// function needs it, an element-wise finish on the reduced tensor (divide by
// the count, sqrt, ln), and a tensor.expand_shape for keepdims. LogSumExp
// subtracts the maximum first, so that exp never overflows. Sum, Max, Min
// and Prod also take integers; floats narrower than f32 accumulate in f32
// and are rounded once at the end.
//
//===----------------------------------------------------------------------===//

#include "compiler/Conversion/GraphToLinalg/LoweringUtils.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

using namespace mlir;
using namespace octet;
using namespace octet::graph_to_linalg;

namespace {

/// How one reduction is computed: `finish(combine(map(x_i)...))`, starting
/// from `init`.
struct Recipe {
  enum class Init { Zero, One, NegInf, PosInf } init;
  CombineKind combine;
  enum class Map { None, Abs, Square } map = Map::None;
  enum class Finish { None, DivideByCount, Sqrt, Log } finish = Finish::None;
};

using R = Recipe;
Recipe recipe(graph::ReduceSumOp) { return {R::Init::Zero, CombineKind::Add}; }
Recipe recipe(graph::ReduceMeanOp) {
  return {R::Init::Zero, CombineKind::Add, R::Map::None,
          R::Finish::DivideByCount};
}
Recipe recipe(graph::ReduceMaxOp) {
  return {R::Init::NegInf, CombineKind::Max};
}
Recipe recipe(graph::ReduceMinOp) {
  return {R::Init::PosInf, CombineKind::Min};
}
Recipe recipe(graph::ReduceProdOp) { return {R::Init::One, CombineKind::Mul}; }
Recipe recipe(graph::ReduceL1Op) {
  return {R::Init::Zero, CombineKind::Add, R::Map::Abs};
}
Recipe recipe(graph::ReduceL2Op) {
  return {R::Init::Zero, CombineKind::Add, R::Map::Square, R::Finish::Sqrt};
}
Recipe recipe(graph::ReduceLogSumOp) {
  return {R::Init::Zero, CombineKind::Add, R::Map::None, R::Finish::Log};
}
Recipe recipe(graph::ReduceSumSquareOp) {
  return {R::Init::Zero, CombineKind::Add, R::Map::Square};
}

/// The first accumulator value; `isUnsigned`: integers are unsigned.
Value initValue(OpBuilder &b, Location loc, Type type, Recipe::Init init,
                bool isUnsigned = false) {
  bool negative = init == Recipe::Init::NegInf;
  switch (init) {
  case Recipe::Init::Zero:
    return scalarConstant(b, loc, type, 0.0);
  case Recipe::Init::One:
    return scalarConstant(b, loc, type, 1.0);
  case Recipe::Init::NegInf:
  case Recipe::Init::PosInf:
    return extremeConstant(b, loc, type, negative, isUnsigned);
  }
  llvm_unreachable("unknown init");
}

/// The shapes and maps of reducing a tensor of `type` over `axes`.
struct ReductionShape {
  SmallVector<int64_t> reducedShape;
  AffineMap identity, reducedMap;
  SmallVector<utils::IteratorType> iterators;
  int64_t count = 1;

  ReductionShape(MLIRContext *ctx, RankedTensorType type,
                 ArrayRef<int64_t> axes) {
    unsigned rank = type.getRank();
    SmallVector<AffineExpr> kept;
    for (unsigned i = 0; i < rank; ++i) {
      bool reduced = llvm::is_contained(axes, int64_t(i));
      iterators.push_back(reduced ? utils::IteratorType::reduction
                                  : utils::IteratorType::parallel);
      if (reduced) {
        count *= type.getDimSize(i);
        continue;
      }
      reducedShape.push_back(type.getDimSize(i));
      kept.push_back(getAffineDimExpr(i, ctx));
    }
    identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    reducedMap = AffineMap::get(rank, 0, kept, ctx);
  }
};

/// A linalg.generic reducing `inputs` (all of the input's shape, or of the
/// reduced shape for `reducedInputs`) into a tensor of the reduced shape
/// filled with `init`; `body` maps the input elements and the accumulator to
/// the new accumulator.
Value reduce(OpBuilder &b, Location loc, const ReductionShape &shape, Type type,
             Value input, Value reducedInput, Value init,
             function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  Value filled = filledTensor(b, loc, shape.reducedShape, type, init);
  SmallVector<Value> ins = {input};
  SmallVector<AffineMap> maps = {shape.identity};
  if (reducedInput) {
    ins.push_back(reducedInput);
    maps.push_back(shape.reducedMap);
  }
  maps.push_back(shape.reducedMap);
  auto resultType = RankedTensorType::get(shape.reducedShape, type);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, ins, ValueRange{filled}, maps,
             shape.iterators,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, body(nb, nloc, args));
             })
      .getResult(0);
}

/// Adds the size-1 dimensions of keepdims to `reduced`.
Value keepDims(OpBuilder &b, Location loc, Value reduced,
               RankedTensorType resultType) {
  auto reducedType = cast<RankedTensorType>(reduced.getType());
  if (reducedType == resultType)
    return reduced;
  std::optional<SmallVector<ReassociationIndices>> groups =
      getReassociationIndicesForReshape(reducedType, resultType);
  assert(groups && "keepdims only inserts unit dimensions");
  return tensor::ExpandShapeOp::create(b, loc, resultType, reduced, *groups);
}

template <typename GraphOp> struct ReduceLowering : OpRewritePattern<GraphOp> {
  using OpRewritePattern<GraphOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(GraphOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType inType = op.getInput().getType();
    Type elemType = inType.getElementType();
    Type type = accumulatorType(elemType);
    ReductionShape shape(rewriter.getContext(), inType, op.getAxes());
    Recipe how = recipe(op);
    // Bools order as unsigned (false < true).
    bool isUnsigned = hasUnsignedOperands(op) || elemType.isInteger(1);
    bool isFloat = isa<FloatType>(type);
    Value acc = reduce(
        rewriter, loc, shape, type, op.getInput(), Value(),
        initValue(rewriter, loc, type, how.init, isUnsigned),
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value x = convertScalar(b, l, args[0], type);
          if (how.map == Recipe::Map::Abs && isFloat)
            x = math::AbsFOp::create(b, l, x);
          else if (how.map == Recipe::Map::Abs && !isUnsigned)
            x = math::AbsIOp::create(b, l, x);
          else if (how.map == Recipe::Map::Square)
            x = isFloat ? arith::MulFOp::create(b, l, x, x).getResult()
                        : arith::MulIOp::create(b, l, x, x).getResult();
          return combineScalars(b, l, how.combine, x, args[1], isUnsigned);
        });
    if (how.finish != Recipe::Finish::None || type != elemType) {
      auto reducedType = RankedTensorType::get(shape.reducedShape, elemType);
      acc = buildElementwise(
          rewriter, loc, reducedType, {acc},
          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            Value v = args[0];
            switch (how.finish) {
            case Recipe::Finish::DivideByCount:
              if (!isFloat) {
                Value count = scalarConstant(b, l, type, shape.count);
                v = isUnsigned
                        ? arith::DivUIOp::create(b, l, v, count).getResult()
                        : arith::DivSIOp::create(b, l, v, count).getResult();
              } else {
                v = arith::DivFOp::create(
                    b, l, v, floatConstant(b, l, type, shape.count));
              }
              break;
            case Recipe::Finish::Sqrt:
              if (!isFloat) {
                // The root of the integer sum, in f64, truncated.
                Type f64 = b.getF64Type();
                v = convertScalar(
                    b, l,
                    math::SqrtOp::create(
                        b, l, convertScalar(b, l, v, f64, isUnsigned)),
                    type, false, isUnsigned);
              } else {
                v = math::SqrtOp::create(b, l, v);
              }
              break;
            case Recipe::Finish::Log:
              v = math::LogOp::create(b, l, v);
              break;
            case Recipe::Finish::None:
              break;
            }
            return convertScalar(b, l, v, elemType);
          });
    }
    rewriter.replaceOp(op, keepDims(rewriter, loc, acc, op.getType()));
    return success();
  }
};

/// ln(sum(exp(x))) = m + ln(sum(exp(x - m))) with m = max(x) (0 where m is
/// infinite, so that all -inf gives -inf and not NaN).
struct ReduceLogSumExpLowering : OpRewritePattern<graph::ReduceLogSumExpOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::ReduceLogSumExpOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType inType = op.getInput().getType();
    auto type = cast<FloatType>(inType.getElementType());
    ReductionShape shape(rewriter.getContext(), inType, op.getAxes());
    auto reducedType = RankedTensorType::get(shape.reducedShape, type);
    Value max =
        reduce(rewriter, loc, shape, type, op.getInput(), Value(),
               initValue(rewriter, loc, type, Recipe::Init::NegInf),
               [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                 return arith::MaximumFOp::create(b, l, args[0], args[1]);
               });
    Value shift = buildElementwise(
        rewriter, loc, reducedType, {max},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value finite = math::IsFiniteOp::create(b, l, args[0]);
          return arith::SelectOp::create(b, l, finite, args[0],
                                         floatConstant(b, l, type, 0.0));
        });
    Value sum = reduce(rewriter, loc, shape, type, op.getInput(), shift,
                       floatConstant(rewriter, loc, type, 0.0),
                       [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                         Value d =
                             arith::SubFOp::create(b, l, args[0], args[1]);
                         return arith::AddFOp::create(
                             b, l, math::ExpOp::create(b, l, d), args[2]);
                       });
    Value result = buildElementwise(
        rewriter, loc, reducedType, {sum, shift},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::AddFOp::create(b, l, math::LogOp::create(b, l, args[0]),
                                       args[1]);
        });
    rewriter.replaceOp(op, keepDims(rewriter, loc, result, op.getType()));
    return success();
  }
};

/// CumSum: one linalg.generic over the result's dimensions plus a reduction
/// dimension j running along `axis`; element i accumulates input element j
/// when j <= i (j < i exclusive; >= and > in reverse).
struct CumSumLowering : OpRewritePattern<graph::CumSumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(graph::CumSumOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type elemType = type.getElementType();
    MLIRContext *ctx = rewriter.getContext();
    unsigned rank = type.getRank();
    int64_t axis = op.getAxis();
    SmallVector<AffineExpr> inExprs, outExprs;
    for (unsigned d = 0; d < rank; ++d) {
      outExprs.push_back(getAffineDimExpr(d, ctx));
      inExprs.push_back(getAffineDimExpr(d == axis ? rank : d, ctx));
    }
    SmallVector<AffineMap> maps = {AffineMap::get(rank + 1, 0, inExprs, ctx),
                                   AffineMap::get(rank + 1, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Value zero = scalarConstant(rewriter, loc, elemType, 0);
    Value init = filledTensor(rewriter, loc, type.getShape(), elemType, zero);
    arith::CmpIPredicate pred =
        op.getReverse() ? (op.getExclusive() ? arith::CmpIPredicate::sgt
                                             : arith::CmpIPredicate::sge)
                        : (op.getExclusive() ? arith::CmpIPredicate::slt
                                             : arith::CmpIPredicate::sle);
    bool isFloat = isa<FloatType>(elemType);
    Value v =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{type}, ValueRange{op.getInput()},
            ValueRange{init}, maps, iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value i = linalg::IndexOp::create(b, l, axis);
              Value j = linalg::IndexOp::create(b, l, rank);
              Value include = arith::CmpIOp::create(b, l, pred, j, i);
              Value term = arith::SelectOp::create(
                  b, l, include, args[0], scalarConstant(b, l, elemType, 0));
              Value sum =
                  isFloat
                      ? arith::AddFOp::create(b, l, args[1], term).getResult()
                      : arith::AddIOp::create(b, l, args[1], term).getResult();
              linalg::YieldOp::create(b, l, sum);
            })
            .getResult(0);
    rewriter.replaceOp(op, v);
    return success();
  }
};

} // namespace

void graph_to_linalg::populateReduceLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns.add<
      ReduceLowering<graph::ReduceSumOp>, ReduceLowering<graph::ReduceMeanOp>,
      ReduceLowering<graph::ReduceMaxOp>, ReduceLowering<graph::ReduceMinOp>,
      ReduceLowering<graph::ReduceProdOp>, ReduceLowering<graph::ReduceL1Op>,
      ReduceLowering<graph::ReduceL2Op>, ReduceLowering<graph::ReduceLogSumOp>,
      ReduceLowering<graph::ReduceSumSquareOp>, ReduceLogSumExpLowering,
      CumSumLowering>(patterns.getContext());
}

Value graph_to_linalg::extremeConstant(OpBuilder &b, Location loc, Type type,
                                       bool lowest, bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return infinityConstant(b, loc, floatType, lowest);
  unsigned width = type.getIntOrFloatBitWidth();
  APInt extreme = isUnsigned ? (lowest ? APInt::getMinValue(width)
                                       : APInt::getMaxValue(width))
                             : (lowest ? APInt::getSignedMinValue(width)
                                       : APInt::getSignedMaxValue(width));
  return arith::ConstantOp::create(b, loc, type,
                                   b.getIntegerAttr(type, extreme));
}

Value graph_to_linalg::combineScalars(OpBuilder &b, Location loc,
                                      CombineKind kind, Value x, Value acc,
                                      bool isUnsigned) {
  bool isFloat = isa<FloatType>(x.getType());
  switch (kind) {
  case CombineKind::Add:
    return isFloat ? arith::AddFOp::create(b, loc, x, acc).getResult()
                   : arith::AddIOp::create(b, loc, x, acc).getResult();
  case CombineKind::Mul:
    return isFloat ? arith::MulFOp::create(b, loc, x, acc).getResult()
                   : arith::MulIOp::create(b, loc, x, acc).getResult();
  case CombineKind::Max:
    if (isFloat)
      return arith::MaximumFOp::create(b, loc, x, acc);
    return isUnsigned ? arith::MaxUIOp::create(b, loc, x, acc).getResult()
                      : arith::MaxSIOp::create(b, loc, x, acc).getResult();
  case CombineKind::Min:
    if (isFloat)
      return arith::MinimumFOp::create(b, loc, x, acc);
    return isUnsigned ? arith::MinUIOp::create(b, loc, x, acc).getResult()
                      : arith::MinSIOp::create(b, loc, x, acc).getResult();
  }
  llvm_unreachable("unknown combine");
}
