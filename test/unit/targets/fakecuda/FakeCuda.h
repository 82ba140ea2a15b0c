//===- FakeCuda.h - Inspection API of the fake CUDA library ----*- C++ -*-===//
//
// libfakecuda.so (FakeCuda.cpp) exports the CUDA driver API functions the
// CUDA runtime driver resolves, implemented on the host, so that the driver's
// host-side logic is tested on machines without an NVIDIA GPU. This header
// declares the extra functions tests look up with dlsym to see what the
// driver asked for, and documents the environment variables the fake reads
// (each is read on every call, so tests may change them between calls):
//
//   OCTET_FAKECUDA_CC       compute capability as major*10+minor (default 90)
//   OCTET_FAKECUDA_DEVICES  number of devices (default 1, at most 64; 0:
//                           cuInit fails with CUDA_ERROR_NO_DEVICE)
//   OCTET_FAKECUDA_DRIVER_VERSION  cuDriverGetVersion (default 13000)
//   OCTET_FAKECUDA_MEMORY   total memory per device in bytes (default 16 GiB);
//                           larger allocations fail with OUT_OF_MEMORY
//   OCTET_FAKECUDA_FAIL     comma-separated exported names, each optionally
//                           "=<CUresult>", that fail: "cuMemAlloc_v2" fails
//                           with CUDA_ERROR_OUT_OF_MEMORY, "cuInit=100" with
//                           CUDA_ERROR_NO_DEVICE (defaults per function in
//                           FakeCuda.cpp, else CUDA_ERROR_UNKNOWN)
//
// The fake cannot execute PTX. cuLaunchKernel records every launch (see
// FakeCudaLaunch) and runs a few built-in kernels by entry-point name when
// the stream is synchronized:
//   vadd(a, b, c)  c[i] = a[i] + b[i] for i < grid.x * block.x  (f32)
//
// Work enqueued on a stream (copies, launches) runs, in order, at
// cuStreamSynchronize, cuStreamDestroy, cuMemFree or cuModuleUnload; a
// driver that reads results without synchronizing sees stale data.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_TEST_UNIT_TARGETS_FAKECUDA_FAKECUDA_H
#define OCTET_TEST_UNIT_TARGETS_FAKECUDA_FAKECUDA_H

#ifdef __cplusplus
extern "C" {
#endif

/// Kernel parameters recorded per launch, at most.
#define FAKECUDA_MAX_PARAMS 16

/// One cuLaunchKernel call as the fake saw it.
typedef struct FakeCudaLaunch {
  /// Entry-point name of the function launched.
  char name[128];
  unsigned grid[3];
  unsigned block[3];
  unsigned sharedMemBytes;
  /// The stream handle passed (0 for the default stream).
  unsigned long long stream;
  /// Parameters declared by the entry point's PTX (.param list).
  int paramCount;
  /// Each parameter's value, read from kernelParams[i] with the size its
  /// PTX type declares (pointers: the CUdeviceptr).
  unsigned long long params[FAKECUDA_MAX_PARAMS];
} FakeCudaLaunch;

/// Number of launches recorded since load or fakecuda_reset().
int fakecuda_launch_count(void);
/// Copies launch #index (0 = first; negative counts from the end, -1 = last)
/// into `out`; returns 0, or -1 when there is no such launch.
int fakecuda_launch(int index, FakeCudaLaunch *out);
/// Same as fakecuda_launch(-1, out).
int fakecuda_last_launch(FakeCudaLaunch *out);
/// Number of calls to the exported function `symbol` ("cuLinkCreate_v2")
/// since load or fakecuda_reset(), failed calls included.
long long fakecuda_calls(const char *symbol);
/// Live objects: "allocations", "allocated_bytes", "modules", "streams",
/// "links", "context_refs" (primary-context retains not yet released),
/// "context_depth" (contexts pushed on the calling thread), "orphans" (objects
/// freed because their primary context was released to zero references:
/// leaks of the caller). -1 if unknown.
long long fakecuda_live(const char *what);
/// The pointer the last successful cuMemAlloc_v2 returned (0 if none).
unsigned long long fakecuda_last_allocation(void);
/// Forgets the launch log and call counts (live objects stay).
void fakecuda_reset(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OCTET_TEST_UNIT_TARGETS_FAKECUDA_FAKECUDA_H */
