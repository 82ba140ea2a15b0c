//===- ConvertPrecision.cpp - BF16 and FP8 storage and compute ------------===//
//
// octet-convert-precision: stores weights as bf16 or FP8 (per-channel
// scales, graph.dequantize) and, for bf16, runs the ops that tolerate it on
// bf16 activations, keeping numerically sensitive ones in f32. See
// Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Quantization/Passes.h"

#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>

namespace octet {
#define GEN_PASS_DEF_CONVERTPRECISION
#include "compiler/Quantization/Passes.h.inc"
} // namespace octet

using namespace mlir;
using namespace octet;

namespace {

/// Constants smaller than this are not worth compressing (and are more
/// likely shape-like values than weights).
constexpr int64_t kMinWeightElements = 16;

RankedTensorType tensorTypeOf(Value v) {
  return dyn_cast<RankedTensorType>(v.getType());
}

bool isF32Tensor(Value v) {
  RankedTensorType type = tensorTypeOf(v);
  return type && type.getElementType().isF32();
}

/// Graph ops whose lowering computes well on bf16 operands: elementwise
/// arithmetic and activations (evaluated in f32 registers, rounded once per
/// op), data movement, and contractions, pooling and reductions that
/// accumulate in f32. Casts are not among them: an integer cast to a float
/// (a position, a size) must stay exact beyond bf16's 256.
bool computesInBF16(Operation *op) {
  using namespace octet::graph;
  return isa<AddOp, SubOp, MulOp, DivOp, MinOp, MaxOp, PReluOp, WhereOp, ReluOp,
             AbsOp, NegOp, LeakyReluOp, SigmoidOp, TanhOp, GeluOp, ErfOp,
             HardSigmoidOp, HardSwishOp, ConcatOp, SliceOp, PadOp, ExpandOp,
             GatherOp, GatherElementsOp, TileOp, ConvOp, ConvTransposeOp,
             MaxPoolOp, AveragePoolOp, MatMulOp, GemmOp, ReduceSumOp,
             ReduceMeanOp, ReduceMaxOp, ReduceMinOp, ReshapeOp, TransposeOp>(
      op);
}

/// ONNX operators computed in f32 at --precision bf16, whatever graph ops
/// they were imported as: their intermediate values need f32's range or
/// precision (exp and sums of exps, variances, logs).
bool isSensitiveONNXOp(StringRef opType) {
  return llvm::is_contained(
      {"Softmax", "LogSoftmax", "LayerNormalization", "BatchNormalization",
       "InstanceNormalization", "GroupNormalization", "RMSNormalization",
       "SimplifiedLayerNormalization", "MeanVarianceNormalization", "LRN",
       "ReduceLogSumExp", "ReduceLogSum", "ReduceL2", "ReduceSumSquare"},
      opType);
}

} // namespace

std::optional<int64_t> octet::getWeightChannelAxis(Operation *user,
                                                   unsigned index) {
  int64_t rank = tensorTypeOf(user->getOperand(index)).getRank();
  using namespace octet::graph;
  if (rank < 1)
    return std::nullopt;
  if (isa<MatMulOp>(user) && index == 1 && rank >= 2)
    return rank - 1;
  if (auto gemm = dyn_cast<GemmOp>(user); gemm && index == 1)
    return gemm.getTransB() ? 0 : 1;
  if (isa<ConvOp>(user) && index == 1)
    return 0;
  if (isa<ConvTransposeOp>(user) && index == 1 && rank >= 2)
    return 1;
  if (auto gather = dyn_cast<GatherOp>(user);
      gather && index == 0 && gather.getAxis() == 0 && rank == 2)
    return 0;
  return std::nullopt;
}

DenseFPElementsAttr octet::getWeightConstant(Value v) {
  auto constant = v.getDefiningOp<arith::ConstantOp>();
  if (!constant || !isF32Tensor(v))
    return {};
  auto dense = dyn_cast<DenseFPElementsAttr>(constant.getValue());
  if (!dense || dense.isSplat() || dense.getNumElements() < kMinWeightElements)
    return {};
  return dense;
}

