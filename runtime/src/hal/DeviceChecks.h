//===- DeviceChecks.h - Argument checks every driver makes ------*- C++ -*-===//
//
// The checks at the start of Device::loadExecutable and Device::dispatch are
// the same for every driver; they live here once, with one wording of their
// messages ("<api>: ...").
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_HAL_DEVICECHECKS_H
#define OCTET_RUNTIME_HAL_DEVICECHECKS_H

#include "runtime/src/hal/Driver.h"

#include <cstddef>
#include <cstdint>

namespace octet::hal {

/// `device` can run `spec` (Device::canRun) and `spec` carries code.
Status checkLoadable(const Device &device, const ExecutableSpec &spec);

/// The executable given to `device`'s dispatch was loaded by the same driver
/// (`ownExecutable`) on this very device (`sameDevice`), and has
/// `entryPoint` among its `entryPointCount` entry points.
Status checkDispatchable(const DeviceInfo &device, bool ownExecutable,
                         bool sameDevice, uint32_t entryPoint,
                         size_t entryPointCount);

/// [offset, offset + size) lies inside a buffer of `bufferSize` bytes; `what`
/// names the operation in the message ("upload", "copy source").
Status checkRange(const DeviceInfo &device, const char *what, uint64_t offset,
                  uint64_t size, size_t bufferSize);

/// Checks a device-to-device copy of `size` bytes. `sameBuffer` says whether
/// source and destination are one buffer (overlapping ranges are refused).
/// Sets `nothingToDo` when the copy is empty or copies a range onto itself.
Status checkCopy(const DeviceInfo &device, size_t sourceSize,
                 uint64_t sourceOffset, size_t destinationSize,
                 uint64_t destinationOffset, uint64_t size, bool sameBuffer,
                 bool &nothingToDo);

} // namespace octet::hal

#endif // OCTET_RUNTIME_HAL_DEVICECHECKS_H
