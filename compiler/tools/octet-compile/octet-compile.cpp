//===- octet-compile.cpp - ONNX model -> .octet artifact ------------------===//
//
//   octet-compile model.onnx -o model.octet [--target=cuda,opencl]
//                 [--cuda-arch=sm_80,sm_90] [--dump-executables=DIR]
//                 [--emit=artifact|graph|linalg|loops|gpu]
//                 [--debug-diagnostics]
//   octet-compile --list-onnx-ops
//
// Imports the model into the graph dialect, lowers it to linalg, fuses,
// bufferizes and lowers it to parallel loops once, then for each target maps
// the loops onto that target's grid, outlines the kernels, serializes them and
// extracts the execution plan; finally writes one artifact carrying every
// target's executable. --emit stops after a stage and prints its MLIR.
//
//===----------------------------------------------------------------------===//
#include "compiler/Artifact/ArtifactWriter.h"
#include "compiler/Artifact/ExecutionPlan.h"
#include "compiler/Input/ONNX/ONNXImporter.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Quantization/Passes.h"
#include "compiler/tools/Init/InitOctet.h"
#include "compiler/tools/octet-compile/Calibration.h"
#include "compiler/tools/octet-compile/PrecisionReport.h"
#include "dialects/Graph/IR/GraphOps.h"
#include "runtime/src/artifact/Artifact.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

using namespace mlir;
namespace cl = llvm::cl;

namespace {

enum class EmitStage { Graph, Linalg, Loops, GPU, Artifact };

cl::OptionCategory category("octet-compile options");

cl::opt<std::string> inputPath(cl::Positional, cl::desc("<model.onnx>"),
                               cl::cat(category));
cl::opt<bool> listONNXOps(
    "list-onnx-ops",
    cl::desc("Print the ONNX operators this compiler imports (opsets, "
             "inputs, attributes) and exit"),
    cl::cat(category));
cl::opt<std::string> outputPath("o", cl::desc("Output file"),
                                cl::value_desc("file"), cl::cat(category));
cl::opt<std::string>
    targetList("target",
               cl::desc("Comma-separated targets to compile for (default: "
                        "every built-in target, e.g. cuda,opencl)"),
               cl::value_desc("names"), cl::cat(category));
cl::opt<std::string> cudaArch(
    "cuda-arch",
    cl::desc("CUDA architectures, comma-separated, one executable each: "
             "sm_80, sm_86, sm_89, sm_90, ... (default sm_80,sm_90); a GPU "
             "runs the one built for it, else the newest it can run"),
    cl::value_desc("archs"), cl::init("sm_80,sm_90"), cl::cat(category));
cl::opt<std::string>
    dumpDirectory("dump-executables",
                  cl::desc("Write every kernel, per target, as a file into "
                           "this directory (.cl, .ptx)"),
                  cl::value_desc("dir"), cl::cat(category));
cl::opt<EmitStage> emitStage(
    "emit", cl::desc("What to produce"), cl::init(EmitStage::Artifact),
    cl::values(
        clEnumValN(EmitStage::Graph, "graph", "graph dialect after import"),
        clEnumValN(EmitStage::Linalg, "linalg", "linalg on tensors"),
        clEnumValN(EmitStage::Loops, "loops",
                   "fused, bufferized parallel loops"),
        clEnumValN(EmitStage::GPU, "gpu",
                   "outlined kernels for the first target"),
        clEnumValN(EmitStage::Artifact, "artifact", "the .octet artifact")),
    cl::cat(category));

cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("Static shape of a graph input, NAME=D0xD1x... (repeatable); "
             "fixes symbolic dimensions such as batch or sequence length"),
    cl::value_desc("name=shape"), cl::cat(category));

cl::list<std::string> constantInputs(
    "constant-input",
    cl::desc("Compile graph input NAME as a constant holding FILE.npy "
             "(repeatable; for inputs constant in practice: shapes, axes, "
             "sizes); it leaves the artifact's inputs"),
    cl::value_desc("name=file.npy"), cl::cat(category));

enum class Precision { FP32, BF16, FP8 };
cl::opt<Precision> precision(
    "precision", cl::desc("Precision of weights and activations"),
    cl::init(Precision::FP32),
    cl::values(
        clEnumValN(Precision::FP32, "fp32", "as the model states (default)"),
        clEnumValN(Precision::BF16, "bf16",
                   "bf16 weights and activations, f32 accumulation; "
                   "sensitive ops (softmax, normalizations) in f32"),
        clEnumValN(Precision::FP8, "fp8",
                   "FP8 weights with per-channel scales (--weights-only), "
                   "or the model's own FP8 Q/DQ scales")),
    cl::cat(category));
cl::opt<std::string>
    fp8Format("fp8-format",
              cl::desc("FP8 format for --precision fp8: e4m3 (default) or "
                       "e5m2"),
              cl::init("e4m3"), cl::cat(category));
cl::opt<bool>
    weightsOnly("weights-only",
                cl::desc("Store only the weights at --precision (bf16 or FP8); "
                         "activations and math stay f32"),
                cl::cat(category));

cl::opt<std::string> calibrationDir(
    "calibration",
    cl::desc("Calibration data for --precision fp8: a directory with one "
             "subdirectory per input set, holding <input name>.npy for "
             "every graph input"),
    cl::value_desc("dir"), cl::cat(category));
enum class CalibrationMethod { Max, Percentile };
cl::opt<CalibrationMethod> calibrationMethod(
    "calibration-method", cl::desc("How an activation's range is taken"),
    cl::init(CalibrationMethod::Max),
    cl::values(clEnumValN(CalibrationMethod::Max, "max",
                          "the largest magnitude over all sets (default)"),
               clEnumValN(CalibrationMethod::Percentile, "percentile",
                          "the --calibration-percentile of the magnitudes "
                          "over all sets (clips rare outliers)")),
    cl::cat(category));
