//===- OpenCLDriver.cpp - The OpenCL runtime driver -----------------------===//
//
// Implements hal::Driver/Device/Buffer/Executable on OpenCL 1.2, through the
// function table of OpenCLApi.h (the ICD loader is dlopened, never linked).
//
// Each device gets one context and one in-order command queue, created on
// first use so that enumerating devices costs nothing. Buffers and
// executables hold a reference to that context, so they stay valid even if
// they outlive their Device object. Executables are OpenCL C source built
// with clBuildProgram; the resulting program binary is stored in the kernel
// cache (KernelCache.h) and later runs create the program from it instead.
//
// A wait (synchronize) enqueues a marker and polls it for a short while
// before blocking: a run of small kernels ends sooner than the host thread
// would wake from a blocking wait. On CPU devices, commands are also held
// back until the wait (see Context::deferSubmission).
//
//===----------------------------------------------------------------------===//
#include "targets/opencl/runtime/OpenCLDriver.h"

#include "runtime/src/artifact/Format.h"
#include "runtime/src/hal/CachedBuild.h"
#include "runtime/src/hal/DeviceChecks.h"
#include "runtime/src/hal/LoadReport.h"
#include "runtime/src/hal/Log.h"
#include "targets/opencl/runtime/OpenCLApi.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

namespace octet::hal {
namespace opencl {
namespace {

constexpr const char *kApi = "opencl";
/// Options for every clBuildProgram, from source and from binary; part of the
/// cache key.
constexpr const char *kBuildOptions = "-cl-std=CL1.2";
/// Build logs longer than this are cut in error messages.
constexpr size_t kMaxLogBytes = 64 * 1024;
/// How long a wait polls the device, yielding the core between polls,
/// before it blocks. Measured on PoCL's CPU device (2 cores), with deferred
/// submission: runs of 0.15-0.3 ms (the test zoo's models) took 20-30 %
/// less than with a blocking wait (waking the host thread costs tens of
/// µs), 1 ms doing better than 0.2 ms; without a bound, the p90 of a 100 ms
/// model was 70 % worse (the polling thread takes a core from the workers).
constexpr std::chrono::microseconds kPollBeforeBlocking{1000};

/// "opencl: <call> failed (<CL_ERROR>) on '<device>'".
Status callError(const char *call, cl_int code, const std::string &device,
                 const std::string &detail = "") {
  std::string message = std::string("opencl: ") + call + " failed (" +
                        errorName(code) + ") on '" + device + "'";
  if (!detail.empty())
    message += ": " + detail;
  return Status::error(std::move(message));
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\0' || text.back() == ' ' ||
                           text.back() == '\n' || text.back() == '\t'))
    text.pop_back();
  size_t start = text.find_first_not_of(" \t\n");
  return start == std::string::npos ? std::string() : text.substr(start);
}

std::string platformString(const OpenCLApi &api, cl_platform_id platform,
                           cl_platform_info param) {
  size_t size = 0;
  if (api.clGetPlatformInfo(platform, param, 0, nullptr, &size) != CL_SUCCESS)
    return "";
  std::string value(size, '\0');
  if (api.clGetPlatformInfo(platform, param, size, value.data(), nullptr) !=
      CL_SUCCESS)
    return "";
  return trim(value);
}

std::string deviceString(const OpenCLApi &api, cl_device_id device,
                         cl_device_info param) {
  size_t size = 0;
  if (api.clGetDeviceInfo(device, param, 0, nullptr, &size) != CL_SUCCESS)
    return "";
  std::string value(size, '\0');
  if (api.clGetDeviceInfo(device, param, size, value.data(), nullptr) !=
      CL_SUCCESS)
    return "";
  return trim(value);
}

template <typename T>
T deviceValue(const OpenCLApi &api, cl_device_id device, cl_device_info param,
              T fallback) {
  T value{};
  if (api.clGetDeviceInfo(device, param, sizeof(T), &value, nullptr) !=
      CL_SUCCESS)
    return fallback;
  return value;
}

bool hasExtension(const std::string &extensions, const char *name) {
  std::istringstream words(extensions);
  std::string word;
  while (words >> word)
    if (word == name)
      return true;
  return false;
}

/// Whether [offset, offset + size) lies within a buffer of `total` bytes.
/// The context and queue of one device, shared by the Device and everything
/// created on it.
struct Context {
  const OpenCLApi *api = nullptr;
  cl_device_id device = nullptr;
  cl_context context = nullptr;
  cl_command_queue queue = nullptr;
  /// A second queue with CL_QUEUE_PROFILING_ENABLE, for dispatchTimed only
  /// (created on first use, so that ordinary runs record no timestamps).
  cl_command_queue profilingQueue = nullptr;
  /// The device's name, for messages.
  std::string where;
  /// CL_DEVICE_MEM_BASE_ADDR_ALIGN in bytes: sub-buffer origins must be
  /// multiples of it.
  size_t subBufferAlignment = 1;
  /// Serializes clSetKernelArg + clEnqueueNDRangeKernel on shared kernels.
  std::mutex dispatchMutex;
  /// Deferred submission, for CPU devices: there the host thread and the
  /// device's worker threads share the cores, and a command enqueued while
  /// the workers run the one before makes them contend for the queue and
  /// wake one another (each PoCL command cost ~25 µs that way). The first
  /// command after a wait waits on a user event, the gate, which the next
  /// wait opens: the workers then take the whole batch at once.
  bool deferSubmission = false;
  /// Guards `gate`, from taking it to enqueueing the command that waits on
  /// it, and while a wait opens it.
  std::mutex batchMutex;
  cl_event gate = nullptr;

