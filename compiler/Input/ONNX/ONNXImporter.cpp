//===- ONNXImporter.cpp - ONNX model import -------------------------------===//
//
// Implements the ONNX importer: parses an ONNX ModelProto (binary or protobuf
// text format), checks that every input has a static f32 shape, and builds
// `func.func @main` from `graph` ops and `arith.constant` tensors, computing
// every result shape from the operator semantics. Untrusted sizes are handled
// with overflow-checked arithmetic: every tensor shape (initializer, Constant,
// graph input, node result) must have non-negative dimensions whose byte size
// fits in int64, and tensor data is validated before anything is allocated.
// Locations are NameLoc(node name, file:line:col) where line/col come from the
// text-format parser (0:0 for binary models). Also registers the
// `--import-onnx` translation.
//
//===----------------------------------------------------------------------===//

#include "compiler/Input/ONNX/ONNXImporter.h"
#include "compiler/Input/ONNX/ONNXTensors.h"
#include "runtime/src/npy/Npy.h"

#include "dialects/Graph/IR/GraphDialect.h"
#include "dialects/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <tuple>
#include <type_traits>

using namespace mlir;
namespace pb = google::protobuf;

namespace {

constexpr llvm::StringLiteral kNameAttr = "octet.name";

using octet::graph::formatShape;
namespace onnx_import = octet::onnx_import;

/// Checks that a tensor of `shape` (all dimensions >= 0) with
/// `eltBytes`-byte elements has a byte size that fits in int64, counting
/// dimensions of size 0 as 1 so that every partial product of the
/// dimensions (strides, Flatten and Softmax coercions) fits as well. On
/// failure returns the reason, for a diagnostic that names the tensor.
std::optional<std::string> checkShapeSize(ArrayRef<int64_t> shape,
                                          int64_t eltBytes) {
  bool hasZero = false;
  SmallVector<int64_t> bounded;
  for (int64_t d : shape) {
    hasZero |= d == 0;
    bounded.push_back(d == 0 ? 1 : d);
  }
  if (octet::graph::checkedByteSize(bounded, eltBytes))
    return std::nullopt;
  return std::string("is too large (its size in bytes") +
         (hasZero ? ", counting dimensions of size 0 as 1," : "") +
         " overflows int64)";
}

bool isDefaultDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

/// Keeps the first error the protobuf text parser reports.
class TextErrorCollector : public pb::io::ErrorCollector {
public:
  void AddError(int line, pb::io::ColumnNumber column,
                const std::string &message) override {
    if (!hasError) {
      hasError = true;
      this->line = line;
      this->column = column;
      this->message = message;
    }
  }
  void AddWarning(int, pb::io::ColumnNumber, const std::string &) override {}

  bool hasError = false;
  int line = -1;
  int column = -1;
  std::string message;
};

/// A model and, for text-format input, where each field was in the file.
struct ParsedModel {
  onnx::ModelProto model;
  std::unique_ptr<pb::TextFormat::ParseInfoTree> tree;
};

/// Heuristic: binary ONNX models start with a field tag (0x08 for
/// ir_version) and contain control bytes; text-format models do not.
bool looksLikeText(StringRef contents) {
  for (unsigned char c : contents.take_front(4096))
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
         c != '\v') ||
        c == 0x7f)
      return false;
  return true;
}

LogicalResult parseModel(StringRef contents, StringRef fileName,
                         std::optional<bool> forceText, MLIRContext &ctx,
                         ParsedModel &out) {
  bool text = forceText ? *forceText : looksLikeText(contents);
  auto fail = [&](const TextErrorCollector *errors) {
    InFlightDiagnostic diag = emitError(UnknownLoc::get(&ctx))
                              << fileName
                              << ": not a valid ONNX model (failed to parse "
                                 "protobuf)";
    if (errors && errors->hasError)
      diag.attachNote(FileLineColLoc::get(&ctx, fileName, errors->line + 1,
                                          errors->column + 1))
          << "protobuf text format: " << errors->message;
    return failure();
  };
  if (!text) {
    if (contents.size() > static_cast<size_t>(INT32_MAX) ||
        !out.model.ParseFromArray(contents.data(),
                                  static_cast<int>(contents.size())))
      return fail(nullptr);
    return success();
  }
  pb::TextFormat::Parser parser;
  TextErrorCollector errors;
  parser.RecordErrorsTo(&errors);
  out.tree = std::make_unique<pb::TextFormat::ParseInfoTree>();
  parser.WriteLocationsTo(out.tree.get());
  if (!parser.ParseFromString(std::string(contents), &out.model))
    return fail(&errors);
  return success();
}

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
  Location nodeLoc(int index) {
    return NameLoc::get(StringAttr::get(&ctx, nodeName(index)),
                        graphFieldLoc("node", index));
  }

  // --- Node helpers (valid while importing node `cur`) --------------------
  InFlightDiagnostic nodeError() {
    return emitError(curLoc)
           << curNode->op_type() << " node '" << nodeName(cur) << "': ";
  }
  LogicalResult expectInputs(int min, int max);
  /// One to `max` outputs, the first named.
  LogicalResult expectOutputs(int max);
  LogicalResult checkAttributes(ArrayRef<StringRef> allowed);
  /// Checks the element type of the first input against `types` (a set of
  /// ONNXOpSupport's k*Types bits).
  LogicalResult checkFirstInputType(unsigned types);
  const onnx::AttributeProto *findAttr(StringRef name);
  FailureOr<int64_t> intAttr(StringRef name, int64_t def);
  FailureOr<float> floatAttr(StringRef name, float def);
  FailureOr<std::optional<SmallVector<int64_t>>> intsAttr(StringRef name);
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
  /// The registration table (default domain), sorted by operator name.
  static ArrayRef<Registration> registrations();

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
  LogicalResult importCumSum();
  LogicalResult importDropout();
  /// ArgMax (`IsMax`) / ArgMin.
  template <bool IsMax> LogicalResult importArgExtreme();
  LogicalResult importHardmax();
  LogicalResult importTopK();
  LogicalResult importEinsum();
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

//===----------------------------------------------------------------------===//
// Node helpers
//===----------------------------------------------------------------------===//

LogicalResult Importer::expectInputs(int min, int max) {
  int n = curNode->input_size();
  // Trailing empty names denote absent optional inputs.
  while (n > 0 && curNode->input(n - 1).empty())
    --n;
  bool variadic = max == octet::ONNXOpSupport::kVariadic;
  if (n >= min && (variadic || n <= max))
    return success();
  auto diag = nodeError() << "expected ";
  if (variadic)
    diag << "at least " << min;
  else if (min == max)
    diag << min;
  else
    diag << min << " to " << max;
  diag << " input" << ((variadic ? min : max) == 1 ? "" : "s") << ", got " << n;
  return failure();
}

LogicalResult Importer::expectOutputs(int max) {
  int n = curNode->output_size();
  while (n > 0 && curNode->output(n - 1).empty())
    --n;
  bool variadic = max == octet::ONNXOpSupport::kVariadic;
  if (n >= 1 && (variadic || n <= max) && !curNode->output(0).empty())
    return success();
  auto diag = nodeError() << "expected ";
  if (variadic)
    diag << "at least 1 output";
  else if (max == 1)
    diag << "1 output";
  else
    diag << "1 to " << max << " outputs";
  diag << ", got " << n;
  return failure();
}

/// Whether `type` is in `types` (a set of ONNXOpSupport's k*Types bits).
static bool isOneOf(Type type, unsigned types) {
  using Support = octet::ONNXOpSupport;
  if (isa<FloatType>(type))
    return types & Support::kFloatTypes;
  if (type.isSignlessInteger(1))
    return types & Support::kBoolType;
  return types & Support::kIntegerTypes;
}

LogicalResult Importer::checkFirstInputType(unsigned types) {
  if (curNode->input_size() == 0 || curNode->input(0).empty())
    return success();
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  Type type = elementTypeOf(*x);
  if (isOneOf(type, types))
    return success();
  octet::ONNXOpSupport support;
  support.types = types;
  return nodeError() << "input '" << curNode->input(0) << "' has element type "
                     << onnx_import::dataTypeName(onnx_import::dataTypeOf(type))
                     << "; this operator takes " << support.typesName()
                     << " tensors";
}

LogicalResult Importer::checkAttributes(ArrayRef<StringRef> allowed) {
  for (const onnx::AttributeProto &attr : curNode->attribute())
    if (!llvm::is_contained(allowed, attr.name()))
      return nodeError() << "unsupported attribute '" << attr.name() << "'";
  return success();
}

