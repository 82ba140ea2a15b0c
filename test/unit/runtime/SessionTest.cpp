//===- SessionTest.cpp - Plan execution on a fake device ------------------===//
//
// Runs the sample artifact on FakeDevice: values, operation counts (constants
// uploaded once, no per-run allocation, executable built once), copies with
// offsets, transient slot sharing, input validation and error propagation.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/Session.h"
#include "runtime/src/Runtime.h"
#include "test/unit/runtime/TestArtifacts.h"

#include <gtest/gtest.h>

using namespace octet;
using namespace octet::test;

namespace {

std::shared_ptr<const artifact::LoadedArtifact>
loadDesc(const ArtifactDesc &desc) {
  std::shared_ptr<const artifact::LoadedArtifact> a;
  Status st =
      artifact::LoadedArtifact::fromBytes(buildFile(desc), "model.octet", a);
  EXPECT_TRUE(st.isOk()) << st.message();
  return a;
}

struct Fixture {
  FakeDevice device{fakeInfo("fake", 0, "Fake GPU"), sampleKernels()};
  std::unique_ptr<Session> session;
  std::vector<int64_t> shape{2, 3};
  std::vector<float> x{10, 20, 30, 40, 50, 60};
  std::vector<float> y = std::vector<float>(6), z = std::vector<float>(6),
                     tail = std::vector<float>(3);

  Status create(const ArtifactDesc &desc = sampleArtifact()) {
    return Session::create(loadDesc(desc), device, 0, session);
  }
  HostTensorView input() const {
    HostTensorView v;
    v.name = "x";
    v.dtype = artifact::DType::F32;
    v.dims = shape.data();
    v.rank = shape.size();
    v.data = x.data();
    v.sizeBytes = x.size() * 4;
    return v;
  }
  std::vector<HostOutputView> outputs() {
    return {{y.data(), 24}, {z.data(), 24}, {tail.data(), 12}};
  }
  Status run() { return session->run({input()}, outputs()); }
};

} // namespace

TEST(Session, RunsThePlan) {
  Fixture f;
  ASSERT_TRUE(f.create().isOk());
  EXPECT_EQ(f.session->inputCount(), 1u);
  EXPECT_EQ(f.session->outputCount(), 3u);
  EXPECT_EQ(f.session->outputSizeBytes(2), 12u);
  Status st = f.run();
  ASSERT_TRUE(st.isOk()) << st.message();
  EXPECT_EQ(f.z, (std::vector<float>{11, 22, 33, 44, 55, 66}));
  EXPECT_EQ(f.y, (std::vector<float>{22, 44, 66, 88, 110, 132}));
  EXPECT_EQ(f.tail, (std::vector<float>{44, 55, 66}));
  EXPECT_EQ(f.device.counters.dispatched,
            (std::vector<std::string>{"add", "scale2"}));
  EXPECT_EQ(f.session->description(), "fake:0 (Fake GPU), executable fake-c");
}

TEST(Session, SecondRunSeesNewInputs) {
  Fixture f;
  ASSERT_TRUE(f.create().isOk());
  ASSERT_TRUE(f.run().isOk());
  f.x = {0, 0, 0, 0, 0, 1};
  ASSERT_TRUE(f.run().isOk());
  EXPECT_EQ(f.z, (std::vector<float>{1, 2, 3, 4, 5, 7}));
}

TEST(Session, ConstantsUploadedOnceAndNoPerRunAllocation) {
  Fixture f;
  ASSERT_TRUE(f.create().isOk());
  // 1 input + 3 outputs + 1 constant + 1 transient slot.
  EXPECT_EQ(f.device.counters.allocations, 6);
  EXPECT_EQ(f.device.counters.uploads, 1) << "the constant, at load";
  EXPECT_EQ(f.device.counters.loads, 1);
  int synchronizesAtLoad = f.device.counters.synchronizes;
  for (int i = 0; i < 2; ++i)
    ASSERT_TRUE(f.run().isOk());
  // Outputs are enqueued and land at the run's one wait for the device: the
  // fake device defers them until then, so without it RunsThePlan would read
  // stale outputs.
  EXPECT_EQ(f.device.counters.synchronizes - synchronizesAtLoad, 2)
      << "one wait per run";
  EXPECT_EQ(f.device.counters.allocations, 6);
  EXPECT_EQ(f.device.counters.uploads, 1 + 2) << "1 constant + 1 input x 2";
  EXPECT_EQ(f.device.counters.loads, 1);
  EXPECT_EQ(f.device.counters.dispatches, 4);
  EXPECT_EQ(f.device.counters.copies, 4);
  EXPECT_EQ(f.device.counters.downloads, 3 * 2);
}

