//===- Artifact.cpp - Loading and verifying .octet artifacts --------------===//
//
// See Artifact.h. Verification runs in three layers, each of which must pass
// before the next looks at the bytes: the fixed header (magic, version,
// sizes), the checksum of the payload, the FlatBuffers verifier, and finally
// semantic checks that make every later index and size computation safe.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/artifact/Artifact.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace octet::artifact {

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

bool isValidDType(DType dtype) {
  return static_cast<unsigned>(dtype) <= static_cast<unsigned>(DType::MAX);
}

size_t dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::F32:
  case DType::I32:
  case DType::U32:
    return 4;
  case DType::F16:
  case DType::BF16:
  case DType::I16:
  case DType::U16:
    return 2;
  case DType::F8E4M3FN:
  case DType::F8E5M2:
  case DType::I8:
  case DType::U8:
  case DType::Bool:
    return 1;
  case DType::I64:
  case DType::U64:
  case DType::F64:
    return 8;
  }
  return 0;
}

std::string dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "f32";
  case DType::F16:
    return "f16";
  case DType::BF16:
    return "bf16";
  case DType::F8E4M3FN:
    return "f8e4m3fn";
  case DType::F8E5M2:
    return "f8e5m2";
  case DType::I8:
    return "i8";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  case DType::Bool:
    return "bool";
  case DType::F64:
    return "f64";
  case DType::I16:
    return "i16";
  case DType::U8:
    return "u8";
  case DType::U16:
    return "u16";
  case DType::U32:
    return "u32";
  case DType::U64:
    return "u64";
  }
  return "dtype(" + std::to_string(static_cast<unsigned>(dtype)) + ")";
}

std::optional<DType> parseDTypeName(const std::string &name) {
  for (DType d : EnumValuesDType())
    if (dtypeName(d) == name)
      return d;
  return std::nullopt;
}

std::string formatTensorType(DType dtype, const std::vector<int64_t> &shape) {
  std::string s = dtypeName(dtype) + "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      s += ",";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

bool elementCount(const std::vector<int64_t> &shape, uint64_t &count) {
  uint64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return false;
    uint64_t ud = static_cast<uint64_t>(d);
    if (ud != 0 && n > UINT64_MAX / ud)
      return false;
    n *= ud;
  }
  count = n;
  return true;
}

//===----------------------------------------------------------------------===//
// Header
//===----------------------------------------------------------------------===//

static void putLE32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    p[i] = static_cast<uint8_t>(v >> (8 * i));
}
static void putLE64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    p[i] = static_cast<uint8_t>(v >> (8 * i));
}
static uint32_t getLE32(const uint8_t *p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}
static uint64_t getLE64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}

std::vector<uint8_t> wrapPayload(const uint8_t *flatbuffer, size_t size) {
  std::vector<uint8_t> out(sizeof(FileHeader) + size, 0);
  uint8_t *h = out.data();
  std::memcpy(h + offsetof(FileHeader, magic), kMagic, sizeof(kMagic));
  putLE32(h + offsetof(FileHeader, formatVersion), kFormatVersion);
  putLE32(h + offsetof(FileHeader, headerSize), sizeof(FileHeader));
  putLE64(h + offsetof(FileHeader, payloadSize), size);
  putLE32(h + offsetof(FileHeader, payloadCrc32),
          payloadChecksum(kFormatVersion, flatbuffer, size));
  putLE32(h + offsetof(FileHeader, reserved), 0);
  if (size)
    std::memcpy(h + sizeof(FileHeader), flatbuffer, size);
  return out;
}

//===----------------------------------------------------------------------===//
// Semantic checks
//===----------------------------------------------------------------------===//

namespace {
/// Collects the first semantic error with the artifact's name in front.
class Checker {
public:
  Checker(const Artifact &a, const std::string &name) : a(a), name(name) {}
  Status run();

private:
  Status fail(const std::string &what) {
    return Status::error(StatusCode::InvalidArgument,
                         name + ": invalid artifact: " + what);
  }
  Status checkSignature(bool inputs);
  Status checkBuffers();
  /// Rejects a write (`writes`) through `b` into an input or a constant.
  Status checkWritable(const Binding *b, const std::string &where, bool writes);
  /// Checks that `b` names a buffer holding [offset, offset + accessBytes).
  Status checkBinding(const Binding *b, const std::string &where,
                      uint64_t accessBytes);
  Status checkPlan();
  Status checkExecutables();

