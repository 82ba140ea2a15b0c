//===- TestArtifacts.cpp - Artifacts and fake devices for tests -----------===//
//
// See TestArtifacts.h.
//
//===----------------------------------------------------------------------===//
#include "test/unit/runtime/TestArtifacts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace octet::test {

namespace fb = flatbuffers;
using namespace octet::artifact;

ArtifactDesc sampleArtifact() {
  ArtifactDesc d;
  d.inputs = {{"x", DType::F32, {2, 3}}};
  d.outputs = {{"y", DType::F32, {2, 3}},
               {"z", DType::F32, {2, 3}},
               {"tail", DType::F32, {3}}};
  d.constants = {floatBytes({1, 2, 3, 4, 5, 6})};
  d.slots = {24};
  d.buffers = {{BufferKind::Input, 0, 24},     {BufferKind::Constant, 0, 24},
               {BufferKind::Transient, 0, 24}, {BufferKind::Output, 0, 24},
               {BufferKind::Output, 1, 24},    {BufferKind::Output, 2, 12}};
  d.kernelNames = {"add", "scale2"};
  StepDesc add;
  add.kernel = 0;
  add.bindings = {{0, 0, 24, false}, {1, 0, 24, false}, {2, 0, 24, true}};
  StepDesc scale;
  scale.kernel = 1;
  scale.bindings = {{2, 0, 24, false}, {3, 0, 24, true}};
  StepDesc copyAll;
  copyAll.dispatch = false;
  copyAll.src = {2, 0};
  copyAll.dst = {4, 0};
  copyAll.size = 24;
  StepDesc copyTail;
  copyTail.dispatch = false;
  copyTail.src = {2, 12};
  copyTail.dst = {5, 0};
  copyTail.size = 12;
  d.steps = {add, scale, copyAll, copyTail};
  ExecDesc exe;
  exe.entries = {{"add", {2, 1, 1}, {3, 1, 1}},
                 {"scale2", {1, 1, 1}, {6, 1, 1}}};
  d.executables = {exe};
  return d;
}

std::vector<uint8_t> buildPayload(const ArtifactDesc &d) {
  fb::FlatBufferBuilder b;
  auto tensors = [&](const std::vector<TensorDesc> &ts) {
    std::vector<fb::Offset<TensorInfo>> v;
    for (const TensorDesc &t : ts)
      v.push_back(CreateTensorInfoDirect(b, t.name.c_str(), t.dtype, &t.shape));
    return b.CreateVector(v);
  };
  auto inputs = tensors(d.inputs);
  auto outputs = tensors(d.outputs);
  std::vector<fb::Offset<Buffer>> buffers;
  for (const BufferDesc &x : d.buffers)
    buffers.push_back(CreateBuffer(b, x.kind, x.index, x.size));
  auto buffersV = b.CreateVector(buffers);
  std::vector<fb::Offset<Constant>> constants;
  for (const auto &c : d.constants) {
    // The schema asks for 64; this FlatBuffers allows at most
    // FLATBUFFERS_MAX_ALIGNMENT (asserted in debug builds).
    b.ForceVectorAlignment(c.size(), 1,
                           std::min<size_t>(64, FLATBUFFERS_MAX_ALIGNMENT));
    constants.push_back(CreateConstant(b, b.CreateVector(c)));
  }
  auto constantsV = b.CreateVector(constants);
  auto slotsV = b.CreateVector(d.slots);
  std::vector<fb::Offset<fb::String>> names;
  for (const std::string &n : d.kernelNames)
    names.push_back(b.CreateString(n));
  auto namesV = b.CreateVector(names);
  std::vector<fb::Offset<PlanStep>> steps;
  for (const StepDesc &s : d.steps) {
    if (s.dispatch) {
      std::vector<fb::Offset<Binding>> bs;
      for (const BindingDesc &x : s.bindings)
        bs.push_back(CreateBinding(b, x.buffer, x.offset, x.size, x.writes));
      auto disp = CreateDispatch(b, s.kernel, b.CreateVector(bs));
      steps.push_back(CreatePlanStep(b, Step::Dispatch, disp.Union()));
    } else {
      auto src = CreateBinding(b, s.src.buffer, s.src.offset, s.size, false);
      auto dst = CreateBinding(b, s.dst.buffer, s.dst.offset, s.size, true);
      auto copy = CreateCopy(b, src, dst, s.size);
      steps.push_back(CreatePlanStep(b, Step::Copy, copy.Union()));
    }
  }
  auto stepsV = b.CreateVector(steps);
  std::vector<fb::Offset<Executable>> exes;
  for (const ExecDesc &e : d.executables) {
    std::vector<fb::Offset<EntryPoint>> eps;
    for (const EntryDesc &ep : e.entries) {
      Dim3 grid(ep.grid[0], ep.grid[1], ep.grid[2]);
      Dim3 block(ep.block[0], ep.block[1], ep.block[2]);
      eps.push_back(
          CreateEntryPoint(b, b.CreateString(ep.name), &grid, &block));
    }
    std::vector<uint8_t> code(e.code.begin(), e.code.end());
    exes.push_back(CreateExecutable(
        b, b.CreateString(e.target), b.CreateString(e.format),
        b.CreateString(e.arch), b.CreateVector(eps), b.CreateVector(code)));
  }
  auto exesV = b.CreateVector(exes);
  auto root =
      CreateArtifact(b, b.CreateString("octet unit tests"), inputs, outputs,
                     buffersV, constantsV, slotsV, namesV, stepsV, exesV);
  FinishArtifactBuffer(b, root);
  return std::vector<uint8_t>(b.GetBufferPointer(),
                              b.GetBufferPointer() + b.GetSize());
}

