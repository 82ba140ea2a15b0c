//===- CudaDriver.cpp - The CUDA runtime driver ---------------------------===//
//
// Implements hal::Driver/Device/Buffer/Executable on the CUDA driver API,
// through the function table of CudaApi.h (libcuda.so.1 is dlopened, never
// linked; cuda.h is never included).
//
// Each device uses its primary context, retained on first use, and one stream
// on which every operation is ordered. Buffers and executables hold a
// reference to that context so they stay valid even if they outlive their
// Device object. Every entry point pushes the context on the calling thread
// and pops it again, so the driver composes with other CUDA users.
//
// PTX is JIT-compiled with cuLink* into a cubin for the device; the cubin is
// stored in the kernel cache (KernelCache.h) and later runs load it directly
// with cuModuleLoadData.
//
//===----------------------------------------------------------------------===//
#include "targets/cuda/runtime/CudaDriver.h"

#include "runtime/src/artifact/Format.h"
#include "runtime/src/hal/CachedBuild.h"
#include "runtime/src/hal/DeviceChecks.h"
#include "runtime/src/hal/LoadReport.h"
#include "runtime/src/hal/Log.h"
#include "targets/cuda/runtime/CudaApi.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace octet::hal {
namespace cuda {
namespace {

constexpr const char *kApi = "cuda";
constexpr const char *kDefaultLibrary = "libcuda.so.1";
/// Size of each JIT log buffer (error and info).
constexpr size_t kJitLogBytes = 64 * 1024;

/// The primary context and stream of one device, shared by the Device and
/// everything created on it.
struct Context {
  const CudaApi *api = nullptr;
  CUdevice device = 0;
  CUcontext context = nullptr;
  CUstream stream = nullptr;
  /// The events that bracket a timed kernel on `stream` (dispatchTimed),
  /// created on first use.
  CUevent timerStart = nullptr;
  CUevent timerEnd = nullptr;
  /// The device's name, for messages.
  std::string where;

  ~Context();
};

/// "cuda: <call> failed (<CUDA_ERROR_...: text>) on '<device>'".
Status callError(const CudaApi *api, const char *call, CUresult code,
                 const std::string &device, const std::string &detail = "") {
  std::string message = std::string("cuda: ") + call + " failed (" +
                        errorName(api, code) + ") on '" + device + "'";
  if (!detail.empty())
    message += ": " + detail;
  return Status::error(std::move(message));
}

/// Makes a context current on this thread for the life of the object.
class CurrentContext {
public:
  explicit CurrentContext(const Context &context) : api_(context.api) {
    result_ = api_->cuCtxPushCurrent(context.context);
  }
  ~CurrentContext() {
    if (result_ == CUDA_SUCCESS) {
      CUcontext popped = nullptr;
      api_->cuCtxPopCurrent(&popped);
    }
  }
  CurrentContext(const CurrentContext &) = delete;
  CurrentContext &operator=(const CurrentContext &) = delete;
  CUresult result() const { return result_; }

private:
  const CudaApi *api_;
  CUresult result_;
};

/// Declares `current` making `ctx` current, returning on failure.
#define OCTET_CUDA_ENTER(ctx)                                                  \
  CurrentContext current((ctx));                                               \
  if (current.result() != CUDA_SUCCESS)                                        \
    return callError((ctx).api, "cuCtxPushCurrent", current.result(),          \
                     (ctx).where);

Context::~Context() {
  if (!context)
    return;
  if (stream) {
    CurrentContext current(*this);
    if (current.result() == CUDA_SUCCESS) {
      api->cuStreamSynchronize(stream);
      for (CUevent event : {timerStart, timerEnd})
        if (event)
          api->cuEventDestroy(event);
      api->cuStreamDestroy(stream);
    }
  }
  api->cuDevicePrimaryCtxRelease(device);
}

/// Whether [offset, offset + size) lies within a buffer of `total` bytes.
class CudaBuffer final : public Buffer {
public:
  CudaBuffer(std::shared_ptr<Context> context, CUdeviceptr pointer, size_t size)
      : context_(std::move(context)), pointer_(pointer), size_(size) {}
  ~CudaBuffer() override {
    CurrentContext current(*context_);
    if (current.result() == CUDA_SUCCESS)
      context_->api->cuMemFree(pointer_);
  }
  size_t sizeBytes() const override { return size_; }
  const Context *context() const { return context_.get(); }
  CUdeviceptr pointer() const { return pointer_; }

private:
  std::shared_ptr<Context> context_;
  CUdeviceptr pointer_;
  size_t size_;
};

class CudaExecutable final : public Executable, public ReportsLoad {
public:
  explicit CudaExecutable(std::shared_ptr<Context> context)
      : context_(std::move(context)) {}
  ~CudaExecutable() override {
    if (!module_)
      return;
    CurrentContext current(*context_);
    if (current.result() == CUDA_SUCCESS)
      context_->api->cuModuleUnload(module_);
  }
  const LoadReport &loadReport() const override { return report_; }

