//===- CApi.cpp - The runtime's C API over Runtime and Session ------------===//
//
// Implements runtime/include/octet/runtime.h except octet_runtime_create
// (CApiBuiltin.cpp, which needs the generated driver registry). An
// octet_artifact and the models loaded from it share one verified artifact
// and its signature (ArtifactInfo), so the handle may be closed first. No
// exception escapes: every entry point catches and turns it into a status.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/CApiInternal.h"

#include <algorithm>
#include <cstring>
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

namespace {

/// One side (inputs or outputs) of an artifact's signature, in the form
/// octet_tensor hands out: the strings and dims live here.
struct TensorList {
  std::vector<std::string> names;
  std::vector<octet_dtype> dtypes;
  std::vector<std::vector<int64_t>> shapes;
  /// dtype size x element count.
  std::vector<size_t> sizes;
};

/// A verified artifact and its signature, shared by the octet_artifact that
/// opened it and every model loaded from it.
struct ArtifactInfo {
  std::shared_ptr<const artifact::LoadedArtifact> loaded;
  TensorList inputs, outputs;
};

} // namespace

struct octet_artifact {
  std::shared_ptr<const ArtifactInfo> info;
};

struct octet_model {
  octet_runtime *owner = nullptr;
  std::shared_ptr<const ArtifactInfo> info;
  std::unique_ptr<Session> session;
  size_t deviceIndex = 0;
  std::string description;
  std::vector<std::vector<uint8_t>> outputData;
  std::vector<HostOutputView> outputViews;
  std::vector<HostTensorView> inputViews;
  /// Per plan step: its kernel name, and its times in the last profiled run.
  std::vector<std::string> stepNames;
  Session::StepTimes stepTimes;
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

/// Fills `list` from one side (inputs or outputs) of a signature.
static void
describe(const flatbuffers::Vector<flatbuffers::Offset<artifact::TensorInfo>>
             &tensors,
         TensorList &list) {
  for (const artifact::TensorInfo *t : tensors) {
    list.names.push_back(t->name()->str());
    list.dtypes.push_back(static_cast<octet_dtype>(t->dtype()));
    list.shapes.emplace_back(t->shape()->begin(), t->shape()->end());
    // The verifier has checked the count and that the bytes fit.
    uint64_t count = 0;
    artifact::elementCount(list.shapes.back(), count);
    list.sizes.push_back(
        static_cast<size_t>(count * artifact::dtypeSize(t->dtype())));
  }
}

/// Reads and verifies the artifact at `path` (no device work).
static octet_status *openArtifact(const char *path,
                                  std::shared_ptr<const ArtifactInfo> &out) {
  auto info = std::make_shared<ArtifactInfo>();
  Status st = artifact::LoadedArtifact::fromFile(path, info->loaded);
  if (!st.isOk())
    return toCStatus(st);
  describe(*info->loaded->root().inputs(), info->inputs);
  describe(*info->loaded->root().outputs(), info->outputs);
  out = std::move(info);
  return nullptr;
}

/// Loads the artifact of `info` on the device `request` picks.
static octet_status *loadModel(octet_runtime *runtime,
                               std::shared_ptr<const ArtifactInfo> info,
                               const char *request, octet_model **out) {
  std::unique_ptr<Session> session;
  Status st =
      runtime->runtime->load(info->loaded, request ? request : "auto", session);
  if (!st.isOk())
    return toCStatus(st);
  auto model = std::make_unique<octet_model>();
  model->owner = runtime;
  for (size_t i = 0; i < runtime->runtime->deviceCount(); ++i)
    if (&runtime->runtime->device(i) == &session->device())
      model->deviceIndex = i;
  model->description = session->description();
  for (size_t s = 0; s < session->stepCount(); ++s)
    model->stepNames.push_back(session->stepName(s));
  model->stepTimes.hostMilliseconds.reserve(session->stepCount());
  model->stepTimes.deviceMilliseconds.reserve(session->stepCount());
  for (size_t o = 0; o < info->outputs.names.size(); ++o)
    model->outputData.emplace_back(session->outputSizeBytes(o));
  for (auto &d : model->outputData)
    model->outputViews.push_back({d.data(), d.size()});
  model->inputViews.reserve(info->inputs.names.size());
  model->info = std::move(info);
  model->session = std::move(session);
  *out = model.release();
  return nullptr;
}

/// Fills `out` with input or output `index` of `info` (NULL: an error).
static octet_status *tensorInfo(const ArtifactInfo *info, size_t index,
                                octet_tensor *out, bool input) {
  return guarded([&]() -> octet_status * {
    if (!info || !out)
      return invalid("null argument");
    const TensorList &list = input ? info->inputs : info->outputs;
    if (index >= list.names.size())
      return invalid(std::string(input ? "input" : "output") + " index " +
                     std::to_string(index) + " out of range (" +
                     std::to_string(list.names.size()) + ")");
    out->name = list.names[index].c_str();
    out->dtype = list.dtypes[index];
    out->rank = static_cast<int32_t>(list.shapes[index].size());
    out->dims = list.shapes[index].data();
    out->data = nullptr;
    out->size_bytes = list.sizes[index];
    return nullptr;
  });
}

/// tensorInfo for a model (NULL: an error).
static octet_status *modelTensorInfo(const octet_model *model, size_t index,
                                     octet_tensor *out, bool input) {
  return tensorInfo(model ? model->info.get() : nullptr, index, out, input);
}

/// Turns C input tensors into views, checking what matchInputs cannot (a
/// name and a valid rank). Reuses `views`' storage.
static octet_status *toViews(const octet_tensor *inputs, size_t count,
                             std::vector<HostTensorView> &views) {
  views.clear();
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
    views.push_back(v);
  }
  return nullptr;
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

octet_status *octet_artifact_open(const char *path, octet_artifact **out) {
  return guarded([&]() -> octet_status * {
    if (!path || !out)
      return invalid("octet_artifact_open: null argument");
    auto handle = std::make_unique<octet_artifact>();
    if (octet_status *st = openArtifact(path, handle->info))
      return st;
    *out = handle.release();
    return nullptr;
  });
}

void octet_artifact_close(octet_artifact *artifact) { delete artifact; }

size_t octet_artifact_input_count(const octet_artifact *artifact) {
  return artifact ? artifact->info->inputs.names.size() : 0;
}

size_t octet_artifact_output_count(const octet_artifact *artifact) {
  return artifact ? artifact->info->outputs.names.size() : 0;
}

octet_status *octet_artifact_input_info(const octet_artifact *artifact,
                                        size_t index, octet_tensor *out) {
  return tensorInfo(artifact ? artifact->info.get() : nullptr, index, out,
                    true);
}

octet_status *octet_artifact_output_info(const octet_artifact *artifact,
                                         size_t index, octet_tensor *out) {
  return tensorInfo(artifact ? artifact->info.get() : nullptr, index, out,
                    false);
}

octet_status *octet_artifact_check_inputs(const octet_artifact *artifact,
                                          const octet_tensor *inputs,
                                          size_t count) {
  return guarded([&]() -> octet_status * {
    if (!artifact || (count && !inputs))
      return invalid("octet_artifact_check_inputs: null argument");
    std::vector<HostTensorView> views;
    if (octet_status *st = toViews(inputs, count, views))
      return st;
    std::vector<int> sourceOfInput;
    return toCStatus(
        matchInputs(artifact->info->loaded->root(), views, sourceOfInput));
  });
}

octet_status *octet_model_load_artifact(octet_runtime *runtime,
                                        const octet_artifact *artifact,
                                        const char *device_request,
                                        octet_model **out) {
  return guarded([&]() -> octet_status * {
    if (!runtime || !artifact || !out)
      return invalid("octet_model_load_artifact: null argument");
    return loadModel(runtime, artifact->info, device_request, out);
  });
}

octet_status *octet_model_load(octet_runtime *runtime, const char *path,
                               const char *device_request, octet_model **out) {
  return guarded([&]() -> octet_status * {
    if (!runtime || !path || !out)
      return invalid("octet_model_load: null argument");
    // open + load_artifact + close: the model keeps the artifact alive.
    std::shared_ptr<const ArtifactInfo> info;
    if (octet_status *st = openArtifact(path, info))
      return st;
    return loadModel(runtime, std::move(info), device_request, out);
  });
}

void octet_model_destroy(octet_model *model) { delete model; }

const char *octet_model_device_description(const octet_model *model) {
  return model ? model->description.c_str() : "";
}

size_t octet_model_device_index(const octet_model *model) {
  return model ? model->deviceIndex : 0;
}

size_t octet_runtime_describe_choice(const octet_runtime *runtime,
                                     const octet_artifact *artifact,
                                     size_t device_index, char *buffer,
                                     size_t buffer_size) {
  std::string text;
  if (!runtime || !artifact || !artifact->info ||
      device_index >= runtime->runtime->deviceCount())
    text = "none: no such device or artifact";
  else
    text =
        runtime->runtime->describeChoice(*artifact->info->loaded, device_index);
  if (buffer && buffer_size) {
    size_t n = std::min(text.size(), buffer_size - 1);
    std::memcpy(buffer, text.data(), n);
    buffer[n] = '\0';
  }
  return text.size();
}

size_t octet_model_dispatch_count(const octet_model *model) {
  return model && model->session ? model->session->dispatchesPerRun() : 0;
}

uint64_t octet_model_device_bytes(const octet_model *model) {
  return model && model->session ? model->session->deviceBytes() : 0;
}

const char *octet_model_fallback(const octet_model *model) {
  return model && model->session ? model->session->fallback().c_str() : "";
}

size_t octet_model_input_count(const octet_model *model) {
  return model ? model->info->inputs.names.size() : 0;
}

size_t octet_model_output_count(const octet_model *model) {
  return model ? model->info->outputs.names.size() : 0;
}

octet_status *octet_model_input_info(const octet_model *model, size_t index,
                                     octet_tensor *out) {
  return modelTensorInfo(model, index, out, true);
}

octet_status *octet_model_output_info(const octet_model *model, size_t index,
                                      octet_tensor *out) {
  return modelTensorInfo(model, index, out, false);
}

octet_status *octet_model_run(octet_model *model, const octet_tensor *inputs,
                              size_t count) {
  return guarded([&]() -> octet_status * {
    if (!model || (count && !inputs))
      return invalid("octet_model_run: null argument");
    if (octet_status *st = toViews(inputs, count, model->inputViews))
      return st;
    model->hasRun = false;
    Status st = model->session->run(model->inputViews, model->outputViews);
    if (!st.isOk())
      return toCStatus(st);
    model->hasRun = true;
    return nullptr;
  });
}

octet_status *octet_model_run_profiled(octet_model *model,
                                       const octet_tensor *inputs, size_t count,
                                       double *step_ms, double *step_device_ms,
                                       size_t step_capacity) {
  return guarded([&]() -> octet_status * {
    if (!model || (count && !inputs) || (step_capacity && !step_ms))
      return invalid("octet_model_run_profiled: null argument");
    if (octet_status *st = toViews(inputs, count, model->inputViews))
      return st;
    model->hasRun = false;
    Session::StepTimes &times = model->stepTimes;
    Status st =
        model->session->run(model->inputViews, model->outputViews, &times);
    if (!st.isOk())
      return toCStatus(st);
    model->hasRun = true;
    for (size_t s = 0;
         s < std::min(step_capacity, times.hostMilliseconds.size()); ++s) {
      step_ms[s] = times.hostMilliseconds[s];
      if (step_device_ms)
        step_device_ms[s] = times.deviceMilliseconds[s];
    }
    return nullptr;
  });
}

size_t octet_model_step_count(const octet_model *model) {
  return model && model->session ? model->session->stepCount() : 0;
}

const char *octet_model_step_name(const octet_model *model, size_t index) {
  if (!model || !model->session || index >= model->stepNames.size())
    return "";
  return model->stepNames[index].c_str();
}

octet_status *octet_model_output(const octet_model *model, size_t index,
                                 octet_tensor *out) {
  return guarded([&]() -> octet_status * {
    if (octet_status *st = modelTensorInfo(model, index, out, false))
      return st;
    if (!model->hasRun)
      return invalid("output '" + model->info->outputs.names[index] +
                     "': the model has not run successfully yet");
    out->data = model->outputData[index].data();
    return nullptr;
  });
}

} // extern "C"