const onnx::AttributeProto *Importer::findAttr(StringRef name) {
  for (const onnx::AttributeProto &attr : curNode->attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

FailureOr<int64_t> Importer::intAttr(StringRef name, int64_t def) {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return def;
  if (attr->type() != onnx::AttributeProto::INT)
    return nodeError() << "attribute '" << name << "' must be an int";
  return attr->i();
}

FailureOr<float> Importer::floatAttr(StringRef name, float def) {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return def;
  if (attr->type() != onnx::AttributeProto::FLOAT)
    return nodeError() << "attribute '" << name << "' must be a float";
  return attr->f();
}

FailureOr<std::optional<SmallVector<int64_t>>>
Importer::intsAttr(StringRef name) {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return std::optional<SmallVector<int64_t>>();
  if (attr->type() != onnx::AttributeProto::INTS)
    return nodeError() << "attribute '" << name << "' must be a list of ints";
  return std::optional<SmallVector<int64_t>>(
      SmallVector<int64_t>(attr->ints().begin(), attr->ints().end()));
}

FailureOr<Value> Importer::operand(int i) {
  return lookup(curNode->input(i), curLoc,
                curNode->op_type() + " node '" + nodeName(cur) + "'");
}

LogicalResult Importer::checkNotDefined(StringRef name) {
  if (values.count(name) || constants.count(name))
    return nodeError() << "value '" << name << "' is defined more than once";
  return success();
}

FailureOr<int64_t> Importer::checkedProduct(ArrayRef<int64_t> dims) {
  if (std::optional<int64_t> n = octet::graph::checkedNumElements(dims))
    return *n;
  return nodeError() << "the product of dimensions " << formatShape(dims)
                     << " overflows int64";
}

LogicalResult Importer::define(Value v, int index) {
  const std::string &name = curNode->output(index);
  if (failed(checkNotDefined(name)))
    return failure();
  if (std::optional<std::string> why = checkShapeSize(
          shapeOf(v),
          onnx_import::elementBytes(onnx_import::dataTypeOf(elementTypeOf(v)))))
    return nodeError() << "result '" << name << "' of shape "
                       << formatShape(shapeOf(v)) << " " << *why;
  values[name] = foldConstants(v);
  return success();
}

Value Importer::foldConstants(Value v) {
  Operation *op = v.getDefiningOp();
  if (!op || op->getNumResults() != 1 ||
      !isa<octet::graph::GraphDialect>(op->getDialect()))
    return v;
  SmallVector<OpFoldResult> folded;
  if (failed(op->fold(folded)) || folded.size() != 1)
    return v;
  Value result = dyn_cast<Value>(folded.front());
  if (!result) {
    auto attr = dyn_cast<TypedAttr>(cast<Attribute>(folded.front()));
    if (!attr || attr.getType() != v.getType())
      return v;
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPoint(op);
    result = arith::ConstantOp::create(builder, op->getLoc(), attr);
  }
  v.replaceAllUsesWith(result);
  if (op->use_empty())
    op->erase();
  return result;
}

//===----------------------------------------------------------------------===//
// Values and constants
//===----------------------------------------------------------------------===//

FailureOr<Value> Importer::lookup(StringRef name, Location useLoc,
                                  StringRef user) {
  auto it = values.find(name);
  if (it != values.end())
    return it->second;
  auto cit = constants.find(name);
  if (cit == constants.end())
    return emitError(useLoc) << user << ": unknown input '" << name
                             << "' (not a graph input, initializer or "
                                "output of an earlier node)";
  const ConstantInfo &info = cit->second;
  FailureOr<DenseElementsAttr> attr =
      tensorAttr(*info.tensor, info.name, info.loc, user);
  if (failed(attr))
    return failure();
  // Constants go at the start of the function body, in first-use order.
  OpBuilder::InsertionGuard guard(builder);
  Block *block = builder.getInsertionBlock();
  auto insertPt = block->begin();
  while (insertPt != block->end() && isa<arith::ConstantOp>(*insertPt))
    ++insertPt;
  builder.setInsertionPoint(block, insertPt);
  Location loc = NameLoc::get(StringAttr::get(&ctx, name), info.loc);
  Value v = arith::ConstantOp::create(builder, loc, *attr);
  values[name] = v;
  return v;
}

LogicalResult Importer::bindConstantInput(const onnx::ValueInfoProto &info,
                                          Location loc) {
  const std::string &name = info.name();
  const std::string &path = options.constantInputs.find(name)->second;
  octet::npy::Array array;
  octet::Status status = octet::npy::readFile(path, array);
  if (!status.isOk())
    return emitError(loc) << "--constant-input " << name << ": "
                          << status.message();
  // The file must have the input's element type and every dimension the
  // model fixes (symbolic ones take the file's size).
  int32_t onnxType = onnx_import::dataTypeOfDType(array.dtype);
  const onnx::TypeProto::Tensor &tt = info.type().tensor_type();
  bool matches = info.type().has_tensor_type() && tt.elem_type() == onnxType &&
                 (!tt.has_shape() || tt.shape().dim_size() ==
                                         static_cast<int>(array.shape.size()));
  for (int d = 0; matches && tt.has_shape() && d < tt.shape().dim_size(); ++d)
    matches = !tt.shape().dim(d).has_dim_value() ||
              tt.shape().dim(d).dim_value() == array.shape[d];
  if (!matches)
    return emitError(loc) << "--constant-input " << name << ": " << path
                          << " holds "
                          << octet::artifact::formatTensorType(array.dtype,
                                                               array.shape)
                          << ", which the graph input's declared type ("
                          << onnx_import::dataTypeName(tt.elem_type())
                          << ") or shape does not allow";
  onnx::TensorProto &t = ownedTensors.emplace_back();
  t.set_name(name);
  t.set_data_type(onnxType);
  for (int64_t d : array.shape)
    t.add_dims(d);
  t.set_raw_data(std::string(array.data.begin(), array.data.end()));
  constants.try_emplace(name, ConstantInfo{&t, loc, name});
  return success();
}

LogicalResult Importer::checkTensorShape(const onnx::TensorProto &t,
                                         StringRef name, Location loc) {
  SmallVector<int64_t> shape(t.dims().begin(), t.dims().end());
  for (auto [i, d] : llvm::enumerate(shape))
    if (d < 0)
      return emitError(loc) << "tensor '" << name << "' has a negative "
                            << "dimension " << d << " (dimension " << i
                            << " of " << formatShape(shape) << ")";
  if (std::optional<std::string> why =
          checkShapeSize(shape, onnx_import::elementBytes(t.data_type())))
    return emitError(loc) << "tensor '" << name << "' of shape "
                          << formatShape(shape) << " and type "
                          << onnx_import::dataTypeName(t.data_type()) << " "
                          << *why;
  return success();
}

LogicalResult Importer::checkDataLocation(const onnx::TensorProto &t,
                                          StringRef name, Location loc) {
  if (t.has_segment())
    return emitError(loc) << "tensor '" << name
                          << "' is segmented, which is not supported";
  // Normally checked when the constant was registered; cheap to repeat, and
  // what makes the size arithmetic below safe.
  return checkTensorShape(t, name, loc);
}

FailureOr<DenseElementsAttr> Importer::tensorAttr(const onnx::TensorProto &t,
                                                  StringRef name, Location loc,
                                                  StringRef user) {
  if (failed(checkDataLocation(t, name, loc)))
    return failure();
  Type elemType = onnx_import::elementType(ctx, t.data_type());
  if (!elemType)
    return emitError(loc) << "tensor '" << name << "' has unsupported element "
                          << "type " << onnx_import::dataTypeName(t.data_type())
                          << " (used by " << user << "); supported: "
                          << onnx_import::supportedDataTypes();
  SmallVector<int64_t> shape(t.dims().begin(), t.dims().end());
  std::string why;
  std::unique_ptr<llvm::MemoryBuffer> external;
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    FailureOr<std::unique_ptr<llvm::MemoryBuffer>> bytes =
        readExternalData(t, name, loc);
    if (failed(bytes))
      return failure();
    external = std::move(*bytes);
  }
  DenseElementsAttr attr = onnx_import::decodeTensor(
      t, tensorType(shape, elemType), why,
      external ? std::optional<StringRef>(external->getBuffer())
               : std::nullopt);
  if (!attr)
    return emitError(loc) << "tensor '" << name << "' of shape "
                          << formatShape(shape) << " " << why;
  return attr;
}

FailureOr<std::unique_ptr<llvm::MemoryBuffer>>
Importer::readExternalData(const onnx::TensorProto &t, StringRef name,
                           Location loc) {
  std::string location;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
  for (const onnx::StringStringEntryProto &entry : t.external_data()) {
    StringRef key = entry.key(), value = entry.value();
    if (key == "location") {
      location = entry.value();
    } else if (key == "offset" || key == "length") {
      uint64_t number;
      if (value.getAsInteger(10, number))
        return emitError(loc) << "tensor '" << name << "': external data "
                              << key << " '" << value << "' is not a number",
               failure();
      if (key == "offset")
        offset = number;
      else
        length = number;
    }
  }
  if (location.empty())
    return emitError(loc) << "tensor '" << name
                          << "' uses external data without a location",
           failure();
  // ONNX requires a path relative to the model's directory, inside it.
  if (llvm::sys::path::is_absolute(location) ||
      llvm::is_contained(llvm::make_range(llvm::sys::path::begin(location),
                                          llvm::sys::path::end(location)),
                         ".."))
    return emitError(loc) << "tensor '" << name << "': external data file '"
                          << location
                          << "' must be a relative path inside the model's "
                             "directory",
           failure();
  SmallString<256> path(llvm::sys::path::parent_path(fileName));
  llvm::sys::path::append(path, location);
  uint64_t fileSize = 0;
  if (std::error_code ec = llvm::sys::fs::file_size(path, fileSize))
    return emitError(loc) << "tensor '" << name << "': cannot open external "
                          << "data file '" << path << "': " << ec.message(),
           failure();
  uint64_t available = offset <= fileSize ? fileSize - offset : 0;
  uint64_t want = length.value_or(available);
  if (offset > fileSize || want > available)
    return emitError(loc) << "tensor '" << name << "': external data file '"
                          << path << "' has " << fileSize
                          << " bytes, too few for " << want
                          << " bytes at offset " << offset,
           failure();
  auto buffer = llvm::MemoryBuffer::getFileSlice(path, want, offset,
                                                 /*IsVolatile=*/false);
  if (std::error_code ec = buffer.getError())
    return emitError(loc) << "tensor '" << name << "': cannot read external "
                          << "data file '" << path << "': " << ec.message(),
           failure();
  return std::move(*buffer);
}

//===----------------------------------------------------------------------===//
// Graph
//===----------------------------------------------------------------------===//

FailureOr<RankedTensorType>
Importer::inputType(const onnx::ValueInfoProto &info, Location loc) {
  const std::string &name = info.name();
  if (!info.has_type() || !info.type().has_tensor_type())
    return emitError(loc) << "graph input '" << name
                          << "' is not a tensor; only tensor inputs are "
                             "supported";
  const onnx::TypeProto::Tensor &tt = info.type().tensor_type();
  Type elemType = onnx_import::elementType(ctx, tt.elem_type());
  if (!elemType)
    return emitError(loc) << "graph input '" << name
                          << "' has unsupported element type "
                          << onnx_import::dataTypeName(tt.elem_type())
                          << "; supported: "
                          << onnx_import::supportedDataTypes();
  // The declared dimensions: a size, or a symbol ("batch") or nothing.
  SmallVector<std::optional<int64_t>> declared;
  SmallVector<std::string> symbols;
  for (int i = 0; tt.has_shape() && i < tt.shape().dim_size(); ++i) {
    const onnx::TensorShapeProto::Dimension &dim = tt.shape().dim(i);
    bool known = dim.has_dim_value() && dim.dim_value() >= 0;
    declared.push_back(known ? std::optional<int64_t>(dim.dim_value())
                             : std::nullopt);
    symbols.push_back(dim.has_dim_param() ? "'" + dim.dim_param() + "'" : "?");
  }
  auto declaredText = [&] {
    std::string text = "[";
    for (auto [i, d] : llvm::enumerate(declared))
      text += (i ? ", " : "") + (d ? std::to_string(*d) : symbols[i]);
    return text + "]";
  };
  SmallVector<int64_t> shape;
  auto fixed = options.inputShapes.find(name);
  if (fixed != options.inputShapes.end()) {
    // --input-shape: must agree with every dimension the model fixes.
    shape = fixed->second;
    bool agrees = !tt.has_shape() || declared.size() == shape.size();
    for (size_t i = 0; agrees && i < declared.size(); ++i)
      agrees = !declared[i] || *declared[i] == shape[i];
    if (!agrees)
      return emitError(loc)
             << "--input-shape " << name << "=" << formatShape(shape)
             << " contradicts the shape the model declares, " << declaredText();
  } else {
    if (!tt.has_shape())
      return emitError(loc) << "graph input '" << name
                            << "' has no declared shape; give it with "
                               "--input-shape "
                            << name << "=D0xD1x...";
    for (auto [i, d] : llvm::enumerate(declared)) {
      if (d) {
        shape.push_back(*d);
        continue;
      }
      // Suggest the declared sizes, with 1 for each dynamic one.
      std::string suggestion;
      for (auto [j, e] : llvm::enumerate(declared))
        suggestion += (j ? "x" : "") + std::to_string(e ? *e : 1);
      return emitError(loc)
             << "graph input '" << name << "' has dynamic dimension "
             << symbols[i] << " (dimension " << i << " of " << declaredText()
             << "); fix it with --input-shape " << name << "=" << suggestion;
    }
  }
  if (std::optional<std::string> why =
          checkShapeSize(shape, onnx_import::elementBytes(tt.elem_type())))
    return emitError(loc) << "graph input '" << name << "' of shape "
                          << formatShape(shape) << " " << *why;
  return tensorType(shape, elemType);
}

OwningOpRef<ModuleOp> Importer::run() {
  ctx.loadDialect<func::FuncDialect, arith::ArithDialect,
                  octet::graph::GraphDialect>();
  Location modelLoc = fileLoc(0, 0);
  if (tree) {
    const pb::FieldDescriptor *graphField =
        onnx::ModelProto::descriptor()->FindFieldByName("graph");
    graphTree = tree->GetTreeForNested(graphField, -1);
  }
  if (!model.has_graph()) {
    emitError(modelLoc) << "ONNX model has no graph";
    return nullptr;
  }
  bool haveOpset = false;
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    if (isDefaultDomain(id.domain())) {
      opset = id.version();
      haveOpset = true;
    }
  if (!haveOpset) {
    emitError(modelLoc) << "ONNX model declares no opset_import for the "
                           "default domain 'ai.onnx'";
    return nullptr;
  }

  // Initializers are constants, even when also listed as graph inputs (see
  // the warning below). Their shapes are checked here, used or not.
  for (int i = 0; i < onnxGraph.initializer_size(); ++i) {
    const onnx::TensorProto &t = onnxGraph.initializer(i);
    Location loc = graphFieldLoc("initializer", i);
    auto [it, inserted] =
        constants.try_emplace(t.name(), ConstantInfo{&t, loc, t.name()});
    if (!inserted) {
      InFlightDiagnostic diag = emitError(loc) << "initializer '" << t.name()
                                               << "' is defined more than once";
      diag.attachNote(it->second.loc) << "first defined here";
      return nullptr;
    }
    if (failed(checkTensorShape(t, t.name(), loc)))
      return nullptr;
  }
  if (onnxGraph.sparse_initializer_size() > 0) {
    emitError(graphFieldLoc("sparse_initializer", 0))
        << "sparse initializers are not supported";
    return nullptr;
  }

  // Function arguments: the graph inputs that are not initializers.
  SmallVector<Type> argTypes;
  SmallVector<Location> argLocs;
  SmallVector<std::string> argNames;
  for (int i = 0; i < onnxGraph.input_size(); ++i) {
    const onnx::ValueInfoProto &in = onnxGraph.input(i);
    Location loc = graphFieldLoc("input", i);
    if (options.constantInputs.count(in.name())) {
      if (failed(bindConstantInput(in, loc)))
        return nullptr;
      continue;
    }
    if (constants.count(in.name())) {
      // ONNX makes such an initializer the default value of an input that
      // callers may override; Octet freezes it.
      emitWarning(loc) << "graph input '" << in.name()
                       << "' is also an initializer: it is imported as a "
                          "constant with the initializer's value and cannot "
                          "be overridden at run time";
      continue;
    }
    FailureOr<RankedTensorType> type = inputType(in, loc);
    if (failed(type))
      return nullptr;
    argTypes.push_back(*type);
    argLocs.push_back(NameLoc::get(StringAttr::get(&ctx, in.name()), loc));
    argNames.push_back(in.name());
  }
  // Every --input-shape must name a graph input (a typo would otherwise
  // silently leave the dimension it meant to fix unresolved).
  for (const auto &entry : options.constantInputs)
    if (!constants.count(entry.getKey())) {
      emitError(modelLoc) << "--constant-input names '" << entry.getKey()
                          << "', which is not a graph input";
      return nullptr;
    }
  for (const auto &entry : options.inputShapes)
    if (!llvm::is_contained(argNames, entry.getKey().str())) {
      emitError(modelLoc) << "--input-shape names '" << entry.getKey()
                          << "', which is not a graph input; the inputs "
                             "are: "
                          << llvm::join(argNames, ", ");
      return nullptr;
    }

  OwningOpRef<ModuleOp> module = ModuleOp::create(modelLoc);
  auto block = std::make_unique<Block>();
  for (auto [type, loc, name] : llvm::zip(argTypes, argLocs, argNames)) {
    if (values.count(name)) {
      emitError(loc) << "graph input '" << name << "' is listed twice";
      return nullptr;
    }
    values[name] = block->addArgument(type, loc);
  }
  builder.setInsertionPointToEnd(block.get());

  for (int i = 0; i < onnxGraph.node_size(); ++i)
    if (failed(importNode(i)))
      return nullptr;
  curNode = nullptr;

  SmallVector<Value> results;
  llvm::StringSet<> outputNames;
  for (int i = 0; i < onnxGraph.output_size(); ++i) {
    const onnx::ValueInfoProto &out = onnxGraph.output(i);
    Location loc = graphFieldLoc("output", i);
    if (!outputNames.insert(out.name()).second) {
      emitError(loc) << "graph output '" << out.name()
                     << "' is listed more than once";
      return nullptr;
    }
    FailureOr<Value> v = lookup(out.name(), loc, "graph output");
    if (failed(v))
      return nullptr;
    results.push_back(*v);
  }
  if (results.empty()) {
    emitError(modelLoc) << "ONNX graph has no outputs";
    return nullptr;
  }
  func::ReturnOp::create(builder, fileLoc(0, 0), results);
  // Constants that only fed shapes, axes or other compile-time inputs (read
  // through constantInt64s) have no uses left: they never become data.
  for (Operation &op : llvm::make_early_inc_range(*builder.getInsertionBlock()))
    if (isa<arith::ConstantOp>(op) && op.use_empty())
      op.erase();

  builder.setInsertionPointToEnd(module->getBody());
  auto funcType =
      builder.getFunctionType(argTypes, ValueRange(results).getTypes());
  Location funcLoc =
      onnxGraph.name().empty()
          ? modelLoc
          : Location(NameLoc::get(StringAttr::get(&ctx, onnxGraph.name()),
                                  modelLoc));
  auto func = func::FuncOp::create(builder, funcLoc, "main", funcType);
  func.getBody().push_back(block.release());
  for (auto [i, name] : llvm::enumerate(argNames))
    func.setArgAttr(i, kNameAttr, builder.getStringAttr(name));
  for (int i = 0; i < onnxGraph.output_size(); ++i)
    func.setResultAttr(i, kNameAttr,
                       builder.getStringAttr(onnxGraph.output(i).name()));

  if (failed(verify(*module)))
    return nullptr;
  return module;
}

//===----------------------------------------------------------------------===//
// Nodes
//===----------------------------------------------------------------------===//

LogicalResult Importer::importNode(int index) {
  cur = index;
  curNode = &onnxGraph.node(index);
  curLoc = nodeLoc(index);
  const std::string &op = curNode->op_type();
  if (isDefaultDomain(curNode->domain())) {
    ArrayRef<Registration> table = registrations();
    // The operator's newest form at this opset; entries of one operator are
    // in opset order.
    const Registration *entry = nullptr;
    int64_t firstOpset = 0;
    for (const Registration &r : table) {
      if (r.support.opType != op)
        continue;
      if (!firstOpset)
        firstOpset = r.support.sinceOpset;
      if (r.support.sinceOpset <= opset)
        entry = &r;
    }
    if (firstOpset && !entry)
      return nodeError() << "opset " << opset
                         << " is not supported for this operator (Octet "
                            "imports its form from opset "
                         << firstOpset << " on)";
    if (entry) {
      const octet::ONNXOpSupport &support = entry->support;
      SmallVector<StringRef> attributes;
      support.attributes.split(attributes, ',', -1, /*KeepEmpty=*/false);
      if (failed(expectInputs(support.minInputs, support.maxInputs)) ||
          failed(expectOutputs(support.maxOutputs)) ||
          failed(checkAttributes(attributes)) ||
          failed(checkFirstInputType(entry->types)))
        return failure();
      return (this->*entry->import)();
    }
  }
  std::string domain =
      curNode->domain().empty() ? "ai.onnx" : curNode->domain();
  std::string version = "unknown";
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    if ((isDefaultDomain(id.domain()) && isDefaultDomain(domain)) ||
        id.domain() == domain)
      version = std::to_string(id.version());
  return emitError(curLoc) << "unsupported operator '" << op << "' (node '"
                           << nodeName(index) << "', domain '" << domain
                           << "', opset " << version << ")";
}

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

Value Importer::scalarConstant(double value, Type elemType) {
  auto type = RankedTensorType::get({}, elemType);
  Attribute element = isa<FloatType>(elemType)
                          ? Attribute(builder.getFloatAttr(elemType, value))
                          : Attribute(builder.getIntegerAttr(
                                elemType, static_cast<int64_t>(value)));
  return arith::ConstantOp::create(builder, curLoc,
                                   DenseElementsAttr::get(type, element));
}

Value Importer::constantValue(DenseElementsAttr value) {
  return arith::ConstantOp::create(builder, curLoc, value);
}

template <typename OpTy> LogicalResult Importer::importBinary() {
  FailureOr<Value> lhs = operand(0), rhs;
  if (failed(lhs) || failed(rhs = operand(1)))
    return failure();
  FailureOr<Value> v = broadcastBinary<OpTy>(*lhs, *rhs);
  return failed(v) ? failure() : define(*v);
}

template <typename OpTy> LogicalResult Importer::importVariadic() {
  FailureOr<Value> v = operand(0);
  if (failed(v))
    return failure();
  for (int i = 1, e = curNode->input_size(); i < e && succeeded(v); ++i) {
    FailureOr<Value> next = operand(i);
    if (failed(next))
      return failure();
    v = broadcastBinary<OpTy>(*v, *next);
  }
  return failed(v) ? failure() : define(*v);
}

LogicalResult Importer::importMean() {
  FailureOr<Value> sum = operand(0);
  int count = curNode->input_size();
  for (int i = 1; i < count && succeeded(sum); ++i) {
    FailureOr<Value> next = operand(i);
    if (failed(next))
      return failure();
    sum = broadcastBinary<octet::graph::AddOp>(*sum, *next);
  }
  if (failed(sum))
    return failure();
  if (count == 1)
    return define(*sum);
  FailureOr<Value> mean = broadcastBinary<octet::graph::DivOp>(
      *sum, scalarConstant(count, elementTypeOf(*sum)));
  return failed(mean) ? failure() : define(*mean);
}

LogicalResult Importer::importPRelu() {
  FailureOr<Value> x = operand(0), slope;
  if (failed(x) || failed(slope = operand(1)))
    return failure();
  FailureOr<Value> v = broadcastBinary<octet::graph::PReluOp>(*x, *slope);
  if (failed(v))
    return failure();
  // The slope broadcasts to the input (unidirectionally), never the reverse.
  if (shapeOf(*v) != shapeOf(*x))
    return nodeError() << "slope of shape " << formatShape(shapeOf(*slope))
                       << " does not broadcast to the input's shape "
                       << formatShape(shapeOf(*x));
  return define(*v);
}

LogicalResult Importer::importClipAttributes() {
  FailureOr<Value> x = operand(0);
  FailureOr<float> low = floatAttr("min", -std::numeric_limits<float>::max());
  FailureOr<float> high = floatAttr("max", std::numeric_limits<float>::max());
  if (failed(x) || failed(low) || failed(high))
    return failure();
  FailureOr<Value> v = broadcastBinary<octet::graph::MaxOp>(
      *x, scalarConstant(*low, elementTypeOf(*x)));
  if (succeeded(v))
    v = broadcastBinary<octet::graph::MinOp>(
        *v, scalarConstant(*high, elementTypeOf(*x)));
  return failed(v) ? failure() : define(*v);
}

LogicalResult Importer::importClip() {
  FailureOr<Value> v = operand(0);
  if (failed(v))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*v);
  // min(max(x, low), high), for the bounds that are given (scalars, constant
  // or not).
  for (auto [index, isLow] : {std::pair<int, bool>{1, true}, {2, false}}) {
    if (curNode->input_size() <= index || curNode->input(index).empty())
      continue;
    FailureOr<Value> bound = operand(index);
    if (failed(bound))
      return failure();
    if (!shapeOf(*bound).empty())
      return nodeError() << "input '" << (isLow ? "min" : "max")
                         << "' must be a scalar, got shape "
                         << formatShape(shapeOf(*bound));
    v = isLow ? broadcastBinary<octet::graph::MaxOp>(*v, *bound)
              : broadcastBinary<octet::graph::MinOp>(*v, *bound);
    if (failed(v))
      return failure();
  }
  assert(shapeOf(*v) == shape && "scalar bounds keep the shape");
  (void)shape;
  return define(*v);
}

