//===- CApi.cpp - The runtime's C API over Runtime and Session ------------===//
//
// Implements runtime/include/octet/runtime.h except octet_runtime_create
// (CApiBuiltin.cpp, which needs the generated driver registry). No exception
// escapes: every entry point catches and turns it into a status.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/CApiInternal.h"

#include <exception>
#include <new>

using namespace octet;

struct octet_status {
  StatusCode code;
  std::string message;
};

struct octet_runtime {
  std::unique_ptr<Runtime> runtime;
  /// Per driver: its note, or empty when it found a device.
  std::vector<std::string> notes;
  std::vector<bool> hasNote;
  std::string reasons;
};

struct octet_model {
  octet_runtime *owner = nullptr;
  std::unique_ptr<Session> session;
  size_t deviceIndex = 0;
  std::string description;
  std::vector<std::string> inputNames, outputNames;
  std::vector<std::vector<int64_t>> inputShapes, outputShapes;
  std::vector<std::vector<uint8_t>> outputData;
  std::vector<HostOutputView> outputViews;
  std::vector<HostTensorView> inputViews;
  bool hasRun = false;
};

/// The message of outOfMemoryStatus(), kept out of the object so that making
/// that status allocates nothing.
static const char kOutOfMemory[] = "out of host memory";

namespace octet::capi {

octet_status *outOfMemoryStatus() {
  // Constructed on first use without allocating (an empty std::string).
  static octet_status status{StatusCode::Failure, std::string()};
  return &status;
}

octet_status *toCStatus(const Status &status) {
  if (status.isOk())
    return nullptr;
  // NULL means success, so failing to allocate the status (or to copy its
  // message; the new-expression then frees the storage) still fails.
  try {
    if (auto *st =
            new (std::nothrow) octet_status{status.code(), status.message()})
      return st;
  } catch (...) {
  }
  return outOfMemoryStatus();
}

octet_runtime *wrapRuntime(std::unique_ptr<Runtime> runtime) {
  auto *rt = new octet_runtime;
  rt->runtime = std::move(runtime);
  for (const std::string &name : rt->runtime->driverNames()) {
    std::string note;
    bool has = false;
    for (const DriverNote &n : rt->runtime->driverNotes())
      if (n.driver == name) {
        note = n.why;
        has = true;
      }
    rt->notes.push_back(note);
    rt->hasNote.push_back(has);
  }
  for (const DriverNote &n : rt->runtime->driverNotes())
    rt->reasons += (rt->reasons.empty() ? "" : "; ") + n.driver + ": " + n.why;
  return rt;
}

} // namespace octet::capi

using octet::capi::toCStatus;

static octet_status *invalid(const std::string &message) {
  return toCStatus(Status::error(StatusCode::InvalidArgument, message));
}

/// The status for the exception being handled. Never throws: if even the
/// message cannot be built, returns outOfMemoryStatus().
static octet_status *fromException() noexcept {
  try {
    try {
      throw;
    } catch (const std::bad_alloc &) {
      return octet::capi::outOfMemoryStatus();
    } catch (const std::exception &e) {
      return toCStatus(
          Status::error(std::string("internal error: ") + e.what()));
    } catch (...) {
      return toCStatus(Status::error("internal error: unknown exception"));
    }
  } catch (...) {
    return octet::capi::outOfMemoryStatus();
  }
}

/// Runs `body`, turning any exception (building a message can throw
/// std::bad_alloc) into a status.
template <typename F> static octet_status *guarded(F &&body) noexcept {
  try {
    return body();
  } catch (...) {
    return fromException();
  }
}