  std::shared_ptr<Context> context_;
  CUmodule module_ = nullptr;
  std::vector<CUfunction> functions_;
  std::vector<std::string> names_;
  LoadReport report_;
};

/// Parses "sm_80", "sm_90a", "compute_89" into 80/90/89 and the suffix ("",
/// "a", "f"). Returns false when `arch` is not of that form.
bool parseArch(const std::string &arch, int &sm, std::string &suffix) {
  size_t pos;
  if (arch.rfind("sm_", 0) == 0)
    pos = 3;
  else if (arch.rfind("compute_", 0) == 0)
    pos = 8;
  else
    return false;
  size_t digits = pos;
  while (digits < arch.size() &&
         std::isdigit(static_cast<unsigned char>(arch[digits])))
    ++digits;
  if (digits == pos || digits - pos > 4)
    return false;
  sm = std::stoi(arch.substr(pos, digits - pos));
  suffix = arch.substr(digits);
  return suffix.empty() || suffix == "a" || suffix == "f";
}

class CudaDevice final : public Device {
public:
  CudaDevice(const CudaApi *api, CUdevice device, DeviceInfo info, int sm)
      : api_(api), device_(device), info_(std::move(info)), sm_(sm) {}

  const DeviceInfo &info() const override { return info_; }

  bool canRun(const ExecutableSpec &spec, std::string &why) const override {
    if (spec.format != "ptx") {
      why = "the cuda driver runs format 'ptx', not '" + spec.format + "'";
      return false;
    }
    if (spec.arch.empty())
      return true;
    int sm = 0;
    std::string suffix;
    if (!parseArch(spec.arch, sm, suffix)) {
      why = "unrecognized CUDA architecture '" + spec.arch +
            "' (expected e.g. sm_80)";
      return false;
    }
    // Plain PTX is forward compatible (JIT for newer GPUs); "a" code runs on
    // exactly that architecture, "f" code on that family (same major).
    bool ok = suffix == "a"   ? sm_ == sm
              : suffix == "f" ? sm_ >= sm && sm_ / 10 == sm / 10
                              : sm_ >= sm;
    if (!ok)
      why = "executable targets " + spec.arch + ", device '" + info_.name +
            "' is " + info_.arch;
    return ok;
  }

  Status allocate(size_t sizeBytes, std::unique_ptr<Buffer> &out) override {
    OCTET_RETURN_IF_ERROR(ensureContext());
    OCTET_CUDA_ENTER(*context_);
    CUdeviceptr pointer = 0;
    // Allocate at least one byte so that zero-size buffers have an address.
    CUresult result =
        api_->cuMemAlloc(&pointer, std::max<size_t>(sizeBytes, 1));
    if (result != CUDA_SUCCESS)
      return callError(api_, "cuMemAlloc", result, info_.name,
                       std::to_string(sizeBytes) + " bytes");
    out = std::make_unique<CudaBuffer>(context_, pointer, sizeBytes);
    return Status::ok();
  }

  Status upload(Buffer &dst, size_t offsetBytes, const void *src,
                size_t sizeBytes) override {
    CudaBuffer *buffer = nullptr;
    OCTET_RETURN_IF_ERROR(ownBuffer(&dst, "upload", buffer));
    OCTET_RETURN_IF_ERROR(checkRange(info_, "upload", offsetBytes, sizeBytes,
                                     buffer->sizeBytes()));
    if (sizeBytes == 0)
      return Status::ok();
    OCTET_CUDA_ENTER(*context_);
    CUresult result = api_->cuMemcpyHtoDAsync(buffer->pointer() + offsetBytes,
                                              src, sizeBytes, context_->stream);
    if (result != CUDA_SUCCESS)
      return callError(api_, "cuMemcpyHtoDAsync", result, info_.name);
    // The caller may free `src` as soon as this returns (and it may be
    // page-locked, which makes the copy truly asynchronous): wait.
    result = api_->cuStreamSynchronize(context_->stream);
    if (result != CUDA_SUCCESS)
      return callError(api_, "cuStreamSynchronize", result, info_.name,
                       "after upload");
    return Status::ok();
  }

