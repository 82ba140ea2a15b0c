//===- OpenCLApi.h - OpenCL entry points, loaded at run time ---*- C++ -*-===//
//
// The OpenCL driver never links libOpenCL: it dlopens the ICD loader
// (libOpenCL.so.1) and resolves the functions it uses into OpenCLApi. The
// types and constants below are the few the driver needs, declared here so
// that the runtime builds without OpenCL headers; their values are those of
// the Khronos headers (CL/cl.h, CL/cl_ext.h, OpenCL 1.2 ABI), which are fixed
// by the specification.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_TARGETS_OPENCL_RUNTIME_OPENCLAPI_H
#define OCTET_TARGETS_OPENCL_RUNTIME_OPENCLAPI_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace octet::hal::opencl {

// --- Types (CL/cl_platform.h, CL/cl.h).
using cl_int = int32_t;
using cl_uint = uint32_t;
using cl_ulong = uint64_t;
using cl_bool = cl_uint;
using cl_bitfield = cl_ulong;
using cl_device_type = cl_bitfield;
using cl_mem_flags = cl_bitfield;
using cl_command_queue_properties = cl_bitfield;
using cl_platform_info = cl_uint;
using cl_device_info = cl_uint;
using cl_program_info = cl_uint;
using cl_program_build_info = cl_uint;
using cl_kernel_info = cl_uint;
using cl_buffer_create_type = cl_uint;
using cl_event_info = cl_uint;
using cl_profiling_info = cl_uint;
using cl_context_properties = intptr_t;

using cl_platform_id = struct _cl_platform_id *;
using cl_device_id = struct _cl_device_id *;
using cl_context = struct _cl_context *;
using cl_command_queue = struct _cl_command_queue *;
using cl_mem = struct _cl_mem *;
using cl_program = struct _cl_program *;
using cl_kernel = struct _cl_kernel *;
using cl_event = struct _cl_event *;

struct cl_buffer_region {
  size_t origin;
  size_t size;
};

// --- Constants (values from CL/cl.h and CL/cl_ext.h).
inline constexpr cl_int CL_SUCCESS = 0;
inline constexpr cl_int CL_DEVICE_NOT_FOUND = -1;
inline constexpr cl_int CL_INVALID_KERNEL_NAME = -46;
inline constexpr cl_int CL_PLATFORM_NOT_FOUND_KHR = -1001;
inline constexpr cl_bool CL_FALSE = 0;
inline constexpr cl_bool CL_TRUE = 1;

inline constexpr cl_platform_info CL_PLATFORM_VERSION = 0x0901;
inline constexpr cl_platform_info CL_PLATFORM_NAME = 0x0902;
inline constexpr cl_platform_info CL_PLATFORM_VENDOR = 0x0903;

inline constexpr cl_device_type CL_DEVICE_TYPE_CPU = 1 << 1;
inline constexpr cl_device_type CL_DEVICE_TYPE_GPU = 1 << 2;
inline constexpr cl_device_type CL_DEVICE_TYPE_ACCELERATOR = 1 << 3;
inline constexpr cl_device_type CL_DEVICE_TYPE_ALL = 0xFFFFFFFF;

inline constexpr cl_device_info CL_DEVICE_TYPE = 0x1000;
inline constexpr cl_device_info CL_DEVICE_MAX_WORK_GROUP_SIZE = 0x1004;
inline constexpr cl_device_info CL_DEVICE_MEM_BASE_ADDR_ALIGN = 0x1019;
inline constexpr cl_device_info CL_DEVICE_GLOBAL_MEM_SIZE = 0x101F;
inline constexpr cl_device_info CL_DEVICE_NAME = 0x102B;
inline constexpr cl_device_info CL_DRIVER_VERSION = 0x102D;
inline constexpr cl_device_info CL_DEVICE_VERSION = 0x102F;
inline constexpr cl_device_info CL_DEVICE_EXTENSIONS = 0x1030;

inline constexpr cl_context_properties CL_CONTEXT_PLATFORM = 0x1084;
inline constexpr cl_mem_flags CL_MEM_READ_WRITE = 1 << 0;
inline constexpr cl_buffer_create_type CL_BUFFER_CREATE_TYPE_REGION = 0x1220;

inline constexpr cl_program_info CL_PROGRAM_BINARY_SIZES = 0x1165;
inline constexpr cl_program_info CL_PROGRAM_BINARIES = 0x1166;
inline constexpr cl_program_build_info CL_PROGRAM_BUILD_LOG = 0x1183;
inline constexpr cl_kernel_info CL_KERNEL_NUM_ARGS = 0x1191;
inline constexpr cl_event_info CL_EVENT_COMMAND_EXECUTION_STATUS = 0x11D3;
inline constexpr cl_int CL_COMPLETE = 0x0;
inline constexpr cl_command_queue_properties CL_QUEUE_PROFILING_ENABLE = 1 << 1;
inline constexpr cl_profiling_info CL_PROFILING_COMMAND_START = 0x1282;
inline constexpr cl_profiling_info CL_PROFILING_COMMAND_END = 0x1283;
inline constexpr cl_int CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST = -14;