  /// Enqueues one command through `enqueue(numEvents, waitList)`, an
  /// OpenCL enqueue call given its wait list. A `blocking` command opens
  /// the gate first (it would wait on it forever); otherwise, with deferred
  /// submission, the first command after a wait gets a new gate to wait on.
  template <typename Enqueue>
  cl_int enqueueCommand(bool blocking, Enqueue &&enqueue) {
    std::lock_guard<std::mutex> lock(batchMutex);
    if (blocking) {
      if (cl_int err = openGate(); err != CL_SUCCESS)
        return err; // Behind a closed gate it would wait forever.
      return enqueue(0u, nullptr);
    }
    if (!deferSubmission || gate)
      return enqueue(0u, nullptr);
    cl_int err = CL_SUCCESS;
    gate = api->clCreateUserEvent(context, &err);
    if (err != CL_SUCCESS || !gate) {
      if (gate)
        api->clReleaseEvent(gate);
      gate = nullptr; // Submit at once instead.
      return enqueue(0u, nullptr);
    }
    err = enqueue(1u, &gate);
    if (err != CL_SUCCESS)
      openGate(); // Nothing waits on it.
    return err;
  }

  /// Lets the commands held behind the gate run. Called with batchMutex
  /// held. Should that fail, the held commands can never run: submission
  /// is no longer deferred, and the error is returned (waiting for them
  /// would hang).
  cl_int openGate() {
    if (!gate)
      return CL_SUCCESS;
    cl_int err = api->clSetUserEventStatus(gate, CL_COMPLETE);
    api->clReleaseEvent(gate);
    gate = nullptr;
    if (err != CL_SUCCESS)
      deferSubmission = false;
    return err;
  }

  /// openGate() from outside a wait: lets what is held run now.
  cl_int releaseHeld() {
    std::lock_guard<std::mutex> lock(batchMutex);
    return openGate();
  }

  ~Context() {
    cl_int opened = releaseHeld();
    if (queue) {
      if (opened == CL_SUCCESS)
        api->clFinish(queue);
      api->clReleaseCommandQueue(queue);
    }
    if (profilingQueue)
      api->clReleaseCommandQueue(profilingQueue);
    if (context)
      api->clReleaseContext(context);
  }
};

class OpenCLBuffer final : public Buffer {
public:
  OpenCLBuffer(std::shared_ptr<Context> context, cl_mem mem, size_t size)
      : context_(std::move(context)), mem_(mem), size_(size) {}
  ~OpenCLBuffer() override {
    for (auto &entry : subBuffers_)
      context_->api->clReleaseMemObject(entry.second);
    context_->api->clReleaseMemObject(mem_);
  }
  size_t sizeBytes() const override { return size_; }
  const Context *context() const { return context_.get(); }
  cl_mem mem() const { return mem_; }

  /// The cl_mem that starts `offset` bytes into this buffer: the buffer
  /// itself, or a sub-buffer created on first use and kept, so that later
  /// calls allocate nothing. `offset` must be 0 or lie inside the buffer:
  /// OpenCL has no zero-size sub-buffers, and binding the base buffer
  /// instead would point the kernel at the wrong bytes. On failure `why`
  /// (only then built) says what is wrong.
  bool memAt(uint64_t offset, cl_mem &out, std::string &why) {
    if (offset == 0) {
      out = mem_;
      return true;
    }
    if (offset >= size_) {
      why = "offset " + std::to_string(offset) +
            (offset == size_ ? " is the end of" : " is past the end of") +
            " its " + std::to_string(size_) +
            "-byte buffer (a binding must start inside its buffer)";
      return false;
    }
    if (offset % context_->subBufferAlignment != 0) {
      why = "offset " + std::to_string(offset) +
            " is not a multiple of the device's sub-buffer alignment (" +
            std::to_string(context_->subBufferAlignment) + " bytes)";
      return false;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = subBuffers_.find(offset);
    if (found != subBuffers_.end()) {
      out = found->second;
      return true;
    }
    cl_buffer_region region{static_cast<size_t>(offset),
                            size_ - static_cast<size_t>(offset)};
    cl_int err = CL_SUCCESS;
    cl_mem sub = context_->api->clCreateSubBuffer(
        mem_, CL_MEM_READ_WRITE, CL_BUFFER_CREATE_TYPE_REGION, &region, &err);
    if (err != CL_SUCCESS || !sub) {
      why = "clCreateSubBuffer failed (" + errorName(err) + ") at offset " +
            std::to_string(offset);
      return false;
    }
    subBuffers_.emplace(offset, sub);
    out = sub;
    return true;
  }

private:
  std::shared_ptr<Context> context_;
  cl_mem mem_;
  size_t size_;
  std::mutex mutex_;
  std::map<uint64_t, cl_mem> subBuffers_;
};

class OpenCLExecutable final : public Executable, public ReportsLoad {
public:
  explicit OpenCLExecutable(std::shared_ptr<Context> context)
      : context_(std::move(context)) {}
  ~OpenCLExecutable() override {
    for (cl_kernel kernel : kernels_)
      context_->api->clReleaseKernel(kernel);
    if (program_)
      context_->api->clReleaseProgram(program_);
  }
  const LoadReport &loadReport() const override { return report_; }

