//===- RecurrentOps.cpp - ONNX RNN, GRU and LSTM --------------------------===//
//
// Recurrent networks, unrolled over the sequence (its length is static) into
// graph ops. The input projection of all steps is one Gemm (X W^T + Wb over
// the whole sequence, transB: the weights are read in place); each step then
// adds H R^T + Rb (another Gemm), applies the gates' activations
// and updates the state, and the elementwise work of a step fuses into a few
// kernels like any other. sequence_lens (a constant or a runtime input) masks
// the steps past each batch entry's length: its state holds there and its Y is
// 0, which also makes the reverse direction start at each entry's last step.
//
// Covered: directions forward, reverse and bidirectional; layouts 0 and 1;
// the activations ONNX lists, with activation_alpha / activation_beta; clip;
// GRU's linear_before_reset; LSTM's peepholes and input_forget.
//
//===----------------------------------------------------------------------===//

#include "compiler/Input/ONNX/Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace octet::onnx_import;
using namespace octet::graph;

namespace {
/// One activation function of a cell, with its parameters.
struct Activation {
  std::string name;
  float alpha = 0, beta = 0;
};

/// How an activation reads activation_alpha / activation_beta: whether it
/// takes each, and its default (ONNX's operator of the same name).
struct ActivationInfo {
  StringRef name;
  bool takesAlpha, takesBeta;
  float alpha, beta;
};

constexpr ActivationInfo kActivations[] = {
    {"Relu", false, false, 0, 0},
    {"Tanh", false, false, 0, 0},
    {"Sigmoid", false, false, 0, 0},
    {"Affine", true, true, 1.0f, 0.0f},
    {"LeakyRelu", true, false, 0.01f, 0},
    {"ThresholdedRelu", true, false, 1.0f, 0},
    {"ScaledTanh", true, true, 1.0f, 1.0f},
    {"HardSigmoid", true, true, 0.2f, 0.5f},
    {"Elu", true, false, 1.0f, 0},
    {"Softsign", false, false, 0, 0},
    {"Softplus", false, false, 0, 0},
};
} // namespace

