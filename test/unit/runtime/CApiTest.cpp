//===- CApiTest.cpp - The C API over a fake driver ------------------------===//
//
// Drives octet/runtime.h end to end (device listing, artifact handles and
// their input checks, load, signature, run, outputs, status codes) with a
// runtime wrapped around fake drivers.
//
//===----------------------------------------------------------------------===//
#include "octet/runtime.h"
#include "runtime/src/CApiInternal.h"
#include "test/unit/runtime/TestArtifacts.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

using namespace octet;
using namespace octet::test;

// Allocation failure injection: while gAllocationsLeft >= 0, that many more
// operator new calls on this thread succeed and the rest fail. The default
// operator delete frees with std::free, which matches std::malloc here.
static thread_local long gAllocationsLeft = -1;

void *operator new(std::size_t size) {
  if (gAllocationsLeft == 0)
    throw std::bad_alloc();
  if (gAllocationsLeft > 0)
    --gAllocationsLeft;
  if (void *p = std::malloc(size ? size : 1))
    return p;
  throw std::bad_alloc();
}

void *operator new(std::size_t size, const std::nothrow_t &) noexcept {
  try {
    return ::operator new(size);
  } catch (...) {
    return nullptr;
  }
}

namespace {

/// Makes operator new fail after `allowed` more allocations for its life.
struct FailAllocations {
  explicit FailAllocations(long allowed) { gAllocationsLeft = allowed; }
  ~FailAllocations() { gAllocationsLeft = -1; }
};

struct CApi : ::testing::Test {
  octet_runtime *rt = nullptr;
  octet_model *model = nullptr;
  std::string path;

  void SetUp() override {
    std::vector<std::unique_ptr<hal::Driver>> drivers;
    drivers.push_back(std::make_unique<FakeDriver>(
        "cuda", std::vector<hal::DeviceInfo>{}, "libcuda.so.1 not found"));
    hal::DeviceInfo info =
        fakeInfo("fake", 0, "Fake GPU", hal::DeviceKind::Accelerator, "fk1");
    info.hasBf16 = true;
    info.driverVersion = "9.9";
    drivers.push_back(std::make_unique<FakeDriver>(
        "fake", std::vector<hal::DeviceInfo>{info}));
    rt = capi::wrapRuntime(std::make_unique<Runtime>(std::move(drivers)));
    path = writeTempFile("m.octet", buildFile(sampleArtifact()));
  }
  void TearDown() override {
    octet_model_destroy(model);
    octet_runtime_destroy(rt);
  }
  /// Returns the status message and frees it ("" for success).
  static std::string take(octet_status *st, octet_status_code *code = nullptr) {
    if (code)
      *code = octet_status_get_code(st);
    std::string msg = octet_status_message(st);
    octet_status_free(st);
    return msg;
  }
};

} // namespace

TEST_F(CApi, Devices) {
  ASSERT_EQ(octet_runtime_device_count(rt), 1u);
  octet_device_info info;
  ASSERT_EQ(take(octet_runtime_device_info(rt, 0, &info)), "");
  EXPECT_STREQ(info.api, "fake");
  EXPECT_EQ(info.ordinal, 0);
  EXPECT_STREQ(info.name, "Fake GPU");
  EXPECT_EQ(info.kind, OCTET_DEVICE_ACCELERATOR);
  EXPECT_EQ(info.memory_bytes, 1ull << 30);
  EXPECT_EQ(info.has_fp16, 1);
  EXPECT_EQ(info.has_bf16, 1);
  EXPECT_EQ(info.has_fp8, 0);
  EXPECT_STREQ(info.arch, "fk1");
  EXPECT_STREQ(info.driver_version, "9.9");
  octet_status_code code;
  EXPECT_EQ(take(octet_runtime_device_info(rt, 1, &info), &code),
            "device index 1 out of range (1 devices)");
  EXPECT_EQ(code, OCTET_STATUS_INVALID_ARGUMENT);

  ASSERT_EQ(octet_runtime_driver_count(rt), 2u);
  EXPECT_STREQ(octet_runtime_driver_name(rt, 0), "cuda");
  EXPECT_STREQ(octet_runtime_driver_note(rt, 0), "libcuda.so.1 not found");
  EXPECT_STREQ(octet_runtime_driver_name(rt, 1), "fake");
  EXPECT_EQ(octet_runtime_driver_note(rt, 1), nullptr);
  EXPECT_EQ(octet_runtime_driver_name(rt, 2), nullptr);
  EXPECT_STREQ(octet_runtime_no_device_reasons(rt),
               "cuda: libcuda.so.1 not found");
}

