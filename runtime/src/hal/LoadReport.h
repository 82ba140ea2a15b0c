//===- LoadReport.h - How a driver obtained an executable ------*- C++ -*-===//
//
// Drivers' Executable classes also implement ReportsLoad, which says whether
// the kernels came from the on-disk kernel cache or were built, where the
// cache entry lives and how long loading took. Tools and tests read it with
// getLoadReport() without Driver.h having to know about caching. With
// OCTET_VERBOSE=1 drivers also print the same facts on stderr (see Log.h).
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_HAL_LOADREPORT_H
#define OCTET_RUNTIME_HAL_LOADREPORT_H

#include "runtime/src/hal/Driver.h"

#include <string>

namespace octet::hal {

/// What happened in one Device::loadExecutable.
struct LoadReport {
  /// True when the kernels were created from a cached binary, without
  /// compiling the source (OpenCL C) or JIT-compiling PTX.
  bool fromCache = false;
  /// The cache file read or written; empty when the cache is disabled.
  std::string cachePath;
  /// Wall time of building or loading, in milliseconds.
  double milliseconds = 0;
  /// Why a cache entry was present but not used (e.g. it failed to load and
  /// was rebuilt and overwritten); empty otherwise.
  std::string cacheNote;
};

/// Implemented (as a second base) by executables that can say how they were
/// obtained.
class ReportsLoad {
public:
  virtual ~ReportsLoad() = default;
  virtual const LoadReport &loadReport() const = 0;
};

/// The load report of `executable`, or null when its driver keeps none.
inline const LoadReport *getLoadReport(const Executable &executable) {
  const auto *reports = dynamic_cast<const ReportsLoad *>(&executable);
  return reports ? &reports->loadReport() : nullptr;
}

} // namespace octet::hal

#endif // OCTET_RUNTIME_HAL_LOADREPORT_H
