//===- Importer.h - The ONNX importer class ---------------------*- C++ -*-===//
//
// Internal to the ONNX importer (not installed, not included outside
// compiler/Input/ONNX): the Importer class, whose node-independent machinery
// (parsing, constants, values, node checks, the walk over the graph) lives in
// ONNXImporter.cpp and whose operator imports live in one file per family
// (ElementwiseOps.cpp, ReductionOps.cpp, ...), each with the registration
// table of its operators.
//
//===----------------------------------------------------------------------===//

#ifndef OCTET_COMPILER_INPUT_ONNX_IMPORTER_H
#define OCTET_COMPILER_INPUT_ONNX_IMPORTER_H

#include "compiler/Input/ONNX/ONNXImporter.h"
#include "compiler/Input/ONNX/ONNXTensors.h"

#include "dialects/Graph/IR/GraphDialect.h"
#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"

#include <google/protobuf/text_format.h>
#include <onnx/onnx_pb.h>

#include <deque>
#include <memory>
#include <optional>
#include <string>

namespace octet::onnx_import {

using namespace mlir;
namespace pb = google::protobuf;
using octet::graph::formatShape;

/// Registration-table shorthands (see ONNXOpSupport).
constexpr int kVariadic = octet::ONNXOpSupport::kVariadic;
constexpr unsigned kNumeric = octet::ONNXOpSupport::kNumericTypes;
constexpr unsigned kAll = octet::ONNXOpSupport::kAllTypes;
constexpr unsigned kInteger = octet::ONNXOpSupport::kIntegerTypes;
constexpr unsigned kBool = octet::ONNXOpSupport::kBoolType;
/// Every type, 8-bit floats included: for operators that only convert or
/// move elements.
constexpr unsigned kAllAndFloat8 = kAll | octet::ONNXOpSupport::kFloat8Types;

/// A model and, for text-format input, where each field was in the file.
struct ParsedModel {
  onnx::ModelProto model;
  std::unique_ptr<pb::TextFormat::ParseInfoTree> tree;
};

/// A constant known by name: an initializer or a Constant node's tensor.
/// It becomes an arith.constant on first use as a data operand.
struct ConstantInfo {
  const onnx::TensorProto *tensor;
  Location loc;
  /// The initializer's name or the Constant node's output name (unchanged
  /// when Identity forwards the constant under another name).
  std::string name;
};

/// Builds the module for one parsed model. Usage: construct, call run()
/// once. Walks the graph in order: registers initializers (and Constant
/// nodes) as lazily materialized constants, makes the remaining graph inputs
/// the arguments of `func.func @main`, imports each node into `graph` ops
/// (result shapes from the ONNX operator rules, sizes overflow-checked), and
/// returns the graph outputs. Every error is a located diagnostic naming the
/// node, initializer, input or output concerned; run() then returns null.
class Importer {
public:
  Importer(MLIRContext &ctx, StringRef fileName, const ParsedModel &parsed,
           const octet::ONNXImportOptions &options)
      : ctx(ctx), builder(&ctx), fileName(fileName.str()), model(parsed.model),
        onnxGraph(parsed.model.graph()), tree(parsed.tree.get()),
        options(options) {}

  /// Imports the model; returns null after emitting a diagnostic on error.
  OwningOpRef<ModuleOp> run();

private:
  // --- Locations ----------------------------------------------------------
  Location fileLoc(int line, int col) {
    return FileLineColLoc::get(&ctx, fileName, line, col);
  }
  /// Location of `graph.<field>[index]` in a text-format model.
  Location graphFieldLoc(const char *field, int index) {
    if (graphTree) {
      const pb::FieldDescriptor *fd =
          onnx::GraphProto::descriptor()->FindFieldByName(field);
      auto pos = graphTree->GetLocation(fd, index);
      if (pos.line >= 0)
        return fileLoc(pos.line + 1, pos.column + 1);
    }
    return fileLoc(0, 0);
  }
  std::string nodeName(int index) {
    const onnx::NodeProto &node = onnxGraph.node(index);
    if (!node.name().empty())
      return node.name();
    if (node.output_size() > 0 && !node.output(0).empty())
      return node.output(0);
    return node.op_type() + "#" + std::to_string(index);
  }
  /// The location of node `index`: its name around its place in the file,
  /// with the operator type as metadata (octet::graph::getSourceNode reads
  /// both back).
  Location nodeLoc(int index) {
    Location where =
        FusedLoc::get(&ctx, {graphFieldLoc("node", index)},
                      StringAttr::get(&ctx, onnxGraph.node(index).op_type()));
    return NameLoc::get(StringAttr::get(&ctx, nodeName(index)), where);
  }

