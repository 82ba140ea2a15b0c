//===- NpyTest.cpp - .npy reading and writing -----------------------------===//
//
// Round trips for every element type, the header forms NumPy writes, and
// rejection of malformed, Fortran-order, big-endian and unsupported files.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/npy/Npy.h"
#include "test/unit/runtime/TestArtifacts.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace octet;
using namespace octet::artifact;

namespace {

/// A .npy file with the given version, header text (padded as NumPy does)
/// and data bytes.
std::vector<uint8_t> makeNpy(int major, std::string header,
                             const std::vector<uint8_t> &data) {
  size_t prefix = major == 1 ? 10 : 12;
  size_t total = prefix + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', uint8_t(major), 0};
  for (size_t i = 0; i < prefix - 8; ++i)
    out.push_back(uint8_t(header.size() >> (8 * i)));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

Status parseBytes(const std::vector<uint8_t> &bytes, npy::Array &out) {
  return npy::parse(bytes.data(), bytes.size(), "in.npy", out);
}

void expectRejected(const std::vector<uint8_t> &bytes,
                    const std::string &needle) {
  npy::Array a;
  Status st = parseBytes(bytes, a);
  ASSERT_FALSE(st.isOk()) << "expected: " << needle;
  EXPECT_EQ(st.code(), StatusCode::InvalidArgument);
  EXPECT_EQ(st.message().rfind("in.npy: ", 0), 0u) << st.message();
  EXPECT_NE(st.message().find(needle), std::string::npos) << st.message();
}

std::vector<uint8_t> iota(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i)
    v[i] = uint8_t(i * 7 + 1);
  return v;
}

} // namespace

class NpyRoundTrip : public ::testing::TestWithParam<DType> {};

TEST_P(NpyRoundTrip, EveryShape) {
  DType dtype = GetParam();
  for (const std::vector<int64_t> &shape :
       {std::vector<int64_t>{2, 3}, std::vector<int64_t>{5},
        std::vector<int64_t>{}, std::vector<int64_t>{4, 0, 2},
        std::vector<int64_t>{1, 2, 3, 4}}) {
    uint64_t count = 0;
    ASSERT_TRUE(elementCount(shape, count));
    std::vector<uint8_t> data = iota(count * dtypeSize(dtype));
    if (dtype == DType::Bool) // Only 0 and 1 are bools.
      for (uint8_t &b : data)
        b &= 1;
    std::vector<uint8_t> file =
        npy::serialize(dtype, shape, data.data(), data.size());
    size_t headerEnd = file.size() - data.size();
    EXPECT_EQ(headerEnd % 64, 0u) << "data must start 64-byte aligned";
    EXPECT_EQ(file[headerEnd - 1], '\n');
    npy::Array back;
    Status st = parseBytes(file, back);
    ASSERT_TRUE(st.isOk()) << st.message();
    bool unnameable = dtype == DType::BF16 || dtype == DType::F8E4M3FN ||
                      dtype == DType::F8E5M2;
    EXPECT_EQ(back.rawBits, unnameable);
    if (!unnameable) {
      EXPECT_EQ(back.dtype, dtype);
    }
    EXPECT_TRUE(npy::canReinterpretAs(back, dtype));
    EXPECT_EQ(back.shape, shape);
    EXPECT_EQ(back.data, data);
  }
}

INSTANTIATE_TEST_SUITE_P(AllDTypes, NpyRoundTrip,
                         ::testing::ValuesIn(EnumValuesDType()),
                         [](const ::testing::TestParamInfo<DType> &info) {
                           return dtypeName(info.param);
                         });

TEST(Npy, HeaderTextMatchesNumPy) {
  std::vector<float> v = {1, 2, 3, 4, 5, 6};
  std::vector<uint8_t> file = npy::serialize(DType::F32, {2, 3}, v.data(), 24);
  std::string header(file.begin() + 10, file.end() - 24);
  EXPECT_EQ(header.rfind("{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(2, 3), }",
                         0),
            0u)
      << header;
  EXPECT_EQ(file[6], 1);
  EXPECT_EQ(file[7], 0);
  file = npy::serialize(DType::I64, {7}, iota(56).data(), 56);
  header.assign(file.begin() + 10, file.end() - 56);
  EXPECT_NE(header.find("'shape': (7,)"), std::string::npos) << header;
  EXPECT_NE(header.find("'<i8'"), std::string::npos) << header;
  file = npy::serialize(DType::F16, {}, iota(2).data(), 2);
  header.assign(file.begin() + 10, file.end() - 2);
  EXPECT_NE(header.find("'shape': ()"), std::string::npos) << header;
}

