//===- Artifact.h - Loading and verifying .octet artifacts ------*- C++ -*-===//
//
// Reads an artifact (a file or bytes), checks its fixed header (Format.h),
// checksum and FlatBuffer structure, then its meaning: every index in range,
// every size consistent, each executable complete. A LoadedArtifact keeps the
// bytes alive for the model's lifetime (a file is mapped, not copied); the
// FlatBuffer is read in place.
// Also holds the writer half of the header logic (wrapPayload) and the
// element-type helpers shared by the runtime and the tools.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_ARTIFACT_ARTIFACT_H
#define OCTET_RUNTIME_ARTIFACT_ARTIFACT_H

#include "runtime/schema/artifact_generated.h"
#include "runtime/src/artifact/Format.h"
#include "runtime/src/support/Status.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace octet::artifact {

/// Bytes per element of `dtype`; 0 for values outside the enum.
size_t dtypeSize(DType dtype);
/// Short lower-case name of `dtype` ("f32", "bf16", "f8e4m3fn", "bool");
/// "dtype(N)" for values outside the enum.
std::string dtypeName(DType dtype);
/// Inverse of dtypeName.
std::optional<DType> parseDTypeName(const std::string &name);
/// Whether `dtype` is one of the enum's values.
bool isValidDType(DType dtype);

/// Formats a tensor type the way error messages show it: "f32[2,3]".
std::string formatTensorType(DType dtype, const std::vector<int64_t> &shape);

/// Number of elements of `shape` (1 for rank 0). Returns false on a negative
/// extent or overflow of 64 bits.
bool elementCount(const std::vector<int64_t> &shape, uint64_t &count);

/// Writer side of the file format: returns header + a copy of `flatbuffer`
/// (magic, kFormatVersion, sizes and CRC-32 filled in).
std::vector<uint8_t> wrapPayload(const uint8_t *flatbuffer, size_t size);

/// A verified artifact, memory-resident. Immutable once loaded; share it with
/// std::shared_ptr<const LoadedArtifact>.
class LoadedArtifact {
public:
  /// Maps (or, where it cannot be mapped, reads) and verifies the file at
  /// `path`. Every error message starts with `path`.
  static Status fromFile(const std::string &path,
                         std::shared_ptr<const LoadedArtifact> &out);
  /// Verifies `bytes` (a whole file: header + payload); `name` stands for the
  /// file in messages.
  static Status fromBytes(std::vector<uint8_t> bytes, const std::string &name,
                          std::shared_ptr<const LoadedArtifact> &out);

  /// The root table; valid for this object's lifetime.
  const Artifact &root() const { return *root_; }
  /// The file path (or name) it was loaded from.
  const std::string &path() const { return path_; }
  /// The FlatBuffer (everything after the header).
  const uint8_t *payload() const { return data_ + payloadOffset_; }
  size_t payloadSize() const { return size_ - payloadOffset_; }

  /// Shape of input/output `index` as a vector.
  std::vector<int64_t> inputShape(size_t index) const;
  std::vector<int64_t> outputShape(size_t index) const;

private:
  LoadedArtifact() = default;
  /// Verifies the whole file at `data` (kept alive by `owner`).
  static Status fromMemory(std::shared_ptr<const void> owner,
                           const uint8_t *data, size_t size,
                           const std::string &name,
                           std::shared_ptr<const LoadedArtifact> &out);
  std::string path_;
  /// Owns the bytes: a std::vector or a file mapping.
  std::shared_ptr<const void> owner_;
  const uint8_t *data_ = nullptr;
  size_t size_ = 0;
  size_t payloadOffset_ = 0;
  const Artifact *root_ = nullptr;
};

/// Checks the header, checksum and FlatBuffer structure of `bytes` and the
/// artifact's meaning. On success sets `payloadOffset` to the FlatBuffer's
/// start. Messages start with `name`.
Status verifyArtifactBytes(const uint8_t *bytes, size_t size,
                           const std::string &name, size_t &payloadOffset);

/// Semantic checks of an already structurally verified artifact (exposed for
/// tests and for the compiler's writer to self-check). Messages start with
/// `name`.
Status verifyArtifactSemantics(const Artifact &artifact,
                               const std::string &name);

} // namespace octet::artifact

#endif // OCTET_RUNTIME_ARTIFACT_ARTIFACT_H