TEST(Session, ExecutableSpecCarriesCodeAndEntryPoints) {
  Fixture f;
  ArtifactDesc d = sampleArtifact();
  d.executables[0].code = "kernel code v1";
  ASSERT_TRUE(f.create(d).isOk());
  const hal::ExecutableSpec &spec = f.device.lastSpec;
  EXPECT_EQ(spec.format, "fake-c");
  EXPECT_EQ(spec.entryPoints, (std::vector<std::string>{"add", "scale2"}));
  EXPECT_EQ(
      std::string(reinterpret_cast<const char *>(spec.code), spec.codeSize),
      "kernel code v1");
  uint64_t h1 = spec.contentHash;
  d.executables[0].code = "kernel code v2";
  Fixture g;
  ASSERT_TRUE(g.create(d).isOk());
  EXPECT_NE(g.device.lastSpec.contentHash, h1);
  Fixture h;
  d.executables[0].code = "kernel code v1";
  ASSERT_TRUE(h.create(d).isOk());
  EXPECT_EQ(h.device.lastSpec.contentHash, h1) << "hash must be stable";
}

TEST(Session, MakeExecutableSpecIsWhatTheDeviceBuilds) {
  std::shared_ptr<const artifact::LoadedArtifact> a =
      loadDesc(sampleArtifact());
  hal::ExecutableSpec spec =
      makeExecutableSpec(*a->root().executables()->Get(0));
  Fixture f;
  ASSERT_TRUE(f.create().isOk());
  const hal::ExecutableSpec &built = f.device.lastSpec;
  EXPECT_EQ(spec.format, built.format);
  EXPECT_EQ(spec.arch, built.arch);
  EXPECT_EQ(spec.entryPoints, built.entryPoints);
  EXPECT_EQ(
      std::string(reinterpret_cast<const char *>(spec.code), spec.codeSize),
      std::string(reinterpret_cast<const char *>(built.code), built.codeSize));
  EXPECT_NE(spec.contentHash, 0u);
  EXPECT_EQ(spec.contentHash, built.contentHash);
}

TEST(Session, TransientSlotsAreShared) {
  // Two transient buffers on one slot get one allocation: route t through a
  // second buffer (6) on the same slot, copied in between.
  ArtifactDesc d = sampleArtifact();
  d.slots = {24, 24};
  d.buffers.push_back({BufferKind::Transient, 1, 24}); // 6: slot 1
  d.buffers.push_back({BufferKind::Transient, 0, 24}); // 7: slot 0 again
  StepDesc hop;
  hop.dispatch = false;
  hop.src = {2, 0};
  hop.dst = {6, 0};
  hop.size = 24;
  d.steps.insert(d.steps.begin() + 1, hop);
  // scale2 now reads buffer 7, the same memory as buffer 2.
  d.steps[2].bindings[0] = {7, 0};
  Fixture f;
  Status st = f.create(d);
  ASSERT_TRUE(st.isOk()) << st.message();
  EXPECT_EQ(f.device.counters.allocations, 7) << "slots 0 and 1, not 3";
  ASSERT_TRUE(f.run().isOk());
  EXPECT_EQ(f.y, (std::vector<float>{22, 44, 66, 88, 110, 132}));
}

