//===- opencl_driver_test.cpp - Tests of the OpenCL runtime driver --------===//
//
// Exercises targets/opencl/runtime on whatever OpenCL device the machine has
// (PoCL's CPU device in CI): enumeration, buffers, building and running a
// small hand-written OpenCL C program, the on-disk kernel cache, and error
// messages. Skips when there is no OpenCL device.
//
//===----------------------------------------------------------------------===//
#include "targets/opencl/runtime/OpenCLDriver.h"

#include "runtime/src/hal/CachedBuild.h"
#include "runtime/src/hal/LoadReport.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <new>
#include <numeric>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

// Counts operator new calls on this thread, to check that a dispatch in the
// steady state allocates nothing. The default operator delete frees with
// std::free, which matches std::malloc here.
static thread_local long gAllocations = 0;

void *operator new(std::size_t size) {
  ++gAllocations;
  if (void *p = std::malloc(size ? size : 1))
    return p;
  throw std::bad_alloc();
}

namespace octet::hal {
namespace {

// Test input for the driver: kernels following Octet's ABI (every argument a
// pointer to the element type, bounds given by the launch grid).
constexpr const char *kVectorSource = R"CL(
__kernel void vadd(__global const float *a, __global const float *b,
                   __global float *c) {
  size_t i = get_global_id(0);
  c[i] = a[i] + b[i];
}
__kernel void twice(__global const float *in, __global float *out) {
  size_t i = get_global_id(0);
  out[i] = 2.0f * in[i];
}
)CL";

constexpr const char *kBadSource = R"CL(
__kernel void broken(__global float *out) {
  out[get_global_id(0)] = octet_undeclared_identifier;
}
)CL";

/// A spec pointing at `source`, which must outlive it.
ExecutableSpec makeSpec(const char *source,
                        std::vector<std::string> entryPoints) {
  ExecutableSpec spec;
  spec.format = "opencl-c";
  spec.code = reinterpret_cast<const uint8_t *>(source);
  spec.codeSize = std::strlen(source);
  spec.entryPoints = std::move(entryPoints);
  spec.contentHash = contentHashOf(spec);
  return spec;
}

/// Sets an environment variable for the life of the object.
class ScopedEnv {
public:
  ScopedEnv(const char *name, const std::string &value) : name_(name) {
    if (const char *old = std::getenv(name))
      old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }

private:
  const char *name_;
  std::optional<std::string> old_;
};

