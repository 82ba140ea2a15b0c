//===- Format.cpp - Checksums for the artifact header ---------------------===//
//
// Table-driven CRC-32 and FNV-1a, kept here so that the runtime needs no zlib
// and the compiler and runtime compute the same values.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/artifact/Format.h"

#include <array>

namespace octet::artifact {

static std::array<uint32_t, 256> makeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k)
      c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

uint32_t crc32(const void *data, size_t size) {
  static const std::array<uint32_t, 256> table = makeCrcTable();
  const auto *bytes = static_cast<const uint8_t *>(data);
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i)
    crc = table[(crc ^ bytes[i]) & 0xFFu] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
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
