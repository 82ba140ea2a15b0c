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

/// Makes a C status from `status` (NULL on success).
octet_status *toCStatus(const Status &status);

} // namespace octet::capi

#endif // OCTET_RUNTIME_CAPIINTERNAL_H
