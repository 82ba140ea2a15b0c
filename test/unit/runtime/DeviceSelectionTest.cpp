//===- DeviceSelectionTest.cpp - Choosing a device for an artifact --------===//
//
// Ranking for `auto`, explicit requests, architecture compatibility and the
// wording of the errors, all without hardware.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/DeviceSelection.h"

#include <gtest/gtest.h>

using namespace octet;
using hal::DeviceInfo;
using hal::DeviceKind;

namespace {

DeviceInfo dev(const std::string &api, int ordinal, const std::string &name,
               DeviceKind kind, const std::string &arch = "") {
  DeviceInfo d;
  d.api = api;
  d.ordinal = ordinal;
  d.name = name;
  d.kind = kind;
  d.arch = arch;
  return d;
}

const ExecutableDesc kPtx80{"cuda", "ptx", "sm_80"};
const ExecutableDesc kPtx90{"cuda", "ptx", "sm_90"};
const ExecutableDesc kOpenCL{"opencl", "opencl-c", ""};

std::vector<DeviceInfo> zoo() {
  return {dev("opencl", 0, "pthread-cpu", DeviceKind::CPU),
          dev("opencl", 1, "Some Accelerator", DeviceKind::Accelerator),
          dev("opencl", 2, "Some GPU", DeviceKind::GPU),
          dev("cuda", 0, "NVIDIA A100", DeviceKind::GPU, "sm_80"),
          dev("cuda", 1, "NVIDIA H100", DeviceKind::GPU, "sm_90")};
}

/// Runs selection; returns "api:ordinal/executable index" or "error: msg".
std::string pick(const std::vector<DeviceInfo> &devices,
                 const std::vector<ExecutableDesc> &exes,
                 const std::string &request,
                 const std::vector<DriverNote> &notes = {}) {
  Selection sel;
  Status st = selectDevice(devices, exes, request, notes, sel);
  if (!st.isOk())
    return "error: " + st.message();
  return devices[sel.device].api + ":" +
         std::to_string(devices[sel.device].ordinal) + "/" +
         std::to_string(sel.executable);
}

} // namespace

TEST(DeviceSelection, ParseRequest) {
  DeviceRequest r;
  ASSERT_TRUE(parseDeviceRequest("auto", r).isOk());
  EXPECT_TRUE(r.isAuto());
  ASSERT_TRUE(parseDeviceRequest("", r).isOk());
  EXPECT_TRUE(r.isAuto());
  ASSERT_TRUE(parseDeviceRequest("cuda:3", r).isOk());
  EXPECT_EQ(r.api, "cuda");
  EXPECT_EQ(r.ordinal, 3);
  ASSERT_TRUE(parseDeviceRequest("opencl", r).isOk());
  EXPECT_EQ(r.api, "opencl");
  EXPECT_EQ(r.ordinal, -1);
  for (const char *bad : {"cuda:", ":0", "cuda:x", "cuda:-1", "cuda:0:1",
                          "auto:0", "cu da", "cuda:1234567"}) {
    Status st = parseDeviceRequest(bad, r);
    ASSERT_FALSE(st.isOk()) << bad;
    EXPECT_EQ(st.code(), StatusCode::InvalidArgument);
    EXPECT_NE(st.message().find(std::string("invalid device '") + bad + "'"),
              std::string::npos)
        << st.message();
  }
}

TEST(DeviceSelection, SmVersions) {
  EXPECT_EQ(parseSmVersion("sm_90"), 90);
  EXPECT_EQ(parseSmVersion("sm_90a"), 90);
  EXPECT_EQ(parseSmVersion("compute_75"), 75);
  EXPECT_EQ(parseSmVersion("sm_"), -1);
  EXPECT_EQ(parseSmVersion("gfx90a"), -1);
  EXPECT_EQ(parseSmVersion(""), -1);
}

