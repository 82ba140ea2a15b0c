//===- CudaDriver.h - The CUDA runtime driver -------------------*- C++ -*-===//
//
// Runs "ptx" executables on NVIDIA GPUs through the CUDA driver API, JIT-
// compiling PTX for the device (forward compatible: PTX for sm_80 runs on
// sm_90). Registered through octet_add_runtime_driver; core code reaches it
// only via DriverRegistry.h. Tests include this header directly.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_TARGETS_CUDA_RUNTIME_CUDADRIVER_H
#define OCTET_TARGETS_CUDA_RUNTIME_CUDADRIVER_H

#include "runtime/src/hal/Driver.h"

#include <memory>
#include <string>

namespace octet::hal {

/// The CUDA driver (api "cuda"). Loads libcuda.so.1 (or the library named by
/// $OCTET_CUDA_LIBRARY, when set and not empty: tests point it at a fake) on
/// first enumerate; finds no devices, with a Status saying why, when it is
/// missing, is the toolkit's stub, or sees no GPU.
std::unique_ptr<Driver> createCudaDriver();

/// The same driver loading `library` (a file name or path) instead of
/// libcuda.so.1; for tests (e.g. the toolkit's stubs/libcuda.so).
std::unique_ptr<Driver> createCudaDriverWithLibrary(std::string library);

} // namespace octet::hal

#endif // OCTET_TARGETS_CUDA_RUNTIME_CUDADRIVER_H