class OpenCLDriverTest : public ::testing::Test {
protected:
  void SetUp() override {
    cacheDir_ =
        std::filesystem::temp_directory_path() /
        ("octet-opencl-test-" + std::to_string(::getpid()) + "-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(cacheDir_);
    cacheEnv_.emplace("OCTET_CACHE_DIR", cacheDir_.string());

    driver_ = createOpenCLDriver();
    Status status = driver_->enumerate(devices_);
    if (devices_.empty())
      GTEST_SKIP() << "no OpenCL device: " << status.message();
    ASSERT_TRUE(status.isOk()) << status.message();
    device_ = devices_.front().get();
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(cacheDir_, ec);
  }

  std::unique_ptr<Buffer> allocate(size_t bytes) {
    std::unique_ptr<Buffer> buffer;
    Status status = device_->allocate(bytes, buffer);
    EXPECT_TRUE(status.isOk()) << status.message();
    return buffer;
  }

  std::unique_ptr<Buffer> upload(const std::vector<float> &values) {
    auto buffer = allocate(values.size() * sizeof(float));
    Status status = device_->upload(*buffer, 0, values.data(),
                                    values.size() * sizeof(float));
    EXPECT_TRUE(status.isOk()) << status.message();
    return buffer;
  }

  std::vector<float> download(const Buffer &buffer, size_t count) {
    std::vector<float> values(count, -1.0f);
    Status status =
        device_->download(buffer, 0, values.data(), count * sizeof(float));
    EXPECT_TRUE(status.isOk()) << status.message();
    return values;
  }

  std::unique_ptr<Executable> load(const ExecutableSpec &spec) {
    std::unique_ptr<Executable> executable;
    Status status = device_->loadExecutable(spec, executable);
    EXPECT_TRUE(status.isOk()) << status.message();
    return executable;
  }

  /// Runs vadd on n = 1024 elements and checks c = a + b.
  void checkVectorAdd(Executable &executable) {
    constexpr size_t n = 1024;
    std::vector<float> a(n), b(n);
    for (size_t i = 0; i < n; ++i) {
      a[i] = static_cast<float>(i);
      b[i] = 0.5f * static_cast<float>(i) + 1.0f;
    }
    auto bufA = upload(a);
    auto bufB = upload(b);
    auto bufC = allocate(n * sizeof(float));
    Status status =
        device_->dispatch(executable, 0, {n / 64, 1, 1}, {64, 1, 1},
                          {{bufA.get()}, {bufB.get()}, {bufC.get()}});
    ASSERT_TRUE(status.isOk()) << status.message();
    ASSERT_TRUE(device_->synchronize().isOk());
    std::vector<float> c = download(*bufC, n);
    for (size_t i = 0; i < n; ++i)
      ASSERT_FLOAT_EQ(c[i], a[i] + b[i]) << "at " << i;
  }

  std::filesystem::path cacheDir_;
  std::optional<ScopedEnv> cacheEnv_;
  std::unique_ptr<Driver> driver_;
  std::vector<std::unique_ptr<Device>> devices_;
  Device *device_ = nullptr;
};

TEST_F(OpenCLDriverTest, EnumerateDescribesDevices) {
  EXPECT_EQ(driver_->name(), "opencl");
  for (size_t i = 0; i < devices_.size(); ++i) {
    const DeviceInfo &info = devices_[i]->info();
    EXPECT_EQ(info.api, "opencl");
    EXPECT_EQ(info.ordinal, static_cast<int>(i));
    EXPECT_FALSE(info.name.empty());
    EXPECT_GT(info.memoryBytes, 0u);
    EXPECT_FALSE(info.driverVersion.empty());
    EXPECT_TRUE(info.arch.empty());
    EXPECT_FALSE(info.hasFp8);
    EXPECT_NE(info.kind, DeviceKind::Other);
  }
}

TEST_F(OpenCLDriverTest, EnumerateFindsPoclWhenInstalled) {
  bool pocl = false;
  for (auto &device : devices_)
    pocl |= device->info().driverVersion.find("Portable Computing Language") !=
            std::string::npos;
  if (!pocl)
    GTEST_SKIP() << "PoCL is not installed here";
  EXPECT_EQ(devices_.front()->info().kind, DeviceKind::CPU);
}

TEST_F(OpenCLDriverTest, CanRunOnlyOpenCLC) {
  std::string why;
  EXPECT_TRUE(device_->canRun(makeSpec(kVectorSource, {"vadd"}), why)) << why;
  ExecutableSpec ptx = makeSpec(kVectorSource, {"vadd"});
  ptx.format = "ptx";
  ptx.arch = "sm_80";
  EXPECT_FALSE(device_->canRun(ptx, why));
  EXPECT_NE(why.find("ptx"), std::string::npos) << why;
}

TEST_F(OpenCLDriverTest, BufferRoundTripAndCopy) {
  std::vector<float> values(257);
  std::iota(values.begin(), values.end(), 1.0f);
  auto source = upload(values);
  EXPECT_EQ(source->sizeBytes(), values.size() * sizeof(float));
  EXPECT_EQ(download(*source, values.size()), values);

  // Partial upload and download at offsets.
  float patch[2] = {-7.0f, -8.0f};
  ASSERT_TRUE(
      device_->upload(*source, 4 * sizeof(float), patch, sizeof(patch)).isOk());
  float back[3] = {};
  ASSERT_TRUE(
      device_->download(*source, 3 * sizeof(float), back, sizeof(back)).isOk());
  EXPECT_EQ(back[0], 4.0f);
  EXPECT_EQ(back[1], -7.0f);
  EXPECT_EQ(back[2], -8.0f);

  // Copy part of it into another buffer.
  auto target = allocate(values.size() * sizeof(float));
  ASSERT_TRUE(
      device_->copy(*source, 0, *target, 0, values.size() * sizeof(float))
          .isOk());
  ASSERT_TRUE(
      device_
          ->copy(*source, 0, *target, 100 * sizeof(float), 10 * sizeof(float))
          .isOk());
  std::vector<float> copied = download(*target, values.size());
  EXPECT_EQ(copied[0], 1.0f);
  EXPECT_EQ(copied[4], -7.0f);
  EXPECT_EQ(copied[100], 1.0f);
  EXPECT_EQ(copied[104], -7.0f);
  EXPECT_EQ(copied[110], 111.0f);
}

TEST_F(OpenCLDriverTest, EnqueuedTransfersAreOrderedAndLandAtSynchronize) {
  // Upload, copy and download enqueued without waiting, in queue order: the
  // download sees the upload, and its bytes are there after synchronize().
  std::vector<float> values(1000);
  std::iota(values.begin(), values.end(), -3.0f);
  auto first = allocate(values.size() * sizeof(float));
  auto second = allocate(values.size() * sizeof(float));
  const size_t bytes = values.size() * sizeof(float);
  ASSERT_TRUE(device_->enqueueUpload(*first, 0, values.data(), bytes).isOk());
  ASSERT_TRUE(device_->copy(*first, 0, *second, 0, bytes).isOk());
  std::vector<float> back(values.size(), 0.0f);
  ASSERT_TRUE(device_->enqueueDownload(*second, 0, back.data(), bytes).isOk());
  ASSERT_TRUE(device_->synchronize().isOk());
  EXPECT_EQ(back, values);
  // Their ranges are checked like the blocking transfers'.
  EXPECT_FALSE(device_->enqueueUpload(*first, 8, values.data(), bytes).isOk());
  EXPECT_FALSE(device_->enqueueDownload(*first, 8, back.data(), bytes).isOk());
}

TEST_F(OpenCLDriverTest, BlockingTransfersRunTheCommandsEnqueuedBefore) {
  // On a CPU device enqueued commands are held until the next wait; a
  // blocking transfer must let them run (or it would wait forever) and see
  // their result.
  std::vector<float> values(256);
  std::iota(values.begin(), values.end(), 1.0f);
  const size_t bytes = values.size() * sizeof(float);
  auto first = allocate(bytes);
  auto second = allocate(bytes);
  ASSERT_TRUE(device_->enqueueUpload(*first, 0, values.data(), bytes).isOk());
  ASSERT_TRUE(device_->copy(*first, 0, *second, 0, bytes).isOk());
  EXPECT_EQ(download(*second, values.size()), values);
  // And a blocking upload after enqueued work lands in order.
  std::vector<float> zeros(values.size(), 0.0f);
  ASSERT_TRUE(device_->enqueueUpload(*first, 0, zeros.data(), bytes).isOk());
  ASSERT_TRUE(device_->upload(*first, 0, values.data(), bytes).isOk());
  ASSERT_TRUE(device_->synchronize().isOk());
  EXPECT_EQ(download(*first, values.size()), values);
}

TEST_F(OpenCLDriverTest, EnqueuedWorkDoesNotOutliveItsDevice) {
  // Destroying the device (and then its buffers) with commands enqueued and
  // never waited for returns, and the commands have run: the context's
  // teardown opens the batch and waits for it.
  std::vector<float> values(64, 2.5f);
  const size_t bytes = values.size() * sizeof(float);
  std::vector<float> back(values.size(), 0.0f);
  {
    auto buffer = allocate(bytes);
    ASSERT_TRUE(
        device_->enqueueUpload(*buffer, 0, values.data(), bytes).isOk());
    ASSERT_TRUE(
        device_->enqueueDownload(*buffer, 0, back.data(), bytes).isOk());
    devices_.clear();
    device_ = nullptr;
  }
  EXPECT_EQ(back, values);
}

TEST_F(OpenCLDriverTest, RepeatedBatchesRunInOrder) {
  // Many short batches (enqueue, wait), as a model's runs are: each wait
  // sees exactly its own batch's result.
  auto executable = load(makeSpec(kVectorSource, {"twice"}));
  ASSERT_NE(executable, nullptr);
  auto in = allocate(64 * sizeof(float));
  auto out = allocate(64 * sizeof(float));
  std::vector<float> values(64), back(64);
  for (int run = 0; run < 200; ++run) {
    std::fill(values.begin(), values.end(), static_cast<float>(run));
    ASSERT_TRUE(
        device_->enqueueUpload(*in, 0, values.data(), sizeof(float) * 64)
            .isOk());
    ASSERT_TRUE(device_
                    ->dispatch(*executable, 0, {1, 1, 1}, {64, 1, 1},
                               {{in.get()}, {out.get()}})
                    .isOk());
    ASSERT_TRUE(
        device_->enqueueDownload(*out, 0, back.data(), sizeof(float) * 64)
            .isOk());
    ASSERT_TRUE(device_->synchronize().isOk());
    ASSERT_EQ(back, std::vector<float>(64, 2.0f * static_cast<float>(run)))
        << "run " << run;
  }
}

TEST_F(OpenCLDriverTest, TimedDispatchRunsInOrderAndReportsTheDeviceTime) {
  // A timed kernel runs after what was enqueued before it (here, on another
  // queue than theirs) and before what is enqueued after it.
  auto executable = load(makeSpec(kVectorSource, {"twice"}));
  ASSERT_NE(executable, nullptr);
  constexpr size_t n = 4096;
  auto in = allocate(n * sizeof(float));
  auto mid = allocate(n * sizeof(float));
  auto out = allocate(n * sizeof(float));
  std::vector<float> values(n), back(n);
  for (int run = 0; run < 20; ++run) {
    std::fill(values.begin(), values.end(), static_cast<float>(run));
    ASSERT_TRUE(device_->enqueueUpload(*in, 0, values.data(), sizeof(float) * n)
                    .isOk());
    ASSERT_TRUE(device_
                    ->dispatch(*executable, 0, {n / 64, 1, 1}, {64, 1, 1},
                               {{in.get()}, {mid.get()}})
                    .isOk());
    double deviceMs = -2;
    Status status =
        device_->dispatchTimed(*executable, 0, {n / 64, 1, 1}, {64, 1, 1},
                               {{mid.get()}, {out.get()}}, deviceMs);
    ASSERT_TRUE(status.isOk()) << status.message();
    EXPECT_GE(deviceMs, 0.0);
    EXPECT_LT(deviceMs, 10000.0);
    ASSERT_TRUE(device_
                    ->dispatch(*executable, 0, {n / 64, 1, 1}, {64, 1, 1},
                               {{out.get()}, {mid.get()}})
                    .isOk());
    ASSERT_TRUE(
        device_->enqueueDownload(*mid, 0, back.data(), sizeof(float) * n)
            .isOk());
    ASSERT_TRUE(device_->synchronize().isOk());
    ASSERT_EQ(back, std::vector<float>(n, 8.0f * static_cast<float>(run)))
        << "run " << run;
  }
  double deviceMs = -2;
  Status status = device_->dispatchTimed(*executable, 0, {1, 1, 1}, {64, 1, 1},
                                         {{in.get()}}, deviceMs);
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("takes 2 arguments"), std::string::npos)
      << status.message();
}

