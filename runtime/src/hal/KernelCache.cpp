//===- KernelCache.cpp - On-disk cache of built kernels -------------------===//
//
// See KernelCache.h. Plain POSIX file I/O; the directory is created on the
// first store.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/hal/KernelCache.h"

#include "runtime/src/artifact/Format.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace octet::hal {

KernelCache KernelCache::fromEnvironment() {
  if (const char *dir = std::getenv("OCTET_CACHE_DIR"))
    return KernelCache(dir);
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return KernelCache(std::string(xdg) + "/octet/kernels");
  if (const char *home = std::getenv("HOME"); home && *home)
    return KernelCache(std::string(home) + "/.cache/octet/kernels");
  return KernelCache("");
}

KernelCache::KernelCache(std::string directory)
    : directory_(std::move(directory)) {}

std::string KernelCache::makeKey(const std::string &api,
                                 const std::string &deviceName,
                                 const std::string &driverVersion,
                                 uint64_t contentHash) {
  std::string identity = deviceName + '\n' + driverVersion;
  uint64_t deviceHash = artifact::fnv1a64(identity.data(), identity.size());
  char buffer[80];
  std::snprintf(buffer, sizeof(buffer), "%s-%016llx-%016llx", api.c_str(),
                static_cast<unsigned long long>(deviceHash),
                static_cast<unsigned long long>(contentHash));
  return buffer;
}

std::string KernelCache::pathFor(const std::string &key) const {
  if (!enabled())
    return "";
  return directory_ + "/" + key + ".bin";
}

namespace {

/// Every cache file starts with this header, so that a truncated or damaged
/// entry is detected here instead of being handed to a vendor driver (which
/// may crash on it).
/// Version 2 checks the payload with CRC-32C (version 1: FNV-1a, 4 ms for a
/// ResNet-50-size program against 0.3 ms); a version-1 entry read is rebuilt
/// (those of older builds are keyed otherwise and simply no longer read).
struct EntryHeader {
  char magic[8];
  uint64_t size;
  uint64_t checksum;
};
constexpr char kEntryMagic[8] = {'O', 'C', 'T', 'K', 'C', 'A', 'C', '2'};

} // namespace

std::optional<std::vector<uint8_t>>
KernelCache::load(const std::string &key) const {
  if (!enabled())
    return std::nullopt;
  // One read of the header, one of the payload straight into the result.
  std::ifstream in(pathFor(key), std::ios::binary | std::ios::ate);
  if (!in)
    return std::nullopt;
  std::streamoff fileSize = in.tellg();
  EntryHeader header;
  if (fileSize < static_cast<std::streamoff>(sizeof(header)) || !in.seekg(0) ||
      !in.read(reinterpret_cast<char *>(&header), sizeof(header)))
    return std::nullopt;
  size_t payloadSize = static_cast<size_t>(fileSize) - sizeof(header);
  if (std::memcmp(header.magic, kEntryMagic, sizeof(kEntryMagic)) != 0 ||
      header.size != payloadSize || payloadSize == 0)
    return std::nullopt;
  std::vector<uint8_t> payload(payloadSize);
  if (!in.read(reinterpret_cast<char *>(payload.data()),
               static_cast<std::streamsize>(payloadSize)) ||
      header.checksum != artifact::crc32c(payload.data(), payloadSize))
    return std::nullopt;
  return payload;
}

bool KernelCache::store(const std::string &key,
                        const std::vector<uint8_t> &bytes) const {
  if (!enabled() || bytes.empty())
    return false;
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec)
    return false;
  std::string finalPath = pathFor(key);
  // Unique per process and per call, so concurrent writers never share a
  // temporary file; the rename makes the last complete write win.
  static std::atomic<unsigned> counter{0};
  std::string tempPath = finalPath + ".tmp" + std::to_string(::getpid()) + "." +
                         std::to_string(counter++);
  bool written = false;
  {
    std::ofstream out(tempPath, std::ios::binary | std::ios::trunc);
    EntryHeader header;
    std::memcpy(header.magic, kEntryMagic, sizeof(kEntryMagic));
    header.size = bytes.size();
    header.checksum = artifact::crc32c(bytes.data(), bytes.size());
    if (out) {
      out.write(reinterpret_cast<const char *>(&header), sizeof(header));
      out.write(reinterpret_cast<const char *>(bytes.data()),
                static_cast<std::streamsize>(bytes.size()));
      out.flush();
      written = static_cast<bool>(out);
    }
  }
  if (written) {
    std::filesystem::rename(tempPath, finalPath, ec);
    if (!ec)
      return true;
  }
  std::filesystem::remove(tempPath, ec);
  return false;
}

void KernelCache::remove(const std::string &key) const {
  if (!enabled())
    return;
  std::error_code ec;
  std::filesystem::remove(pathFor(key), ec);
}

} // namespace octet::hal