LogicalResult Importer::importRecurrent(int gates) {
  // --- Attributes --------------------------------------------------------
  FailureOr<std::string> direction = stringAttr("direction", "forward");
  FailureOr<int64_t> layout = intAttr("layout", 0);
  FailureOr<int64_t> hiddenAttr = intAttr("hidden_size", 0);
  FailureOr<int64_t> linearBeforeReset = intAttr("linear_before_reset", 0);
  FailureOr<int64_t> inputForget = intAttr("input_forget", 0);
  FailureOr<SmallVector<std::string>> names = stringsAttr("activations");
  FailureOr<SmallVector<float>> alphas = floatsAttr("activation_alpha");
  FailureOr<SmallVector<float>> betas = floatsAttr("activation_beta");
  if (failed(direction) || failed(layout) || failed(hiddenAttr) ||
      failed(linearBeforeReset) || failed(inputForget) || failed(names) ||
      failed(alphas) || failed(betas))
    return failure();
  if (*direction != "forward" && *direction != "reverse" &&
      *direction != "bidirectional")
    return nodeError() << "direction '" << *direction
                       << "' is not one of forward, reverse, bidirectional";
  if (*layout != 0 && *layout != 1)
    return nodeError() << "layout " << *layout << " is not 0 or 1";
  int64_t directions = *direction == "bidirectional" ? 2 : 1;
  std::optional<float> clip;
  if (findAttr("clip")) {
    FailureOr<float> value = floatAttr("clip", 0);
    if (failed(value))
      return failure();
    if (!(*value > 0))
      return nodeError() << "clip " << *value << " must be positive";
    clip = *value;
  }

  // Activations: f (RNN); f, g (GRU); f, g, h (LSTM); per direction.
  int perDirection = gates == 1 ? 1 : gates == 3 ? 2 : 3;
  SmallVector<std::string> activationNames(*names);
  if (activationNames.empty()) {
    for (int64_t d = 0; d < directions; ++d) {
      if (gates == 1)
        activationNames.push_back("Tanh");
      else
        activationNames.append({"Sigmoid", "Tanh"});
      if (gates == 4)
        activationNames.push_back("Tanh");
    }
  }
  if (static_cast<int64_t>(activationNames.size()) != perDirection * directions)
    return nodeError() << "attribute 'activations' has "
                       << activationNames.size() << " names, expected "
                       << perDirection * directions << " (" << perDirection
                       << " per direction)";
  SmallVector<Activation> activations;
  size_t nextAlpha = 0, nextBeta = 0;
  for (const std::string &name : activationNames) {
    const ActivationInfo *info =
        llvm::find_if(kActivations, [&](const ActivationInfo &a) {
          return a.name.equals_insensitive(name);
        });
    if (info == std::end(kActivations))
      return nodeError() << "unsupported activation '" << name << "'";
    Activation a{info->name.str(), info->alpha, info->beta};
    if (info->takesAlpha && nextAlpha < alphas->size())
      a.alpha = (*alphas)[nextAlpha++];
    if (info->takesBeta && nextBeta < betas->size())
      a.beta = (*betas)[nextBeta++];
    activations.push_back(a);
  }

  // --- Inputs --------------------------------------------------------------
  auto optionalOperand = [&](int i) -> FailureOr<Value> {
    if (curNode->input_size() <= i || curNode->input(i).empty())
      return Value();
    return operand(i);
  };
  FailureOr<Value> xIn = operand(0), w = operand(1), r = operand(2);
  FailureOr<Value> bias = optionalOperand(3), seqLens = optionalOperand(4),
                   initialH = optionalOperand(5),
                   initialC = gates == 4 ? optionalOperand(6) : Value(),
                   peepholes = gates == 4 ? optionalOperand(7) : Value();
  if (failed(xIn) || failed(w) || failed(r) || failed(bias) ||
      failed(seqLens) || failed(initialH) || failed(initialC) ||
      failed(peepholes))
    return failure();
  Type elemType = elementTypeOf(*xIn);
  if (shapeOf(*xIn).size() != 3)
    return nodeError() << "input 'X' must have rank 3, got shape "
                       << formatShape(shapeOf(*xIn));
  // X in layout 0: [seq_length, batch_size, input_size].
  Value x = *layout == 1 ? transpose(*xIn, {1, 0, 2}) : *xIn;
  int64_t seqLength = shapeOf(x)[0], batch = shapeOf(x)[1],
          inputSize = shapeOf(x)[2];
  if (shapeOf(*r).size() != 3)
    return nodeError() << "input 'R' must have rank 3, got shape "
                       << formatShape(shapeOf(*r));
  int64_t hidden = *hiddenAttr ? *hiddenAttr : shapeOf(*r)[2];
  int64_t gateRows = gates * hidden;
  auto checkShape = [&](Value v, StringRef role,
                        ArrayRef<int64_t> expected) -> LogicalResult {
    if (!v)
      return success();
    if (elementTypeOf(v) != elemType && role != "sequence_lens")
      return nodeError() << "input '" << role
                         << "' must have the element type of 'X'";
    if (shapeOf(v) != expected)
      return nodeError() << "input '" << role << "' has shape "
                         << formatShape(shapeOf(v)) << ", expected "
                         << formatShape(expected);
    return success();
  };
  auto stateShape = [&]() -> SmallVector<int64_t> {
    if (*layout == 1)
      return {batch, directions, hidden};
    return {directions, batch, hidden};
  };
  if (failed(checkShape(*w, "W", {directions, gateRows, inputSize})) ||
      failed(checkShape(*r, "R", {directions, gateRows, hidden})) ||
      failed(checkShape(*bias, "B", {directions, 2 * gateRows})) ||
      failed(checkShape(*seqLens, "sequence_lens", {batch})) ||
      failed(checkShape(*initialH, "initial_h", stateShape())) ||
      failed(checkShape(*initialC, "initial_c", stateShape())) ||
      failed(checkShape(*peepholes, "P", {directions, 3 * hidden})))
    return failure();
  Value lengths = *seqLens;
  if (lengths) {
    if (!elementTypeOf(lengths).isSignlessInteger(32))
      return nodeError() << "input 'sequence_lens' must be INT32";
    // Constant lengths that are all the full sequence mask nothing.
    DenseIntElementsAttr values;
    if (matchPattern(lengths, m_Constant(&values))) {
      bool full = true;
      for (const APInt &v : values) {
        if (v.isNegative() || v.sgt(seqLength))
          return nodeError() << "sequence_lens value " << v.getSExtValue()
                             << " is outside [0, " << seqLength << "]";
        full &= v == seqLength;
      }
      if (full)
        lengths = Value();
    }
  }
  auto toLayout0 = [&](Value state) -> Value {
    return state && *layout == 1 ? transpose(state, {1, 0, 2}) : state;
  };
  Value h0 = toLayout0(*initialH), c0 = toLayout0(*initialC);

  // --- Building blocks -----------------------------------------------------
  auto add = [&](Value a, Value b) -> Value {
    return AddOp::create(builder, curLoc, a, b);
  };
  auto sub = [&](Value a, Value b) -> Value {
    return SubOp::create(builder, curLoc, a, b);
  };
  auto mul = [&](Value a, Value b) -> Value {
    return MulOp::create(builder, curLoc, a, b);
  };
  auto scalar = [&](double v) { return scalarConstant(v, elemType); };
  // a [M, K] times weights w [N, K] transposed (+ c [N]): a Gemm with
  // transB, so the weights are read in place, never transposed.
  auto timesTransposed = [&](Value a, Value w, Value c = Value()) -> Value {
    return GemmOp::create(builder, curLoc,
                          typeLike(a, {shapeOf(a)[0], shapeOf(w)[0]}), a, w, c,
                          llvm::APFloat(1.0f), llvm::APFloat(1.0f),
                          /*transA=*/false, /*transB=*/true);
  };
  auto withAttrs = [&](auto op, Value v,
                       ArrayRef<std::pair<StringRef, float>> attrs) -> Value {
    SmallVector<NamedAttribute> named;
    for (auto [name, value] : attrs)
      named.push_back(
          builder.getNamedAttr(name, builder.getF32FloatAttr(value)));
    return decltype(op)::create(builder, curLoc, TypeRange{v.getType()},
                                ValueRange{v}, named);
  };
  // clip (on the gates, not on LSTM's cell state), then the activation.
  auto activate = [&](const Activation &a, Value v,
                      bool clipped = true) -> Value {
    if (clip && clipped)
      v = MinOp::create(builder, curLoc,
                        MaxOp::create(builder, curLoc, v, scalar(-*clip)),
                        scalar(*clip));
    StringRef name = a.name;
    if (name == "Relu")
      return ReluOp::create(builder, curLoc, v);
    if (name == "Tanh")
      return TanhOp::create(builder, curLoc, v);
    if (name == "Sigmoid")
      return SigmoidOp::create(builder, curLoc, v);
    if (name == "Affine")
      return add(mul(v, scalar(a.alpha)), scalar(a.beta));
    if (name == "LeakyRelu")
      return withAttrs(LeakyReluOp(), v, {{"alpha", a.alpha}});
    if (name == "ThresholdedRelu")
      return withAttrs(ThresholdedReluOp(), v, {{"alpha", a.alpha}});
    if (name == "ScaledTanh")
      return mul(TanhOp::create(builder, curLoc, mul(v, scalar(a.beta))),
                 scalar(a.alpha));
    if (name == "HardSigmoid")
      return withAttrs(HardSigmoidOp(), v,
                       {{"alpha", a.alpha}, {"beta", a.beta}});
    if (name == "Elu")
      return withAttrs(EluOp(), v, {{"alpha", a.alpha}});
    if (name == "Softsign")
      return SoftsignOp::create(builder, curLoc, v);
    assert(name == "Softplus" && "activation missing from kActivations");
    return SoftplusOp::create(builder, curLoc, v);
  };
  // Row block `index` (of `rows` rows) of `v`'s direction `d`: v is
  // [directions, n * rows, cols] or [directions, n * rows].
  auto directionBlock = [&](Value v, int64_t d, int64_t index,
                            int64_t rows) -> Value {
    ArrayRef<int64_t> shape = shapeOf(v);
    SmallVector<int64_t> starts(shape.size(), 0), sizes(shape);
    starts[0] = d;
    sizes[0] = 1;
    starts[1] = index * rows;
    sizes[1] = rows;
    return reshape(slice(v, starts, sizes), ArrayRef(sizes).drop_front());
  };
  auto zeros = [&](ArrayRef<int64_t> shape) -> Value {
    auto type = tensorType(shape, elemType);
    return constantValue(
        DenseElementsAttr::get(type, builder.getZeroAttr(elemType)));
  };

  // --- The unrolled sequence, per direction ----------------------------------
  SmallVector<Value> ys, hs, cs;
  for (int64_t d = 0; d < directions; ++d) {
    bool backward = *direction == "reverse" || d == 1;
    const Activation *f = &activations[d * perDirection];
    // Every step's input projection at once, X W^T + Wb: [T, B, G*H].
    Value wd = directionBlock(*w, d, 0, gateRows); // [G*H, I]
    Value rd = directionBlock(*r, d, 0, gateRows); // [G*H, H]
    Value rb;                                      // [G*H]
    Value xw =
        reshape(timesTransposed(reshape(x, {seqLength * batch, inputSize}), wd,
                                *bias ? directionBlock(*bias, d, 0, gateRows)
                                      : Value()),
                {seqLength, batch, gateRows});
    if (*bias)
      rb = directionBlock(*bias, d, 1, gateRows);
    Value h = h0 ? directionBlock(h0, d, 0, batch) : zeros({batch, hidden});
    Value c;
    if (gates == 4)
      c = c0 ? directionBlock(c0, d, 0, batch) : zeros({batch, hidden});
    // Columns [k * H, (k + 1) * H) of `v` ([B, n * H]).
    auto gate = [&](Value v, int64_t k, int64_t count = 1) -> Value {
      int64_t rows = shapeOf(v)[0];
      return slice(v, {0, k * hidden}, {rows, count * hidden});
    };
    // Rows [k * H, (k + 1) * H) of the recurrent weights.
    auto weightRows = [&](int64_t k, int64_t count = 1) -> Value {
      return slice(rd, {k * hidden, 0}, {count * hidden, hidden});
    };
    auto biasGate = [&](int64_t k, int64_t count = 1) -> Value {
      return slice(rb, {k * hidden}, {count * hidden});
    };
    SmallVector<Value> steps(seqLength);
    for (int64_t s = 0; s < seqLength; ++s) {
      int64_t t = backward ? seqLength - 1 - s : s;
      Value xt = reshape(slice(xw, {t, 0, 0}, {1, batch, gateRows}),
                         {batch, gateRows});
      Value hNew, cNew;
      if (gates == 1) {
        hNew = activate(f[0], add(xt, timesTransposed(h, rd, rb)));
      } else if (gates == 3) {
        // z and r: f(x W + h R + b); the candidate: g(...) with r applied
        // before (default) or after (linear_before_reset) the product.
        Value zr =
            add(gate(xt, 0, 2), timesTransposed(h, weightRows(0, 2),
                                                rb ? biasGate(0, 2) : Value()));
        Value z = activate(f[0], gate(zr, 0));
        Value reset = activate(f[0], gate(zr, 1));
        Value rh = weightRows(2), rbh = rb ? biasGate(2) : Value();
        Value recurrent = *linearBeforeReset
                              ? mul(reset, timesTransposed(h, rh, rbh))
                              : timesTransposed(mul(reset, h), rh, rbh);
        Value candidate = activate(f[1], add(gate(xt, 2), recurrent));
        // (1 - z) * candidate + z * h
        hNew = add(candidate, mul(z, sub(h, candidate)));
      } else {
        // Gates in ONNX's order i, o, f, c; peepholes P = [p_i, p_o, p_f].
        Value all = add(xt, timesTransposed(h, rd, rb));
        auto peep = [&](Value pre, int64_t k, Value state) -> Value {
          if (!*peepholes)
            return pre;
          return add(pre, mul(directionBlock(*peepholes, d, k, hidden), state));
        };
        Value in = activate(f[0], peep(gate(all, 0), 0, c));
        Value forget = *inputForget ? sub(scalar(1.0), in)
                                    : activate(f[0], peep(gate(all, 2), 2, c));
        cNew = add(mul(forget, c), mul(in, activate(f[1], gate(all, 3))));
        Value out = activate(f[0], peep(gate(all, 1), 1, cNew));
        hNew = mul(out, activate(f[2], cNew, /*clipped=*/false));
      }
      Value y = hNew;
      if (lengths) {
        // Entries whose sequence ended keep their state and output 0.
        Value active = reshape(
            LessOp::create(builder, curLoc,
                           scalarConstant(t, elementTypeOf(lengths)), lengths),
            {batch, 1});
        if (hasOutput(0))
          y = WhereOp::create(builder, curLoc, active, hNew, scalar(0.0));
        hNew = WhereOp::create(builder, curLoc, active, hNew, h);
        if (cNew)
          cNew = WhereOp::create(builder, curLoc, active, cNew, c);
      }
      h = hNew;
      c = cNew;
      if (hasOutput(0))
        steps[t] = reshape(y, {1, 1, batch, hidden});
    }
    if (hasOutput(0))
      ys.push_back(concat(steps, 0));
    hs.push_back(reshape(h, {1, batch, hidden}));
    if (c)
      cs.push_back(reshape(c, {1, batch, hidden}));
  }

  // --- Outputs: Y [T, D, B, H], Y_h and Y_c [D, B, H] (layout 0)
  // --------------
  if (hasOutput(0)) {
    Value y = concat(ys, 1);
    if (failed(define(*layout == 1 ? transpose(y, {2, 0, 1, 3}) : y, 0)))
      return failure();
  }
  auto defineState = [&](ArrayRef<Value> states, int index) -> LogicalResult {
    if (!hasOutput(index))
      return success();
    Value state = concat(states, 0);
    return define(*layout == 1 ? transpose(state, {1, 0, 2}) : state, index);
  };
  if (failed(defineState(hs, 1)) || (gates == 4 && failed(defineState(cs, 2))))
    return failure();
  return success();
}

ArrayRef<Importer::Registration> Importer::recurrentRegistrations() {
  static const Registration table[] = {
      {{"GRU", 7, 3, 6,
        "activation_alpha,activation_beta,activations,clip,direction,"
        "hidden_size,linear_before_reset",
        2},
       &Importer::importGRU},
      {{"GRU", 14, 3, 6,
        "activation_alpha,activation_beta,activations,clip,direction,"
        "hidden_size,layout,linear_before_reset",
        2},
       &Importer::importGRU},
      {{"LSTM", 7, 3, 8,
        "activation_alpha,activation_beta,activations,clip,direction,"
        "hidden_size,input_forget",
        3},
       &Importer::importLSTM},
      {{"LSTM", 14, 3, 8,
        "activation_alpha,activation_beta,activations,clip,direction,"
        "hidden_size,input_forget,layout",
        3},
       &Importer::importLSTM},
      {{"RNN", 7, 3, 6,
        "activation_alpha,activation_beta,activations,clip,direction,"
        "hidden_size",
        2},
       &Importer::importRNN},
      {{"RNN", 14, 3, 6,
        "activation_alpha,activation_beta,activations,clip,direction,"
        "hidden_size,layout",
        2},
       &Importer::importRNN},
  };
  return table;
}