TEST_F(OpenCLDriverTest, ZeroSizeBuffersWork) {
  auto empty = allocate(0);
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(empty->sizeBytes(), 0u);
  EXPECT_TRUE(device_->upload(*empty, 0, nullptr, 0).isOk());
  EXPECT_TRUE(device_->download(*empty, 0, nullptr, 0).isOk());
  EXPECT_TRUE(device_->copy(*empty, 0, *empty, 0, 0).isOk());
}

TEST_F(OpenCLDriverTest, OutOfRangeTransfersFail) {
  auto buffer = allocate(16);
  char bytes[32] = {};
  Status status = device_->upload(*buffer, 8, bytes, 16);
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("out of range"), std::string::npos)
      << status.message();
  EXPECT_FALSE(device_->download(*buffer, 17, bytes, 0).isOk());
  auto other = allocate(8);
  EXPECT_FALSE(device_->copy(*buffer, 0, *other, 0, 16).isOk());
}

TEST_F(OpenCLDriverTest, VectorAddRuns) {
  auto executable = load(makeSpec(kVectorSource, {"vadd", "twice"}));
  ASSERT_NE(executable, nullptr);
  checkVectorAdd(*executable);

  // The second entry point.
  std::vector<float> in(128, 3.0f);
  auto bufIn = upload(in);
  auto bufOut = allocate(in.size() * sizeof(float));
  ASSERT_TRUE(device_
                  ->dispatch(*executable, 1, {2, 1, 1}, {64, 1, 1},
                             {{bufIn.get()}, {bufOut.get()}})
                  .isOk());
  for (float value : download(*bufOut, in.size()))
    ASSERT_EQ(value, 6.0f);
}