LogicalResult Importer::importMatMul() {
  FailureOr<Value> lhs = operand(0), rhs;
  if (failed(lhs) || failed(rhs = operand(1)))
    return failure();
  std::string why;
  auto shape =
      octet::graph::inferMatMulShape(shapeOf(*lhs), shapeOf(*rhs), &why);
  if (!shape)
    return nodeError() << why;
  return define(octet::graph::MatMulOp::create(
      builder, curLoc, typeLike(*lhs, *shape), *lhs, *rhs));
}

LogicalResult Importer::importGemm() {
  FailureOr<float> alpha = floatAttr("alpha", 1.0f);
  FailureOr<float> beta = floatAttr("beta", 1.0f);
  FailureOr<int64_t> transA = intAttr("transA", 0);
  FailureOr<int64_t> transB = intAttr("transB", 0);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB))
    return failure();
  for (auto [name, value] :
       {std::pair<StringRef, int64_t>{"transA", *transA}, {"transB", *transB}})
    if (value != 0 && value != 1)
      return nodeError() << "unsupported value " << value << " for attribute '"
                         << name << "' (expected 0 or 1)";
  FailureOr<Value> a = operand(0), b;
  if (failed(a) || failed(b = operand(1)))
    return failure();
  Value c;
  if (curNode->input_size() > 2 && !curNode->input(2).empty()) {
    FailureOr<Value> cv = operand(2);
    if (failed(cv))
      return failure();
    c = *cv;
  }
  std::optional<ArrayRef<int64_t>> cShape;
  if (c)
    cShape = shapeOf(c);
  std::string why;
  auto shape = octet::graph::inferGemmShape(shapeOf(*a), shapeOf(*b), cShape,
                                            *transA, *transB, &why);
  if (!shape)
    return nodeError() << why;
  auto op = octet::graph::GemmOp::create(
      builder, curLoc, typeLike(*a, *shape), *a, *b, c, llvm::APFloat(*alpha),
      llvm::APFloat(*beta), *transA != 0, *transB != 0);
  return define(op);
}

LogicalResult Importer::importRelu() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  return define(octet::graph::ReluOp::create(builder, curLoc, *x));
}

template <typename OpTy> LogicalResult Importer::importUnary() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  SmallVector<NamedAttribute> attributes;
  for (const onnx::AttributeProto &attr : curNode->attribute()) {
    FailureOr<float> value = floatAttr(attr.name(), 0.0f);
    if (failed(value))
      return failure();
    attributes.push_back(
        builder.getNamedAttr(attr.name(), builder.getF32FloatAttr(*value)));
  }
  return define(OpTy::create(builder, curLoc, TypeRange{x->getType()},
                             ValueRange{*x}, attributes));
}

LogicalResult Importer::importCast() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> to = intAttr("to", onnx::TensorProto::UNDEFINED);
  FailureOr<int64_t> saturate = intAttr("saturate", 1);
  if (failed(x) || failed(to) || failed(saturate))
    return failure();
  if (!findAttr("to"))
    return nodeError() << "attribute 'to' is required";
  Type type = onnx_import::elementType(ctx, static_cast<int32_t>(*to));
  if (!type)
    return nodeError() << "unsupported target type "
                       << onnx_import::dataTypeName(static_cast<int32_t>(*to))
                       << " (attribute 'to'); supported: "
                       << onnx_import::supportedDataTypes();
  if (type == elementTypeOf(*x))
    return define(*x);
  return define(octet::graph::CastOp::create(
      builder, curLoc, tensorType(shapeOf(*x), type), *x));
}

LogicalResult Importer::importCastLike() {
  FailureOr<Value> x = operand(0), like;
  FailureOr<int64_t> saturate = intAttr("saturate", 1);
  if (failed(x) || failed(like = operand(1)) || failed(saturate))
    return failure();
  Type type = elementTypeOf(*like);
  if (type == elementTypeOf(*x))
    return define(*x);
  return define(octet::graph::CastOp::create(
      builder, curLoc, tensorType(shapeOf(*x), type), *x));
}

LogicalResult Importer::importWhere() {
  FailureOr<Value> condition = operand(0), onTrue, onFalse;
  if (failed(condition) || failed(onTrue = operand(1)) ||
      failed(onFalse = operand(2)))
    return failure();
  if (elementTypeOf(*onTrue) != elementTypeOf(*onFalse))
    return nodeError() << "inputs 'X' and 'Y' have different element types";
  std::string why;
  auto shape = octet::graph::broadcastShapes(shapeOf(*condition),
                                             shapeOf(*onTrue), &why);
  if (shape)
    shape = octet::graph::broadcastShapes(*shape, shapeOf(*onFalse), &why);
  if (!shape)
    return nodeError() << why;
  return define(octet::graph::WhereOp::create(builder, curLoc, *condition,
                                              *onTrue, *onFalse));
}