  std::shared_ptr<Context> context_;
  cl_program program_ = nullptr;
  std::vector<cl_kernel> kernels_;
  std::vector<cl_uint> numArgs_;
  /// Per kernel, the buffer each argument was last set to (null: not yet),
  /// so that a steady-state dispatch sets only the arguments that changed.
  /// Guarded by the context's dispatchMutex, as the kernels are.
  std::vector<std::vector<cl_mem>> lastArgs_;
  std::vector<std::string> names_;
  LoadReport report_;
};

class OpenCLDevice final : public Device {
public:
  OpenCLDevice(const OpenCLApi *api, cl_platform_id platform,
               cl_device_id device, DeviceInfo info, size_t alignment)
      : api_(api), platform_(platform), device_(device), info_(std::move(info)),
        alignment_(alignment) {}

  const DeviceInfo &info() const override { return info_; }

  bool canRun(const ExecutableSpec &spec, std::string &why) const override {
    // OpenCL C is compiled for the device at load time, so any arch tag is
    // acceptable.
    if (spec.format != "opencl-c") {
      why =
          "the opencl driver runs format 'opencl-c', not '" + spec.format + "'";
      return false;
    }
    return true;
  }

  Status allocate(size_t sizeBytes, std::unique_ptr<Buffer> &out) override {
    OCTET_RETURN_IF_ERROR(ensureContext());
    cl_int err = CL_SUCCESS;
    // OpenCL has no zero-size buffers: allocate at least one byte.
    cl_mem mem =
        api_->clCreateBuffer(context_->context, CL_MEM_READ_WRITE,
                             std::max<size_t>(sizeBytes, 1), nullptr, &err);
    if (err != CL_SUCCESS || !mem)
      return callError("clCreateBuffer", err, info_.name,
                       std::to_string(sizeBytes) + " bytes");
    out = std::make_unique<OpenCLBuffer>(context_, mem, sizeBytes);
    return Status::ok();
  }

  Status upload(Buffer &dst, size_t offsetBytes, const void *src,
                size_t sizeBytes) override {
    return write(dst, offsetBytes, src, sizeBytes, CL_TRUE);
  }
  Status enqueueUpload(Buffer &dst, size_t offsetBytes, const void *src,
                       size_t sizeBytes) override {
    return write(dst, offsetBytes, src, sizeBytes, CL_FALSE);
  }
  Status download(const Buffer &src, size_t offsetBytes, void *dst,
                  size_t sizeBytes) override {
    return read(src, offsetBytes, dst, sizeBytes, CL_TRUE);
  }
  Status enqueueDownload(const Buffer &src, size_t offsetBytes, void *dst,
                         size_t sizeBytes) override {
    return read(src, offsetBytes, dst, sizeBytes, CL_FALSE);
  }

  Status copy(const Buffer &src, size_t srcOffsetBytes, Buffer &dst,
              size_t dstOffsetBytes, size_t sizeBytes) override {
    OpenCLBuffer *from = nullptr;
    OpenCLBuffer *to = nullptr;
    OCTET_RETURN_IF_ERROR(ownBuffer(const_cast<Buffer *>(&src), "copy", from));
    OCTET_RETURN_IF_ERROR(ownBuffer(&dst, "copy", to));
    bool nothingToDo = false;
    OCTET_RETURN_IF_ERROR(checkCopy(info_, from->sizeBytes(), srcOffsetBytes,
                                    to->sizeBytes(), dstOffsetBytes, sizeBytes,
                                    from == to, nothingToDo));
    if (nothingToDo)
      return Status::ok();
    cl_int err = context_->enqueueCommand(false, [&](cl_uint numEvents,
                                                     const cl_event *waitList) {
      return api_->clEnqueueCopyBuffer(context_->queue, from->mem(), to->mem(),
                                       srcOffsetBytes, dstOffsetBytes,
                                       sizeBytes, numEvents, waitList, nullptr);
    });
    if (err != CL_SUCCESS)
      return callError("clEnqueueCopyBuffer", err, info_.name);
    return Status::ok();
  }

  Status loadExecutable(const ExecutableSpec &spec,
                        std::unique_ptr<Executable> &out) override;

