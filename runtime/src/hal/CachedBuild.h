//===- CachedBuild.h - Build once per device, reuse from disk ---*- C++ -*-===//
//
// The part of Device::loadExecutable that every driver shares: compute the
// kernel-cache key, try the cached binary, otherwise build from the
// executable's code and store the result, and record what happened in a
// LoadReport (also printed with OCTET_VERBOSE=1). Drivers supply only the two
// API-specific steps: loading a binary and building from code.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_HAL_CACHEDBUILD_H
#define OCTET_RUNTIME_HAL_CACHEDBUILD_H

#include "runtime/src/hal/Driver.h"
#include "runtime/src/hal/LoadReport.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace octet::hal {

/// The API-specific steps of loading an executable.
struct BinaryLoader {
  /// Makes the device's program/module from a binary produced earlier by
  /// `build` (read back from the cache). A failure here means the entry is
  /// stale: it is rebuilt and overwritten.
  std::function<Status(const std::vector<uint8_t> &binary)> loadBinary;
  /// Builds the program/module from the executable's code, leaves it loaded,
  /// and returns in `binary` the bytes to cache (empty: nothing to cache).
  std::function<Status(std::vector<uint8_t> &binary)> build;
};

/// The ExecutableSpec::contentHash of `spec`: FNV-1a over its format, arch,
/// entry points and code.
uint64_t contentHashOf(const ExecutableSpec &spec);

/// Loads `spec` on `device` through the kernel cache. `buildOptions` are the
/// compiler options the driver builds with; they are part of the cache key,
/// with the device's name and driver version and spec.contentHash (which
/// must be contentHashOf(spec): the code is not hashed again).
Status loadCachedOrBuild(const DeviceInfo &device, const ExecutableSpec &spec,
                         const std::string &buildOptions,
                         const BinaryLoader &loader, LoadReport &report);

} // namespace octet::hal

#endif // OCTET_RUNTIME_HAL_CACHEDBUILD_H
