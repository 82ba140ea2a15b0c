//===- Format.cpp - Checksums for the artifact header ---------------------===//
//
// CRC-32C (the payload checksum from format version 2; SSE 4.2's crc32
// instruction where the CPU has it, a table elsewhere), CRC-32 (version 1's
// checksum, still read) and FNV-1a, kept here so that the runtime needs no
// zlib and the compiler and runtime compute the same values.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/artifact/Format.h"

#include <array>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>
#define OCTET_HAVE_SSE42_CRC 1
#endif

namespace octet::artifact {

/// The byte-at-a-time table of the reflected CRC with polynomial `poly`.
static std::array<uint32_t, 256> makeCrcTable(uint32_t poly) {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k)
      c = (c & 1) ? poly ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

/// The CRC (initial value and final XOR all ones) of `size` bytes, a byte at
/// a time with `table`.
static uint32_t crcWithTable(const std::array<uint32_t, 256> &table,
                             const void *data, size_t size) {
  const auto *bytes = static_cast<const uint8_t *>(data);
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i)
    crc = table[(crc ^ bytes[i]) & 0xFFu] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

uint32_t crc32(const void *data, size_t size) {
  static const std::array<uint32_t, 256> table = makeCrcTable(0xEDB88320u);
  return crcWithTable(table, data, size);
}

#ifdef OCTET_HAVE_SSE42_CRC
/// CRC-32C with the crc32 instruction, eight bytes per step.
__attribute__((target("sse4.2"))) static uint32_t
crc32cWithSse42(const void *data, size_t size) {
  const auto *bytes = static_cast<const uint8_t *>(data);
  uint64_t wide = 0xFFFFFFFFu;
  for (; size >= 8; bytes += 8, size -= 8) {
    uint64_t word;
    std::memcpy(&word, bytes, sizeof(word));
    wide = _mm_crc32_u64(wide, word);
  }
  auto crc = static_cast<uint32_t>(wide);
  for (; size > 0; ++bytes, --size)
    crc = _mm_crc32_u8(crc, *bytes);
  return crc ^ 0xFFFFFFFFu;
}
#endif

uint32_t crc32cWithTable(const void *data, size_t size) {
  static const std::array<uint32_t, 256> table = makeCrcTable(0x82F63B78u);
  return crcWithTable(table, data, size);
}

uint32_t crc32c(const void *data, size_t size) {
#ifdef OCTET_HAVE_SSE42_CRC
  static const bool haveSse42 = __builtin_cpu_supports("sse4.2");
  if (haveSse42)
    return crc32cWithSse42(data, size);
#endif
  return crc32cWithTable(data, size);
}

uint32_t payloadChecksum(uint32_t formatVersion, const void *data,
                         size_t size) {
  return formatVersion < 2 ? crc32(data, size) : crc32c(data, size);
}

uint64_t fnv1a64(const void *data, size_t size, uint64_t seed) {
  const auto *bytes = static_cast<const uint8_t *>(data);
  uint64_t hash = seed;
  for (size_t i = 0; i < size; ++i) {
    hash ^= bytes[i];
    hash *= 0x100000001b3ull;
  }
  return hash;
}

} // namespace octet::artifact
