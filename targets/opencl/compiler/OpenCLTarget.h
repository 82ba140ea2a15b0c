//===- OpenCLTarget.h - The compiler half of the OpenCL backend -*- C++ -*-===//
//
// Factory for the "opencl" TargetBackend: kernels -> OpenCL C 1.2 source
// (format "opencl-c"), compiled by the device's driver at load time.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_TARGETS_OPENCL_COMPILER_OPENCLTARGET_H
#define OCTET_TARGETS_OPENCL_COMPILER_OPENCLTARGET_H

#include "compiler/Target/TargetBackend.h"

namespace octet {

/// Creates the OpenCL backend (OpenCL C source through OpenCLCEmitter).
std::unique_ptr<TargetBackend> createOpenCLTargetBackend();

} // namespace octet

#endif // OCTET_TARGETS_OPENCL_COMPILER_OPENCLTARGET_H
