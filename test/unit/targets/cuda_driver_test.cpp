//===- cuda_driver_test.cpp - Tests of the CUDA runtime driver ------------===//
//
// On machines without an NVIDIA driver (CI): enumerate finds no device and
// says why, without crashing; the toolkit's stub libcuda is recognized. On a
// machine with an NVIDIA GPU: buffers, a hand-written PTX vector add JIT-
// compiled by the driver, and the kernel cache.
//
// Everywhere: the driver's host-side logic over libfakecuda.so
// (fakecuda/FakeCuda.h), which implements the driver API on the host, logs
// kernel launches and runs a built-in `vadd`: enumeration, architecture
// checks, buffers, JIT and kernel cache, dispatch arguments, error messages
// (by failure injection), resource balance, and octet-run end to end.
//
//===----------------------------------------------------------------------===//
#include "targets/cuda/runtime/CudaDriver.h"

#include "runtime/src/hal/CachedBuild.h"
#include "runtime/src/hal/KernelCache.h"
#include "runtime/src/hal/LoadReport.h"
#include "runtime/src/npy/Npy.h"
#include "test/unit/runtime/TestArtifacts.h"
#include "test/unit/targets/fakecuda/FakeCuda.h"

#include <gtest/gtest.h>

#include <dlfcn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <regex>
#include <sstream>
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
  spec.contentHash = contentHashOf(spec);
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
    if (!realDriverLoadable() && !std::getenv("OCTET_CUDA_LIBRARY")) {
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

//===----------------------------------------------------------------------===//
// The driver over libfakecuda.so: no GPU needed.
//===----------------------------------------------------------------------===//

constexpr const char *kFakeLibrary = OCTET_FAKECUDA_LIBRARY;

/// The fake's inspection functions (FakeCuda.h), looked up with dlsym.
struct FakeCuda {
  decltype(&fakecuda_launch_count) launchCount = nullptr;
  decltype(&fakecuda_launch) launch = nullptr;
  decltype(&fakecuda_last_launch) lastLaunch = nullptr;
  decltype(&fakecuda_calls) calls = nullptr;
  decltype(&fakecuda_live) live = nullptr;
  decltype(&fakecuda_last_allocation) lastAllocation = nullptr;
  decltype(&fakecuda_reset) reset = nullptr;

  static const FakeCuda &get() {
    static FakeCuda fake = [] {
      FakeCuda f;
      void *handle = ::dlopen(kFakeLibrary, RTLD_NOW | RTLD_LOCAL);
      if (!handle)
        return f;
      f.launchCount = reinterpret_cast<decltype(f.launchCount)>(
          ::dlsym(handle, "fakecuda_launch_count"));
      f.launch = reinterpret_cast<decltype(f.launch)>(
          ::dlsym(handle, "fakecuda_launch"));
      f.lastLaunch = reinterpret_cast<decltype(f.lastLaunch)>(
          ::dlsym(handle, "fakecuda_last_launch"));
      f.calls = reinterpret_cast<decltype(f.calls)>(
          ::dlsym(handle, "fakecuda_calls"));
      f.live =
          reinterpret_cast<decltype(f.live)>(::dlsym(handle, "fakecuda_live"));
      f.lastAllocation = reinterpret_cast<decltype(f.lastAllocation)>(
          ::dlsym(handle, "fakecuda_last_allocation"));
      f.reset = reinterpret_cast<decltype(f.reset)>(
          ::dlsym(handle, "fakecuda_reset"));
      return f;
    }();
    return fake;
  }
  bool ok() const {
    return launchCount && launch && lastLaunch && calls && live &&
           lastAllocation && reset;
  }
};

/// Sets environment variables for the life of the object, then restores them.
class ScopedEnv {
public:
  ScopedEnv() = default;
  ScopedEnv(const std::string &name, const std::string &value) {
    set(name, value);
  }
  ~ScopedEnv() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->second)
        ::setenv(it->first.c_str(), it->second->c_str(), 1);
      else
        ::unsetenv(it->first.c_str());
    }
  }
  void set(const std::string &name, const std::string &value) {
    const char *old = std::getenv(name.c_str());
    saved_.emplace_back(name,
                        old ? std::optional<std::string>(old) : std::nullopt);
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  void unset(const std::string &name) {
    const char *old = std::getenv(name.c_str());
    saved_.emplace_back(name,
                        old ? std::optional<std::string>(old) : std::nullopt);
    ::unsetenv(name.c_str());
  }
  ScopedEnv(const ScopedEnv &) = delete;
  ScopedEnv &operator=(const ScopedEnv &) = delete;

private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

/// Enumerates the fake's devices (CC from OCTET_FAKECUDA_CC at call time).
Status enumerateFake(std::vector<std::unique_ptr<Device>> &devices,
                     const std::string &library = kFakeLibrary) {
  return createCudaDriverWithLibrary(library)->enumerate(devices);
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

class FakeCudaTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(FakeCuda::get().ok()) << "cannot load " << kFakeLibrary;
    cacheDir_ =
        std::filesystem::temp_directory_path() /
        ("octet-fakecuda-test-" + std::to_string(::getpid()) + "-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(cacheDir_);
    env_.set("OCTET_CACHE_DIR", cacheDir_.string());
    for (const char *name :
         {"OCTET_FAKECUDA_CC", "OCTET_FAKECUDA_DEVICES", "OCTET_FAKECUDA_FAIL",
          "OCTET_FAKECUDA_MEMORY", "OCTET_FAKECUDA_DRIVER_VERSION"})
      env_.unset(name);
    orphansBefore_ = fake().live("orphans");
    fake().reset();
    Status status = enumerateFake(devices_);
    ASSERT_TRUE(status.isOk()) << status.message();
    ASSERT_EQ(devices_.size(), 1u);
    device_ = devices_.front().get();
  }

  void TearDown() override {
    devices_.clear();
    device_ = nullptr;
    // Everything the driver created was destroyed, and contexts pushed were
    // popped: nothing was left for the primary context's release to free.
    EXPECT_EQ(fake().live("allocations"), 0);
    EXPECT_EQ(fake().live("modules"), 0);
    EXPECT_EQ(fake().live("streams"), 0);
    EXPECT_EQ(fake().live("links"), 0);
    EXPECT_EQ(fake().live("context_refs"), 0);
    EXPECT_EQ(fake().live("context_depth"), 0);
    EXPECT_EQ(fake().live("orphans"), orphansBefore_);
    std::error_code ec;
    std::filesystem::remove_all(cacheDir_, ec);
  }

  static const FakeCuda &fake() { return FakeCuda::get(); }

  std::unique_ptr<Buffer> allocate(size_t bytes, Device *device = nullptr) {
    std::unique_ptr<Buffer> buffer;
    Status status = (device ? device : device_)->allocate(bytes, buffer);
    EXPECT_TRUE(status.isOk()) << status.message();
    return buffer;
  }

  std::unique_ptr<Executable> load(const ExecutableSpec &spec) {
    std::unique_ptr<Executable> executable;
    Status status = device_->loadExecutable(spec, executable);
    EXPECT_TRUE(status.isOk()) << status.message();
    return executable;
  }

  std::filesystem::path cacheDir_;
  ScopedEnv env_;
  long long orphansBefore_ = 0;
  std::vector<std::unique_ptr<Device>> devices_;
  Device *device_ = nullptr;
};

TEST_F(FakeCudaTest, EnumeratesTheFakeDevice) {
  const DeviceInfo &info = device_->info();
  EXPECT_EQ(info.api, "cuda");
  EXPECT_EQ(info.ordinal, 0);
  EXPECT_EQ(info.name, "Octet Fake GPU");
  EXPECT_EQ(info.kind, DeviceKind::GPU);
  EXPECT_EQ(info.memoryBytes, 16ull << 30);
  EXPECT_EQ(info.arch, "sm_90");
  EXPECT_TRUE(info.hasFp16);
  EXPECT_TRUE(info.hasBf16);
  EXPECT_TRUE(info.hasFp8);
  EXPECT_EQ(info.driverVersion, "CUDA driver 13.0 (13000); compute 9.0");
  // Enumerating touches no context.
  EXPECT_EQ(fake().live("context_refs"), 0);
}

TEST_F(FakeCudaTest, ArithmeticFlagsFollowComputeCapability) {
  struct Case {
    const char *cc;
    const char *arch;
    bool fp16, bf16, fp8;
    const char *compute;
  };
  for (const Case &c : {Case{"50", "sm_50", false, false, false, "5.0"},
                        Case{"75", "sm_75", true, false, false, "7.5"},
                        Case{"80", "sm_80", true, true, false, "8.0"},
                        Case{"86", "sm_86", true, true, false, "8.6"},
                        Case{"89", "sm_89", true, true, true, "8.9"},
                        Case{"90", "sm_90", true, true, true, "9.0"},
                        Case{"120", "sm_120", true, true, true, "12.0"}}) {
    SCOPED_TRACE(c.cc);
    ScopedEnv env("OCTET_FAKECUDA_CC", c.cc);
    std::vector<std::unique_ptr<Device>> devices;
    ASSERT_TRUE(enumerateFake(devices).isOk());
    ASSERT_EQ(devices.size(), 1u);
    const DeviceInfo &info = devices[0]->info();
    EXPECT_EQ(info.arch, c.arch);
    EXPECT_EQ(info.hasFp16, c.fp16);
    EXPECT_EQ(info.hasBf16, c.bf16);
    EXPECT_EQ(info.hasFp8, c.fp8);
    EXPECT_TRUE(
        contains(info.driverVersion, std::string("compute ") + c.compute))
        << info.driverVersion;
  }
  ScopedEnv env("OCTET_FAKECUDA_DRIVER_VERSION", "12080");
  std::vector<std::unique_ptr<Device>> devices;
  ASSERT_TRUE(enumerateFake(devices).isOk());
  EXPECT_EQ(devices[0]->info().driverVersion,
            "CUDA driver 12.8 (12080); compute 9.0");
  {
    // A version that cannot be read is said to be unknown, not "0.0".
    ScopedEnv fail("OCTET_FAKECUDA_FAIL", "cuDriverGetVersion");
    devices.clear();
    ASSERT_TRUE(enumerateFake(devices).isOk());
    EXPECT_EQ(devices[0]->info().driverVersion,
              "CUDA driver of unknown version (cuDriverGetVersion failed: "
              "CUDA_ERROR_UNKNOWN: unknown error); compute 9.0");
  }
}

TEST_F(FakeCudaTest, SeveralDevicesAndTheirBuffersStayApart) {
  ScopedEnv env("OCTET_FAKECUDA_DEVICES", "2");
  std::vector<std::unique_ptr<Device>> devices;
  ASSERT_TRUE(enumerateFake(devices).isOk());
  ASSERT_EQ(devices.size(), 2u);
  EXPECT_EQ(devices[0]->info().ordinal, 0);
  EXPECT_EQ(devices[1]->info().ordinal, 1);
  EXPECT_EQ(devices[1]->info().name, "Octet Fake GPU 1");
  auto onOne = allocate(16, devices[1].get());
  auto onZero = allocate(16, devices[0].get());
  float value = 1;
  Status status = devices[0]->upload(*onOne, 0, &value, sizeof(value));
  ASSERT_FALSE(status.isOk());
  EXPECT_TRUE(contains(status.message(),
                       "buffer belongs to another device than 'Octet Fake "
                       "GPU'"))
      << status.message();
  status = devices[0]->copy(*onZero, 0, *onOne, 0, 4);
  EXPECT_FALSE(status.isOk());

  std::string ptx = kVectorAddPtx;
  std::unique_ptr<Executable> exe;
  ASSERT_TRUE(
      devices[1]->loadExecutable(ptxSpec(ptx, "sm_80", {"vadd"}), exe).isOk());
  status =
      devices[0]->dispatch(*exe, 0, {1, 1, 1}, {1, 1, 1},
                           {{onZero.get()}, {onZero.get()}, {onZero.get()}});
  ASSERT_FALSE(status.isOk());
  EXPECT_TRUE(contains(status.message(), "loaded on another device"))
      << status.message();
}

TEST_F(FakeCudaTest, CanRunFollowsArchitectureRules) {
  std::string ptx = kVectorAddPtx;
  auto canRun = [](Device &device, const std::string &arch, std::string &why) {
    std::string code = kVectorAddPtx;
    why.clear();
    return device.canRun(ptxSpec(code, arch, {"vadd"}), why);
  };
  std::string why;
  // On sm_90: plain PTX runs forward, "a" only on sm_90, "f" on family 9.
  for (const char *arch : {"", "sm_50", "sm_80", "sm_89", "sm_90", "sm_90a",
                           "sm_90f", "compute_80"})
    EXPECT_TRUE(canRun(*device_, arch, why)) << arch << ": " << why;
  for (const char *arch : {"sm_100", "sm_80a", "sm_100a", "sm_100f"}) {
    EXPECT_FALSE(canRun(*device_, arch, why)) << arch;
    EXPECT_EQ(why, std::string("executable targets ") + arch +
                       ", device 'Octet Fake GPU' is sm_90");
  }
  EXPECT_FALSE(canRun(*device_, "sm_9x", why));
  EXPECT_EQ(why, "unrecognized CUDA architecture 'sm_9x' (expected e.g. "
                 "sm_80)");
  EXPECT_FALSE(canRun(*device_, "gfx90a", why));
  ExecutableSpec opencl = ptxSpec(ptx, "", {"vadd"});
  opencl.format = "opencl-c";
  EXPECT_FALSE(device_->canRun(opencl, why));
  EXPECT_EQ(why, "the cuda driver runs format 'ptx', not 'opencl-c'");

  ScopedEnv env("OCTET_FAKECUDA_CC", "80");
  std::vector<std::unique_ptr<Device>> devices;
  ASSERT_TRUE(enumerateFake(devices).isOk());
  Device &sm80 = *devices[0];
  EXPECT_TRUE(canRun(sm80, "sm_80", why)) << why;
  EXPECT_TRUE(canRun(sm80, "sm_80a", why)) << why;
  EXPECT_FALSE(canRun(sm80, "sm_90", why));
  EXPECT_EQ(why, "executable targets sm_90, device 'Octet Fake GPU' is sm_80");
  EXPECT_FALSE(canRun(sm80, "sm_90a", why));
  EXPECT_FALSE(canRun(sm80, "sm_86f", why));

  // Loading checks the same, before touching the device.
  std::unique_ptr<Executable> exe;
  Status status = sm80.loadExecutable(ptxSpec(ptx, "sm_90", {"vadd"}), exe);
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(),
            "cuda: cannot load executable on 'Octet Fake GPU': executable "
            "targets sm_90, device 'Octet Fake GPU' is sm_80");
  EXPECT_EQ(fake().calls("cuLinkCreate_v2"), 0);

  ScopedEnv env86("OCTET_FAKECUDA_CC", "86");
  devices.clear();
  ASSERT_TRUE(enumerateFake(devices).isOk());
  EXPECT_TRUE(canRun(*devices[0], "sm_80f", why)) << why;
  EXPECT_FALSE(canRun(*devices[0], "sm_80a", why));
}