  // --- Node helpers (valid while importing node `cur`) --------------------
  InFlightDiagnostic nodeError() {
    return emitError(curLoc)
           << curNode->op_type() << " node '" << nodeName(cur) << "': ";
  }
  LogicalResult expectInputs(int min, int max);
  /// One to `max` outputs, at least one of them named (an unnamed output
  /// is one the model does not use).
  LogicalResult expectOutputs(int max);
  LogicalResult checkAttributes(ArrayRef<StringRef> allowed);
  /// Checks the element type of the first input against `types` (a set of
  /// ONNXOpSupport's k*Types bits).
  LogicalResult checkFirstInputType(unsigned types);
  const onnx::AttributeProto *findAttr(StringRef name);
  FailureOr<int64_t> intAttr(StringRef name, int64_t def);
  FailureOr<float> floatAttr(StringRef name, float def);
  FailureOr<std::optional<SmallVector<int64_t>>> intsAttr(StringRef name);
  FailureOr<std::string> stringAttr(StringRef name, StringRef def);
  /// A list attribute's values; empty when the attribute is absent.
  FailureOr<SmallVector<std::string>> stringsAttr(StringRef name);
  FailureOr<SmallVector<float>> floatsAttr(StringRef name);
  FailureOr<Value> operand(int i);
  /// Fails with a diagnostic if `name` already names a value or a constant.
  LogicalResult checkNotDefined(StringRef name);
  /// Overflow-checked product of `dims`, or a diagnostic on the node.
  FailureOr<int64_t> checkedProduct(ArrayRef<int64_t> dims);
  /// Binds the node's single output to `v`, after checking that the output
  /// name is new and that `v`'s shape is not too large.
  LogicalResult define(Value v, int index = 0);
  /// `v` folded into a constant (or an existing value) when its graph op
  /// folds (small constant operands, see the dialect); else `v`.
  Value foldConstants(Value v);
  /// Whether the node has output `index` (named, not empty).
  bool hasOutput(int index) {
    return curNode->output_size() > index && !curNode->output(index).empty();
  }
  ArrayRef<int64_t> shapeOf(Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  }
  Type elementTypeOf(Value v) {
    return cast<RankedTensorType>(v.getType()).getElementType();
  }
  RankedTensorType tensorType(ArrayRef<int64_t> shape, Type elemType) {
    return RankedTensorType::get(shape, elemType);
  }
  /// A tensor type of `shape` with `v`'s element type.
  RankedTensorType typeLike(Value v, ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, elementTypeOf(v));
  }
  Value reshape(Value v, ArrayRef<int64_t> shape) {
    if (shapeOf(v) == shape)
      return v;
    return octet::graph::ReshapeOp::create(builder, curLoc, typeLike(v, shape),
                                           v);
  }

  // --- Values and constants -----------------------------------------------
  FailureOr<Value> lookup(StringRef name, Location useLoc, StringRef user);
  /// The contents of constant `name` (tensor `t`), of any supported element
  /// type; `user` names who needs it in diagnostics.
  FailureOr<DenseElementsAttr> tensorAttr(const onnx::TensorProto &t,
                                          StringRef name, Location loc,
                                          StringRef user);
  /// Checks the shape of constant `name` (tensor `t`): no negative
  /// dimension, byte size within int64 (see checkShapeSize).
  LogicalResult checkTensorShape(const onnx::TensorProto &t, StringRef name,
                                 Location loc);
  /// The bytes of tensor `t`'s external data (location, offset, length),
  /// read from the model's directory.
  FailureOr<std::unique_ptr<llvm::MemoryBuffer>>
  readExternalData(const onnx::TensorProto &t, StringRef name, Location loc);
  LogicalResult checkDataLocation(const onnx::TensorProto &t, StringRef name,
                                  Location loc);

