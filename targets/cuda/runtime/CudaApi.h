//===- CudaApi.h - The CUDA driver API, loaded at run time ------*- C++ -*-===//
//
// The CUDA driver never links libcuda and never includes cuda.h (machines that
// build the runtime may have no CUDA toolkit): it dlopens libcuda.so.1 and
// resolves the functions it uses into CudaApi. The types and enum values
// below are the few it needs; numeric values are copied from the CUDA 13
// toolkit's cuda.h and are part of the driver's stable ABI. Where cuda.h maps
// a name to a versioned symbol (cuMemAlloc -> cuMemAlloc_v2), the versioned
// symbol is resolved.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_TARGETS_CUDA_RUNTIME_CUDAAPI_H
#define OCTET_TARGETS_CUDA_RUNTIME_CUDAAPI_H

#include <cstddef>
#include <string>

namespace octet::hal::cuda {

// --- Types (cuda.h).
using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long; // CUdeviceptr_v2 on 64-bit hosts
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
using CUevent = struct CUevent_st *;
using CUlinkState = struct CUlinkState_st *;
using CUdevice_attribute = int;
using CUjit_option = int;
using CUjitInputType = int;

// --- CUresult values (cuda.h, enum cudaError_enum).
inline constexpr CUresult CUDA_SUCCESS = 0;
inline constexpr CUresult CUDA_ERROR_NOT_INITIALIZED = 3;
inline constexpr CUresult CUDA_ERROR_STUB_LIBRARY = 34;
inline constexpr CUresult CUDA_ERROR_NO_DEVICE = 100;
inline constexpr CUresult CUDA_ERROR_NOT_FOUND = 500;

// --- Device attributes (enum CUdevice_attribute_enum).
inline constexpr CUdevice_attribute
    CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
inline constexpr CUdevice_attribute
    CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

// --- JIT options (enum CUjit_option_enum) and input types
// (enum CUjitInputType_enum).
inline constexpr CUjit_option CU_JIT_WALL_TIME = 2;
inline constexpr CUjit_option CU_JIT_INFO_LOG_BUFFER = 3;
inline constexpr CUjit_option CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4;
inline constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER = 5;
inline constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;
inline constexpr CUjit_option CU_JIT_LOG_VERBOSE = 12;
inline constexpr CUjitInputType CU_JIT_INPUT_PTX = 1;

// --- Stream flags (enum CUstream_flags_enum).
inline constexpr unsigned CU_STREAM_DEFAULT = 0x0;

// --- Event flags (enum CUevent_flags_enum).
inline constexpr unsigned CU_EVENT_DEFAULT = 0x0;

// --- The functions the driver calls. X(member, symbol, parameter list); all
// return CUresult. `member` is the cuda.h spelling, `symbol` the exported
// (versioned) name that cuda.h maps it to.
#define OCTET_CUDA_FUNCTIONS(X)                                                \
  X(cuInit, cuInit, (unsigned int))                                            \
  X(cuDriverGetVersion, cuDriverGetVersion, (int *))                           \
  X(cuGetErrorName, cuGetErrorName, (CUresult, const char **))                 \
  X(cuGetErrorString, cuGetErrorString, (CUresult, const char **))             \
  X(cuDeviceGetCount, cuDeviceGetCount, (int *))                               \
  X(cuDeviceGet, cuDeviceGet, (CUdevice *, int))                               \
  X(cuDeviceGetName, cuDeviceGetName, (char *, int, CUdevice))                 \
  X(cuDeviceTotalMem, cuDeviceTotalMem_v2, (size_t *, CUdevice))               \
  X(cuDeviceGetAttribute, cuDeviceGetAttribute,                                \
    (int *, CUdevice_attribute, CUdevice))                                     \
  X(cuDevicePrimaryCtxRetain, cuDevicePrimaryCtxRetain,                        \
    (CUcontext *, CUdevice))                                                   \
  X(cuDevicePrimaryCtxRelease, cuDevicePrimaryCtxRelease_v2, (CUdevice))       \
  X(cuCtxPushCurrent, cuCtxPushCurrent_v2, (CUcontext))                        \
  X(cuCtxPopCurrent, cuCtxPopCurrent_v2, (CUcontext *))                        \
  X(cuStreamCreate, cuStreamCreate, (CUstream *, unsigned int))                \
  X(cuStreamDestroy, cuStreamDestroy_v2, (CUstream))                           \
  X(cuStreamSynchronize, cuStreamSynchronize, (CUstream))                      \
  X(cuEventCreate, cuEventCreate, (CUevent *, unsigned int))                   \
  X(cuEventDestroy, cuEventDestroy_v2, (CUevent))                              \
  X(cuEventRecord, cuEventRecord, (CUevent, CUstream))                         \
  X(cuEventSynchronize, cuEventSynchronize, (CUevent))                         \
  X(cuEventElapsedTime, cuEventElapsedTime, (float *, CUevent, CUevent))       \
  X(cuMemAlloc, cuMemAlloc_v2, (CUdeviceptr *, size_t))                        \
  X(cuMemFree, cuMemFree_v2, (CUdeviceptr))                                    \
  X(cuMemcpyHtoDAsync, cuMemcpyHtoDAsync_v2,                                   \
    (CUdeviceptr, const void *, size_t, CUstream))                             \
  X(cuMemcpyDtoHAsync, cuMemcpyDtoHAsync_v2,                                   \
    (void *, CUdeviceptr, size_t, CUstream))                                   \
  X(cuMemcpyDtoDAsync, cuMemcpyDtoDAsync_v2,                                   \
    (CUdeviceptr, CUdeviceptr, size_t, CUstream))                              \
  X(cuLinkCreate, cuLinkCreate_v2,                                             \
    (unsigned int, CUjit_option *, void **, CUlinkState *))                    \
  X(cuLinkAddData, cuLinkAddData_v2,                                           \
    (CUlinkState, CUjitInputType, void *, size_t, const char *, unsigned int,  \
     CUjit_option *, void **))                                                 \
  X(cuLinkComplete, cuLinkComplete, (CUlinkState, void **, size_t *))          \
  X(cuLinkDestroy, cuLinkDestroy, (CUlinkState))                               \
  X(cuModuleLoadData, cuModuleLoadData, (CUmodule *, const void *))            \
  X(cuModuleUnload, cuModuleUnload, (CUmodule))                                \
  X(cuModuleGetFunction, cuModuleGetFunction,                                  \
    (CUfunction *, CUmodule, const char *))                                    \
  X(cuLaunchKernel, cuLaunchKernel,                                            \
    (CUfunction, unsigned int, unsigned int, unsigned int, unsigned int,       \
     unsigned int, unsigned int, unsigned int, CUstream, void **, void **))

/// Pointers to the CUDA driver API functions, resolved from libcuda.so.1.
struct CudaApi {
#define OCTET_CUDA_MEMBER(member, symbol, params)                              \
  CUresult(*member) params = nullptr;
  OCTET_CUDA_FUNCTIONS(OCTET_CUDA_MEMBER)
#undef OCTET_CUDA_MEMBER
};

/// Loads `library` (normally "libcuda.so.1") once per process (it is never
/// unloaded), resolves the functions and calls cuInit(0). Returns null with
/// `error` saying why when any step fails: library missing ("no NVIDIA driver
/// installed"), the toolkit's stub library, no device, a function missing.
const CudaApi *loadCudaApi(const std::string &library, std::string &error);

/// "CUDA_ERROR_OUT_OF_MEMORY (out of memory)"-style text for `code`; works
/// even when the library could not be loaded.
std::string errorName(const CudaApi *api, CUresult code);

} // namespace octet::hal::cuda

#endif // OCTET_TARGETS_CUDA_RUNTIME_CUDAAPI_H