namespace {

/// `values` rounded (to nearest even) to the float type `to`; finite
/// values beyond its range saturate to its largest finite value (an
/// attention mask of -FLT_MAX must not become -inf, or 0 * mask is NaN).
DenseElementsAttr roundElements(DenseFPElementsAttr values, FloatType to) {
  const llvm::fltSemantics &semantics = to.getFloatSemantics();
  return values.mapValues(to, [&](const APFloat &value) {
    APFloat rounded = value;
    bool losesInfo = false;
    rounded.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
    if (rounded.isInfinity() && value.isFinite())
      rounded = APFloat::getLargest(semantics, value.isNegative());
    return rounded.bitcastToAPInt();
  });
}

/// `weight` quantized along `axis` to `format`: the codes and the scales
/// (shaped to broadcast against the weight).
std::pair<DenseElementsAttr, DenseElementsAttr>
quantizePerChannel(DenseFPElementsAttr weight, int64_t axis, FloatType format) {
  auto type = cast<RankedTensorType>(weight.getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t channels = shape[axis], inner = 1;
  for (int64_t d = axis + 1; d < static_cast<int64_t>(shape.size()); ++d)
    inner *= shape[d];
  auto channelOf = [&](int64_t i) { return (i / inner) % channels; };

  SmallVector<float> values = llvm::to_vector(weight.getValues<float>());
  SmallVector<float> amax(channels, 0.0f);
  for (auto [i, v] : llvm::enumerate(values))
    if (std::isfinite(v))
      amax[channelOf(i)] = std::max(amax[channelOf(i)], std::fabs(v));
  const llvm::fltSemantics &semantics = format.getFloatSemantics();
  float largest = APFloat::getLargest(semantics).convertToFloat();
  SmallVector<float> scales;
  for (float a : amax)
    // A scale that is not a normal number (an all-zero or subnormal
    // channel) would divide by zero or lose the codes: 1 instead.
    scales.push_back(std::isnormal(a / largest) ? a / largest : 1.0f);

  SmallVector<APFloat> codes;
  codes.reserve(values.size());
  for (auto [i, v] : llvm::enumerate(values)) {
    // Saturate: the division may land a hair above the largest value.
    float scaled = std::clamp(v / scales[channelOf(i)], -largest, largest);
    APFloat code(scaled);
    bool losesInfo = false;
    code.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
    codes.push_back(code);
  }
  SmallVector<int64_t> scaleShape(shape.size(), 1);
  scaleShape[axis] = channels;
  auto f32 = Float32Type::get(type.getContext());
  return {DenseElementsAttr::get(type.clone(format), codes),
          DenseElementsAttr::get(RankedTensorType::get(scaleShape, f32),
                                 ArrayRef<float>(scales))};
}

} // namespace

bool octet::readsQuantizedActivation(Operation *user, unsigned index) {
  using namespace octet::graph;
  // Like NVIDIA ModelOpt's default FP8 recipe: the inputs of layers with
  // weights (Linear, Conv); a product of two activations (attention's
  // Q.K^T and P.V) stays f32.
  if (isa<MatMulOp, GemmOp>(user)) {
    // B is a weight: a constant, or one this pass has compressed already.
    Value b = user->getOperand(1);
    if (auto dequantize = b.getDefiningOp<DequantizeOp>())
      b = dequantize.getInput();
    return index == 0 && b.getDefiningOp<arith::ConstantOp>();
  }
  if (isa<ConvOp, ConvTransposeOp>(user))
    return index == 0;
  return false;
}

Value octet::buildQuantizeDequantize(OpBuilder &builder, Location loc, Value v,
                                     double amax, FloatType format) {
  float largest =
      APFloat::getLargest(format.getFloatSemantics()).convertToFloat();
  float scale = static_cast<float>(amax) / largest;
  if (!std::isnormal(scale)) // zero, subnormal, inf or NaN ranges
    scale = 1.0f;
  auto scalarType = RankedTensorType::get({}, builder.getF32Type());
  Value scaleValue = arith::ConstantOp::create(
      builder, loc, DenseElementsAttr::get(scalarType, scale));
  Value scaled = graph::DivOp::create(builder, loc, v, scaleValue);
  Value codes = graph::CastOp::create(
      builder, loc, tensorTypeOf(v).clone(format), scaled, /*saturate=*/true);
  return graph::DequantizeOp::create(builder, loc, v.getType(), codes,
                                     scaleValue);
}

Value octet::buildCompressedWeight(OpBuilder &builder, Location loc,
                                   DenseFPElementsAttr weight,
                                   std::optional<int64_t> axis,
                                   FloatType storage) {
  Value scale;
  DenseElementsAttr codes;
  if (axis && storage.getWidth() == 8) {
    auto [q, s] = quantizePerChannel(weight, *axis, storage);
    codes = q;
    scale = arith::ConstantOp::create(builder, loc, s);
  } else {
    codes = roundElements(weight, storage);
  }
  Value stored = arith::ConstantOp::create(builder, loc, codes);
  return graph::DequantizeOp::create(builder, loc, weight.getType(), stored,
                                     scale);
}

SmallVector<Value> octet::getActivationsToQuantize(func::FuncOp func) {
  SmallVector<Value> activations;
  DenseSet<Value> seen;
  func.walk([&](Operation *user) {
    for (OpOperand &operand : user->getOpOperands()) {
      Value v = operand.get();
      if (!readsQuantizedActivation(user, operand.getOperandNumber()) ||
          !isF32Tensor(v) || v.getDefiningOp<arith::ConstantOp>() ||
          !seen.insert(v).second)
        continue;
      activations.push_back(v);
    }
  });
  return activations;
}

namespace {

struct ConvertPrecisionPass final
    : octet::impl::ConvertPrecisionBase<ConvertPrecisionPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (precision != "bf16" && precision != "fp8") {
      func.emitError("unknown precision '") << precision << "' (bf16, fp8)";
      return signalPassFailure();
    }
    if (fp8Format != "e4m3" && fp8Format != "e5m2") {
      func.emitError("unknown FP8 format '") << fp8Format << "' (e4m3, e5m2)";
      return signalPassFailure();
    }
    MLIRContext *ctx = &getContext();
    if (precision == "fp8" && !weightsOnly) {
      // Found before the weights become graph.dequantize results.
      SmallVector<Value> activations = getActivationsToQuantize(func);
      if (activationAmax.empty() && !activations.empty()) {
        func.emitError("FP8 activations need ranges from calibration data "
                       "(activation-amax); use weights-only without them");
        return signalPassFailure();
      }
      if (activationAmax.size() != activations.size()) {
        func.emitError("expected ")
            << activations.size() << " activation ranges, got "
            << activationAmax.size();
        return signalPassFailure();
      }
      auto format = fp8Format == "e4m3" ? FloatType(Float8E4M3FNType::get(ctx))
                                        : FloatType(Float8E5M2Type::get(ctx));
      compressWeights(func, format);
      quantizeActivations(activations, format);
    } else if (weightsOnly) {
      Type storage = BFloat16Type::get(ctx);
      if (precision == "fp8")
        storage = fp8Format == "e4m3" ? Type(Float8E4M3FNType::get(ctx))
                                      : Type(Float8E5M2Type::get(ctx));
      compressWeights(func, cast<FloatType>(storage));
    } else {
      computeInBF16(func);
    }
    // The f32 constants replaced above.
    for (auto constant :
         llvm::make_early_inc_range(func.getOps<arith::ConstantOp>()))
      if (constant.use_empty())
        constant.erase();
    if (failed(verify(func)))
      return signalPassFailure();
  }