TEST_F(FakeCudaTest, BufferRoundTripsWithOffsets) {
  std::vector<uint8_t> bytes(1000);
  std::iota(bytes.begin(), bytes.end(), 0);
  auto a = allocate(bytes.size());
  auto b = allocate(bytes.size());
  ASSERT_EQ(a->sizeBytes(), 1000u);
  ASSERT_TRUE(device_->upload(*a, 0, bytes.data(), bytes.size()).isOk());
  std::vector<uint8_t> back(1000, 0);
  ASSERT_TRUE(device_->download(*a, 0, back.data(), back.size()).isOk());
  EXPECT_EQ(back, bytes);

  // Upload into the middle; the rest is unchanged.
  std::vector<uint8_t> patch(7, 0xAB);
  ASSERT_TRUE(device_->upload(*a, 500, patch.data(), patch.size()).isOk());
  ASSERT_TRUE(device_->download(*a, 498, back.data(), 11).isOk());
  EXPECT_EQ(back[0], bytes[498]);
  EXPECT_EQ(back[1], bytes[499]);
  for (int i = 2; i < 9; ++i)
    EXPECT_EQ(back[i], 0xAB) << i;
  EXPECT_EQ(back[9], bytes[507]);
  EXPECT_EQ(back[10], bytes[508]);

  // Device-to-device copies are queued on the stream; a later download
  // still sees them (in-order stream).
  ASSERT_TRUE(device_->copy(*a, 10, *b, 20, 100).isOk());
  ASSERT_TRUE(device_->copy(*b, 20, *b, 900, 100).isOk()); // same buffer
  ASSERT_TRUE(device_->download(*b, 900, back.data(), 100).isOk());
  for (size_t i = 0; i < 100; ++i)
    ASSERT_EQ(back[i], bytes[10 + i]) << i;
  // Up to the last byte.
  ASSERT_TRUE(device_->copy(*a, 999, *b, 999, 1).isOk());
  ASSERT_TRUE(device_->download(*b, 999, back.data(), 1).isOk());
  EXPECT_EQ(back[0], bytes[999]);
  ASSERT_TRUE(device_->synchronize().isOk());
}