TEST_F(CApi, LoadRunAndReadOutputs) {
  ASSERT_EQ(take(octet_model_load(rt, path.c_str(), "auto", &model)), "");
  EXPECT_STREQ(octet_model_device_description(model),
               "fake:0 (Fake GPU), executable fake-c");
  EXPECT_EQ(octet_model_device_index(model), 0u);
  ASSERT_EQ(octet_model_input_count(model), 1u);
  ASSERT_EQ(octet_model_output_count(model), 3u);
  octet_tensor info;
  ASSERT_EQ(take(octet_model_input_info(model, 0, &info)), "");
  EXPECT_STREQ(info.name, "x");
  EXPECT_EQ(info.dtype, OCTET_DTYPE_F32);
  ASSERT_EQ(info.rank, 2);
  EXPECT_EQ(info.dims[0], 2);
  EXPECT_EQ(info.dims[1], 3);
  EXPECT_EQ(info.size_bytes, 24u);
  EXPECT_EQ(info.data, nullptr);
  ASSERT_EQ(take(octet_model_output_info(model, 2, &info)), "");
  EXPECT_STREQ(info.name, "tail");
  EXPECT_EQ(info.size_bytes, 12u);

  octet_status_code code;
  EXPECT_EQ(take(octet_model_output(model, 0, &info), &code),
            "output 'y': the model has not run successfully yet");
  EXPECT_EQ(code, OCTET_STATUS_INVALID_ARGUMENT);

  std::vector<float> x = {1, 2, 3, 4, 5, 6};
  int64_t dims[2] = {2, 3};
  octet_tensor in = {"x", OCTET_DTYPE_F32, 2, dims, x.data(), 24};
  for (int run = 0; run < 2; ++run) {
    ASSERT_EQ(take(octet_model_run(model, &in, 1)), "");
    octet_tensor out;
    ASSERT_EQ(take(octet_model_output(model, 0, &out)), "");
    EXPECT_STREQ(out.name, "y");
    std::vector<float> y(6);
    for (int i = 0; i < 6; ++i)
      y[i] = 2 * (x[i] + float(i + 1));
    EXPECT_EQ(bytesToFloats(out.data, out.size_bytes), y);
    ASSERT_EQ(take(octet_model_output(model, 2, &out)), "");
    EXPECT_EQ(bytesToFloats(out.data, out.size_bytes),
              (std::vector<float>{8, 10, 12}));
    x[0] = 100; // The second run must see it.
  }
}

TEST_F(CApi, ProfiledRunGivesEveryStepATimeAndTheSameOutputs) {
  ASSERT_EQ(take(octet_model_load(rt, path.c_str(), "auto", &model)), "");
  size_t steps = octet_model_step_count(model);
  ASSERT_GT(steps, 0u);
  for (size_t s = 0; s < steps; ++s)
    EXPECT_NE(std::string(octet_model_step_name(model, s)), "") << s;
  EXPECT_STREQ(octet_model_step_name(model, steps), "");

  std::vector<float> x = {1, 2, 3, 4, 5, 6};
  int64_t dims[2] = {2, 3};
  octet_tensor in = {"x", OCTET_DTYPE_F32, 2, dims, x.data(), 24};
  std::vector<double> ms(steps, -1.0), deviceMs(steps, -2.0);
  ASSERT_EQ(take(octet_model_run_profiled(model, &in, 1, ms.data(),
                                          deviceMs.data(), steps)),
            "");
  for (size_t s = 0; s < steps; ++s) {
    EXPECT_GE(ms[s], 0.0) << s;
    // A kernel's device time, or -1 (copies, devices without a timer).
    EXPECT_TRUE(deviceMs[s] >= 0.0 || deviceMs[s] == -1.0) << s;
  }
  ASSERT_EQ(
      take(octet_model_run_profiled(model, &in, 1, ms.data(), nullptr, steps)),
      "");
  octet_tensor out;
  ASSERT_EQ(take(octet_model_output(model, 2, &out)), "");
  EXPECT_EQ(bytesToFloats(out.data, out.size_bytes),
            (std::vector<float>{8, 10, 12}));
  EXPECT_EQ(take(octet_model_run_profiled(model, &in, 1, nullptr, nullptr, 1)),
            "octet_model_run_profiled: null argument");
}