TEST(Session, InputValidation) {
  Fixture f;
  ASSERT_TRUE(f.create().isOk());
  auto expectError = [&](std::vector<HostTensorView> inputs,
                         const std::string &message) {
    Status st = f.session->run(inputs, f.outputs());
    ASSERT_FALSE(st.isOk());
    EXPECT_EQ(st.code(), StatusCode::InvalidArgument);
    EXPECT_EQ(st.message(), message);
    // The same check without a session.
    std::vector<int> source;
    Status free = matchInputs(f.session->root(), inputs, source);
    EXPECT_EQ(free.code(), StatusCode::InvalidArgument);
    EXPECT_EQ(free.message(), message);
  };
  expectError({}, "missing input 'x' (f32[2,3])");
  HostTensorView v = f.input();
  v.name = "q";
  expectError({v}, "unknown input 'q'; the model's inputs are: x (f32[2,3])");
  expectError({f.input(), f.input()}, "input 'x' is given twice");
  std::vector<int64_t> transposed{3, 2};
  v = f.input();
  v.dims = transposed.data();
  expectError({v}, "input 'x': expected f32[2,3], got f32[3,2]");
  v = f.input();
  v.dtype = artifact::DType::F16;
  expectError({v}, "input 'x': expected f32[2,3], got f16[2,3]");
  v = f.input();
  v.rank = 1;
  expectError({v}, "input 'x': expected f32[2,3], got f32[2]");
  v = f.input();
  v.sizeBytes = 20;
  expectError({v}, "input 'x': f32[2,3] needs 24 bytes of data, got 20");
  v = f.input();
  v.data = nullptr;
  expectError({v}, "input 'x': f32[2,3] needs 24 bytes of data, got 0");
  // Nothing ran.
  EXPECT_EQ(f.device.counters.dispatches, 0);
  EXPECT_EQ(f.device.counters.uploads, 1);
}

TEST(Session, MatchInputsNeedsNoDevice) {
  std::shared_ptr<const artifact::LoadedArtifact> a =
      loadDesc(sampleArtifact());
  Fixture f;
  std::vector<int> source = {7, 7, 7};
  ASSERT_TRUE(matchInputs(a->root(), {f.input()}, source).isOk());
  EXPECT_EQ(source, (std::vector<int>{0}));
  HostTensorView v = f.input();
  v.sizeBytes = 23;
  Status st = matchInputs(a->root(), {v}, source);
  EXPECT_EQ(st.message(), "input 'x': f32[2,3] needs 24 bytes of data, got 23");
  EXPECT_EQ(f.device.counters.allocations, 0);
}

TEST(Session, OutputBufferValidation) {
  Fixture f;
  ASSERT_TRUE(f.create().isOk());
  std::vector<HostOutputView> outs = f.outputs();
  outs[2].sizeBytes = 8;
  Status st = f.session->run({f.input()}, outs);
  ASSERT_FALSE(st.isOk());
  EXPECT_EQ(st.message(), "output 'tail' needs a 12-byte host buffer, got 8");
  outs.pop_back();
  st = f.session->run({f.input()}, outs);
  ASSERT_FALSE(st.isOk());
  EXPECT_EQ(st.message(), "expected 3 output buffers, got 2");
}

TEST(Session, KernelErrorsNameTheStep) {
  std::map<std::string, FakeKernel> kernels = sampleKernels();
  kernels["scale2"] = [](const std::vector<hal::BufferBinding> &,
                         const std::array<uint32_t, 3> &,
                         const std::array<uint32_t, 3> &) {
    return Status::error("launch failed: too many resources requested");
  };
  FakeDevice device(fakeInfo("fake", 0, "Fake GPU"), kernels);
  std::unique_ptr<Session> s;
  ASSERT_TRUE(Session::create(loadDesc(sampleArtifact()), device, 0, s).isOk());
  std::vector<int64_t> shape{2, 3};
  std::vector<float> x(6), y(6), z(6), t(3);
  HostTensorView in;
  in.name = "x";
  in.dims = shape.data();
  in.rank = 2;
  in.data = x.data();
  in.sizeBytes = 24;
  int synchronizesBefore = device.counters.synchronizes;
  Status st = s->run({in}, {{y.data(), 24}, {z.data(), 24}, {t.data(), 12}});
  ASSERT_FALSE(st.isOk());
  EXPECT_EQ(st.message(), "model.octet: plan step 1 (kernel 'scale2'): launch "
                          "failed: too many resources requested");
  // The input was enqueued without waiting: the failed run still waits for
  // the device before the caller's buffers can go away.
  EXPECT_EQ(device.counters.synchronizes - synchronizesBefore, 1);
}