  const Artifact &a;
  const std::string &name;
};
} // namespace

Status Checker::checkSignature(bool inputs) {
  const auto *list = inputs ? a.inputs() : a.outputs();
  const char *what = inputs ? "input" : "output";
  std::set<std::string> names;
  for (uint32_t i = 0; i < list->size(); ++i) {
    const TensorInfo *t = list->Get(i);
    std::string where = std::string(what) + " " + std::to_string(i);
    std::string tname = t->name()->str();
    if (tname.empty())
      return fail(where + " has an empty name");
    if (!names.insert(tname).second)
      return fail("two " + std::string(what) + "s are named '" + tname + "'");
    if (!isValidDType(t->dtype()))
      return fail(where + " ('" + tname + "') has unknown element type " +
                  std::to_string(static_cast<unsigned>(t->dtype())));
    std::vector<int64_t> shape(t->shape()->begin(), t->shape()->end());
    uint64_t count = 0;
    if (!elementCount(shape, count) ||
        count > UINT64_MAX / dtypeSize(t->dtype()))
      return fail(where + " ('" + tname + "') has an invalid shape " +
                  formatTensorType(t->dtype(), shape));
    uint64_t bytes = count * dtypeSize(t->dtype());
    // Exactly one buffer binds this tensor.
    BufferKind kind = inputs ? BufferKind::Input : BufferKind::Output;
    int found = 0;
    for (uint32_t b = 0; b < a.buffers()->size(); ++b) {
      const Buffer *buf = a.buffers()->Get(b);
      if (buf->kind() != kind || buf->index() != i)
        continue;
      ++found;
      if (buf->size_bytes() != bytes)
        return fail("buffer " + std::to_string(b) + " of " + where + " ('" +
                    tname + "', " + formatTensorType(t->dtype(), shape) +
                    ") has " + std::to_string(buf->size_bytes()) +
                    " bytes, expected " + std::to_string(bytes));
    }
    if (found != 1)
      return fail(where + " ('" + tname + "') is bound to " +
                  std::to_string(found) + " buffers, expected exactly 1");
  }
  return Status::ok();
}

Status Checker::checkBuffers() {
  const auto *buffers = a.buffers();
  for (uint32_t b = 0; b < buffers->size(); ++b) {
    const Buffer *buf = buffers->Get(b);
    std::string where = "buffer " + std::to_string(b);
    uint32_t idx = buf->index();
    switch (buf->kind()) {
    case BufferKind::Input:
      if (idx >= a.inputs()->size())
        return fail(where + " refers to input " + std::to_string(idx) +
                    " but the model has " + std::to_string(a.inputs()->size()) +
                    " inputs");
      break;
    case BufferKind::Output:
      if (idx >= a.outputs()->size())
        return fail(where + " refers to output " + std::to_string(idx) +
                    " but the model has " +
                    std::to_string(a.outputs()->size()) + " outputs");
      break;
    case BufferKind::Constant: {
      if (idx >= a.constants()->size())
        return fail(where + " refers to constant " + std::to_string(idx) +
                    " but there are " + std::to_string(a.constants()->size()) +
                    " constants");
      uint64_t dataSize = a.constants()->Get(idx)->data()->size();
      if (dataSize != buf->size_bytes())
        return fail(where + " has " + std::to_string(buf->size_bytes()) +
                    " bytes but constant " + std::to_string(idx) + " holds " +
                    std::to_string(dataSize));
      break;
    }
    case BufferKind::Transient: {
      const auto *slots = a.transient_slot_sizes();
      if (idx >= slots->size())
        return fail(where + " refers to transient slot " + std::to_string(idx) +
                    " but there are " + std::to_string(slots->size()) +
                    " slots");
      if (buf->size_bytes() > slots->Get(idx))
        return fail(where + " has " + std::to_string(buf->size_bytes()) +
                    " bytes, more than transient slot " + std::to_string(idx) +
                    " (" + std::to_string(slots->Get(idx)) + " bytes)");
      break;
    }
    default:
      return fail(where + " has unknown kind " +
                  std::to_string(static_cast<unsigned>(buf->kind())));
    }
  }
  return Status::ok();
}

