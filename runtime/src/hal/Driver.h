//===- Driver.h - The device layer every backend implements -----*- C++ -*-===//
//
// A backend's runtime half (targets/<name>/runtime/) implements Driver and
// Device. Core runtime code only sees these interfaces; the list of drivers
// is assembled at build time (see DriverRegistry.h), and each driver loads its
// vendor library at run time (dlopen), so a binary starts on any machine.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_HAL_DRIVER_H
#define OCTET_RUNTIME_HAL_DRIVER_H

#include "runtime/src/support/Status.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace octet::hal {

/// Broad class of a device, used to rank devices for `--device auto`.
enum class DeviceKind { GPU, Accelerator, CPU, Other };

/// What a driver reports about one device.
struct DeviceInfo {
  /// Driver (and target) name: "cuda", "opencl".
  std::string api;
  /// Index of the device among the devices of its driver (the N of cuda:N).
  int ordinal = 0;
  std::string name;
  DeviceKind kind = DeviceKind::Other;
  /// Global memory in bytes.
  uint64_t memoryBytes = 0;
  /// Arithmetic the device has natively.
  bool hasFp16 = false;
  bool hasBf16 = false;
  bool hasFp8 = false;
  /// Architecture string, e.g. "sm_90" for CUDA; empty when not applicable.
  std::string arch;
  /// Driver/platform version string, part of kernel cache keys.
  std::string driverVersion;
};

/// Device memory. Owned by the caller of Device::allocate.
class Buffer {
public:
  virtual ~Buffer() = default;
  virtual size_t sizeBytes() const = 0;
};

/// What the runtime hands a device to build: one executable of the artifact.
struct ExecutableSpec {
  /// Code format, e.g. "ptx" or "opencl-c".
  std::string format;
  /// Architecture the code targets ("sm_80"); empty when any.
  std::string arch;
  /// The code (PTX text, OpenCL C source, ...).
  const uint8_t *code = nullptr;
  size_t codeSize = 0;
  /// Kernel entry points, in the order the plan refers to them.
  std::vector<std::string> entryPoints;
  /// hal::contentHashOf(*this) (CachedBuild.h), set by whoever fills the
  /// spec: kernel caches key built binaries on it without hashing the code
  /// again (left at 0, the cache computes it).
  uint64_t contentHash = 0;
};

/// A built executable: kernels ready to launch on one device.
class Executable {
public:
  virtual ~Executable() = default;
};

/// One kernel argument: a buffer and a byte offset into it.
struct BufferBinding {
  Buffer *buffer = nullptr;
  uint64_t offsetBytes = 0;
};

/// One device. All operations are ordered on a single in-order queue.
class Device {
public:
  virtual ~Device() = default;
  virtual const DeviceInfo &info() const = 0;

  /// Whether this device can build and run `spec` (format known, arch
  /// compatible). `why` receives the reason when it cannot.
  virtual bool canRun(const ExecutableSpec &spec, std::string &why) const = 0;

  virtual Status allocate(size_t sizeBytes, std::unique_ptr<Buffer> &out) = 0;
  virtual Status upload(Buffer &dst, size_t offsetBytes, const void *src,
                        size_t sizeBytes) = 0;
  virtual Status download(const Buffer &src, size_t offsetBytes, void *dst,
                          size_t sizeBytes) = 0;
  virtual Status copy(const Buffer &src, size_t srcOffsetBytes, Buffer &dst,
                      size_t dstOffsetBytes, size_t sizeBytes) = 0;

  /// Like upload, but may return before the bytes are read: `src` must stay
  /// valid and unchanged until the next synchronize(). A run enqueues its
  /// inputs, kernels and outputs and waits once, at the end. This default
  /// copies at once, for drivers without asynchronous copies.
  virtual Status enqueueUpload(Buffer &dst, size_t offsetBytes, const void *src,
                               size_t sizeBytes) {
    return upload(dst, offsetBytes, src, sizeBytes);
  }
  /// Like download, but `dst` holds the bytes only after the next
  /// synchronize(). This default copies at once.
  virtual Status enqueueDownload(const Buffer &src, size_t offsetBytes,
                                 void *dst, size_t sizeBytes) {
    return download(src, offsetBytes, dst, sizeBytes);
  }

  /// Builds (or fetches from the on-disk kernel cache) an executable.
  virtual Status loadExecutable(const ExecutableSpec &spec,
                                std::unique_ptr<Executable> &out) = 0;

  /// Enqueues kernel `entryPoint` of `executable` with the given buffers as
  /// its arguments, in order, on a grid of `grid` blocks of `block` threads.
  virtual Status dispatch(Executable &executable, uint32_t entryPoint,
                          const std::array<uint32_t, 3> &grid,
                          const std::array<uint32_t, 3> &block,
                          const std::vector<BufferBinding> &bindings) = 0;

  /// Waits until all enqueued work has finished.
  virtual Status synchronize() = 0;

  /// For a profile: runs the kernel like dispatch() once all enqueued work
  /// has finished, waits for it, and sets `deviceMilliseconds` to the time
  /// it ran as the device's own timer measured it (start to end, without
  /// the host's launch and wait). Drivers without such timers keep this
  /// default: dispatch, synchronize, and -1 (not measured).
  virtual Status dispatchTimed(Executable &executable, uint32_t entryPoint,
                               const std::array<uint32_t, 3> &grid,
                               const std::array<uint32_t, 3> &block,
                               const std::vector<BufferBinding> &bindings,
                               double &deviceMilliseconds) {
    deviceMilliseconds = -1;
    OCTET_RETURN_IF_ERROR(
        dispatch(executable, entryPoint, grid, block, bindings));
    return synchronize();
  }
};

/// One API (CUDA, OpenCL): finds its devices at run time.
class Driver {
public:
  virtual ~Driver() = default;
  /// Same as the target name: "cuda", "opencl".
  virtual std::string name() const = 0;
  /// Appends the devices found. When there are none, leaves `devices`
  /// unchanged and returns a Status whose message says why ("libcuda.so.1
  /// not found", "no OpenCL platform"); that is not a hard error.
  virtual Status enumerate(std::vector<std::unique_ptr<Device>> &devices) = 0;
};

} // namespace octet::hal

#endif // OCTET_RUNTIME_HAL_DRIVER_H