TEST(Npy, DescrNames) {
  EXPECT_EQ(npy::descrFor(DType::F32), "<f4");
  EXPECT_EQ(npy::descrFor(DType::F16), "<f2");
  EXPECT_EQ(npy::descrFor(DType::I8), "|i1");
  EXPECT_EQ(npy::descrFor(DType::I32), "<i4");
  EXPECT_EQ(npy::descrFor(DType::I64), "<i8");
  EXPECT_EQ(npy::descrFor(DType::Bool), "|b1");
  // NumPy writes void types without byte order: numpy.dtype('V2').str.
  EXPECT_EQ(npy::descrFor(DType::BF16), "|V2");
  EXPECT_EQ(npy::descrFor(DType::F8E4M3FN), "|V1");
  EXPECT_EQ(npy::descrFor(DType::F8E5M2), "|V1");
}

TEST(Npy, HeaderVariantsNumPyWrites) {
  npy::Array a;
  // Version 2.0 and 3.0 (4-byte header length); double quotes; no trailing
  // comma; keys in another order; Python 2 long suffix; '=' byte order.
  for (int major : {1, 2, 3}) {
    Status st =
        parseBytes(makeNpy(major,
                           "{\"shape\": (2L, 1L), \"fortran_order\": False, "
                           "\"descr\": \"=i4\"}",
                           iota(8)),
                   a);
    ASSERT_TRUE(st.isOk()) << major << ": " << st.message();
    EXPECT_EQ(a.dtype, DType::I32);
    EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 1}));
  }
  ASSERT_TRUE(parseBytes(makeNpy(1,
                                 "{'descr': '|b1', 'fortran_order': False, "
                                 "'shape': (3,), }",
                                 {0, 1, 1}),
                         a)
                  .isOk());
  EXPECT_EQ(a.dtype, DType::Bool);
  EXPECT_FALSE(a.rawBits);
  // A 1-d array with Fortran order is the same as C order; NumPy still
  // writes False for it, and True must be rejected regardless.
}

TEST(Npy, RawBitsForBf16AndFloat8) {
  npy::Array a;
  // NumPy writes ml_dtypes.bfloat16 arrays as '<V2'.
  ASSERT_TRUE(parseBytes(makeNpy(1,
                                 "{'descr': '<V2', 'fortran_order': False, "
                                 "'shape': (2,), }",
                                 iota(4)),
                         a)
                  .isOk());
  EXPECT_TRUE(a.rawBits);
  EXPECT_TRUE(npy::canReinterpretAs(a, DType::BF16));
  EXPECT_FALSE(npy::canReinterpretAs(a, DType::F16));
  EXPECT_FALSE(npy::canReinterpretAs(a, DType::F8E4M3FN));
  // NumPy writes plain void arrays as '|V2'; the same raw bits.
  ASSERT_TRUE(parseBytes(makeNpy(1,
                                 "{'descr': '|V2', 'fortran_order': False, "
                                 "'shape': (2,), }",
                                 iota(4)),
                         a)
                  .isOk());
  EXPECT_TRUE(a.rawBits);
  EXPECT_EQ(a.data, iota(4));
  EXPECT_TRUE(npy::canReinterpretAs(a, DType::BF16));
  ASSERT_TRUE(parseBytes(makeNpy(1,
                                 "{'descr': '|V1', 'fortran_order': False, "
                                 "'shape': (2,), }",
                                 iota(2)),
                         a)
                  .isOk());
  EXPECT_TRUE(npy::canReinterpretAs(a, DType::F8E5M2));
  EXPECT_TRUE(npy::canReinterpretAs(a, DType::F8E4M3FN));
  EXPECT_FALSE(npy::canReinterpretAs(a, DType::I8));
  EXPECT_FALSE(npy::canReinterpretAs(a, DType::Bool));
  // NumPy never writes type names as descr; they are not guessed at.
  expectRejected(makeNpy(1,
                         "{'descr': 'float8_e5m2', 'fortran_order': "
                         "False, 'shape': (2,), }",
                         iota(2)),
                 "unsupported dtype 'float8_e5m2'");
  // f32 data is never reinterpreted.
  ASSERT_TRUE(parseBytes(makeNpy(1,
                                 "{'descr': '<f2', 'fortran_order': False, "
                                 "'shape': (2,), }",
                                 iota(4)),
                         a)
                  .isOk());
  EXPECT_FALSE(npy::canReinterpretAs(a, DType::BF16));
}