LogicalResult Importer::importIsNaN() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  return define(octet::graph::IsNaNOp::create(
      builder, curLoc, tensorType(shapeOf(*x), builder.getI1Type()), *x));
}

LogicalResult Importer::importIsInf() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> negative = intAttr("detect_negative", 1);
  FailureOr<int64_t> positive = intAttr("detect_positive", 1);
  if (failed(x) || failed(negative) || failed(positive))
    return failure();
  return define(octet::graph::IsInfOp::create(
      builder, curLoc, tensorType(shapeOf(*x), builder.getI1Type()), *x,
      *negative != 0, *positive != 0));
}

LogicalResult Importer::importMod() {
  FailureOr<Value> lhs = operand(0), rhs;
  FailureOr<int64_t> fmod = intAttr("fmod", 0);
  if (failed(lhs) || failed(rhs = operand(1)) || failed(fmod))
    return failure();
  if (*fmod != 0 && *fmod != 1)
    return nodeError() << "attribute 'fmod' must be 0 or 1, got " << *fmod;
  if (!*fmod && isa<FloatType>(elementTypeOf(*lhs)))
    return nodeError() << "floating-point inputs need attribute 'fmod' = 1 "
                          "(ONNX Mod)";
  FailureOr<Value> v = broadcastBinary<octet::graph::ModOp>(*lhs, *rhs);
  if (failed(v))
    return failure();
  if (*fmod)
    v->getDefiningOp()->setAttr("fmod", builder.getUnitAttr());
  return define(*v);
}

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

template <typename OpTy> Value Importer::reduceKeepDim(Value x, int64_t axis) {
  SmallVector<int64_t> shape(shapeOf(x));
  shape[axis] = 1;
  return OpTy::create(builder, curLoc, typeLike(x, shape), x,
                      builder.getDenseI64ArrayAttr({axis}),
                      builder.getUnitAttr());
}

Value Importer::iotaAlong(int64_t rank, int64_t axis, int64_t size) {
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = size;
  auto values = llvm::to_vector(llvm::seq<int64_t>(0, size));
  return constantValue(DenseElementsAttr::get(
      tensorType(shape, builder.getI64Type()), ArrayRef(values)));
}

Value Importer::argExtreme(Value x, int64_t axis, bool isMax, bool selectLast) {
  using namespace octet::graph;
  int64_t size = shapeOf(x)[axis];
  Value extreme = isMax ? reduceKeepDim<ReduceMaxOp>(x, axis)
                        : reduceKeepDim<ReduceMinOp>(x, axis);
  Value hit = EqualOp::create(builder, curLoc, x, extreme);
  // Positions of the hits, others a sentinel that loses the reduction.
  Value positions = WhereOp::create(
      builder, curLoc, hit, iotaAlong(shapeOf(x).size(), axis, size),
      scalarConstant(selectLast ? -1 : size, builder.getI64Type()));
  return selectLast ? reduceKeepDim<ReduceMaxOp>(positions, axis)
                    : reduceKeepDim<ReduceMinOp>(positions, axis);
}

template <bool IsMax> LogicalResult Importer::importArgExtreme() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> axisAttr = intAttr("axis", 0);
  FailureOr<int64_t> keepdims = intAttr("keepdims", 1);
  FailureOr<int64_t> selectLast = intAttr("select_last_index", 0);
  if (failed(x) || failed(axisAttr) || failed(keepdims) || failed(selectLast))
    return failure();
  FailureOr<int64_t> axis = normalizeAxis(*axisAttr, shapeOf(*x));
  if (failed(axis))
    return failure();
  if (shapeOf(*x)[*axis] == 0)
    return nodeError() << "cannot reduce axis " << *axis << " of size 0";
  Value v = argExtreme(*x, *axis, IsMax, *selectLast != 0);
  if (!*keepdims) {
    SmallVector<int64_t> shape(shapeOf(v));
    shape.erase(shape.begin() + *axis);
    v = reshape(v, shape);
  }
  return define(v);
}

LogicalResult Importer::importEinsum() {
  const onnx::AttributeProto *attr = findAttr("equation");
  if (!attr || attr->type() != onnx::AttributeProto::STRING)
    return nodeError() << "attribute 'equation' (a string) is required";
  std::string equation;
  for (char c : attr->s())
    if (c != ' ')
      equation += c;
  SmallVector<Value> inputs;
  for (int i = 0; i < curNode->input_size(); ++i) {
    FailureOr<Value> v = operand(i);
    if (failed(v))
      return failure();
    if (i && elementTypeOf(*v) != elementTypeOf(inputs.front()))
      return nodeError() << "inputs have different element types";
    inputs.push_back(*v);
  }
  StringRef eq(equation);
  auto [lhs, rhs] = eq.split("->");
  bool explicitOutput = eq.contains("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != inputs.size())
    return nodeError() << "equation '" << attr->s() << "' has " << terms.size()
                       << " operands for " << inputs.size() << " inputs";
  // Expand each "..." into capital letters for the broadcast dimensions,
  // right-aligned across the operands, and check the sizes of every letter.
  int64_t ellipsisRank = 0;
  for (auto [term, v] : llvm::zip(terms, inputs))
    if (term.contains("..."))
      ellipsisRank = std::max<int64_t>(
          ellipsisRank, static_cast<int64_t>(shapeOf(v).size()) -
                            static_cast<int64_t>(term.size() - 3));
  auto expand = [&](StringRef term, int64_t rank) -> std::string {
    size_t at = term.find("...");
    if (at == StringRef::npos)
      return term.str();
    int64_t n = rank - static_cast<int64_t>(term.size() - 3);
    std::string dims;
    for (int64_t i = ellipsisRank - n; i < ellipsisRank; ++i)
      dims += static_cast<char>('A' + i);
    return (term.take_front(at) + dims + term.drop_front(at + 3)).str();
  };
  std::map<char, int64_t> sizes, counts;
  std::string rewritten;
  for (auto [i, term] : llvm::enumerate(terms)) {
    ArrayRef<int64_t> shape = shapeOf(inputs[i]);
    std::string letters = expand(term, shape.size());
    if (letters.size() != shape.size() ||
        !llvm::all_of(letters, [](char c) { return llvm::isAlpha(c); }))
      return nodeError() << "operand " << i << " '" << term.str()
                         << "' of equation '" << attr->s()
                         << "' does not fit its shape " << formatShape(shape);
    for (auto [c, size] : llvm::zip(letters, shape)) {
      auto [it, inserted] = sizes.try_emplace(c, size);
      if (!inserted && it->second != size)
        return nodeError() << "letter '" << c << "' of equation '" << attr->s()
                           << "' names dimensions of sizes " << it->second
                           << " and " << size
                           << " (broadcasting is not supported)";
      ++counts[c];
    }
    rewritten += (i ? "," : "") + letters;
  }
  std::string output;
  if (explicitOutput) {
    output = expand(rhs, ellipsisRank + static_cast<int64_t>(
                                            rhs.contains("...") ? rhs.size() - 3
                                                                : rhs.size()));
  } else {
    // Implicit form: the ellipsis dimensions, then the letters seen once,
    // alphabetically.
    for (int64_t i = 0; i < ellipsisRank; ++i)
      output += static_cast<char>('A' + i);
    for (auto [c, n] : counts)
      if (n == 1 && llvm::isLower(c))
        output += c;
  }
  SmallVector<int64_t> outShape;
  for (char c : output) {
    if (!sizes.count(c) || llvm::count(output, c) != 1)
      return nodeError() << "output letter '" << c << "' of equation '"
                         << attr->s()
                         << "' is repeated or appears in no operand";
    outShape.push_back(sizes[c]);
  }
  return define(octet::graph::EinsumOp::create(
      builder, curLoc, typeLike(inputs.front(), outShape), inputs,
      builder.getStringAttr(rewritten + "->" + output)));
}

LogicalResult Importer::importTopK() {
  using namespace octet::graph;
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> axisAttr = intAttr("axis", -1);
  FailureOr<int64_t> largest = intAttr("largest", 1);
  FailureOr<int64_t> sorted = intAttr("sorted", 1);
  if (failed(x) || failed(axisAttr) || failed(largest) || failed(sorted))
    return failure();
  int64_t k = 0;
  if (opset < 10) {
    FailureOr<int64_t> kAttr = intAttr("k", -1);
    if (failed(kAttr))
      return failure();
    k = *kAttr;
  } else {
    FailureOr<SmallVector<int64_t>> kInput = constantInt64s(1, "K");
    if (failed(kInput))
      return failure();
    if (kInput->size() != 1)
      return nodeError() << "input 'K' must hold one value";
    k = kInput->front();
  }
  FailureOr<int64_t> axis = normalizeAxis(*axisAttr, shapeOf(*x));
  if (failed(axis))
    return failure();
  int64_t size = shapeOf(*x)[*axis];
  // Selected one at a time (an arg-max, then masked out): K kernels' worth
  // of work, so K is bounded.
  constexpr int64_t kMaxK = 64;
  if (k < 1 || k > size || k > kMaxK)
    return nodeError() << "K = " << k << " is not supported (1 to "
                       << std::min(size, kMaxK) << " along axis " << *axis
                       << " of size " << size << ")";
  Type elemType = elementTypeOf(*x);
  // What a taken element becomes so that it is never taken again.
  Value taken;
  if (auto floatType = dyn_cast<FloatType>(elemType)) {
    taken = constantValue(DenseElementsAttr::get(
        tensorType({}, elemType),
        APFloat::getInf(floatType.getFloatSemantics(), *largest != 0)));
  } else {
    unsigned width = elemType.getIntOrFloatBitWidth();
    bool isUnsigned = elemType.isUnsignedInteger();
    APInt extreme = *largest ? (isUnsigned ? APInt::getMinValue(width)
                                           : APInt::getSignedMinValue(width))
                             : (isUnsigned ? APInt::getMaxValue(width)
                                           : APInt::getSignedMaxValue(width));
    taken = constantValue(DenseElementsAttr::get(
        tensorType({}, elemType), IntegerAttr::get(elemType, extreme)));
  }
  Value remaining = *x;
  Value positions = iotaAlong(shapeOf(*x).size(), *axis, size);
  SmallVector<Value> values, indices;
  for (int64_t i = 0; i < k; ++i) {
    Value index = argExtreme(remaining, *axis, *largest != 0,
                             /*selectLast=*/false);
    indices.push_back(index);
    values.push_back(GatherElementsOp::create(
        builder, curLoc, typeLike(*x, shapeOf(index)), *x, index, *axis));
    if (i + 1 < k)
      remaining = WhereOp::create(
          builder, curLoc, EqualOp::create(builder, curLoc, positions, index),
          taken, remaining);
  }
  SmallVector<int64_t> outShape(shapeOf(*x));
  outShape[*axis] = k;
  auto concat = [&](ArrayRef<Value> parts) -> Value {
    if (parts.size() == 1)
      return parts.front();
    return ConcatOp::create(builder, curLoc, typeLike(parts.front(), outShape),
                            parts, *axis);
  };
  if (failed(define(concat(values), 0)))
    return failure();
  return hasOutput(1) ? define(concat(indices), 1) : success();
}

LogicalResult Importer::importHardmax() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> axisAttr = intAttr("axis", -1);
  if (failed(x) || failed(axisAttr))
    return failure();
  FailureOr<int64_t> axis = normalizeAxis(*axisAttr, shapeOf(*x));
  if (failed(axis))
    return failure();
  int64_t size = shapeOf(*x)[*axis];
  if (size == 0)
    return define(*x);
  Value position = argExtreme(*x, *axis, /*isMax=*/true, /*selectLast=*/false);
  Value hot = octet::graph::EqualOp::create(
      builder, curLoc, iotaAlong(shapeOf(*x).size(), *axis, size), position);
  return define(octet::graph::CastOp::create(builder, curLoc,
                                             typeLike(*x, shapeOf(*x)), hot));
}

