//===- OpenCLDriver.h - The OpenCL runtime driver ---------------*- C++ -*-===//
//
// Runs "opencl-c" executables on every OpenCL device of every platform the
// ICD loader knows. Registered through octet_add_runtime_driver; core code
// reaches it only via DriverRegistry.h. Tests include this header directly.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_TARGETS_OPENCL_RUNTIME_OPENCLDRIVER_H
#define OCTET_TARGETS_OPENCL_RUNTIME_OPENCLDRIVER_H

#include "runtime/src/hal/Driver.h"

#include <memory>

namespace octet::hal {

/// The OpenCL driver (api "opencl"). Loads libOpenCL.so.1 on first
/// enumerate; finds no devices, with a Status saying why, when it is missing.
std::unique_ptr<Driver> createOpenCLDriver();

} // namespace octet::hal

#endif // OCTET_TARGETS_OPENCL_RUNTIME_OPENCLDRIVER_H