  Status dispatch(Executable &executable, uint32_t entryPoint,
                  const std::array<uint32_t, 3> &grid,
                  const std::array<uint32_t, 3> &block,
                  const std::vector<BufferBinding> &bindings) override {
    return enqueueKernel(executable, entryPoint, grid, block, bindings, nullptr,
                         nullptr);
  }

  Status dispatchTimed(Executable &executable, uint32_t entryPoint,
                       const std::array<uint32_t, 3> &grid,
                       const std::array<uint32_t, 3> &block,
                       const std::vector<BufferBinding> &bindings,
                       double &deviceMilliseconds) override;

  Status synchronize() override {
    if (!context_)
      return Status::ok();
    // The marker completes when every command before it has (the queue is
    // in order), and fails if one of them did.
    cl_event done = nullptr;
    cl_int err = CL_SUCCESS;
    cl_int opened = CL_SUCCESS;
    {
      std::lock_guard<std::mutex> lock(context_->batchMutex);
      err =
          api_->clEnqueueMarkerWithWaitList(context_->queue, 0, nullptr, &done);
      opened = context_->openGate();
    }
    if (opened != CL_SUCCESS) {
      if (done)
        api_->clReleaseEvent(done);
      return callError("clSetUserEventStatus", opened, info_.name,
                       "the commands held for this wait cannot run");
    }
    if (err != CL_SUCCESS || !done) {
      // No marker event: wait for the queue to drain instead.
      err = api_->clFinish(context_->queue);
      if (err != CL_SUCCESS)
        return callError("clFinish", err, info_.name);
      return Status::ok();
    }
    api_->clFlush(context_->queue);
    const char *call = nullptr;
    cl_int status = CL_COMPLETE;
    err = waitFor(done, call, status);
    api_->clReleaseEvent(done);
    if (err != CL_SUCCESS)
      return callError(call, err, info_.name, "waiting for the device");
    if (status < CL_COMPLETE)
      return Status::error("opencl: a command failed (" + errorName(status) +
                           ") on '" + info_.name + "'");
    return Status::ok();
  }

private:
  /// Waits until `event` (of a flushed queue) has completed, polling for
  /// kPollBeforeBlocking before blocking: waking from a blocking wait costs
  /// tens of µs on a CPU device, the length of a small model's run. Sets
  /// `status` to the command's final execution status (negative: it
  /// failed); on an error, returns it with `call` naming the call.
  cl_int waitFor(cl_event event, const char *&call, cl_int &status) const {
    call = "clGetEventInfo";
    status = CL_COMPLETE;
    cl_int err = CL_SUCCESS;
    auto deadline = std::chrono::steady_clock::now() + kPollBeforeBlocking;
    do {
      err = api_->clGetEventInfo(event, CL_EVENT_COMMAND_EXECUTION_STATUS,
                                 sizeof(status), &status, nullptr);
      if (err != CL_SUCCESS || status <= CL_COMPLETE)
        return err;
      std::this_thread::yield();
    } while (std::chrono::steady_clock::now() < deadline);
    call = "clWaitForEvents";
    err = api_->clWaitForEvents(1, &event);
    // A failed command makes the wait fail with this code; its own status
    // says why.
    if (err != CL_SUCCESS &&
        err != CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST)
      return err;
    call = "clGetEventInfo";
    return api_->clGetEventInfo(event, CL_EVENT_COMMAND_EXECUTION_STATUS,
                                sizeof(status), &status, nullptr);
  }

  /// Sets the kernel's arguments and enqueues it: on the device's queue
  /// (through the gate) when `queue` is null, else on `queue`, returning
  /// the command's event in `*event` when `event` is not null (null when
  /// the grid is empty and nothing was enqueued).
  Status enqueueKernel(Executable &executable, uint32_t entryPoint,
                       const std::array<uint32_t, 3> &grid,
                       const std::array<uint32_t, 3> &block,
                       const std::vector<BufferBinding> &bindings,
                       cl_command_queue queue, cl_event *event);

  /// This device's buffer behind `buffer`, checked to hold `sizeBytes` at
  /// `offsetBytes` for a transfer (`what`: "upload" or "download").
  Status transferBuffer(const Buffer &buffer, const char *what,
                        size_t offsetBytes, size_t sizeBytes,
                        OpenCLBuffer *&out) {
    OCTET_RETURN_IF_ERROR(ownBuffer(const_cast<Buffer *>(&buffer), what, out));
    return checkRange(info_, what, offsetBytes, sizeBytes, out->sizeBytes());
  }

  /// clEnqueueWriteBuffer; with `blocking` false, `src` must outlive the
  /// next synchronize().
  Status write(Buffer &dst, size_t offsetBytes, const void *src,
               size_t sizeBytes, cl_bool blocking) {
    OpenCLBuffer *buffer = nullptr;
    OCTET_RETURN_IF_ERROR(
        transferBuffer(dst, "upload", offsetBytes, sizeBytes, buffer));
    if (sizeBytes == 0)
      return Status::ok();
    cl_int err = context_->enqueueCommand(
        blocking, [&](cl_uint numEvents, const cl_event *waitList) {
          return api_->clEnqueueWriteBuffer(context_->queue, buffer->mem(),
                                            blocking, offsetBytes, sizeBytes,
                                            src, numEvents, waitList, nullptr);
        });
    if (err != CL_SUCCESS)
      return callError("clEnqueueWriteBuffer", err, info_.name);
    return Status::ok();
  }