TEST(DeviceSelection, ArchCompatibility) {
  std::string why;
  DeviceInfo h100 = dev("cuda", 0, "H100", DeviceKind::GPU, "sm_90");
  DeviceInfo a100 = dev("cuda", 0, "A100", DeviceKind::GPU, "sm_80");
  EXPECT_TRUE(executableRunsOn(h100, kPtx80, why));
  EXPECT_TRUE(executableRunsOn(h100, kPtx90, why));
  EXPECT_TRUE(executableRunsOn(a100, kPtx80, why));
  EXPECT_FALSE(executableRunsOn(a100, kPtx90, why));
  EXPECT_EQ(why, "code for sm_90 needs sm_90 or newer, the device is sm_80");
  EXPECT_FALSE(executableRunsOn(a100, kOpenCL, why));
  EXPECT_NE(why.find("for opencl"), std::string::npos) << why;
  DeviceInfo cpu = dev("opencl", 0, "cpu", DeviceKind::CPU);
  EXPECT_TRUE(executableRunsOn(cpu, kOpenCL, why));
  EXPECT_FALSE(executableRunsOn(cpu, kPtx80, why));
  // A non-SM arch must match exactly.
  DeviceInfo gfx = dev("opencl", 0, "gpu", DeviceKind::GPU, "gfx90a");
  EXPECT_TRUE(executableRunsOn(gfx, {"opencl", "opencl-c", "gfx90a"}, why));
  EXPECT_FALSE(executableRunsOn(gfx, {"opencl", "opencl-c", "gfx1100"}, why));
  // Arch-specific PTX (sm_90a) runs on sm_90 only, not on newer GPUs.
  DeviceInfo b200 = dev("cuda", 0, "B200", DeviceKind::GPU, "sm_100");
  ExecutableDesc ptx90a{"cuda", "ptx", "sm_90a"};
  EXPECT_TRUE(executableRunsOn(h100, ptx90a, why));
  EXPECT_FALSE(executableRunsOn(b200, ptx90a, why));
  EXPECT_EQ(why, "code for sm_90a runs only on sm_90, the device is sm_100");
}

TEST(DeviceSelection, AutoRanking) {
  std::vector<DeviceInfo> all = zoo();
  // CUDA GPUs first (the first one that can run the code).
  EXPECT_EQ(pick(all, {kOpenCL, kPtx80}, "auto"), "cuda:0/1");
  EXPECT_EQ(pick(all, {kOpenCL, kPtx90}, "auto"), "cuda:1/1");
  // Then OpenCL GPU, accelerator, CPU.
  EXPECT_EQ(pick(all, {kOpenCL}, "auto"), "opencl:2/0");
  all.erase(all.begin() + 2); // no OpenCL GPU
  EXPECT_EQ(pick(all, {kOpenCL}, "auto"), "opencl:1/0");
  all.erase(all.begin() + 1); // no accelerator
  EXPECT_EQ(pick(all, {kOpenCL}, "auto"), "opencl:0/0");
  // A CUDA device that cannot run the code is skipped for OpenCL.
  std::vector<DeviceInfo> mixed = {
      dev("opencl", 0, "pthread-cpu", DeviceKind::CPU),
      dev("cuda", 0, "NVIDIA A100", DeviceKind::GPU, "sm_80")};
  EXPECT_EQ(pick(mixed, {kPtx90, kOpenCL}, "auto"), "opencl:0/1");
  // Ties keep enumeration order.
  std::vector<DeviceInfo> twoGpus = {
      dev("opencl", 0, "gpu a", DeviceKind::GPU),
      dev("opencl", 1, "gpu b", DeviceKind::GPU)};
  EXPECT_EQ(pick(twoGpus, {kOpenCL}, "auto"), "opencl:0/0");
  EXPECT_EQ(deviceRank(mixed[1]), 0);
  EXPECT_EQ(deviceRank(mixed[0]), 3);
}

TEST(DeviceSelection, PrefersExactArchThenNewest) {
  std::vector<DeviceInfo> h100 = {
      dev("cuda", 0, "NVIDIA H100", DeviceKind::GPU, "sm_90")};
  EXPECT_EQ(pick(h100, {kPtx80, kPtx90}, "auto"), "cuda:0/1");
  EXPECT_EQ(pick(h100, {kPtx90, kPtx80}, "auto"), "cuda:0/0");
  ExecutableDesc ptx75{"cuda", "ptx", "sm_75"};
  EXPECT_EQ(pick(h100, {ptx75, kPtx80}, "cuda:0"), "cuda:0/1");
}