TEST_F(OpenCLDriverTest, BindingOffsetsUseSubBuffers) {
  auto executable = load(makeSpec(kVectorSource, {"twice"}));
  ASSERT_NE(executable, nullptr);
  // 4096 bytes is a multiple of any device's base address alignment.
  constexpr size_t skip = 1024;
  std::vector<float> in(skip + 64);
  std::iota(in.begin(), in.end(), 0.0f);
  auto bufIn = upload(in);
  auto bufOut = allocate(64 * sizeof(float));
  for (int round = 0; round < 2; ++round) { // second round: cached sub-buffer
    Status status = device_->dispatch(
        *executable, 0, {1, 1, 1}, {64, 1, 1},
        {{bufIn.get(), skip * sizeof(float)}, {bufOut.get()}});
    ASSERT_TRUE(status.isOk()) << status.message();
    std::vector<float> out = download(*bufOut, 64);
    for (size_t i = 0; i < 64; ++i)
      ASSERT_EQ(out[i], 2.0f * in[skip + i]);
  }

  // A misaligned offset is reported, not silently mishandled.
  Status status = device_->dispatch(*executable, 0, {1, 1, 1}, {1, 1, 1},
                                    {{bufIn.get(), 4}, {bufOut.get()}});
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("alignment"), std::string::npos)
      << status.message();
}