  /// clEnqueueReadBuffer; with `blocking` false, `dst` is filled by the next
  /// synchronize().
  Status read(const Buffer &src, size_t offsetBytes, void *dst,
              size_t sizeBytes, cl_bool blocking) {
    OpenCLBuffer *buffer = nullptr;
    OCTET_RETURN_IF_ERROR(
        transferBuffer(src, "download", offsetBytes, sizeBytes, buffer));
    if (sizeBytes == 0)
      return Status::ok();
    cl_int err = context_->enqueueCommand(
        blocking, [&](cl_uint numEvents, const cl_event *waitList) {
          return api_->clEnqueueReadBuffer(context_->queue, buffer->mem(),
                                           blocking, offsetBytes, sizeBytes,
                                           dst, numEvents, waitList, nullptr);
        });
    if (err != CL_SUCCESS)
      return callError("clEnqueueReadBuffer", err, info_.name);
    return Status::ok();
  }

  /// Creates the context and queue on first use.
  Status ensureContext() {
    std::lock_guard<std::mutex> lock(initMutex_);
    if (context_)
      return Status::ok();
    auto context = std::make_shared<Context>();
    context->api = api_;
    context->device = device_;
    context->where = info_.name;
    context->subBufferAlignment = alignment_;
    context->deferSubmission = info_.kind == DeviceKind::CPU;
    cl_context_properties properties[] = {
        CL_CONTEXT_PLATFORM, reinterpret_cast<cl_context_properties>(platform_),
        0};
    cl_int err = CL_SUCCESS;
    context->context =
        api_->clCreateContext(properties, 1, &device_, nullptr, nullptr, &err);
    if (err != CL_SUCCESS || !context->context)
      return callError("clCreateContext", err, info_.name);
    context->queue =
        api_->clCreateCommandQueue(context->context, device_, 0, &err);
    if (err != CL_SUCCESS || !context->queue)
      return callError("clCreateCommandQueue", err, info_.name);
    context_ = std::move(context);
    return Status::ok();
  }

  /// Checks that `buffer` was allocated on this device.
  Status ownBuffer(Buffer *buffer, const char *what, OpenCLBuffer *&out) {
    auto *own = dynamic_cast<OpenCLBuffer *>(buffer);
    if (!own)
      return Status::error(std::string("opencl: ") + what +
                           ": buffer was not allocated by the opencl driver");
    if (!context_ || own->context() != context_.get())
      return Status::error(std::string("opencl: ") + what +
                           ": buffer belongs to another device than '" +
                           info_.name + "'");
    out = own;
    return Status::ok();
  }

  std::string buildLog(cl_program program) const {
    size_t size = 0;
    if (api_->clGetProgramBuildInfo(program, device_, CL_PROGRAM_BUILD_LOG, 0,
                                    nullptr, &size) != CL_SUCCESS)
      return "(no build log)";
    std::string log(size, '\0');
    if (api_->clGetProgramBuildInfo(program, device_, CL_PROGRAM_BUILD_LOG,
                                    size, log.data(), nullptr) != CL_SUCCESS)
      return "(no build log)";
    log = trim(log);
    if (log.size() > kMaxLogBytes)
      log = log.substr(0, kMaxLogBytes) + "\n... (build log truncated)";
    return log.empty() ? "(empty build log)" : log;
  }

  /// Compiles OpenCL C source.
  Status buildFromSource(const ExecutableSpec &spec, cl_program &out) const {
    const char *source = reinterpret_cast<const char *>(spec.code);
    size_t length = spec.codeSize;
    cl_int err = CL_SUCCESS;
    cl_program program = api_->clCreateProgramWithSource(
        context_->context, 1, &source, &length, &err);
    if (err != CL_SUCCESS || !program)
      return callError("clCreateProgramWithSource", err, info_.name);
    err = api_->clBuildProgram(program, 1, &device_, kBuildOptions, nullptr,
                               nullptr);
    if (err != CL_SUCCESS) {
      std::string log = buildLog(program);
      api_->clReleaseProgram(program);
      return callError("clBuildProgram", err, info_.name, log);
    }
    out = program;
    return Status::ok();
  }