cl::opt<double> calibrationPercentile(
    "calibration-percentile",
    cl::desc("Percentile of the magnitudes for --calibration-method "
             "percentile (default 99.99)"),
    cl::init(99.99), cl::cat(category));

cl::opt<double> accuracyBudget(
    "accuracy-budget",
    cl::desc("With --calibration: keep the quantized nodes that add the "
             "most error at f32, one by one, until every model output "
             "reaches this cosine similarity to FP32 on the calibration "
             "data (e.g. 0.999)"),
    cl::value_desc("cosine"), cl::cat(category));
cl::opt<std::string> precisionReport(
    "precision-report",
    cl::desc("With --calibration: write what FP8 quantization chose and "
             "measured, per ONNX node, as a self-contained HTML page here, "
             "and as JSON beside it (same name, .json)"),
    cl::value_desc("report.html"), cl::cat(category));

cl::opt<bool> debugDiagnostics(
    "debug-diagnostics",
    cl::desc("Attach the operation an error is about (in generic MLIR form) "
             "and a stack trace to every compiler diagnostic"),
    cl::cat(category));

constexpr llvm::StringLiteral kToolName = "octet-compile";

LogicalResult fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), kToolName) << message << "\n";
  return failure();
}

/// Writes `contents` to `path` ("-": stdout) through a temporary file renamed
/// over `path`, so that a runtime that has the previous file mapped keeps
/// reading it whole.
LogicalResult writeFile(StringRef path, StringRef contents) {
  if (llvm::Error error = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
        os << contents;
        return llvm::Error::success();
      }))
    return fail("cannot write '" + path +
                "': " + llvm::toString(std::move(error)));
  return success();
}

LogicalResult printModule(ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os);
  return writeFile(outputPath.empty() ? StringRef("-") : StringRef(outputPath),
                   text);
}

LogicalResult runPipeline(ModuleOp module,
                          llvm::function_ref<void(OpPassManager &)> build) {
  PassManager pm(module.getContext());
  if (failed(applyPassManagerCLOptions(pm)))
    return failure();
  build(pm);
  return pm.run(module);
}

/// Whether `module` quantizes to FP8 itself (QuantizeLinear to a float8
/// type, or Cast).
bool hasOwnFP8Quantization(ModuleOp module) {
  bool found = false;
  module.walk([&](octet::graph::CastOp cast) {
    auto type = dyn_cast<FloatType>(cast.getType().getElementType());
    found |= type && type.getWidth() == 8;
  });
  return found;
}

/// The bytes of the tensor constants of `module`.
uint64_t constantBytesOf(ModuleOp module) {
  uint64_t bytes = 0;
  module.walk([&](arith::ConstantOp constant) {
    if (auto type = dyn_cast<RankedTensorType>(constant.getType()))
      bytes += type.getNumElements() *
               std::max<uint64_t>(1, type.getElementTypeBitWidth() / 8);
  });
  return bytes;
}

/// Applies --precision to the imported `module`; `activationAmax` holds the
/// calibrated ranges and `keep` the nodes to leave f32 when `calibrated`.
LogicalResult convertPrecision(ModuleOp module, ArrayRef<double> activationAmax,
                               ArrayRef<std::string> keep, bool calibrated) {
  if (precision == Precision::FP32)
    return weightsOnly ? fail("--weights-only needs --precision bf16 or fp8")
                       : success();
  if (precision == Precision::FP8 && !weightsOnly && !calibrated) {
    if (hasOwnFP8Quantization(module)) {
      llvm::errs() << kToolName
                   << ": note: the model quantizes to FP8 itself (Q/DQ); "
                      "its own scales are used\n";
      return success();
    }
    return fail("--precision fp8 quantizes activations with ranges "
                "measured on calibration data: give it with --calibration "
                "DIR, or use --weights-only (FP8 weights, f32 activations)");
  }
  return runPipeline(module, [&](OpPassManager &pm) {
    octet::ConvertPrecisionOptions options;
    options.precision = precision == Precision::BF16 ? "bf16" : "fp8";
    options.fp8Format = fp8Format;
    options.weightsOnly = weightsOnly;
    options.activationAmax = llvm::to_vector(activationAmax);
    options.keepF32Nodes = llvm::to_vector(keep);
    pm.addNestedPass<func::FuncOp>(octet::createConvertPrecision(options));
  });
}

/// The single host function of a lowered model.
FailureOr<func::FuncOp> findHostFunction(ModuleOp module) {
  auto funcs = llvm::to_vector(module.getOps<func::FuncOp>());
  if (funcs.size() != 1)
    return fail("expected one host function after lowering, found " +
                llvm::Twine(funcs.size()));
  return funcs.front();
}

/// Writes each kernel of `kernels` alone through `backend` into the dump
/// directory, as <kernel><extension>, or <kernel>.<arch><extension> when the
/// target builds several variants.
LogicalResult dumpKernels(octet::TargetBackend &backend,
                          gpu::GPUModuleOp kernels,
                          const octet::TargetOptions &options) {
  if (std::error_code ec = llvm::sys::fs::create_directories(dumpDirectory))
    return fail("cannot create directory '" + dumpDirectory +
                "': " + ec.message());
  for (auto kernel : kernels.getOps<gpu::GPUFuncOp>()) {
    OwningOpRef<gpu::GPUModuleOp> single =
        cast<gpu::GPUModuleOp>(kernels->cloneWithoutRegions());
    single->getRegion().emplaceBlock();
    single->getBody()->push_back(kernel->clone());
    FailureOr<std::vector<octet::SerializedExecutable>> variants =
        backend.serializeVariants(*single, options);
    if (failed(variants))
      return failure();
    for (const octet::SerializedExecutable &code : *variants) {
      std::string name = kernel.getName().str();
      if (variants->size() > 1 && !code.arch.empty())
        name += "." + code.arch;
      llvm::SmallString<256> path(dumpDirectory);
      llvm::sys::path::append(path, name + code.fileExtension);
      if (failed(writeFile(path, code.code)))
        return failure();
    }
  }
  return success();
}