  Status download(const Buffer &src, size_t offsetBytes, void *dst,
                  size_t sizeBytes) override {
    CudaBuffer *buffer = nullptr;
    OCTET_RETURN_IF_ERROR(
        ownBuffer(const_cast<Buffer *>(&src), "download", buffer));
    OCTET_RETURN_IF_ERROR(checkRange(info_, "download", offsetBytes, sizeBytes,
                                     buffer->sizeBytes()));
    if (sizeBytes == 0)
      return Status::ok();
    OCTET_CUDA_ENTER(*context_);
    CUresult result = api_->cuMemcpyDtoHAsync(
        dst, buffer->pointer() + offsetBytes, sizeBytes, context_->stream);
    if (result != CUDA_SUCCESS)
      return callError(api_, "cuMemcpyDtoHAsync", result, info_.name);
    result = api_->cuStreamSynchronize(context_->stream);
    if (result != CUDA_SUCCESS)
      return callError(api_, "cuStreamSynchronize", result, info_.name,
                       "after download");
    return Status::ok();
  }

  Status copy(const Buffer &src, size_t srcOffsetBytes, Buffer &dst,
              size_t dstOffsetBytes, size_t sizeBytes) override {
    CudaBuffer *from = nullptr;
    CudaBuffer *to = nullptr;
    OCTET_RETURN_IF_ERROR(ownBuffer(const_cast<Buffer *>(&src), "copy", from));
    OCTET_RETURN_IF_ERROR(ownBuffer(&dst, "copy", to));
    bool nothingToDo = false;
    OCTET_RETURN_IF_ERROR(checkCopy(info_, from->sizeBytes(), srcOffsetBytes,
                                    to->sizeBytes(), dstOffsetBytes, sizeBytes,
                                    from == to, nothingToDo));
    if (nothingToDo)
      return Status::ok();
    OCTET_CUDA_ENTER(*context_);
    CUresult result = api_->cuMemcpyDtoDAsync(to->pointer() + dstOffsetBytes,
                                              from->pointer() + srcOffsetBytes,
                                              sizeBytes, context_->stream);
    if (result != CUDA_SUCCESS)
      return callError(api_, "cuMemcpyDtoDAsync", result, info_.name);
    return Status::ok();
  }

  Status loadExecutable(const ExecutableSpec &spec,
                        std::unique_ptr<Executable> &out) override;

  Status dispatch(Executable &executable, uint32_t entryPoint,
                  const std::array<uint32_t, 3> &grid,
                  const std::array<uint32_t, 3> &block,
                  const std::vector<BufferBinding> &bindings) override;

  Status dispatchTimed(Executable &executable, uint32_t entryPoint,
                       const std::array<uint32_t, 3> &grid,
                       const std::array<uint32_t, 3> &block,
                       const std::vector<BufferBinding> &bindings,
                       double &deviceMilliseconds) override;

  Status synchronize() override {
    if (!context_)
      return Status::ok();
    OCTET_CUDA_ENTER(*context_);
    CUresult result = api_->cuStreamSynchronize(context_->stream);
    if (result != CUDA_SUCCESS)
      return callError(api_, "cuStreamSynchronize", result, info_.name);
    return Status::ok();
  }

private:
  /// Retains the primary context and creates the stream on first use.
  Status ensureContext() {
    std::lock_guard<std::mutex> lock(initMutex_);
    if (context_)
      return Status::ok();
    auto context = std::make_shared<Context>();
    context->api = api_;
    context->device = device_;
    context->where = info_.name;
    CUresult result =
        api_->cuDevicePrimaryCtxRetain(&context->context, device_);
    if (result != CUDA_SUCCESS) {
      context->context = nullptr;
      return callError(api_, "cuDevicePrimaryCtxRetain", result, info_.name);
    }
    {
      OCTET_CUDA_ENTER(*context);
      result = api_->cuStreamCreate(&context->stream, CU_STREAM_DEFAULT);
      if (result != CUDA_SUCCESS) {
        context->stream = nullptr;
        return callError(api_, "cuStreamCreate", result, info_.name);
      }
    }
    context_ = std::move(context);
    return Status::ok();
  }