std::vector<uint8_t> buildFile(const ArtifactDesc &desc) {
  std::vector<uint8_t> payload = buildPayload(desc);
  return wrapPayload(payload.data(), payload.size());
}

std::string writeTempFile(const std::string &name,
                          const std::vector<uint8_t> &bytes) {
  const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("octet-runtime-tests-" + std::to_string(::getpid()));
  if (info)
    dir /= std::string(info->test_suite_name()) + "." + info->name();
  std::filesystem::create_directories(dir);
  std::string path = (dir / name).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char *>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  return path;
}

std::vector<uint8_t> floatBytes(const std::vector<float> &values) {
  std::vector<uint8_t> out(values.size() * sizeof(float));
  if (!values.empty())
    std::memcpy(out.data(), values.data(), out.size());
  return out;
}

std::vector<float> bytesToFloats(const void *data, size_t size) {
  std::vector<float> out(size / sizeof(float));
  if (!out.empty())
    std::memcpy(out.data(), data, out.size() * sizeof(float));
  return out;
}

//===----------------------------------------------------------------------===//
// Fake device
//===----------------------------------------------------------------------===//

float *floatsOf(const hal::BufferBinding &binding) {
  auto *buf = static_cast<FakeBuffer *>(binding.buffer);
  return reinterpret_cast<float *>(buf->bytes.data() + binding.offsetBytes);
}

std::map<std::string, FakeKernel> sampleKernels() {
  std::map<std::string, FakeKernel> k;
  k["add"] = [](const std::vector<hal::BufferBinding> &b,
                const std::array<uint32_t, 3> &grid,
                const std::array<uint32_t, 3> &block) {
    if (b.size() != 3)
      return Status::error("add: expected 3 bindings");
    uint32_t n = grid[0] * block[0];
    for (uint32_t i = 0; i < n; ++i)
      floatsOf(b[2])[i] = floatsOf(b[0])[i] + floatsOf(b[1])[i];
    return Status::ok();
  };
  k["scale2"] = [](const std::vector<hal::BufferBinding> &b,
                   const std::array<uint32_t, 3> &grid,
                   const std::array<uint32_t, 3> &block) {
    if (b.size() != 2)
      return Status::error("scale2: expected 2 bindings");
    uint32_t n = grid[0] * block[0];
    for (uint32_t i = 0; i < n; ++i)
      floatsOf(b[1])[i] = 2 * floatsOf(b[0])[i];
    return Status::ok();
  };
  return k;
}

bool FakeDevice::canRun(const hal::ExecutableSpec &spec,
                        std::string &why) const {
  for (const std::string &f : formats)
    if (f == spec.format) {
      if (!spec.arch.empty() && spec.arch != info_.arch) {
        why = "fake device has arch '" + info_.arch + "'";
        return false;
      }
      return true;
    }
  why = "format " + spec.format + " is not supported";
  return false;
}

Status FakeDevice::allocate(size_t sizeBytes,
                            std::unique_ptr<hal::Buffer> &out) {
  if (failAllocationsAfter >= 0 && counters.allocations >= failAllocationsAfter)
    return Status::error("fake out of memory");
  ++counters.allocations;
  out = std::make_unique<FakeBuffer>(sizeBytes);
  return Status::ok();
}