/// --list-onnx-ops: one line per operator, from the importer's table.
void printONNXOps(llvm::raw_ostream &os) {
  std::vector<octet::ONNXOpSupport> ops = octet::getSupportedONNXOps();
  size_t distinct = 0;
  for (size_t i = 0; i < ops.size(); ++i)
    distinct += i == 0 || ops[i].opType != ops[i - 1].opType;
  os << "ONNX operators imported (domain ai.onnx): " << distinct << "\n";
  size_t width = 8, typesWidth = 16;
  for (const octet::ONNXOpSupport &op : ops) {
    width = std::max(width, op.opType.size());
    typesWidth = std::max(typesWidth, op.typesName().size() + 2);
  }
  width += 2;
  os << llvm::left_justify("OPERATOR", width) << llvm::left_justify("OPSETS", 8)
     << llvm::left_justify("INPUTS", 8)
     << llvm::left_justify("TYPES", typesWidth) << "ATTRIBUTES\n";
  for (const octet::ONNXOpSupport &op : ops) {
    std::string inputs = std::to_string(op.minInputs);
    if (op.maxInputs == octet::ONNXOpSupport::kVariadic)
      inputs += "+";
    else if (op.maxInputs != op.minInputs)
      inputs += "-" + std::to_string(op.maxInputs);
    std::string opsets = std::to_string(op.sinceOpset) +
                         (op.untilOpset ? "-" + std::to_string(op.untilOpset)
                                        : std::string("+"));
    std::string attributes = op.attributes.str();
    llvm::replace(attributes, ',', ' ');
    os << llvm::left_justify(op.opType, width) << llvm::left_justify(opsets, 8)
       << llvm::left_justify(inputs, 8)
       << llvm::left_justify(op.maxInputs == 0 ? "-" : op.typesName(),
                             typesWidth)
       << (attributes.empty() ? "-" : attributes) << "\n";
  }
}

/// The artifact lowerModule produced, or nothing when an --emit stage was
/// printed instead.
using LoweredArtifact = std::optional<std::vector<uint8_t>>;

/// Lowers the graph-dialect `module` (in place) for `targets` and
/// serializes the artifact. With `forUser`, --emit stages print instead and
/// --dump-executables applies; `results` receives each target's part.
FailureOr<LoweredArtifact>
lowerModule(ModuleOp module, ArrayRef<octet::TargetBackend *> targets,
            const octet::TargetOptions &options, bool forUser,
            std::vector<octet::TargetArtifact> &results) {
  auto printStage = [&](ModuleOp stage) -> FailureOr<LoweredArtifact> {
    if (failed(printModule(stage)))
      return failure();
    return LoweredArtifact();
  };
  if (failed(runPipeline(module, octet::buildGraphToLinalgPipeline)))
    return failure();
  if (forUser && emitStage == EmitStage::Linalg)
    return printStage(module);

  if (failed(runPipeline(module, octet::buildLinalgToLoopsPipeline)))
    return failure();
  if (forUser && emitStage == EmitStage::Loops)
    return printStage(module);

  for (octet::TargetBackend *backend : targets) {
    OwningOpRef<ModuleOp> lowered = cast<ModuleOp>(module->clone());
    octet::CodegenTargetInfo info = backend->codegenInfo(options);
    if (failed(runPipeline(*lowered, [&](OpPassManager &pm) {
          octet::buildLoopsToGPUPipeline(pm, info);
        })))
      return failure();
    if (forUser && emitStage == EmitStage::GPU)
      return printStage(*lowered);

    FailureOr<func::FuncOp> host = findHostFunction(*lowered);
    if (failed(host))
      return failure();
    FailureOr<octet::ExecutionPlan> plan = octet::buildExecutionPlan(*host);
    if (failed(plan))
      return failure();

    auto kernelModules = llvm::to_vector(lowered->getOps<gpu::GPUModuleOp>());
    if (kernelModules.size() > 1)
      return fail("internal error: kernels are spread over several modules");
    if (kernelModules.empty()) {
      // A model without kernels (only copies) still gets an executable, so
      // that the runtime can choose a device for it.
      OpBuilder builder(lowered->getBodyRegion());
      builder.setInsertionPointToEnd(lowered->getBody());
      kernelModules.push_back(gpu::GPUModuleOp::create(
          builder, lowered->getLoc(), "octet_kernels"));
    }
    FailureOr<std::vector<octet::SerializedExecutable>> variants =
        backend->serializeVariants(kernelModules.front(), options);
    if (failed(variants))
      return failure();
    // One executable per variant, all with the same plan.
    for (octet::SerializedExecutable &code : *variants) {
      octet::TargetArtifact result;
      result.target = backend->name().str();
      result.plan = *plan;
      result.executable = std::move(code);
      results.push_back(std::move(result));
    }
    if (forUser && !dumpDirectory.empty() &&
        failed(dumpKernels(*backend, kernelModules.front(), options)))
      return failure();
  }

  std::string error;
  FailureOr<std::vector<uint8_t>> bytes =
      octet::serializeArtifact(results, "octet-compile 0.1", error);
  if (failed(bytes))
    return fail(error);
  return std::optional<std::vector<uint8_t>>(std::move(*bytes));
}