TEST_F(CApi, RunErrorsAreInvalidArgument) {
  ASSERT_EQ(take(octet_model_load(rt, path.c_str(), nullptr, &model)), "");
  std::vector<float> x(6);
  int64_t dims[2] = {3, 2};
  octet_tensor in = {"x", OCTET_DTYPE_F32, 2, dims, x.data(), 24};
  octet_status_code code;
  EXPECT_EQ(take(octet_model_run(model, &in, 1), &code),
            "input 'x': expected f32[2,3], got f32[3,2]");
  EXPECT_EQ(code, OCTET_STATUS_INVALID_ARGUMENT);
  in.rank = -1;
  EXPECT_EQ(take(octet_model_run(model, &in, 1), &code),
            "input 'x': invalid rank or dims");
  in.name = nullptr;
  EXPECT_EQ(take(octet_model_run(model, &in, 1), &code), "input 0 has no name");
  // A failed run leaves no stale outputs readable.
  octet_tensor out;
  EXPECT_NE(take(octet_model_output(model, 0, &out)), "");
}

TEST_F(CApi, LoadErrorsCarryCodes) {
  octet_status_code code;
  std::string msg =
      take(octet_model_load(rt, "/nonexistent/m.octet", "auto", &model), &code);
  EXPECT_EQ(code, OCTET_STATUS_NOT_FOUND);
  EXPECT_EQ(msg.rfind("/nonexistent/m.octet: cannot open", 0), 0u) << msg;
  EXPECT_EQ(model, nullptr);

  msg = take(octet_model_load(rt, path.c_str(), "cuda:0", &model), &code);
  EXPECT_EQ(code, OCTET_STATUS_NO_DEVICE);
  EXPECT_EQ(msg, path + ": device cuda:0 not found (cuda: libcuda.so.1 not "
                        "found); the only device is fake:0 (Fake GPU)");

  msg = take(octet_model_load(rt, path.c_str(), "cuda:zero", &model), &code);
  EXPECT_EQ(code, OCTET_STATUS_INVALID_ARGUMENT);

  std::string bad = writeTempFile("bad.octet", {'O', 'C', 'T'});
  msg = take(octet_model_load(rt, bad.c_str(), "auto", &model), &code);
  EXPECT_EQ(code, OCTET_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
  EXPECT_EQ(model, nullptr);
}

TEST_F(CApi, NullArgumentsAreHandled) {
  EXPECT_EQ(octet_status_get_code(nullptr), OCTET_STATUS_OK);
  EXPECT_STREQ(octet_status_message(nullptr), "");
  octet_status_free(nullptr);
  octet_model_destroy(nullptr);
  octet_runtime_destroy(nullptr);
  EXPECT_EQ(octet_runtime_device_count(nullptr), 0u);
  EXPECT_NE(take(octet_model_load(nullptr, "x", "auto", &model)), "");
  EXPECT_NE(take(octet_model_run(nullptr, nullptr, 0)), "");
  EXPECT_EQ(octet_model_input_count(nullptr), 0u);
}

TEST_F(CApi, ArtifactSignatureWithoutADevice) {
  octet_artifact *a = nullptr;
  ASSERT_EQ(take(octet_artifact_open(path.c_str(), &a)), "");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(octet_artifact_input_count(a), 1u);
  ASSERT_EQ(octet_artifact_output_count(a), 3u);
  octet_tensor info;
  ASSERT_EQ(take(octet_artifact_input_info(a, 0, &info)), "");
  EXPECT_STREQ(info.name, "x");
  EXPECT_EQ(info.dtype, OCTET_DTYPE_F32);
  ASSERT_EQ(info.rank, 2);
  EXPECT_EQ(info.dims[0], 2);
  EXPECT_EQ(info.dims[1], 3);
  EXPECT_EQ(info.size_bytes, 24u);
  EXPECT_EQ(info.data, nullptr);
  ASSERT_EQ(take(octet_artifact_output_info(a, 2, &info)), "");
  EXPECT_STREQ(info.name, "tail");
  EXPECT_EQ(info.size_bytes, 12u);
  octet_status_code code;
  EXPECT_EQ(take(octet_artifact_output_info(a, 3, &info), &code),
            "output index 3 out of range (3)");
  EXPECT_EQ(code, OCTET_STATUS_INVALID_ARGUMENT);

  // The model's signature is the artifact's, field for field.
  ASSERT_EQ(take(octet_model_load_artifact(rt, a, "auto", &model)), "");
  for (size_t i = 0; i < 4; ++i) {
    bool input = i == 0;
    size_t index = input ? 0 : i - 1;
    octet_tensor fromArtifact, fromModel;
    ASSERT_EQ(take(input ? octet_artifact_input_info(a, index, &fromArtifact)
                         : octet_artifact_output_info(a, index, &fromArtifact)),
              "");
    ASSERT_EQ(take(input ? octet_model_input_info(model, index, &fromModel)
                         : octet_model_output_info(model, index, &fromModel)),
              "");
    EXPECT_STREQ(fromArtifact.name, fromModel.name);
    EXPECT_EQ(fromArtifact.dtype, fromModel.dtype);
    ASSERT_EQ(fromArtifact.rank, fromModel.rank);
    for (int32_t d = 0; d < fromArtifact.rank; ++d)
      EXPECT_EQ(fromArtifact.dims[d], fromModel.dims[d]);
    EXPECT_EQ(fromArtifact.size_bytes, fromModel.size_bytes);
  }
  octet_artifact_close(a);
}

TEST_F(CApi, ArtifactCheckInputsMatchesRun) {
  octet_artifact *a = nullptr;
  ASSERT_EQ(take(octet_artifact_open(path.c_str(), &a)), "");
  ASSERT_EQ(take(octet_model_load_artifact(rt, a, nullptr, &model)), "");
  std::vector<float> x(6);
  int64_t good[2] = {2, 3}, transposed[2] = {3, 2};
  octet_tensor ok = {"x", OCTET_DTYPE_F32, 2, good, x.data(), 24};
  EXPECT_EQ(take(octet_artifact_check_inputs(a, &ok, 1)), "");

  std::vector<std::vector<octet_tensor>> cases;
  cases.push_back({});                                              // missing
  cases.push_back({ok, ok});                                        // twice
  cases.push_back({{"q", OCTET_DTYPE_F32, 2, good, x.data(), 24}}); // unknown
  cases.push_back({{"x", OCTET_DTYPE_F32, 2, transposed, x.data(), 24}});
  cases.push_back({{"x", OCTET_DTYPE_F16, 2, good, x.data(), 12}});
  cases.push_back({{"x", OCTET_DTYPE_F32, 1, good, x.data(), 24}});
  cases.push_back({{"x", OCTET_DTYPE_F32, 2, good, x.data(), 20}});
  cases.push_back({{"x", OCTET_DTYPE_F32, 2, good, nullptr, 24}});
  cases.push_back({{"x", OCTET_DTYPE_F32, -1, good, x.data(), 24}});
  cases.push_back({{nullptr, OCTET_DTYPE_F32, 2, good, x.data(), 24}});
  std::vector<std::string> expected = {
      "missing input 'x' (f32[2,3])",
      "input 'x' is given twice",
      "unknown input 'q'; the model's inputs are: x (f32[2,3])",
      "input 'x': expected f32[2,3], got f32[3,2]",
      "input 'x': expected f32[2,3], got f16[2,3]",
      "input 'x': expected f32[2,3], got f32[2]",
      "input 'x': f32[2,3] needs 24 bytes of data, got 20",
      "input 'x': f32[2,3] needs 24 bytes of data, got 0",
      "input 'x': invalid rank or dims",
      "input 0 has no name",
  };
  ASSERT_EQ(cases.size(), expected.size());
  for (size_t c = 0; c < cases.size(); ++c) {
    octet_status_code checkCode, runCode;
    std::string check =
        take(octet_artifact_check_inputs(a, cases[c].data(), cases[c].size()),
             &checkCode);
    std::string run = take(
        octet_model_run(model, cases[c].data(), cases[c].size()), &runCode);
    EXPECT_EQ(check, expected[c]) << c;
    EXPECT_EQ(check, run) << c;
    EXPECT_EQ(checkCode, OCTET_STATUS_INVALID_ARGUMENT) << c;
    EXPECT_EQ(runCode, OCTET_STATUS_INVALID_ARGUMENT) << c;
  }
  octet_artifact_close(a);
}

TEST_F(CApi, ModelOutlivesItsArtifactHandle) {
  octet_artifact *a = nullptr;
  ASSERT_EQ(take(octet_artifact_open(path.c_str(), &a)), "");
  octet_model *second = nullptr;
  ASSERT_EQ(take(octet_model_load_artifact(rt, a, "fake:0", &model)), "");
  ASSERT_EQ(take(octet_model_load_artifact(rt, a, "auto", &second)), "");
  octet_artifact_close(a);
  std::remove(path.c_str()); // The bytes are in memory, shared.

  EXPECT_STREQ(octet_model_device_description(model),
               "fake:0 (Fake GPU), executable fake-c");
  octet_tensor info;
  ASSERT_EQ(take(octet_model_input_info(model, 0, &info)), "");
  EXPECT_STREQ(info.name, "x");
  std::vector<float> x = {1, 2, 3, 4, 5, 6};
  int64_t dims[2] = {2, 3};
  octet_tensor in = {"x", OCTET_DTYPE_F32, 2, dims, x.data(), 24};
  for (octet_model *m : {model, second}) {
    ASSERT_EQ(take(octet_model_run(m, &in, 1)), "");
    octet_tensor out;
    ASSERT_EQ(take(octet_model_output(m, 2, &out)), "");
    EXPECT_STREQ(out.name, "tail");
    EXPECT_EQ(bytesToFloats(out.data, out.size_bytes),
              (std::vector<float>{8, 10, 12}));
  }
  octet_model_destroy(second);
}

TEST_F(CApi, DescribeChoiceAndFallback) {
  octet_artifact *a = nullptr;
  ASSERT_EQ(take(octet_artifact_open(path.c_str(), &a)), "");
  char buffer[64];
  size_t length =
      octet_runtime_describe_choice(rt, a, 0, buffer, sizeof(buffer));
  EXPECT_EQ(length, std::strlen("fake-c"));
  EXPECT_STREQ(buffer, "fake-c");
  // Truncated like snprintf; the length is the whole text's.
  char small[4];
  EXPECT_EQ(octet_runtime_describe_choice(rt, a, 0, small, sizeof(small)),
            length);
  EXPECT_STREQ(small, "fak");
  EXPECT_STREQ(
      (octet_runtime_describe_choice(rt, a, 7, buffer, sizeof(buffer)), buffer),
      "none: no such device or artifact");

  // One executable, nothing refused: no fallback to explain.
  ASSERT_EQ(take(octet_model_load_artifact(rt, a, "fake:0", &model)), "");
  EXPECT_STREQ(octet_model_fallback(model), "");
  octet_artifact_close(a);
}

TEST_F(CApi, ArtifactErrors) {
  octet_status_code code;
  octet_artifact *a = nullptr;
  std::string msg =
      take(octet_artifact_open("/nonexistent/m.octet", &a), &code);
  EXPECT_EQ(code, OCTET_STATUS_NOT_FOUND);
  EXPECT_EQ(msg.rfind("/nonexistent/m.octet: cannot open", 0), 0u) << msg;
  EXPECT_EQ(a, nullptr);
  std::string bad = writeTempFile("bad.octet", {'O', 'C', 'T'});
  msg = take(octet_artifact_open(bad.c_str(), &a), &code);
  EXPECT_EQ(code, OCTET_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
  EXPECT_EQ(a, nullptr);

  // A device request that cannot be met fails the load, not the artifact.
  ASSERT_EQ(take(octet_artifact_open(path.c_str(), &a)), "");
  msg = take(octet_model_load_artifact(rt, a, "cuda:0", &model), &code);
  EXPECT_EQ(code, OCTET_STATUS_NO_DEVICE);
  EXPECT_EQ(msg, path + ": device cuda:0 not found (cuda: libcuda.so.1 not "
                        "found); the only device is fake:0 (Fake GPU)");
  EXPECT_EQ(model, nullptr);
  ASSERT_EQ(take(octet_model_load_artifact(rt, a, "auto", &model)), "");

  // Null arguments.
  EXPECT_EQ(take(octet_artifact_open(nullptr, &a), &code),
            "octet_artifact_open: null argument");
  EXPECT_EQ(code, OCTET_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(take(octet_artifact_open(path.c_str(), nullptr), &code),
            "octet_artifact_open: null argument");
  EXPECT_EQ(take(octet_artifact_check_inputs(nullptr, nullptr, 0), &code),
            "octet_artifact_check_inputs: null argument");
  EXPECT_EQ(code, OCTET_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(take(octet_artifact_check_inputs(a, nullptr, 1), &code),
            "octet_artifact_check_inputs: null argument");
  octet_model *other = nullptr;
  EXPECT_EQ(take(octet_model_load_artifact(nullptr, a, "auto", &other), &code),
            "octet_model_load_artifact: null argument");
  EXPECT_EQ(code, OCTET_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(take(octet_model_load_artifact(rt, nullptr, "auto", &other)),
            "octet_model_load_artifact: null argument");
  EXPECT_EQ(take(octet_model_load_artifact(rt, a, "auto", nullptr)),
            "octet_model_load_artifact: null argument");
  EXPECT_EQ(other, nullptr);
  octet_tensor info;
  EXPECT_EQ(take(octet_artifact_input_info(nullptr, 0, &info), &code),
            "null argument");
  EXPECT_EQ(code, OCTET_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(take(octet_artifact_output_info(a, 0, nullptr)), "null argument");
  EXPECT_EQ(octet_artifact_input_count(nullptr), 0u);
  EXPECT_EQ(octet_artifact_output_count(nullptr), 0u);
  octet_artifact_close(nullptr);
  octet_artifact_close(a);
}

TEST(CApiOutOfMemory, FailureIsNeverNull) {
  Status failure =
      Status::error(StatusCode::InvalidArgument,
                    "a message long enough not to fit in a small std::string");
  // 0: the status itself cannot be allocated; 1: its message cannot.
  for (long allowed : {0L, 1L}) {
    octet_status *st = nullptr;
    {
      FailAllocations fail(allowed);
      st = capi::toCStatus(failure);
    }
    ASSERT_NE(st, nullptr) << allowed;
    EXPECT_EQ(st, capi::outOfMemoryStatus());
    EXPECT_EQ(octet_status_get_code(st), OCTET_STATUS_FAILURE);
    EXPECT_STREQ(octet_status_message(st), "out of host memory");
    octet_status_free(st); // A no-op: it is statically allocated.
    octet_status_free(st);
    EXPECT_STREQ(octet_status_message(st), "out of host memory");
  }
  // With memory, statuses are allocated as usual.
  octet_status *st = capi::toCStatus(failure);
  ASSERT_NE(st, nullptr);
  EXPECT_NE(st, capi::outOfMemoryStatus());
  EXPECT_EQ(octet_status_get_code(st), OCTET_STATUS_INVALID_ARGUMENT);
  octet_status_free(st);
}

TEST_F(CApi, EntryPointsReportOutOfMemory) {
  octet_status *load = nullptr, *info = nullptr, *input = nullptr,
               *open = nullptr;
  octet_artifact *artifact = nullptr;
  {
    FailAllocations fail(0);
    load = octet_model_load(rt, path.c_str(), "auto", &model);
    open = octet_artifact_open(path.c_str(), &artifact);
    octet_device_info device;
    info = octet_runtime_device_info(rt, 7, &device);
    octet_tensor tensor;
    input = octet_model_input_info(model, 0, &tensor);
  }
  EXPECT_EQ(model, nullptr);
  EXPECT_EQ(artifact, nullptr);
  for (octet_status *st : {load, info, input, open}) {
    EXPECT_EQ(st, capi::outOfMemoryStatus());
    EXPECT_STREQ(octet_status_message(st), "out of host memory");
    octet_status_free(st);
  }
  // Everything works again once memory is back.
  ASSERT_EQ(take(octet_model_load(rt, path.c_str(), "auto", &model)), "");
  ASSERT_NE(model, nullptr);
}