TEST_F(FakeCudaTest, ZeroSizeBuffersAndRanges) {
  auto empty = allocate(0);
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(empty->sizeBytes(), 0u);
  // cuMemAlloc rejects 0 bytes: the driver asked for at least one.
  EXPECT_EQ(fake().calls("cuMemAlloc_v2"), 1);
  long long copiesBefore = fake().calls("cuMemcpyHtoDAsync_v2") +
                           fake().calls("cuMemcpyDtoHAsync_v2") +
                           fake().calls("cuMemcpyDtoDAsync_v2");
  auto other = allocate(8);
  EXPECT_TRUE(device_->upload(*empty, 0, nullptr, 0).isOk());
  EXPECT_TRUE(device_->download(*empty, 0, nullptr, 0).isOk());
  EXPECT_TRUE(device_->copy(*empty, 0, *other, 8, 0).isOk());
  EXPECT_TRUE(device_->copy(*other, 8, *empty, 0, 0).isOk());
  EXPECT_EQ(fake().calls("cuMemcpyHtoDAsync_v2") +
                fake().calls("cuMemcpyDtoHAsync_v2") +
                fake().calls("cuMemcpyDtoDAsync_v2"),
            copiesBefore);

  uint8_t byte = 1;
  Status status = device_->upload(*empty, 0, &byte, 1);
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(), "cuda: upload of 1 bytes at offset 0 is out of "
                              "range of a 0-byte buffer on 'Octet Fake GPU'");
  std::vector<uint8_t> eight(8);
  status = device_->download(*other, 4, eight.data(), 5);
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(), "cuda: download of 5 bytes at offset 4 is out of "
                              "range of a 8-byte buffer on 'Octet Fake GPU'");
  status = device_->copy(*other, 0, *other, 9, 0);
  ASSERT_FALSE(status.isOk());
  EXPECT_TRUE(contains(status.message(), "copy destination"))
      << status.message();
  status = device_->copy(*other, ~0ull, *other, 0, 2);
  ASSERT_FALSE(status.isOk());
  EXPECT_TRUE(contains(status.message(), "copy source")) << status.message();
  status = device_->copy(*other, 0, *other, 2, 4);
  ASSERT_FALSE(status.isOk());
  EXPECT_TRUE(contains(status.message(), "overlapping")) << status.message();
  // Same range onto itself: nothing to do.
  EXPECT_TRUE(device_->copy(*other, 2, *other, 2, 4).isOk());
}