TEST_F(OpenCLDriverTest, ChangedBindingsAreSetAndUnchangedOnesKept) {
  // The driver sets only the arguments that changed since the kernel's last
  // dispatch: alternating inputs and outputs must still reach the kernel.
  auto executable = load(makeSpec(kVectorSource, {"twice"}));
  ASSERT_NE(executable, nullptr);
  auto first = upload(std::vector<float>(64, 1.0f));
  auto second = upload(std::vector<float>(64, 5.0f));
  auto outA = allocate(64 * sizeof(float));
  auto outB = allocate(64 * sizeof(float));
  struct Round {
    Buffer *in, *out;
    float expected;
  } rounds[] = {{first.get(), outA.get(), 2.0f},
                {second.get(), outA.get(), 10.0f},
                {second.get(), outB.get(), 10.0f},
                {first.get(), outB.get(), 2.0f},
                {first.get(), outB.get(), 2.0f}};
  for (const Round &round : rounds) {
    ASSERT_TRUE(device_
                    ->dispatch(*executable, 0, {1, 1, 1}, {64, 1, 1},
                               {{round.in}, {round.out}})
                    .isOk());
    for (float value : download(*round.out, 64))
      ASSERT_EQ(value, round.expected);
  }
}

TEST_F(OpenCLDriverTest, SteadyStateDispatchAllocatesNothing) {
  auto executable = load(makeSpec(kVectorSource, {"twice"}));
  ASSERT_NE(executable, nullptr);
  constexpr size_t skip = 1024; // A multiple of any sub-buffer alignment.
  auto in = allocate((skip + 64) * sizeof(float));
  auto out = allocate(64 * sizeof(float));
  std::vector<BufferBinding> bindings = {{in.get(), skip * sizeof(float)},
                                         {out.get()}};
  // The first use of the offset creates (and keeps) its sub-buffer.
  ASSERT_TRUE(device_->dispatch(*executable, 0, {1, 1, 1}, {64, 1, 1}, bindings)
                  .isOk());
  ASSERT_TRUE(device_->synchronize().isOk());
  // An empty grid runs every check but makes no OpenCL call, so whatever
  // the OpenCL implementation allocates does not count.
  long before = gAllocations;
  Status status =
      device_->dispatch(*executable, 0, {0, 1, 1}, {64, 1, 1}, bindings);
  long allocations = gAllocations - before;
  ASSERT_TRUE(status.isOk()) << status.message();
  EXPECT_EQ(allocations, 0);
}