  /// Checks that `buffer` was allocated on this device.
  Status ownBuffer(Buffer *buffer, const std::string &what, CudaBuffer *&out) {
    auto *own = dynamic_cast<CudaBuffer *>(buffer);
    if (!own)
      return Status::error("cuda: " + what +
                           ": buffer was not allocated by the cuda driver");
    if (!context_ || own->context() != context_.get())
      return Status::error("cuda: " + what +
                           ": buffer belongs to another device than '" +
                           info_.name + "'");
    out = own;
    return Status::ok();
  }

  /// JIT-compiles PTX into a cubin for the current context's device. Must be
  /// called with the context current.
  Status compilePtx(const ExecutableSpec &spec, std::vector<uint8_t> &cubin) {
    // cuLinkAddData wants NUL-terminated PTX text.
    std::string ptx(reinterpret_cast<const char *>(spec.code), spec.codeSize);
    std::vector<char> errorLog(kJitLogBytes, '\0');
    std::vector<char> infoLog(kJitLogBytes, '\0');
    CUjit_option options[] = {
        CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
        CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES};
    void *values[] = {
        errorLog.data(),
        reinterpret_cast<void *>(static_cast<uintptr_t>(kJitLogBytes)),
        infoLog.data(),
        reinterpret_cast<void *>(static_cast<uintptr_t>(kJitLogBytes))};
    CUlinkState link = nullptr;
    CUresult result = api_->cuLinkCreate(4, options, values, &link);
    if (result != CUDA_SUCCESS)
      return callError(api_, "cuLinkCreate", result, info_.name);
    auto jitLog = [&] {
      std::string log(errorLog.data());
      return log.empty() ? std::string("(empty JIT error log)") : log;
    };
    result =
        api_->cuLinkAddData(link, CU_JIT_INPUT_PTX, ptx.data(), ptx.size() + 1,
                            "octet.ptx", 0, nullptr, nullptr);
    if (result != CUDA_SUCCESS) {
      Status status =
          callError(api_, "cuLinkAddData", result, info_.name, jitLog());
      api_->cuLinkDestroy(link);
      return status;
    }
    void *image = nullptr;
    size_t imageSize = 0;
    result = api_->cuLinkComplete(link, &image, &imageSize);
    if (result != CUDA_SUCCESS || !image || imageSize == 0) {
      Status status =
          callError(api_, "cuLinkComplete", result, info_.name, jitLog());
      api_->cuLinkDestroy(link);
      return status;
    }
    // The image belongs to the link state: copy it before destroying that.
    const auto *bytes = static_cast<const uint8_t *>(image);
    cubin.assign(bytes, bytes + imageSize);
    api_->cuLinkDestroy(link);
    return Status::ok();
  }

