//===- FakeCuda.cpp - A host-only stand-in for libcuda.so.1 ---------------===//
//
// Implements, on the host, the CUDA driver API functions that the CUDA
// runtime driver (targets/cuda/runtime/CudaApi.h) resolves, under the same
// exported names (the versioned "_v2" ones where cuda.h maps to them) and
// with the same C signatures as CUDA 13's cuda.h, which is not included: the
// few types and values needed are declared below, copied from it. Tests point
// the driver at this library (createCudaDriverWithLibrary, or
// OCTET_CUDA_LIBRARY for octet-run) to exercise the driver's host-side logic
// on machines without an NVIDIA GPU; see FakeCuda.h for what the fake models,
// its environment variables and the inspection functions tests call.
//
// The fake is deliberately strict where the real driver is: calls before
// cuInit fail with CUDA_ERROR_NOT_INITIALIZED, memory and module calls need a
// current context, copies are checked against live allocations, zero-byte
// allocations are invalid, modules only load images the fake's own linker
// produced for a compatible architecture, and stream work runs only when the
// stream is synchronized.
//
//===----------------------------------------------------------------------===//
#include "test/unit/targets/fakecuda/FakeCuda.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#define FAKECUDA_EXPORT extern "C" __attribute__((visibility("default")))

// --- cuda.h types (CUDA 13, 64-bit host).
struct CUctx_st;
struct CUstream_st;
struct CUevent_st;
struct CUmod_st;
struct CUfunc_st;
struct CUlinkState_st;
typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st *CUcontext;
typedef struct CUstream_st *CUstream;
typedef struct CUevent_st *CUevent;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUlinkState_st *CUlinkState;
typedef int CUdevice_attribute;
typedef int CUjit_option;
typedef int CUjitInputType;

