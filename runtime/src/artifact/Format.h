//===- Format.h - The artifact file's fixed header --------------*- C++ -*-===//
//
// An .octet file is this 32-byte little-endian header followed by a FlatBuffer
// (runtime/schema/artifact.fbs). The header carries the format version and a
// CRC-32 of the FlatBuffer so that truncated, corrupted or too-new files are
// rejected with a message before anything reads them. Shared by the compiler
// (writer) and the runtime (reader); links nothing.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_ARTIFACT_FORMAT_H
#define OCTET_RUNTIME_ARTIFACT_FORMAT_H

#include <cstddef>
#include <cstdint>

namespace octet::artifact {

/// First eight bytes of every artifact.
inline constexpr char kMagic[8] = {'O', 'C', 'T', 'E', 'T', 'A', 'R', 'T'};

/// Version written by this build; readers reject anything newer.
inline constexpr uint32_t kFormatVersion = 1;

/// The fixed header, stored little-endian.
struct FileHeader {
  char magic[8];
  uint32_t formatVersion;
  /// sizeof(FileHeader); lets later versions grow the header.
  uint32_t headerSize;
  /// Bytes of FlatBuffer following the header.
  uint64_t payloadSize;
  /// CRC-32 (IEEE 802.3) of the payload.
  uint32_t payloadCrc32;
  uint32_t reserved;
};
static_assert(sizeof(FileHeader) == 32, "header layout is part of the format");

/// CRC-32 (IEEE 802.3, reflected, as zlib computes it) of `size` bytes.
uint32_t crc32(const void *data, size_t size);

/// FNV-1a 64-bit hash; stable across builds, used for cache keys.
uint64_t fnv1a64(const void *data, size_t size,
                 uint64_t seed = 0xcbf29ce484222325ull);

} // namespace octet::artifact

#endif // OCTET_RUNTIME_ARTIFACT_FORMAT_H