TEST_F(FakeCudaTest, FirstLoadJitsAndCachesSecondLoadsTheCubin) {
  std::string ptx = kVectorAddPtx;
  ExecutableSpec spec = ptxSpec(ptx, "sm_80", {"vadd"});
  auto first = load(spec);
  ASSERT_NE(first, nullptr);
  const LoadReport *report = getLoadReport(*first);
  ASSERT_NE(report, nullptr);
  EXPECT_FALSE(report->fromCache);
  EXPECT_TRUE(report->cacheNote.empty()) << report->cacheNote;
  EXPECT_EQ(fake().calls("cuLinkCreate_v2"), 1);
  EXPECT_EQ(fake().calls("cuLinkAddData_v2"), 1);
  EXPECT_EQ(fake().calls("cuLinkComplete"), 1);
  EXPECT_EQ(fake().calls("cuLinkDestroy"), 1);
  EXPECT_EQ(fake().calls("cuModuleLoadData"), 1);
  EXPECT_EQ(fake().calls("cuModuleGetFunction"), 1);
  ASSERT_FALSE(report->cachePath.empty());
  EXPECT_EQ(std::filesystem::path(report->cachePath).parent_path(), cacheDir_);
  EXPECT_TRUE(std::filesystem::exists(report->cachePath)) << report->cachePath;

  auto second = load(spec);
  ASSERT_NE(second, nullptr);
  EXPECT_TRUE(getLoadReport(*second)->fromCache)
      << getLoadReport(*second)->cacheNote;
  EXPECT_EQ(getLoadReport(*second)->cachePath, report->cachePath);
  EXPECT_EQ(fake().calls("cuLinkCreate_v2"), 1); // no JIT
  EXPECT_EQ(fake().calls("cuModuleLoadData"), 2);
  EXPECT_EQ(fake().live("modules"), 2);

  // Both run.
  auto c = allocate(4);
  ASSERT_TRUE(device_
                  ->dispatch(*second, 0, {1, 1, 1}, {1, 1, 1},
                             {{c.get()}, {c.get()}, {c.get()}})
                  .isOk());
  EXPECT_EQ(fake().launchCount(), 1);
}

TEST_F(FakeCudaTest, CacheKeyCoversTheDeviceArchitecture) {
  std::string ptx = kVectorAddPtx;
  ExecutableSpec spec = ptxSpec(ptx, "sm_80", {"vadd"});
  auto sm90 = load(spec);
  ASSERT_NE(sm90, nullptr);
  ScopedEnv env("OCTET_FAKECUDA_CC", "86");
  std::vector<std::unique_ptr<Device>> devices;
  ASSERT_TRUE(enumerateFake(devices).isOk());
  std::unique_ptr<Executable> sm86;
  ASSERT_TRUE(devices[0]->loadExecutable(spec, sm86).isOk());
  // An sm_90 cubin would not load on sm_86: it was JIT-compiled again.
  EXPECT_FALSE(getLoadReport(*sm86)->fromCache);
  EXPECT_NE(getLoadReport(*sm86)->cachePath, getLoadReport(*sm90)->cachePath);
  EXPECT_EQ(fake().calls("cuLinkCreate_v2"), 2);
}

TEST_F(FakeCudaTest, DisabledCacheAlwaysJits) {
  ScopedEnv env("OCTET_CACHE_DIR", "");
  std::string ptx = kVectorAddPtx;
  ExecutableSpec spec = ptxSpec(ptx, "sm_80", {"vadd"});
  for (int i = 0; i < 2; ++i) {
    auto exe = load(spec);
    ASSERT_NE(exe, nullptr);
    EXPECT_FALSE(getLoadReport(*exe)->fromCache);
    EXPECT_TRUE(getLoadReport(*exe)->cachePath.empty());
  }
  EXPECT_EQ(fake().calls("cuLinkCreate_v2"), 2);
}

TEST_F(FakeCudaTest, UnloadableCacheEntryIsRebuiltAndReplaced) {
  std::string ptx = kVectorAddPtx;
  ExecutableSpec spec = ptxSpec(ptx, "sm_80", {"vadd"});
  std::string path;
  {
    auto exe = load(spec);
    ASSERT_NE(exe, nullptr);
    path = getLoadReport(*exe)->cachePath;
  }
  // A well-formed cache entry whose contents are no cubin.
  KernelCache cache(cacheDir_.string());
  std::string key = std::filesystem::path(path).stem().string();
  ASSERT_EQ(cache.pathFor(key), path);
  ASSERT_TRUE(cache.store(
      key, {'n', 'o', 't', ' ', 'a', ' ', 'c', 'u', 'b', 'i', 'n', 0, 0,
            0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0, 0,
            0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0}));
  auto rebuilt = load(spec);
  ASSERT_NE(rebuilt, nullptr);
  const LoadReport *report = getLoadReport(*rebuilt);
  EXPECT_FALSE(report->fromCache);
  EXPECT_TRUE(contains(report->cacheNote, "failed to load"))
      << report->cacheNote;
  EXPECT_TRUE(contains(report->cacheNote,
                       "cuModuleLoadData failed (CUDA_ERROR_INVALID_IMAGE"))
      << report->cacheNote;
  EXPECT_EQ(fake().calls("cuLinkCreate_v2"), 2);
  auto again = load(spec);
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(getLoadReport(*again)->fromCache);
}

TEST_F(FakeCudaTest, MissingEntryPointIsNamed) {
  std::string ptx = kVectorAddPtx;
  std::unique_ptr<Executable> exe;
  Status status = device_->loadExecutable(
      ptxSpec(ptx, "sm_80", {"vadd", "no_such_kernel"}), exe);
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(),
            "cuda: entry point 'no_such_kernel' is not a kernel of the module "
            "(loading on 'Octet Fake GPU')");
  EXPECT_EQ(exe, nullptr);
  EXPECT_EQ(fake().live("modules"), 0); // the module was unloaded
}

