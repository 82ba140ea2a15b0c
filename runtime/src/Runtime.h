//===- Runtime.h - Drivers, devices and model loading -----------*- C++ -*-===//
//
// A Runtime owns a list of drivers (the built-in ones for the C API and the
// tools; fakes in tests), enumerates their devices once, remembers why a
// driver found none, and loads artifacts onto the device that selection
// picks. The C API (runtime/include/octet/runtime.h) wraps this class.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_RUNTIME_H
#define OCTET_RUNTIME_RUNTIME_H

#include "runtime/src/DeviceSelection.h"
#include "runtime/src/Session.h"
#include "runtime/src/artifact/Artifact.h"
#include "runtime/src/hal/Driver.h"

#include <memory>
#include <string>
#include <vector>

namespace octet {

class Runtime {
public:
  /// Takes the drivers and enumerates their devices (in driver order).
  explicit Runtime(std::vector<std::unique_ptr<hal::Driver>> drivers);
  ~Runtime();
  Runtime(const Runtime &) = delete;
  Runtime &operator=(const Runtime &) = delete;

  size_t deviceCount() const { return devices_.size(); }
  hal::Device &device(size_t index) const { return *devices_.at(index); }
  /// Infos of all devices, in the order of device(i).
  const std::vector<hal::DeviceInfo> &deviceInfos() const { return infos_; }
  /// Names of the drivers built in (or given), in order.
  const std::vector<std::string> &driverNames() const { return driverNames_; }
  /// One note per driver that found no device.
  const std::vector<DriverNote> &driverNotes() const { return notes_; }

  /// Chooses a device for `artifact` per `request` and the executable it
  /// runs (see selectDevice), without building anything.
  Status select(const artifact::LoadedArtifact &artifact,
                const std::string &request, Selection &out) const;
  /// What device `index` would run of `artifact`, for --list-devices:
  /// "ptx sm_80 (FP8 conversions emulated)", with the variant it cannot
  /// run and why when there is one, or why it can run nothing.
  std::string describeChoice(const artifact::LoadedArtifact &artifact,
                             size_t index) const;

  /// Chooses a device for `artifact` per `request` (see selectDevice) and
  /// creates a Session on it.
  Status load(std::shared_ptr<const artifact::LoadedArtifact> artifact,
              const std::string &request, std::unique_ptr<Session> &out);
  /// Reads and verifies the artifact at `path`, then load() it.
  Status loadFile(const std::string &path, const std::string &request,
                  std::unique_ptr<Session> &out);

private:
  // Declared first so that devices (declared later) are destroyed first.
  std::vector<std::unique_ptr<hal::Driver>> drivers_;
  std::vector<std::unique_ptr<hal::Device>> devices_;
  std::vector<hal::DeviceInfo> infos_;
  std::vector<std::string> driverNames_;
  std::vector<DriverNote> notes_;
};

} // namespace octet

#endif // OCTET_RUNTIME_RUNTIME_H
