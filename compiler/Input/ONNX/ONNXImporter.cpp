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
#include "compiler/Input/ONNX/Importer.h"
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
using namespace octet::onnx_import;

namespace {

constexpr llvm::StringLiteral kNameAttr = "octet.name";

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

} // namespace

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
  bool anyNamed = llvm::any_of(curNode->output(),
                               [](const std::string &o) { return !o.empty(); });
  if (n >= 1 && (variadic || n <= max) && anyNamed)
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
  if (isa<Float8E4M3FNType, Float8E5M2Type>(type))
    return types & Support::kFloat8Types;
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

FailureOr<std::string> Importer::stringAttr(StringRef name, StringRef def) {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return def.str();
  if (attr->type() != onnx::AttributeProto::STRING)
    return nodeError() << "attribute '" << name << "' must be a string";
  return attr->s();
}

FailureOr<SmallVector<std::string>> Importer::stringsAttr(StringRef name) {
  SmallVector<std::string> values;
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return values;
  if (attr->type() != onnx::AttributeProto::STRINGS)
    return nodeError() << "attribute '" << name
                       << "' must be a list of strings";
  values.append(attr->strings().begin(), attr->strings().end());
  return values;
}

FailureOr<SmallVector<float>> Importer::floatsAttr(StringRef name) {
  SmallVector<float> values;
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return values;
  if (attr->type() != onnx::AttributeProto::FLOATS)
    return nodeError() << "attribute '" << name << "' must be a list of floats";
  values.append(attr->floats().begin(), attr->floats().end());
  return values;
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
  if (name.empty())
    return success(); // An optional output nobody asked for.
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

FailureOr<DenseElementsAttr> Importer::constantOperand(int index,
                                                       StringRef role) {
  FailureOr<Value> v = operand(index);
  if (failed(v))
    return failure();
  DenseElementsAttr attr;
  if (!matchPattern(*v, m_Constant(&attr)))
    return nodeError() << "the " << role << " input '" << curNode->input(index)
                       << "' must be a constant (an initializer, a Constant "
                          "node, or computed from constants)",
           failure();
  return attr;
}

FailureOr<SmallVector<int64_t>> Importer::constantInt64s(int index,
                                                         StringRef role) {
  const std::string &name = curNode->input(index);
  FailureOr<DenseElementsAttr> attr = constantOperand(index, role);
  if (failed(attr))
    return failure();
  FailureOr<Value> v = operand(index);
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
  return llvm::to_vector(attr->getValues<int64_t>());
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

Value Importer::slice(Value x, ArrayRef<int64_t> starts,
                      ArrayRef<int64_t> sizes) {
  if (shapeOf(x) == sizes)
    return x;
  SmallVector<int64_t> steps(starts.size(), 1);
  return octet::graph::SliceOp::create(builder, curLoc, typeLike(x, sizes), x,
                                       builder.getDenseI64ArrayAttr(starts),
                                       builder.getDenseI64ArrayAttr(steps));
}

Value Importer::concat(ArrayRef<Value> parts, int64_t axis) {
  if (parts.size() == 1)
    return parts.front();
  SmallVector<int64_t> shape(shapeOf(parts.front()));
  shape[axis] = 0;
  for (Value part : parts)
    shape[axis] += shapeOf(part)[axis];
  return octet::graph::ConcatOp::create(
      builder, curLoc, typeLike(parts.front(), shape), parts, axis);
}

Value Importer::transpose(Value x, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(shapeOf(x)[p]);
  return octet::graph::TransposeOp::create(builder, curLoc, typeLike(x, shape),
                                           x,
                                           builder.getDenseI64ArrayAttr(perm));
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

/// The families' tables, concatenated.
ArrayRef<Importer::Registration> Importer::registrations() {
  static const std::vector<Registration> table = [] {
    std::vector<Registration> all;
    for (ArrayRef<Registration> family :
         {elementwiseRegistrations(), reductionRegistrations(),
          normalizationRegistrations(), convolutionAndPoolingRegistrations(),
          linearAlgebraRegistrations(), dataMovementRegistrations(),
          recurrentRegistrations(), quantizationRegistrations()})
      llvm::append_range(all, family);
    return all;
  }();
  return table;
}

std::string octet::ONNXOpSupport::typesName() const {
  std::string names;
  for (auto [bit, name] :
       {std::pair<unsigned, const char *>{kFloatTypes, "float"},
        {kIntegerTypes, "int"},
        {kBoolType, "bool"},
        {kFloat8Types, "float8"}})
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