TEST_F(FakeCudaTest, BadPtxCarriesTheJitLog) {
  std::string ptx = std::string(kVectorAddPtx) + "\nthis is not ptx;\n";
  std::unique_ptr<Executable> exe;
  Status status = device_->loadExecutable(ptxSpec(ptx, "sm_80", {"vadd"}), exe);
  ASSERT_FALSE(status.isOk());
  EXPECT_TRUE(contains(status.message(),
                       "cuda: cuLinkAddData failed (CUDA_ERROR_INVALID_PTX: a "
                       "PTX JIT compilation failed) on 'Octet Fake GPU': "
                       "ptxas octet.ptx, line "))
      << status.message();
  EXPECT_TRUE(contains(status.message(), "syntax error at 'this is not ptx;'"))
      << status.message();
  EXPECT_EQ(fake().live("links"), 0);

  // PTX for a newer GPU than the device fails in the JIT when the spec does
  // not say its architecture.
  ScopedEnv env("OCTET_FAKECUDA_CC", "75");
  std::vector<std::unique_ptr<Device>> devices;
  ASSERT_TRUE(enumerateFake(devices).isOk());
  std::string good = kVectorAddPtx;
  status = devices[0]->loadExecutable(ptxSpec(good, "", {"vadd"}), exe);
  ASSERT_FALSE(status.isOk());
  EXPECT_TRUE(contains(status.message(), "SM version specified by .target"))
      << status.message();
}

TEST_F(FakeCudaTest, EmptyCodeIsRejected) {
  ExecutableSpec spec;
  spec.format = "ptx";
  spec.entryPoints = {"vadd"};
  std::unique_ptr<Executable> exe;
  Status status = device_->loadExecutable(spec, exe);
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(),
            "cuda: executable has no code (loading on 'Octet Fake GPU')");
}

TEST_F(FakeCudaTest, DispatchPassesPointersInBindingOrder) {
  std::string ptx = kVectorAddPtx;
  auto exe = load(ptxSpec(ptx, "sm_80", {"vadd"}));
  ASSERT_NE(exe, nullptr);
  auto a = allocate(4096);
  unsigned long long baseA = fake().lastAllocation();
  auto b = allocate(4096);
  unsigned long long baseB = fake().lastAllocation();
  auto c = allocate(4096);
  unsigned long long baseC = fake().lastAllocation();
  ASSERT_NE(baseA, 0u);
  // Bindings in a different order than allocation, with offsets. (The
  // fake's vadd then adds grid.x * block.x = 1 element.)
  Status status =
      device_->dispatch(*exe, 0, {1, 2, 3}, {1, 4, 2},
                        {{c.get(), 16}, {a.get(), 0}, {b.get(), 4092}});
  ASSERT_TRUE(status.isOk()) << status.message();
  ASSERT_EQ(fake().launchCount(), 1);
  FakeCudaLaunch launch;
  ASSERT_EQ(fake().lastLaunch(&launch), 0);
  EXPECT_STREQ(launch.name, "vadd");
  EXPECT_EQ(launch.grid[0], 1u);
  EXPECT_EQ(launch.grid[1], 2u);
  EXPECT_EQ(launch.grid[2], 3u);
  EXPECT_EQ(launch.block[0], 1u);
  EXPECT_EQ(launch.block[1], 4u);
  EXPECT_EQ(launch.block[2], 2u);
  EXPECT_EQ(launch.sharedMemBytes, 0u);
  EXPECT_NE(launch.stream, 0u); // the device's own stream
  ASSERT_EQ(launch.paramCount, 3);
  EXPECT_EQ(launch.params[0], baseC + 16);
  EXPECT_EQ(launch.params[1], baseA);
  EXPECT_EQ(launch.params[2], baseB + 4092);

  // An empty grid launches nothing; an offset at the very end is allowed.
  ASSERT_TRUE(device_
                  ->dispatch(*exe, 0, {0, 1, 1}, {32, 1, 1},
                             {{a.get()}, {b.get(), 4096}, {c.get()}})
                  .isOk());
  ASSERT_TRUE(device_
                  ->dispatch(*exe, 0, {1, 1, 1}, {32, 1, 0},
                             {{a.get()}, {b.get()}, {c.get()}})
                  .isOk());
  EXPECT_EQ(fake().launchCount(), 1);

  status = device_->dispatch(*exe, 1, {1, 1, 1}, {1, 1, 1}, {});
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(), "cuda: dispatch: entry point #1 out of range (1 "
                              "entry points) on 'Octet Fake GPU'");
  status = device_->dispatch(*exe, 0, {1, 1, 1}, {1, 1, 1},
                             {{a.get()}, {b.get(), 4097}, {c.get()}});
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(),
            "cuda: dispatch of 'vadd', binding #1: offset 4097 is past the end "
            "of a 4096-byte buffer on 'Octet Fake GPU'");
  status = device_->dispatch(*exe, 0, {1, 1, 1}, {1, 1, 1},
                             {{a.get()}, {nullptr}, {c.get()}});
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(), "cuda: dispatch of 'vadd', binding #1 has no "
                              "buffer");
  // The real launch bounds: 2048 threads per block fail in the driver API.
  status = device_->dispatch(*exe, 0, {1, 1, 1}, {2048, 1, 1},
                             {{a.get()}, {b.get()}, {c.get()}});
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(),
            "cuda: cuLaunchKernel failed (CUDA_ERROR_INVALID_VALUE: invalid "
            "argument) on 'Octet Fake GPU': kernel 'vadd', grid 1x1x1, block "
            "2048x1x1");
  EXPECT_TRUE(device_->synchronize().isOk());
}

TEST_F(FakeCudaTest, VectorAddDataFlowsEndToEnd) {
  std::string ptx = kVectorAddPtx;
  auto exe = load(ptxSpec(ptx, "sm_80", {"vadd"}));
  ASSERT_NE(exe, nullptr);
  for (uint64_t offsetElements : {0u, 3u}) {
    SCOPED_TRACE(offsetElements);
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
        *exe, 0, {n / 128, 1, 1}, {128, 1, 1},
        {{bufA.get(), offsetElements * 4}, {bufB.get()}, {bufC.get()}});
    ASSERT_TRUE(status.isOk()) << status.message();
    // No synchronize: the download is ordered after the kernel.
    std::vector<float> c(n);
    ASSERT_TRUE(device_->download(*bufC, 0, c.data(), n * 4).isOk());
    for (size_t i = 0; i < n; ++i)
      ASSERT_FLOAT_EQ(c[i], a[i + offsetElements] + b[i]) << "at " << i;
  }
}