extern "C" {

octet_status_code octet_status_get_code(const octet_status *status) {
  if (!status)
    return OCTET_STATUS_OK;
  switch (status->code) {
  case StatusCode::Ok:
    return OCTET_STATUS_OK;
  case StatusCode::Failure:
    return OCTET_STATUS_FAILURE;
  case StatusCode::InvalidArgument:
    return OCTET_STATUS_INVALID_ARGUMENT;
  case StatusCode::NotFound:
    return OCTET_STATUS_NOT_FOUND;
  case StatusCode::NoDevice:
    return OCTET_STATUS_NO_DEVICE;
  }
  return OCTET_STATUS_FAILURE;
}

const char *octet_status_message(const octet_status *status) {
  if (!status)
    return "";
  if (status == octet::capi::outOfMemoryStatus())
    return kOutOfMemory;
  return status->message.c_str();
}

void octet_status_free(octet_status *status) {
  if (status != octet::capi::outOfMemoryStatus())
    delete status;
}

void octet_runtime_destroy(octet_runtime *runtime) { delete runtime; }

size_t octet_runtime_device_count(const octet_runtime *runtime) {
  return runtime ? runtime->runtime->deviceCount() : 0;
}

octet_status *octet_runtime_device_info(const octet_runtime *runtime,
                                        size_t index, octet_device_info *out) {
  return guarded([&]() -> octet_status * {
    if (!runtime || !out)
      return invalid("octet_runtime_device_info: null argument");
    const auto &infos = runtime->runtime->deviceInfos();
    if (index >= infos.size())
      return invalid("device index " + std::to_string(index) +
                     " out of range (" + std::to_string(infos.size()) +
                     " devices)");
    const hal::DeviceInfo &d = infos[index];
    out->api = d.api.c_str();
    out->ordinal = d.ordinal;
    out->name = d.name.c_str();
    switch (d.kind) {
    case hal::DeviceKind::GPU:
      out->kind = OCTET_DEVICE_GPU;
      break;
    case hal::DeviceKind::Accelerator:
      out->kind = OCTET_DEVICE_ACCELERATOR;
      break;
    case hal::DeviceKind::CPU:
      out->kind = OCTET_DEVICE_CPU;
      break;
    default:
      out->kind = OCTET_DEVICE_OTHER;
      break;
    }
    out->memory_bytes = d.memoryBytes;
    out->has_fp16 = d.hasFp16;
    out->has_bf16 = d.hasBf16;
    out->has_fp8 = d.hasFp8;
    out->arch = d.arch.c_str();
    out->driver_version = d.driverVersion.c_str();
    return nullptr;
  });
}

size_t octet_runtime_driver_count(const octet_runtime *runtime) {
  return runtime ? runtime->notes.size() : 0;
}

const char *octet_runtime_driver_name(const octet_runtime *runtime,
                                      size_t index) {
  if (!runtime || index >= runtime->notes.size())
    return nullptr;
  return runtime->runtime->driverNames()[index].c_str();
}

const char *octet_runtime_driver_note(const octet_runtime *runtime,
                                      size_t index) {
  if (!runtime || index >= runtime->notes.size() || !runtime->hasNote[index])
    return nullptr;
  return runtime->notes[index].c_str();
}

const char *octet_runtime_no_device_reasons(const octet_runtime *runtime) {
  return runtime ? runtime->reasons.c_str() : "";
}

octet_status *octet_model_load(octet_runtime *runtime, const char *path,
                               const char *device_request, octet_model **out) {
  return guarded([&]() -> octet_status * {
    if (!runtime || !path || !out)
      return invalid("octet_model_load: null argument");
    std::unique_ptr<Session> session;
    Status st = runtime->runtime->loadFile(
        path, device_request ? device_request : "auto", session);
    if (!st.isOk())
      return toCStatus(st);
    auto model = std::make_unique<octet_model>();
    model->owner = runtime;
    for (size_t i = 0; i < runtime->runtime->deviceCount(); ++i)
      if (&runtime->runtime->device(i) == &session->device())
        model->deviceIndex = i;
    model->description = session->description();
    const artifact::Artifact &a = session->root();
    for (const artifact::TensorInfo *t : *a.inputs()) {
      model->inputNames.push_back(t->name()->str());
      model->inputShapes.emplace_back(t->shape()->begin(), t->shape()->end());
    }
    for (size_t o = 0; o < a.outputs()->size(); ++o) {
      const artifact::TensorInfo *t =
          a.outputs()->Get(static_cast<uint32_t>(o));
      model->outputNames.push_back(t->name()->str());
      model->outputShapes.emplace_back(t->shape()->begin(), t->shape()->end());
      model->outputData.emplace_back(session->outputSizeBytes(o));
    }
    for (auto &d : model->outputData)
      model->outputViews.push_back({d.data(), d.size()});
    model->inputViews.reserve(a.inputs()->size());
    model->session = std::move(session);
    *out = model.release();
    return nullptr;
  });
}

void octet_model_destroy(octet_model *model) { delete model; }

const char *octet_model_device_description(const octet_model *model) {
  return model ? model->description.c_str() : "";
}

size_t octet_model_device_index(const octet_model *model) {
  return model ? model->deviceIndex : 0;
}

size_t octet_model_input_count(const octet_model *model) {
  return model ? model->inputNames.size() : 0;
}

size_t octet_model_output_count(const octet_model *model) {
  return model ? model->outputNames.size() : 0;
}

static octet_status *tensorInfo(const octet_model *model, size_t index,
                                octet_tensor *out, bool input) {
  return guarded([&]() -> octet_status * {
    if (!model || !out)
      return invalid("null argument");
    const auto &names = input ? model->inputNames : model->outputNames;
    if (index >= names.size())
      return invalid(std::string(input ? "input" : "output") + " index " +
                     std::to_string(index) + " out of range (" +
                     std::to_string(names.size()) + ")");
    const artifact::Artifact &a = model->session->root();
    const artifact::TensorInfo *t =
        (input ? a.inputs() : a.outputs())->Get(static_cast<uint32_t>(index));
    const auto &shape =
        input ? model->inputShapes[index] : model->outputShapes[index];
    out->name = names[index].c_str();
    out->dtype = static_cast<octet_dtype>(t->dtype());
    out->rank = static_cast<int32_t>(shape.size());
    out->dims = shape.data();
    out->data = nullptr;
    uint64_t count = 0;
    artifact::elementCount(shape, count);
    out->size_bytes =
        static_cast<size_t>(count * artifact::dtypeSize(t->dtype()));
    return nullptr;
  });
}

octet_status *octet_model_input_info(const octet_model *model, size_t index,
                                     octet_tensor *out) {
  return tensorInfo(model, index, out, true);
}

octet_status *octet_model_output_info(const octet_model *model, size_t index,
                                      octet_tensor *out) {
  return tensorInfo(model, index, out, false);
}

octet_status *octet_model_run(octet_model *model, const octet_tensor *inputs,
                              size_t count) {
  return guarded([&]() -> octet_status * {
    if (!model || (count && !inputs))
      return invalid("octet_model_run: null argument");
    model->inputViews.clear();
    for (size_t i = 0; i < count; ++i) {
      const octet_tensor &t = inputs[i];
      if (!t.name)
        return invalid("input " + std::to_string(i) + " has no name");
      if (t.rank < 0 || (t.rank > 0 && !t.dims))
        return invalid("input '" + std::string(t.name) +
                       "': invalid rank or dims");
      HostTensorView v;
      v.name = t.name;
      v.dtype = static_cast<artifact::DType>(t.dtype);
      v.dims = t.dims;
      v.rank = static_cast<size_t>(t.rank);
      v.data = t.data;
      v.sizeBytes = t.size_bytes;
      model->inputViews.push_back(v);
    }
    model->hasRun = false;
    Status st = model->session->run(model->inputViews, model->outputViews);
    if (!st.isOk())
      return toCStatus(st);
    model->hasRun = true;
    return nullptr;
  });
}

octet_status *octet_model_output(const octet_model *model, size_t index,
                                 octet_tensor *out) {
  return guarded([&]() -> octet_status * {
    if (octet_status *st = tensorInfo(model, index, out, false))
      return st;
    if (!model->hasRun)
      return invalid("output '" + model->outputNames[index] +
                     "': the model has not run successfully yet");
    out->data = model->outputData[index].data();
    return nullptr;
  });
}

} // extern "C"
