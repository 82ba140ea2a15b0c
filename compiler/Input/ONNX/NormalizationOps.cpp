//===- NormalizationOps.cpp - ONNX normalizations -------------------------===//
//
// Normalizations (LayerNormalization, BatchNormalization,
// InstanceNormalization), decomposed into graph ops (ReduceMean, Sub, Mul,
// Sqrt, Reciprocal, Add) that lower and fuse like any others.
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

Value Importer::meanKeepDims(Value x, ArrayRef<int64_t> axes) {
  SmallVector<int64_t> shape(shapeOf(x));
  for (int64_t axis : axes)
    shape[axis] = 1;
  return octet::graph::ReduceMeanOp::create(
      builder, curLoc, typeLike(x, shape), x,
      builder.getDenseI64ArrayAttr(axes), builder.getUnitAttr());
}

FailureOr<Value> Importer::normalize(Value x, ArrayRef<int64_t> axes,
                                     float epsilon, Value *mean,
                                     Value *invStdDev) {
  using namespace octet::graph;
  Value mu = meanKeepDims(x, axes);
  FailureOr<Value> centered = broadcastBinary<SubOp>(x, mu);
  if (failed(centered))
    return failure();
  FailureOr<Value> squares = broadcastBinary<MulOp>(*centered, *centered);
  if (failed(squares))
    return failure();
  FailureOr<Value> variance = broadcastBinary<AddOp>(
      meanKeepDims(*squares, axes), scalarConstant(epsilon, elementTypeOf(x)));
  if (failed(variance))
    return failure();
  Value inv = ReciprocalOp::create(builder, curLoc,
                                   SqrtOp::create(builder, curLoc, *variance));
  if (mean)
    *mean = mu;
  if (invStdDev)
    *invStdDev = inv;
  return broadcastBinary<MulOp>(*centered, inv);
}

FailureOr<Value> Importer::perChannel(Value param, int64_t channels,
                                      int64_t rank, StringRef role) {
  if (shapeOf(param) != ArrayRef<int64_t>(channels))
    return nodeError() << "input '" << role << "' must have shape [" << channels
                       << "] (one value per channel), got "
                       << formatShape(shapeOf(param)),
           failure();
  SmallVector<int64_t> shape(rank - 1, 1);
  shape[0] = channels;
  return reshape(param, shape);
}

LogicalResult Importer::importLayerNormalization() {
  FailureOr<Value> x = operand(0), scale;
  FailureOr<int64_t> axisAttr = intAttr("axis", -1);
  FailureOr<float> epsilon = floatAttr("epsilon", 1e-5f);
  FailureOr<int64_t> stashType = intAttr("stash_type", 1);
  if (failed(x) || failed(scale = operand(1)) || failed(axisAttr) ||
      failed(epsilon) || failed(stashType))
    return failure();
  if (*stashType != 1)
    return nodeError() << "unsupported value " << *stashType
                       << " for attribute 'stash_type' (Octet computes "
                          "normalizations in f32: 1)";
  ArrayRef<int64_t> shape = shapeOf(*x);
  FailureOr<int64_t> axis = normalizeAxis(*axisAttr, shape);
  if (failed(axis))
    return failure();
  auto axes = llvm::to_vector(
      llvm::seq<int64_t>(*axis, static_cast<int64_t>(shape.size())));
  Value mean, invStdDev;
  FailureOr<Value> y = normalize(*x, axes, *epsilon, &mean, &invStdDev);
  if (succeeded(y))
    y = broadcastBinary<octet::graph::MulOp>(*y, *scale);
  if (succeeded(y) && curNode->input_size() > 2 && !curNode->input(2).empty()) {
    FailureOr<Value> bias = operand(2);
    if (failed(bias))
      return failure();
    y = broadcastBinary<octet::graph::AddOp>(*y, *bias);
  }
  if (failed(y))
    return failure();
  // Scale and bias broadcast to the input, never the reverse.
  if (shapeOf(*y) != shape)
    return nodeError() << "Scale and B must broadcast to the input's shape "
                       << formatShape(shape);
  if (failed(define(*y)) || (hasOutput(1) && failed(define(mean, 1))) ||
      (hasOutput(2) && failed(define(invStdDev, 2))))
    return failure();
  return success();
}