  /// Creates a program from a binary previously returned by
  /// CL_PROGRAM_BINARIES.
  Status buildFromBinary(const std::vector<uint8_t> &binary,
                         cl_program &out) const {
    const unsigned char *bytes = binary.data();
    size_t length = binary.size();
    cl_int binaryStatus = CL_SUCCESS;
    cl_int err = CL_SUCCESS;
    cl_program program = api_->clCreateProgramWithBinary(
        context_->context, 1, &device_, &length, &bytes, &binaryStatus, &err);
    if (err != CL_SUCCESS || !program)
      return callError("clCreateProgramWithBinary", err, info_.name);
    if (binaryStatus != CL_SUCCESS) {
      api_->clReleaseProgram(program);
      return callError("clCreateProgramWithBinary", binaryStatus, info_.name,
                       "binary status");
    }
    err = api_->clBuildProgram(program, 1, &device_, kBuildOptions, nullptr,
                               nullptr);
    if (err != CL_SUCCESS) {
      std::string log = buildLog(program);
      api_->clReleaseProgram(program);
      return callError("clBuildProgram", err, info_.name,
                       "from cached binary: " + log);
    }
    out = program;
    return Status::ok();
  }

  /// The device binary of a built program, or empty when it has none.
  std::vector<uint8_t> programBinary(cl_program program) const {
    size_t size = 0;
    if (api_->clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, sizeof(size),
                               &size, nullptr) != CL_SUCCESS ||
        size == 0)
      return {};
    std::vector<uint8_t> binary(size);
    unsigned char *pointer = binary.data();
    if (api_->clGetProgramInfo(program, CL_PROGRAM_BINARIES, sizeof(pointer),
                               &pointer, nullptr) != CL_SUCCESS)
      return {};
    return binary;
  }