/// What FP8 post-training quantization decided, and what it measured.
struct FP8Plan {
  SmallVector<double> activationAmax;
  SmallVector<std::string> keep;
  octet::compile::PrecisionReport report;
};

/// A contraction that quantization touches, and the ONNX node it came
/// from.
struct QuantizedNode {
  std::string name, opType;
  /// Relative L2 error with only this node quantized, and in the quantized
  /// model.
  double localError = 0;
  std::optional<double> modelError;
};

/// The attribute octet-compile tags measured ops with (see planFP8).
constexpr llvm::StringLiteral kContractionId = "octet.contraction_id";

/// Ops whose inputs or weights FP8 quantization changes: contractions,
/// and Gather (its table).
bool isQuantizableKind(Operation *op) {
  return isa<octet::graph::MatMulOp, octet::graph::GemmOp, octet::graph::ConvOp,
             octet::graph::ConvTransposeOp, octet::graph::GatherOp>(op);
}

/// Whether quantization changes what contraction `op` reads.
bool isQuantizable(Operation *op, const DenseSet<Value> &activations) {
  if (!isQuantizableKind(op))
    return false;
  for (OpOperand &operand : op->getOpOperands()) {
    unsigned index = operand.getOperandNumber();
    if (octet::readsQuantizedActivation(op, index) &&
        activations.contains(operand.get()))
      return true;
    if (octet::getWeightConstant(operand.get()) &&
        octet::getWeightChannelAxis(op, index))
      return true;
  }
  return false;
}

/// Sum of squared differences and of squared reference values, for a
/// relative L2 error.
struct ErrorAccumulator {
  double diff = 0, ref = 0;
  /// Set when two runs gave tensors of different sizes (a bug).
  bool mismatch = false;
  void add(ArrayRef<float> got, ArrayRef<float> want) {
    mismatch |= got.size() != want.size();
    for (size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
      double d = double(got[i]) - double(want[i]);
      diff += d * d;
      ref += double(want[i]) * double(want[i]);
    }
  }
  double relative() const { return ref > 0 ? std::sqrt(diff / ref) : 0.0; }
};

/// Cosine similarity accumulated over several runs.
struct CosineAccumulator {
  double dot = 0, got2 = 0, want2 = 0;
  bool mismatch = false;
  void add(ArrayRef<float> got, ArrayRef<float> want) {
    mismatch |= got.size() != want.size();
    for (size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
      dot += double(got[i]) * want[i];
      got2 += double(got[i]) * got[i];
      want2 += double(want[i]) * want[i];
    }
  }
  /// NaN when an output holds infinities or NaN.
  double cosine() const {
    if (!std::isfinite(dot) || !std::isfinite(got2) || !std::isfinite(want2))
      return std::nan("");
    return got2 > 0 && want2 > 0 ? dot / std::sqrt(got2 * want2)
                                 : (got2 == want2 ? 1.0 : 0.0);
  }
};

/// The host function of `module` (which has one).
func::FuncOp hostFunction(ModuleOp module) {
  return *module.getOps<func::FuncOp>().begin();
}

/// Applies octet-convert-precision for FP8 with `amax` and `keep` to
/// `module`.
LogicalResult convertToFP8(ModuleOp module, ArrayRef<double> amax,
                           ArrayRef<std::string> keep) {
  return runPipeline(module, [&](OpPassManager &pm) {
    octet::ConvertPrecisionOptions options;
    options.precision = "fp8";
    options.fp8Format = fp8Format;
    options.activationAmax = llvm::to_vector(amax);
    options.keepF32Nodes = llvm::to_vector(keep);
    pm.addNestedPass<func::FuncOp>(octet::createConvertPrecision(options));
  });
}

