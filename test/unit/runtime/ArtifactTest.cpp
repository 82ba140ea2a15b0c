//===- ArtifactTest.cpp - Artifact header, checksum and verification ------===//
//
// Valid artifacts load; truncated, bit-flipped, too-new and semantically
// broken ones are rejected with a message naming the file, never a crash.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/artifact/Artifact.h"
#include "test/unit/runtime/TestArtifacts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <functional>

using namespace octet;
using namespace octet::artifact;
using namespace octet::test;

namespace {

Status loadBytes(std::vector<uint8_t> bytes,
                 std::shared_ptr<const LoadedArtifact> *out = nullptr) {
  std::shared_ptr<const LoadedArtifact> a;
  Status st = LoadedArtifact::fromBytes(std::move(bytes), "model.octet", a);
  if (out)
    *out = a;
  return st;
}

/// Loads `desc` after `mutate`; expects failure mentioning `needle`.
void expectInvalid(const std::function<void(ArtifactDesc &)> &mutate,
                   const std::string &needle) {
  ArtifactDesc d = sampleArtifact();
  mutate(d);
  Status st = loadBytes(buildFile(d));
  ASSERT_FALSE(st.isOk()) << "expected an error containing: " << needle;
  EXPECT_EQ(st.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(st.message().rfind("model.octet: ", 0), 0u) << st.message();
  EXPECT_NE(st.message().find(needle), std::string::npos) << st.message();
}

uint32_t readLE32(const uint8_t *p) {
  return p[0] | (p[1] << 8) | (p[2] << 16) | (uint32_t(p[3]) << 24);
}

void setLE32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    p[i] = uint8_t(v >> (8 * i));
}

} // namespace

