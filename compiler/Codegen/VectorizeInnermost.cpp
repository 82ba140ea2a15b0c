//===- VectorizeInnermost.cpp - Vectors along a kernel's last dim ---------===//
//
// Reads the vector_width W of each outermost scf.parallel's lowering config,
// steps its innermost dimension by W and rewrites the body so that one
// thread computes W consecutive outputs with vector.load, vector.store and
// arithmetic on vector<W x f32> (or bf16), in place: values that depend on the
// innermost induction variable change type, the loads and stores that
// touch them become vector ones, and loop-invariant operands are broadcast.
// See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/VectorizeInnermost.h"
#include "compiler/Codegen/LoweringConfig.h"
#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/MathExtras.h"

namespace octet {
#define GEN_PASS_DEF_VECTORIZEINNERMOST
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace octet {

namespace {

/// Whether the last dimension of `memref` is contiguous in memory.
bool hasUnitStrideLastDim(Value memref) {
  auto type = dyn_cast<MemRefType>(memref.getType());
  return type && type.getRank() > 0 && type.isLastDimUnitStride();
}

/// Element types a vector of data may have: f32 and bf16 arithmetic (bf16
/// computed in f32 and rounded after each op, as the targets do for
/// scalars) and their i1 comparisons.
bool isVectorDataType(Type type) {
  return type.isF32() || type.isBF16() || type.isInteger(1);
}

/// Ops on i1 data that the lanes can compute independently.
bool isMaskOp(Operation *op) {
  return isa<arith::CmpFOp, arith::SelectOp, math::IsNaNOp, math::IsInfOp,
             math::IsFiniteOp, math::IsNormalOp>(op);
}

/// f8E4M3FN and f8E5M2, which are only ever widened once vectorized.
bool isFloat8(Type type) { return isa<Float8E4M3FNType, Float8E5M2Type>(type); }

} // namespace

bool isOnlyWidened(Value value) {
  return llvm::all_of(value.getUsers(), [](Operation *user) {
    auto ext = dyn_cast<arith::ExtFOp>(user);
    return ext && ext.getType().isF32();
  });
}

std::string analyzeVectorization(scf::ParallelOp loop, unsigned dim,
                                 VaryingValues &varying) {
  if (loop.getNumResults() != 0)
    return "the loop reduces into results";
  bool innermost = dim + 1 == loop.getNumLoops();
  Value iv = loop.getInductionVars()[dim];

  // Every value computed from the induction variable, through data flow and
  // through the loop-carried values of scf.for and the results of scf.if.
  llvm::DenseSet<Value> all{iv};
  SmallVector<Value> worklist{iv};
  auto mark = [&](Value value) {
    if (all.insert(value).second)
      worklist.push_back(value);
  };
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (auto yield = dyn_cast<scf::YieldOp>(user)) {
        Operation *parent = yield->getParentOp();
        mark(parent->getResult(use.getOperandNumber()));
        if (auto forOp = dyn_cast<scf::ForOp>(parent))
          mark(forOp.getRegionIterArgs()[use.getOperandNumber()]);
        continue;
      }
      if (auto forOp = dyn_cast<scf::ForOp>(user)) {
        if (OpResult result = forOp.getTiedLoopResult(&use)) {
          mark(result);
          mark(forOp.getTiedLoopRegionIterArg(&use));
        }
        continue;
      }
      for (Value result : user->getResults())
        mark(result);
    }
  }