  const CudaApi *api_;
  CUdevice device_;
  DeviceInfo info_;
  /// Compute capability as major * 10 + minor (sm_XY).
  int sm_;
  std::mutex initMutex_;
  std::shared_ptr<Context> context_;
};

Status CudaDevice::loadExecutable(const ExecutableSpec &spec,
                                  std::unique_ptr<Executable> &out) {
  OCTET_RETURN_IF_ERROR(checkLoadable(*this, spec));
  OCTET_RETURN_IF_ERROR(ensureContext());
  OCTET_CUDA_ENTER(*context_);

  auto executable = std::make_unique<CudaExecutable>(context_);
  auto loadModule = [&](const std::vector<uint8_t> &cubin) -> Status {
    CUresult result =
        api_->cuModuleLoadData(&executable->module_, cubin.data());
    if (result == CUDA_SUCCESS)
      return Status::ok();
    executable->module_ = nullptr;
    return callError(api_, "cuModuleLoadData", result, info_.name, "cubin");
  };
  BinaryLoader loader;
  loader.loadBinary = loadModule;
  loader.build = [&](std::vector<uint8_t> &cubin) {
    OCTET_RETURN_IF_ERROR(compilePtx(spec, cubin));
    return loadModule(cubin);
  };
  OCTET_RETURN_IF_ERROR(loadCachedOrBuild(info_, spec, /*buildOptions=*/"",
                                          loader, executable->report_));

  for (const std::string &name : spec.entryPoints) {
    CUfunction function = nullptr;
    CUresult result =
        api_->cuModuleGetFunction(&function, executable->module_, name.c_str());
    if (result == CUDA_ERROR_NOT_FOUND)
      return Status::error("cuda: entry point '" + name +
                           "' is not a kernel of the module (loading on '" +
                           info_.name + "')");
    if (result != CUDA_SUCCESS)
      return callError(api_, "cuModuleGetFunction", result, info_.name,
                       "kernel '" + name + "'");
    executable->functions_.push_back(function);
    executable->names_.push_back(name);
  }
  out = std::move(executable);
  return Status::ok();
}

Status CudaDevice::dispatch(Executable &executable, uint32_t entryPoint,
                            const std::array<uint32_t, 3> &grid,
                            const std::array<uint32_t, 3> &block,
                            const std::vector<BufferBinding> &bindings) {
  auto *exe = dynamic_cast<CudaExecutable *>(&executable);
  OCTET_RETURN_IF_ERROR(
      checkDispatchable(info_, exe != nullptr, exe && exe->context_ == context_,
                        entryPoint, exe ? exe->functions_.size() : 0));
  const std::string &name = exe->names_[entryPoint];

  // The kernel ABI: one pointer argument per binding, in order.
  std::vector<CUdeviceptr> pointers(bindings.size());
  std::vector<void *> params(bindings.size());
  for (size_t i = 0; i < bindings.size(); ++i) {
    std::string what =
        "dispatch of '" + name + "', binding #" + std::to_string(i);
    if (!bindings[i].buffer)
      return Status::error("cuda: " + what + " has no buffer");
    CudaBuffer *buffer = nullptr;
    OCTET_RETURN_IF_ERROR(ownBuffer(bindings[i].buffer, what, buffer));
    if (bindings[i].offsetBytes > buffer->sizeBytes())
      return Status::error("cuda: " + what + ": offset " +
                           std::to_string(bindings[i].offsetBytes) +
                           " is past the end of a " +
                           std::to_string(buffer->sizeBytes()) +
                           "-byte buffer on '" + info_.name + "'");
    pointers[i] = buffer->pointer() + bindings[i].offsetBytes;
    params[i] = &pointers[i];
  }
  if (grid[0] == 0 || grid[1] == 0 || grid[2] == 0 || block[0] == 0 ||
      block[1] == 0 || block[2] == 0)
    return Status::ok(); // Nothing to run.

  OCTET_CUDA_ENTER(*context_);
  CUresult result = api_->cuLaunchKernel(
      exe->functions_[entryPoint], grid[0], grid[1], grid[2], block[0],
      block[1], block[2], /*sharedMemBytes=*/0, context_->stream,
      params.empty() ? nullptr : params.data(), nullptr);
  if (result != CUDA_SUCCESS) {
    char sizes[160];
    std::snprintf(sizes, sizeof(sizes),
                  "kernel '%s', grid %ux%ux%u, block %ux%ux%u", name.c_str(),
                  grid[0], grid[1], grid[2], block[0], block[1], block[2]);
    return callError(api_, "cuLaunchKernel", result, info_.name, sizes);
  }
  return Status::ok();
}

Status CudaDevice::dispatchTimed(Executable &executable, uint32_t entryPoint,
                                 const std::array<uint32_t, 3> &grid,
                                 const std::array<uint32_t, 3> &block,
                                 const std::vector<BufferBinding> &bindings,
                                 double &deviceMilliseconds) {
  deviceMilliseconds = -1;
  if (!context_) // No context yet: an error that dispatch() reports.
    return Device::dispatchTimed(executable, entryPoint, grid, block, bindings,
                                 deviceMilliseconds);
  // Two events on the stream bracket the kernel: the GPU records when the
  // stream reaches each, after the work enqueued before the first.
  {
    OCTET_CUDA_ENTER(*context_);
    for (CUevent *event : {&context_->timerStart, &context_->timerEnd}) {
      if (*event)
        continue;
      CUresult result = api_->cuEventCreate(event, CU_EVENT_DEFAULT);
      if (result != CUDA_SUCCESS) {
        *event = nullptr;
        return callError(api_, "cuEventCreate", result, info_.name);
      }
    }
    CUresult result =
        api_->cuEventRecord(context_->timerStart, context_->stream);
    if (result != CUDA_SUCCESS)
      return callError(api_, "cuEventRecord", result, info_.name);
  }
  OCTET_RETURN_IF_ERROR(
      dispatch(executable, entryPoint, grid, block, bindings));
  OCTET_CUDA_ENTER(*context_);
  const char *call = "cuEventRecord";
  CUresult result = api_->cuEventRecord(context_->timerEnd, context_->stream);
  if (result == CUDA_SUCCESS) {
    call = "cuEventSynchronize";
    result = api_->cuEventSynchronize(context_->timerEnd);
  }
  float milliseconds = 0;
  if (result == CUDA_SUCCESS) {
    call = "cuEventElapsedTime";
    result = api_->cuEventElapsedTime(&milliseconds, context_->timerStart,
                                      context_->timerEnd);
  }
  if (result != CUDA_SUCCESS)
    return callError(api_, call, result, info_.name);
  deviceMilliseconds = milliseconds;
  return Status::ok();
}

class CudaDriver final : public Driver {
public:
  explicit CudaDriver(std::string library) : library_(std::move(library)) {}