LogicalResult Importer::importBatchNormalization() {
  FailureOr<int64_t> training = intAttr("training_mode", 0);
  FailureOr<float> epsilon = floatAttr("epsilon", 1e-5f);
  FailureOr<float> momentum = floatAttr("momentum", 0.9f);
  if (failed(training) || failed(epsilon) || failed(momentum))
    return failure();
  if (*training != 0 && *training != 1)
    return nodeError() << "training_mode " << *training << " is not 0 or 1";
  if (!*training && (hasOutput(1) || hasOutput(2)))
    return nodeError() << "outputs running_mean and running_var exist only "
                          "in training mode";
  SmallVector<Value> in;
  for (int i = 0; i < 5; ++i) {
    FailureOr<Value> v = operand(i);
    if (failed(v))
      return failure();
    in.push_back(*v);
  }
  ArrayRef<int64_t> shape = shapeOf(in[0]);
  int64_t rank = shape.size();
  if (rank < 2)
    return nodeError() << "input must have rank at least 2 (N, C, ...), got "
                       << formatShape(shape);
  // y = (x - mean) * (scale / sqrt(var + epsilon)) + B, per channel.
  static constexpr llvm::StringLiteral kRoles[] = {"scale", "B", "input_mean",
                                                   "input_var"};
  SmallVector<Value> params;
  for (auto [i, role] : llvm::enumerate(kRoles)) {
    FailureOr<Value> p = perChannel(in[i + 1], shape[1], rank, role);
    if (failed(p))
      return failure();
    params.push_back(*p);
  }
  using namespace octet::graph;
  if (*training) {
    // Training mode: the batch's own mean and (population) variance over
    // every axis but the channels normalize; the running statistics blend
    // them into the inputs' by momentum.
    SmallVector<int64_t> axes = {0};
    for (int64_t d = 2; d < rank; ++d)
      axes.push_back(d);
    Type elemType = elementTypeOf(in[0]);
    Value mean = meanKeepDims(in[0], axes);
    Value centered = SubOp::create(builder, curLoc, in[0], mean);
    Value variance =
        meanKeepDims(MulOp::create(builder, curLoc, centered, centered), axes);
    params[2] = mean;
    params[3] = variance;
    auto running = [&](Value input, Value batch, int index) -> LogicalResult {
      if (!hasOutput(index))
        return success();
      Value blended = AddOp::create(
          builder, curLoc,
          MulOp::create(builder, curLoc, input,
                        scalarConstant(*momentum, elemType)),
          MulOp::create(builder, curLoc, reshape(batch, shapeOf(input)),
                        scalarConstant(1.0 - *momentum, elemType)));
      return define(blended, index);
    };
    if (failed(running(in[3], mean, 1)) || failed(running(in[4], variance, 2)))
      return failure();
  }
  FailureOr<Value> variance = broadcastBinary<AddOp>(
      params[3], scalarConstant(*epsilon, elementTypeOf(params[3])));
  if (failed(variance))
    return failure();
  Value invStd = ReciprocalOp::create(
      builder, curLoc, SqrtOp::create(builder, curLoc, *variance));
  FailureOr<Value> factor = broadcastBinary<MulOp>(params[0], invStd);
  FailureOr<Value> y = broadcastBinary<SubOp>(in[0], params[2]);
  if (succeeded(y) && succeeded(factor))
    y = broadcastBinary<MulOp>(*y, *factor);
  if (succeeded(y))
    y = broadcastBinary<AddOp>(*y, params[1]);
  return failed(y) || failed(factor) ? failure() : define(*y);
}

LogicalResult Importer::importInstanceNormalization() {
  FailureOr<Value> x = operand(0), scale, bias;
  FailureOr<float> epsilon = floatAttr("epsilon", 1e-5f);
  if (failed(x) || failed(scale = operand(1)) || failed(bias = operand(2)) ||
      failed(epsilon))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size();
  if (rank < 3)
    return nodeError() << "input must have rank at least 3 (N, C, D1, ...), "
                          "got "
                       << formatShape(shape);
  FailureOr<Value> s = perChannel(*scale, shape[1], rank, "scale");
  FailureOr<Value> b = perChannel(*bias, shape[1], rank, "B");
  if (failed(s) || failed(b))
    return failure();
  auto axes = llvm::to_vector(llvm::seq<int64_t>(2, rank));
  FailureOr<Value> y = normalize(*x, axes, *epsilon);
  if (succeeded(y))
    y = broadcastBinary<octet::graph::MulOp>(*y, *s);
  if (succeeded(y))
    y = broadcastBinary<octet::graph::AddOp>(*y, *b);
  return failed(y) ? failure() : define(*y);
}