Status Checker::checkBinding(const Binding *b, const std::string &where,
                             uint64_t accessBytes) {
  if (b->buffer() >= a.buffers()->size())
    return fail(where + " refers to buffer " + std::to_string(b->buffer()) +
                " but there are " + std::to_string(a.buffers()->size()) +
                " buffers");
  uint64_t size = a.buffers()->Get(b->buffer())->size_bytes();
  uint64_t off = b->offset_bytes();
  if (off > size || accessBytes > size - off)
    return fail(where + " accesses bytes [" + std::to_string(off) + ", " +
                (accessBytes > UINT64_MAX - off
                     ? std::string("past 2^64")
                     : std::to_string(off + accessBytes)) +
                ") of buffer " + std::to_string(b->buffer()) + ", which has " +
                std::to_string(size) + " bytes");
  return Status::ok();
}

Status Checker::checkWritable(const Binding *b, const std::string &where,
                              bool writes) {
  if (!writes)
    return Status::ok();
  BufferKind kind = a.buffers()->Get(b->buffer())->kind();
  if (kind == BufferKind::Input || kind == BufferKind::Constant)
    return fail(where + " writes into " +
                (kind == BufferKind::Input ? "input" : "constant") +
                " buffer " + std::to_string(b->buffer()) +
                ", which must stay unchanged between runs");
  return Status::ok();
}

Status Checker::checkPlan() {
  const auto *plan = a.plan();
  for (uint32_t s = 0; s < plan->size(); ++s) {
    const PlanStep *step = plan->Get(s);
    std::string where = "plan step " + std::to_string(s);
    switch (step->step_type()) {
    case Step::Dispatch: {
      const Dispatch *d = step->step_as_Dispatch();
      if (d->kernel() >= a.kernel_names()->size())
        return fail(where + " dispatches kernel " +
                    std::to_string(d->kernel()) + " but there are " +
                    std::to_string(a.kernel_names()->size()) + " kernels");
      for (uint32_t i = 0; i < d->bindings()->size(); ++i) {
        const Binding *binding = d->bindings()->Get(i);
        std::string bindingWhere = where + " binding " + std::to_string(i);
        OCTET_RETURN_IF_ERROR(
            checkBinding(binding, bindingWhere, binding->size_bytes()));
        OCTET_RETURN_IF_ERROR(
            checkWritable(binding, bindingWhere, binding->writes()));
      }
      break;
    }
    case Step::Copy: {
      const Copy *c = step->step_as_Copy();
      OCTET_RETURN_IF_ERROR(
          checkBinding(c->src(), where + " (copy source)", c->size_bytes()));
      OCTET_RETURN_IF_ERROR(checkBinding(
          c->dst(), where + " (copy destination)", c->size_bytes()));
      OCTET_RETURN_IF_ERROR(checkWritable(c->dst(),
                                          where + " (copy destination)",
                                          /*writes=*/true));
      break;
    }
    default:
      return fail(where + " has unknown step type " +
                  std::to_string(static_cast<unsigned>(step->step_type())));
    }
  }
  return Status::ok();
}

Status Checker::checkExecutables() {
  const auto *names = a.kernel_names();
  bool hasDispatch = false;
  for (const PlanStep *step : *a.plan())
    hasDispatch |= step->step_type() == Step::Dispatch;
  if (hasDispatch && a.executables()->size() == 0)
    return fail("the plan launches kernels but there are no executables");
  for (uint32_t e = 0; e < a.executables()->size(); ++e) {
    const Executable *x = a.executables()->Get(e);
    std::string where = "executable " + std::to_string(e) + " (" +
                        x->target()->str() + ", " + x->format()->str() + ")";
    if (x->target()->size() == 0 || x->format()->size() == 0)
      return fail("executable " + std::to_string(e) +
                  " has an empty target or format");
    if (x->code()->size() == 0 && names->size() != 0)
      return fail(where + " has no code");
    const auto *eps = x->entry_points();
    if (eps->size() != names->size())
      return fail(where + " has " + std::to_string(eps->size()) +
                  " entry points but the artifact has " +
                  std::to_string(names->size()) + " kernels");
    for (uint32_t k = 0; k < eps->size(); ++k) {
      const EntryPoint *ep = eps->Get(k);
      if (ep->name()->str() != names->Get(k)->str())
        return fail(where + " entry point " + std::to_string(k) + " is '" +
                    ep->name()->str() + "' but kernel " + std::to_string(k) +
                    " is '" + names->Get(k)->str() + "'");
      const Dim3 *g = ep->grid(), *b = ep->block();
      if (!g->x() || !g->y() || !g->z() || !b->x() || !b->y() || !b->z())
        return fail(where + " entry point '" + ep->name()->str() +
                    "' has a zero grid or block extent");
    }
  }
  return Status::ok();
}