/// FP8 post-training quantization of `module` with --calibration: measures
/// the ranges of the activations to quantize, the error each quantized
/// node adds alone, then the quantized model's outputs against FP32; with
/// --accuracy-budget, keeps the nodes with the largest error at f32 one by
/// one until the outputs meet it.
FailureOr<FP8Plan> planFP8(ModuleOp module,
                           const octet::TargetOptions &options) {
  using namespace octet::compile;
  if (!(calibrationPercentile > 0 && calibrationPercentile <= 100))
    return fail("--calibration-percentile must be in (0, 100]");
  bool percentile = calibrationMethod == CalibrationMethod::Percentile;
  std::string error;
  FailureOr<CalibrationSets> sets = readCalibrationSets(calibrationDir, error);
  if (failed(sets))
    return fail(error);
  std::unique_ptr<ProbeRunner> runner = ProbeRunner::create(error);
  if (!runner)
    return fail(error);
  auto lower =
      [&](ModuleOp m,
          octet::TargetBackend *backend) -> FailureOr<std::vector<uint8_t>> {
    std::vector<octet::TargetArtifact> results;
    FailureOr<LoweredArtifact> bytes =
        lowerModule(m, {backend}, options, /*forUser=*/false, results);
    if (failed(bytes) || !*bytes)
      return failure();
    return std::move(**bytes);
  };
  FloatType format = fp8Format == "e4m3"
                         ? FloatType(Float8E4M3FNType::get(module.getContext()))
                         : FloatType(Float8E5M2Type::get(module.getContext()));
  size_t setCount = sets->paths.size();
  size_t outputCount = hostFunction(module).getNumResults();
  // Every op quantization may change gets an id that survives cloning and
  // octet-convert-precision, so that the FP32 and quantized runs compare
  // the same ops (node names need not be unique); removed at the end.
  {
    Builder builder(module.getContext());
    int64_t next = 0;
    hostFunction(module).walk([&](Operation *op) {
      if (isQuantizableKind(op))
        op->setAttr(kContractionId, builder.getI64IntegerAttr(next++));
    });
  }
  auto removeIds = llvm::make_scope_exit([&] {
    hostFunction(module).walk(
        [](Operation *op) { op->removeAttr(kContractionId); });
  });

  // 1. Ranges, and the FP32 outputs (the reference for everything else).
  FP8Plan plan;
  std::vector<std::vector<std::vector<float>>> reference(
      setCount, std::vector<std::vector<float>>(outputCount));
  {
    OwningOpRef<ModuleOp> probe = cast<ModuleOp>(module->clone());
    SmallVector<Value> activations =
        octet::getActivationsToQuantize(hostFunction(*probe));
    plan.activationAmax.assign(activations.size(), 0.0);
    // With percentile, every magnitude is kept (the calibration data of
    // one compile fits in memory).
    std::vector<std::vector<float>> magnitudes(percentile ? activations.size()
                                                          : 0);
    if (failed(runner->run(
            *probe, activations, *sets, lower,
            [&](size_t set, size_t output, ArrayRef<float> values) {
              if (output < outputCount) {
                reference[set][output].assign(values.begin(), values.end());
                return;
              }
              size_t index = output - outputCount;
              double &amax = plan.activationAmax[index];
              for (float v : values) {
                if (!std::isfinite(v))
                  continue;
                amax = std::max(amax, double(std::fabs(v)));
                if (percentile)
                  magnitudes[index].push_back(std::fabs(v));
              }
            },
            /*progress=*/true, error)))
      return fail(error);
    for (auto [index, values] : llvm::enumerate(magnitudes)) {
      if (values.empty())
        continue;
      double &amax = plan.activationAmax[index];
      // The smallest magnitude with at least the percentile below it.
      size_t rank =
          std::min<size_t>(values.size() - 1,
                           static_cast<size_t>(std::ceil(
                               calibrationPercentile / 100.0 * values.size())) -
                               1);
      std::nth_element(values.begin(), values.begin() + rank, values.end());
      amax = values[rank];
    }
    llvm::errs() << kToolName << ": calibrated " << activations.size()
                 << " activations on " << setCount << " input sets ("
                 << runner->deviceDescription() << ")\n";
  }

  // 2. The error each node adds alone: every quantizable contraction runs
  // twice, on FP32 inputs and on their quantized forms.
  std::vector<QuantizedNode> nodes;
  // Per set, the FP32 output of each quantizable contraction (in walk
  // order), and the node each belongs to.
  std::vector<std::vector<std::vector<float>>> nodeReference;
  // The id (kContractionId) and node name of each, in that order.
  std::vector<int64_t> contractionIds;
  std::vector<std::string> contractionNames;
  {
    OwningOpRef<ModuleOp> probe = cast<ModuleOp>(module->clone());
    func::FuncOp func = hostFunction(*probe);
    SmallVector<Value> activations = octet::getActivationsToQuantize(func);
    DenseMap<Value, double> amaxOf;
    for (auto [v, amax] : llvm::zip_equal(activations, plan.activationAmax))
      amaxOf[v] = amax;
    DenseSet<Value> activationSet(activations.begin(), activations.end());
    SmallVector<Operation *> contractions;
    func.walk([&](Operation *op) {
      if (isQuantizable(op, activationSet))
        contractions.push_back(op);
    });
    SmallVector<Value> probes;
    // An ONNX node may have become several contractions (a recurrent
    // layer's Gemms): their errors add up under the node's name.
    std::vector<size_t> probeNode;
    llvm::StringMap<size_t> nodeIndex;
    for (Operation *op : contractions) {
      OpBuilder builder(op);
      builder.setInsertionPointAfter(op);
      Operation *quantized = builder.clone(*op);
      quantized->removeAttr(kContractionId);
      contractionIds.push_back(
          op->getAttrOfType<IntegerAttr>(kContractionId).getInt());
      builder.setInsertionPoint(quantized);
      for (OpOperand &operand : quantized->getOpOperands()) {
        unsigned index = operand.getOperandNumber();
        Value v = operand.get();
        if (octet::readsQuantizedActivation(op, index) && amaxOf.count(v))
          operand.set(octet::buildQuantizeDequantize(builder, op->getLoc(), v,
                                                     amaxOf[v], format));
        else if (auto weight = octet::getWeightConstant(v))
          if (auto axis = octet::getWeightChannelAxis(op, index))
            operand.set(octet::buildCompressedWeight(builder, op->getLoc(),
                                                     weight, axis, format));
      }
      octet::graph::SourceNode source =
          octet::graph::getSourceNode(op->getLoc());
      auto [it, inserted] = nodeIndex.try_emplace(source.name, nodes.size());
      if (inserted)
        nodes.push_back({source.name.str(), source.opType.str()});
      probeNode.push_back(it->second);
      probes.push_back(op->getResult(0));
      probes.push_back(quantized->getResult(0));
    }
    std::vector<ErrorAccumulator> errors(nodes.size());
    // The FP32 output of each contraction, per set.
    nodeReference.assign(setCount,
                         std::vector<std::vector<float>>(probeNode.size()));
    if (!nodes.empty() &&
        failed(runner->run(
            *probe, probes, *sets, lower,
            [&](size_t set, size_t output, ArrayRef<float> values) {
              if (output < outputCount)
                return;
              size_t contraction = (output - outputCount) / 2;
              std::vector<float> &f32 = nodeReference[set][contraction];
              if ((output - outputCount) % 2 == 0)
                f32.assign(values.begin(), values.end());
              else
                errors[probeNode[contraction]].add(values, f32);
            },
            /*progress=*/false, error)))
      return fail(error);
    contractionNames.clear();
    for (size_t node : probeNode)
      contractionNames.push_back(nodes[node].name);
    if (llvm::any_of(errors, [](auto &e) { return e.mismatch; }))
      return fail("internal error: a quantized node's output differs in size "
                  "from the FP32 one");
    for (auto [node, accumulated] : llvm::zip_equal(nodes, errors))
      node.localError = accumulated.relative();
  }

  // 3. The quantized model against FP32. With a budget, the nodes are
  // ranked by the error each adds alone, and a binary search finds the
  // fewest of the worst to keep at f32 for the outputs to meet it.
  std::vector<size_t> byError(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i)
    byError[i] = i;
  llvm::stable_sort(byError, [&](size_t a, size_t b) {
    // NaN errors (a node whose output holds infinities) rank first.
    auto key = [](double e) { return std::isnan(e) ? INFINITY : e; };
    return key(nodes[a].localError) > key(nodes[b].localError);
  });
  llvm::StringMap<size_t> nodeIndex;
  for (auto [index, node] : llvm::enumerate(nodes))
    nodeIndex[node.name] = index;
  struct Evaluation {
    double worst = 1.0;
    /// Whether the model has an f32 output to measure.
    bool measured = false;
    std::vector<std::pair<std::string, double>> cosines;
    std::vector<double> nodeErrors;
  };
  std::map<size_t, Evaluation> evaluations;
  auto keptAt = [&](size_t count) {
    SmallVector<std::string> keep;
    for (size_t i = 0; i < count; ++i)
      keep.push_back(nodes[byError[i]].name);
    return keep;
  };
  // Quantizes with the `count` worst nodes kept and measures.
  auto evaluate = [&](size_t count) -> FailureOr<Evaluation *> {
    if (auto it = evaluations.find(count); it != evaluations.end())
      return &it->second;
    OwningOpRef<ModuleOp> quantized = cast<ModuleOp>(module->clone());
    if (failed(convertToFP8(*quantized, plan.activationAmax, keptAt(count))))
      return failure();
    func::FuncOp func = hostFunction(*quantized);
    // The same contractions in the quantized model (the pass keeps them
    // and their order).
    DenseMap<int64_t, Value> byId;
    func.walk([&](Operation *op) {
      if (auto id = op->getAttrOfType<IntegerAttr>(kContractionId))
        byId[id.getInt()] = op->getResult(0);
    });
    SmallVector<Value> probes;
    for (int64_t id : contractionIds) {
      Value found = byId.lookup(id);
      if (!found)
        return fail("internal error: a measured contraction is missing from "
                    "the quantized model");
      probes.push_back(found);
    }
    std::vector<CosineAccumulator> outputs(outputCount);
    std::vector<ErrorAccumulator> nodeErrors(nodes.size());
    if (failed(runner->run(
            *quantized, probes, *sets, lower,
            [&](size_t set, size_t output, ArrayRef<float> values) {
              if (output < outputCount) {
                outputs[output].add(values, reference[set][output]);
                return;
              }
              size_t contraction = output - outputCount;
              nodeErrors[nodeIndex[contractionNames[contraction]]].add(
                  values, nodeReference[set][contraction]);
            },
            /*progress=*/false, error)))
      return fail(error);
    Evaluation &result = evaluations[count];
    for (size_t index = 0; index < outputCount; ++index) {
      if (!cast<RankedTensorType>(func.getResultTypes()[index])
               .getElementType()
               .isF32())
        continue;
      auto name = func.getResultAttrOfType<StringAttr>(index, "octet.name");
      double cosine = outputs[index].cosine();
      result.cosines.emplace_back(name ? name.str() : std::to_string(index),
                                  cosine);
      if (outputs[index].mismatch)
        return fail("internal error: an output's size differs between the "
                    "FP32 and the quantized model");
      // NaN (infinities in an output) counts as the worst.
      if (!(cosine >= result.worst))
        result.worst = cosine;
      result.measured = true;
    }
    if (llvm::any_of(nodeErrors, [](auto &e) { return e.mismatch; }))
      return fail("internal error: a quantized node's output differs in size "
                  "from the FP32 one");
    for (const ErrorAccumulator &accumulated : nodeErrors)
      result.nodeErrors.push_back(accumulated.relative());
    return &result;
  };

  std::optional<double> budget;
  if (accuracyBudget.getNumOccurrences())
    budget = accuracyBudget;
  size_t kept = 0;
  FailureOr<Evaluation *> none = evaluate(0);
  if (failed(none))
    return failure();
  if (budget && !(*none)->measured)
    return fail("--accuracy-budget compares the model's float outputs with "
                "FP32, and this model has none");
  auto announce = [&](size_t count, const Evaluation &result) {
    llvm::errs() << kToolName << ": accuracy budget: " << count
                 << " of the worst nodes at f32: worst output cosine "
                 << llvm::formatv("{0:f6}", result.worst) << "\n";
  };
  if (budget && (*none)->worst < *budget) {
    announce(0, **none);
    FailureOr<Evaluation *> all = evaluate(nodes.size());
    if (failed(all))
      return failure();
    announce(nodes.size(), **all);
    if ((*all)->worst < *budget) {
      llvm::errs() << kToolName << ": warning: the outputs do not meet "
                   << "--accuracy-budget " << llvm::formatv("{0:f6}", *budget)
                   << " even with every quantized node at f32 (worst cosine "
                   << llvm::formatv("{0:f6}", (*all)->worst)
                   << "); the rest of the difference comes from the bf16 "
                      "storage of the other constants\n";
      kept = nodes.size();
    } else {
      // The smallest count that meets the budget, in (0, nodes].
      size_t lo = 0, hi = nodes.size();
      while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        FailureOr<Evaluation *> result = evaluate(mid);
        if (failed(result))
          return failure();
        announce(mid, **result);
        ((*result)->worst >= *budget ? hi : lo) = mid;
      }
      kept = hi;
    }
  }
  plan.keep = keptAt(kept);
  for (const std::string &name : plan.keep)
    llvm::errs() << kToolName << ": accuracy budget: node '" << name << "' ("
                 << nodes[nodeIndex[name]].opType << ") kept at f32\n";
  FailureOr<Evaluation *> chosen = evaluate(kept);
  if (failed(chosen))
    return failure();
  std::vector<std::pair<std::string, double>> cosines = (*chosen)->cosines;
  for (auto [index, node] : llvm::enumerate(nodes))
    node.modelError = llvm::is_contained(plan.keep, node.name)
                          ? std::nullopt
                          : std::optional<double>((*chosen)->nodeErrors[index]);

  // The report's view of every node.
  octet::compile::PrecisionReport &report = plan.report;
  report.model = inputPath;
  report.format = fp8Format;
  report.calibrationSets = setCount;
  report.device = runner->deviceDescription();
  report.budget = budget;
  report.outputCosine = cosines;
  report.keptForBudget.assign(plan.keep.begin(), plan.keep.end());
  for (const QuantizedNode &node : nodes) {
    octet::compile::NodeReport entry;
    entry.name = node.name;
    entry.opType = node.opType;
    bool kept = llvm::is_contained(plan.keep, node.name);
    entry.precision = kept ? "f32" : "fp8";
    entry.reason = kept ? "kept at f32 to meet the accuracy budget"
                        : "contraction: FP8 inputs, f32 accumulation";
    entry.localError = node.localError;
    entry.modelError = node.modelError;
    report.nodes.push_back(std::move(entry));
  }
  return plan;
}