  auto varies = [&](Value value) { return all.contains(value); };
  auto describe = [](Operation *op) {
    return "'" + op->getName().getStringRef().str() + "'";
  };
  // Classify in program order, so that an op's operands are classified
  // before it (loop-carried values are classified at their scf.for).
  std::string reason;
  varying.indices[iv] = 1;
  loop.getBody()->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (!llvm::any_of(op->getOperands(), varies) &&
        !llvm::any_of(op->getResults(), varies))
      return WalkResult::advance();
    auto fail = [&](const std::string &why) {
      reason = describe(op) + " " + why;
      return WalkResult::interrupt();
    };
    auto isIndex = [&](Value v) { return varying.indices.contains(v); };
    auto strideOf = [&](Value v) { return varying.indices.lookup(v); };
    // The one position of an access's indices that varies, if only one does.
    auto varyingPosition = [&](ValueRange indices) -> std::optional<unsigned> {
      std::optional<unsigned> position;
      for (auto [i, index] : llvm::enumerate(indices)) {
        if (!varies(index))
          continue;
        if (position || !isIndex(index))
          return std::nullopt;
        position = i;
      }
      return position;
    };
    if (auto load = dyn_cast<memref::LoadOp>(op)) {
      ValueRange indices = load.getIndices();
      std::optional<unsigned> position = varyingPosition(indices);
      if (!position)
        return fail("reads along a dimension other than its last");
      int64_t stride = strideOf(indices[*position]);
      bool contiguous = *position + 1 == indices.size() && stride >= 1 &&
                        stride <= kMaxVectorReadStride &&
                        hasUnitStrideLastDim(load.getMemRef());
      // Along another dimension than the innermost, a read outside the
      // reduction loops (an epilogue's residual) may gather its lanes one
      // load each.
      if (!contiguous && !innermost && stride >= 1 &&
          !load->getParentOfType<scf::ForOp>()) {
        if (!load.getType().isF32() && !load.getType().isBF16())
          return fail("gathers elements of a type other than f32 and bf16");
        varying.gathers.insert(load);
      } else if (*position + 1 != indices.size()) {
        return fail("reads along a dimension other than its last");
      } else if (stride < 1 || stride > kMaxVectorReadStride) {
        return fail("reads with a stride of " + std::to_string(stride) +
                    " along the innermost dimension");
      } else if (!hasUnitStrideLastDim(load.getMemRef())) {
        return fail("reads a memref whose last dimension is not contiguous");
      }
      Type element = load.getType();
      if (isFloat8(element)) {
        if (!isOnlyWidened(load.getResult()))
          return fail("reads an 8-bit float that is not widened to f32");
      } else if (!element.isF32() && !element.isBF16()) {
        return fail("reads elements of a type other than f32, bf16 and 8-bit "
                    "floats");
      }
      varying.data.insert(load.getResult());
      return WalkResult::advance();
    }
    if (auto store = dyn_cast<memref::StoreOp>(op)) {
      ValueRange indices = store.getIndices();
      if (varies(store.getMemRef()))
        return fail("writes to a buffer that depends on the induction "
                    "variable");
      if (llvm::none_of(indices, varies))
        return fail("writes every lane's value to one element");
      std::optional<unsigned> position = varyingPosition(indices);
      // Along the innermost dimension, writes are contiguous vectors; along
      // another, one scalar store per lane at any positive stride.
      if (!position || (innermost && *position + 1 != indices.size()))
        return fail("writes along a dimension other than its last");
      int64_t stride = strideOf(indices[*position]);
      if (innermost ? stride != 1 : stride < 1)
        return fail("writes with a stride of " + std::to_string(stride) +
                    (innermost ? " along the innermost dimension"
                               : " along vector_dim"));
      if (innermost && !hasUnitStrideLastDim(store.getMemRef()))
        return fail("writes a memref whose last dimension is not contiguous");
      Type element = store.getValueToStore().getType();
      if (!element.isF32() && !element.isBF16())
        return fail("writes elements of a type other than f32 and bf16");
      return WalkResult::advance();
    }
    if (isa<arith::AddIOp, arith::SubIOp, arith::MulIOp>(op) &&
        op->getResult(0).getType().isIndex()) {
      Value lhs = op->getOperand(0), rhs = op->getOperand(1);
      // The varying operand (an index) and the invariant one.
      Value index = isIndex(lhs) && !varies(rhs)   ? lhs
                    : isIndex(rhs) && !varies(lhs) ? rhs
                                                   : Value();
      if (!index || (isa<arith::SubIOp>(op) && index != lhs))
        return fail("computes an index that is not the induction variable "
                    "times a constant plus an invariant");
      int64_t stride = strideOf(index);
      if (isa<arith::MulIOp>(op)) {
        std::optional<int64_t> factor =
            getConstantIntValue(index == lhs ? rhs : lhs);
        if (!factor || *factor < 1)
          return fail("scales an index by a value other than a positive "
                      "constant");
        if (llvm::MulOverflow(stride, *factor, stride))
          return fail("scales an index by too large a factor");
      }
      varying.indices[op->getResult(0)] = stride;
      return WalkResult::advance();
    }
    if (auto forOp = dyn_cast<scf::ForOp>(op)) {
      if (varies(forOp.getLowerBound()) || varies(forOp.getUpperBound()) ||
          varies(forOp.getStep()))
        return fail("has bounds that depend on the induction variable");
      for (auto [arg, result] :
           llvm::zip(forOp.getRegionIterArgs(), forOp.getResults())) {
        if (!varies(result))
          continue;
        if (!isVectorDataType(arg.getType()) || arg.getType().isInteger(1))
          return fail("carries a varying value of a type other than f32 and "
                      "bf16");
        varying.data.insert(arg);
        varying.data.insert(result);
      }
      return WalkResult::advance();
    }
    if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
      if (varies(ifOp.getCondition()))
        return fail("branches on the induction variable");
      for (Value result : ifOp.getResults()) {
        if (!varies(result))
          continue;
        if (!isVectorDataType(result.getType()))
          return fail("yields a varying value of a type other than f32");
        varying.data.insert(result);
      }
      return WalkResult::advance();
    }
    if (isa<scf::YieldOp>(op))
      return WalkResult::advance();
    if (OpTrait::hasElementwiseMappableTraits(op) && op->getNumResults() == 1) {
      if (llvm::any_of(op->getOperands(), isIndex))
        return fail("computes data from the induction variable");
      // 8-bit floats are only widened (to f32); roundings to bf16 use the
      // default mode.
      auto ext = dyn_cast<arith::ExtFOp>(op);
      auto trunc = dyn_cast<arith::TruncFOp>(op);
      bool widensFloat8 =
          ext && isFloat8(ext.getIn().getType()) && ext.getType().isF32();
      if (trunc && trunc.getRoundingmode())
        return fail("rounds in a mode other than the default");
      for (Type type : op->getOperandTypes())
        if (!isVectorDataType(type) && !widensFloat8)
          return fail("computes on a type other than f32 and bf16");
      Type resultType = op->getResult(0).getType();
      if (!isVectorDataType(resultType))
        return fail("computes a type other than f32 and bf16");
      bool usesMask = resultType.isInteger(1) ||
                      llvm::any_of(op->getOperandTypes(),
                                   [](Type type) { return type.isInteger(1); });
      if (usesMask && !isMaskOp(op))
        return fail("computes on i1 values");
      varying.data.insert(op->getResult(0));
      return WalkResult::advance();
    }
    return fail("cannot be vectorized");
  });
  return reason;
}