TEST_F(OpenCLDriverTest, BindingAtTheEndOfABufferIsAnError) {
  // OpenCL has no zero-size sub-buffers; binding the base buffer instead
  // would hand the kernel the buffer's first bytes.
  auto executable = load(makeSpec(kVectorSource, {"twice"}));
  ASSERT_NE(executable, nullptr);
  auto in = allocate(64 * sizeof(float));
  auto out = allocate(64 * sizeof(float));
  for (uint64_t offset : {uint64_t(64 * sizeof(float)), uint64_t(4096)}) {
    Status status = device_->dispatch(*executable, 0, {1, 1, 1}, {64, 1, 1},
                                      {{out.get()}, {in.get(), offset}});
    ASSERT_FALSE(status.isOk()) << offset;
    EXPECT_NE(status.message().find("kernel 'twice', argument #1"),
              std::string::npos)
        << status.message();
    EXPECT_NE(status.message().find("offset " + std::to_string(offset)),
              std::string::npos)
        << status.message();
    EXPECT_NE(status.message().find(device_->info().name), std::string::npos)
        << status.message();
  }
  // Checked even when the grid is empty and nothing would run.
  EXPECT_FALSE(device_
                   ->dispatch(*executable, 0, {0, 1, 1}, {64, 1, 1},
                              {{in.get(), 64 * sizeof(float)}, {out.get()}})
                   .isOk());
}

TEST_F(OpenCLDriverTest, ZeroSizeBuffersCanBeBound) {
  auto executable = load(makeSpec(kVectorSource, {"twice"}));
  ASSERT_NE(executable, nullptr);
  auto empty = allocate(0);
  auto other = allocate(0);
  Status status = device_->dispatch(*executable, 0, {0, 1, 1}, {64, 1, 1},
                                    {{empty.get()}, {other.get(), 0}});
  EXPECT_TRUE(status.isOk()) << status.message();
  EXPECT_TRUE(device_->synchronize().isOk());
}

TEST_F(OpenCLDriverTest, DispatchChecksItsArguments) {
  auto executable = load(makeSpec(kVectorSource, {"vadd"}));
  ASSERT_NE(executable, nullptr);
  auto buffer = allocate(64 * sizeof(float));
  Status status = device_->dispatch(*executable, 0, {1, 1, 1}, {64, 1, 1},
                                    {{buffer.get()}});
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("takes 3 arguments"), std::string::npos)
      << status.message();
  status = device_->dispatch(*executable, 5, {1, 1, 1}, {64, 1, 1}, {});
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("out of range"), std::string::npos)
      << status.message();
  status = device_->dispatch(*executable, 0, {1, 1, 1}, {64, 1, 1},
                             {{buffer.get()}, {nullptr}, {buffer.get()}});
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("kernel 'vadd', argument #1: no buffer"),
            std::string::npos)
      << status.message();
}

TEST_F(OpenCLDriverTest, SecondLoadHitsTheKernelCache) {
  ScopedEnv verbose("OCTET_VERBOSE", "1");
  ExecutableSpec spec = makeSpec(kVectorSource, {"vadd"});

  ::testing::internal::CaptureStderr();
  auto first = load(spec);
  std::string firstLog = ::testing::internal::GetCapturedStderr();
  ASSERT_NE(first, nullptr);
  const LoadReport *firstReport = getLoadReport(*first);
  ASSERT_NE(firstReport, nullptr);
  EXPECT_FALSE(firstReport->fromCache);
  EXPECT_NE(firstLog.find("octet: opencl: built kernels"), std::string::npos)
      << firstLog;
  ASSERT_FALSE(firstReport->cachePath.empty());
  EXPECT_EQ(firstReport->cachePath.rfind(cacheDir_.string(), 0), 0u);
  EXPECT_TRUE(std::filesystem::exists(firstReport->cachePath));

  ::testing::internal::CaptureStderr();
  auto second = load(spec);
  std::string secondLog = ::testing::internal::GetCapturedStderr();
  ASSERT_NE(second, nullptr);
  const LoadReport *secondReport = getLoadReport(*second);
  ASSERT_NE(secondReport, nullptr);
  EXPECT_TRUE(secondReport->fromCache) << secondReport->cacheNote;
  EXPECT_EQ(secondReport->cachePath, firstReport->cachePath);
  EXPECT_NE(secondLog.find("octet: opencl: kernels loaded from cache " +
                           firstReport->cachePath),
            std::string::npos)
      << secondLog;
  EXPECT_EQ(secondLog.find("built"), std::string::npos) << secondLog;
  checkVectorAdd(*second);

  // A new driver instance (as in a second run) also hits the cache.
  std::vector<std::unique_ptr<Device>> again;
  ASSERT_TRUE(createOpenCLDriver()->enumerate(again).isOk());
  std::unique_ptr<Executable> third;
  ASSERT_TRUE(again.front()->loadExecutable(spec, third).isOk());
  EXPECT_TRUE(getLoadReport(*third)->fromCache);

  // Different code is a different entry.
  std::string otherSource = std::string(kVectorSource) + "\n// other\n";
  auto other = load(makeSpec(otherSource.c_str(), {"vadd"}));
  ASSERT_NE(other, nullptr);
  EXPECT_FALSE(getLoadReport(*other)->fromCache);
  EXPECT_NE(getLoadReport(*other)->cachePath, firstReport->cachePath);
}