// --- The functions the driver calls. X(name, return type, parameter list).
// Each becomes a member `name` of OpenCLApi, a pointer to the function of
// that name in the ICD loader.
#define OCTET_OPENCL_FUNCTIONS(X)                                              \
  X(clGetPlatformIDs, cl_int, (cl_uint, cl_platform_id *, cl_uint *))          \
  X(clGetPlatformInfo, cl_int,                                                 \
    (cl_platform_id, cl_platform_info, size_t, void *, size_t *))              \
  X(clGetDeviceIDs, cl_int,                                                    \
    (cl_platform_id, cl_device_type, cl_uint, cl_device_id *, cl_uint *))      \
  X(clGetDeviceInfo, cl_int,                                                   \
    (cl_device_id, cl_device_info, size_t, void *, size_t *))                  \
  X(clCreateContext, cl_context,                                               \
    (const cl_context_properties *, cl_uint, const cl_device_id *,             \
     void (*)(const char *, const void *, size_t, void *), void *, cl_int *))  \
  X(clReleaseContext, cl_int, (cl_context))                                    \
  X(clCreateCommandQueue, cl_command_queue,                                    \
    (cl_context, cl_device_id, cl_command_queue_properties, cl_int *))         \
  X(clReleaseCommandQueue, cl_int, (cl_command_queue))                         \
  X(clCreateBuffer, cl_mem,                                                    \
    (cl_context, cl_mem_flags, size_t, void *, cl_int *))                      \
  X(clCreateSubBuffer, cl_mem,                                                 \
    (cl_mem, cl_mem_flags, cl_buffer_create_type, const void *, cl_int *))     \
  X(clReleaseMemObject, cl_int, (cl_mem))                                      \
  X(clEnqueueWriteBuffer, cl_int,                                              \
    (cl_command_queue, cl_mem, cl_bool, size_t, size_t, const void *, cl_uint, \
     const cl_event *, cl_event *))                                            \
  X(clEnqueueReadBuffer, cl_int,                                               \
    (cl_command_queue, cl_mem, cl_bool, size_t, size_t, void *, cl_uint,       \
     const cl_event *, cl_event *))                                            \
  X(clEnqueueCopyBuffer, cl_int,                                               \
    (cl_command_queue, cl_mem, cl_mem, size_t, size_t, size_t, cl_uint,        \
     const cl_event *, cl_event *))                                            \
  X(clCreateProgramWithSource, cl_program,                                     \
    (cl_context, cl_uint, const char **, const size_t *, cl_int *))            \
  X(clCreateProgramWithBinary, cl_program,                                     \
    (cl_context, cl_uint, const cl_device_id *, const size_t *,                \
     const unsigned char **, cl_int *, cl_int *))                              \
  X(clBuildProgram, cl_int,                                                    \
    (cl_program, cl_uint, const cl_device_id *, const char *,                  \
     void (*)(cl_program, void *), void *))                                    \
  X(clGetProgramInfo, cl_int,                                                  \
    (cl_program, cl_program_info, size_t, void *, size_t *))                   \
  X(clGetProgramBuildInfo, cl_int,                                             \
    (cl_program, cl_device_id, cl_program_build_info, size_t, void *,          \
     size_t *))                                                                \
  X(clReleaseProgram, cl_int, (cl_program))                                    \
  X(clCreateKernel, cl_kernel, (cl_program, const char *, cl_int *))           \
  X(clGetKernelInfo, cl_int,                                                   \
    (cl_kernel, cl_kernel_info, size_t, void *, size_t *))                     \
  X(clReleaseKernel, cl_int, (cl_kernel))                                      \
  X(clSetKernelArg, cl_int, (cl_kernel, cl_uint, size_t, const void *))        \
  X(clEnqueueNDRangeKernel, cl_int,                                            \
    (cl_command_queue, cl_kernel, cl_uint, const size_t *, const size_t *,     \
     const size_t *, cl_uint, const cl_event *, cl_event *))                   \
  X(clFlush, cl_int, (cl_command_queue))                                       \
  X(clEnqueueMarkerWithWaitList, cl_int,                                       \
    (cl_command_queue, cl_uint, const cl_event *, cl_event *))                 \
  X(clCreateUserEvent, cl_event, (cl_context, cl_int *))                       \
  X(clSetUserEventStatus, cl_int, (cl_event, cl_int))                          \
  X(clGetEventInfo, cl_int,                                                    \
    (cl_event, cl_event_info, size_t, void *, size_t *))                       \
  X(clWaitForEvents, cl_int, (cl_uint, const cl_event *))                      \
  X(clReleaseEvent, cl_int, (cl_event))                                        \
  X(clGetEventProfilingInfo, cl_int,                                           \
    (cl_event, cl_profiling_info, size_t, void *, size_t *))                   \
  X(clFinish, cl_int, (cl_command_queue))

/// Pointers to the OpenCL functions, resolved from the ICD loader.
struct OpenCLApi {
#define OCTET_OPENCL_MEMBER(name, ret, params) ret(*name) params = nullptr;
  OCTET_OPENCL_FUNCTIONS(OCTET_OPENCL_MEMBER)
#undef OCTET_OPENCL_MEMBER
};

/// Loads the ICD loader once per process (it is never unloaded) and returns
/// its function table, or null with `error` saying why (library missing, a
/// function missing).
const OpenCLApi *loadOpenCLApi(std::string &error);

/// The name of an OpenCL error code, e.g. "CL_BUILD_PROGRAM_FAILURE", or
/// "CL error -1234" for codes it does not know.
std::string errorName(cl_int code);

} // namespace octet::hal::opencl

#endif // OCTET_TARGETS_OPENCL_RUNTIME_OPENCLAPI_H