  const OpenCLApi *api_;
  cl_platform_id platform_;
  cl_device_id device_;
  DeviceInfo info_;
  size_t alignment_;
  std::mutex initMutex_;
  std::shared_ptr<Context> context_;
};

Status OpenCLDevice::loadExecutable(const ExecutableSpec &spec,
                                    std::unique_ptr<Executable> &out) {
  OCTET_RETURN_IF_ERROR(checkLoadable(*this, spec));
  OCTET_RETURN_IF_ERROR(ensureContext());
  // What was enqueued before (a model's constant uploads) runs while the
  // program builds, not after.
  if (cl_int err = context_->releaseHeld(); err != CL_SUCCESS)
    return callError("clSetUserEventStatus", err, info_.name,
                     "the commands held for the next wait cannot run");
  api_->clFlush(context_->queue);

  auto executable = std::make_unique<OpenCLExecutable>(context_);
  BinaryLoader loader;
  loader.loadBinary = [&](const std::vector<uint8_t> &binary) {
    return buildFromBinary(binary, executable->program_);
  };
  loader.build = [&](std::vector<uint8_t> &binary) {
    OCTET_RETURN_IF_ERROR(buildFromSource(spec, executable->program_));
    binary = programBinary(executable->program_);
    return Status::ok();
  };
  OCTET_RETURN_IF_ERROR(loadCachedOrBuild(info_, spec, kBuildOptions, loader,
                                          executable->report_));

  for (const std::string &name : spec.entryPoints) {
    cl_int err = CL_SUCCESS;
    cl_kernel kernel =
        api_->clCreateKernel(executable->program_, name.c_str(), &err);
    if (err == CL_INVALID_KERNEL_NAME)
      return Status::error("opencl: entry point '" + name +
                           "' is not a kernel of the program (loading on '" +
                           info_.name + "')");
    if (err != CL_SUCCESS || !kernel)
      return callError("clCreateKernel", err, info_.name,
                       "kernel '" + name + "'");
    executable->kernels_.push_back(kernel);
    cl_uint numArgs = 0;
    err = api_->clGetKernelInfo(kernel, CL_KERNEL_NUM_ARGS, sizeof(numArgs),
                                &numArgs, nullptr);
    if (err != CL_SUCCESS)
      return callError("clGetKernelInfo", err, info_.name,
                       "kernel '" + name + "'");
    executable->numArgs_.push_back(numArgs);
    executable->lastArgs_.emplace_back(numArgs, nullptr);
    executable->names_.push_back(name);
  }
  out = std::move(executable);
  return Status::ok();
}

Status OpenCLDevice::enqueueKernel(Executable &executable, uint32_t entryPoint,
                                   const std::array<uint32_t, 3> &grid,
                                   const std::array<uint32_t, 3> &block,
                                   const std::vector<BufferBinding> &bindings,
                                   cl_command_queue queue, cl_event *event) {
  if (event)
    *event = nullptr;
  auto *exe = dynamic_cast<OpenCLExecutable *>(&executable);
  OCTET_RETURN_IF_ERROR(
      checkDispatchable(info_, exe != nullptr, exe && exe->context_ == context_,
                        entryPoint, exe ? exe->kernels_.size() : 0));
  const std::string &name = exe->names_[entryPoint];
  if (bindings.size() != exe->numArgs_[entryPoint])
    return Status::error("opencl: dispatch: kernel '" + name + "' takes " +
                         std::to_string(exe->numArgs_[entryPoint]) +
                         " arguments, got " + std::to_string(bindings.size()) +
                         " bindings on '" + info_.name + "'");

  // Nothing below allocates unless it fails, or creates a sub-buffer on the
  // first use of an offset (kept by the buffer): steady-state runs allocate
  // no host or device memory here.
  size_t global[3];
  size_t local[3];
  for (int d = 0; d < 3; ++d) {
    local[d] = block[d];
    global[d] = static_cast<size_t>(grid[d]) * block[d];
  }
  bool empty = global[0] == 0 || global[1] == 0 || global[2] == 0;
  auto bindingError = [&](size_t i, const std::string &why) {
    return Status::error("opencl: dispatch of kernel '" + name +
                         "', argument #" + std::to_string(i) + ": " + why +
                         " on '" + info_.name + "'");
  };
  cl_kernel kernel = exe->kernels_[entryPoint];
  // Held from the first clSetKernelArg to the enqueue: kernels are shared.
  std::lock_guard<std::mutex> lock(context_->dispatchMutex);
  for (size_t i = 0; i < bindings.size(); ++i) {
    Buffer *binding = bindings[i].buffer;
    if (!binding)
      return bindingError(i, "no buffer");
    auto *buffer = dynamic_cast<OpenCLBuffer *>(binding);
    if (!buffer)
      return bindingError(i, "buffer was not allocated by the opencl driver");
    if (buffer->context() != context_.get())
      return bindingError(i, "buffer belongs to another device");
    cl_mem mem = nullptr;
    std::string why;
    if (!buffer->memAt(bindings[i].offsetBytes, mem, why))
      return bindingError(i, why);
    cl_mem &last = exe->lastArgs_[entryPoint][i];
    if (empty || mem == last)
      continue; // Still check every binding.
    cl_int err = api_->clSetKernelArg(kernel, static_cast<cl_uint>(i),
                                      sizeof(cl_mem), &mem);
    if (err != CL_SUCCESS) {
      last = nullptr;
      return callError("clSetKernelArg", err, info_.name,
                       "kernel '" + name + "', argument #" + std::to_string(i));
    }
    last = mem;
  }
  if (empty)
    return Status::ok(); // Nothing to run.
  cl_int err =
      queue ? api_->clEnqueueNDRangeKernel(queue, kernel, 3, nullptr, global,
                                           local, 0, nullptr, event)
            : context_->enqueueCommand(false, [&](cl_uint numEvents,
                                                  const cl_event *waitList) {
                return api_->clEnqueueNDRangeKernel(context_->queue, kernel, 3,
                                                    nullptr, global, local,
                                                    numEvents, waitList, event);
              });
  if (err != CL_SUCCESS) {
    char sizes[160];
    std::snprintf(sizes, sizeof(sizes),
                  "kernel '%s', grid %ux%ux%u, block %ux%ux%u", name.c_str(),
                  grid[0], grid[1], grid[2], block[0], block[1], block[2]);
    return callError("clEnqueueNDRangeKernel", err, info_.name, sizes);
  }
  return Status::ok();
}

Status OpenCLDevice::dispatchTimed(Executable &executable, uint32_t entryPoint,
                                   const std::array<uint32_t, 3> &grid,
                                   const std::array<uint32_t, 3> &block,
                                   const std::vector<BufferBinding> &bindings,
                                   double &deviceMilliseconds) {
  deviceMilliseconds = -1;
  // Everything enqueued before has run: the kernel runs alone, on a queue
  // of its own that records when it started and ended.
  OCTET_RETURN_IF_ERROR(synchronize());
  cl_command_queue queue = nullptr;
  if (context_) {
    std::lock_guard<std::mutex> lock(initMutex_);
    if (!context_->profilingQueue) {
      cl_int err = CL_SUCCESS;
      context_->profilingQueue = api_->clCreateCommandQueue(
          context_->context, device_, CL_QUEUE_PROFILING_ENABLE, &err);
      if (err != CL_SUCCESS)
        context_->profilingQueue = nullptr;
    }
    queue = context_->profilingQueue;
  }
  if (!queue) // No context yet (an error dispatch reports) or no timers.
    return Device::dispatchTimed(executable, entryPoint, grid, block, bindings,
                                 deviceMilliseconds);
  cl_event event = nullptr;
  OCTET_RETURN_IF_ERROR(enqueueKernel(executable, entryPoint, grid, block,
                                      bindings, queue, &event));
  if (!event) {
    deviceMilliseconds = 0; // An empty grid: nothing ran.
    return Status::ok();
  }
  // enqueueKernel checked the executable and the entry point.
  const std::string &name =
      static_cast<OpenCLExecutable &>(executable).names_[entryPoint];
  api_->clFlush(queue);
  const char *call = nullptr;
  cl_int status = CL_COMPLETE;
  cl_int err = waitFor(event, call, status);
  cl_ulong start = 0, end = 0;
  if (err == CL_SUCCESS && status == CL_COMPLETE) {
    call = "clGetEventProfilingInfo";
    err = api_->clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_START,
                                        sizeof(start), &start, nullptr);
    if (err == CL_SUCCESS)
      err = api_->clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_END,
                                          sizeof(end), &end, nullptr);
  }
  api_->clReleaseEvent(event);
  if (err != CL_SUCCESS)
    return callError(call, err, info_.name, "timing kernel '" + name + "'");
  if (status < CL_COMPLETE)
    return Status::error("opencl: kernel '" + name + "' failed (" +
                         errorName(status) + ") on '" + info_.name + "'");
  deviceMilliseconds = end >= start ? (end - start) * 1e-6 : 0.0;
  return Status::ok();
}

