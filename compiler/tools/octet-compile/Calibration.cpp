//===- Calibration.cpp - Running models on calibration data ---------------===//
//
// See Calibration.h. The runtime is used through its C API, as any
// application would: the artifact is written to a temporary file, loaded
// on the device, and run on the .npy input sets.
//
//===----------------------------------------------------------------------===//
#include "compiler/tools/octet-compile/Calibration.h"

#include "compiler/tools/Init/InitOctet.h"
#include "runtime/src/npy/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "octet/runtime.h"

#include <algorithm>

using namespace mlir;

namespace octet::compile {

namespace {
/// `status`'s message (and frees it); empty for success.
std::string takeMessage(octet_status *status) {
  if (!status)
    return {};
  std::string message = octet_status_message(status);
  octet_status_free(status);
  return message.empty() ? "unknown error" : message;
}
} // namespace

FailureOr<CalibrationSets> readCalibrationSets(StringRef dir,
                                               std::string &error) {
  std::error_code ec;
  std::vector<std::pair<std::string, std::string>> found;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    if (llvm::sys::fs::is_directory(it->path()))
      found.emplace_back(llvm::sys::path::filename(it->path()).str(),
                         it->path());
  if (ec) {
    error = "cannot read calibration directory '" + dir.str() +
            "': " + ec.message();
    return failure();
  }
  if (found.empty()) {
    error = "calibration directory '" + dir.str() +
            "' has no input sets (one subdirectory per set, holding "
            "<input name>.npy for every graph input)";
    return failure();
  }
  llvm::sort(found);
  CalibrationSets sets;
  for (auto &[name, path] : found) {
    sets.names.push_back(name);
    sets.paths.push_back(path);
  }
  return sets;
}

ProbeRunner::~ProbeRunner() {
  if (runtime)
    octet_runtime_destroy(runtime);
}

std::unique_ptr<ProbeRunner> ProbeRunner::create(std::string &error) {
  std::unique_ptr<ProbeRunner> runner(new ProbeRunner());
  if (std::string message = takeMessage(octet_runtime_create(&runner->runtime));
      !message.empty()) {
    error = "calibration: " + message;
    return nullptr;
  }
  if (octet_runtime_device_count(runner->runtime) == 0) {
    error = "calibration runs the model on a device, and none was found "
            "(octet-run --list-devices says why)";
    return nullptr;
  }
  octet_device_info device;
  if (std::string message =
          takeMessage(octet_runtime_device_info(runner->runtime, 0, &device));
      !message.empty()) {
    error = "calibration: " + message;
    return nullptr;
  }
  runner->backend = lookupTargetBackend(device.api);
  if (!runner->backend) {
    error = "calibration: this build has no compiler target for the " +
            std::string(device.api) + " device found";
    return nullptr;
  }
  runner->deviceRequest =
      std::string(device.api) + ":" + std::to_string(device.ordinal);
  return runner;
}

LogicalResult ProbeRunner::run(ModuleOp module, ArrayRef<Value> probes,
                               const CalibrationSets &sets,
                               ArtifactLowering lower, OutputConsumer consume,
                               bool progress, std::string &error) {
  auto funcs = llvm::to_vector(module.getOps<func::FuncOp>());
  if (funcs.size() != 1) {
    error = "internal error: expected one host function";
    return failure();
  }
  func::FuncOp func = funcs.front();
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  SmallVector<DictionaryAttr> resultAttrs;
  func.getAllResultAttrs(resultAttrs);
  Builder builder(module.getContext());
  for (auto [index, probe] : llvm::enumerate(probes)) {
    ret.getOperandsMutable().append(probe);
    resultAttrs.push_back(builder.getDictionaryAttr(builder.getNamedAttr(
        "octet.name",
        builder.getStringAttr("octet.probe." + llvm::Twine(index)))));
  }
  func.setType(
      builder.getFunctionType(func.getArgumentTypes(), ret.getOperandTypes()));
  func.setAllResultAttrs(resultAttrs);

  FailureOr<std::vector<uint8_t>> bytes = lower(module, backend);
  if (failed(bytes)) {
    error = "calibration: the measuring model did not compile";
    return failure();
  }
  int fd = -1;
  SmallString<128> path;
  if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
          "octet-calibration", "octet", fd, path)) {
    error = "calibration: cannot create a temporary file: " + ec.message();
    return failure();
  }
  auto removeFile = llvm::make_scope_exit([&] { llvm::sys::fs::remove(path); });
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os.write(reinterpret_cast<const char *>(bytes->data()), bytes->size());
    os.close();
    if (os.has_error()) {
      error = "calibration: cannot write '" + path.str().str() +
              "': " + os.error().message();
      os.clear_error();
      return failure();
    }
  }
  octet_model *model = nullptr;
  if (std::string message = takeMessage(octet_model_load(
          runtime, path.c_str(), deviceRequest.c_str(), &model));
      !message.empty()) {
    error = "calibration: " + message;
    return failure();
  }
  auto destroyModel =
      llvm::make_scope_exit([&] { octet_model_destroy(model); });
  description = octet_model_device_description(model);

  size_t inputCount = octet_model_input_count(model);
  size_t outputCount = octet_model_output_count(model);
  for (size_t set = 0; set < sets.paths.size(); ++set) {
    const std::string &setName = sets.names[set];
    if (progress)
      llvm::errs() << "octet-compile: calibration set " << set + 1 << "/"
                   << sets.paths.size() << " (" << setName << ")\n";
    std::vector<octet::npy::Array> arrays(inputCount);
    std::vector<octet_tensor> tensors(inputCount);
    for (size_t i = 0; i < inputCount; ++i) {
      octet_tensor info;
      if (std::string message =
              takeMessage(octet_model_input_info(model, i, &info));
          !message.empty()) {
        error = "calibration: " + message;
        return failure();
      }
      SmallString<128> file(sets.paths[set]);
      llvm::sys::path::append(file, std::string(info.name) + ".npy");
      if (!llvm::sys::fs::exists(file)) {
        error = "calibration set '" + setName + "' has no " +
                std::string(info.name) + ".npy for graph input '" + info.name +
                "'";
        return failure();
      }
      if (octet::Status status =
              octet::npy::readFile(file.str().str(), arrays[i]);
          !status.isOk()) {
        error = "calibration set '" + setName + "': " + status.message();
        return failure();
      }
      // Raw bits ('|V1', '|V2') become the model's narrow type, as in
      // octet-run.
      auto expected = static_cast<octet::artifact::DType>(info.dtype);
      if (arrays[i].rawBits &&
          octet::npy::canReinterpretAs(arrays[i], expected))
        arrays[i].dtype = expected;
      tensors[i] = info;
      tensors[i].dtype = static_cast<octet_dtype>(arrays[i].dtype);
      tensors[i].rank = static_cast<int32_t>(arrays[i].shape.size());
      tensors[i].dims = arrays[i].shape.data();
      tensors[i].data = arrays[i].data.data();
      tensors[i].size_bytes = arrays[i].data.size();
    }
    if (std::string message =
            takeMessage(octet_model_run(model, tensors.data(), tensors.size()));
        !message.empty()) {
      error = "calibration set '" + setName + "': " + message;
      return failure();
    }
    for (size_t output = 0; output < outputCount; ++output) {
      octet_tensor out;
      if (std::string message =
              takeMessage(octet_model_output(model, output, &out));
          !message.empty()) {
        error = "calibration: " + message;
        return failure();
      }
      if (out.dtype != OCTET_DTYPE_F32)
        continue;
      consume(set, output,
              ArrayRef<float>(static_cast<const float *>(out.data),
                              out.size_bytes / sizeof(float)));
    }
  }
  return success();
}

} // namespace octet::compile
