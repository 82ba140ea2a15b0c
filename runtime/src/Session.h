//===- Session.h - A model loaded on a device, ready to run -----*- C++ -*-===//
//
// A Session owns everything a model needs on one device, created once at
// load: the built executable, the constants (uploaded once), the input and
// output buffers and the transient slots. run() validates the host inputs
// against the model's signature (matchInputs, which needs no session and so
// also serves checks before any device work), uploads them, executes the plan
// in order on the device's queue, waits, and downloads the outputs. No device
// memory is allocated after the first run (a driver may create views of
// buffers, such as OpenCL sub-buffers, the first time a binding is used). One
// run at a time per session.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_SESSION_H
#define OCTET_RUNTIME_SESSION_H

#include "runtime/src/DeviceSelection.h"
#include "runtime/src/artifact/Artifact.h"
#include "runtime/src/hal/Driver.h"
#include "runtime/src/support/Status.h"

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace octet {

/// A host input tensor (not owned).
struct HostTensorView {
  /// Name of the model input it feeds.
  std::string_view name;
  artifact::DType dtype = artifact::DType::F32;
  const int64_t *dims = nullptr;
  size_t rank = 0;
  const void *data = nullptr;
  size_t sizeBytes = 0;
};

/// Host memory receiving one output (not owned); `sizeBytes` must equal the
/// output's size.
struct HostOutputView {
  void *data = nullptr;
  size_t sizeBytes = 0;
};

/// Checks host `inputs` against the signature of `artifact` (no device
/// needed): every model input given exactly once, by name, with its dtype and
/// shape, and with dtype size x element count bytes of data. On success
/// `sourceOfInput[k]` is the index in `inputs` feeding model input k. Errors
/// are InvalidArgument ("input 'x': expected f32[2,3], got f32[3,2]").
/// Allocates only to build a message or to grow `sourceOfInput`.
Status matchInputs(const artifact::Artifact &artifact,
                   const std::vector<HostTensorView> &inputs,
                   std::vector<int> &sourceOfInput);

/// The spec devices check (Device::canRun) and build (loadExecutable) for
/// `executable`: its format, arch, code and entry points, with their content
/// hash. It points into the artifact's bytes, which must outlive it.
hal::ExecutableSpec makeExecutableSpec(const artifact::Executable &executable);
/// What device selection needs to know of an executable of an artifact.
ExecutableDesc makeExecutableDesc(const artifact::Executable &executable);

class Session {
public:
  /// Builds executable `executableIndex` of `artifact` on `device`, uploads
  /// the constants and allocates every buffer. `device` must outlive the
  /// session.
  static Status create(std::shared_ptr<const artifact::LoadedArtifact> artifact,
                       hal::Device &device, size_t executableIndex,
                       std::unique_ptr<Session> &out);
  ~Session();

  const artifact::LoadedArtifact &artifact() const { return *artifact_; }
  const artifact::Artifact &root() const { return artifact_->root(); }
  hal::Device &device() const { return device_; }
  size_t executableIndex() const { return executableIndex_; }
  /// "opencl:0 (pthread-cpu), executable opencl-c".
  std::string description() const;
  /// Which variant of the artifact the device runs instead of one it cannot
  /// run, and why (Selection::fallback); empty when none was refused.
  const std::string &fallback() const { return fallback_; }
  void setFallback(std::string fallback) { fallback_ = std::move(fallback); }

  size_t inputCount() const;
  size_t outputCount() const;
  /// Byte size of output `index`.
  size_t outputSizeBytes(size_t index) const;

  /// Checks `inputs` against the signature (matchInputs) and remembers which
  /// one feeds each model input for the next upload.
  Status validateInputs(const std::vector<HostTensorView> &inputs);

  /// Kernel launches in one run.
  size_t dispatchesPerRun() const {
    return static_cast<size_t>(
        std::count_if(steps_.begin(), steps_.end(),
                      [](const PreparedStep &s) { return s.isDispatch; }));
  }
  /// Device memory the session holds: inputs, outputs, constants and
  /// transient slots (allocated once, at creation).
  size_t deviceBytes() const { return deviceBytes_; }

  /// Per plan step, the times of one profiled run.
  struct StepTimes {
    /// The host's wall time from enqueueing the step to its end.
    std::vector<double> hostMilliseconds;
    /// The kernel's run time by the device's own timer
    /// (Device::dispatchTimed); -1 for copies and where the device has no
    /// timer.
    std::vector<double> deviceMilliseconds;
  };

  /// Runs the model once. `outputs[i]` receives output i. With `profile`,
  /// every plan step runs alone, waited for, and is timed (a profile: the
  /// waits make the whole run slower than an unprofiled one).
  Status run(const std::vector<HostTensorView> &inputs,
             const std::vector<HostOutputView> &outputs,
             StepTimes *profile = nullptr);
  /// Number of plan steps (kernel launches and copies).
  size_t stepCount() const { return steps_.size(); }
  /// The kernel name of step `index`, or "copy".
  std::string stepName(size_t index) const;

private:
  Session(std::shared_ptr<const artifact::LoadedArtifact> artifact,
          hal::Device &device, size_t executableIndex);
  Status initialize();

  struct PreparedStep {
    bool isDispatch = true;
    // Dispatch.
    uint32_t entryPoint = 0;
    std::array<uint32_t, 3> grid{};
    std::array<uint32_t, 3> block{};
    std::vector<hal::BufferBinding> bindings;
    // Copy.
    hal::Buffer *src = nullptr;
    hal::Buffer *dst = nullptr;
    size_t srcOffset = 0, dstOffset = 0, size = 0;
  };

  std::shared_ptr<const artifact::LoadedArtifact> artifact_;
  hal::Device &device_;
  size_t executableIndex_;
  std::string fallback_;
  std::unique_ptr<hal::Executable> executable_;
  /// Device memory, owned: one per input, output, referenced constant and
  /// transient slot.
  std::vector<std::unique_ptr<hal::Buffer>> owned_;
  std::vector<hal::Buffer *> inputBuffers_, outputBuffers_;
  std::vector<size_t> outputBytes_;
  std::vector<PreparedStep> steps_;
  size_t deviceBytes_ = 0;
  /// For each model input, which element of the last `inputs` feeds it
  /// (sized at initialize, so matchInputs does not allocate it per run).
  std::vector<int> inputSource_;
};

} // namespace octet

#endif // OCTET_RUNTIME_SESSION_H