  /// Whether `op` was imported from a node --keep-f32-nodes names.
  bool isKept(Operation *op) {
    return !keepF32Nodes.empty() &&
           llvm::is_contained(keepF32Nodes,
                              graph::getSourceNode(op->getLoc()).name);
  }

  /// Quantizes each of `activations` per tensor with the scale its
  /// calibrated amax gives, for the contractions that read it (but not
  /// those of kept nodes).
  void quantizeActivations(ArrayRef<Value> activations, FloatType format) {
    for (auto [activation, amax] :
         llvm::zip_equal(activations, activationAmax)) {
      Value v = activation;
      auto readsIt = [&](OpOperand &use) {
        return readsQuantizedActivation(use.getOwner(),
                                        use.getOperandNumber()) &&
               !isKept(use.getOwner());
      };
      if (llvm::none_of(v.getUses(), readsIt))
        continue;
      OpBuilder builder(v.getContext());
      builder.setInsertionPointAfterValue(v);
      Value dequantized =
          buildQuantizeDequantize(builder, v.getLoc(), v, amax, format);
      v.replaceUsesWithIf(dequantized, readsIt);
    }
  }

  /// Replaces each weight operand by graph.dequantize of its compressed
  /// form (one per constant and channel axis); kept nodes keep f32 weights.
  void compressWeights(func::FuncOp func, FloatType weightStorage) {
    OpBuilder builder(func.getContext());
    auto bf16 = BFloat16Type::get(func.getContext());
    DenseMap<std::pair<Value, int64_t>, Value> done;
    func.walk([&](Operation *user) {
      // The scales of the dequantizations made here stay exact.
      if (isa<graph::DequantizeOp>(user) || isKept(user))
        return;
      for (OpOperand &operand : user->getOpOperands()) {
        DenseFPElementsAttr weight = getWeightConstant(operand.get());
        if (!weight)
          continue;
        // Other constants (biases, normalization parameters, position
        // embeddings) are stored as bf16.
        std::optional<int64_t> axis =
            getWeightChannelAxis(user, operand.getOperandNumber());
        Value &replacement = done[{operand.get(), axis.value_or(-1)}];
        if (!replacement) {
          Operation *def = operand.get().getDefiningOp();
          builder.setInsertionPointAfter(def);
          replacement =
              buildCompressedWeight(builder, def->getLoc(), weight, axis,
                                    axis ? weightStorage : bf16);
        }
        operand.set(replacement);
      }
    });
  }