TEST(Artifact, ValidArtifactLoads) {
  std::shared_ptr<const LoadedArtifact> a;
  Status st = loadBytes(buildFile(sampleArtifact()), &a);
  ASSERT_TRUE(st.isOk()) << st.message();
  EXPECT_EQ(a->path(), "model.octet");
  EXPECT_EQ(a->root().inputs()->size(), 1u);
  EXPECT_EQ(a->root().outputs()->size(), 3u);
  EXPECT_EQ(a->root().plan()->size(), 4u);
  EXPECT_EQ(a->inputShape(0), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(a->outputShape(2), (std::vector<int64_t>{3}));
  EXPECT_EQ(a->root().producer()->str(), "octet unit tests");
}

TEST(Artifact, WrapPayloadWritesTheHeader) {
  std::vector<uint8_t> payload = buildPayload(sampleArtifact());
  std::vector<uint8_t> file = wrapPayload(payload.data(), payload.size());
  ASSERT_EQ(file.size(), payload.size() + 32);
  EXPECT_EQ(std::memcmp(file.data(), "OCTETART", 8), 0);
  EXPECT_EQ(readLE32(file.data() + 8), kFormatVersion);
  EXPECT_EQ(readLE32(file.data() + 12), 32u);
  EXPECT_EQ(readLE32(file.data() + 16), payload.size());
  EXPECT_EQ(readLE32(file.data() + 20), 0u);
  EXPECT_EQ(readLE32(file.data() + 24), crc32c(payload.data(), payload.size()));
  EXPECT_EQ(std::memcmp(file.data() + 32, payload.data(), payload.size()), 0);
}

TEST(Artifact, Crc32MatchesZlib) {
  // The standard check value of CRC-32/ISO-HDLC.
  EXPECT_EQ(crc32("123456789", 9), 0xCBF43926u);
}

TEST(Artifact, Crc32cMatchesItsCheckValues) {
  // The standard check value of CRC-32/ISCSI, and RFC 3720's test vectors
  // (32 bytes of zeros, of 0xFF, and 0..31), which cover the eight-byte
  // steps as well as the bytes after them.
  // Both paths: the crc32 instruction's (where the CPU has it) and the
  // table's.
  for (auto *checksum : {&crc32c, &crc32cWithTable}) {
    EXPECT_EQ(checksum("123456789", 9), 0xE3069283u);
    EXPECT_EQ(checksum(nullptr, 0), 0u);
    std::vector<uint8_t> bytes(32, 0);
    EXPECT_EQ(checksum(bytes.data(), bytes.size()), 0x8A9136AAu);
    std::fill(bytes.begin(), bytes.end(), 0xFF);
    EXPECT_EQ(checksum(bytes.data(), bytes.size()), 0x62A8AB43u);
    for (size_t i = 0; i < bytes.size(); ++i)
      bytes[i] = uint8_t(i);
    EXPECT_EQ(checksum(bytes.data(), bytes.size()), 0x46DD794Eu);
    // An unaligned start.
    std::vector<uint8_t> shifted(bytes.size() + 1, 0);
    std::copy(bytes.begin(), bytes.end(), shifted.begin() + 1);
    EXPECT_EQ(checksum(shifted.data() + 1, bytes.size()), 0x46DD794Eu);
  }
}

TEST(Artifact, Crc32cPathsAgreeOnEveryTailAndAlignment) {
  // The eight-bytes-per-step path and the table agree for every length up to
  // 64 (every tail after the eight-byte steps) at every start offset mod 8.
  std::vector<uint8_t> bytes(80);
  for (size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = uint8_t(i * 37 + 11);
  for (size_t offset = 0; offset < 8; ++offset)
    for (size_t length = 0; length <= 64; ++length)
      ASSERT_EQ(crc32c(bytes.data() + offset, length),
                crc32cWithTable(bytes.data() + offset, length))
          << "offset " << offset << ", length " << length;
}

TEST(Artifact, Crc32cPathsAgreeAcrossTheThreeLaneBlocks) {
  // Inputs of 24 KiB and more go through three interleaved lanes of 8 KiB
  // joined by shifts: lengths just below, at and after one and several
  // blocks, from aligned and unaligned starts, with pseudo-random bytes.
  std::vector<uint8_t> bytes(4 * 24576 + 64);
  uint32_t state = 12345;
  for (uint8_t &b : bytes) {
    state = state * 1664525u + 1013904223u;
    b = uint8_t(state >> 24);
  }
  for (size_t offset : {0, 3})
    for (size_t length : {24575, 24576, 24577, 24583, 2 * 24576 + 5,
                          3 * 24576 + 17, 4 * 24576 + 7})
      ASSERT_EQ(crc32c(bytes.data() + offset, length),
                crc32cWithTable(bytes.data() + offset, length))
          << "offset " << offset << ", length " << length;
  // And long runs of zeros, where only the start value tells lanes apart.
  std::vector<uint8_t> zeros(100 * 1024, 0);
  EXPECT_EQ(crc32c(zeros.data(), zeros.size()),
            crc32cWithTable(zeros.data(), zeros.size()));
}

TEST(Artifact, DevicesAreNotReadAsArtifacts) {
  // A character device is refused at once (it used to be read until memory
  // ran out when it never ends, like /dev/zero).
  std::shared_ptr<const LoadedArtifact> a;
  Status st = LoadedArtifact::fromFile("/dev/null", a);
  ASSERT_FALSE(st.isOk());
  EXPECT_EQ(st.message(), "/dev/null: cannot read: not a regular file");
}

TEST(Artifact, Version1ArtifactsWithTheirCrc32StillLoad) {
  // Format version 1 checksummed the payload with CRC-32 (IEEE); artifacts
  // written then still load, and a version-2 checksum on them is rejected.
  std::vector<uint8_t> payload = buildPayload(sampleArtifact());
  std::vector<uint8_t> file = wrapPayload(payload.data(), payload.size());
  setLE32(file.data() + 8, 1);
  Status st = loadBytes(file);
  ASSERT_FALSE(st.isOk());
  EXPECT_NE(st.message().find("checksum mismatch"), std::string::npos)
      << st.message();
  setLE32(file.data() + 24, crc32(payload.data(), payload.size()));
  st = loadBytes(file);
  EXPECT_TRUE(st.isOk()) << st.message();
}

TEST(Artifact, LoadsFromFileAndKeepsBytesResident) {
  std::string path = writeTempFile("m.octet", buildFile(sampleArtifact()));
  std::shared_ptr<const LoadedArtifact> a;
  Status st = LoadedArtifact::fromFile(path, a);
  ASSERT_TRUE(st.isOk()) << st.message();
  EXPECT_EQ(a->path(), path);
  // The root points into the artifact's own bytes.
  const uint8_t *root = reinterpret_cast<const uint8_t *>(&a->root());
  EXPECT_GE(root, a->payload());
  EXPECT_LT(root, a->payload() + a->payloadSize());
}

TEST(Artifact, MissingFileIsNotFound) {
  std::shared_ptr<const LoadedArtifact> a;
  Status st = LoadedArtifact::fromFile("/nonexistent/dir/m.octet", a);
  ASSERT_FALSE(st.isOk());
  EXPECT_EQ(st.code(), StatusCode::NotFound);
  EXPECT_EQ(st.message().rfind("/nonexistent/dir/m.octet: cannot open", 0), 0u)
      << st.message();
}

TEST(Artifact, TruncatedAtEveryLengthFailsCleanly) {
  std::vector<uint8_t> file = buildFile(sampleArtifact());
  for (size_t len = 0; len < file.size(); ++len) {
    std::vector<uint8_t> cut(file.begin(), file.begin() + len);
    Status st = loadBytes(cut);
    ASSERT_FALSE(st.isOk()) << "length " << len;
    EXPECT_EQ(st.message().rfind("model.octet: ", 0), 0u) << st.message();
    if (len >= 8) {
      EXPECT_NE(st.message().find("truncated"), std::string::npos)
          << "length " << len << ": " << st.message();
    }
  }
}

TEST(Artifact, TrailingBytesAreRejected) {
  std::vector<uint8_t> file = buildFile(sampleArtifact());
  file.push_back(0);
  Status st = loadBytes(file);
  ASSERT_FALSE(st.isOk());
  EXPECT_NE(st.message().find("corrupted"), std::string::npos) << st.message();
}

TEST(Artifact, EveryBitFlipOutsideReservedFails) {
  std::vector<uint8_t> file = buildFile(sampleArtifact());
  int checked = 0;
  for (size_t pos = 0; pos < file.size(); ++pos) {
    if (pos >= 28 && pos < 32)
      continue; // The reserved header field is not interpreted.
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<uint8_t> bad = file;
      bad[pos] ^= uint8_t(1u << bit);
      Status st = loadBytes(bad);
      ASSERT_FALSE(st.isOk()) << "byte " << pos << " bit " << bit;
      EXPECT_EQ(st.message().rfind("model.octet: ", 0), 0u) << st.message();
      if (pos >= 32) {
        EXPECT_NE(st.message().find("checksum mismatch"), std::string::npos)
            << st.message();
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, int(file.size() - 4) * 8);
}

TEST(Artifact, BitFlipsWithValidChecksumNeverCrash) {
  // Re-wrapping after the flip gets past the CRC, exercising the FlatBuffers
  // verifier and the semantic checks on damaged data.
  std::vector<uint8_t> payload = buildPayload(sampleArtifact());
  int rejected = 0, total = 0;
  for (size_t pos = 0; pos < payload.size(); ++pos) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<uint8_t> bad = payload;
      bad[pos] ^= uint8_t(1u << bit);
      Status st = loadBytes(wrapPayload(bad.data(), bad.size()));
      ++total;
      if (!st.isOk()) {
        ++rejected;
        EXPECT_EQ(st.message().rfind("model.octet: ", 0), 0u) << st.message();
      }
    }
  }
  // Most flips land in offsets, sizes or indices and must be caught.
  EXPECT_GT(rejected, total / 4) << rejected << " of " << total;
}

TEST(Artifact, WrongMagic) {
  std::vector<uint8_t> file = buildFile(sampleArtifact());
  file[0] = 'X';
  Status st = loadBytes(file);
  ASSERT_FALSE(st.isOk());
  EXPECT_EQ(st.message(), "model.octet: not an Octet artifact (bad magic)");
  // A short non-artifact file says so too, rather than "truncated".
  st = loadBytes(std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o',
                                      'r', 'l', 'd'});
  EXPECT_EQ(st.message(), "model.octet: not an Octet artifact (bad magic)");
}