class OpenCLDriver final : public Driver {
public:
  std::string name() const override { return kApi; }

  Status enumerate(std::vector<std::unique_ptr<Device>> &devices) override {
    std::string error;
    const OpenCLApi *api = loadOpenCLApi(error);
    if (!api)
      return Status::error("opencl: " + error);

    cl_uint numPlatforms = 0;
    cl_int err = api->clGetPlatformIDs(0, nullptr, &numPlatforms);
    if (err == CL_PLATFORM_NOT_FOUND_KHR ||
        (err == CL_SUCCESS && !numPlatforms))
      return Status::error("opencl: no OpenCL platform (the ICD loader found "
                           "no installed OpenCL driver under "
                           "/etc/OpenCL/vendors)");
    if (err != CL_SUCCESS)
      return Status::error("opencl: clGetPlatformIDs failed (" +
                           errorName(err) + ")");
    std::vector<cl_platform_id> platforms(numPlatforms);
    err = api->clGetPlatformIDs(numPlatforms, platforms.data(), nullptr);
    if (err != CL_SUCCESS)
      return Status::error("opencl: clGetPlatformIDs failed (" +
                           errorName(err) + ")");

    std::vector<std::unique_ptr<Device>> found;
    std::string notes;
    for (cl_platform_id platform : platforms) {
      std::string platformName =
          platformString(*api, platform, CL_PLATFORM_NAME);
      cl_uint numDevices = 0;
      err = api->clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, nullptr,
                                &numDevices);
      if (err == CL_DEVICE_NOT_FOUND || (err == CL_SUCCESS && !numDevices)) {
        notes += "; platform '" + platformName + "' has no devices";
        continue;
      }
      if (err != CL_SUCCESS) {
        notes += "; clGetDeviceIDs failed (" + errorName(err) +
                 ") on platform '" + platformName + "'";
        continue;
      }
      std::vector<cl_device_id> ids(numDevices);
      err = api->clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, numDevices,
                                ids.data(), nullptr);
      if (err != CL_SUCCESS) {
        notes += "; clGetDeviceIDs failed (" + errorName(err) +
                 ") on platform '" + platformName + "'";
        continue;
      }
      std::string platformVersion =
          platformString(*api, platform, CL_PLATFORM_VERSION);
      for (cl_device_id id : ids)
        found.push_back(makeDevice(*api, platform, id, platformName,
                                   platformVersion,
                                   static_cast<int>(found.size())));
    }
    if (found.empty())
      return Status::error("opencl: no OpenCL device" + notes);
    for (auto &device : found)
      devices.push_back(std::move(device));
    return Status::ok();
  }

private:
  static std::unique_ptr<Device>
  makeDevice(const OpenCLApi &api, cl_platform_id platform, cl_device_id id,
             const std::string &platformName,
             const std::string &platformVersion, int ordinal) {
    DeviceInfo info;
    info.api = kApi;
    info.ordinal = ordinal;
    info.name = deviceString(api, id, CL_DEVICE_NAME);
    if (info.name.empty())
      info.name = "opencl device " + std::to_string(ordinal);
    cl_device_type type =
        deviceValue<cl_device_type>(api, id, CL_DEVICE_TYPE, 0);
    info.kind = (type & CL_DEVICE_TYPE_GPU)           ? DeviceKind::GPU
                : (type & CL_DEVICE_TYPE_ACCELERATOR) ? DeviceKind::Accelerator
                : (type & CL_DEVICE_TYPE_CPU)         ? DeviceKind::CPU
                                                      : DeviceKind::Other;
    info.memoryBytes =
        deviceValue<cl_ulong>(api, id, CL_DEVICE_GLOBAL_MEM_SIZE, 0);
    std::string extensions = deviceString(api, id, CL_DEVICE_EXTENSIONS);
    info.hasFp16 = hasExtension(extensions, "cl_khr_fp16");
    info.hasBf16 = hasExtension(extensions, "cl_intel_bfloat16_conversions") ||
                   hasExtension(extensions, "cl_khr_bfloat16");
    info.hasFp8 = false;
    info.arch = "";
    info.driverVersion = platformName + " " + platformVersion + "; driver " +
                         deviceString(api, id, CL_DRIVER_VERSION) + "; " +
                         deviceString(api, id, CL_DEVICE_VERSION);
    cl_uint alignBits =
        deviceValue<cl_uint>(api, id, CL_DEVICE_MEM_BASE_ADDR_ALIGN, 1024);
    size_t alignment = std::max<size_t>(alignBits / 8, 1);
    return std::make_unique<OpenCLDevice>(&api, platform, id, std::move(info),
                                          alignment);
  }
};

} // namespace
} // namespace opencl

std::unique_ptr<Driver> createOpenCLDriver() {
  return std::make_unique<opencl::OpenCLDriver>();
}

} // namespace octet::hal