FailureOr<Attribute> Importer::constantScalar(int index, StringRef role) {
  FailureOr<Value> v = operand(index);
  if (failed(v))
    return failure();
  DenseElementsAttr attr;
  if (!matchPattern(*v, m_Constant(&attr)) || attr.getNumElements() != 1)
    return nodeError() << "the " << role << " input '" << curNode->input(index)
                       << "' must be a constant scalar",
           failure();
  return attr.getValues<Attribute>()[0];
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

LogicalResult Importer::importPow() {
  FailureOr<Value> base = operand(0), exponent;
  if (failed(base) || failed(exponent = operand(1)))
    return failure();
  Type type = elementTypeOf(*base);
  if (elementTypeOf(*exponent) != type)
    exponent = Value(octet::graph::CastOp::create(
        builder, curLoc, tensorType(shapeOf(*exponent), type), *exponent));
  FailureOr<Value> v = broadcastBinary<octet::graph::PowOp>(*base, *exponent);
  return failed(v) ? failure() : define(*v);
}

LogicalResult Importer::importBitShift() {
  FailureOr<Value> x = operand(0), amount;
  if (failed(x) || failed(amount = operand(1)))
    return failure();
  const onnx::AttributeProto *direction = findAttr("direction");
  if (!direction || direction->type() != onnx::AttributeProto::STRING ||
      (direction->s() != "LEFT" && direction->s() != "RIGHT"))
    return nodeError() << "attribute 'direction' must be \"LEFT\" or "
                          "\"RIGHT\"";
  FailureOr<Value> v =
      direction->s() == "LEFT"
          ? broadcastBinary<octet::graph::ShiftLeftOp>(*x, *amount)
          : broadcastBinary<octet::graph::ShiftRightOp>(*x, *amount);
  return failed(v) ? failure() : define(*v);
}

LogicalResult Importer::importResize() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> inShape = shapeOf(*x);
  int64_t rank = inShape.size();
  auto stringAttr = [&](StringRef name, StringRef def) -> std::string {
    const onnx::AttributeProto *attr = findAttr(name);
    return attr ? attr->s() : def.str();
  };
  std::string mode = stringAttr("mode", "nearest");
  std::string coordinateMode =
      stringAttr("coordinate_transformation_mode",
                 opset < 11 ? "asymmetric" : "half_pixel");
  std::string nearestMode = stringAttr("nearest_mode", "round_prefer_floor");
  if (mode != "nearest" && mode != "linear")
    return nodeError() << "mode '" << mode
                       << "' is not supported (nearest and linear are)";
  if (coordinateMode == "tf_crop_and_resize")
    return nodeError() << "coordinate_transformation_mode 'tf_crop_and_resize'"
                          " is not supported";
  FailureOr<int64_t> antialias = intAttr("antialias", 0);
  if (failed(antialias) || *antialias != 0)
    return nodeError() << "antialias is not supported";
  if (stringAttr("keep_aspect_ratio_policy", "stretch") != "stretch")
    return nodeError() << "keep_aspect_ratio_policy other than 'stretch' is "
                          "not supported";
  FailureOr<std::optional<SmallVector<int64_t>>> axesAttr = intsAttr("axes");
  if (failed(axesAttr))
    return failure();
  SmallVector<int64_t> axes;
  if (*axesAttr) {
    for (int64_t a : **axesAttr) {
      FailureOr<int64_t> axis = normalizeAxis(a, inShape);
      if (failed(axis))
        return failure();
      axes.push_back(*axis);
    }
  } else {
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }

  // Scales (input 1 before opset 11, else 2) or sizes (input 3); an absent
  // or empty input does not count.
  auto constantInput = [&](int index) -> FailureOr<DenseElementsAttr> {
    if (curNode->input_size() <= index || curNode->input(index).empty())
      return DenseElementsAttr();
    FailureOr<Value> v = operand(index);
    if (failed(v))
      return failure();
    DenseElementsAttr attr;
    if (!matchPattern(*v, m_Constant(&attr)))
      return nodeError() << "the " << (index == 3 ? "sizes" : "scales")
                         << " input '" << curNode->input(index)
                         << "' must be a constant",
             failure();
    if (attr.getNumElements() == 0)
      return DenseElementsAttr();
    if (attr.getNumElements() != static_cast<int64_t>(axes.size()))
      return nodeError() << "input '" << curNode->input(index) << "' has "
                         << attr.getNumElements() << " values for "
                         << axes.size() << " axes",
             failure();
    return attr;
  };
  FailureOr<DenseElementsAttr> scalesAttr = constantInput(opset < 11 ? 1 : 2);
  FailureOr<DenseElementsAttr> sizesAttr =
      opset < 11 ? FailureOr<DenseElementsAttr>(DenseElementsAttr())
                 : constantInput(3);
  if (failed(scalesAttr) || failed(sizesAttr))
    return failure();
  if (!*scalesAttr == !*sizesAttr)
    return nodeError() << "exactly one of 'scales' and 'sizes' must be given";
  SmallVector<int64_t> outShape(inShape);
  SmallVector<float> scales(rank, 1.0f);
  for (auto [i, axis] : llvm::enumerate(axes)) {
    if (*sizesAttr) {
      outShape[axis] = (*sizesAttr).getValues<APInt>()[i].getSExtValue();
      scales[axis] = static_cast<float>(outShape[axis]) /
                     static_cast<float>(inShape[axis]);
    } else {
      if (!isa<FloatType>((*scalesAttr).getElementType()))
        return nodeError() << "input 'scales' must hold floats";
      scales[axis] = (*scalesAttr).getValues<APFloat>()[i].convertToFloat();
      outShape[axis] = static_cast<int64_t>(
          std::floor(static_cast<double>(inShape[axis]) * scales[axis]));
    }
    if (outShape[axis] <= 0 || !(scales[axis] > 0) || inShape[axis] == 0)
      return nodeError() << "resizing axis " << axis << " of size "
                         << inShape[axis] << " gives size " << outShape[axis]
                         << " (zero-sized tensors are not supported)";
  }
  if (failed(checkedProduct(outShape)))
    return failure();
  return define(octet::graph::ResizeOp::create(
      builder, curLoc, typeLike(*x, outShape), *x, mode, coordinateMode,
      nearestMode, builder.getDenseF32ArrayAttr(scales)));
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

LogicalResult Importer::importDropout() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  // Inference: the identity. Training mode (a true or non-constant
  // training_mode input) is not supported.
  if (curNode->input_size() > 2 && !curNode->input(2).empty()) {
    FailureOr<Attribute> training = constantScalar(2, "training_mode");
    if (failed(training))
      return failure();
    auto flag = dyn_cast<IntegerAttr>(*training);
    if (!flag || !flag.getValue().isZero())
      return nodeError() << "training mode is not supported (input "
                            "'training_mode' is true)";
  }
  if (failed(define(*x)))
    return failure();
  if (!hasOutput(1))
    return success();
  // The mask: every element kept.
  auto maskType = tensorType(shapeOf(*x), builder.getI1Type());
  return define(constantValue(DenseElementsAttr::get(maskType, true)), 1);
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

LogicalResult Importer::importCumSum() {
  FailureOr<Value> x = operand(0);
  FailureOr<Attribute> axisAttr = constantScalar(1, "axis");
  FailureOr<int64_t> exclusive = intAttr("exclusive", 0);
  FailureOr<int64_t> reverse = intAttr("reverse", 0);
  if (failed(x) || failed(axisAttr) || failed(exclusive) || failed(reverse))
    return failure();
  auto axisInt = dyn_cast<IntegerAttr>(*axisAttr);
  if (!axisInt)
    return nodeError() << "input 'axis' must be an integer";
  FailureOr<int64_t> axis = normalizeAxis(axisInt.getInt(), shapeOf(*x));
  if (failed(axis))
    return failure();
  return define(octet::graph::CumSumOp::create(builder, curLoc, *x, *axis,
                                               *exclusive != 0, *reverse != 0));
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

LogicalResult Importer::importGelu() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  bool tanhApproximation = false;
  if (const onnx::AttributeProto *attr = findAttr("approximate")) {
    if (attr->type() != onnx::AttributeProto::STRING)
      return nodeError() << "attribute 'approximate' must be a string";
    if (attr->s() != "none" && attr->s() != "tanh")
      return nodeError() << "unsupported value '" << attr->s()
                         << "' for attribute 'approximate' (expected 'none' "
                            "or 'tanh')";
    tanhApproximation = attr->s() == "tanh";
  }
  return define(
      octet::graph::GeluOp::create(builder, curLoc, *x, tanhApproximation));
}

FailureOr<SmallVector<int64_t>> Importer::constantInt64s(int index,
                                                         StringRef role) {
  const std::string &name = curNode->input(index);
  FailureOr<Value> v = operand(index);
  if (failed(v))
    return failure();
  DenseIntElementsAttr attr;
  if (!matchPattern(*v, m_Constant(&attr)))
    return nodeError() << "the " << role << " input '" << name
                       << "' must be a constant (an initializer, a Constant "
                          "node, or computed from constants)",
           failure();
  if (!elementTypeOf(*v).isSignlessInteger(64))
    return nodeError() << "the " << role << " input '" << name
                       << "' must be an INT64 tensor, got "
                       << onnx_import::dataTypeName(
                              onnx_import::dataTypeOf(elementTypeOf(*v))),
           failure();
  if (shapeOf(*v).size() != 1)
    return nodeError() << "the " << role << " input '" << name
                       << "' must be 1-D",
           failure();
  return llvm::to_vector(attr.getValues<int64_t>());
}

template <typename OpTy> LogicalResult Importer::importReduce() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> keepdims = intAttr("keepdims", 1);
  FailureOr<int64_t> noopWithEmptyAxes = intAttr("noop_with_empty_axes", 0);
  if (failed(x) || failed(keepdims) || failed(noopWithEmptyAxes))
    return failure();
  for (auto [name, value] :
       {std::pair<StringRef, int64_t>{"keepdims", *keepdims},
        {"noop_with_empty_axes", *noopWithEmptyAxes}})
    if (value != 0 && value != 1)
      return nodeError() << "unsupported value " << value << " for attribute '"
                         << name << "' (expected 0 or 1)";
  SmallVector<int64_t> axes;
  if (findAttr("axes")) {
    FailureOr<std::optional<SmallVector<int64_t>>> attr = intsAttr("axes");
    if (failed(attr))
      return failure();
    axes = **attr;
  } else if (curNode->input_size() > 1 && !curNode->input(1).empty()) {
    FailureOr<SmallVector<int64_t>> input = constantInt64s(1, "axes");
    if (failed(input))
      return failure();
    axes = *input;
  }
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size();
  if (axes.empty()) {
    // No axes: all of them, or (noop_with_empty_axes) none.
    if (*noopWithEmptyAxes || rank == 0)
      return define(*x);
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }
  for (int64_t &axis : axes) {
    FailureOr<int64_t> normalized = normalizeAxis(axis, shape);
    if (failed(normalized))
      return failure();
    axis = *normalized;
  }
  llvm::sort(axes);
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end())
    return nodeError() << "axes must be distinct";
  SmallVector<int64_t> resultShape;
  for (int64_t i = 0; i < rank; ++i) {
    if (!llvm::is_contained(axes, i))
      resultShape.push_back(shape[i]);
    else if (*keepdims)
      resultShape.push_back(1);
  }
  return define(OpTy::create(builder, curLoc, typeLike(*x, resultShape), *x,
                             builder.getDenseI64ArrayAttr(axes),
                             *keepdims ? builder.getUnitAttr() : UnitAttr()));
}

FailureOr<int64_t> Importer::normalizeAxis(int64_t axis,
                                           ArrayRef<int64_t> shape) {
  int64_t rank = shape.size();
  if (axis < -rank || axis >= rank)
    return nodeError() << "axis " << axis << " is out of range [" << -rank
                       << ", " << rank << ") for input of shape "
                       << formatShape(shape),
           failure();
  return axis < 0 ? axis + rank : axis;
}

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
  if (failed(training) || failed(epsilon))
    return failure();
  if (*training != 0)
    return nodeError() << "training_mode " << *training
                       << " is not supported (inference only)";
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
    if (length == 0)
      return nodeError() << "the slice of axis " << *axis
                         << " is empty (zero-sized tensors are not "
                            "supported)";
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

FailureOr<Importer::WindowGeometry>
Importer::windowGeometry(ArrayRef<int64_t> inShape, ArrayRef<int64_t> kernel,
                         bool ceilMode) {
  size_t k = kernel.size();
  if (inShape.size() != k + 2)
    return nodeError() << "input of shape " << formatShape(inShape)
                       << " does not match a " << k << "-d window",
           failure();
  WindowGeometry g;
  auto readInts = [&](StringRef name, int64_t def, size_t count,
                      SmallVectorImpl<int64_t> &out) -> LogicalResult {
    FailureOr<std::optional<SmallVector<int64_t>>> attr = intsAttr(name);
    if (failed(attr))
      return failure();
    if (!*attr) {
      out.assign(count, def);
      return success();
    }
    if ((*attr)->size() != count)
      return nodeError() << "attribute '" << name << "' has " << (*attr)->size()
                         << " values, expected " << count;
    out.assign(**attr);
    return success();
  };
  SmallVector<int64_t> pads;
  if (failed(readInts("strides", 1, k, g.strides)) ||
      failed(readInts("dilations", 1, k, g.dilations)) ||
      failed(readInts("pads", 0, 2 * k, pads)))
    return failure();
  std::string autoPad = "NOTSET";
  if (const onnx::AttributeProto *attr = findAttr("auto_pad")) {
    if (attr->type() != onnx::AttributeProto::STRING)
      return nodeError() << "attribute 'auto_pad' must be a string", failure();
    autoPad = attr->s();
  }
  if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER" && autoPad != "VALID")
    return nodeError() << "unsupported value '" << autoPad
                       << "' for attribute 'auto_pad'",
           failure();
  // Bounds that keep the geometry below in int64 (no real model comes near).
  constexpr int64_t kLimit = int64_t(1) << 30;
  for (size_t d = 0; d < k; ++d) {
    int64_t size = inShape[d + 2], stride = g.strides[d];
    if (stride < 1 || g.dilations[d] < 1 || kernel[d] < 1 || stride > kLimit ||
        g.dilations[d] > kLimit || kernel[d] > kLimit || size > kLimit)
      return nodeError() << "strides, dilations and the kernel must be "
                            "positive, and they and the spatial sizes at most "
                         << kLimit,
             failure();
    if (pads[d] < 0 || pads[d + k] < 0 || pads[d] > kLimit ||
        pads[d + k] > kLimit)
      return nodeError() << "pads must be in [0, " << kLimit << "], got "
                         << formatShape(pads),
             failure();
    int64_t span = (kernel[d] - 1) * g.dilations[d] + 1;
    int64_t begin = pads[d], end = pads[d + k], out;
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      out = (size + stride - 1) / stride;
      int64_t total = std::max<int64_t>(0, (out - 1) * stride + span - size);
      begin = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
      end = total - begin;
    } else {
      if (autoPad == "VALID")
        begin = end = 0;
      int64_t room = size + begin + end - span;
      if (room < 0)
        return nodeError() << "the window (" << span
                           << " elements) is larger than the padded input ("
                           << size + begin + end << ") in spatial dimension "
                           << d,
               failure();
      out = (ceilMode ? (room + stride - 1) / stride : room / stride) + 1;
      // A window that would start in the trailing padding is dropped.
      if (ceilMode && (out - 1) * stride >= size + begin)
        --out;
    }
    g.padsBegin.push_back(begin);
    g.padsEnd.push_back(end);
    g.outShape.push_back(out);
  }
  return g;
}