/// Fills the scales of `report`'s nodes from the quantized `module` and adds
/// the nodes that stay f32.
void describeNodes(ModuleOp module, octet::compile::PrecisionReport &report) {
  llvm::StringMap<size_t> index;
  for (auto [i, node] : llvm::enumerate(report.nodes))
    index[node.name] = i;
  hostFunction(module).walk([&](Operation *op) {
    // Ops that come from a node (not from initializers or graph inputs).
    octet::graph::SourceNode source = octet::graph::getSourceNode(op->getLoc());
    if (source.name.empty() || source.opType.empty())
      return;
    if (!index.count(source.name)) {
      index[source.name] = report.nodes.size();
      octet::compile::NodeReport entry;
      entry.name = source.name.str();
      entry.opType = source.opType.str();
      entry.precision = "f32";
      entry.reason = "not a contraction: computed in f32";
      report.nodes.push_back(std::move(entry));
    }
    octet::compile::NodeReport &node = report.nodes[index[source.name]];
    if (!isQuantizableKind(op) || node.precision != "fp8")
      return;
    for (Value operand : op->getOperands()) {
      auto dequantize = operand.getDefiningOp<octet::graph::DequantizeOp>();
      if (!dequantize || !dequantize.getScale())
        continue;
      DenseElementsAttr scales;
      if (!matchPattern(dequantize.getScale(), m_Constant(&scales)))
        continue;
      auto values = llvm::to_vector(scales.getValues<float>());
      if (values.size() == 1 &&
          dequantize.getInput().getDefiningOp<octet::graph::CastOp>()) {
        node.activationScales.push_back(values.front());
      } else if (!values.empty()) {
        node.weightChannels = values.size();
        node.weightScaleMin = *llvm::min_element(values);
        node.weightScaleMax = *llvm::max_element(values);
      }
    }
  });
}