TEST(DeviceSelection, ExplicitRequests) {
  std::vector<DeviceInfo> all = zoo();
  EXPECT_EQ(pick(all, {kOpenCL, kPtx80}, "cuda:1"), "cuda:1/1");
  EXPECT_EQ(pick(all, {kOpenCL, kPtx80}, "opencl:0"), "opencl:0/0");
  // `opencl` means the first OpenCL device that can run it, in order.
  EXPECT_EQ(pick(all, {kOpenCL, kPtx80}, "opencl"), "opencl:0/0");
  EXPECT_EQ(pick(all, {kPtx90}, "cuda"), "cuda:1/0");
}

TEST(DeviceSelection, ErrorWhenExecutablesAreForAnotherApi) {
  std::vector<DeviceInfo> one = {
      dev("cuda", 0, "NVIDIA H100", DeviceKind::GPU, "sm_90")};
  Selection sel;
  Status st = selectDevice(one, {kOpenCL}, "auto", {}, sel);
  ASSERT_FALSE(st.isOk());
  EXPECT_EQ(st.code(), StatusCode::NoDevice);
  EXPECT_EQ(st.message(),
            "no device can run this artifact: the artifact has executables "
            "for [opencl] but the only device is cuda:0 (NVIDIA H100)");
}

TEST(DeviceSelection, ErrorWhenArchTooOld) {
  std::vector<DeviceInfo> one = {
      dev("cuda", 0, "NVIDIA A100", DeviceKind::GPU, "sm_80")};
  std::string msg = pick(one, {kPtx90}, "cuda:0");
  EXPECT_EQ(msg, "error: device cuda:0 (NVIDIA A100) cannot run this "
                 "artifact: the artifact has executables for [cuda sm_90]; "
                 "cuda:0 (NVIDIA A100): code for sm_90 needs sm_90 or newer, "
                 "the device is sm_80");
}

TEST(DeviceSelection, ErrorWhenNoDevices) {
  std::vector<DriverNote> notes = {{"cuda", "libcuda.so.1 not found"},
                                   {"opencl", "no platform"}};
  EXPECT_EQ(pick({}, {kOpenCL}, "auto", notes),
            "error: no devices found: cuda: libcuda.so.1 not found; opencl: "
            "no platform");
  EXPECT_EQ(pick({}, {kOpenCL}, "opencl:0", notes),
            "error: device opencl:0 requested but no devices found: cuda: "
            "libcuda.so.1 not found; opencl: no platform");
  EXPECT_EQ(pick({}, {kOpenCL}, "auto"),
            "error: no devices found: no device drivers are built into this "
            "runtime");
}

TEST(DeviceSelection, ErrorWhenRequestedDeviceMissing) {
  std::vector<DeviceInfo> one = {
      dev("opencl", 0, "pthread-cpu", DeviceKind::CPU)};
  EXPECT_EQ(pick(one, {kOpenCL}, "opencl:1"),
            "error: device opencl:1 not found; the only device is opencl:0 "
            "(pthread-cpu)");
  EXPECT_EQ(pick(one, {kOpenCL, kPtx80}, "cuda", {{"cuda", "no CUDA driver"}}),
            "error: device cuda not found (cuda: no CUDA driver); the only "
            "device is opencl:0 (pthread-cpu)");
  std::vector<DeviceInfo> two = {
      dev("opencl", 0, "pthread-cpu", DeviceKind::CPU),
      dev("cuda", 0, "NVIDIA H100", DeviceKind::GPU, "sm_90")};
  EXPECT_EQ(pick(two, {kOpenCL}, "cuda:1"),
            "error: device cuda:1 not found; the devices are opencl:0 "
            "(pthread-cpu), cuda:0 (NVIDIA H100)");
}

TEST(DeviceSelection, NoExecutablesAtAll) {
  std::vector<DeviceInfo> one = {
      dev("opencl", 0, "pthread-cpu", DeviceKind::CPU)};
  EXPECT_EQ(pick(one, {}, "auto"),
            "error: no device can run this artifact: the artifact has no "
            "executables but the only device is opencl:0 (pthread-cpu)");
}