  // --- Import -------------------------------------------------------------
  FailureOr<RankedTensorType> inputType(const onnx::ValueInfoProto &info,
                                        Location loc);
  LogicalResult importNode(int index);
  /// Makes graph input `info` a constant with the value of its
  /// --constant-input file (checked against its declared type).
  LogicalResult bindConstantInput(const onnx::ValueInfoProto &info,
                                  Location loc);

public:
  /// How one operator is imported, from opset `support.sinceOpset` on. The
  /// checks that `support` describes run once, in importNode, before
  /// `import`.
  struct Registration {
    octet::ONNXOpSupport support;
    LogicalResult (Importer::*import)();
    /// The element types of the first input (ONNXOpSupport::types).
    unsigned types = octet::ONNXOpSupport::kFloatTypes;
  };
  /// One line per ONNX operator: the first opset whose form is imported (the
  /// operator's ONNX version history decides it: Add-7 brought NumPy
  /// broadcasting, Relu-6 dropped `consumed_inputs`, Reshape-5 made the shape
  /// an input, Gemm-7 dropped `broadcast`), the input count, the attributes
  /// accepted, and the import. Each operator family (ElementwiseOps.cpp,
  /// ...) has its table, sorted by name; adding an operator is adding a line
  /// to its family's. An operator whose attributes became inputs has a line
  /// per form (Clip), in opset order.
  ///
  /// registrations() is the families' tables together.
  static ArrayRef<Registration> registrations();
  static ArrayRef<Registration> elementwiseRegistrations();
  static ArrayRef<Registration> reductionRegistrations();
  static ArrayRef<Registration> normalizationRegistrations();
  static ArrayRef<Registration> convolutionAndPoolingRegistrations();
  static ArrayRef<Registration> linearAlgebraRegistrations();
  static ArrayRef<Registration> dataMovementRegistrations();
  static ArrayRef<Registration> recurrentRegistrations();
  static ArrayRef<Registration> quantizationRegistrations();

private:
  /// `OpTy(lhs, rhs)` with the operands' broadcast shape, or a diagnostic.
  template <typename OpTy>
  FailureOr<Value> broadcastBinary(Value lhs, Value rhs);
  /// A scalar (rank-0) constant of `elemType` holding `value`.
  Value scalarConstant(double value, Type elemType);
  template <typename OpTy> LogicalResult importBinary();
  /// Min, Max, Sum: `OpTy` folded over any number of broadcast inputs.
  template <typename OpTy> LogicalResult importVariadic();
  LogicalResult importMean();
  LogicalResult importPRelu();
  LogicalResult importClipAttributes();
  /// ReduceSum, ReduceMean, ...: axes from the attribute (older opsets) or
  /// the constant second input, keepdims, noop_with_empty_axes.
  template <typename OpTy> LogicalResult importReduce();
  // Normalizations, decomposed into graph ops (ReduceMean, Sub, Mul, Sqrt,
  // Reciprocal, Add), which lower and fuse like any others.
  /// `axis` in [-rank, rank) of an input of `shape`, made non-negative, or a
  /// diagnostic.
  FailureOr<int64_t> normalizeAxis(int64_t axis, ArrayRef<int64_t> shape);
  /// Mean of `x` over `axes` (sorted, non-negative), keeping the dimensions.
  Value meanKeepDims(Value x, ArrayRef<int64_t> axes);
  /// (x - mean) / sqrt(var + epsilon) over `axes`; also returns the mean and
  /// 1 / sqrt(var + epsilon) (kept dimensions) through `mean`/`invStdDev`.
  FailureOr<Value> normalize(Value x, ArrayRef<int64_t> axes, float epsilon,
                             Value *mean = nullptr, Value *invStdDev = nullptr);
  /// `param` (shape [C]) reshaped to [C, 1, ..., 1] so that it broadcasts
  /// along dimension 1 of a rank-`rank` tensor with C channels.
  FailureOr<Value> perChannel(Value param, int64_t channels, int64_t rank,
                              StringRef role);
  LogicalResult importLayerNormalization();
  /// Strides, dilations and pads of a convolution or pooling window, from
  /// the node's attributes (auto_pad resolved), and the spatial output size.
  struct WindowGeometry {
    SmallVector<int64_t> strides, dilations, padsBegin, padsEnd, outShape;
  };
  FailureOr<WindowGeometry> windowGeometry(ArrayRef<int64_t> inShape,
                                           ArrayRef<int64_t> kernel,
                                           bool ceilMode);
  LogicalResult importConv();
  LogicalResult importConvTranspose();
  /// MaxUnpool: a ScatterND of the values into zeros at their flat indices.
  LogicalResult importMaxUnpool();
  LogicalResult importGridSample();
  template <typename OpTy> LogicalResult importPool();
  /// GlobalAveragePool / GlobalMaxPool: the mean / max over the spatial
  /// dimensions, kept.
  template <typename OpTy> LogicalResult importGlobalPool();
  LogicalResult importConcat();
  LogicalResult importDepthToSpace();
  LogicalResult importSpaceToDepth();
  LogicalResult importSplit();
  LogicalResult importPad();
  /// graph.transpose of `x` by `perm`.
  Value transpose(Value x, ArrayRef<int64_t> perm);
  /// The block of `x` of shape `sizes` from `starts` (unit steps); `x` itself
  /// when that is all of it.
  Value slice(Value x, ArrayRef<int64_t> starts, ArrayRef<int64_t> sizes);
  /// `parts` (one or more, same shapes but along `axis`) concatenated.
  Value concat(ArrayRef<Value> parts, int64_t axis);
  LogicalResult importSlice();
  LogicalResult importTile();
  LogicalResult importExpand();
  LogicalResult importSqueeze();
  LogicalResult importUnsqueeze();
  /// Squeeze/Unsqueeze axes: the attribute before opset 13, the constant
  /// second input from 13 on.
  FailureOr<SmallVector<int64_t>> axesOperand(bool required);
  LogicalResult importBatchNormalization();
  LogicalResult importInstanceNormalization();
  LogicalResult importMeanVarianceNormalization();
  LogicalResult importLRN();
  /// The value of input `index`, which must be a constant (an initializer, a
  /// Constant node or computed from them); `role` names it in diagnostics.
  FailureOr<DenseElementsAttr> constantOperand(int index, StringRef role);
  /// The values of input `index`, which must be a 1-D INT64 constant (an
  /// initializer or a Constant node); `role` names it in diagnostics.
  FailureOr<SmallVector<int64_t>> constantInt64s(int index, StringRef role);
  LogicalResult importClip();
  LogicalResult importMatMul();
  LogicalResult importGemm();
  LogicalResult importRelu();
  /// An elementwise math function or activation: the graph op of the same
  /// name, with the node's float attributes (alpha, beta, ...) as its own.
  template <typename OpTy> LogicalResult importUnary();
  LogicalResult importGelu();
  LogicalResult importCast();
  LogicalResult importCastLike();
  /// `x` converted to element type `type` (`x` itself when it has it);
  /// `saturate` clamps what an 8-bit float cannot hold (ONNX Cast's
  /// attribute).
  Value castTo(Value x, Type type, bool saturate);
  LogicalResult importWhere();
  LogicalResult importIsNaN();
  LogicalResult importIsInf();
  LogicalResult importMod();
  LogicalResult importShape();
  /// Gather and GatherElements: data, INT32/INT64 indices, and the axis
  /// (normalized; the data's size along it is not 0).
  struct GatherInputs {
    Value x, indices;
    int64_t axis;
  };
  FailureOr<GatherInputs> gatherInputs();
  LogicalResult importGather();
  LogicalResult importGatherElements();
  /// GatherND: a Gather of linear indices into the indexed dimensions.
  LogicalResult importGatherND();
  /// ScatterElements (and the older Scatter) and ScatterND, whose
  /// `reduction` (none, add, mul, max, min) scatterReduction() reads.
  LogicalResult importScatterElements();
  LogicalResult importScatterND();
  /// Compress: a Gather of the constant condition's true positions.
  LogicalResult importCompress();
  /// ReverseSequence: a GatherElements along the time axis.
  LogicalResult importReverseSequence();
  /// NonZero and Unique: data-dependent shapes, so computed at compile time
  /// from a constant input.
  LogicalResult importNonZero();
  LogicalResult importUnique();
  FailureOr<std::string> scatterReduction();
  LogicalResult importCumSum();
  LogicalResult importDropout();
  /// ArgMax (`IsMax`) / ArgMin.
  template <bool IsMax> LogicalResult importArgExtreme();
  LogicalResult importHardmax();
  LogicalResult importTopK();
  LogicalResult importEinsum();
  /// DFT: MatMuls of the real and imaginary parts with cosine and sine
  /// matrices along the signal axis.
  LogicalResult importDFT();
  // Recurrent networks, unrolled over the (static) sequence (RecurrentOps.cpp).
  /// RNN (1 gate), GRU (3) and LSTM (4) share the inputs, attributes and
  /// the walk over the sequence.
  LogicalResult importRecurrent(int gates);
  LogicalResult importRNN() { return importRecurrent(1); }
  LogicalResult importGRU() { return importRecurrent(3); }
  LogicalResult importLSTM() { return importRecurrent(4); }
  // Linear quantization (QuantizationOps.cpp).
  /// A scale or zero point (a scalar, or a vector along `axis` of `x`)
  /// shaped to broadcast against `x`; `role` names it in diagnostics.
  FailureOr<Value> quantizationParameter(Value param, Value x, int64_t axis,
                                         StringRef role);
  /// Fails unless attribute block_size is absent or 0.
  LogicalResult checkBlockSize();
  /// `x / scale + zeroPoint` as `type` (`zeroPoint` may be null): integers
  /// round half to even and clamp to the type's range; 8-bit floats round
  /// to nearest even and clamp to the largest finite value when
  /// `saturate`.
  Value quantize(Value x, Value scale, Value zeroPoint, Type type,
                 bool saturate = true);
  LogicalResult importDequantizeLinear();
  LogicalResult importQuantizeLinear();
  LogicalResult importDynamicQuantizeLinear();
  LogicalResult importTrilu();
  /// Pow; an exponent of another type than the (float) base is cast to it.
  LogicalResult importPow();
  LogicalResult importBitShift();
  LogicalResult importResize();
  LogicalResult importRange();
  LogicalResult importEyeLike();
  LogicalResult importOneHot();
  /// `OpTy` (a graph reduction) of `x` over `axis`, the dimension kept.
  template <typename OpTy> Value reduceKeepDim(Value x, int64_t axis);
  /// An INT64 constant of rank `rank`, all dimensions 1 but `axis` of size
  /// `size`, holding 0, 1, ..., size - 1.
  Value iotaAlong(int64_t rank, int64_t axis, int64_t size);
  /// The INT64 position along `axis` (kept, size 1) of the maximum
  /// (`isMax`) or minimum of `x`: the first one, or the last with
  /// `selectLast`.
  Value argExtreme(Value x, int64_t axis, bool isMax, bool selectLast);
  /// The constant scalar (or one-element tensor) of input `index`, or a
  /// diagnostic naming `role`.
  FailureOr<Attribute> constantScalar(int index, StringRef role);
  LogicalResult importSize();
  LogicalResult importConstantOfShape();
  /// An arith.constant holding `value`.
  Value constantValue(DenseElementsAttr value);
  template <typename OpTy> LogicalResult importSoftmax();
  LogicalResult importReshape();
  LogicalResult importFlatten();
  LogicalResult importTranspose();
  LogicalResult importIdentity();
  LogicalResult importConstant();

