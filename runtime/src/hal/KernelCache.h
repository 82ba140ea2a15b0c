//===- KernelCache.h - On-disk cache of built kernels -----------*- C++ -*-===//
//
// Drivers store what they built from an executable (an OpenCL program binary,
// a CUDA cubin) under a key made of the device, its driver version and the
// executable's content hash, so that the second run of a model does not build
// its kernels again. Writes are atomic (temporary file + rename); a missing or
// unreadable cache only costs a rebuild.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_HAL_KERNELCACHE_H
#define OCTET_RUNTIME_HAL_KERNELCACHE_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace octet::hal {

/// A directory of cached kernel binaries.
class KernelCache {
public:
  /// Uses $OCTET_CACHE_DIR, else $XDG_CACHE_HOME/octet/kernels, else
  /// $HOME/.cache/octet/kernels. Setting OCTET_CACHE_DIR to an empty string
  /// disables the cache.
  static KernelCache fromEnvironment();
  explicit KernelCache(std::string directory);

  bool enabled() const { return !directory_.empty(); }
  const std::string &directory() const { return directory_; }

  /// Builds a file-name-safe key from the parts that identify a build.
  static std::string makeKey(const std::string &api,
                             const std::string &deviceName,
                             const std::string &driverVersion,
                             uint64_t contentHash);

  /// The file that holds (or would hold) the entry for `key`; empty when the
  /// cache is disabled. For messages.
  std::string pathFor(const std::string &key) const;

  /// Returns the stored bytes for `key`, or nothing.
  std::optional<std::vector<uint8_t>> load(const std::string &key) const;
  /// Stores `bytes` under `key`; failures are ignored (the cache is advisory).
  /// Returns whether the entry was written.
  bool store(const std::string &key, const std::vector<uint8_t> &bytes) const;
  /// Removes the entry for `key`, if any (e.g. one that failed to load).
  void remove(const std::string &key) const;

private:
  std::string directory_;
};

} // namespace octet::hal

#endif // OCTET_RUNTIME_HAL_KERNELCACHE_H
