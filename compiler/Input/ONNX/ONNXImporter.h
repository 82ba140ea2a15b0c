//===- ONNXImporter.h - ONNX model import -----------------------*- C++ -*-===//
//
// Declares the ONNX importer: it reads an ONNX model (binary protobuf or
// protobuf text format) and produces a module holding `func.func @main`
// built from `graph` dialect ops and `arith.constant` tensors.
//
// Initializers are always frozen into constants. ONNX lets an initializer
// that is also listed as a graph input act as an overridable default for that
// input; the importer still freezes it (the input does not become a function
// argument) and emits a warning naming the input. Malformed models are
// rejected with a diagnostic, never by crashing: duplicate initializer or
// graph output names, negative dimensions, and tensors or shapes whose size
// in bytes overflows int64 are errors.
//
//===----------------------------------------------------------------------===//

#ifndef OCTET_COMPILER_INPUT_ONNX_ONNXIMPORTER_H
#define OCTET_COMPILER_INPUT_ONNX_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace octet {

/// What the user tells the importer beyond the model file.
struct ONNXImportOptions {
  /// Static shapes for graph inputs, by name (octet-compile --input-shape):
  /// they fix symbolic dimensions (batch, sequence) and must agree with the
  /// dimensions the model does fix.
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Graph inputs compiled as constants (octet-compile --constant-input):
  /// name -> path of a .npy file with the value. They leave the artifact's
  /// inputs; for inputs that are constant in practice (shapes, axes, sizes).
  llvm::StringMap<std::string> constantInputs;
};

/// Parses one --constant-input value, `NAME=FILE.npy`, into `options`; on a
/// malformed value returns failure and sets `error`.
mlir::LogicalResult parseConstantInput(llvm::StringRef spec,
                                       ONNXImportOptions &options,
                                       std::string &error);

/// Parses one --input-shape value, `NAME=D0xD1x...` with decimal sizes
/// (`NAME=` alone is a scalar), into `options`; on a malformed value returns
/// failure and sets `error`.
mlir::LogicalResult parseInputShape(llvm::StringRef spec,
                                    ONNXImportOptions &options,
                                    std::string &error);

/// Imports the ONNX model in the file at `path`. Files named `*.onnxtxt`,
/// `*.textproto`, `*.pbtxt` or `*.txt` are read as protobuf text format,
/// others as binary protobuf (falling back to text format when the contents
/// look like text). Returns a module with `func.func @main`: its arguments
/// are the graph inputs that are not initializers (argument attribute
/// `octet.name`), its results the graph outputs (result attribute
/// `octet.name`). On error emits a diagnostic naming the file (and the node,
/// where there is one) and returns null. Loads the dialects it needs into
/// `context`. Tensors stored as external data (`data_location: EXTERNAL`)
/// are read from files relative to the model's directory.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXFile(llvm::StringRef path, mlir::MLIRContext &context,
               const ONNXImportOptions &options = {});

/// Like importONNXFile, for a model already in memory; `fileName` is used in
/// locations and diagnostics. Binary versus text format is decided from the
/// contents.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXBuffer(llvm::StringRef contents, llvm::StringRef fileName,
                 mlir::MLIRContext &context,
                 const ONNXImportOptions &options = {});

/// One ONNX operator the importer handles: what its line in the registration
/// tables (one per operator family, e.g. ElementwiseOps.cpp) says about it. The
/// importer checks every node against its entry (opset, input count, one
/// output, attribute names) before the operator's own import runs.
struct ONNXOpSupport {
  /// Operator name in the default domain (ai.onnx), e.g. "Gemm".
  llvm::StringRef opType;
  /// First opset of the default domain whose form of the operator this
  /// entry imports; the entry holds until the operator's next entry (an
  /// operator whose attributes became inputs has one entry per form).
  int64_t sinceOpset;
  /// Inputs the node may have (trailing empty names are absent inputs);
  /// `maxInputs` is kVariadic for operators taking any number.
  int minInputs, maxInputs;
  /// Attributes the node may carry, comma-separated ("" for none).
  llvm::StringRef attributes;
  /// Outputs the node may have: the first is required, the others optional
  /// (LayerNormalization's Mean and InvStdDev).
  int maxOutputs = 1;
  /// Last opset of this entry's form, 0 when it is the newest form (filled in
  /// by getSupportedONNXOps).
  int64_t untilOpset = 0;
  /// Element types the node's first input may have (for most operators
  /// ONNX's type variable T): a set of the k*Types bits below. The other
  /// inputs' types are checked by the operator's import.
  unsigned types = kFloatTypes;

  static constexpr int kVariadic = -1;
  /// kFloatTypes are the floats ops compute on (f16, bf16, f32, f64); the
  /// 8-bit floats (FLOAT8E4M3FN, FLOAT8E5M2) are only converted and moved.
  static constexpr unsigned kFloatTypes = 1, kIntegerTypes = 2, kBoolType = 4,
                            kFloat8Types = 8,
                            kNumericTypes = kFloatTypes | kIntegerTypes,
                            kAllTypes = kNumericTypes | kBoolType;

  /// `types` as a word list, e.g. "float,int,bool".
  std::string typesName() const;
};

/// Every ONNX operator form the importer handles, sorted by name and opset.
std::vector<ONNXOpSupport> getSupportedONNXOps();

/// Registers the mlir-translate translation `--import-onnx` (input: a binary
/// or text-format ONNX model, output: the imported module).
void registerONNXImportTranslation();

} // namespace octet

#endif // OCTET_COMPILER_INPUT_ONNX_ONNXIMPORTER_H
