//===- cuda_driver_test.cpp - Tests of the CUDA runtime driver ------------===//
//
// On machines without an NVIDIA driver (CI): enumerate finds no device and
// says why, without crashing; the toolkit's stub libcuda is recognized. On a
// machine with an NVIDIA GPU: buffers, a hand-written PTX vector add JIT-
// compiled by the driver, and the kernel cache.
//
//===----------------------------------------------------------------------===//
#include "targets/cuda/runtime/CudaDriver.h"

#include "runtime/src/hal/LoadReport.h"

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

namespace octet::hal {
namespace {

// Test input for the driver: c[i] = a[i] + b[i], one thread per element, in
// Octet's ABI (bare pointer arguments). Checked with `ptxas -arch=sm_80`.
constexpr const char *kVectorAddPtx = R"PTX(
.version 7.0
.target sm_80
.address_size 64

.visible .entry vadd(
	.param .u64 vadd_param_0,
	.param .u64 vadd_param_1,
	.param .u64 vadd_param_2
)
{
	.reg .b32 	%r<5>;
	.reg .f32 	%f<4>;
	.reg .b64 	%rd<11>;

	ld.param.u64 	%rd1, [vadd_param_0];
	ld.param.u64 	%rd2, [vadd_param_1];
	ld.param.u64 	%rd3, [vadd_param_2];
	cvta.to.global.u64 	%rd4, %rd1;
	cvta.to.global.u64 	%rd5, %rd2;
	cvta.to.global.u64 	%rd6, %rd3;
	mov.u32 	%r1, %ctaid.x;
	mov.u32 	%r2, %ntid.x;
	mov.u32 	%r3, %tid.x;
	mad.lo.s32 	%r4, %r1, %r2, %r3;
	mul.wide.s32 	%rd7, %r4, 4;
	add.s64 	%rd8, %rd4, %rd7;
	add.s64 	%rd9, %rd5, %rd7;
	add.s64 	%rd10, %rd6, %rd7;
	ld.global.f32 	%f1, [%rd8];
	ld.global.f32 	%f2, [%rd9];
	add.f32 	%f3, %f1, %f2;
	st.global.f32 	[%rd10], %f3;
	ret;
}
)PTX";

constexpr const char *kStubLibrary = "/usr/local/cuda/lib64/stubs/libcuda.so";

bool realDriverLoadable() {
  void *handle = ::dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (handle)
    ::dlclose(handle);
  return handle != nullptr;
}

ExecutableSpec ptxSpec(const std::string &ptx, const std::string &arch,
                       std::vector<std::string> entryPoints) {
  ExecutableSpec spec;
  spec.format = "ptx";
  spec.arch = arch;
  spec.code = reinterpret_cast<const uint8_t *>(ptx.data());
  spec.codeSize = ptx.size();
  spec.entryPoints = std::move(entryPoints);
  spec.contentHash = 7;
  return spec;
}

TEST(CudaDriverTest, EnumerateNeverFailsHard) {
  auto driver = createCudaDriver();
  EXPECT_EQ(driver->name(), "cuda");
  std::vector<std::unique_ptr<Device>> devices;
  Status status = driver->enumerate(devices);
  if (devices.empty()) {
    ASSERT_FALSE(status.isOk());
    EXPECT_EQ(status.message().rfind("cuda: ", 0), 0u) << status.message();
    if (!realDriverLoadable()) {
      EXPECT_NE(status.message().find("libcuda.so.1 not found"),
                std::string::npos)
          << status.message();
    }
    // A second call gives the same answer (the load result is cached).
    Status again = driver->enumerate(devices);
    EXPECT_EQ(again.message(), status.message());
    EXPECT_TRUE(devices.empty());
    return;
  }
  ASSERT_TRUE(status.isOk()) << status.message();
  for (size_t i = 0; i < devices.size(); ++i) {
    const DeviceInfo &info = devices[i]->info();
    EXPECT_EQ(info.api, "cuda");
    EXPECT_EQ(info.ordinal, static_cast<int>(i));
    EXPECT_EQ(info.kind, DeviceKind::GPU);
    EXPECT_FALSE(info.name.empty());
    EXPECT_GT(info.memoryBytes, 0u);
    EXPECT_EQ(info.arch.rfind("sm_", 0), 0u) << info.arch;
    EXPECT_NE(info.driverVersion.find("CUDA driver"), std::string::npos);
  }
}

TEST(CudaDriverTest, MissingLibraryIsExplained) {
  auto driver =
      createCudaDriverWithLibrary("libcuda-octet-does-not-exist.so.1");
  std::vector<std::unique_ptr<Device>> devices;
  Status status = driver->enumerate(devices);
  ASSERT_FALSE(status.isOk());
  EXPECT_TRUE(devices.empty());
  EXPECT_NE(status.message().find("libcuda-octet-does-not-exist.so.1 not "
                                  "found (no NVIDIA driver installed)"),
            std::string::npos)
      << status.message();
}

TEST(CudaDriverTest, ToolkitStubLibraryMeansNoDevice) {
  if (!std::filesystem::exists(kStubLibrary))
    GTEST_SKIP() << "no CUDA toolkit stub at " << kStubLibrary;
  if (realDriverLoadable())
    GTEST_SKIP() << "a real libcuda.so.1 is present; not loading the stub "
                    "next to it";
  auto driver = createCudaDriverWithLibrary(kStubLibrary);
  std::vector<std::unique_ptr<Device>> devices;
  Status status = driver->enumerate(devices);
  ASSERT_FALSE(status.isOk());
  EXPECT_TRUE(devices.empty());
  EXPECT_NE(status.message().find("stub library"), std::string::npos)
      << status.message();
}

/// Tests that need an NVIDIA GPU.
class CudaDeviceTest : public ::testing::Test {
protected:
  void SetUp() override {
    cacheDir_ =
        std::filesystem::temp_directory_path() /
        ("octet-cuda-test-" + std::to_string(::getpid()) + "-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(cacheDir_);
    if (const char *old = std::getenv("OCTET_CACHE_DIR"))
      oldCacheDir_ = old;
    ::setenv("OCTET_CACHE_DIR", cacheDir_.c_str(), 1);
    Status status = createCudaDriver()->enumerate(devices_);
    if (devices_.empty())
      GTEST_SKIP() << "no NVIDIA device: " << status.message();
    device_ = devices_.front().get();
  }
  void TearDown() override {
    devices_.clear();
    if (oldCacheDir_)
      ::setenv("OCTET_CACHE_DIR", oldCacheDir_->c_str(), 1);
    else
      ::unsetenv("OCTET_CACHE_DIR");
    std::error_code ec;
    std::filesystem::remove_all(cacheDir_, ec);
  }

  std::unique_ptr<Buffer> allocate(size_t bytes) {
    std::unique_ptr<Buffer> buffer;
    Status status = device_->allocate(bytes, buffer);
    EXPECT_TRUE(status.isOk()) << status.message();
    return buffer;
  }

  void runVectorAdd(Executable &executable, uint64_t offsetElements) {
    constexpr size_t n = 1024;
    std::vector<float> a(n + offsetElements), b(n);
    std::iota(a.begin(), a.end(), 0.0f);
    std::iota(b.begin(), b.end(), 100.0f);
    auto bufA = allocate(a.size() * sizeof(float));
    auto bufB = allocate(n * sizeof(float));
    auto bufC = allocate(n * sizeof(float));
    ASSERT_TRUE(device_->upload(*bufA, 0, a.data(), a.size() * 4).isOk());
    ASSERT_TRUE(device_->upload(*bufB, 0, b.data(), n * 4).isOk());
    Status status = device_->dispatch(
        executable, 0, {n / 128, 1, 1}, {128, 1, 1},
        {{bufA.get(), offsetElements * 4}, {bufB.get()}, {bufC.get()}});
    ASSERT_TRUE(status.isOk()) << status.message();
    ASSERT_TRUE(device_->synchronize().isOk());
    std::vector<float> c(n);
    ASSERT_TRUE(device_->download(*bufC, 0, c.data(), n * 4).isOk());
    for (size_t i = 0; i < n; ++i)
      ASSERT_FLOAT_EQ(c[i], a[i + offsetElements] + b[i]) << "at " << i;
  }

  std::filesystem::path cacheDir_;
  std::optional<std::string> oldCacheDir_;
  std::vector<std::unique_ptr<Device>> devices_;
  Device *device_ = nullptr;
};

TEST_F(CudaDeviceTest, CanRunChecksFormatAndArch) {
  std::string ptx = kVectorAddPtx;
  std::string why;
  EXPECT_TRUE(device_->canRun(ptxSpec(ptx, "", {"vadd"}), why)) << why;
  EXPECT_TRUE(device_->canRun(ptxSpec(ptx, "sm_50", {"vadd"}), why)) << why;
  EXPECT_FALSE(device_->canRun(ptxSpec(ptx, "sm_999", {"vadd"}), why));
  EXPECT_NE(why.find("sm_999"), std::string::npos) << why;
  ExecutableSpec opencl = ptxSpec(ptx, "", {"vadd"});
  opencl.format = "opencl-c";
  EXPECT_FALSE(device_->canRun(opencl, why));
}

TEST_F(CudaDeviceTest, BufferRoundTripAndCopy) {
  std::vector<uint8_t> bytes(1000);
  std::iota(bytes.begin(), bytes.end(), 0);
  auto a = allocate(bytes.size());
  auto b = allocate(bytes.size());
  ASSERT_TRUE(device_->upload(*a, 0, bytes.data(), bytes.size()).isOk());
  ASSERT_TRUE(device_->copy(*a, 10, *b, 20, 100).isOk());
  std::vector<uint8_t> back(100);
  ASSERT_TRUE(device_->download(*b, 20, back.data(), back.size()).isOk());
  for (size_t i = 0; i < back.size(); ++i)
    ASSERT_EQ(back[i], bytes[10 + i]);
  auto empty = allocate(0);
  EXPECT_EQ(empty->sizeBytes(), 0u);
  EXPECT_TRUE(device_->upload(*empty, 0, nullptr, 0).isOk());
  EXPECT_FALSE(device_->upload(*a, 990, bytes.data(), 20).isOk());
}

TEST_F(CudaDeviceTest, VectorAddPtxRunsAndIsCached) {
  std::string ptx = kVectorAddPtx;
  ExecutableSpec spec = ptxSpec(ptx, "sm_80", {"vadd"});
  std::string why;
  if (!device_->canRun(spec, why))
    GTEST_SKIP() << "the test PTX targets sm_80: " << why;
  std::unique_ptr<Executable> first;
  Status status = device_->loadExecutable(spec, first);
  ASSERT_TRUE(status.isOk()) << status.message();
  ASSERT_NE(getLoadReport(*first), nullptr);
  EXPECT_FALSE(getLoadReport(*first)->fromCache);
  runVectorAdd(*first, 0);
  runVectorAdd(*first, 3); // pointer + offset binding

  std::unique_ptr<Executable> second;
  ASSERT_TRUE(device_->loadExecutable(spec, second).isOk());
  EXPECT_TRUE(getLoadReport(*second)->fromCache)
      << getLoadReport(*second)->cacheNote;
  runVectorAdd(*second, 0);
}

TEST_F(CudaDeviceTest, BadPtxCarriesTheJitLog) {
  std::string ptx = std::string(kVectorAddPtx) + "\nthis is not ptx;\n";
  std::unique_ptr<Executable> executable;
  Status status =
      device_->loadExecutable(ptxSpec(ptx, "sm_80", {"vadd"}), executable);
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("cuLink"), std::string::npos)
      << status.message();
}

TEST_F(CudaDeviceTest, MissingEntryPointIsNamed) {
  std::string ptx = kVectorAddPtx;
  std::unique_ptr<Executable> executable;
  Status status = device_->loadExecutable(
      ptxSpec(ptx, "sm_80", {"vadd", "no_such_kernel"}), executable);
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("'no_such_kernel'"), std::string::npos)
      << status.message();
}

} // namespace
} // namespace octet::hal
