//===- DeviceChecks.cpp - Argument checks every driver makes --------------===//
//
// See DeviceChecks.h.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/hal/DeviceChecks.h"

#include <string>

namespace octet::hal {

Status checkLoadable(const Device &device, const ExecutableSpec &spec) {
  const DeviceInfo &info = device.info();
  std::string why;
  if (!device.canRun(spec, why))
    return Status::error(info.api + ": cannot load executable on '" +
                         info.name + "': " + why);
  if (!spec.code || spec.codeSize == 0)
    return Status::error(info.api + ": executable has no code (loading on '" +
                         info.name + "')");
  return Status::ok();
}

Status checkDispatchable(const DeviceInfo &device, bool ownExecutable,
                         bool sameDevice, uint32_t entryPoint,
                         size_t entryPointCount) {
  const std::string &api = device.api;
  if (!ownExecutable)
    return Status::error(api + ": dispatch: executable was not loaded by the " +
                         api + " driver");
  if (!sameDevice)
    return Status::error(api +
                         ": dispatch: executable was loaded on another "
                         "device than '" +
                         device.name + "'");
  if (entryPoint >= entryPointCount)
    return Status::error(api + ": dispatch: entry point #" +
                         std::to_string(entryPoint) + " out of range (" +
                         std::to_string(entryPointCount) +
                         " entry points) on '" + device.name + "'");
  return Status::ok();
}

Status checkRange(const DeviceInfo &device, const char *what, uint64_t offset,
                  uint64_t size, size_t bufferSize) {
  if (offset <= bufferSize && size <= bufferSize - offset)
    return Status::ok();
  return Status::error(
      device.api + ": " + what + " of " + std::to_string(size) +
      " bytes at offset " + std::to_string(offset) + " is out of range of a " +
      std::to_string(bufferSize) + "-byte buffer on '" + device.name + "'");
}

Status checkCopy(const DeviceInfo &device, size_t sourceSize,
                 uint64_t sourceOffset, size_t destinationSize,
                 uint64_t destinationOffset, uint64_t size, bool sameBuffer,
                 bool &nothingToDo) {
  OCTET_RETURN_IF_ERROR(
      checkRange(device, "copy source", sourceOffset, size, sourceSize));
  OCTET_RETURN_IF_ERROR(checkRange(device, "copy destination",
                                   destinationOffset, size, destinationSize));
  nothingToDo = size == 0 || (sameBuffer && sourceOffset == destinationOffset);
  if (!nothingToDo && sameBuffer && sourceOffset < destinationOffset + size &&
      destinationOffset < sourceOffset + size)
    return Status::error(device.api +
                         ": copy within one buffer with overlapping ranges is "
                         "not supported on '" +
                         device.name + "'");
  return Status::ok();
}

} // namespace octet::hal