TEST(Artifact, NewerVersionAsksForUpgrade) {
  std::vector<uint8_t> file = buildFile(sampleArtifact());
  setLE32(file.data() + 8, kFormatVersion + 1);
  Status st = loadBytes(file);
  ASSERT_FALSE(st.isOk());
  EXPECT_EQ(st.message(), "model.octet: artifact format version " +
                              std::to_string(kFormatVersion + 1) +
                              " is newer than this runtime supports (" +
                              std::to_string(kFormatVersion) +
                              "); upgrade octet-run");
}

TEST(Artifact, LargerHeaderSizeFromALaterVersionIsHonoured) {
  // A header that grew (headerSize > 32) still locates the payload.
  std::vector<uint8_t> payload = buildPayload(sampleArtifact());
  std::vector<uint8_t> file = wrapPayload(payload.data(), payload.size());
  file.insert(file.begin() + 32, 8, 0);
  setLE32(file.data() + 12, 40);
  std::shared_ptr<const LoadedArtifact> a;
  Status st = loadBytes(file, &a);
  ASSERT_TRUE(st.isOk()) << st.message();
  EXPECT_EQ(a->payloadSize(), payload.size());
}

TEST(Artifact, HeaderSizeTooSmall) {
  std::vector<uint8_t> file = buildFile(sampleArtifact());
  setLE32(file.data() + 12, 16);
  Status st = loadBytes(file);
  ASSERT_FALSE(st.isOk());
  EXPECT_NE(st.message().find("header size 16"), std::string::npos)
      << st.message();
}

