//===- TestArtifacts.h - Artifacts and fake devices for tests ---*- C++ -*-===//
//
// ArtifactDesc is an editable, plain description of an artifact that tests
// mutate (to break it in one precise way) and then serialize with the
// FlatBuffers builder and wrapPayload. FakeDevice is an in-process
// hal::Device whose "kernels" are C++ functions keyed by entry-point name; it
// counts every operation so tests can check what the runtime asked for.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_TEST_UNIT_RUNTIME_TESTARTIFACTS_H
#define OCTET_TEST_UNIT_RUNTIME_TESTARTIFACTS_H

#include "runtime/src/artifact/Artifact.h"
#include "runtime/src/hal/Driver.h"

#include <array>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace octet::test {

using artifact::BufferKind;
using artifact::DType;

struct TensorDesc {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
};
struct BufferDesc {
  BufferKind kind = BufferKind::Transient;
  uint32_t index = 0;
  uint64_t size = 0;
};
struct BindingDesc {
  uint32_t buffer = 0;
  uint64_t offset = 0;
  /// Extent the kernel touches, and whether it writes there.
  uint64_t size = 0;
  bool writes = false;
};
struct StepDesc {
  bool dispatch = true;
  uint32_t kernel = 0;
  std::vector<BindingDesc> bindings;
  // Copy.
  BindingDesc src, dst;
  uint64_t size = 0;
};
struct EntryDesc {
  std::string name;
  std::array<uint32_t, 3> grid{1, 1, 1};
  std::array<uint32_t, 3> block{1, 1, 1};
};
struct ExecDesc {
  std::string target = "fake";
  std::string format = "fake-c";
  std::string arch;
  std::vector<EntryDesc> entries;
  std::string code = "// fake kernels";
};
struct ArtifactDesc {
  std::vector<TensorDesc> inputs, outputs;
  std::vector<BufferDesc> buffers;
  std::vector<std::vector<uint8_t>> constants;
  std::vector<uint64_t> slots;
  std::vector<std::string> kernelNames;
  std::vector<StepDesc> steps;
  std::vector<ExecDesc> executables;
};

/// The sample model: input x f32[2,3], constant c = [1..6];
///   t = add(x, c)          (transient slot 0)
///   y = scale2(t)          (output 0, f32[2,3])
///   z = copy(t)            (output 1, f32[2,3])
///   tail = copy(t[1,:])    (output 2, f32[3]; a copy at byte offset 12)
/// Buffers: 0 input x, 1 constant c, 2 transient t, 3 output y, 4 output z,
/// 5 output tail.
ArtifactDesc sampleArtifact();

/// Serializes `desc` as a FlatBuffer (no header).
std::vector<uint8_t> buildPayload(const ArtifactDesc &desc);
/// header + payload, as a file holds it.
std::vector<uint8_t> buildFile(const ArtifactDesc &desc);

/// Writes `bytes` to a fresh file under the test temp dir; returns its path.
std::string writeTempFile(const std::string &name,
                          const std::vector<uint8_t> &bytes);

std::vector<uint8_t> floatBytes(const std::vector<float> &values);
std::vector<float> bytesToFloats(const void *data, size_t size);

//===----------------------------------------------------------------------===//
// Fake device
//===----------------------------------------------------------------------===//

class FakeBuffer : public hal::Buffer {
public:
  explicit FakeBuffer(size_t size) : bytes(size, 0xCD) {}
  size_t sizeBytes() const override { return bytes.size(); }
  std::vector<uint8_t> bytes;
};

/// A kernel: reads and writes its bindings' FakeBuffers.
using FakeKernel = std::function<Status(const std::vector<hal::BufferBinding> &,
                                        const std::array<uint32_t, 3> &grid,
                                        const std::array<uint32_t, 3> &block)>;

/// Pointer to the floats of a binding's buffer at its offset.
float *floatsOf(const hal::BufferBinding &binding);

/// "add" (a, b, out): out = a + b; "scale2" (in, out): out = 2 * in; over
/// grid.x * block.x elements.
std::map<std::string, FakeKernel> sampleKernels();

struct FakeCounters {
  int allocations = 0;
  int uploads = 0;
  int downloads = 0;
  int copies = 0;
  int dispatches = 0;
  int loads = 0;
  int synchronizes = 0;
  std::vector<std::string> dispatched;
};

class FakeExecutable : public hal::Executable {
public:
  std::vector<std::string> entryPoints;
};

class FakeDevice : public hal::Device {
public:
  FakeDevice(hal::DeviceInfo info, std::map<std::string, FakeKernel> kernels)
      : info_(std::move(info)), kernels_(std::move(kernels)) {}
  const hal::DeviceInfo &info() const override { return info_; }
  bool canRun(const hal::ExecutableSpec &spec, std::string &why) const override;
  Status allocate(size_t sizeBytes, std::unique_ptr<hal::Buffer> &out) override;
  Status upload(hal::Buffer &dst, size_t offsetBytes, const void *src,
                size_t sizeBytes) override;
  Status download(const hal::Buffer &src, size_t offsetBytes, void *dst,
                  size_t sizeBytes) override;
  /// Copies only at the next synchronize(), as an asynchronous driver may:
  /// a caller that reads `dst` before synchronizing sees stale bytes.
  Status enqueueDownload(const hal::Buffer &src, size_t offsetBytes, void *dst,
                         size_t sizeBytes) override;
  Status copy(const hal::Buffer &src, size_t srcOffsetBytes, hal::Buffer &dst,
              size_t dstOffsetBytes, size_t sizeBytes) override;
  Status loadExecutable(const hal::ExecutableSpec &spec,
                        std::unique_ptr<hal::Executable> &out) override;
  Status dispatch(hal::Executable &executable, uint32_t entryPoint,
                  const std::array<uint32_t, 3> &grid,
                  const std::array<uint32_t, 3> &block,
                  const std::vector<hal::BufferBinding> &bindings) override;
  Status synchronize() override;

  FakeCounters counters;
  /// Formats canRun accepts.
  std::vector<std::string> formats{"fake-c"};
  /// When set, allocate() fails after this many allocations.
  int failAllocationsAfter = -1;
  /// Last spec given to loadExecutable.
  hal::ExecutableSpec lastSpec;

private:
  hal::DeviceInfo info_;
  std::map<std::string, FakeKernel> kernels_;
  /// enqueueDownload()s not yet done: source, offset, destination, size.
  struct PendingDownload {
    const hal::Buffer *src;
    size_t offsetBytes;
    void *dst;
    size_t sizeBytes;
  };
  std::vector<PendingDownload> pendingDownloads_;
};

/// A driver that "finds" the given devices (or none, with `why`). Pointers
/// to the devices it created stay valid while their owner keeps them.
class FakeDriver : public hal::Driver {
public:
  FakeDriver(std::string name, std::vector<hal::DeviceInfo> infos,
             std::string why = "")
      : name_(std::move(name)), infos_(std::move(infos)), why_(std::move(why)) {
  }
  std::string name() const override { return name_; }
  Status enumerate(std::vector<std::unique_ptr<hal::Device>> &devices) override;
  std::vector<FakeDevice *> created;

private:
  std::string name_;
  std::vector<hal::DeviceInfo> infos_;
  std::string why_;
};

/// A DeviceInfo for a fake device.
hal::DeviceInfo fakeInfo(const std::string &api, int ordinal,
                         const std::string &name,
                         hal::DeviceKind kind = hal::DeviceKind::GPU,
                         const std::string &arch = "");

} // namespace octet::test

#endif // OCTET_TEST_UNIT_RUNTIME_TESTARTIFACTS_H