LogicalResult Importer::importConv() {
  FailureOr<Value> x = operand(0), w = operand(1);
  FailureOr<int64_t> groups = intAttr("group", 1);
  if (failed(x) || failed(w) || failed(groups))
    return failure();
  ArrayRef<int64_t> inShape = shapeOf(*x), wShape = shapeOf(*w);
  if (inShape.size() < 3 || wShape.size() != inShape.size())
    return nodeError() << "input " << formatShape(inShape) << " and weight "
                       << formatShape(wShape)
                       << " must both be [N, C, D1, ...] / [M, C/group, K1, "
                          "...] of the same rank, at least 3";
  if (*groups < 1 || inShape[1] % *groups || wShape[0] % *groups ||
      wShape[1] * *groups != inShape[1])
    return nodeError() << "input channels " << inShape[1]
                       << " and weight shape " << formatShape(wShape)
                       << " do not fit group " << *groups;
  FailureOr<std::optional<SmallVector<int64_t>>> kernelAttr =
      intsAttr("kernel_shape");
  if (failed(kernelAttr))
    return failure();
  ArrayRef<int64_t> kernel = wShape.drop_front(2);
  if (*kernelAttr && ArrayRef<int64_t>(**kernelAttr) != kernel)
    return nodeError() << "kernel_shape " << formatShape(**kernelAttr)
                       << " differs from the weight's " << formatShape(kernel);
  FailureOr<WindowGeometry> g = windowGeometry(inShape, kernel, false);
  if (failed(g))
    return failure();
  Value bias;
  if (curNode->input_size() > 2 && !curNode->input(2).empty()) {
    FailureOr<Value> b = operand(2);
    if (failed(b))
      return failure();
    if (shapeOf(*b) != ArrayRef<int64_t>(wShape[0]))
      return nodeError() << "bias must have shape [" << wShape[0] << "], got "
                         << formatShape(shapeOf(*b));
    bias = *b;
  }
  SmallVector<int64_t> outShape = {inShape[0], wShape[0]};
  outShape.append(g->outShape);
  return define(octet::graph::ConvOp::create(
      builder, curLoc, typeLike(*x, outShape), *x, *w, bias,
      builder.getDenseI64ArrayAttr(g->strides),
      builder.getDenseI64ArrayAttr(g->dilations),
      builder.getDenseI64ArrayAttr(g->padsBegin), *groups));
}

LogicalResult Importer::importConvTranspose() {
  FailureOr<Value> x = operand(0), w = operand(1);
  FailureOr<int64_t> groups = intAttr("group", 1);
  if (failed(x) || failed(w) || failed(groups))
    return failure();
  ArrayRef<int64_t> inShape = shapeOf(*x), wShape = shapeOf(*w);
  int64_t rank = inShape.size(), spatial = rank - 2;
  if (rank < 3 || static_cast<int64_t>(wShape.size()) != rank)
    return nodeError() << "input " << formatShape(inShape) << " and weight "
                       << formatShape(wShape)
                       << " must both be [N, C, D1, ...] / [C, M/group, K1, "
                          "...] of the same rank, at least 3";
  if (*groups < 1 || inShape[1] != wShape[0] || inShape[1] % *groups)
    return nodeError() << "input channels " << inShape[1]
                       << " and weight shape " << formatShape(wShape)
                       << " do not fit group " << *groups;
  // Per spatial dimension: an ints attribute of `spatial` values or `def`.
  auto perDim = [&](StringRef name, int64_t def,
                    int64_t count) -> FailureOr<SmallVector<int64_t>> {
    FailureOr<std::optional<SmallVector<int64_t>>> attr = intsAttr(name);
    if (failed(attr))
      return failure();
    if (!*attr)
      return SmallVector<int64_t>(count, def);
    if (static_cast<int64_t>((*attr)->size()) != count)
      return nodeError() << "attribute '" << name << "' has " << (*attr)->size()
                         << " values, expected " << count,
             failure();
    return **attr;
  };
  FailureOr<SmallVector<int64_t>> strides = perDim("strides", 1, spatial);
  FailureOr<SmallVector<int64_t>> dilations = perDim("dilations", 1, spatial);
  FailureOr<SmallVector<int64_t>> pads = perDim("pads", 0, 2 * spatial);
  FailureOr<SmallVector<int64_t>> outputPadding =
      perDim("output_padding", 0, spatial);
  FailureOr<std::optional<SmallVector<int64_t>>> outputShape =
      intsAttr("output_shape");
  FailureOr<std::optional<SmallVector<int64_t>>> kernelAttr =
      intsAttr("kernel_shape");
  if (failed(strides) || failed(dilations) || failed(pads) ||
      failed(outputPadding) || failed(outputShape) || failed(kernelAttr))
    return failure();
  ArrayRef<int64_t> kernel = wShape.drop_front(2);
  if (*kernelAttr && ArrayRef<int64_t>(**kernelAttr) != kernel)
    return nodeError() << "kernel_shape " << formatShape(**kernelAttr)
                       << " differs from the weight's " << formatShape(kernel);
  std::string autoPad = "NOTSET";
  if (const onnx::AttributeProto *attr = findAttr("auto_pad"))
    autoPad = attr->s();
  if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER" && autoPad != "VALID")
    return nodeError() << "unsupported value '" << autoPad
                       << "' for attribute 'auto_pad'";
  if (*outputShape && static_cast<int64_t>((*outputShape)->size()) != spatial &&
      static_cast<int64_t>((*outputShape)->size()) != rank)
    return nodeError() << "attribute 'output_shape' has "
                       << (*outputShape)->size() << " values";
  SmallVector<int64_t> outShape = {inShape[0], wShape[1] * *groups};
  SmallVector<int64_t> padsBegin;
  for (int64_t d = 0; d < spatial; ++d) {
    int64_t s = (*strides)[d], dil = (*dilations)[d];
    if (s < 1 || dil < 1 || (*outputPadding)[d] < 0)
      return nodeError() << "strides, dilations and output_padding must be "
                            "positive";
    int64_t full = s * (inShape[2 + d] - 1) + (*outputPadding)[d] +
                   (kernel[d] - 1) * dil + 1;
    int64_t out, begin;
    if (*outputShape || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      out = *outputShape ? (**outputShape)[(*outputShape)->size() - spatial + d]
                         : inShape[2 + d] * s;
      int64_t total = full - out;
      if (total < 0)
        return nodeError() << "output size " << out << " of dimension " << d
                           << " exceeds the full transposed size " << full;
      begin = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
    } else {
      begin = autoPad == "VALID" ? 0 : (*pads)[d];
      int64_t end = autoPad == "VALID" ? 0 : (*pads)[spatial + d];
      if (begin < 0 || end < 0)
        return nodeError() << "negative pads are not supported";
      out = full - begin - end;
    }
    if (out <= 0)
      return nodeError() << "dimension " << d << " of the result would be "
                         << out;
    outShape.push_back(out);
    padsBegin.push_back(begin);
  }
  Value bias;
  if (curNode->input_size() > 2 && !curNode->input(2).empty()) {
    FailureOr<Value> b = operand(2);
    if (failed(b))
      return failure();
    if (shapeOf(*b) != ArrayRef<int64_t>(outShape[1]))
      return nodeError() << "bias must have shape [" << outShape[1] << "], got "
                         << formatShape(shapeOf(*b));
    bias = *b;
  }
  if (failed(checkedProduct(outShape)))
    return failure();
  return define(octet::graph::ConvTransposeOp::create(
      builder, curLoc, typeLike(*x, outShape), *x, *w, bias,
      builder.getDenseI64ArrayAttr(*strides),
      builder.getDenseI64ArrayAttr(*dilations),
      builder.getDenseI64ArrayAttr(padsBegin), *groups));
}

template <typename OpTy> LogicalResult Importer::importPool() {
  FailureOr<Value> x = operand(0);
  FailureOr<std::optional<SmallVector<int64_t>>> kernel =
      intsAttr("kernel_shape");
  FailureOr<int64_t> ceilMode = intAttr("ceil_mode", 0);
  FailureOr<int64_t> storageOrder = intAttr("storage_order", 0);
  FailureOr<int64_t> includePad = intAttr("count_include_pad", 0);
  if (failed(x) || failed(kernel) || failed(ceilMode) || failed(storageOrder) ||
      failed(includePad))
    return failure();
  if (!*kernel)
    return nodeError() << "attribute 'kernel_shape' is required";
  if (hasOutput(1))
    return nodeError() << "the Indices output is not supported";
  FailureOr<WindowGeometry> g =
      windowGeometry(shapeOf(*x), **kernel, *ceilMode != 0);
  if (failed(g))
    return failure();
  // A window entirely in the padding would have nothing to pool.
  for (size_t d = 0; d < g->padsBegin.size(); ++d)
    if (g->padsBegin[d] >= (**kernel)[d] || g->padsEnd[d] >= (**kernel)[d])
      return nodeError() << "pads " << formatShape(g->padsBegin) << " / "
                         << formatShape(g->padsEnd)
                         << " must be smaller than the kernel "
                         << formatShape(**kernel);
  SmallVector<int64_t> outShape(shapeOf(*x).take_front(2));
  outShape.append(g->outShape);
  auto kernelAttr = builder.getDenseI64ArrayAttr(**kernel);
  auto strides = builder.getDenseI64ArrayAttr(g->strides);
  auto dilations = builder.getDenseI64ArrayAttr(g->dilations);
  auto padsBegin = builder.getDenseI64ArrayAttr(g->padsBegin);
  if constexpr (std::is_same_v<OpTy, octet::graph::MaxPoolOp>)
    return define(OpTy::create(builder, curLoc, typeLike(*x, outShape), *x,
                               kernelAttr, strides, dilations, padsBegin));
  else
    return define(OpTy::create(builder, curLoc, typeLike(*x, outShape), *x,
                               kernelAttr, strides, dilations, padsBegin,
                               builder.getDenseI64ArrayAttr(g->padsEnd),
                               *includePad != 0));
}

template <typename OpTy> LogicalResult Importer::importGlobalPool() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  if (shape.size() < 3)
    return nodeError() << "input must have rank at least 3 (N, C, D1, ...), "
                          "got "
                       << formatShape(shape);
  SmallVector<int64_t> out(shape.take_front(2));
  out.append(shape.size() - 2, 1);
  auto axes = llvm::to_vector(llvm::seq<int64_t>(2, shape.size()));
  return define(OpTy::create(builder, curLoc, typeLike(*x, out), *x,
                             builder.getDenseI64ArrayAttr(axes),
                             builder.getUnitAttr()));
}

Value Importer::transpose(Value x, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(shapeOf(x)[p]);
  return octet::graph::TransposeOp::create(builder, curLoc, typeLike(x, shape),
                                           x,
                                           builder.getDenseI64ArrayAttr(perm));
}

LogicalResult Importer::importDepthToSpace() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> block = intAttr("blocksize", 0);
  if (failed(x) || failed(block))
    return failure();
  std::string mode = "DCR";
  if (const onnx::AttributeProto *attr = findAttr("mode"))
    mode = attr->s();
  if (mode != "DCR" && mode != "CRD")
    return nodeError() << "unsupported value '" << mode
                       << "' for attribute 'mode' (expected DCR or CRD)";
  ArrayRef<int64_t> s = shapeOf(*x);
  int64_t b = *block;
  if (s.size() != 4 || b < 1 || b > s[1] / b || s[1] % (b * b) != 0)
    return nodeError() << "input " << formatShape(s)
                       << " must be [N, C, H, W] with C a multiple of "
                          "blocksize^2 (blocksize "
                       << b << ")";
  int64_t c = s[1] / (b * b);
  Value v = mode == "DCR" ? transpose(reshape(*x, {s[0], b, b, c, s[2], s[3]}),
                                      {0, 3, 4, 1, 5, 2})
                          : transpose(reshape(*x, {s[0], c, b, b, s[2], s[3]}),
                                      {0, 1, 4, 2, 5, 3});
  return define(reshape(v, {s[0], c, s[2] * b, s[3] * b}));
}