  std::string name() const override { return kApi; }

  Status enumerate(std::vector<std::unique_ptr<Device>> &devices) override {
    std::string error;
    const CudaApi *api = loadCudaApi(library_, error);
    if (!api)
      return Status::error("cuda: " + error);
    int count = 0;
    CUresult result = api->cuDeviceGetCount(&count);
    if (result != CUDA_SUCCESS)
      return Status::error("cuda: cuDeviceGetCount failed (" +
                           errorName(api, result) + ")");
    if (count == 0)
      return Status::error("cuda: no CUDA-capable device");
    // Part of every kernel-cache key: say so when it is unknown rather than
    // reporting version 0.0.
    int driverVersion = 0;
    std::string version;
    if ((result = api->cuDriverGetVersion(&driverVersion)) == CUDA_SUCCESS)
      version = "CUDA driver " + std::to_string(driverVersion / 1000) + "." +
                std::to_string(driverVersion % 1000 / 10) + " (" +
                std::to_string(driverVersion) + ")";
    else
      version = "CUDA driver of unknown version (cuDriverGetVersion failed: " +
                errorName(api, result) + ")";

    std::vector<std::unique_ptr<Device>> found;
    std::string notes;
    for (int ordinal = 0; ordinal < count; ++ordinal) {
      CUdevice device = 0;
      int major = 0;
      int minor = 0;
      size_t memory = 0;
      char name[256] = {0};
      std::string where = "device " + std::to_string(ordinal);
      if ((result = api->cuDeviceGet(&device, ordinal)) != CUDA_SUCCESS ||
          (result = api->cuDeviceGetName(name, sizeof(name) - 1, device)) !=
              CUDA_SUCCESS ||
          (result = api->cuDeviceTotalMem(&memory, device)) != CUDA_SUCCESS ||
          (result = api->cuDeviceGetAttribute(
               &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device)) !=
              CUDA_SUCCESS ||
          (result = api->cuDeviceGetAttribute(
               &minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device)) !=
              CUDA_SUCCESS) {
        notes +=
            "; querying " + where + " failed (" + errorName(api, result) + ")";
        continue;
      }
      int sm = major * 10 + minor;
      DeviceInfo info;
      info.api = kApi;
      info.ordinal = static_cast<int>(found.size());
      info.name = name[0] ? name : "CUDA " + where;
      info.kind = DeviceKind::GPU;
      info.memoryBytes = memory;
      info.hasFp16 = sm >= 53;
      info.hasBf16 = sm >= 80;
      info.hasFp8 = sm >= 89;
      info.arch = "sm_" + std::to_string(sm);
      info.driverVersion = version + "; compute " + std::to_string(major) +
                           "." + std::to_string(minor);
      found.push_back(
          std::make_unique<CudaDevice>(api, device, std::move(info), sm));
    }
    if (found.empty())
      return Status::error("cuda: no usable CUDA device" + notes);
    for (auto &device : found)
      devices.push_back(std::move(device));
    return Status::ok();
  }

private:
  std::string library_;
};

} // namespace
} // namespace cuda

std::unique_ptr<Driver> createCudaDriver() {
  const char *library = std::getenv("OCTET_CUDA_LIBRARY");
  return std::make_unique<cuda::CudaDriver>(
      library && *library ? library : cuda::kDefaultLibrary);
}

std::unique_ptr<Driver> createCudaDriverWithLibrary(std::string library) {
  return std::make_unique<cuda::CudaDriver>(std::move(library));
}

} // namespace octet::hal