Status Checker::run() {
  OCTET_RETURN_IF_ERROR(checkBuffers());
  OCTET_RETURN_IF_ERROR(checkSignature(/*inputs=*/true));
  OCTET_RETURN_IF_ERROR(checkSignature(/*inputs=*/false));
  OCTET_RETURN_IF_ERROR(checkPlan());
  OCTET_RETURN_IF_ERROR(checkExecutables());
  return Status::ok();
}

Status verifyArtifactSemantics(const Artifact &artifact,
                               const std::string &name) {
  return Checker(artifact, name).run();
}

//===----------------------------------------------------------------------===//
// Whole-file verification
//===----------------------------------------------------------------------===//

Status verifyArtifactBytes(const uint8_t *bytes, size_t size,
                           const std::string &name, size_t &payloadOffset) {
  auto fail = [&](const std::string &what) {
    return Status::error(StatusCode::InvalidArgument, name + ": " + what);
  };
  if (size < sizeof(FileHeader)) {
    if (size >= sizeof(kMagic) && std::memcmp(bytes, kMagic, sizeof(kMagic)))
      return fail("not an Octet artifact (bad magic)");
    return fail("truncated: " + std::to_string(size) +
                " bytes, shorter than the " +
                std::to_string(sizeof(FileHeader)) + "-byte header");
  }
  if (std::memcmp(bytes, kMagic, sizeof(kMagic)) != 0)
    return fail("not an Octet artifact (bad magic)");
  uint32_t version = getLE32(bytes + offsetof(FileHeader, formatVersion));
  if (version > kFormatVersion)
    return fail("artifact format version " + std::to_string(version) +
                " is newer than this runtime supports (" +
                std::to_string(kFormatVersion) + "); upgrade octet-run");
  if (version == 0)
    return fail("invalid artifact format version 0");
  uint32_t headerSize = getLE32(bytes + offsetof(FileHeader, headerSize));
  if (headerSize < sizeof(FileHeader))
    return fail("corrupted: header size " + std::to_string(headerSize) +
                " is smaller than " + std::to_string(sizeof(FileHeader)));
  if (headerSize > size)
    return fail("truncated: header size " + std::to_string(headerSize) +
                " but the file has " + std::to_string(size) + " bytes");
  uint64_t payloadSize = getLE64(bytes + offsetof(FileHeader, payloadSize));
  uint64_t rest = size - headerSize;
  if (payloadSize > rest)
    return fail("truncated: the header announces " +
                std::to_string(payloadSize) + " payload bytes but only " +
                std::to_string(rest) + " follow");
  if (payloadSize < rest)
    return fail("corrupted: " + std::to_string(rest - payloadSize) +
                " unexpected bytes after the " + std::to_string(payloadSize) +
                "-byte payload");
  const uint8_t *payload = bytes + headerSize;
  uint32_t expectedCrc = getLE32(bytes + offsetof(FileHeader, payloadCrc32));
  if (payloadChecksum(version, payload, payloadSize) != expectedCrc)
    return fail("corrupted: checksum mismatch");
  if (payloadSize > FLATBUFFERS_MAX_BUFFER_SIZE)
    return fail("payload too large (" + std::to_string(payloadSize) +
                " bytes)");
  flatbuffers::Verifier verifier(payload, static_cast<size_t>(payloadSize),
                                 /*max_depth=*/64,
                                 /*max_tables=*/10000000);
  if (!VerifyArtifactBuffer(verifier))
    return fail("corrupted: the payload is not a valid artifact FlatBuffer");
  OCTET_RETURN_IF_ERROR(verifyArtifactSemantics(*GetArtifact(payload), name));
  payloadOffset = headerSize;
  return Status::ok();
}