namespace {

/// The vector of `width` lanes of `type`.
VectorType vectorOf(Type type, int64_t width) {
  return VectorType::get({width}, type);
}

/// `value` as a vector of `width` lanes: itself when it already is one,
/// else broadcast just before `user`.
Value asVector(RewriterBase &rewriter, Value value, int64_t width,
               Operation *user) {
  if (isa<VectorType>(value.getType()))
    return value;
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(user);
  return vector::BroadcastOp::create(rewriter, value.getLoc(),
                                     vectorOf(value.getType(), width), value);
}

/// `index` plus the constant `offset` (itself for 0): the index of a lane.
Value offsetIndex(RewriterBase &rewriter, Location loc, Value index,
                  int64_t offset) {
  if (offset == 0)
    return index;
  return arith::AddIOp::create(
      rewriter, loc, index,
      arith::ConstantIndexOp::create(rewriter, loc, offset));
}

/// Rewrites the body of `loop` with `width` lanes along dimension `d`, given
/// the analysis that allowed it.
void vectorize(scf::ParallelOp loop, unsigned d, int64_t width,
               const VaryingValues &varying) {
  IRRewriter rewriter(loop.getContext());
  rewriter.setInsertionPoint(loop);
  // The caller checked that the step is the constant 1.
  Value step = arith::ConstantIndexOp::create(rewriter, loop.getLoc(), width);
  rewriter.modifyOpInPlace(loop,
                           [&] { loop.getStepMutable()[d].assign(step); });

  auto isData = [&](Value v) { return varying.data.contains(v); };
  SmallVector<Operation *> ops;
  loop.getBody()->walk<WalkOrder::PreOrder>(
      [&](Operation *op) { ops.push_back(op); });
  for (Operation *op : ops) {
    if (auto load = dyn_cast<memref::LoadOp>(op)) {
      if (!isData(load.getResult()))
        continue;
      rewriter.setInsertionPoint(load);
      VectorType type = vectorOf(load.getType(), width);
      if (varying.gathers.contains(load)) {
        // One load per lane, `stride` elements apart.
        SmallVector<Value> indices(load.getIndices());
        Value *position = llvm::find_if(
            indices, [&](Value v) { return varying.indices.contains(v); });
        Value first = *position;
        int64_t stride = varying.indices.lookup(first);
        Location loc = load.getLoc();
        SmallVector<Value> lanes;
        for (int64_t lane = 0; lane < width; ++lane) {
          *position = offsetIndex(rewriter, loc, first, lane * stride);
          lanes.push_back(
              memref::LoadOp::create(rewriter, loc, load.getMemRef(), indices));
        }
        rewriter.replaceOpWithNewOp<vector::FromElementsOp>(load, type, lanes);
        continue;
      }
      if (varying.indices.lookup(load.getIndices().back()) == 1) {
        rewriter.replaceOpWithNewOp<vector::LoadOp>(
            load, type, load.getMemRef(), load.getIndices());
        continue;
      }
      // Stride 2: lanes 0, 2, ..., W - 2 of the W elements at the first
      // lane's index and lanes 1, 3, ..., W - 1 of the W elements W - 1
      // further on, which end at the last lane's element.
      Location loc = load.getLoc();
      SmallVector<Value> indices(load.getIndices());
      Value first = vector::LoadOp::create(rewriter, loc, type,
                                           load.getMemRef(), indices);
      indices.back() = offsetIndex(rewriter, loc, indices.back(), width - 1);
      Value second = vector::LoadOp::create(rewriter, loc, type,
                                            load.getMemRef(), indices);
      SmallVector<int64_t> lanes;
      for (int64_t lane = 0; lane < width; ++lane)
        lanes.push_back(lane < width / 2 ? 2 * lane : 2 * lane + 1);
      rewriter.replaceOpWithNewOp<vector::ShuffleOp>(load, first, second,
                                                     lanes);
      continue;
    }
    if (auto store = dyn_cast<memref::StoreOp>(op)) {
      SmallVector<Value> indices(store.getIndices());
      auto position = llvm::find_if(
          indices, [&](Value v) { return varying.indices.contains(v); });
      if (position == indices.end())
        continue;
      Value value = asVector(rewriter, store.getValueToStore(), width, store);
      rewriter.setInsertionPoint(store);
      int64_t stride = varying.indices.lookup(*position);
      if (position == std::prev(indices.end()) && stride == 1 &&
          hasUnitStrideLastDim(store.getMemRef())) {
        rewriter.replaceOpWithNewOp<vector::StoreOp>(
            store, value, store.getMemRef(), indices);
        continue;
      }
      // Not contiguous: one store per lane, `stride` elements apart.
      Location loc = store.getLoc();
      Value first = *position;
      for (int64_t lane = 0; lane < width; ++lane) {
        *position = offsetIndex(rewriter, loc, first, lane * stride);
        Value element = vector::ExtractOp::create(rewriter, loc, value, lane);
        memref::StoreOp::create(rewriter, loc, element, store.getMemRef(),
                                indices);
      }
      rewriter.eraseOp(store);
      continue;
    }
    if (auto forOp = dyn_cast<scf::ForOp>(op)) {
      for (auto [init, arg, result] :
           llvm::zip(forOp.getInitArgsMutable(), forOp.getRegionIterArgs(),
                     forOp.getResults())) {
        if (!isData(result))
          continue;
        Value vectorInit = asVector(rewriter, init.get(), width, forOp);
        rewriter.modifyOpInPlace(forOp, [&] { init.assign(vectorInit); });
        arg.setType(vectorOf(arg.getType(), width));
        result.setType(vectorOf(result.getType(), width));
      }
      continue;
    }
    if (auto yield = dyn_cast<scf::YieldOp>(op)) {
      Operation *parent = yield->getParentOp();
      for (OpOperand &operand : yield->getOpOperands())
        if (isData(parent->getResult(operand.getOperandNumber()))) {
          Value value = asVector(rewriter, operand.get(), width, yield);
          rewriter.modifyOpInPlace(yield, [&] { operand.assign(value); });
        }
      continue;
    }
    if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
      for (Value result : ifOp.getResults())
        if (isData(result))
          result.setType(vectorOf(result.getType(), width));
      continue;
    }
    if (op->getNumResults() != 1 || !isData(op->getResult(0)))
      continue;
    // An elementwise op: vector operands (but a select's invariant
    // condition, which picks whole vectors), vector result.
    for (OpOperand &operand : op->getOpOperands()) {
      if (isa<arith::SelectOp>(op) && operand.getOperandNumber() == 0 &&
          !isa<VectorType>(operand.get().getType()))
        continue;
      Value value = asVector(rewriter, operand.get(), width, op);
      rewriter.modifyOpInPlace(op, [&] { operand.assign(value); });
    }
    Value result = op->getResult(0);
    result.setType(vectorOf(result.getType(), width));
  }
}

