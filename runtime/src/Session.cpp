//===- Session.cpp - A model loaded on a device, ready to run -------------===//
//
// See Session.h. Everything that allocates happens in initialize(); run()
// only reads the prepared steps and builds messages only on failure.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/Session.h"

#include "runtime/src/DeviceSelection.h"
#include "runtime/src/hal/CachedBuild.h"

#include <algorithm>
#include <chrono>
#include <optional>

namespace octet {

using namespace octet::artifact;

namespace {
/// Waits for `device` when it goes out of scope while armed: transfers are
/// enqueued without waiting, so however a function returns (an error half-way
/// included), the device must be done with the host bytes they read or write
/// before those can go away. The successful path waits itself and disarms it.
struct WaitOnReturn {
  hal::Device &device;
  bool armed = true;
  ~WaitOnReturn() {
    if (armed)
      (void)device.synchronize();
  }
};
} // namespace

hal::ExecutableSpec makeExecutableSpec(const Executable &executable) {
  hal::ExecutableSpec spec;
  spec.format = executable.format()->str();
  spec.arch = executable.arch() ? executable.arch()->str() : std::string();
  spec.code = executable.code()->data();
  spec.codeSize = executable.code()->size();
  for (const EntryPoint *ep : *executable.entry_points())
    spec.entryPoints.push_back(ep->name()->str());
  spec.contentHash = hal::contentHashOf(spec);
  return spec;
}

ExecutableDesc makeExecutableDesc(const Executable &executable) {
  return {executable.target()->str(), executable.format()->str(),
          executable.arch() ? executable.arch()->str() : std::string(),
          executable.notes() ? executable.notes()->str() : std::string()};
}

Session::Session(std::shared_ptr<const LoadedArtifact> artifact,
                 hal::Device &device, size_t executableIndex)
    : artifact_(std::move(artifact)), device_(device),
      executableIndex_(executableIndex) {}

Session::~Session() {
  // Buffers and the executable go before the device they belong to; the
  // device itself is owned elsewhere.
  steps_.clear();
  owned_.clear();
  executable_.reset();
}

Status Session::create(std::shared_ptr<const LoadedArtifact> artifact,
                       hal::Device &device, size_t executableIndex,
                       std::unique_ptr<Session> &out) {
  if (!artifact)
    return Status::error(StatusCode::InvalidArgument, "no artifact");
  if (executableIndex >= artifact->root().executables()->size() &&
      !(artifact->root().executables()->size() == 0 && executableIndex == 0))
    return Status::error(StatusCode::InvalidArgument,
                         artifact->path() + ": no executable " +
                             std::to_string(executableIndex));
  std::unique_ptr<Session> s(
      new Session(std::move(artifact), device, executableIndex));
  OCTET_RETURN_IF_ERROR(s->initialize());
  out = std::move(s);
  return Status::ok();
}

size_t Session::inputCount() const { return root().inputs()->size(); }
size_t Session::outputCount() const { return root().outputs()->size(); }
size_t Session::outputSizeBytes(size_t index) const {
  return outputBytes_.at(index);
}

std::string Session::description() const {
  std::string s = describeDevice(device_.info());
  if (root().executables()->size() == 0)
    return s + ", no kernels";
  const Executable *x =
      root().executables()->Get(static_cast<uint32_t>(executableIndex_));
  return s + ", executable " + describeExecutable(makeExecutableDesc(*x));
}

Status Session::initialize() {
  const Artifact &a = root();
  const std::string &path = artifact_->path();
  std::string where = path + ": on " + describeDevice(device_.info()) + ": ";

  // 1. Whether the device can run the executable at all.
  std::optional<hal::ExecutableSpec> spec;
  if (a.executables()->size() > 0) {
    const Executable *x =
        a.executables()->Get(static_cast<uint32_t>(executableIndex_));
    spec = makeExecutableSpec(*x);
    std::string why;
    if (x->target()->str() != device_.info().api || !device_.canRun(*spec, why))
      return Status::error(StatusCode::NoDevice,
                           where + "cannot run executable " +
                               std::to_string(executableIndex_) + " (" +
                               x->target()->str() + ", " + spec->format +
                               "): " + (why.empty() ? "wrong target" : why));
  }

  auto allocate = [&](size_t bytes, const std::string &what,
                      hal::Buffer *&ptr) -> Status {
    std::unique_ptr<hal::Buffer> buf;
    // Zero-byte allocations are not portable; round up to one byte.
    OCTET_RETURN_IF_ERROR(device_.allocate(std::max<size_t>(bytes, 1), buf)
                              .withPrefix(where + "allocating " + what + " (" +
                                          std::to_string(bytes) + " bytes): "));
    if (!buf)
      return Status::error(where + "the driver returned no buffer for " + what);
    ptr = buf.get();
    owned_.push_back(std::move(buf));
    deviceBytes_ += std::max<size_t>(bytes, 1);
    return Status::ok();
  };

  // 2. Buffers: inputs, outputs, constants (uploads enqueued now), transient
  // slots. The device must be done reading the artifact's bytes however this
  // returns (the artifact may go away with a failed session).
  WaitOnReturn waitOnReturn{device_};
  const auto *buffers = a.buffers();
  std::vector<hal::Buffer *> bufferPtrs(buffers->size(), nullptr);
  inputBuffers_.assign(a.inputs()->size(), nullptr);
  outputBuffers_.assign(a.outputs()->size(), nullptr);
  outputBytes_.assign(a.outputs()->size(), 0);
  std::vector<hal::Buffer *> constantPtrs(a.constants()->size(), nullptr);
  std::vector<hal::Buffer *> slotPtrs(a.transient_slot_sizes()->size(),
                                      nullptr);
  for (uint32_t b = 0; b < buffers->size(); ++b) {
    const Buffer *buf = buffers->Get(b);
    uint32_t idx = buf->index();
    size_t bytes = static_cast<size_t>(buf->size_bytes());
    switch (buf->kind()) {
    case BufferKind::Input:
      OCTET_RETURN_IF_ERROR(
          allocate(bytes, "input '" + a.inputs()->Get(idx)->name()->str() + "'",
                   inputBuffers_[idx]));
      bufferPtrs[b] = inputBuffers_[idx];
      break;
    case BufferKind::Output:
      OCTET_RETURN_IF_ERROR(allocate(
          bytes, "output '" + a.outputs()->Get(idx)->name()->str() + "'",
          outputBuffers_[idx]));
      outputBytes_[idx] = bytes;
      bufferPtrs[b] = outputBuffers_[idx];
      break;
    case BufferKind::Constant:
      if (!constantPtrs[idx]) {
        const auto *data = a.constants()->Get(idx)->data();
        OCTET_RETURN_IF_ERROR(allocate(bytes, "constant " + std::to_string(idx),
                                       constantPtrs[idx]));
        // Enqueued: the artifact's bytes stay valid until the synchronize
        // below, and one wait for all constants replaces one per constant.
        if (data->size())
          OCTET_RETURN_IF_ERROR(device_
                                    .enqueueUpload(*constantPtrs[idx], 0,
                                                   data->data(), data->size())
                                    .withPrefix(where + "uploading constant " +
                                                std::to_string(idx) + ": "));
      }
      bufferPtrs[b] = constantPtrs[idx];
      break;
    case BufferKind::Transient:
      if (!slotPtrs[idx])
        OCTET_RETURN_IF_ERROR(
            allocate(static_cast<size_t>(a.transient_slot_sizes()->Get(idx)),
                     "transient slot " + std::to_string(idx), slotPtrs[idx]));
      bufferPtrs[b] = slotPtrs[idx];
      break;
    }
  }
  // 3. The executable, built once (the device caches it on disk), while the
  // device copies the constants: on PoCL the two took about 55 and 60 ms of
  // a ResNet-50's start-up, one after the other.
  if (spec) {
    OCTET_RETURN_IF_ERROR(device_.loadExecutable(*spec, executable_)
                              .withPrefix(where + "building kernels: "));
    if (!executable_)
      return Status::error(where + "the driver returned no executable");
  }
  // Constant uploads must be complete before the host bytes could go away
  // and before timing.
  waitOnReturn.armed = false;
  OCTET_RETURN_IF_ERROR(
      device_.synchronize().withPrefix(where + "uploading constants: "));

  // 4. The plan, resolved to device buffers.
  const Executable *x =
      a.executables()->size()
          ? a.executables()->Get(static_cast<uint32_t>(executableIndex_))
          : nullptr;
  for (const PlanStep *step : *a.plan()) {
    PreparedStep p;
    if (const Dispatch *d = step->step_as_Dispatch()) {
      const EntryPoint *ep = x->entry_points()->Get(d->kernel());
      p.isDispatch = true;
      p.entryPoint = d->kernel();
      p.grid = {ep->grid()->x(), ep->grid()->y(), ep->grid()->z()};
      p.block = {ep->block()->x(), ep->block()->y(), ep->block()->z()};
      for (const Binding *bd : *d->bindings())
        p.bindings.push_back({bufferPtrs[bd->buffer()], bd->offset_bytes()});
    } else if (const Copy *c = step->step_as_Copy()) {
      p.isDispatch = false;
      p.src = bufferPtrs[c->src()->buffer()];
      p.dst = bufferPtrs[c->dst()->buffer()];
      p.srcOffset = static_cast<size_t>(c->src()->offset_bytes());
      p.dstOffset = static_cast<size_t>(c->dst()->offset_bytes());
      p.size = static_cast<size_t>(c->size_bytes());
    }
    steps_.push_back(std::move(p));
  }
  inputSource_.assign(a.inputs()->size(), -1);
  return Status::ok();
}

static std::string signatureOf(const TensorInfo *t) {
  return formatTensorType(
      t->dtype(), std::vector<int64_t>(t->shape()->begin(), t->shape()->end()));
}

/// Bytes of one tensor of `t`'s signature: dtype size x element count. The
/// verifier has checked that this does not overflow; read in place so that a
/// successful check allocates nothing.
static uint64_t signatureBytes(const TensorInfo *t) {
  uint64_t count = 1;
  for (int64_t d : *t->shape())
    count *= static_cast<uint64_t>(d);
  return count * dtypeSize(t->dtype());
}

Status matchInputs(const Artifact &artifact,
                   const std::vector<HostTensorView> &inputs,
                   std::vector<int> &sourceOfInput) {
  const auto *sig = artifact.inputs();
  auto fail = [](const std::string &msg) {
    return Status::error(StatusCode::InvalidArgument, msg);
  };
  sourceOfInput.assign(sig->size(), -1);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const HostTensorView &t = inputs[i];
    int found = -1;
    for (uint32_t k = 0; k < sig->size(); ++k)
      if (sig->Get(k)->name()->string_view() == t.name) {
        found = static_cast<int>(k);
        break;
      }
    if (found < 0) {
      std::string known;
      for (const TensorInfo *s : *sig)
        known += (known.empty() ? "" : ", ") + s->name()->str() + " (" +
                 signatureOf(s) + ")";
      return fail(
          "unknown input '" + std::string(t.name) +
          "'; the model's inputs are: " + (known.empty() ? "none" : known));
    }
    if (sourceOfInput[static_cast<size_t>(found)] >= 0)
      return fail("input '" + std::string(t.name) + "' is given twice");
    const TensorInfo *s = sig->Get(static_cast<uint32_t>(found));
    bool same = t.dtype == s->dtype() && t.rank == s->shape()->size() &&
                (t.rank == 0 || t.dims != nullptr);
    for (size_t d = 0; same && d < t.rank; ++d)
      same = t.dims[d] == s->shape()->Get(static_cast<uint32_t>(d));
    if (!same) {
      std::vector<int64_t> got;
      if (t.dims)
        got.assign(t.dims, t.dims + t.rank);
      return fail("input '" + std::string(t.name) + "': expected " +
                  signatureOf(s) + ", got " + formatTensorType(t.dtype, got));
    }
    uint64_t need = signatureBytes(s);
    if (t.sizeBytes != need || (need && !t.data))
      return fail("input '" + std::string(t.name) + "': " + signatureOf(s) +
                  " needs " + std::to_string(need) + " bytes of data, got " +
                  std::to_string(t.data ? t.sizeBytes : 0));
    sourceOfInput[static_cast<size_t>(found)] = static_cast<int>(i);
  }
  for (uint32_t k = 0; k < sig->size(); ++k)
    if (sourceOfInput[k] < 0)
      return fail("missing input '" + sig->Get(k)->name()->str() + "' (" +
                  signatureOf(sig->Get(k)) + ")");
  return Status::ok();
}

