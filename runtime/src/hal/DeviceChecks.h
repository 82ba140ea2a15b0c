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

} // namespace octet::hal

#endif // OCTET_RUNTIME_HAL_DEVICECHECKS_H