TEST(Artifact, GarbagePayloadWithValidChecksum) {
  std::vector<uint8_t> garbage(200, 0xAB);
  Status st = loadBytes(wrapPayload(garbage.data(), garbage.size()));
  ASSERT_FALSE(st.isOk());
  EXPECT_NE(st.message().find("not a valid artifact FlatBuffer"),
            std::string::npos)
      << st.message();
  st = loadBytes(wrapPayload(nullptr, 0));
  ASSERT_FALSE(st.isOk());
}

//===----------------------------------------------------------------------===//
// Semantic checks
//===----------------------------------------------------------------------===//

TEST(ArtifactSemantics, BindingBufferOutOfRange) {
  expectInvalid([](ArtifactDesc &d) { d.steps[0].bindings[1].buffer = 99; },
                "plan step 0 binding 1 refers to buffer 99 but there are 6");
}

TEST(ArtifactSemantics, BindingOffsetPastTheEnd) {
  expectInvalid([](ArtifactDesc &d) { d.steps[0].bindings[0].offset = 25; },
                "plan step 0 binding 0 accesses bytes [25");
}

TEST(ArtifactSemantics, BindingExtentPastTheEnd) {
  // A kernel argument declared larger than its buffer (a shrunken transient
  // slot, say) is caught before any kernel runs.
  expectInvalid([](ArtifactDesc &d) { d.steps[0].bindings[2].size = 4096; },
                "plan step 0 binding 2 accesses bytes [0, 4096) of buffer 2, "
                "which has 24 bytes");
  expectInvalid(
      [](ArtifactDesc &d) {
        d.buffers[2].size = 4;
        d.slots[0] = 4;
      },
      "plan step 0 binding 2 accesses bytes [0, 24) of buffer 2, which has "
      "4 bytes");
}

TEST(ArtifactSemantics, WritesIntoInputsOrConstants) {
  expectInvalid([](ArtifactDesc &d) { d.steps[0].bindings[0].writes = true; },
                "plan step 0 binding 0 writes into input buffer 0, which must "
                "stay unchanged between runs");
  expectInvalid([](ArtifactDesc &d) { d.steps[0].bindings[1].writes = true; },
                "plan step 0 binding 1 writes into constant buffer 1");
  expectInvalid(
      [](ArtifactDesc &d) {
        d.steps[2].dst = {0, 0};
      },
      "plan step 2 (copy destination) writes into input buffer 0");
}

TEST(ArtifactSemantics, KernelOutOfRange) {
  expectInvalid([](ArtifactDesc &d) { d.steps[1].kernel = 2; },
                "plan step 1 dispatches kernel 2 but there are 2 kernels");
}

TEST(ArtifactSemantics, CopyOutOfBounds) {
  expectInvalid([](ArtifactDesc &d) { d.steps[3].src.offset = 16; },
                "plan step 3 (copy source) accesses bytes [16, 28) of buffer "
                "2, which has 24 bytes");
  expectInvalid([](ArtifactDesc &d) { d.steps[2].size = 25; },
                "plan step 2 (copy source)");
  expectInvalid([](ArtifactDesc &d) { d.steps[3].dst.buffer = 6; },
                "plan step 3 (copy destination) refers to buffer 6");
  // Huge sizes must not wrap around.
  expectInvalid([](ArtifactDesc &d) { d.steps[2].size = ~0ull; },
                "plan step 2 (copy source)");
}

TEST(ArtifactSemantics, CopyIntoConstant) {
  expectInvalid(
      [](ArtifactDesc &d) {
        d.steps[2].dst = {1, 0};
      },
      "plan step 2 (copy destination) writes into constant buffer 1");
}

TEST(ArtifactSemantics, BufferKindIndexOutOfRange) {
  expectInvalid([](ArtifactDesc &d) { d.buffers[0].index = 1; },
                "buffer 0 refers to input 1 but the model has 1 inputs");
  expectInvalid([](ArtifactDesc &d) { d.buffers[4].index = 3; },
                "buffer 4 refers to output 3 but the model has 3 outputs");
  expectInvalid([](ArtifactDesc &d) { d.buffers[1].index = 1; },
                "buffer 1 refers to constant 1 but there are 1 constants");
  expectInvalid([](ArtifactDesc &d) { d.buffers[2].index = 1; },
                "buffer 2 refers to transient slot 1 but there are 1 slots");
}

TEST(ArtifactSemantics, UnknownBufferKind) {
  expectInvalid(
      [](ArtifactDesc &d) { d.buffers[2].kind = static_cast<BufferKind>(7); },
      "buffer 2 has unknown kind 7");
}