struct VectorizeInnermostPass final
    : octet::impl::VectorizeInnermostBase<VectorizeInnermostPass> {
  void runOnOperation() override {
    for (scf::ParallelOp loop : octet::getKernelLoops(getOperation())) {
      std::optional<LoweringConfig> config = LoweringConfig::get(loop);
      if (!config || config->vectorWidth <= 1)
        continue;
      int64_t width = config->vectorWidth;
      unsigned d = config->vectorDim.value_or(loop.getNumLoops() - 1);
      if (d >= loop.getNumLoops()) {
        loop.emitError("vector_dim ")
            << d << " is not a dimension of this loop of "
            << loop.getNumLoops();
        return signalPassFailure();
      }
      std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()[d]);
      std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound()[d]);
      std::optional<int64_t> step = getConstantIntValue(loop.getStep()[d]);
      if (!lb || !ub || !step || *step != 1 || (*ub - *lb) % width) {
        loop.emitError("vector_width ")
            << width << " needs a unit-step "
            << (d + 1 == loop.getNumLoops() ? "innermost dimension"
                                            : "vector_dim")
            << " with static bounds whose trip count it divides";
        return signalPassFailure();
      }
      VaryingValues varying;
      std::string reason = analyzeVectorization(loop, d, varying);
      if (!reason.empty()) {
        loop.emitError("vector_width ")
            << width << " cannot be applied: " << reason;
        return signalPassFailure();
      }
      vectorize(loop, d, width, varying);
    }
  }
};

} // namespace
} // namespace octet