LogicalResult Importer::importMeanVarianceNormalization() {
  using namespace octet::graph;
  FailureOr<Value> x = operand(0);
  FailureOr<std::optional<SmallVector<int64_t>>> axesAttr = intsAttr("axes");
  if (failed(x) || failed(axesAttr))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  SmallVector<int64_t> axes;
  for (int64_t axis : axesAttr->value_or(SmallVector<int64_t>{0, 2, 3})) {
    FailureOr<int64_t> normalized = normalizeAxis(axis, shape);
    if (failed(normalized))
      return failure();
    axes.push_back(*normalized);
  }
  llvm::sort(axes);
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end())
    return nodeError() << "axes must be distinct";
  // ONNX's function: (x - mean) / (sqrt(variance) + 1e-9).
  Value centered = SubOp::create(builder, curLoc, *x, meanKeepDims(*x, axes));
  Value variance =
      meanKeepDims(MulOp::create(builder, curLoc, centered, centered), axes);
  Value deviation =
      AddOp::create(builder, curLoc, SqrtOp::create(builder, curLoc, variance),
                    scalarConstant(1e-9, elementTypeOf(*x)));
  return define(DivOp::create(builder, curLoc, centered, deviation));
}

LogicalResult Importer::importLRN() {
  using namespace octet::graph;
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> size = intAttr("size", 0);
  FailureOr<float> alpha = floatAttr("alpha", 1e-4f);
  FailureOr<float> beta = floatAttr("beta", 0.75f);
  FailureOr<float> bias = floatAttr("bias", 1.0f);
  if (failed(x) || failed(size) || failed(alpha) || failed(beta) ||
      failed(bias))
    return failure();
  if (*size < 1)
    return nodeError() << "attribute 'size' must be a positive integer";
  ArrayRef<int64_t> shape = shapeOf(*x);
  if (shape.size() < 3)
    return nodeError() << "input must have rank at least 3 (N, C, D1, ...), "
                          "got "
                       << formatShape(shape);
  // The sum of squares over the channel window [c - (size - 1) / 2,
  // c + ceil((size - 1) / 2)]: an average pool (padding counted) of x^2
  // viewed as [N, 1, C, D1 * D2 * ...], times size.
  int64_t rest = 1;
  for (int64_t d : shape.drop_front(2))
    rest *= d;
  Value squares = reshape(MulOp::create(builder, curLoc, *x, *x),
                          {shape[0], 1, shape[1], rest});
  int64_t before = (*size - 1) / 2, after = *size - 1 - before;
  Value mean = AveragePoolOp::create(
      builder, curLoc, typeLike(squares, shapeOf(squares)), squares,
      builder.getDenseI64ArrayAttr({*size, 1}),
      builder.getDenseI64ArrayAttr({1, 1}),
      builder.getDenseI64ArrayAttr({1, 1}),
      builder.getDenseI64ArrayAttr({before, 0}),
      builder.getDenseI64ArrayAttr({after, 0}), /*count_include_pad=*/true);
  // y = x / (bias + alpha / size * sum)^beta, with alpha / size * sum =
  // alpha * mean.
  Type elemType = elementTypeOf(*x);
  Value base =
      AddOp::create(builder, curLoc, scalarConstant(*bias, elemType),
                    MulOp::create(builder, curLoc, reshape(mean, shape),
                                  scalarConstant(*alpha, elemType)));
  Value divisor =
      PowOp::create(builder, curLoc, base, scalarConstant(*beta, elemType));
  return define(DivOp::create(builder, curLoc, *x, divisor));
}

ArrayRef<Importer::Registration> Importer::normalizationRegistrations() {
  using namespace octet::graph;
  static const Registration table[] = {
      {{"BatchNormalization", 9, 5, 5, "epsilon,momentum,training_mode", 3},
       &Importer::importBatchNormalization},
      {{"InstanceNormalization", 6, 3, 3, "epsilon"},
       &Importer::importInstanceNormalization},
      {{"LayerNormalization", 17, 2, 3, "axis,epsilon,stash_type", 3},
       &Importer::importLayerNormalization},
      {{"LRN", 1, 1, 1, "alpha,beta,bias,size"}, &Importer::importLRN},
      {{"MeanVarianceNormalization", 9, 1, 1, "axes"},
       &Importer::importMeanVarianceNormalization},
  };
  return table;
}