TEST(Session, AllocationFailureIsReported) {
  FakeDevice device(fakeInfo("fake", 0, "Fake GPU"), sampleKernels());
  device.failAllocationsAfter = 2;
  std::unique_ptr<Session> s;
  Status st = Session::create(loadDesc(sampleArtifact()), device, 0, s);
  ASSERT_FALSE(st.isOk());
  EXPECT_NE(st.message().find("model.octet: on fake:0 (Fake GPU): allocating"),
            std::string::npos)
      << st.message();
  EXPECT_NE(st.message().find("fake out of memory"), std::string::npos);
  EXPECT_EQ(s, nullptr);
}

TEST(Session, AFailedLoadWaitsForTheConstantsItEnqueued) {
  // Constants are uploaded without waiting (the kernels build meanwhile): a
  // load that fails after enqueueing one still waits for the device before
  // the artifact's bytes can go away with the failed session.
  int checked = 0;
  for (int after = 0; after < 16; ++after) {
    FakeDevice device(fakeInfo("fake", 0, "Fake GPU"), sampleKernels());
    device.failAllocationsAfter = after;
    std::unique_ptr<Session> s;
    Status st = Session::create(loadDesc(sampleArtifact()), device, 0, s);
    if (st.isOk())
      break;
    if (device.counters.uploads > 0) {
      EXPECT_GE(device.counters.synchronizes, 1)
          << "failing allocation " << after;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0) << "no failing allocation came after an upload";
}

TEST(Session, RefusesAnExecutableTheDeviceCannotRun) {
  FakeDevice device(fakeInfo("fake", 0, "Fake GPU"), sampleKernels());
  device.formats = {"other"};
  std::unique_ptr<Session> s;
  Status st = Session::create(loadDesc(sampleArtifact()), device, 0, s);
  ASSERT_FALSE(st.isOk());
  EXPECT_EQ(st.code(), StatusCode::NoDevice);
  EXPECT_NE(st.message().find("format fake-c is not supported"),
            std::string::npos)
      << st.message();
}

TEST(Session, CopyOnlyPlanNeedsNoExecutable) {
  ArtifactDesc d;
  d.inputs = {{"a", artifact::DType::I32, {2}}};
  d.outputs = {{"b", artifact::DType::I32, {2}}};
  d.buffers = {{BufferKind::Input, 0, 8}, {BufferKind::Output, 0, 8}};
  StepDesc copy;
  copy.dispatch = false;
  copy.src = {0, 0};
  copy.dst = {1, 0};
  copy.size = 8;
  d.steps = {copy};
  FakeDevice device(fakeInfo("fake", 0, "Fake GPU"), sampleKernels());
  std::unique_ptr<Session> s;
  Status st = Session::create(loadDesc(d), device, 0, s);
  ASSERT_TRUE(st.isOk()) << st.message();
  EXPECT_EQ(device.counters.loads, 0);
  std::vector<int32_t> a{7, -9}, b(2);
  std::vector<int64_t> shape{2};
  HostTensorView in;
  in.name = "a";
  in.dtype = artifact::DType::I32;
  in.dims = shape.data();
  in.rank = 1;
  in.data = a.data();
  in.sizeBytes = 8;
  ASSERT_TRUE(s->run({in}, {{b.data(), 8}}).isOk());
  EXPECT_EQ(b, a);
}

//===----------------------------------------------------------------------===//
// Runtime: drivers, enumeration and loading
//===----------------------------------------------------------------------===//

namespace {
/// A FakeDevice that records the content hash of every spec canRun sees.
class RecordingDevice : public FakeDevice {
public:
  using FakeDevice::FakeDevice;
  bool canRun(const hal::ExecutableSpec &spec,
              std::string &why) const override {
    canRunHashes.push_back(spec.contentHash);
    return FakeDevice::canRun(spec, why);
  }
  mutable std::vector<uint64_t> canRunHashes;
};

class RecordingDriver : public hal::Driver {
public:
  std::string name() const override { return "fake"; }
  Status
  enumerate(std::vector<std::unique_ptr<hal::Device>> &devices) override {
    auto dev = std::make_unique<RecordingDevice>(
        fakeInfo("fake", 0, "Fake GPU"), sampleKernels());
    device = dev.get();
    devices.push_back(std::move(dev));
    return Status::ok();
  }
  RecordingDevice *device = nullptr;
};
} // namespace

TEST(Runtime, SelectionSeesTheSameSpecAsTheBuild) {
  auto driver = std::make_unique<RecordingDriver>();
  RecordingDriver *recording = driver.get();
  std::vector<std::unique_ptr<hal::Driver>> drivers;
  drivers.push_back(std::move(driver));
  Runtime rt(std::move(drivers));
  std::unique_ptr<Session> session;
  Status st = rt.load(loadDesc(sampleArtifact()), "auto", session);
  ASSERT_TRUE(st.isOk()) << st.message();
  RecordingDevice &device = *recording->device;
  // Device selection and the session both ask canRun; both see the hash the
  // executable is then built (and cached) under.
  ASSERT_GE(device.canRunHashes.size(), 2u);
  EXPECT_NE(device.lastSpec.contentHash, 0u);
  for (uint64_t h : device.canRunHashes)
    EXPECT_EQ(h, device.lastSpec.contentHash);
}

TEST(Runtime, EnumeratesAndRemembersWhyNone) {
  std::vector<std::unique_ptr<hal::Driver>> drivers;
  // A driver that names itself in its message gets no second prefix.
  drivers.push_back(std::make_unique<FakeDriver>(
      "cuda", std::vector<hal::DeviceInfo>{}, "cuda: libcuda.so.1 not found"));
  drivers.push_back(std::make_unique<FakeDriver>(
      "fake", std::vector<hal::DeviceInfo>{fakeInfo("fake", 0, "A"),
                                           fakeInfo("fake", 1, "B")}));
  Runtime rt(std::move(drivers));
  EXPECT_EQ(rt.deviceCount(), 2u);
  EXPECT_EQ(rt.deviceInfos()[1].name, "B");
  ASSERT_EQ(rt.driverNotes().size(), 1u);
  EXPECT_EQ(rt.driverNotes()[0].driver, "cuda");
  EXPECT_EQ(rt.driverNotes()[0].why, "libcuda.so.1 not found");
  EXPECT_EQ(rt.driverNames(), (std::vector<std::string>{"cuda", "fake"}));

  std::unique_ptr<Session> s;
  Status st = rt.load(loadDesc(sampleArtifact()), "fake:1", s);
  ASSERT_TRUE(st.isOk()) << st.message();
  EXPECT_EQ(&s->device(), &rt.device(1));
  st = rt.load(loadDesc(sampleArtifact()), "auto", s);
  ASSERT_TRUE(st.isOk()) << st.message();
  EXPECT_EQ(&s->device(), &rt.device(0));
}

TEST(Runtime, LoadErrorsNameTheFile) {
  std::vector<std::unique_ptr<hal::Driver>> drivers;
  drivers.push_back(std::make_unique<FakeDriver>(
      "cuda", std::vector<hal::DeviceInfo>{}, "libcuda.so.1 not found"));
  Runtime rt(std::move(drivers));
  std::unique_ptr<Session> s;
  Status st = rt.load(loadDesc(sampleArtifact()), "auto", s);
  ASSERT_FALSE(st.isOk());
  EXPECT_EQ(st.code(), StatusCode::NoDevice);
  EXPECT_EQ(st.message(),
            "model.octet: no devices found: cuda: libcuda.so.1 not found");
  st = rt.loadFile("/nonexistent.octet", "auto", s);
  EXPECT_EQ(st.code(), StatusCode::NotFound);
}