Status Session::validateInputs(const std::vector<HostTensorView> &inputs) {
  return matchInputs(root(), inputs, inputSource_);
}

std::string Session::stepName(size_t index) const {
  const PreparedStep &p = steps_.at(index);
  return p.isDispatch ? root().kernel_names()->Get(p.entryPoint)->str()
                      : std::string("copy");
}

Status Session::run(const std::vector<HostTensorView> &inputs,
                    const std::vector<HostOutputView> &outputs,
                    StepTimes *profile) {
  if (profile) {
    profile->hostMilliseconds.assign(steps_.size(), 0.0);
    profile->deviceMilliseconds.assign(steps_.size(), -1.0);
  }
  OCTET_RETURN_IF_ERROR(validateInputs(inputs));
  const Artifact &a = root();
  if (outputs.size() != outputBuffers_.size())
    return Status::error(StatusCode::InvalidArgument,
                         "expected " + std::to_string(outputBuffers_.size()) +
                             " output buffers, got " +
                             std::to_string(outputs.size()));
  for (size_t o = 0; o < outputs.size(); ++o)
    if (outputs[o].sizeBytes != outputBytes_[o] ||
        (outputBytes_[o] && !outputs[o].data))
      return Status::error(
          StatusCode::InvalidArgument,
          "output '" +
              a.outputs()->Get(static_cast<uint32_t>(o))->name()->str() +
              "' needs a " + std::to_string(outputBytes_[o]) +
              "-byte host buffer, got " + std::to_string(outputs[o].sizeBytes));

  // Inputs, kernels and outputs are enqueued in order and the run waits for
  // the device once, at the end (the caller's buffers outlive the run).
  // Messages are built only on failure, so a successful run allocates no host
  // memory here. Drivers allocate no device memory after the first run (the
  // OpenCL driver creates a sub-buffer per binding offset on first use and
  // keeps it).
  const std::string &path = artifact_->path();
  // The device must be done with the caller's buffers however run() returns.
  WaitOnReturn waitOnReturn{device_};
  for (size_t k = 0; k < inputBuffers_.size(); ++k) {
    const HostTensorView &t = inputs[static_cast<size_t>(inputSource_[k])];
    if (!t.sizeBytes)
      continue;
    Status st =
        device_.enqueueUpload(*inputBuffers_[k], 0, t.data, t.sizeBytes);
    if (!st.isOk())
      return st.withPrefix(path + ": uploading input '" + std::string(t.name) +
                           "': ");
  }
  for (size_t s = 0; s < steps_.size(); ++s) {
    const PreparedStep &p = steps_[s];
    // The clock is read only for a profile: an ordinary run stays as it was.
    std::chrono::steady_clock::time_point start;
    if (profile)
      start = std::chrono::steady_clock::now();
    Status st =
        !p.isDispatch
            ? device_.copy(*p.src, p.srcOffset, *p.dst, p.dstOffset, p.size)
        : profile
            ? device_.dispatchTimed(*executable_, p.entryPoint, p.grid, p.block,
                                    p.bindings, profile->deviceMilliseconds[s])
            : device_.dispatch(*executable_, p.entryPoint, p.grid, p.block,
                               p.bindings);
    if (!st.isOk())
      return st.withPrefix(
          path + ": plan step " + std::to_string(s) +
          (p.isDispatch ? " (kernel '" +
                              a.kernel_names()->Get(p.entryPoint)->str() + "')"
                        : std::string(" (copy)")) +
          ": ");
    if (profile) {
      // dispatchTimed has waited for its kernel; a copy is waited for here.
      if (Status sync = p.isDispatch ? Status::ok() : device_.synchronize();
          !sync.isOk())
        return sync.withPrefix(path + ": plan step " + std::to_string(s) +
                               ": ");
      profile->hostMilliseconds[s] =
          std::chrono::duration<double, std::milli>(
              std::chrono::steady_clock::now() - start)
              .count();
    }
  }
  for (size_t o = 0; o < outputs.size(); ++o) {
    if (!outputBytes_[o])
      continue;
    Status st = device_.enqueueDownload(*outputBuffers_[o], 0, outputs[o].data,
                                        outputBytes_[o]);
    if (!st.isOk())
      return st.withPrefix(
          path + ": downloading output '" +
          a.outputs()->Get(static_cast<uint32_t>(o))->name()->str() + "': ");
  }
  waitOnReturn.armed = false;
  if (Status st = device_.synchronize(); !st.isOk())
    return st.withPrefix(path + ": running the plan and downloading outputs: ");
  return Status::ok();
}

} // namespace octet
