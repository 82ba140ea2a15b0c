//===- CudaApi.cpp - Loading libcuda.so.1 at run time ---------------------===//
//
// See CudaApi.h. Each library path is opened at most once per process and
// kept loaded; the result (including a failure and its message) is cached.
//
//===----------------------------------------------------------------------===//
#include "targets/cuda/runtime/CudaApi.h"

#include <dlfcn.h>
#include <map>
#include <memory>
#include <mutex>

namespace octet::hal::cuda {

namespace {

struct Loaded {
  CudaApi api;
  std::string error;
  bool ok = false;
};

std::unique_ptr<Loaded> loadLibrary(const std::string &library) {
  auto loaded = std::make_unique<Loaded>();
  void *handle = ::dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *message = ::dlerror();
    loaded->error = library + " not found (no NVIDIA driver installed)";
    if (message)
      loaded->error += ": " + std::string(message);
    return loaded;
  }
  std::string missing;
#define OCTET_CUDA_RESOLVE(member, symbol, params)                             \
  loaded->api.member =                                                         \
      reinterpret_cast<CUresult(*) params>(::dlsym(handle, #symbol));          \
  if (!loaded->api.member)                                                     \
    missing += std::string(missing.empty() ? "" : ", ") + #symbol;
  OCTET_CUDA_FUNCTIONS(OCTET_CUDA_RESOLVE)
#undef OCTET_CUDA_RESOLVE
  if (!missing.empty()) {
    loaded->error = library + " lacks " + missing +
                    " (NVIDIA driver too old for this runtime?)";
    return loaded;
  }
  CUresult result = loaded->api.cuInit(0);
  if (result == CUDA_ERROR_STUB_LIBRARY) {
    loaded->error = library +
                    " is the CUDA toolkit's stub library, not an NVIDIA "
                    "driver (cuInit: CUDA_ERROR_STUB_LIBRARY); no CUDA device";
    return loaded;
  }
  if (result == CUDA_ERROR_NO_DEVICE) {
    loaded->error = "no CUDA-capable device (cuInit: CUDA_ERROR_NO_DEVICE)";
    return loaded;
  }
  if (result != CUDA_SUCCESS) {
    loaded->error = "cuInit failed (" + errorName(&loaded->api, result) + ")";
    return loaded;
  }
  loaded->ok = true;
  return loaded;
}

} // namespace

const CudaApi *loadCudaApi(const std::string &library, std::string &error) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Loaded>> libraries;
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<Loaded> &entry = libraries[library];
  if (!entry)
    entry = loadLibrary(library);
  if (!entry->ok) {
    error = entry->error;
    return nullptr;
  }
  return &entry->api;
}

std::string errorName(const CudaApi *api, CUresult code) {
  const char *name = nullptr;
  const char *text = nullptr;
  if (api && api->cuGetErrorName &&
      api->cuGetErrorName(code, &name) == CUDA_SUCCESS && name) {
    std::string result = name;
    if (api->cuGetErrorString &&
        api->cuGetErrorString(code, &text) == CUDA_SUCCESS && text)
      result += std::string(": ") + text;
    return result;
  }
  switch (code) {
  case CUDA_SUCCESS:
    return "CUDA_SUCCESS";
  case CUDA_ERROR_NOT_INITIALIZED:
    return "CUDA_ERROR_NOT_INITIALIZED";
  case CUDA_ERROR_STUB_LIBRARY:
    return "CUDA_ERROR_STUB_LIBRARY";
  case CUDA_ERROR_NO_DEVICE:
    return "CUDA_ERROR_NO_DEVICE";
  case CUDA_ERROR_NOT_FOUND:
    return "CUDA_ERROR_NOT_FOUND";
  default:
    return "CUDA error " + std::to_string(code);
  }
}

} // namespace octet::hal::cuda
