//===- DeviceSelection.h - Choosing the device that runs a model -*- C++
//-*-===//
//
// A pure function from (devices found, executables in the artifact, request)
// to (device, executable), so that ranking and error messages are testable
// without hardware. `auto` prefers a CUDA GPU, then an OpenCL GPU, then an
// OpenCL accelerator, then an OpenCL CPU, among the devices for which the
// artifact has a runnable executable.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_DEVICESELECTION_H
#define OCTET_RUNTIME_DEVICESELECTION_H

#include "runtime/src/hal/Driver.h"
#include "runtime/src/support/Status.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace octet {

/// What selection needs to know about one executable of an artifact.
struct ExecutableDesc {
  /// Target (driver) name, "cuda" or "opencl".
  std::string target;
  /// Code format, "ptx" or "opencl-c".
  std::string format;
  /// Architecture ("sm_90"); empty when any.
  std::string arch;
  /// What sets it apart from the target's other executables ("FP8
  /// conversions native"); empty when nothing does.
  std::string notes;
};

/// A driver that found no device, and why (from Driver::enumerate).
struct DriverNote {
  std::string driver;
  std::string why;
};

/// A parsed --device request.
struct DeviceRequest {
  /// "auto" when empty.
  std::string api;
  /// -1: any device of `api`.
  int ordinal = -1;
  bool isAuto() const { return api.empty(); }
};

/// Parses `auto`, `<api>` or `<api>:<N>` (e.g. `cuda:0`, `opencl`).
Status parseDeviceRequest(const std::string &text, DeviceRequest &out);

/// Parses "sm_90" / "sm_90a" / "compute_80" into 90 / 90 / 80; -1 otherwise.
int parseSmVersion(const std::string &arch);

/// The reference compatibility rule (what Device::canRun implements for the
/// built-in drivers, minus format support): the executable's target must be
/// the device's API; for CUDA an executable built for sm_X runs on sm_Y iff
/// Y >= X; otherwise a non-empty arch must equal the device's arch. `why`
/// receives the reason when it cannot run.
bool executableRunsOn(const hal::DeviceInfo &device, const ExecutableDesc &exe,
                      std::string &why);

/// Decides whether executable `exe` can run on device `device` (indices into
/// the lists given to selectDevice); `why` receives the reason if not.
using CanRunFn =
    std::function<bool(size_t device, size_t exe, std::string &why)>;

/// Rank of a device for `auto` (lower is better): CUDA GPU 0, GPU 1,
/// accelerator 2, CPU 3, other 4.
int deviceRank(const hal::DeviceInfo &device);

/// "cuda:0 (NVIDIA H100)".
std::string describeDevice(const hal::DeviceInfo &device);

/// The result of selection.
struct Selection {
  size_t device = 0;
  size_t executable = 0;
  /// When the device cannot run a variant of the artifact that differs from
  /// the chosen one (an executable with native FP8 conversions, say), which
  /// one it runs instead and why; empty otherwise.
  std::string fallback;
};

/// "ptx sm_80 (FP8 conversions emulated)": an executable for people.
std::string describeExecutable(const ExecutableDesc &executable);

/// Chooses a device and the executable to run on it. `canRun` defaults to
/// executableRunsOn; the runtime passes one that also asks Device::canRun
/// (the target check stays: an executable runs only on its target's
/// devices). `notes` explains drivers that found no device. Errors
/// (StatusCode::NoDevice, or InvalidArgument for a malformed request) say
/// what was asked, what exists and why nothing fits.
Status selectDevice(const std::vector<hal::DeviceInfo> &devices,
                    const std::vector<ExecutableDesc> &executables,
                    const std::string &request,
                    const std::vector<DriverNote> &notes, Selection &out,
                    const CanRunFn &canRun = nullptr);

} // namespace octet

#endif // OCTET_RUNTIME_DEVICESELECTION_H