TEST_F(FakeCudaTest, KernelOutOfBoundsSurfacesAtSynchronize) {
  std::string ptx = kVectorAddPtx;
  auto exe = load(ptxSpec(ptx, "sm_80", {"vadd"}));
  ASSERT_NE(exe, nullptr);
  auto small = allocate(64);
  // 128 elements of 4 bytes do not fit in 64 bytes.
  ASSERT_TRUE(device_
                  ->dispatch(*exe, 0, {1, 1, 1}, {128, 1, 1},
                             {{small.get()}, {small.get()}, {small.get()}})
                  .isOk());
  Status status = device_->synchronize();
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(),
            "cuda: cuStreamSynchronize failed (CUDA_ERROR_ILLEGAL_ADDRESS: an "
            "illegal memory access was encountered) on 'Octet Fake GPU'");
}

TEST_F(FakeCudaTest, ObjectsOutliveTheirDevice) {
  std::string ptx = kVectorAddPtx;
  auto exe = load(ptxSpec(ptx, "sm_80", {"vadd"}));
  auto buffer = allocate(32);
  ASSERT_NE(exe, nullptr);
  devices_.clear();
  device_ = nullptr;
  // The context lives on while the buffer and executable do.
  EXPECT_EQ(fake().live("context_refs"), 1);
  EXPECT_EQ(fake().live("streams"), 1);
  exe.reset();
  buffer.reset();
  EXPECT_EQ(fake().live("context_refs"), 0);
  EXPECT_EQ(fake().live("streams"), 0);
}

/// Runs `body` with OCTET_FAKECUDA_FAIL=`failure` and returns the message of
/// the Status it returns (empty when it succeeded).
template <typename Body>
std::string failingWith(const std::string &failure, Body body) {
  ScopedEnv env("OCTET_FAKECUDA_FAIL", failure);
  Status status = body();
  return status.isOk() ? std::string() : status.message();
}

TEST_F(FakeCudaTest, TimedDispatchIsBracketedByEventsOnTheStream) {
  std::string ptx = kVectorAddPtx;
  auto exe = load(ptxSpec(ptx, "sm_80", {"vadd"}));
  ASSERT_NE(exe, nullptr);
  constexpr size_t n = 256;
  std::vector<float> a(n, 1.5f), b(n, 2.0f), c(n);
  auto bufA = allocate(n * 4), bufB = allocate(n * 4), bufC = allocate(n * 4);
  for (int round = 0; round < 3; ++round) {
    a[0] = static_cast<float>(round);
    // Enqueued before the timed kernel, which must see it.
    ASSERT_TRUE(device_->enqueueUpload(*bufA, 0, a.data(), n * 4).isOk());
    ASSERT_TRUE(device_->enqueueUpload(*bufB, 0, b.data(), n * 4).isOk());
    double deviceMs = -2;
    Status status = device_->dispatchTimed(
        *exe, 0, {n / 128, 1, 1}, {128, 1, 1},
        {{bufA.get()}, {bufB.get()}, {bufC.get()}}, deviceMs);
    ASSERT_TRUE(status.isOk()) << status.message();
    EXPECT_GE(deviceMs, 0.0);
    ASSERT_TRUE(device_->download(*bufC, 0, c.data(), n * 4).isOk());
    EXPECT_EQ(c[0], static_cast<float>(round) + 2.0f);
    EXPECT_EQ(c[n - 1], 3.5f);
  }
  EXPECT_EQ(fake().live("events"), 2); // created once, reused
  EXPECT_EQ(failingWith("cuEventElapsedTime",
                        [&] {
                          double ms = 0;
                          return device_->dispatchTimed(
                              *exe, 0, {1, 1, 1}, {128, 1, 1},
                              {{bufA.get()}, {bufB.get()}, {bufC.get()}}, ms);
                        }),
            "cuda: cuEventElapsedTime failed (CUDA_ERROR_INVALID_HANDLE: "
            "invalid resource handle) on 'Octet Fake GPU'");
  // A kernel that fails is reported by the wait for its end event.
  auto small = allocate(64);
  double ms = 0;
  Status status =
      device_->dispatchTimed(*exe, 0, {1, 1, 1}, {128, 1, 1},
                             {{small.get()}, {small.get()}, {small.get()}}, ms);
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(status.message(),
            "cuda: cuEventSynchronize failed (CUDA_ERROR_ILLEGAL_ADDRESS: an "
            "illegal memory access was encountered) on 'Octet Fake GPU'");
}