namespace {

// --- cuda.h values.
constexpr CUresult CUDA_SUCCESS = 0;
constexpr CUresult CUDA_ERROR_INVALID_VALUE = 1;
constexpr CUresult CUDA_ERROR_OUT_OF_MEMORY = 2;
constexpr CUresult CUDA_ERROR_NOT_INITIALIZED = 3;
constexpr CUresult CUDA_ERROR_NO_DEVICE = 100;
constexpr CUresult CUDA_ERROR_INVALID_DEVICE = 101;
constexpr CUresult CUDA_ERROR_INVALID_IMAGE = 200;
constexpr CUresult CUDA_ERROR_INVALID_CONTEXT = 201;
constexpr CUresult CUDA_ERROR_NO_BINARY_FOR_GPU = 209;
constexpr CUresult CUDA_ERROR_INVALID_PTX = 218;
constexpr CUresult CUDA_ERROR_INVALID_HANDLE = 400;
constexpr CUresult CUDA_ERROR_NOT_FOUND = 500;
constexpr CUresult CUDA_ERROR_NOT_READY = 600;
constexpr CUresult CUDA_ERROR_ILLEGAL_ADDRESS = 700;
constexpr CUresult CUDA_ERROR_LAUNCH_FAILED = 719;
constexpr CUresult CUDA_ERROR_UNKNOWN = 999;

constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr CUdevice_attribute CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

constexpr CUjit_option CU_JIT_INFO_LOG_BUFFER = 3;
constexpr CUjit_option CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4;
constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER = 5;
constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;
constexpr CUjitInputType CU_JIT_INPUT_PTX = 1;

struct ErrorText {
  CUresult code;
  const char *name;
  const char *text;
};
constexpr ErrorText kErrors[] = {
    {0, "CUDA_SUCCESS", "no error"},
    {1, "CUDA_ERROR_INVALID_VALUE", "invalid argument"},
    {2, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory"},
    {3, "CUDA_ERROR_NOT_INITIALIZED", "initialization error"},
    {34, "CUDA_ERROR_STUB_LIBRARY", "CUDA driver is a stub library"},
    {100, "CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected"},
    {101, "CUDA_ERROR_INVALID_DEVICE", "invalid device ordinal"},
    {200, "CUDA_ERROR_INVALID_IMAGE", "device kernel image is invalid"},
    {201, "CUDA_ERROR_INVALID_CONTEXT", "invalid device context"},
    {209, "CUDA_ERROR_NO_BINARY_FOR_GPU",
     "no kernel image is available for execution on the device"},
    {218, "CUDA_ERROR_INVALID_PTX", "a PTX JIT compilation failed"},
    {400, "CUDA_ERROR_INVALID_HANDLE", "invalid resource handle"},
    {500, "CUDA_ERROR_NOT_FOUND", "named symbol not found"},
    {600, "CUDA_ERROR_NOT_READY", "device not ready"},
    {700, "CUDA_ERROR_ILLEGAL_ADDRESS",
     "an illegal memory access was encountered"},
    {719, "CUDA_ERROR_LAUNCH_FAILED", "unspecified launch failure"},
    {999, "CUDA_ERROR_UNKNOWN", "unknown error"},
};

const ErrorText *findError(CUresult code) {
  for (const ErrorText &e : kErrors)
    if (e.code == code)
      return &e;
  return nullptr;
}

// --- Configuration (environment, read on every use).

long long envNumber(const char *name, long long fallback) {
  const char *value = std::getenv(name);
  if (!value || !*value)
    return fallback;
  char *end = nullptr;
  long long number = std::strtoll(value, &end, 10);
  return end && *end == '\0' ? number : fallback;
}

int computeCapability() { return (int)envNumber("OCTET_FAKECUDA_CC", 90); }
/// At most kMaxDevices.
constexpr int kMaxDevices = 64;
int deviceCount() {
  return (int)std::min<long long>(envNumber("OCTET_FAKECUDA_DEVICES", 1),
                                  kMaxDevices);
}
size_t totalMemory() {
  return (size_t)envNumber("OCTET_FAKECUDA_MEMORY", 16ll << 30);
}

/// The error OCTET_FAKECUDA_FAIL injects into `symbol`, or CUDA_SUCCESS.
CUresult injectedFailure(const char *symbol, CUresult fallback) {
  const char *list = std::getenv("OCTET_FAKECUDA_FAIL");
  if (!list)
    return CUDA_SUCCESS;
  std::string all = list;
  size_t start = 0;
  while (start <= all.size()) {
    size_t comma = all.find(',', start);
    std::string item = all.substr(
        start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? all.size() + 1 : comma + 1;
    std::string name = item;
    CUresult code = fallback;
    size_t equals = item.find('=');
    if (equals != std::string::npos) {
      name = item.substr(0, equals);
      code = (CUresult)std::strtol(item.c_str() + equals + 1, nullptr, 10);
    }
    if (name == symbol)
      return code == CUDA_SUCCESS ? CUDA_ERROR_UNKNOWN : code;
  }
  return CUDA_SUCCESS;
}

} // namespace

// --- Objects behind the opaque handles.

struct CUctx_st {
  int device = 0;
  /// Primary-context retains; the context is alive while > 0.
  int refs = 0;
};

struct CUstream_st {
  CUctx_st *context = nullptr;
  /// Work not yet run, in order.
  std::vector<std::function<CUresult()>> queue;
};

struct CUevent_st {
  CUctx_st *context = nullptr;
  /// When the stream reached the event; unset until it has.
  bool recorded = false;
  std::chrono::steady_clock::time_point when;
};

struct CUfunc_st {
  CUmod_st *module = nullptr;
  std::string name;
  /// Byte size of each declared parameter.
  std::vector<int> paramSizes;
};

struct CUmod_st {
  CUctx_st *context = nullptr;
  std::string ptx;
  std::vector<std::unique_ptr<CUfunc_st>> functions;
};

struct CUlinkState_st {
  char *errorLog = nullptr;
  size_t errorLogSize = 0;
  char *infoLog = nullptr;
  size_t infoLogSize = 0;
  std::string ptx;
  bool hasInput = false;
  std::vector<uint8_t> image;
};

namespace {

/// The image cuLinkComplete returns: this header, then the PTX text.
struct ImageHeader {
  char magic[16];
  uint32_t version;
  /// Architecture linked for (major*10+minor).
  uint32_t sm;
  uint64_t ptxSize;
};
constexpr char kImageMagic[16] = "OCTET-FAKECUBIN";
constexpr uint32_t kImageVersion = 1;

struct Allocation {
  size_t size = 0;
  CUctx_st *context = nullptr;
};

struct State {
  std::recursive_mutex mutex;
  bool initialized = false;
  std::vector<std::unique_ptr<CUctx_st>> contexts; // one per device, forever
  std::set<CUstream_st *> streams;
  std::set<CUevent_st *> events;
  std::set<CUmod_st *> modules;
  std::set<CUfunc_st *> functions;
  std::set<CUlinkState_st *> links;
  std::map<CUdeviceptr, Allocation> allocations;
  size_t allocatedBytes = 0;
  std::map<std::string, long long> calls;
  std::vector<FakeCudaLaunch> launches;
  /// Objects freed because their primary context was released to zero.
  long long orphans = 0;
  CUdeviceptr lastAllocation = 0;
};

State &state() {
  static State *s = new State; // never destroyed: no exit-order issues
  return *s;
}

thread_local std::vector<CUctx_st *> contextStack;

CUctx_st *currentContext() {
  return contextStack.empty() ? nullptr : contextStack.back();
}

bool contextAlive(CUctx_st *context) {
  if (!context)
    return false;
  for (const auto &c : state().contexts)
    if (c.get() == context)
      return c->refs > 0;
  return false;
}

/// Counts the call, applies OCTET_FAKECUDA_FAIL and the cuInit requirement.
CUresult enter(const char *symbol, CUresult injectedDefault,
               bool needsInit = true) {
  State &s = state();
  ++s.calls[symbol];
  if (CUresult injected = injectedFailure(symbol, injectedDefault))
    return injected;
  if (needsInit && !s.initialized)
    return CUDA_ERROR_NOT_INITIALIZED;
  return CUDA_SUCCESS;
}

#define FAKECUDA_ENTER(symbol, injectedDefault)                                \
  std::lock_guard<std::recursive_mutex> lock(state().mutex);                   \
  if (CUresult entered = enter(symbol, injectedDefault))                       \
    return entered;

/// The current context, which must be alive; else returns its error.
#define FAKECUDA_NEED_CONTEXT(var)                                             \
  CUctx_st *var = currentContext();                                            \
  if (!contextAlive(var))                                                      \
    return CUDA_ERROR_INVALID_CONTEXT;

/// Whether [pointer, pointer + size) lies inside one live allocation.
bool inAllocation(CUdeviceptr pointer, size_t size) {
  auto &allocations = state().allocations;
  auto it = allocations.upper_bound(pointer);
  if (it == allocations.begin())
    return false;
  --it;
  return pointer >= it->first && pointer - it->first <= it->second.size &&
         size <= it->second.size - (pointer - it->first);
}

/// Runs the queued work of `stream`; returns the first error.
CUresult flush(CUstream_st *stream) {
  std::vector<std::function<CUresult()>> work;
  work.swap(stream->queue);
  CUresult first = CUDA_SUCCESS;
  for (auto &item : work) {
    CUresult result = item();
    if (result != CUDA_SUCCESS && first == CUDA_SUCCESS)
      first = result;
  }
  return first;
}

/// Runs the queued work of every stream of `context` (all when null).
CUresult flushAll(CUctx_st *context) {
  CUresult first = CUDA_SUCCESS;
  for (CUstream_st *stream : state().streams)
    if (!context || stream->context == context) {
      CUresult result = flush(stream);
      if (first == CUDA_SUCCESS)
        first = result;
    }
  return first;
}

/// Queues `work` on `stream`, or (default stream) runs it after everything
/// queued in the context.
CUresult enqueue(CUctx_st *context, CUstream stream,
                 std::function<CUresult()> work) {
  if (!stream) {
    CUresult result = flushAll(context);
    CUresult ran = work();
    return result != CUDA_SUCCESS ? result : ran;
  }
  stream->queue.push_back(std::move(work));
  return CUDA_SUCCESS;
}

/// Checks a stream handle used in `context` (null is the default stream).
CUresult checkStream(CUctx_st *context, CUstream stream) {
  if (!stream)
    return CUDA_SUCCESS;
  if (!state().streams.count(stream))
    return CUDA_ERROR_INVALID_HANDLE;
  if (stream->context != context)
    return CUDA_ERROR_INVALID_CONTEXT;
  return CUDA_SUCCESS;
}

void writeLog(char *buffer, size_t size, const std::string &text) {
  if (!buffer || size == 0)
    return;
  size_t n = std::min(size - 1, text.size());
  std::memcpy(buffer, text.data(), n);
  buffer[n] = '\0';
}

std::string trim(const std::string &text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos)
    return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

/// Byte size of a PTX parameter type in a ".param .u64 name" declaration.
int paramSize(const std::string &declaration) {
  for (const char *type : {".u64", ".s64", ".b64", ".f64"})
    if (declaration.find(type) != std::string::npos)
      return 8;
  for (const char *type : {".u32", ".s32", ".b32", ".f32"})
    if (declaration.find(type) != std::string::npos)
      return 4;
  for (const char *type : {".u16", ".s16", ".b16", ".f16"})
    if (declaration.find(type) != std::string::npos)
      return 2;
  for (const char *type : {".u8", ".s8", ".b8"})
    if (declaration.find(type) != std::string::npos)
      return 1;
  return 8;
}

struct Entry {
  std::string name;
  std::vector<int> paramSizes;
};

/// The kernels (".entry NAME(params)") of a PTX text.
std::vector<Entry> parseEntries(const std::string &ptx) {
  std::vector<Entry> entries;
  size_t pos = 0;
  while ((pos = ptx.find(".entry", pos)) != std::string::npos) {
    pos += 6;
    if (pos >= ptx.size() || !std::isspace((unsigned char)ptx[pos]))
      continue;
    size_t open = ptx.find('(', pos);
    if (open == std::string::npos)
      break;
    Entry entry;
    entry.name = trim(ptx.substr(pos, open - pos));
    size_t close = ptx.find(')', open);
    if (close == std::string::npos)
      break;
    std::string params = ptx.substr(open + 1, close - open - 1);
    size_t start = 0;
    while (start < params.size()) {
      size_t comma = params.find(',', start);
      std::string param = trim(params.substr(start, comma == std::string::npos
                                                        ? std::string::npos
                                                        : comma - start));
      if (!param.empty())
        entry.paramSizes.push_back(paramSize(param));
      if (comma == std::string::npos)
        break;
      start = comma + 1;
    }
    entries.push_back(std::move(entry));
    pos = close;
  }
  return entries;
}

/// A crude PTX check: .version and ".target sm_XY" present, the target not
/// newer than `sm`, and every line outside braces a directive. Fills `log`
/// like ptxas does on failure.
bool checkPtx(const std::string &ptx, int sm, std::string &log) {
  if (ptx.find(".version") == std::string::npos) {
    log = "ptxas fatal   : octet.ptx: missing .version directive (fake)";
    return false;
  }
  size_t target = ptx.find(".target");
  if (target == std::string::npos) {
    log = "ptxas fatal   : octet.ptx: missing .target directive (fake)";
    return false;
  }
  size_t arch = ptx.find("sm_", target);
  if (arch != std::string::npos) {
    int ptxSm = std::atoi(ptx.c_str() + arch + 3);
    if (ptxSm > sm) {
      log = "ptxas fatal   : SM version specified by .target (sm_" +
            std::to_string(ptxSm) +
            ") is higher than default SM version assumed (sm_" +
            std::to_string(sm) + ") (fake)";
      return false;
    }
  }
  int depth = 0;
  int line = 0;
  size_t start = 0;
  while (start < ptx.size()) {
    size_t end = ptx.find('\n', start);
    std::string text = ptx.substr(
        start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? ptx.size() : end + 1;
    ++line;
    size_t comment = text.find("//");
    if (comment != std::string::npos)
      text = text.substr(0, comment);
    text = trim(text);
    if (depth == 0 && !text.empty() && text[0] != '.' && text[0] != '{' &&
        text[0] != '}' && text[0] != ')' && text[0] != '(' && text[0] != '\0') {
      log = "ptxas octet.ptx, line " + std::to_string(line) +
            "; error   : syntax error at '" + text + "' (fake)";
      return false;
    }
    for (char c : text)
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
  }
  return true;
}

// --- Built-in kernels, run at stream synchronization.

CUresult runVadd(const FakeCudaLaunch &launch) {
  if (launch.paramCount < 3)
    return CUDA_ERROR_LAUNCH_FAILED;
  size_t n = (size_t)launch.grid[0] * launch.block[0];
  size_t bytes = n * sizeof(float);
  for (int i = 0; i < 3; ++i)
    if (!inAllocation(launch.params[i], bytes))
      return CUDA_ERROR_ILLEGAL_ADDRESS;
  const float *a = reinterpret_cast<const float *>(launch.params[0]);
  const float *b = reinterpret_cast<const float *>(launch.params[1]);
  float *c = reinterpret_cast<float *>(launch.params[2]);
  for (size_t i = 0; i < n; ++i)
    c[i] = a[i] + b[i];
  return CUDA_SUCCESS;
}

CUresult runBuiltin(const FakeCudaLaunch &launch) {
  if (std::strcmp(launch.name, "vadd") == 0)
    return runVadd(launch);
  return CUDA_SUCCESS; // Recorded only.
}

/// Frees everything of `context` (released to zero references).
void destroyContextObjects(CUctx_st *context) {
  State &s = state();
  flushAll(context);
  for (auto it = s.streams.begin(); it != s.streams.end();) {
    if ((*it)->context == context) {
      delete *it;
      it = s.streams.erase(it);
      ++s.orphans;
    } else {
      ++it;
    }
  }
  for (auto it = s.events.begin(); it != s.events.end();) {
    if ((*it)->context == context) {
      delete *it;
      it = s.events.erase(it);
      ++s.orphans;
    } else {
      ++it;
    }
  }
  for (auto it = s.modules.begin(); it != s.modules.end();) {
    if ((*it)->context == context) {
      for (auto &f : (*it)->functions)
        s.functions.erase(f.get());
      delete *it;
      it = s.modules.erase(it);
      ++s.orphans;
    } else {
      ++it;
    }
  }
  for (auto it = s.allocations.begin(); it != s.allocations.end();) {
    if (it->second.context == context) {
      s.allocatedBytes -= it->second.size;
      std::free(reinterpret_cast<void *>(it->first));
      it = s.allocations.erase(it);
      ++s.orphans;
    } else {
      ++it;
    }
  }
}

CUresult copyAsync(const char *symbol, CUdeviceptr dstDevice, void *dstHost,
                   CUdeviceptr srcDevice, const void *srcHost, size_t bytes,
                   CUstream stream) {
  FAKECUDA_ENTER(symbol, CUDA_ERROR_INVALID_VALUE);
  FAKECUDA_NEED_CONTEXT(context);
  if (CUresult result = checkStream(context, stream))
    return result;
  if (bytes == 0)
    return CUDA_SUCCESS;
  if ((dstHost == nullptr && !inAllocation(dstDevice, bytes)) ||
      (srcHost == nullptr && !inAllocation(srcDevice, bytes)))
    return CUDA_ERROR_INVALID_VALUE;
  void *to = dstHost ? dstHost : reinterpret_cast<void *>(dstDevice);
  const void *from =
      srcHost ? srcHost : reinterpret_cast<const void *>(srcDevice);
  return enqueue(context, stream,
                 [to, from, bytes, dstDevice, srcDevice, dstHost, srcHost]() {
                   // The memory may have been freed since the copy was queued.
                   if ((!dstHost && !inAllocation(dstDevice, bytes)) ||
                       (!srcHost && !inAllocation(srcDevice, bytes)))
                     return CUDA_ERROR_ILLEGAL_ADDRESS;
                   std::memmove(to, from, bytes);
                   return CUDA_SUCCESS;
                 });
}

} // namespace

// --- The driver API.

FAKECUDA_EXPORT CUresult cuInit(unsigned int flags) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (CUresult injected = enter("cuInit", CUDA_ERROR_NO_DEVICE, false))
    return injected;
  if (flags != 0)
    return CUDA_ERROR_INVALID_VALUE;
  if (deviceCount() <= 0)
    return CUDA_ERROR_NO_DEVICE;
  State &s = state();
  s.initialized = true;
  while ((int)s.contexts.size() < kMaxDevices) {
    s.contexts.push_back(std::make_unique<CUctx_st>());
    s.contexts.back()->device = (int)s.contexts.size() - 1;
  }
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuDriverGetVersion(int *version) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (CUresult injected =
          enter("cuDriverGetVersion", CUDA_ERROR_UNKNOWN, false))
    return injected;
  if (!version)
    return CUDA_ERROR_INVALID_VALUE;
  *version = (int)envNumber("OCTET_FAKECUDA_DRIVER_VERSION", 13000);
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuGetErrorName(CUresult error, const char **str) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (CUresult injected = enter("cuGetErrorName", CUDA_ERROR_UNKNOWN, false))
    return injected;
  if (!str)
    return CUDA_ERROR_INVALID_VALUE;
  const ErrorText *e = findError(error);
  *str = e ? e->name : nullptr;
  return e ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

FAKECUDA_EXPORT CUresult cuGetErrorString(CUresult error, const char **str) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (CUresult injected = enter("cuGetErrorString", CUDA_ERROR_UNKNOWN, false))
    return injected;
  if (!str)
    return CUDA_ERROR_INVALID_VALUE;
  const ErrorText *e = findError(error);
  *str = e ? e->text : nullptr;
  return e ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

FAKECUDA_EXPORT CUresult cuDeviceGetCount(int *count) {
  FAKECUDA_ENTER("cuDeviceGetCount", CUDA_ERROR_UNKNOWN);
  if (!count)
    return CUDA_ERROR_INVALID_VALUE;
  *count = std::max(deviceCount(), 0);
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuDeviceGet(CUdevice *device, int ordinal) {
  FAKECUDA_ENTER("cuDeviceGet", CUDA_ERROR_INVALID_DEVICE);
  if (!device)
    return CUDA_ERROR_INVALID_VALUE;
  if (ordinal < 0 || ordinal >= deviceCount())
    return CUDA_ERROR_INVALID_DEVICE;
  *device = ordinal;
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuDeviceGetName(char *name, int length,
                                         CUdevice device) {
  FAKECUDA_ENTER("cuDeviceGetName", CUDA_ERROR_INVALID_DEVICE);
  if (!name || length <= 0)
    return CUDA_ERROR_INVALID_VALUE;
  if (device < 0 || device >= deviceCount())
    return CUDA_ERROR_INVALID_DEVICE;
  std::string text = "Octet Fake GPU";
  if (device > 0)
    text += " " + std::to_string(device);
  writeLog(name, (size_t)length, text);
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice device) {
  FAKECUDA_ENTER("cuDeviceTotalMem_v2", CUDA_ERROR_INVALID_DEVICE);
  if (!bytes)
    return CUDA_ERROR_INVALID_VALUE;
  if (device < 0 || device >= deviceCount())
    return CUDA_ERROR_INVALID_DEVICE;
  *bytes = totalMemory();
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuDeviceGetAttribute(int *value,
                                              CUdevice_attribute attribute,
                                              CUdevice device) {
  FAKECUDA_ENTER("cuDeviceGetAttribute", CUDA_ERROR_INVALID_VALUE);
  if (!value)
    return CUDA_ERROR_INVALID_VALUE;
  if (device < 0 || device >= deviceCount())
    return CUDA_ERROR_INVALID_DEVICE;
  int cc = computeCapability();
  switch (attribute) {
  case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR:
    *value = cc / 10;
    return CUDA_SUCCESS;
  case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR:
    *value = cc % 10;
    return CUDA_SUCCESS;
  case CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK:
    *value = 1024;
    return CUDA_SUCCESS;
  case CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT:
    *value = 4;
    return CUDA_SUCCESS;
  default:
    // Not modeled: a driver starting to use it should extend the fake.
    return CUDA_ERROR_INVALID_VALUE;
  }
}

FAKECUDA_EXPORT CUresult cuDevicePrimaryCtxRetain(CUcontext *context,
                                                  CUdevice device) {
  FAKECUDA_ENTER("cuDevicePrimaryCtxRetain", CUDA_ERROR_OUT_OF_MEMORY);
  if (!context)
    return CUDA_ERROR_INVALID_VALUE;
  if (device < 0 || device >= deviceCount())
    return CUDA_ERROR_INVALID_DEVICE;
  CUctx_st *c = state().contexts[device].get();
  ++c->refs;
  *context = c;
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuDevicePrimaryCtxRelease_v2(CUdevice device) {
  FAKECUDA_ENTER("cuDevicePrimaryCtxRelease_v2", CUDA_ERROR_INVALID_CONTEXT);
  if (device < 0 || device >= deviceCount())
    return CUDA_ERROR_INVALID_DEVICE;
  CUctx_st *c = state().contexts[device].get();
  if (c->refs <= 0)
    return CUDA_ERROR_INVALID_CONTEXT;
  if (--c->refs == 0)
    destroyContextObjects(c);
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuCtxPushCurrent_v2(CUcontext context) {
  FAKECUDA_ENTER("cuCtxPushCurrent_v2", CUDA_ERROR_INVALID_CONTEXT);
  if (!contextAlive(context))
    return CUDA_ERROR_INVALID_CONTEXT;
  contextStack.push_back(context);
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuCtxPopCurrent_v2(CUcontext *context) {
  FAKECUDA_ENTER("cuCtxPopCurrent_v2", CUDA_ERROR_INVALID_CONTEXT);
  if (contextStack.empty())
    return CUDA_ERROR_INVALID_CONTEXT;
  if (context)
    *context = contextStack.back();
  contextStack.pop_back();
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuStreamCreate(CUstream *stream, unsigned int flags) {
  FAKECUDA_ENTER("cuStreamCreate", CUDA_ERROR_OUT_OF_MEMORY);
  FAKECUDA_NEED_CONTEXT(context);
  if (!stream || flags > 1)
    return CUDA_ERROR_INVALID_VALUE;
  auto *s = new CUstream_st;
  s->context = context;
  state().streams.insert(s);
  *stream = s;
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuStreamDestroy_v2(CUstream stream) {
  FAKECUDA_ENTER("cuStreamDestroy_v2", CUDA_ERROR_INVALID_HANDLE);
  if (!stream || !state().streams.count(stream))
    return CUDA_ERROR_INVALID_HANDLE;
  flush(stream); // Queued work still completes.
  state().streams.erase(stream);
  delete stream;
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuStreamSynchronize(CUstream stream) {
  FAKECUDA_ENTER("cuStreamSynchronize", CUDA_ERROR_LAUNCH_FAILED);
  if (!stream) {
    FAKECUDA_NEED_CONTEXT(context);
    return flushAll(context);
  }
  if (!state().streams.count(stream))
    return CUDA_ERROR_INVALID_HANDLE;
  return flush(stream);
}

FAKECUDA_EXPORT CUresult cuEventCreate(CUevent *event, unsigned int flags) {
  FAKECUDA_ENTER("cuEventCreate", CUDA_ERROR_OUT_OF_MEMORY);
  FAKECUDA_NEED_CONTEXT(context);
  if (!event || flags != 0)
    return CUDA_ERROR_INVALID_VALUE;
  auto *created = new CUevent_st;
  created->context = context;
  state().events.insert(created);
  *event = created;
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuEventDestroy_v2(CUevent event) {
  FAKECUDA_ENTER("cuEventDestroy_v2", CUDA_ERROR_INVALID_HANDLE);
  if (!state().events.erase(event))
    return CUDA_ERROR_INVALID_HANDLE;
  delete event;
  return CUDA_SUCCESS;
}

/// Records the time when the stream's work before it has run.
FAKECUDA_EXPORT CUresult cuEventRecord(CUevent event, CUstream stream) {
  FAKECUDA_ENTER("cuEventRecord", CUDA_ERROR_INVALID_HANDLE);
  FAKECUDA_NEED_CONTEXT(context);
  if (!state().events.count(event) || event->context != context)
    return CUDA_ERROR_INVALID_HANDLE;
  if (CUresult result = checkStream(context, stream); result != CUDA_SUCCESS)
    return result;
  event->recorded = false;
  return enqueue(context, stream, [event] {
    event->when = std::chrono::steady_clock::now();
    event->recorded = true;
    return CUDA_SUCCESS;
  });
}

/// Runs the context's queued work, hence the event's; reports its errors.
FAKECUDA_EXPORT CUresult cuEventSynchronize(CUevent event) {
  FAKECUDA_ENTER("cuEventSynchronize", CUDA_ERROR_LAUNCH_FAILED);
  if (!state().events.count(event))
    return CUDA_ERROR_INVALID_HANDLE;
  return flushAll(event->context);
}

FAKECUDA_EXPORT CUresult cuEventElapsedTime(float *milliseconds, CUevent start,
                                            CUevent end) {
  FAKECUDA_ENTER("cuEventElapsedTime", CUDA_ERROR_INVALID_HANDLE);
  if (!milliseconds)
    return CUDA_ERROR_INVALID_VALUE;
  if (!state().events.count(start) || !state().events.count(end))
    return CUDA_ERROR_INVALID_HANDLE;
  if (!start->recorded || !end->recorded)
    return CUDA_ERROR_NOT_READY;
  *milliseconds =
      std::chrono::duration<float, std::milli>(end->when - start->when).count();
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuMemAlloc_v2(CUdeviceptr *pointer, size_t bytes) {
  FAKECUDA_ENTER("cuMemAlloc_v2", CUDA_ERROR_OUT_OF_MEMORY);
  FAKECUDA_NEED_CONTEXT(context);
  if (!pointer || bytes == 0)
    return CUDA_ERROR_INVALID_VALUE;
  State &s = state();
  if (bytes > totalMemory() - std::min(totalMemory(), s.allocatedBytes))
    return CUDA_ERROR_OUT_OF_MEMORY;
  // Poisoned, so that reading memory never written is visible in tests.
  size_t rounded = (bytes + 255) / 256 * 256;
  void *memory = std::aligned_alloc(256, rounded);
  if (!memory)
    return CUDA_ERROR_OUT_OF_MEMORY;
  std::memset(memory, 0xCD, rounded);
  *pointer = reinterpret_cast<CUdeviceptr>(memory);
  s.allocations[*pointer] = {bytes, context};
  s.lastAllocation = *pointer;
  s.allocatedBytes += bytes;
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuMemFree_v2(CUdeviceptr pointer) {
  FAKECUDA_ENTER("cuMemFree_v2", CUDA_ERROR_INVALID_VALUE);
  FAKECUDA_NEED_CONTEXT(context);
  (void)context;
  State &s = state();
  if (pointer == 0)
    return CUDA_SUCCESS;
  auto it = s.allocations.find(pointer);
  if (it == s.allocations.end())
    return CUDA_ERROR_INVALID_VALUE;
  flushAll(nullptr); // cuMemFree synchronizes.
  s.allocatedBytes -= it->second.size;
  std::free(reinterpret_cast<void *>(pointer));
  s.allocations.erase(it);
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void *src,
                                              size_t bytes, CUstream stream) {
  if (!src && bytes)
    return CUDA_ERROR_INVALID_VALUE;
  return copyAsync("cuMemcpyHtoDAsync_v2", dst, nullptr, 0, src ? src : "",
                   bytes, stream);
}

FAKECUDA_EXPORT CUresult cuMemcpyDtoHAsync_v2(void *dst, CUdeviceptr src,
                                              size_t bytes, CUstream stream) {
  if (!dst && bytes)
    return CUDA_ERROR_INVALID_VALUE;
  static char sink;
  return copyAsync("cuMemcpyDtoHAsync_v2", 0, dst ? dst : &sink, src, nullptr,
                   bytes, stream);
}

FAKECUDA_EXPORT CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src,
                                              size_t bytes, CUstream stream) {
  return copyAsync("cuMemcpyDtoDAsync_v2", dst, nullptr, src, nullptr, bytes,
                   stream);
}

FAKECUDA_EXPORT CUresult cuLinkCreate_v2(unsigned int count,
                                         CUjit_option *options, void **values,
                                         CUlinkState *out) {
  FAKECUDA_ENTER("cuLinkCreate_v2", CUDA_ERROR_OUT_OF_MEMORY);
  FAKECUDA_NEED_CONTEXT(context);
  (void)context;
  if (!out || (count > 0 && (!options || !values)))
    return CUDA_ERROR_INVALID_VALUE;
  auto link = std::make_unique<CUlinkState_st>();
  for (unsigned i = 0; i < count; ++i) {
    auto number = static_cast<size_t>(reinterpret_cast<uintptr_t>(values[i]));
    switch (options[i]) {
    case CU_JIT_ERROR_LOG_BUFFER:
      link->errorLog = static_cast<char *>(values[i]);
      break;
    case CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES:
      link->errorLogSize = number;
      break;
    case CU_JIT_INFO_LOG_BUFFER:
      link->infoLog = static_cast<char *>(values[i]);
      break;
    case CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES:
      link->infoLogSize = number;
      break;
    default:
      break; // Accepted and ignored.
    }
  }
  *out = link.get();
  state().links.insert(link.release());
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuLinkAddData_v2(CUlinkState link, CUjitInputType type,
                                          void *data, size_t size,
                                          const char *name, unsigned int count,
                                          CUjit_option *options,
                                          void **values) {
  (void)name;
  (void)options;
  (void)values;
  (void)count;
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (!link || !state().links.count(link))
    return CUDA_ERROR_INVALID_HANDLE;
  if (CUresult entered = enter("cuLinkAddData_v2", CUDA_ERROR_INVALID_PTX)) {
    writeLog(link->errorLog, link->errorLogSize,
             "ptxas fatal   : injected failure (OCTET_FAKECUDA_FAIL)");
    return entered;
  }
  FAKECUDA_NEED_CONTEXT(context);
  if (type != CU_JIT_INPUT_PTX || !data || size == 0)
    return CUDA_ERROR_INVALID_VALUE;
  const char *text = static_cast<const char *>(data);
  std::string ptx(text, strnlen(text, size));
  std::string log;
  (void)context;
  if (!checkPtx(ptx, computeCapability(), log)) {
    writeLog(link->errorLog, link->errorLogSize, log);
    return CUDA_ERROR_INVALID_PTX;
  }
  link->ptx += ptx;
  link->hasInput = true;
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuLinkComplete(CUlinkState link, void **image,
                                        size_t *size) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  if (!link || !state().links.count(link))
    return CUDA_ERROR_INVALID_HANDLE;
  if (CUresult entered = enter("cuLinkComplete", CUDA_ERROR_INVALID_PTX)) {
    writeLog(link->errorLog, link->errorLogSize,
             "nvlink error   : injected failure (OCTET_FAKECUDA_FAIL)");
    return entered;
  }
  FAKECUDA_NEED_CONTEXT(context);
  (void)context;
  if (!image || !size || !link->hasInput)
    return CUDA_ERROR_INVALID_VALUE;
  ImageHeader header{};
  std::memcpy(header.magic, kImageMagic, sizeof(kImageMagic));
  header.version = kImageVersion;
  header.sm = (uint32_t)computeCapability();
  header.ptxSize = link->ptx.size();
  link->image.resize(sizeof(header) + link->ptx.size());
  std::memcpy(link->image.data(), &header, sizeof(header));
  std::memcpy(link->image.data() + sizeof(header), link->ptx.data(),
              link->ptx.size());
  writeLog(
      link->infoLog, link->infoLogSize,
      "info    : fake JIT: " + std::to_string(parseEntries(link->ptx).size()) +
          " entries for sm_" + std::to_string(header.sm));
  *image = link->image.data();
  *size = link->image.size();
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuLinkDestroy(CUlinkState link) {
  FAKECUDA_ENTER("cuLinkDestroy", CUDA_ERROR_INVALID_HANDLE);
  if (!link || !state().links.count(link))
    return CUDA_ERROR_INVALID_HANDLE;
  // Poison the image: a caller still using it reads garbage.
  std::fill(link->image.begin(), link->image.end(), 0xDD);
  state().links.erase(link);
  delete link;
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuModuleLoadData(CUmodule *module, const void *image) {
  FAKECUDA_ENTER("cuModuleLoadData", CUDA_ERROR_INVALID_IMAGE);
  FAKECUDA_NEED_CONTEXT(context);
  if (!module || !image)
    return CUDA_ERROR_INVALID_VALUE;
  ImageHeader header;
  std::memcpy(&header, image, sizeof(header));
  if (std::memcmp(header.magic, kImageMagic, sizeof(kImageMagic)) != 0 ||
      header.version != kImageVersion || header.ptxSize > (1ull << 32))
    return CUDA_ERROR_INVALID_IMAGE;
  // Like SASS: runs on the same major architecture, same or newer minor.
  int sm = computeCapability();
  if ((int)header.sm / 10 != sm / 10 || (int)header.sm > sm)
    return CUDA_ERROR_NO_BINARY_FOR_GPU;
  auto m = std::make_unique<CUmod_st>();
  m->context = context;
  m->ptx.assign(static_cast<const char *>(image) + sizeof(header),
                header.ptxSize);
  for (Entry &entry : parseEntries(m->ptx)) {
    auto f = std::make_unique<CUfunc_st>();
    f->module = m.get();
    f->name = entry.name;
    f->paramSizes = entry.paramSizes;
    state().functions.insert(f.get());
    m->functions.push_back(std::move(f));
  }
  *module = m.get();
  state().modules.insert(m.release());
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuModuleUnload(CUmodule module) {
  FAKECUDA_ENTER("cuModuleUnload", CUDA_ERROR_INVALID_HANDLE);
  if (!module || !state().modules.count(module))
    return CUDA_ERROR_INVALID_HANDLE;
  flushAll(module->context);
  for (auto &f : module->functions)
    state().functions.erase(f.get());
  state().modules.erase(module);
  delete module;
  return CUDA_SUCCESS;
}

FAKECUDA_EXPORT CUresult cuModuleGetFunction(CUfunction *function,
                                             CUmodule module,
                                             const char *name) {
  FAKECUDA_ENTER("cuModuleGetFunction", CUDA_ERROR_NOT_FOUND);
  FAKECUDA_NEED_CONTEXT(context);
  (void)context;
  if (!function || !name)
    return CUDA_ERROR_INVALID_VALUE;
  if (!module || !state().modules.count(module))
    return CUDA_ERROR_INVALID_HANDLE;
  for (auto &f : module->functions)
    if (f->name == name) {
      *function = f.get();
      return CUDA_SUCCESS;
    }
  return CUDA_ERROR_NOT_FOUND;
}

FAKECUDA_EXPORT CUresult
cuLaunchKernel(CUfunction function, unsigned int gridX, unsigned int gridY,
               unsigned int gridZ, unsigned int blockX, unsigned int blockY,
               unsigned int blockZ, unsigned int sharedMemBytes,
               CUstream stream, void **kernelParams, void **extra) {
  FAKECUDA_ENTER("cuLaunchKernel", CUDA_ERROR_LAUNCH_FAILED);
  FAKECUDA_NEED_CONTEXT(context);
  if (!function || !state().functions.count(function))
    return CUDA_ERROR_INVALID_HANDLE;
  if (function->module->context != context)
    return CUDA_ERROR_INVALID_CONTEXT;
  if (CUresult result = checkStream(context, stream))
    return result;
  unsigned long long threads =
      (unsigned long long)blockX * blockY * (unsigned long long)blockZ;
  if (gridX == 0 || gridY == 0 || gridZ == 0 || blockX == 0 || blockY == 0 ||
      blockZ == 0 || threads > 1024 || blockZ > 64 || gridX > 0x7fffffffu ||
      gridY > 65535 || gridZ > 65535 || sharedMemBytes > 48 * 1024 || extra)
    return CUDA_ERROR_INVALID_VALUE;
  size_t count = function->paramSizes.size();
  if (count > 0 && !kernelParams)
    return CUDA_ERROR_INVALID_VALUE;
  FakeCudaLaunch launch{};
  std::snprintf(launch.name, sizeof(launch.name), "%s", function->name.c_str());
  launch.grid[0] = gridX;
  launch.grid[1] = gridY;
  launch.grid[2] = gridZ;
  launch.block[0] = blockX;
  launch.block[1] = blockY;
  launch.block[2] = blockZ;
  launch.sharedMemBytes = sharedMemBytes;
  launch.stream = reinterpret_cast<uintptr_t>(stream);
  launch.paramCount = (int)count;
  // Parameters are copied at launch time, as the real driver does.
  for (size_t i = 0; i < count && i < FAKECUDA_MAX_PARAMS; ++i) {
    if (!kernelParams[i])
      return CUDA_ERROR_INVALID_VALUE;
    unsigned long long value = 0;
    std::memcpy(&value, kernelParams[i], (size_t)function->paramSizes[i]);
    launch.params[i] = value;
  }
  state().launches.push_back(launch);
  return enqueue(context, stream, [launch]() { return runBuiltin(launch); });
}

// --- Inspection (FakeCuda.h).

FAKECUDA_EXPORT int fakecuda_launch_count(void) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  return (int)state().launches.size();
}

FAKECUDA_EXPORT int fakecuda_launch(int index, FakeCudaLaunch *out) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  int size = (int)state().launches.size();
  if (index < 0)
    index += size;
  if (index < 0 || index >= size || !out)
    return -1;
  *out = state().launches[(size_t)index];
  return 0;
}

FAKECUDA_EXPORT int fakecuda_last_launch(FakeCudaLaunch *out) {
  return fakecuda_launch(-1, out);
}

FAKECUDA_EXPORT long long fakecuda_calls(const char *symbol) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  auto it = state().calls.find(symbol ? symbol : "");
  return it == state().calls.end() ? 0 : it->second;
}

FAKECUDA_EXPORT long long fakecuda_live(const char *what) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  State &s = state();
  std::string name = what ? what : "";
  if (name == "allocations")
    return (long long)s.allocations.size();
  if (name == "allocated_bytes")
    return (long long)s.allocatedBytes;
  if (name == "modules")
    return (long long)s.modules.size();
  if (name == "streams")
    return (long long)s.streams.size();
  if (name == "events")
    return (long long)s.events.size();
  if (name == "links")
    return (long long)s.links.size();
  if (name == "orphans")
    return s.orphans;
  if (name == "context_refs") {
    long long refs = 0;
    for (const auto &c : s.contexts)
      refs += c->refs;
    return refs;
  }
  if (name == "context_depth")
    return (long long)contextStack.size();
  return -1;
}

FAKECUDA_EXPORT unsigned long long fakecuda_last_allocation(void) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  return state().lastAllocation;
}

FAKECUDA_EXPORT void fakecuda_reset(void) {
  std::lock_guard<std::recursive_mutex> lock(state().mutex);
  state().launches.clear();
  state().calls.clear();
}
