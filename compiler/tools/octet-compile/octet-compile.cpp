//===- octet-compile.cpp - ONNX model -> .octet artifact ------------------===//
//
//   octet-compile model.onnx -o model.octet [--target=cuda,opencl]
//                 [--cuda-arch=sm_90] [--dump-executables=DIR]
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
#include "dialects/Graph/IR/GraphOps.h"
#include "runtime/src/artifact/Artifact.h"
#include "runtime/src/npy/Npy.h"

#include "octet/runtime.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

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
cl::opt<std::string> cudaArch("cuda-arch",
                              cl::desc("CUDA architecture: sm_80, sm_89, "
                                       "sm_90, ... (default sm_90)"),
                              cl::init("sm_90"), cl::cat(category));
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
cl::opt<std::string> calibrationMethod(
    "calibration-method",
    cl::desc("How calibration ranges are taken: max (default: the largest "
             "magnitude seen over all sets)"),
    cl::init("max"), cl::cat(category));

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

LogicalResult writeFile(StringRef path, StringRef contents) {
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(path, &error);
  if (!file)
    return fail("cannot write '" + path + "': " + error);
  file->os() << contents;
  file->keep();
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

/// Applies --precision to the imported `module`; `activationAmax` holds the
/// calibrated ranges when `calibrated`.
LogicalResult convertPrecision(ModuleOp module, ArrayRef<double> activationAmax,
                               bool calibrated) {
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
/// directory, as <kernel><extension>.
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
    FailureOr<octet::SerializedExecutable> code =
        backend.serialize(*single, options);
    if (failed(code))
      return failure();
    llvm::SmallString<256> path(dumpDirectory);
    llvm::sys::path::append(path, kernel.getName() + code->fileExtension);
    if (failed(writeFile(path, code->code)))
      return failure();
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
  size_t width = 8;
  for (const octet::ONNXOpSupport &op : ops)
    width = std::max(width, op.opType.size());
  width += 2;
  os << llvm::left_justify("OPERATOR", width) << llvm::left_justify("OPSETS", 8)
     << llvm::left_justify("INPUTS", 8) << llvm::left_justify("TYPES", 16)
     << "ATTRIBUTES\n";
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
       << llvm::left_justify(op.maxInputs == 0 ? "-" : op.typesName(), 16)
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
    int64_t workgroupSize = backend->workgroupSize(options);
    if (failed(runPipeline(*lowered, [&](OpPassManager &pm) {
          octet::buildLoopsToGPUPipeline(pm, workgroupSize);
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

    octet::TargetArtifact result;
    result.target = backend->name().str();
    result.plan = std::move(*plan);
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
    FailureOr<octet::SerializedExecutable> code =
        backend->serialize(kernelModules.front(), options);
    if (failed(code))
      return failure();
    result.executable = std::move(*code);
    if (forUser && !dumpDirectory.empty() &&
        failed(dumpKernels(*backend, kernelModules.front(), options)))
      return failure();
    results.push_back(std::move(result));
  }

  std::string error;
  FailureOr<std::vector<uint8_t>> bytes =
      octet::serializeArtifact(results, "octet-compile 0.1", error);
  if (failed(bytes))
    return fail(error);
  return std::optional<std::vector<uint8_t>>(std::move(*bytes));
}

/// An octet_status as a LogicalResult; on error prints `what`: message.
LogicalResult check(octet_status *status, const llvm::Twine &what) {
  if (!status)
    return success();
  std::string message = octet_status_message(status);
  octet_status_free(status);
  return fail(what + ": " + message);
}

/// Measures, for --precision fp8, the largest magnitude of each activation
/// octet::getActivationsToQuantize names: the f32 `module` with those
/// activations as extra outputs is compiled for the first device Octet's
/// runtime finds and run on every input set of --calibration.
FailureOr<SmallVector<double>> calibrate(ModuleOp module,
                                         const octet::TargetOptions &options) {
  if (calibrationMethod != "max")
    return fail("--calibration-method '" + calibrationMethod +
                "' is not supported yet; use max");
  std::error_code ec;
  std::vector<std::string> sets;
  for (llvm::sys::fs::directory_iterator it(calibrationDir, ec), end;
       it != end && !ec; it.increment(ec))
    if (llvm::sys::fs::is_directory(it->path()))
      sets.push_back(it->path());
  if (ec)
    return fail("cannot read calibration directory '" + calibrationDir +
                "': " + ec.message());
  llvm::sort(sets);
  if (sets.empty())
    return fail("calibration directory '" + calibrationDir +
                "' has no input sets (one subdirectory per set, holding "
                "<input name>.npy for every graph input)");

  // The probe: the model with its activations as extra outputs.
  OwningOpRef<ModuleOp> probe = cast<ModuleOp>(module->clone());
  FailureOr<func::FuncOp> func = findHostFunction(*probe);
  if (failed(func))
    return failure();
  SmallVector<Value> activations = octet::getActivationsToQuantize(*func);
  if (activations.empty())
    return SmallVector<double>();
  auto ret = cast<func::ReturnOp>(func->getBody().front().getTerminator());
  unsigned firstProbe = ret.getNumOperands();
  SmallVector<DictionaryAttr> resultAttrs;
  func->getAllResultAttrs(resultAttrs);
  Builder builder(module.getContext());
  for (auto [index, activation] : llvm::enumerate(activations)) {
    ret.getOperandsMutable().append(activation);
    resultAttrs.push_back(builder.getDictionaryAttr(builder.getNamedAttr(
        "octet.name",
        builder.getStringAttr("octet.calibration." + llvm::Twine(index)))));
  }
  func->setType(
      builder.getFunctionType(func->getArgumentTypes(), ret.getOperandTypes()));
  func->setAllResultAttrs(resultAttrs);

  // Compile it for the first device.
  octet_runtime *runtime = nullptr;
  if (failed(check(octet_runtime_create(&runtime), "calibration")))
    return failure();
  auto destroyRuntime =
      llvm::make_scope_exit([&] { octet_runtime_destroy(runtime); });
  if (octet_runtime_device_count(runtime) == 0)
    return fail("calibration runs the model on a device, and none was found "
                "(octet-run --list-devices says why)");
  octet_device_info device;
  if (failed(
          check(octet_runtime_device_info(runtime, 0, &device), "calibration")))
    return failure();
  octet::TargetBackend *backend = octet::lookupTargetBackend(device.api);
  if (!backend)
    return fail("calibration: this build has no compiler target for the " +
                llvm::Twine(device.api) + " device found");
  std::vector<octet::TargetArtifact> results;
  FailureOr<LoweredArtifact> bytes =
      lowerModule(*probe, {backend}, options, /*forUser=*/false, results);
  if (failed(bytes))
    return failure();
  int fd = -1;
  SmallString<128> artifactPath;
  if (std::error_code err = llvm::sys::fs::createTemporaryFile(
          "octet-calibration", "octet", fd, artifactPath))
    return fail("calibration: cannot create a temporary file: " +
                err.message());
  auto removeArtifact =
      llvm::make_scope_exit([&] { llvm::sys::fs::remove(artifactPath); });
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os.write(reinterpret_cast<const char *>((*bytes)->data()),
             (*bytes)->size());
  }
  octet_model *model = nullptr;
  std::string request =
      std::string(device.api) + ":" + std::to_string(device.ordinal);
  if (failed(check(octet_model_load(runtime, artifactPath.c_str(),
                                    request.c_str(), &model),
                   "calibration")))
    return failure();
  auto destroyModel =
      llvm::make_scope_exit([&] { octet_model_destroy(model); });

  SmallVector<double> amax(activations.size(), 0.0);
  size_t inputCount = octet_model_input_count(model);
  for (auto [number, set] : llvm::enumerate(sets)) {
    StringRef setName = llvm::sys::path::filename(set);
    llvm::errs() << kToolName << ": calibration set " << number + 1 << "/"
                 << sets.size() << " (" << setName << ")\n";
    std::vector<octet::npy::Array> arrays(inputCount);
    std::vector<octet_tensor> tensors(inputCount);
    for (size_t i = 0; i < inputCount; ++i) {
      octet_tensor info;
      if (failed(check(octet_model_input_info(model, i, &info), "calibration")))
        return failure();
      SmallString<128> path(set);
      llvm::sys::path::append(path, std::string(info.name) + ".npy");
      if (!llvm::sys::fs::exists(path))
        return fail("calibration set '" + setName + "' has no " +
                    llvm::sys::path::filename(path) + " for graph input '" +
                    info.name + "'");
      if (octet::Status status =
              octet::npy::readFile(path.str().str(), arrays[i]);
          !status.isOk())
        return fail("calibration set '" + setName + "': " + status.message());
      tensors[i] = info;
      tensors[i].dtype = static_cast<octet_dtype>(arrays[i].dtype);
      tensors[i].rank = static_cast<int32_t>(arrays[i].shape.size());
      tensors[i].dims = arrays[i].shape.data();
      tensors[i].data = arrays[i].data.data();
      tensors[i].size_bytes = arrays[i].data.size();
    }
    if (failed(check(octet_model_run(model, tensors.data(), tensors.size()),
                     "calibration set '" + setName + "'")))
      return failure();
    for (size_t j = 0; j < activations.size(); ++j) {
      octet_tensor out;
      if (failed(check(octet_model_output(model, firstProbe + j, &out),
                       "calibration")))
        return failure();
      const float *values = static_cast<const float *>(out.data);
      for (size_t k = 0; k < out.size_bytes / sizeof(float); ++k)
        if (std::isfinite(values[k]))
          amax[j] =
              std::max(amax[j], static_cast<double>(std::fabs(values[k])));
    }
  }
  llvm::errs() << kToolName << ": calibrated " << activations.size()
               << " activations on " << sets.size() << " input sets ("
               << octet_model_device_description(model) << ")\n";
  return amax;
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
  SmallVector<double> activationAmax;
  if (calibrating) {
    FailureOr<SmallVector<double>> measured = calibrate(*module, options);
    if (failed(measured))
      return failure();
    activationAmax = std::move(*measured);
  }
  if (failed(convertPrecision(*module, activationAmax, calibrating)))
    return failure();
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