Status LoadedArtifact::fromMemory(std::shared_ptr<const void> owner,
                                  const uint8_t *data, size_t size,
                                  const std::string &name,
                                  std::shared_ptr<const LoadedArtifact> &out) {
  size_t payloadOffset = 0;
  OCTET_RETURN_IF_ERROR(verifyArtifactBytes(data, size, name, payloadOffset));
  std::shared_ptr<LoadedArtifact> a(new LoadedArtifact());
  a->path_ = name;
  a->owner_ = std::move(owner);
  a->data_ = data;
  a->size_ = size;
  a->payloadOffset_ = payloadOffset;
  a->root_ = GetArtifact(data + payloadOffset);
  out = std::move(a);
  return Status::ok();
}

Status LoadedArtifact::fromBytes(std::vector<uint8_t> bytes,
                                 const std::string &name,
                                 std::shared_ptr<const LoadedArtifact> &out) {
  auto owned = std::make_shared<std::vector<uint8_t>>(std::move(bytes));
  const uint8_t *data = owned->data();
  size_t size = owned->size();
  return fromMemory(std::move(owned), data, size, name, out);
}

Status LoadedArtifact::fromFile(const std::string &path,
                                std::shared_ptr<const LoadedArtifact> &out) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return Status::error(StatusCode::NotFound,
                         path + ": cannot open: is a directory");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    return Status::error(StatusCode::NotFound,
                         path + ": cannot open: " + std::strerror(err));
  }
  // Closed however this returns; a mapping outlives its descriptor.
  struct CloseOnReturn {
    int fd;
    ~CloseOnReturn() { ::close(fd); }
  } closeOnReturn{fd};
  struct stat st;
  bool statted = ::fstat(fd, &st) == 0;
  bool regular = statted && S_ISREG(st.st_mode);
  if (statted && !regular && !S_ISFIFO(st.st_mode))
    return Status::error(StatusCode::NotFound,
                         path + ": cannot read: not a regular file");
  // The largest artifact: a header and the largest FlatBuffer.
  constexpr uint64_t kMaxFileBytes =
      uint64_t(sizeof(FileHeader)) + FLATBUFFERS_MAX_BUFFER_SIZE;
  auto tooLarge = [&]() {
    return Status::error(StatusCode::InvalidArgument,
                         path + ": too large for an artifact (more than " +
                             std::to_string(kMaxFileBytes) + " bytes)");
  };
  if (regular && uint64_t(st.st_size) > kMaxFileBytes)
    return tooLarge();
  size_t size = regular ? static_cast<size_t>(st.st_size) : 0;
  // A mapping avoids a copy of the weights (and zeroing the memory for it):
  // a 100 MB model opens tens of milliseconds sooner. Populated at once where
  // the system can, as the checksum reads every page next. Read-only: nothing
  // writes an artifact's bytes. The file must not be rewritten in place while
  // a model uses it (the compiler replaces artifacts by renaming).
#ifdef MAP_POPULATE
  constexpr int kMapFlags = MAP_PRIVATE | MAP_POPULATE;
#else
  constexpr int kMapFlags = MAP_PRIVATE;
#endif
  void *mapped = regular && size > 0
                     ? ::mmap(nullptr, size, PROT_READ, kMapFlags, fd, 0)
                     : MAP_FAILED;
  if (mapped != MAP_FAILED) {
    std::shared_ptr<const void> owner(mapped, [size](const void *p) {
      ::munmap(const_cast<void *>(p), size);
    });
    return fromMemory(std::move(owner), static_cast<const uint8_t *>(mapped),
                      size, path, out);
  }
  // Not mappable (empty, a pipe): read it, up to the largest artifact.
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int err = errno;
      return Status::error(StatusCode::NotFound,
                           path + ": read error: " + std::strerror(err));
    }
    if (n == 0)
      break;
    if (bytes.size() + size_t(n) > kMaxFileBytes)
      return tooLarge();
    bytes.insert(bytes.end(), chunk, chunk + n);
  }
  return fromBytes(std::move(bytes), path, out);
}

static std::vector<int64_t> shapeOf(const TensorInfo *t) {
  return std::vector<int64_t>(t->shape()->begin(), t->shape()->end());
}

std::vector<int64_t> LoadedArtifact::inputShape(size_t index) const {
  return shapeOf(root_->inputs()->Get(static_cast<uint32_t>(index)));
}

std::vector<int64_t> LoadedArtifact::outputShape(size_t index) const {
  return shapeOf(root_->outputs()->Get(static_cast<uint32_t>(index)));
}

} // namespace octet::artifact