TEST_F(FakeCudaTest, FailedCallsAreNamedInMessages) {
  std::string ptx = kVectorAddPtx;
  ExecutableSpec spec = ptxSpec(ptx, "sm_80", {"vadd"});
  std::unique_ptr<Buffer> buffer;

  // Before any context exists: retaining it fails; later calls retry.
  EXPECT_EQ(failingWith("cuDevicePrimaryCtxRetain",
                        [&] { return device_->allocate(16, buffer); }),
            "cuda: cuDevicePrimaryCtxRetain failed (CUDA_ERROR_OUT_OF_MEMORY: "
            "out of memory) on 'Octet Fake GPU'");
  EXPECT_EQ(failingWith("cuStreamCreate",
                        [&] { return device_->allocate(16, buffer); }),
            "cuda: cuStreamCreate failed (CUDA_ERROR_OUT_OF_MEMORY: out of "
            "memory) on 'Octet Fake GPU'");
  EXPECT_EQ(fake().live("context_refs"), 0); // released again
  EXPECT_EQ(failingWith("cuMemAlloc_v2",
                        [&] { return device_->allocate(64, buffer); }),
            "cuda: cuMemAlloc failed (CUDA_ERROR_OUT_OF_MEMORY: out of memory) "
            "on 'Octet Fake GPU': 64 bytes");
  EXPECT_EQ(buffer, nullptr);
  // Without injection: more than the device has.
  Status status = device_->allocate(17ull << 30, buffer);
  EXPECT_EQ(status.message(),
            "cuda: cuMemAlloc failed (CUDA_ERROR_OUT_OF_MEMORY: out of memory) "
            "on 'Octet Fake GPU': 18253611008 bytes");
  buffer = allocate(64);
  ASSERT_NE(buffer, nullptr);
  float data[16] = {0};
  EXPECT_EQ(failingWith("cuCtxPushCurrent_v2",
                        [&] { return device_->upload(*buffer, 0, data, 64); }),
            "cuda: cuCtxPushCurrent failed (CUDA_ERROR_INVALID_CONTEXT: "
            "invalid device context) on 'Octet Fake GPU'");
  EXPECT_EQ(failingWith("cuMemcpyHtoDAsync_v2=1",
                        [&] { return device_->upload(*buffer, 0, data, 64); }),
            "cuda: cuMemcpyHtoDAsync failed (CUDA_ERROR_INVALID_VALUE: invalid "
            "argument) on 'Octet Fake GPU'");
  EXPECT_EQ(
      failingWith("cuStreamSynchronize",
                  [&] { return device_->download(*buffer, 0, data, 64); }),
      "cuda: cuStreamSynchronize failed (CUDA_ERROR_LAUNCH_FAILED: unspecified "
      "launch failure) on 'Octet Fake GPU': after download");
  EXPECT_EQ(
      failingWith("cuMemcpyDtoDAsync_v2",
                  [&] { return device_->copy(*buffer, 0, *buffer, 32, 16); }),
      "cuda: cuMemcpyDtoDAsync failed (CUDA_ERROR_INVALID_VALUE: invalid "
      "argument) on 'Octet Fake GPU'");

  std::unique_ptr<Executable> exe;
  EXPECT_EQ(failingWith("cuLinkCreate_v2",
                        [&] { return device_->loadExecutable(spec, exe); }),
            "cuda: cuLinkCreate failed (CUDA_ERROR_OUT_OF_MEMORY: out of "
            "memory) on 'Octet Fake GPU'");
  EXPECT_EQ(failingWith("cuLinkAddData_v2",
                        [&] { return device_->loadExecutable(spec, exe); }),
            "cuda: cuLinkAddData failed (CUDA_ERROR_INVALID_PTX: a PTX JIT "
            "compilation failed) on 'Octet Fake GPU': ptxas fatal   : injected "
            "failure (OCTET_FAKECUDA_FAIL)");
  EXPECT_EQ(failingWith("cuLinkComplete",
                        [&] { return device_->loadExecutable(spec, exe); }),
            "cuda: cuLinkComplete failed (CUDA_ERROR_INVALID_PTX: a PTX JIT "
            "compilation failed) on 'Octet Fake GPU': nvlink error   : "
            "injected failure (OCTET_FAKECUDA_FAIL)");
  EXPECT_EQ(failingWith("cuModuleLoadData",
                        [&] { return device_->loadExecutable(spec, exe); }),
            "cuda: cuModuleLoadData failed (CUDA_ERROR_INVALID_IMAGE: device "
            "kernel image is invalid) on 'Octet Fake GPU': cubin");
  EXPECT_EQ(failingWith("cuModuleGetFunction=400",
                        [&] { return device_->loadExecutable(spec, exe); }),
            "cuda: cuModuleGetFunction failed (CUDA_ERROR_INVALID_HANDLE: "
            "invalid resource handle) on 'Octet Fake GPU': kernel 'vadd'");
  EXPECT_EQ(exe, nullptr);
  EXPECT_EQ(fake().live("links"), 0);
  EXPECT_EQ(fake().live("modules"), 0);

  ASSERT_TRUE(device_->loadExecutable(spec, exe).isOk());
  EXPECT_EQ(
      failingWith("cuLaunchKernel",
                  [&] {
                    return device_->dispatch(
                        *exe, 0, {2, 1, 1}, {128, 1, 1},
                        {{buffer.get()}, {buffer.get()}, {buffer.get()}});
                  }),
      "cuda: cuLaunchKernel failed (CUDA_ERROR_LAUNCH_FAILED: unspecified "
      "launch failure) on 'Octet Fake GPU': kernel 'vadd', grid 2x1x1, "
      "block 128x1x1");
  // An error code the library cannot name.
  EXPECT_EQ(failingWith("cuStreamSynchronize=12345",
                        [&] { return device_->synchronize(); }),
            "cuda: cuStreamSynchronize failed (CUDA error 12345) on 'Octet "
            "Fake GPU'");
  EXPECT_EQ(fake().live("context_depth"), 0);
}

TEST_F(FakeCudaTest, EnumerationFailuresAreExplained) {
  std::vector<std::unique_ptr<Device>> devices;
  EXPECT_EQ(
      failingWith("cuDeviceGetCount", [&] { return enumerateFake(devices); }),
      "cuda: cuDeviceGetCount failed (CUDA_ERROR_UNKNOWN: unknown "
      "error)");
  EXPECT_EQ(failingWith("cuDeviceGetAttribute",
                        [&] { return enumerateFake(devices); }),
            "cuda: no usable CUDA device; querying device 0 failed "
            "(CUDA_ERROR_INVALID_VALUE: invalid argument)");
  {
    ScopedEnv env("OCTET_FAKECUDA_DEVICES", "0");
    EXPECT_EQ(enumerateFake(devices).message(), "cuda: no CUDA-capable device");
  }
  EXPECT_TRUE(devices.empty());

  // cuInit runs once per library path; the same file under other paths is
  // initialized anew (dlopen returns the same handle).
  std::filesystem::path library = kFakeLibrary;
  std::string dir = library.parent_path().string();
  std::string file = library.filename().string();
  EXPECT_EQ(
      failingWith("cuInit=100",
                  [&] { return enumerateFake(devices, dir + "/./" + file); }),
      "cuda: no CUDA-capable device (cuInit: CUDA_ERROR_NO_DEVICE)");
  EXPECT_TRUE(contains(
      failingWith("cuInit=34",
                  [&] { return enumerateFake(devices, dir + "/././" + file); }),
      "is the CUDA toolkit's stub library"));
  EXPECT_EQ(failingWith(
                "cuInit=999",
                [&] { return enumerateFake(devices, dir + "/./././" + file); }),
            "cuda: cuInit failed (CUDA_ERROR_UNKNOWN: unknown error)");
  // The failure is remembered for that path.
  EXPECT_EQ(enumerateFake(devices, dir + "/./././" + file).message(),
            "cuda: cuInit failed (CUDA_ERROR_UNKNOWN: unknown error)");
  EXPECT_TRUE(devices.empty());
}

//===----------------------------------------------------------------------===//
// octet-run over the fake (OCTET_CUDA_LIBRARY).
//===----------------------------------------------------------------------===//