TEST_F(OpenCLDriverTest, SpecsWithoutAContentHashDoNotShareACacheEntry) {
  // A spec whose contentHash was left at 0 is keyed on its code: another
  // program with no hash either gets its own entry, not the first's binary
  // (which lacks its kernel).
  ExecutableSpec first = makeSpec(kVectorSource, {"vadd"});
  first.contentHash = 0;
  ASSERT_NE(load(first), nullptr);
  constexpr const char *kOtherSource = R"CL(
__kernel void negate(__global float *x) { x[get_global_id(0)] *= -1.0f; }
)CL";
  ExecutableSpec second = makeSpec(kOtherSource, {"negate"});
  second.contentHash = 0;
  ASSERT_NE(load(second), nullptr);
}

TEST_F(OpenCLDriverTest, CorruptCacheEntryIsRebuiltAndOverwritten) {
  ExecutableSpec spec = makeSpec(kVectorSource, {"vadd"});
  auto first = load(spec);
  ASSERT_NE(first, nullptr);
  std::string path = getLoadReport(*first)->cachePath;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << "this is not a program binary";
  }
  // The cache's checksum rejects the entry before the driver sees it.
  auto second = load(spec);
  ASSERT_NE(second, nullptr);
  EXPECT_FALSE(getLoadReport(*second)->fromCache);
  checkVectorAdd(*second);
  auto third = load(spec);
  ASSERT_NE(third, nullptr);
  EXPECT_TRUE(getLoadReport(*third)->fromCache);
}

TEST_F(OpenCLDriverTest, EmptyCacheDirDisablesTheCache) {
  ScopedEnv disabled("OCTET_CACHE_DIR", "");
  ExecutableSpec spec = makeSpec(kVectorSource, {"vadd"});
  auto first = load(spec);
  auto second = load(spec);
  ASSERT_NE(second, nullptr);
  EXPECT_FALSE(getLoadReport(*second)->fromCache);
  EXPECT_TRUE(getLoadReport(*second)->cachePath.empty());
}

TEST_F(OpenCLDriverTest, BuildErrorCarriesTheBuildLog) {
  std::unique_ptr<Executable> executable;
  Status status =
      device_->loadExecutable(makeSpec(kBadSource, {"broken"}), executable);
  ASSERT_FALSE(status.isOk());
  EXPECT_EQ(executable, nullptr);
  const std::string &message = status.message();
  EXPECT_NE(message.find("clBuildProgram failed (CL_BUILD_PROGRAM_FAILURE)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find(device_->info().name), std::string::npos) << message;
  EXPECT_NE(message.find("octet_undeclared_identifier"), std::string::npos)
      << message;
}

TEST_F(OpenCLDriverTest, MissingEntryPointIsNamed) {
  std::unique_ptr<Executable> executable;
  Status status = device_->loadExecutable(
      makeSpec(kVectorSource, {"vadd", "no_such_kernel"}), executable);
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("'no_such_kernel'"), std::string::npos)
      << status.message();
}

TEST_F(OpenCLDriverTest, WrongFormatIsRejected) {
  ExecutableSpec spec = makeSpec(kVectorSource, {"vadd"});
  spec.format = "ptx";
  std::unique_ptr<Executable> executable;
  Status status = device_->loadExecutable(spec, executable);
  ASSERT_FALSE(status.isOk());
  EXPECT_NE(status.message().find("'opencl-c'"), std::string::npos)
      << status.message();
}

} // namespace
} // namespace octet::hal