static Status checkRange(const hal::Buffer &b, size_t offset, size_t size,
                         const char *what) {
  if (offset > b.sizeBytes() || size > b.sizeBytes() - offset)
    return Status::error(std::string("fake ") + what + " out of bounds");
  return Status::ok();
}

Status FakeDevice::upload(hal::Buffer &dst, size_t offsetBytes, const void *src,
                          size_t sizeBytes) {
  OCTET_RETURN_IF_ERROR(checkRange(dst, offsetBytes, sizeBytes, "upload"));
  ++counters.uploads;
  std::memcpy(static_cast<FakeBuffer &>(dst).bytes.data() + offsetBytes, src,
              sizeBytes);
  return Status::ok();
}

Status FakeDevice::download(const hal::Buffer &src, size_t offsetBytes,
                            void *dst, size_t sizeBytes) {
  OCTET_RETURN_IF_ERROR(checkRange(src, offsetBytes, sizeBytes, "download"));
  ++counters.downloads;
  std::memcpy(dst,
              static_cast<const FakeBuffer &>(src).bytes.data() + offsetBytes,
              sizeBytes);
  return Status::ok();
}

Status FakeDevice::copy(const hal::Buffer &src, size_t srcOffsetBytes,
                        hal::Buffer &dst, size_t dstOffsetBytes,
                        size_t sizeBytes) {
  OCTET_RETURN_IF_ERROR(checkRange(src, srcOffsetBytes, sizeBytes, "copy"));
  OCTET_RETURN_IF_ERROR(checkRange(dst, dstOffsetBytes, sizeBytes, "copy"));
  ++counters.copies;
  std::memmove(static_cast<FakeBuffer &>(dst).bytes.data() + dstOffsetBytes,
               static_cast<const FakeBuffer &>(src).bytes.data() +
                   srcOffsetBytes,
               sizeBytes);
  return Status::ok();
}

Status FakeDevice::loadExecutable(const hal::ExecutableSpec &spec,
                                  std::unique_ptr<hal::Executable> &out) {
  ++counters.loads;
  lastSpec = spec;
  auto exe = std::make_unique<FakeExecutable>();
  for (const std::string &e : spec.entryPoints) {
    if (!kernels_.count(e))
      return Status::error("fake: no kernel named '" + e + "'");
    exe->entryPoints.push_back(e);
  }
  out = std::move(exe);
  return Status::ok();
}

Status FakeDevice::dispatch(hal::Executable &executable, uint32_t entryPoint,
                            const std::array<uint32_t, 3> &grid,
                            const std::array<uint32_t, 3> &block,
                            const std::vector<hal::BufferBinding> &bindings) {
  auto &exe = static_cast<FakeExecutable &>(executable);
  if (entryPoint >= exe.entryPoints.size())
    return Status::error("fake: entry point out of range");
  ++counters.dispatches;
  const std::string &name = exe.entryPoints[entryPoint];
  counters.dispatched.push_back(name);
  return kernels_.at(name)(bindings, grid, block);
}

Status FakeDevice::enqueueDownload(const hal::Buffer &src, size_t offsetBytes,
                                   void *dst, size_t sizeBytes) {
  OCTET_RETURN_IF_ERROR(checkRange(src, offsetBytes, sizeBytes, "download"));
  pendingDownloads_.push_back({&src, offsetBytes, dst, sizeBytes});
  return Status::ok();
}

Status FakeDevice::synchronize() {
  ++counters.synchronizes;
  for (const PendingDownload &d : pendingDownloads_)
    OCTET_RETURN_IF_ERROR(download(*d.src, d.offsetBytes, d.dst, d.sizeBytes));
  pendingDownloads_.clear();
  return Status::ok();
}

Status
FakeDriver::enumerate(std::vector<std::unique_ptr<hal::Device>> &devices) {
  if (infos_.empty())
    return Status::error(why_.empty() ? "no fake devices" : why_);
  for (const hal::DeviceInfo &info : infos_) {
    auto dev = std::make_unique<FakeDevice>(info, sampleKernels());
    created.push_back(dev.get());
    devices.push_back(std::move(dev));
  }
  return Status::ok();
}

hal::DeviceInfo fakeInfo(const std::string &api, int ordinal,
                         const std::string &name, hal::DeviceKind kind,
                         const std::string &arch) {
  hal::DeviceInfo info;
  info.api = api;
  info.ordinal = ordinal;
  info.name = name;
  info.kind = kind;
  info.arch = arch;
  info.memoryBytes = 1ull << 30;
  info.hasFp16 = true;
  return info;
}

} // namespace octet::test
