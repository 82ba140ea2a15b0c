//===- Format.h - The artifact file's fixed header --------------*- C++ -*-===//
//
// An .octet file is this 32-byte little-endian header followed by a FlatBuffer
// (runtime/schema/artifact.fbs). The header carries the format version and a
// checksum of the FlatBuffer so that truncated, corrupted or too-new files are
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

/// Version written by this build; readers reject anything newer and read
/// older ones. Version 2 changed the payload checksum from CRC-32 (IEEE) to
/// CRC-32C, which x86-64 CPUs with SSE 4.2 compute with one instruction per
/// eight bytes (opening a 104 MB ResNet-50-size artifact takes 11 ms; the
/// byte-wise CRC-32 had been about a third of a whole octet-run of it under
/// perf). Other CPUs use a byte-wise table, as for version 1's CRC-32.
inline constexpr uint32_t kFormatVersion = 2;

/// The fixed header, stored little-endian.
struct FileHeader {
  char magic[8];
  uint32_t formatVersion;
  /// sizeof(FileHeader); lets later versions grow the header.
  uint32_t headerSize;
  /// Bytes of FlatBuffer following the header.
  uint64_t payloadSize;
  /// payloadChecksum(formatVersion, payload): CRC-32C from version 2, CRC-32
  /// (IEEE 802.3) in version 1.
  uint32_t payloadCrc32;
  uint32_t reserved;
};
static_assert(sizeof(FileHeader) == 32, "header layout is part of the format");

/// CRC-32 (IEEE 802.3, reflected, as zlib computes it) of `size` bytes.
uint32_t crc32(const void *data, size_t size);

/// CRC-32C (Castagnoli, reflected, as iSCSI and SSE 4.2's crc32 compute it)
/// of `size` bytes.
uint32_t crc32c(const void *data, size_t size);
/// crc32c a byte at a time with a table, as on CPUs without SSE 4.2 (crc32c
/// takes this path there); exposed so that tests check it on any CPU.
uint32_t crc32cWithTable(const void *data, size_t size);

/// The header checksum of a payload in format `formatVersion`.
uint32_t payloadChecksum(uint32_t formatVersion, const void *data, size_t size);

/// FNV-1a 64-bit hash; stable across builds, used for cache keys.
uint64_t fnv1a64(const void *data, size_t size,
                 uint64_t seed = 0xcbf29ce484222325ull);

} // namespace octet::artifact

#endif // OCTET_RUNTIME_ARTIFACT_FORMAT_H
