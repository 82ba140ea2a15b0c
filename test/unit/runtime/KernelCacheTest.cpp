//===- KernelCacheTest.cpp - The on-disk kernel cache ---------------------===//
//
// Stored entries load back; truncated, damaged or foreign files are misses
// (never handed to a driver); keys separate devices and executables.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/hal/KernelCache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using octet::hal::KernelCache;

namespace {

class KernelCacheTest : public ::testing::Test {
protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("octet-kernel-cache-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::vector<uint8_t> readRaw(const KernelCache &cache,
                               const std::string &key) {
    std::ifstream in(cache.pathFor(key), std::ios::binary);
    return {std::istreambuf_iterator<char>(in),
            std::istreambuf_iterator<char>()};
  }
  void writeRaw(const KernelCache &cache, const std::string &key,
                const std::vector<uint8_t> &bytes) {
    std::ofstream out(cache.pathFor(key), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(bytes.data()), bytes.size());
  }

  std::filesystem::path directory_;
};

TEST_F(KernelCacheTest, StoreThenLoad) {
  KernelCache cache(directory_.string());
  std::vector<uint8_t> binary = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  ASSERT_TRUE(cache.store("k", binary));
  auto loaded = cache.load("k");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(*loaded, binary);
  EXPECT_FALSE(cache.load("other").has_value());
}

TEST_F(KernelCacheTest, TruncatedEntriesAreMisses) {
  KernelCache cache(directory_.string());
  std::vector<uint8_t> binary(1000);
  for (size_t i = 0; i < binary.size(); ++i)
    binary[i] = static_cast<uint8_t>(i * 7);
  ASSERT_TRUE(cache.store("k", binary));
  std::vector<uint8_t> whole = readRaw(cache, "k");
  for (size_t length :
       {size_t(0), size_t(5), size_t(24), size_t(100), whole.size() - 1}) {
    writeRaw(cache, "k",
             std::vector<uint8_t>(whole.begin(), whole.begin() + length));
    EXPECT_FALSE(cache.load("k").has_value()) << "length " << length;
  }
}

TEST_F(KernelCacheTest, DamagedEntriesAreMisses) {
  KernelCache cache(directory_.string());
  std::vector<uint8_t> binary(256, 0x5a);
  ASSERT_TRUE(cache.store("k", binary));
  std::vector<uint8_t> whole = readRaw(cache, "k");
  for (size_t position :
       {size_t(0), size_t(9), size_t(20), whole.size() / 2, whole.size() - 1}) {
    std::vector<uint8_t> damaged = whole;
    damaged[position] ^= 0x10;
    writeRaw(cache, "k", damaged);
    EXPECT_FALSE(cache.load("k").has_value()) << "byte " << position;
  }
  // A file written by something else is not an entry either.
  writeRaw(cache, "k", binary);
  EXPECT_FALSE(cache.load("k").has_value());
}

TEST_F(KernelCacheTest, KeysSeparateDevicesAndCode) {
  std::string a = KernelCache::makeKey("opencl", "dev A", "1.0", 42);
  EXPECT_NE(a, KernelCache::makeKey("opencl", "dev B", "1.0", 42));
  EXPECT_NE(a, KernelCache::makeKey("opencl", "dev A", "1.1", 42));
  EXPECT_NE(a, KernelCache::makeKey("opencl", "dev A", "1.0", 43));
  EXPECT_NE(a, KernelCache::makeKey("cuda", "dev A", "1.0", 42));
  EXPECT_EQ(a, KernelCache::makeKey("opencl", "dev A", "1.0", 42));
}

TEST_F(KernelCacheTest, EmptyDirectoryDisablesTheCache) {
  KernelCache cache("");
  EXPECT_FALSE(cache.enabled());
  EXPECT_FALSE(cache.store("k", {1, 2, 3}));
  EXPECT_FALSE(cache.load("k").has_value());
}

} // namespace