  MLIRContext &ctx;
  OpBuilder builder;
  std::string fileName;
  const onnx::ModelProto &model;
  const onnx::GraphProto &onnxGraph;
  const pb::TextFormat::ParseInfoTree *tree;
  const pb::TextFormat::ParseInfoTree *graphTree = nullptr;
  const octet::ONNXImportOptions &options;
  int64_t opset = 0;

  llvm::StringMap<Value> values;
  llvm::StringMap<ConstantInfo> constants;
  /// Tensors synthesized from Constant nodes' value_float(s)/value_int(s).
  std::deque<onnx::TensorProto> ownedTensors;

  int cur = -1;
  const onnx::NodeProto *curNode = nullptr;
  Location curLoc = UnknownLoc::get(&ctx);
};

template <typename OpTy>
FailureOr<Value> Importer::broadcastBinary(Value lhs, Value rhs) {
  if (elementTypeOf(lhs) != elementTypeOf(rhs))
    return nodeError() << "operands have different element types ("
                       << onnx_import::dataTypeName(
                              onnx_import::dataTypeOf(elementTypeOf(lhs)))
                       << " and "
                       << onnx_import::dataTypeName(
                              onnx_import::dataTypeOf(elementTypeOf(rhs)))
                       << ")",
           failure();
  std::string why;
  auto shape = octet::graph::broadcastShapes(shapeOf(lhs), shapeOf(rhs), &why);
  if (!shape)
    return nodeError() << why, failure();
  // The result type (the operands' or i1 for comparisons) is inferred.
  return OpTy::create(builder, curLoc, lhs, rhs).getResult();
}

template <typename OpTy> Value Importer::reduceKeepDim(Value x, int64_t axis) {
  SmallVector<int64_t> shape(shapeOf(x));
  shape[axis] = 1;
  return OpTy::create(builder, curLoc, typeLike(x, shape), x,
                      builder.getDenseI64ArrayAttr({axis}),
                      builder.getUnitAttr());
}

} // namespace octet::onnx_import

#endif // OCTET_COMPILER_INPUT_ONNX_IMPORTER_H