  /// Narrows activations and weights of the ops that compute well in bf16;
  /// the others compute in f32 on widened operands. A tensor has one value
  /// for all its readers: an f32 value that some bf16 op reads is narrowed
  /// once, right where it is defined, and its f32 readers widen that.
  void computeInBF16(func::FuncOp func) {
    OpBuilder builder(func.getContext());
    Type bf16 = BFloat16Type::get(func.getContext());
    Type f32 = Float32Type::get(func.getContext());
    DenseSet<Value> narrowed;               // values now bf16 because of us
    DenseMap<Value, Value> narrowConstants; // f32 constant -> bf16 constant
    DenseMap<Value, Value> toWide;          // narrowed value -> f32 form

    auto inBF16 = [](Operation *op) {
      return computesInBF16(op) &&
             !isSensitiveONNXOp(graph::getSourceNode(op->getLoc()).opType);
    };
    // Narrows `v` for all its readers when a bf16 op is among them.
    auto narrowForAllReaders = [&](Value v) {
      if (!isF32Tensor(v) || llvm::none_of(v.getUsers(), inBF16))
        return;
      builder.setInsertionPointAfterValue(v);
      auto narrow = graph::CastOp::create(builder, v.getLoc(),
                                          tensorTypeOf(v).clone(bf16), v);
      v.replaceAllUsesExcept(narrow, narrow);
      narrowed.insert(narrow);
    };
    // Constants are rounded where a bf16 op reads them; f32 readers keep
    // the exact value.
    auto narrowConstant = [&](Value v) -> Value {
      Value &cached = narrowConstants[v];
      if (!cached) {
        builder.setInsertionPointAfterValue(v);
        auto constant = v.getDefiningOp<arith::ConstantOp>();
        auto dense = constant
                         ? dyn_cast<DenseFPElementsAttr>(constant.getValue())
                         : DenseFPElementsAttr();
        if (dense)
          cached = arith::ConstantOp::create(
              builder, constant.getLoc(),
              roundElements(dense, cast<FloatType>(bf16)));
        else
          cached = graph::CastOp::create(builder, v.getLoc(),
                                         tensorTypeOf(v).clone(bf16), v);
      }
      return cached;
    };
    auto widen = [&](Value v) -> Value {
      Value &cached = toWide[v];
      if (!cached) {
        builder.setInsertionPointAfterValue(v);
        cached = graph::CastOp::create(builder, v.getLoc(),
                                       tensorTypeOf(v).clone(f32), v);
      }
      return cached;
    };

    SmallVector<Operation *> ops;
    for (Operation &op : func.getBody().front())
      if (!isa<arith::ConstantOp>(op))
        ops.push_back(&op);
    for (BlockArgument argument : func.getArguments())
      narrowForAllReaders(argument);
    for (Operation *op : ops) {
      bool narrowOp = inBF16(op);
      for (OpOperand &operand : op->getOpOperands()) {
        Value v = operand.get();
        if (narrowOp && isF32Tensor(v))
          operand.set(narrowConstant(v));
        else if (!narrowOp && narrowed.contains(v))
          operand.set(widen(v));
      }
      for (OpResult result : op->getResults()) {
        if (!narrowOp) {
          narrowForAllReaders(result);
        } else if (isF32Tensor(result)) {
          result.setType(tensorTypeOf(result).clone(bf16));
          narrowed.insert(result);
        }
      }
    }
  }
};

} // namespace
