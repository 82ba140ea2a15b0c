//===- CachedBuild.cpp - Build once per device, reuse from disk -----------===//
//
// See CachedBuild.h.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/hal/CachedBuild.h"

#include "runtime/src/artifact/Format.h"
#include "runtime/src/hal/KernelCache.h"
#include "runtime/src/hal/Log.h"

#include <chrono>

namespace octet::hal {

uint64_t contentHashOf(const ExecutableSpec &spec) {
  using artifact::fnv1a64;
  uint64_t h = fnv1a64(spec.format.data(), spec.format.size());
  h = fnv1a64("\0", 1, h);
  h = fnv1a64(spec.arch.data(), spec.arch.size(), h);
  h = fnv1a64("\0", 1, h);
  for (const std::string &e : spec.entryPoints) {
    h = fnv1a64(e.data(), e.size(), h);
    h = fnv1a64("\0", 1, h);
  }
  return fnv1a64(spec.code, spec.codeSize, h);
}

Status loadCachedOrBuild(const DeviceInfo &device, const ExecutableSpec &spec,
                         const std::string &buildOptions,
                         const BinaryLoader &loader, LoadReport &report) {
  const std::string &api = device.api;
  auto start = std::chrono::steady_clock::now();
  // The key covers the device (name and driver version), the content hash
  // (which covers the code: see ExecutableSpec) and the build options. A
  // spec without one (0) is hashed here, so that it never shares an entry.
  uint64_t contentHash =
      spec.contentHash ? spec.contentHash : contentHashOf(spec);
  uint64_t hash =
      artifact::fnv1a64(buildOptions.data(), buildOptions.size(), contentHash);
  KernelCache cache = KernelCache::fromEnvironment();
  std::string key =
      KernelCache::makeKey(api, device.name, device.driverVersion, hash);
  report.cachePath = cache.pathFor(key);

  if (std::optional<std::vector<uint8_t>> cached = cache.load(key)) {
    Status loaded = loader.loadBinary(*cached);
    if (loaded.isOk()) {
      report.fromCache = true;
      report.milliseconds = millisecondsSince(start);
      verboseLog(api, "kernels loaded from cache " + report.cachePath + " in " +
                          formatMilliseconds(report.milliseconds));
      return Status::ok();
    }
    report.cacheNote = "cached binary " + report.cachePath +
                       " failed to load (" + loaded.message() +
                       "); rebuilt from source";
    verboseLog(api, report.cacheNote);
  }

  std::vector<uint8_t> binary;
  OCTET_RETURN_IF_ERROR(loader.build(binary));
  bool stored = !binary.empty() && cache.store(key, binary);
  report.milliseconds = millisecondsSince(start);
  std::string where = !cache.enabled() ? " (kernel cache disabled)"
                      : stored
                          ? ", cached at " + report.cachePath
                          : " (could not write cache " + report.cachePath + ")";
  std::string arch = device.arch.empty() ? "" : " (" + device.arch + ")";
  verboseLog(api, "built kernels for '" + device.name + "'" + arch + " in " +
                      formatMilliseconds(report.milliseconds) + where);
  return Status::ok();
}

} // namespace octet::hal