LogicalResult Importer::importSpaceToDepth() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> block = intAttr("blocksize", 0);
  if (failed(x) || failed(block))
    return failure();
  ArrayRef<int64_t> s = shapeOf(*x);
  int64_t b = *block;
  if (s.size() != 4 || b < 1 || s[2] % b != 0 || s[3] % b != 0)
    return nodeError() << "input " << formatShape(s)
                       << " must be [N, C, H, W] with H and W multiples of "
                          "blocksize "
                       << b;
  Value v = transpose(reshape(*x, {s[0], s[1], s[2] / b, b, s[3] / b, b}),
                      {0, 3, 5, 1, 2, 4});
  return define(reshape(v, {s[0], s[1] * b * b, s[2] / b, s[3] / b}));
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

template <typename OpTy> LogicalResult Importer::importSoftmax() {
  bool legacy = opset < 13;
  FailureOr<int64_t> axisAttr = intAttr("axis", legacy ? 1 : -1);
  FailureOr<Value> x = operand(0);
  if (failed(axisAttr) || failed(x))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size();
  int64_t axis = *axisAttr;
  if (rank == 0)
    return nodeError() << "input must have rank at least 1";
  if (axis < -rank || axis >= rank)
    return nodeError() << "unsupported value " << axis
                       << " for attribute 'axis' (out of range [" << -rank
                       << ", " << rank << ") for input of shape "
                       << formatShape(shape) << ")";
  if (axis < 0)
    axis += rank;
  if (!legacy || axis == rank - 1)
    return define(OpTy::create(builder, curLoc, *x, axis));
  // Opset < 13: coerce to 2-D [prod(d[:axis]), prod(d[axis:])], softmax
  // along dimension 1, restore the shape.
  FailureOr<int64_t> outer = checkedProduct(shape.take_front(axis));
  FailureOr<int64_t> inner = checkedProduct(shape.drop_front(axis));
  if (failed(outer) || failed(inner))
    return failure();
  SmallVector<int64_t> flat = {*outer, *inner};
  Value flatX = reshape(*x, flat);
  Value sm = OpTy::create(builder, curLoc, flatX, 1);
  return define(reshape(sm, shape));
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

LogicalResult Importer::importConstant() {
  if (curNode->attribute_size() != 1)
    return nodeError() << "expected exactly one attribute, got "
                       << curNode->attribute_size();
  const onnx::AttributeProto &attr = curNode->attribute(0);
  const onnx::TensorProto *tensor = nullptr;
  if (attr.name() == "value" && attr.type() == onnx::AttributeProto::TENSOR) {
    tensor = &attr.t();
  } else if (attr.name() == "value_float" &&
             attr.type() == onnx::AttributeProto::FLOAT) {
    onnx::TensorProto &t = ownedTensors.emplace_back();
    t.set_data_type(onnx::TensorProto::FLOAT);
    t.add_float_data(attr.f());
    tensor = &t;
  } else if (attr.name() == "value_floats" &&
             attr.type() == onnx::AttributeProto::FLOATS) {
    onnx::TensorProto &t = ownedTensors.emplace_back();
    t.set_data_type(onnx::TensorProto::FLOAT);
    t.add_dims(attr.floats_size());
    *t.mutable_float_data() = attr.floats();
    tensor = &t;
  } else if (attr.name() == "value_int" &&
             attr.type() == onnx::AttributeProto::INT) {
    onnx::TensorProto &t = ownedTensors.emplace_back();
    t.set_data_type(onnx::TensorProto::INT64);
    t.add_int64_data(attr.i());
    tensor = &t;
  } else if (attr.name() == "value_ints" &&
             attr.type() == onnx::AttributeProto::INTS) {
    onnx::TensorProto &t = ownedTensors.emplace_back();
    t.set_data_type(onnx::TensorProto::INT64);
    t.add_dims(attr.ints_size());
    *t.mutable_int64_data() = attr.ints();
    tensor = &t;
  } else {
    return nodeError() << "unsupported attribute '" << attr.name() << "'";
  }
  const std::string &out = curNode->output(0);
  if (failed(checkNotDefined(out)) ||
      failed(checkTensorShape(*tensor, out, curLoc)))
    return failure();
  constants.try_emplace(out, ConstantInfo{tensor, curLoc, out});
  return success();
}

//===----------------------------------------------------------------------===//
// Registration table
//===----------------------------------------------------------------------===//

/// One line per ONNX operator: the first opset whose form is imported (the
/// operator's ONNX version history decides it: Add-7 brought NumPy
/// broadcasting, Relu-6 dropped `consumed_inputs`, Reshape-5 made the shape
/// an input, Gemm-7 dropped `broadcast`), the input count, the attributes
/// accepted, and the import. Adding an operator is adding a line here; an
/// operator whose attributes became inputs has a line per form (Clip), in
/// opset order. Lines are sorted by name.
ArrayRef<Importer::Registration> Importer::registrations() {
  using namespace octet::graph;
  constexpr int kVariadic = octet::ONNXOpSupport::kVariadic;
  constexpr unsigned kNumeric = octet::ONNXOpSupport::kNumericTypes;
  constexpr unsigned kAll = octet::ONNXOpSupport::kAllTypes;
  constexpr unsigned kInteger = octet::ONNXOpSupport::kIntegerTypes;
  constexpr unsigned kBool = octet::ONNXOpSupport::kBoolType;
  static const Registration table[] = {
      {{"Abs", 6, 1, 1, ""}, &Importer::importUnary<AbsOp>, kNumeric},
      {{"Acos", 7, 1, 1, ""}, &Importer::importUnary<AcosOp>},
      {{"Acosh", 9, 1, 1, ""}, &Importer::importUnary<AcoshOp>},
      {{"Add", 7, 2, 2, ""}, &Importer::importBinary<AddOp>, kNumeric},
      {{"And", 7, 2, 2, ""}, &Importer::importBinary<AndOp>, kBool},
      {{"ArgMax", 1, 1, 1, "axis,keepdims,select_last_index"},
       &Importer::importArgExtreme<true>,
       kNumeric},
      {{"ArgMin", 1, 1, 1, "axis,keepdims,select_last_index"},
       &Importer::importArgExtreme<false>,
       kNumeric},
      {{"Asin", 7, 1, 1, ""}, &Importer::importUnary<AsinOp>},
      {{"Asinh", 9, 1, 1, ""}, &Importer::importUnary<AsinhOp>},
      {{"Atan", 7, 1, 1, ""}, &Importer::importUnary<AtanOp>},
      {{"Atanh", 9, 1, 1, ""}, &Importer::importUnary<AtanhOp>},
      {{"AveragePool", 7, 1, 1,
        "auto_pad,ceil_mode,count_include_pad,dilations,kernel_shape,pads,"
        "strides"},
       &Importer::importPool<AveragePoolOp>},
      {{"BatchNormalization", 9, 5, 5, "epsilon,momentum,training_mode"},
       &Importer::importBatchNormalization},
      {{"BitShift", 11, 2, 2, "direction"},
       &Importer::importBitShift,
       kInteger},
      {{"BitwiseAnd", 18, 2, 2, ""},
       &Importer::importBinary<BitwiseAndOp>,
       kInteger},
      {{"BitwiseNot", 18, 1, 1, ""},
       &Importer::importUnary<BitwiseNotOp>,
       kInteger},
      {{"BitwiseOr", 18, 2, 2, ""},
       &Importer::importBinary<BitwiseOrOp>,
       kInteger},
      {{"BitwiseXor", 18, 2, 2, ""},
       &Importer::importBinary<BitwiseXorOp>,
       kInteger},
      {{"Cast", 6, 1, 1, "to"}, &Importer::importCast, kAll},
      {{"Cast", 19, 1, 1, "saturate,to"}, &Importer::importCast, kAll},
      {{"CastLike", 15, 2, 2, "saturate"}, &Importer::importCastLike, kAll},
      {{"Ceil", 6, 1, 1, ""}, &Importer::importUnary<CeilOp>},
      {{"Clip", 6, 1, 1, "min,max"}, &Importer::importClipAttributes},
      {{"Clip", 11, 1, 3, ""}, &Importer::importClip, kNumeric},
      {{"Concat", 4, 1, kVariadic, "axis"}, &Importer::importConcat, kAll},
      {{"Celu", 12, 1, 1, "alpha"}, &Importer::importUnary<CeluOp>},
      {{"Constant", 1, 0, 0,
        "value,value_float,value_floats,value_int,value_ints"},
       &Importer::importConstant},
      {{"ConstantOfShape", 9, 1, 1, "value"},
       &Importer::importConstantOfShape,
       kInteger},
      {{"Conv", 1, 2, 3, "auto_pad,dilations,group,kernel_shape,pads,strides"},
       &Importer::importConv},
      {{"ConvTranspose", 1, 2, 3,
        "auto_pad,dilations,group,kernel_shape,output_padding,output_shape,"
        "pads,strides"},
       &Importer::importConvTranspose},
      {{"Cos", 7, 1, 1, ""}, &Importer::importUnary<CosOp>},
      {{"Cosh", 9, 1, 1, ""}, &Importer::importUnary<CoshOp>},
      {{"CumSum", 11, 2, 2, "exclusive,reverse"},
       &Importer::importCumSum,
       kNumeric},
      {{"DepthToSpace", 1, 1, 1, "blocksize,mode"},
       &Importer::importDepthToSpace,
       kAll},
      {{"Div", 7, 2, 2, ""}, &Importer::importBinary<DivOp>, kNumeric},
      {{"Dropout", 7, 1, 1, "ratio", 2}, &Importer::importDropout},
      {{"Dropout", 12, 1, 3, "seed", 2}, &Importer::importDropout},
      {{"Einsum", 12, 1, kVariadic, "equation"},
       &Importer::importEinsum,
       kNumeric},
      {{"Elu", 6, 1, 1, "alpha"}, &Importer::importUnary<EluOp>},
      {{"Equal", 7, 2, 2, ""}, &Importer::importBinary<EqualOp>, kAll},
      {{"Erf", 9, 1, 1, ""}, &Importer::importUnary<ErfOp>},
      {{"Exp", 6, 1, 1, ""}, &Importer::importUnary<ExpOp>},
      {{"Expand", 8, 2, 2, ""}, &Importer::importExpand, kAll},
      {{"EyeLike", 9, 1, 1, "dtype,k"}, &Importer::importEyeLike, kAll},
      {{"Flatten", 1, 1, 1, "axis"}, &Importer::importFlatten, kAll},
      {{"Floor", 6, 1, 1, ""}, &Importer::importUnary<FloorOp>},
      {{"Gather", 1, 2, 2, "axis"}, &Importer::importGather, kAll},
      {{"GatherElements", 11, 2, 2, "axis"},
       &Importer::importGatherElements,
       kAll},
      {{"Gelu", 20, 1, 1, "approximate"}, &Importer::importGelu},
      {{"Gemm", 7, 2, 3, "alpha,beta,transA,transB"}, &Importer::importGemm},
      {{"GlobalAveragePool", 1, 1, 1, ""},
       &Importer::importGlobalPool<ReduceMeanOp>},
      {{"GlobalMaxPool", 1, 1, 1, ""},
       &Importer::importGlobalPool<ReduceMaxOp>},
      {{"Greater", 7, 2, 2, ""}, &Importer::importBinary<GreaterOp>, kNumeric},
      {{"GreaterOrEqual", 12, 2, 2, ""},
       &Importer::importBinary<GreaterOrEqualOp>,
       kNumeric},
      {{"HardSigmoid", 6, 1, 1, "alpha,beta"},
       &Importer::importUnary<HardSigmoidOp>},
      {{"HardSwish", 14, 1, 1, ""}, &Importer::importUnary<HardSwishOp>},
      {{"Hardmax", 13, 1, 1, "axis"}, &Importer::importHardmax},
      {{"Identity", 1, 1, 1, ""}, &Importer::importIdentity, kAll},
      {{"InstanceNormalization", 6, 3, 3, "epsilon"},
       &Importer::importInstanceNormalization},
      {{"IsInf", 10, 1, 1, "detect_negative,detect_positive"},
       &Importer::importIsInf},
      {{"IsNaN", 9, 1, 1, ""}, &Importer::importIsNaN},
      {{"LayerNormalization", 17, 2, 3, "axis,epsilon,stash_type", 3},
       &Importer::importLayerNormalization},
      {{"LeakyRelu", 6, 1, 1, "alpha"}, &Importer::importUnary<LeakyReluOp>},
      {{"Less", 7, 2, 2, ""}, &Importer::importBinary<LessOp>, kNumeric},
      {{"LessOrEqual", 12, 2, 2, ""},
       &Importer::importBinary<LessOrEqualOp>,
       kNumeric},
      {{"Log", 6, 1, 1, ""}, &Importer::importUnary<LogOp>},
      {{"LogSoftmax", 1, 1, 1, "axis"}, &Importer::importSoftmax<LogSoftmaxOp>},
      {{"MatMul", 1, 2, 2, ""}, &Importer::importMatMul},
      {{"Max", 8, 1, kVariadic, ""},
       &Importer::importVariadic<MaxOp>,
       kNumeric},
      {{"MaxPool", 8, 1, 2,
        "auto_pad,ceil_mode,dilations,kernel_shape,pads,storage_order,"
        "strides",
        2},
       &Importer::importPool<MaxPoolOp>},
      {{"Mean", 8, 1, kVariadic, ""}, &Importer::importMean},
      {{"Min", 8, 1, kVariadic, ""},
       &Importer::importVariadic<MinOp>,
       kNumeric},
      {{"Mish", 18, 1, 1, ""}, &Importer::importUnary<MishOp>},
      {{"Mod", 10, 2, 2, "fmod"}, &Importer::importMod, kNumeric},
      {{"Mul", 7, 2, 2, ""}, &Importer::importBinary<MulOp>, kNumeric},
      {{"Neg", 6, 1, 1, ""}, &Importer::importUnary<NegOp>, kNumeric},
      {{"Not", 1, 1, 1, ""}, &Importer::importUnary<NotOp>, kBool},
      {{"Or", 7, 2, 2, ""}, &Importer::importBinary<OrOp>, kBool},
      {{"OneHot", 11, 3, 3, "axis"}, &Importer::importOneHot, kNumeric},
      {{"Pow", 7, 2, 2, ""}, &Importer::importPow},
      {{"PRelu", 7, 2, 2, ""}, &Importer::importPRelu},
      {{"Pad", 2, 1, 1, "mode,pads,value"}, &Importer::importPad, kAll},
      {{"Pad", 11, 2, 4, "mode"}, &Importer::importPad, kAll},
      {{"Range", 11, 3, 3, ""}, &Importer::importRange, kNumeric},
      {{"Reciprocal", 6, 1, 1, ""}, &Importer::importUnary<ReciprocalOp>},
      {{"ReduceL1", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceL1Op>},
      {{"ReduceL1", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceL1Op>},
      {{"ReduceL2", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceL2Op>},
      {{"ReduceL2", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceL2Op>},
      {{"ReduceLogSum", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceLogSumOp>},
      {{"ReduceLogSum", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceLogSumOp>},
      {{"ReduceLogSumExp", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceLogSumExpOp>},
      {{"ReduceLogSumExp", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceLogSumExpOp>},
      {{"ReduceMax", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceMaxOp>,
       kNumeric},
      {{"ReduceMax", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceMaxOp>,
       kNumeric},
      {{"ReduceMean", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceMeanOp>},
      {{"ReduceMean", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceMeanOp>},
      {{"ReduceMin", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceMinOp>,
       kNumeric},
      {{"ReduceMin", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceMinOp>,
       kNumeric},
      {{"ReduceProd", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceProdOp>,
       kNumeric},
      {{"ReduceProd", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceProdOp>,
       kNumeric},
      {{"ReduceSum", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceSumOp>,
       kNumeric},
      {{"ReduceSum", 13, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceSumOp>,
       kNumeric},
      {{"ReduceSumSquare", 1, 1, 1, "axes,keepdims"},
       &Importer::importReduce<ReduceSumSquareOp>},
      {{"ReduceSumSquare", 18, 1, 2, "keepdims,noop_with_empty_axes"},
       &Importer::importReduce<ReduceSumSquareOp>},
      {{"Relu", 6, 1, 1, ""}, &Importer::importRelu, kNumeric},
      {{"Reshape", 5, 2, 2, "allowzero"}, &Importer::importReshape, kAll},
      {{"Resize", 10, 2, 2, "mode"}, &Importer::importResize},
      {{"Resize", 11, 1, 4,
        "coordinate_transformation_mode,cubic_coeff_a,exclude_outside,"
        "extrapolation_value,mode,nearest_mode"},
       &Importer::importResize},
      {{"Resize", 18, 1, 4,
        "antialias,axes,coordinate_transformation_mode,cubic_coeff_a,"
        "exclude_outside,extrapolation_value,keep_aspect_ratio_policy,mode,"
        "nearest_mode"},
       &Importer::importResize},
      {{"Round", 11, 1, 1, ""}, &Importer::importUnary<RoundOp>},
      {{"Selu", 6, 1, 1, "alpha,gamma"}, &Importer::importUnary<SeluOp>},
      {{"Shrink", 9, 1, 1, "bias,lambd"}, &Importer::importUnary<ShrinkOp>},
      {{"Shape", 1, 1, 1, ""}, &Importer::importShape, kAll},
      {{"Shape", 15, 1, 1, "end,start"}, &Importer::importShape, kAll},
      {{"Sigmoid", 6, 1, 1, ""}, &Importer::importUnary<SigmoidOp>},
      {{"Sign", 9, 1, 1, ""}, &Importer::importUnary<SignOp>, kNumeric},
      {{"Sin", 7, 1, 1, ""}, &Importer::importUnary<SinOp>},
      {{"Sinh", 9, 1, 1, ""}, &Importer::importUnary<SinhOp>},
      {{"Size", 1, 1, 1, ""}, &Importer::importSize, kAll},
      {{"Slice", 1, 1, 1, "starts,ends,axes"}, &Importer::importSlice, kAll},
      {{"Slice", 10, 3, 5, ""}, &Importer::importSlice, kAll},
      {{"Softmax", 1, 1, 1, "axis"}, &Importer::importSoftmax<SoftmaxOp>},
      {{"Softplus", 1, 1, 1, ""}, &Importer::importUnary<SoftplusOp>},
      {{"Softsign", 1, 1, 1, ""}, &Importer::importUnary<SoftsignOp>},
      {{"SpaceToDepth", 1, 1, 1, "blocksize"},
       &Importer::importSpaceToDepth,
       kAll},
      {{"Split", 2, 1, 1, "axis,split", kVariadic},
       &Importer::importSplit,
       kAll},
      {{"Split", 13, 1, 2, "axis,num_outputs", kVariadic, kAll},
       &Importer::importSplit},
      {{"Sqrt", 6, 1, 1, ""}, &Importer::importUnary<SqrtOp>},
      {{"Squeeze", 1, 1, 1, "axes"}, &Importer::importSqueeze, kAll},
      {{"Squeeze", 13, 1, 2, ""}, &Importer::importSqueeze, kAll},
      {{"Sub", 7, 2, 2, ""}, &Importer::importBinary<SubOp>, kNumeric},
      {{"Sum", 8, 1, kVariadic, ""},
       &Importer::importVariadic<AddOp>,
       kNumeric},
      {{"Tan", 7, 1, 1, ""}, &Importer::importUnary<TanOp>},
      {{"Tanh", 6, 1, 1, ""}, &Importer::importUnary<TanhOp>},
      {{"ThresholdedRelu", 10, 1, 1, "alpha"},
       &Importer::importUnary<ThresholdedReluOp>},
      {{"Tile", 6, 2, 2, ""}, &Importer::importTile, kAll},
      {{"TopK", 1, 1, 1, "axis,k", 2}, &Importer::importTopK, kNumeric},
      {{"TopK", 10, 2, 2, "axis", 2}, &Importer::importTopK, kNumeric},
      {{"TopK", 11, 2, 2, "axis,largest,sorted", 2},
       &Importer::importTopK,
       kNumeric},
      {{"Transpose", 1, 1, 1, "perm"}, &Importer::importTranspose, kAll},
      {{"Trilu", 14, 1, 2, "upper"}, &Importer::importTrilu, kAll},
      {{"Unsqueeze", 1, 1, 1, "axes"}, &Importer::importUnsqueeze, kAll},
      {{"Unsqueeze", 13, 2, 2, ""}, &Importer::importUnsqueeze, kAll},
      {{"Where", 9, 3, 3, ""}, &Importer::importWhere, kBool},
      {{"Xor", 7, 2, 2, ""}, &Importer::importBinary<XorOp>, kBool},
  };
  return table;
}

} // namespace

std::string octet::ONNXOpSupport::typesName() const {
  std::string names;
  for (auto [bit, name] :
       {std::pair<unsigned, const char *>{kFloatTypes, "float"},
        {kIntegerTypes, "int"},
        {kBoolType, "bool"}})
    if (types & bit)
      names += (names.empty() ? "" : ",") + std::string(name);
  return names;
}

std::vector<octet::ONNXOpSupport> octet::getSupportedONNXOps() {
  std::vector<ONNXOpSupport> ops;
  for (const Importer::Registration &entry : Importer::registrations()) {
    ops.push_back(entry.support);
    ops.back().types = entry.types;
  }
  llvm::stable_sort(ops, [](const ONNXOpSupport &a, const ONNXOpSupport &b) {
    return std::tie(a.opType, a.sinceOpset) < std::tie(b.opType, b.sinceOpset);
  });
  // A form holds until the operator's next one.
  for (size_t i = 0; i + 1 < ops.size(); ++i)
    if (ops[i + 1].opType == ops[i].opType)
      ops[i].untilOpset = ops[i + 1].sinceOpset - 1;
  return ops;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

static OwningOpRef<ModuleOp>
importImpl(StringRef contents, StringRef fileName,
           std::optional<bool> forceText, MLIRContext &context,
           const octet::ONNXImportOptions &options) {
  ParsedModel parsed;
  if (failed(parseModel(contents, fileName, forceText, context, parsed)))
    return nullptr;
  return Importer(context, fileName, parsed, options).run();
}

LogicalResult octet::parseInputShape(StringRef spec, ONNXImportOptions &options,
                                     std::string &error) {
  auto [name, dims] = spec.split('=');
  if (name.empty() || !spec.contains('=')) {
    error = "--input-shape '" + spec.str() +
            "': expected NAME=D0xD1x... (e.g. x=1x3x224x224)";
    return failure();
  }
  SmallVector<int64_t> shape;
  if (!dims.empty()) {
    SmallVector<StringRef> parts;
    dims.split(parts, 'x');
    for (StringRef part : parts) {
      int64_t size;
      if (part.getAsInteger(10, size) || size < 0) {
        error = "--input-shape '" + spec.str() + "': dimension '" + part.str() +
                "' is not a size (every dimension must be a number; '?' "
                "cannot be left dynamic)";
        return failure();
      }
      shape.push_back(size);
    }
  }
  if (!options.inputShapes.try_emplace(name, shape).second) {
    error = "--input-shape: input '" + name.str() + "' is given twice";
    return failure();
  }
  return success();
}

LogicalResult octet::parseConstantInput(StringRef spec,
                                        ONNXImportOptions &options,
                                        std::string &error) {
  auto [name, path] = spec.split('=');
  if (name.empty() || path.empty()) {
    error = "--constant-input '" + spec.str() + "': expected NAME=FILE.npy";
    return failure();
  }
  if (!options.constantInputs.try_emplace(name, path.str()).second) {
    error = "--constant-input: input '" + name.str() + "' is given twice";
    return failure();
  }
  return success();
}

OwningOpRef<ModuleOp>
octet::importONNXBuffer(StringRef contents, StringRef fileName,
                        MLIRContext &context,
                        const ONNXImportOptions &options) {
  return importImpl(contents, fileName, std::nullopt, context, options);
}

OwningOpRef<ModuleOp> octet::importONNXFile(StringRef path,
                                            MLIRContext &context,
                                            const ONNXImportOptions &options) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (std::error_code ec = buffer.getError()) {
    emitError(UnknownLoc::get(&context))
        << path << ": cannot open ONNX model: " << ec.message();
    return nullptr;
  }
  StringRef ext = llvm::sys::path::extension(path);
  std::optional<bool> forceText;
  if (ext == ".onnxtxt" || ext == ".textproto" || ext == ".pbtxt" ||
      ext == ".txt")
    forceText = true;
  else if (!looksLikeText((*buffer)->getBuffer()))
    forceText = false;
  return importImpl((*buffer)->getBuffer(), path, forceText, context, options);
}

void octet::registerONNXImportTranslation() {
  static TranslateToMLIRRegistration registration(
      "import-onnx",
      "import an ONNX model (binary or protobuf text format) as graph ops",
      TranslateRawSourceMgrToMLIRFunction(
          [](llvm::SourceMgr &sourceMgr,
             MLIRContext *context) -> OwningOpRef<Operation *> {
            const llvm::MemoryBuffer *buffer =
                sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
            OwningOpRef<ModuleOp> module = importONNXBuffer(
                buffer->getBuffer(), buffer->getBufferIdentifier(), *context);
            return OwningOpRef<Operation *>(module.release());
          }),
      [](DialectRegistry &registry) {
        registry.insert<func::FuncDialect, arith::ArithDialect,
                        octet::graph::GraphDialect>();
      });
}
