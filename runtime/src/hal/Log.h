//===- Log.h - Diagnostic messages of the device layer ---------*- C++ -*-===//
//
// With OCTET_VERBOSE set to anything but "" or "0", drivers describe what they
// do that costs time (building kernels, hitting the kernel cache) on stderr,
// one line each, prefixed "octet: <api>: ". End-to-end tests grep these lines,
// e.g. "octet: opencl: kernels loaded from cache <path>".
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_HAL_LOG_H
#define OCTET_RUNTIME_HAL_LOG_H

#include <chrono>
#include <string>

namespace octet::hal {

/// Whether OCTET_VERBOSE asks for diagnostics; read on every call, so tests
/// may set it at run time.
bool verboseEnabled();

/// Prints "octet: <api>: <message>" on stderr when verboseEnabled().
void verboseLog(const std::string &api, const std::string &message);

/// Milliseconds elapsed since `start`, for timing builds.
inline double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

/// Formats milliseconds as e.g. "12.3 ms".
std::string formatMilliseconds(double milliseconds);

} // namespace octet::hal

#endif // OCTET_RUNTIME_HAL_LOG_H
