//===- CApiInternal.h - Bridging the C API and the C++ runtime --*- C++ -*-===//
//
// Lets C++ code (tests, the built-in entry point in CApiBuiltin.cpp) create
// an octet_runtime around a Runtime of its choosing, e.g. one with fake
// drivers.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_CAPIINTERNAL_H
#define OCTET_RUNTIME_CAPIINTERNAL_H

#include "runtime/include/octet/runtime.h"
#include "runtime/src/Runtime.h"

#include <memory>

namespace octet::capi {

/// Wraps `runtime` in a new octet_runtime (free with octet_runtime_destroy).
octet_runtime *wrapRuntime(std::unique_ptr<Runtime> runtime);

/// Makes a C status from `status` (NULL on success). Never returns NULL for
/// a failure: when the status cannot be allocated, returns
/// outOfMemoryStatus() instead.
octet_status *toCStatus(const Status &status);

/// The statically allocated status "out of host memory" (code
/// OCTET_STATUS_FAILURE) that entry points return when they cannot allocate
/// one; octet_status_free recognizes it and does not free it.
octet_status *outOfMemoryStatus();

} // namespace octet::capi

#endif // OCTET_RUNTIME_CAPIINTERNAL_H