/// Runs `command` through the shell; returns its exit status and, in
/// `output`, stdout and stderr together.
int runShell(const std::string &command, std::string &output) {
  output.clear();
  FILE *pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe)
    return -1;
  char chunk[4096];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof(chunk), pipe)) > 0)
    output.append(chunk, n);
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string quote(const std::string &text) {
  std::string out = "'";
  for (char c : text)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class FakeCudaOctetRunTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("octet-fakecuda-run-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    environment_ = "env -u OCTET_FAKECUDA_FAIL -u OCTET_FAKECUDA_CC "
                   "OCTET_CUDA_LIBRARY=" +
                   quote(kFakeLibrary) +
                   " OCTET_CACHE_DIR=" + quote((dir_ / "cache").string()) + " ";
  }
  /// The shell command running octet-run over the fake with `arguments`
  /// and the extra environment `extra` ("VAR=value ...").
  std::string octetRun(const std::string &arguments,
                       const std::string &extra = "") {
    return environment_ + extra + " " + quote(OCTET_RUN_TOOL) + " " + arguments;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
  std::string environment_;
};

TEST_F(FakeCudaOctetRunTest, ListsTheFakeDevice) {
  std::string output;
  ASSERT_EQ(runShell(octetRun("--list-devices"), output), 0) << output;
  std::istringstream lines(output);
  std::string line;
  bool found = false;
  while (std::getline(lines, line))
    if (line.rfind("cuda:0", 0) == 0) {
      found = true;
      EXPECT_TRUE(contains(line, "Octet Fake GPU")) << line;
      EXPECT_TRUE(contains(line, "16.0 GiB")) << line;
      EXPECT_TRUE(contains(line, "sm_90")) << line;
    }
  EXPECT_TRUE(found) << output;
  EXPECT_FALSE(contains(output, "driver cuda found no devices")) << output;

  ASSERT_EQ(
      runShell(octetRun("--list-devices", "OCTET_FAKECUDA_FAIL=cuInit=100"),
               output),
      0)
      << output;
  EXPECT_TRUE(contains(output, "driver cuda found no devices: no "
                               "CUDA-capable device (cuInit: "
                               "CUDA_ERROR_NO_DEVICE)"))
      << output;
}

TEST_F(FakeCudaOctetRunTest, RunsAVectorAddArtifact) {
  // c = vadd(a, b) over 256 floats: one dispatch of the PTX kernel.
  constexpr size_t n = 256;
  test::ArtifactDesc d;
  d.inputs = {{"a", test::DType::F32, {int64_t(n)}},
              {"b", test::DType::F32, {int64_t(n)}}};
  d.outputs = {{"c", test::DType::F32, {int64_t(n)}}};
  d.buffers = {{test::BufferKind::Input, 0, n * 4},
               {test::BufferKind::Input, 1, n * 4},
               {test::BufferKind::Output, 0, n * 4}};
  d.kernelNames = {"vadd"};
  test::StepDesc step;
  step.kernel = 0;
  step.bindings = {{0, 0}, {1, 0}, {2, 0}};
  d.steps = {step};
  test::ExecDesc exe;
  exe.target = "cuda";
  exe.format = "ptx";
  exe.arch = "sm_80";
  exe.code = kVectorAddPtx;
  exe.entries = {{"vadd", {2, 1, 1}, {128, 1, 1}}};
  d.executables = {exe};
  std::vector<uint8_t> file = test::buildFile(d);
  std::string model = (dir_ / "vadd.octet").string();
  {
    std::ofstream out(model, std::ios::binary);
    out.write(reinterpret_cast<const char *>(file.data()),
              static_cast<std::streamsize>(file.size()));
  }
  std::vector<float> a(n), b(n);
  std::iota(a.begin(), a.end(), 1.0f);
  std::iota(b.begin(), b.end(), 1000.0f);
  std::string aPath = (dir_ / "a.npy").string();
  std::string bPath = (dir_ / "b.npy").string();
  ASSERT_TRUE(
      npy::writeFile(aPath, test::DType::F32, {int64_t(n)}, a.data(), n * 4)
          .isOk());
  ASSERT_TRUE(
      npy::writeFile(bPath, test::DType::F32, {int64_t(n)}, b.data(), n * 4)
          .isOk());
  std::string outDir = (dir_ / "out").string();
  std::string arguments = quote(model) + " --device cuda -i a=" + quote(aPath) +
                          " -i b=" + quote(bPath) + " -o " + quote(outDir);
  std::string command = octetRun(arguments, "OCTET_VERBOSE=1");
  std::string output;
  ASSERT_EQ(runShell(command, output), 0) << output;
  EXPECT_TRUE(contains(output, "running on cuda:0 (Octet Fake GPU), "
                               "executable ptx"))
      << output;
  EXPECT_TRUE(contains(output, "octet: cuda: built kernels for 'Octet Fake "
                               "GPU' (sm_90)"))
      << output;
  npy::Array c;
  ASSERT_TRUE(npy::readFile(outDir + "/c.npy", c).isOk());
  ASSERT_EQ(c.data.size(), n * 4);
  std::vector<float> values = test::bytesToFloats(c.data.data(), c.data.size());
  for (size_t i = 0; i < n; ++i)
    ASSERT_FLOAT_EQ(values[i], a[i] + b[i]) << "at " << i;

  // Second run: the cubin comes from the kernel cache.
  ASSERT_EQ(runShell(command, output), 0) << output;
  EXPECT_TRUE(contains(output, "octet: cuda: kernels loaded from cache"))
      << output;

  // A profile reads each kernel's time from CUDA events (a number in the
  // DEVICE ms column, not "-").
  ASSERT_EQ(
      runShell(octetRun(arguments + " --profile 3 --warmup-ms 0", ""), output),
      0)
      << output;
  EXPECT_TRUE(contains(output, "device: ")) << output;
  EXPECT_FALSE(contains(output, "no timer on this device")) << output;
  EXPECT_TRUE(std::regex_search(
      output, std::regex("\\n0 +vadd +[0-9]+\\.[0-9]+ +[0-9]+\\.[0-9]+ ")))
      << output;

  // A failing CUDA call is one error line naming it.
  ASSERT_NE(runShell(octetRun(arguments, "OCTET_FAKECUDA_FAIL=cuLaunchKernel"),
                     output),
            0);
  EXPECT_TRUE(contains(output, "octet-run: error: "));
  EXPECT_TRUE(contains(output, "cuLaunchKernel failed "
                               "(CUDA_ERROR_LAUNCH_FAILED: unspecified launch "
                               "failure) on 'Octet Fake GPU'"))
      << output;
}

} // namespace
} // namespace octet::hal