TEST(Npy, BadMagic) {
  std::vector<uint8_t> f = npy::serialize(DType::F32, {1}, iota(4).data(), 4);
  f[1] = 'X';
  expectRejected(f, "not a .npy file (bad magic)");
  expectRejected({'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0}, "bad magic");
}

TEST(Npy, UnsupportedVersion) {
  std::vector<uint8_t> f = npy::serialize(DType::F32, {1}, iota(4).data(), 4);
  f[6] = 4;
  expectRejected(f, "unsupported .npy version 4.0");
}

TEST(Npy, TruncatedHeader) {
  std::vector<uint8_t> f = npy::serialize(DType::F32, {2}, iota(8).data(), 8);
  expectRejected(std::vector<uint8_t>(f.begin(), f.begin() + 8),
                 "truncated .npy header");
  expectRejected(std::vector<uint8_t>(f.begin(), f.begin() + 40),
                 "truncated .npy header");
  // Every cut fails cleanly.
  for (size_t len = 0; len < f.size(); ++len) {
    npy::Array a;
    EXPECT_FALSE(
        parseBytes(std::vector<uint8_t>(f.begin(), f.begin() + len), a).isOk())
        << len;
  }
}

TEST(Npy, TruncatedData) {
  expectRejected(makeNpy(1,
                         "{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(2, 3), }",
                         iota(20)),
                 "truncated data: f32[2,3] needs 24 bytes, found 20");
}

TEST(Npy, TrailingData) {
  expectRejected(makeNpy(1,
                         "{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(1,), }",
                         iota(8)),
                 "4 unexpected bytes after the data");
}

TEST(Npy, FortranOrder) {
  expectRejected(makeNpy(1,
                         "{'descr': '<f4', 'fortran_order': True, 'shape': "
                         "(2, 3), }",
                         iota(24)),
                 "Fortran-order arrays are not supported");
}

TEST(Npy, BigEndian) {
  expectRejected(makeNpy(1,
                         "{'descr': '>f4', 'fortran_order': False, 'shape': "
                         "(2,), }",
                         iota(8)),
                 "big-endian data ('>f4') is not supported");
  expectRejected(makeNpy(1,
                         "{'descr': '>f8', 'fortran_order': False, 'shape': "
                         "(2,), }",
                         iota(16)),
                 "big-endian");
}

TEST(Npy, UnsupportedDTypes) {
  expectRejected(makeNpy(1,
                         "{'descr': '<c8', 'fortran_order': False, 'shape': "
                         "(2,), }",
                         iota(16)),
                 "unsupported dtype '<c8'");
  expectRejected(makeNpy(1,
                         "{'descr': '<f16', 'fortran_order': False, 'shape': "
                         "(2,), }",
                         iota(32)),
                 "unsupported dtype '<f16'");
  expectRejected(makeNpy(1,
                         "{'descr': '|O', 'fortran_order': False, 'shape': "
                         "(2,), }",
                         iota(16)),
                 "object arrays are not supported");
  expectRejected(makeNpy(1,
                         "{'descr': [('a', '<f4'), ('b', '<i4')], "
                         "'fortran_order': False, 'shape': (2,), }",
                         iota(16)),
                 "structured arrays are not supported");
}

TEST(Npy, Uint8IsReadAsUint8NotBool) {
  // Reading uint8 as bool would turn 2 into True.
  for (const char *descr : {"|u1", "<u1", "=u1"}) {
    npy::Array a;
    Status st = parseBytes(makeNpy(1,
                                   std::string("{'descr': '") + descr +
                                       "', 'fortran_order': False, "
                                       "'shape': (3,), }",
                                   {0, 1, 2}),
                           a);
    ASSERT_TRUE(st.isOk()) << descr << ": " << st.message();
    EXPECT_EQ(a.dtype, DType::U8) << descr;
    EXPECT_EQ(a.data, (std::vector<uint8_t>{0, 1, 2})) << descr;
  }
}

TEST(Npy, EveryNumericTypeHasItsOwnDType) {
  const struct {
    const char *descr;
    DType dtype;
    size_t width;
  } cases[] = {{"<f8", DType::F64, 8},
               {"<i2", DType::I16, 2},
               {"<u2", DType::U16, 2},
               {"<u4", DType::U32, 4},
               {"<u8", DType::U64, 8}};
  for (const auto &c : cases) {
    npy::Array a;
    Status st = parseBytes(makeNpy(1,
                                   std::string("{'descr': '") + c.descr +
                                       "', 'fortran_order': False, "
                                       "'shape': (2,), }",
                                   iota(2 * c.width)),
                           a);
    ASSERT_TRUE(st.isOk()) << c.descr << ": " << st.message();
    EXPECT_EQ(a.dtype, c.dtype) << c.descr;
    EXPECT_EQ(npy::descrFor(c.dtype), c.descr);
    EXPECT_EQ(a.data, iota(2 * c.width)) << c.descr;
  }
}

TEST(Npy, BoolDataMustBeZeroOrOne) {
  npy::Array a;
  ASSERT_TRUE(parseBytes(makeNpy(1,
                                 "{'descr': '|b1', 'fortran_order': False, "
                                 "'shape': (2, 2), }",
                                 {0, 1, 1, 0}),
                         a)
                  .isOk());
  EXPECT_EQ(a.data, (std::vector<uint8_t>{0, 1, 1, 0}));
  // The first bad element is named by its index in C order.
  expectRejected(makeNpy(1,
                         "{'descr': '|b1', 'fortran_order': False, "
                         "'shape': (2, 2), }",
                         {1, 0, 2, 255}),
                 "bool element at flat index 2 is 2, not 0 (False) or 1 "
                 "(True)");
  npy::Array untouched;
  untouched.shape = {7};
  EXPECT_FALSE(parseBytes(makeNpy(1,
                                  "{'descr': '|b1', 'fortran_order': False, "
                                  "'shape': (1,), }",
                                  {255}),
                          untouched)
                   .isOk());
  EXPECT_EQ(untouched.shape, (std::vector<int64_t>{7}));
}

TEST(Npy, MalformedHeaders) {
  expectRejected(makeNpy(1, "not a dict", {}), "header is not a dict");
  expectRejected(makeNpy(1, "{'descr': '<f4', 'shape': (2,), }", iota(8)),
                 "header lacks");
  expectRejected(makeNpy(1,
                         "{'descr': '<f4', 'fortran_order': Maybe, 'shape': "
                         "(2,), }",
                         iota(8)),
                 "malformed 'fortran_order'");
  expectRejected(makeNpy(1,
                         "{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(2, -1), }",
                         iota(8)),
                 "malformed 'shape'");
  expectRejected(makeNpy(1,
                         "{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "[2], }",
                         iota(8)),
                 "malformed 'shape'");
  expectRejected(makeNpy(1,
                         "{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(2,), 'extra': 1}",
                         iota(8)),
                 "unexpected key 'extra'");
  expectRejected(makeNpy(1,
                         "{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(2,)} trailing",
                         iota(8)),
                 "text after the dict");
  expectRejected(makeNpy(1, "{'descr: '<f4'", iota(8)), "malformed");
  expectRejected(makeNpy(1,
                         "{'descr': '<f4', 'fortran_order': False, 'shape': "
                         "(4294967296, 4294967296, 4294967296), }",
                         iota(8)),
                 "shape too large");
}

TEST(Npy, FilesOnDisk) {
  std::vector<float> v = {1.5f, -2.0f, 3.25f};
  std::string dir = octet::test::writeTempFile("placeholder", {});
  std::string path = dir + ".npy";
  Status st = npy::writeFile(path, DType::F32, {3}, v.data(), 12);
  ASSERT_TRUE(st.isOk()) << st.message();
  npy::Array a;
  st = npy::readFile(path, a);
  ASSERT_TRUE(st.isOk()) << st.message();
  EXPECT_EQ(octet::test::bytesToFloats(a.data.data(), a.data.size()), v);

  st = npy::readFile("/nonexistent/x.npy", a);
  ASSERT_FALSE(st.isOk());
  EXPECT_EQ(st.code(), StatusCode::NotFound);
  EXPECT_EQ(st.message().rfind("/nonexistent/x.npy: cannot open", 0), 0u)
      << st.message();
  st = npy::writeFile("/nonexistent/dir/y.npy", DType::F32, {3}, v.data(), 12);
  ASSERT_FALSE(st.isOk());
  EXPECT_NE(st.message().find("/nonexistent/dir/y.npy"), std::string::npos);
}

TEST(Npy, BitFlipsNeverCrash) {
  std::vector<uint8_t> f =
      npy::serialize(DType::I32, {2, 2}, iota(16).data(), 16);
  size_t headerEnd = f.size() - 16;
  int rejected = 0;
  for (size_t pos = 0; pos < f.size(); ++pos)
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<uint8_t> bad = f;
      bad[pos] ^= uint8_t(1u << bit);
      npy::Array a;
      Status st = parseBytes(bad, a);
      if (pos >= headerEnd) {
        EXPECT_TRUE(st.isOk()) << "a flip in the data is just other data";
      }
      if (!st.isOk()) {
        ++rejected;
        EXPECT_EQ(st.message().rfind("in.npy: ", 0), 0u) << st.message();
      }
    }
  // Flips in the magic, version, length and most of the dict are caught
  // (flips in the padding spaces, or ones that turn a digit into another
  // digit, may still parse).
  EXPECT_GT(rejected, int(headerEnd) * 4);
}
