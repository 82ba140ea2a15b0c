//===- CApiBuiltin.cpp - octet_runtime_create with built-in drivers -------===//
//
// The one C API entry point that needs the generated driver registry; kept
// apart so that octet_runtime_core (and the unit tests) link no driver.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/CApiInternal.h"
#include "runtime/src/hal/DriverRegistry.h"

#include <exception>

extern "C" octet_status *octet_runtime_create(octet_runtime **out) {
  if (!out)
    return octet::capi::toCStatus(octet::Status::error(
        octet::StatusCode::InvalidArgument, "octet_runtime_create: null out"));
  try {
    std::vector<std::unique_ptr<octet::hal::Driver>> drivers;
    octet::hal::registerBuiltinDrivers(drivers);
    *out = octet::capi::wrapRuntime(
        std::make_unique<octet::Runtime>(std::move(drivers)));
    return nullptr;
  } catch (const std::exception &e) {
    return octet::capi::toCStatus(
        octet::Status::error(std::string("creating the runtime: ") + e.what()));
  } catch (...) {
    return octet::capi::toCStatus(
        octet::Status::error("creating the runtime: unknown exception"));
  }
}