TEST(DeviceSelection, CustomPredicateIsConsultedAndTargetStillChecked) {
  std::vector<DeviceInfo> devices = {dev("opencl", 0, "gpu", DeviceKind::GPU),
                                     dev("opencl", 1, "cpu", DeviceKind::CPU)};
  std::vector<ExecutableDesc> exes = {kPtx80, kOpenCL};
  int calls = 0;
  Selection sel;
  // The GPU's driver says it cannot build the code (e.g. a missing
  // extension): the CPU wins.
  Status st = selectDevice(devices, exes, "auto", {}, sel,
                           [&](size_t d, size_t e, std::string &why) {
                             ++calls;
                             EXPECT_EQ(e, 1u) << "target mismatch not filtered";
                             if (d == 0) {
                               why = "needs cl_khr_fp16";
                               return false;
                             }
                             return true;
                           });
  ASSERT_TRUE(st.isOk()) << st.message();
  EXPECT_EQ(sel.device, 1u);
  EXPECT_EQ(sel.executable, 1u);
  EXPECT_EQ(calls, 2);
  st = selectDevice(devices, exes, "opencl:0", {}, sel,
                    [&](size_t, size_t, std::string &why) {
                      why = "needs cl_khr_fp16";
                      return false;
                    });
  ASSERT_FALSE(st.isOk());
  EXPECT_NE(st.message().find("opencl:0 (gpu): needs cl_khr_fp16"),
            std::string::npos)
      << st.message();
}

TEST(DeviceSelection, InvalidRequestIsInvalidArgument) {
  Selection sel;
  Status st = selectDevice(zoo(), {kOpenCL}, "gpu:x", {}, sel);
  ASSERT_FALSE(st.isOk());
  EXPECT_EQ(st.code(), StatusCode::InvalidArgument);
}

TEST(DeviceSelection, Describe) {
  EXPECT_EQ(describeDevice(dev("cuda", 2, "NVIDIA H100", DeviceKind::GPU)),
            "cuda:2 (NVIDIA H100)");
}

TEST(DeviceSelection, FallbackToAnEmulatedVariantIsExplained) {
  const ExecutableDesc emulated{"cuda", "ptx", "sm_80",
                                "FP8 conversions emulated"};
  const ExecutableDesc native{"cuda", "ptx", "sm_89", "FP8 conversions native"};
  std::vector<DeviceInfo> devices = {
      dev("cuda", 0, "NVIDIA A100", DeviceKind::GPU, "sm_80"),
      dev("cuda", 1, "NVIDIA L4", DeviceKind::GPU, "sm_89")};

  Selection sel;
  ASSERT_TRUE(
      selectDevice(devices, {emulated, native}, "cuda:0", {}, sel).isOk());
  EXPECT_EQ(sel.executable, 0u);
  EXPECT_EQ(sel.fallback,
            "cuda:0 (NVIDIA A100) runs the artifact's ptx sm_80 (FP8 "
            "conversions emulated) executable, not the ptx sm_89 (FP8 "
            "conversions native) one: code for sm_89 needs sm_89 or newer, "
            "the device is sm_80");

  // A device that runs the native variant needs no explanation.
  ASSERT_TRUE(
      selectDevice(devices, {emulated, native}, "cuda:1", {}, sel).isOk());
  EXPECT_EQ(sel.executable, 1u);
  EXPECT_EQ(sel.fallback, "");

  // Variants that differ only in architecture are not worth a note.
  ASSERT_TRUE(
      selectDevice(devices, {kPtx80, kPtx90}, "cuda:0", {}, sel).isOk());
  EXPECT_EQ(sel.executable, 0u);
  EXPECT_EQ(sel.fallback, "");
}

TEST(DeviceSelection, DescribeExecutable) {
  EXPECT_EQ(describeExecutable(kOpenCL), "opencl-c");
  EXPECT_EQ(describeExecutable(kPtx90), "ptx sm_90");
  EXPECT_EQ(describeExecutable({"cuda", "ptx", "sm_80",
                                "FP8 conversions "
                                "emulated"}),
            "ptx sm_80 (FP8 conversions emulated)");
}