/// Adds to each node of `report` how every executable of the artifact
/// computes it.
void describePaths(ArrayRef<octet::TargetArtifact> executables,
                   octet::compile::PrecisionReport &report) {
  for (octet::compile::NodeReport &node : report.nodes)
    for (const octet::TargetArtifact &executable : executables) {
      const octet::SerializedExecutable &code = executable.executable;
      std::string label =
          executable.target + (code.arch.empty() ? "" : " " + code.arch);
      std::string conversions =
          code.notes.empty() ? "FP8 conversions emulated" : code.notes;
      node.paths.emplace_back(label, node.precision == "fp8"
                                         ? "FP8 stored as one byte; " +
                                               conversions + "; f32 math"
                                         : "f32");
    }
}

LogicalResult compile(MLIRContext &context) {
  if (inputPath.empty())
    return fail("no input model; usage: octet-compile <model.onnx> -o "
                "<model.octet> (see --help)");
  // Targets.
  std::vector<octet::TargetBackend *> targets;
  if (targetList.empty()) {
    for (const auto &backend : octet::getTargetBackends())
      targets.push_back(backend.get());
  } else {
    SmallVector<StringRef> names;
    StringRef(targetList).split(names, ',', -1, /*KeepEmpty=*/false);
    for (StringRef name : names) {
      octet::TargetBackend *backend = octet::lookupTargetBackend(name.trim());
      if (!backend) {
        std::string known;
        for (const auto &b : octet::getTargetBackends())
          known += (known.empty() ? "" : ", ") + b->name().str();
        return fail("unknown target '" + name.trim() +
                    "'; this build has: " + known);
      }
      if (!llvm::is_contained(targets, backend))
        targets.push_back(backend);
    }
  }
  if (targets.empty())
    return fail("no target selected");
  octet::TargetOptions options;
  options.cudaArch = cudaArch;
  for (octet::TargetBackend *backend : targets) {
    std::string error;
    if (failed(backend->checkOptions(options, error)))
      return fail(error);
  }
  if (emitStage == EmitStage::Artifact && outputPath.empty())
    return fail("no output file; use -o <model.octet>");

  octet::ONNXImportOptions importOptions;
  for (const std::string &spec : inputShapes) {
    std::string error;
    if (failed(octet::parseInputShape(spec, importOptions, error)))
      return fail(error);
  }
  for (const std::string &spec : constantInputs) {
    std::string error;
    if (failed(octet::parseConstantInput(spec, importOptions, error)))
      return fail(error);
  }
  if (fp8Format != "e4m3" && fp8Format != "e5m2")
    return fail("unknown --fp8-format '" + fp8Format + "'; use e4m3 or e5m2");
  OwningOpRef<ModuleOp> module =
      octet::importONNXFile(inputPath, context, importOptions);
  if (!module)
    return failure();
  bool calibrating = !calibrationDir.empty();
  if (calibrating && (precision != Precision::FP8 || weightsOnly))
    return fail("--calibration measures activation ranges for --precision "
                "fp8 without --weights-only");
  if (!precisionReport.empty() &&
      llvm::sys::path::extension(precisionReport) == ".json")
    return fail("--precision-report names the HTML page; the JSON is "
                "written beside it with the extension .json");
  if (!calibrating &&
      (accuracyBudget.getNumOccurrences() || !precisionReport.empty()))
    return fail("--accuracy-budget and --precision-report measure errors on "
                "calibration data: give it with --calibration DIR");
  std::optional<FP8Plan> plan;
  uint64_t fp32ConstantBytes = constantBytesOf(*module);
  if (calibrating) {
    FailureOr<FP8Plan> planned = planFP8(*module, options);
    if (failed(planned))
      return failure();
    plan = std::move(*planned);
  }
  if (failed(convertPrecision(
          *module,
          plan ? ArrayRef<double>(plan->activationAmax) : ArrayRef<double>(),
          plan ? ArrayRef<std::string>(plan->keep) : ArrayRef<std::string>(),
          calibrating)))
    return failure();
  if (plan)
    describeNodes(*module, plan->report);
  if (emitStage == EmitStage::Graph)
    return printModule(*module);

  std::vector<octet::TargetArtifact> results;
  FailureOr<LoweredArtifact> lowered =
      lowerModule(*module, targets, options, /*forUser=*/true, results);
  if (failed(lowered))
    return failure();
  if (!*lowered)
    return success(); // an --emit stage was printed
  std::vector<uint8_t> *bytes = &**lowered;
  // Read back what was written, with the runtime's own verifier.
  std::shared_ptr<const octet::artifact::LoadedArtifact> check;
  if (octet::Status status =
          octet::artifact::LoadedArtifact::fromBytes(*bytes, outputPath, check);
      !status.isOk())
    return fail("internal error: the artifact does not verify: " +
                status.message());
  if (failed(writeFile(outputPath,
                       StringRef(reinterpret_cast<const char *>(bytes->data()),
                                 bytes->size()))))
    return failure();

  size_t kernels = check->root().kernel_names()->size();
  std::string summary;
  for (const octet::TargetArtifact &result : results)
    summary += (summary.empty() ? "" : ", ") + result.target +
               (result.executable.arch.empty() ? std::string()
                                               : " " + result.executable.arch);
  uint64_t constantBytes = 0;
  for (const auto *constant : *check->root().constants())
    constantBytes += constant->data()->size();
  llvm::errs() << kToolName << ": wrote " << outputPath << " (" << kernels
               << " kernels; targets: " << summary << "; " << bytes->size()
               << " bytes, constants " << constantBytes << " bytes)\n";
  if (!plan)
    return success();

  // FP8 summary: the worst node, the outputs, the size against FP32.
  octet::compile::PrecisionReport &report = plan->report;
  describePaths(results, report);
  report.fp32ConstantBytes = fp32ConstantBytes;
  report.constantBytes = constantBytes;
  const octet::compile::NodeReport *worst = nullptr;
  size_t quantized = 0;
  for (const octet::compile::NodeReport &node : report.nodes) {
    if (node.precision != "fp8")
      continue;
    ++quantized;
    if (node.modelError && (!worst || *node.modelError > *worst->modelError))
      worst = &node;
  }
  llvm::errs() << kToolName << ": FP8 (" << fp8Format << "): " << quantized
               << " nodes quantized, " << report.keptForBudget.size()
               << " kept at f32";
  if (worst)
    llvm::errs() << "; worst node '" << worst->name << "' (" << worst->opType
                 << "), error " << llvm::formatv("{0:e2}", *worst->modelError);
  for (const auto &[name, cosine] : report.outputCosine)
    llvm::errs() << "; output '" << name << "' cosine "
                 << llvm::formatv("{0:f6}", cosine);
  if (fp32ConstantBytes)
    llvm::errs() << "; constants "
                 << llvm::formatv("{0:f3}",
                                  double(constantBytes) / fp32ConstantBytes)
                 << "x FP32";
  llvm::errs() << "\n";
  if (!precisionReport.empty()) {
    std::string error;
    SmallString<128> json(precisionReport);
    llvm::sys::path::replace_extension(json, "json");
    if (failed(
            octet::compile::writeReportHTML(report, precisionReport, error)) ||
        failed(octet::compile::writeReportJSON(report, json, error)))
      return fail(error);
    llvm::errs() << kToolName << ": wrote " << precisionReport << " and "
                 << json << "\n";
  }
  return success();
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv, "Octet compiler: ONNX model -> .octet artifact\n");
  if (listONNXOps) {
    printONNXOps(llvm::outs());
    return 0;
  }

  DialectRegistry registry;
  octet::registerOctetDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  octet::configureDiagnostics(context, debugDiagnostics);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  return succeeded(compile(context)) ? 0 : 1;
}