TEST(ArtifactSemantics, ConstantSizeMismatch) {
  expectInvalid([](ArtifactDesc &d) { d.constants[0].pop_back(); },
                "buffer 1 has 24 bytes but constant 0 holds 23");
}

TEST(ArtifactSemantics, TransientLargerThanSlot) {
  expectInvalid([](ArtifactDesc &d) { d.slots[0] = 16; },
                "buffer 2 has 24 bytes, more than transient slot 0 (16 bytes)");
}

TEST(ArtifactSemantics, SignatureBufferSizeMismatch) {
  expectInvalid(
      [](ArtifactDesc &d) {
        d.inputs[0].shape = {3, 3};
      },
      "buffer 0 of input 0 ('x', f32[3,3]) has 24 bytes, expected 36");
  expectInvalid([](ArtifactDesc &d) { d.outputs[2].dtype = DType::F16; },
                "expected 6");
}

TEST(ArtifactSemantics, InputWithoutOrWithTwoBuffers) {
  expectInvalid(
      [](ArtifactDesc &d) {
        d.buffers.push_back({BufferKind::Input, 0, 24});
      },
      "input 0 ('x') is bound to 2 buffers, expected exactly 1");
  expectInvalid(
      [](ArtifactDesc &d) {
        d.outputs.push_back({"w", DType::F32, {1}});
      },
      "output 3 ('w') is bound to 0 buffers");
}

TEST(ArtifactSemantics, SignatureNamesAndTypes) {
  expectInvalid([](ArtifactDesc &d) { d.outputs[1].name = "y"; },
                "two outputs are named 'y'");
  expectInvalid([](ArtifactDesc &d) { d.inputs[0].name = ""; },
                "input 0 has an empty name");
  expectInvalid(
      [](ArtifactDesc &d) { d.inputs[0].dtype = static_cast<DType>(42); },
      "unknown element type 42");
  expectInvalid(
      [](ArtifactDesc &d) {
        d.inputs[0].shape = {-2, -12};
      },
      "invalid shape");
}

TEST(ArtifactSemantics, ExecutableEntryPoints) {
  expectInvalid([](ArtifactDesc &d) { d.executables[0].entries.pop_back(); },
                "executable 0 (fake, fake-c) has 1 entry points but the "
                "artifact has 2 kernels");
  expectInvalid(
      [](ArtifactDesc &d) { d.executables[0].entries[1].name = "mul"; },
      "entry point 1 is 'mul' but kernel 1 is 'scale2'");
  expectInvalid(
      [](ArtifactDesc &d) { d.executables[0].entries[0].grid[1] = 0; },
      "entry point 'add' has a zero grid or block extent");
  expectInvalid(
      [](ArtifactDesc &d) { d.executables[0].entries[1].block[2] = 0; },
      "entry point 'scale2' has a zero grid or block extent");
  expectInvalid([](ArtifactDesc &d) { d.executables[0].code.clear(); },
                "has no code");
  expectInvalid([](ArtifactDesc &d) { d.executables.clear(); },
                "the plan launches kernels but there are no executables");
}

TEST(ArtifactSemantics, SecondExecutableIsCheckedToo) {
  expectInvalid(
      [](ArtifactDesc &d) {
        ExecDesc other = d.executables[0];
        other.target = "other";
        other.entries.push_back({"extra"});
        d.executables.push_back(other);
      },
      "executable 1 (other, fake-c) has 3 entry points");
}

TEST(ArtifactSemantics, DTypeHelpers) {
  EXPECT_EQ(dtypeSize(DType::F32), 4u);
  EXPECT_EQ(dtypeSize(DType::BF16), 2u);
  EXPECT_EQ(dtypeSize(DType::F8E5M2), 1u);
  EXPECT_EQ(dtypeSize(DType::I64), 8u);
  EXPECT_EQ(dtypeSize(static_cast<DType>(99)), 0u);
  for (DType d : EnumValuesDType())
    EXPECT_EQ(parseDTypeName(dtypeName(d)), d);
  EXPECT_FALSE(parseDTypeName("float").has_value());
  EXPECT_EQ(formatTensorType(DType::F16, {}), "f16[]");
  EXPECT_EQ(formatTensorType(DType::Bool, {1, 0, 7}), "bool[1,0,7]");
  uint64_t n = 0;
  EXPECT_TRUE(elementCount({}, n));
  EXPECT_EQ(n, 1u);
  EXPECT_FALSE(elementCount({1ll << 40, 1ll << 40}, n));
  EXPECT_FALSE(elementCount({3, -1}, n));
}
