/*===- octet/runtime.h - The Octet runtime's C API --------------*- C -*-===//
 *
 * Load a compiled .octet artifact onto a CUDA or OpenCL device and run it.
 *
 *   octet_artifact *a;
 *   octet_status *st = octet_artifact_open("model.octet", &a); // no device
 *   octet_tensor in = {"x", OCTET_DTYPE_F32, 2, dims, data, bytes};
 *   st = octet_artifact_check_inputs(a, &in, 1);        // still no device
 *   octet_runtime *rt;
 *   st = octet_runtime_create(&rt);                     // finds devices
 *   octet_model *m;
 *   st = octet_model_load_artifact(rt, a, "auto", &m);  // builds kernels
 *   octet_artifact_close(a);                            // m keeps its bytes
 *   st = octet_model_run(m, &in, 1);
 *   octet_tensor out;
 *   st = octet_model_output(m, 0, &out);                // owned by m
 *   octet_model_destroy(m);
 *   octet_runtime_destroy(rt);
 *
 * octet_model_load(rt, path, request, &m) does open + load_artifact + close
 * in one call. Checking inputs against the artifact first rejects a wrong
 * name, dtype or shape before any device work (kernel builds can take
 * seconds); octet_model_run makes the same checks with the same messages.
 *
 * Every fallible function returns an octet_status*: NULL on success, else an
 * object the caller frees with octet_status_free. Strings and arrays handed
 * out stay valid as long as the object they came from (outputs: until the
 * next run). Destroy models before their runtime. A model runs one call at
 * a time; different models may be used from different threads.
 *
 *===----------------------------------------------------------------------===*/
#ifndef OCTET_RUNTIME_H
#define OCTET_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The runtime: drivers and the devices they found. Create it once.
typedef struct octet_runtime octet_runtime;
/// A verified artifact in host memory, not yet on any device: its signature
/// and input checks, and the bytes that models load from.
typedef struct octet_artifact octet_artifact;
/// An artifact loaded onto one device, with its buffers allocated.
typedef struct octet_model octet_model;
/// A failure: a code and a one-line message.
typedef struct octet_status octet_status;

/// Class of a failure.
typedef enum octet_status_code {
  OCTET_STATUS_OK = 0,
  /// Device, driver or internal failure.
  OCTET_STATUS_FAILURE = 1,
  /// A bad argument: malformed artifact, wrong input tensor, bad request.
  OCTET_STATUS_INVALID_ARGUMENT = 2,
  /// A file does not exist or cannot be read.
  OCTET_STATUS_NOT_FOUND = 3,
  /// No device exists, or none can run the artifact.
  OCTET_STATUS_NO_DEVICE = 4,
} octet_status_code;

/// Element types; the values are the artifact schema's DType values.
typedef enum octet_dtype {
  OCTET_DTYPE_F32 = 0,
  OCTET_DTYPE_F16 = 1,
  OCTET_DTYPE_BF16 = 2,
  OCTET_DTYPE_F8E4M3FN = 3,
  OCTET_DTYPE_F8E5M2 = 4,
  OCTET_DTYPE_I8 = 5,
  OCTET_DTYPE_I32 = 6,
  OCTET_DTYPE_I64 = 7,
  OCTET_DTYPE_BOOL = 8,
  OCTET_DTYPE_F64 = 9,
  OCTET_DTYPE_I16 = 10,
  OCTET_DTYPE_U8 = 11,
  OCTET_DTYPE_U16 = 12,
  OCTET_DTYPE_U32 = 13,
  OCTET_DTYPE_U64 = 14,
} octet_dtype;

/// Broad class of a device.
typedef enum octet_device_kind {
  OCTET_DEVICE_GPU = 0,
  OCTET_DEVICE_ACCELERATOR = 1,
  OCTET_DEVICE_CPU = 2,
  OCTET_DEVICE_OTHER = 3,
} octet_device_kind;

/// What the runtime knows about one device. Strings are owned by the runtime.
typedef struct octet_device_info {
  /// "cuda", "opencl".
  const char *api;
  /// The N of cuda:N.
  int ordinal;
  const char *name;
  octet_device_kind kind;
  uint64_t memory_bytes;
  int has_fp16;
  int has_bf16;
  int has_fp8;
  /// "sm_90"; "" when not applicable.
  const char *arch;
  const char *driver_version;
} octet_device_info;

/// A host tensor. For inputs, `data` is read; for outputs it points into
/// memory owned by the model, valid until the next run or destroy.
typedef struct octet_tensor {
  const char *name;
  octet_dtype dtype;
  int32_t rank;
  const int64_t *dims;
  const void *data;
  size_t size_bytes;
} octet_tensor;

/*--- Status ---------------------------------------------------------------*/

/// The code of `status` (OCTET_STATUS_OK for NULL).
octet_status_code octet_status_get_code(const octet_status *status);
/// The message of `status` ("" for NULL). Owned by the status.
const char *octet_status_message(const octet_status *status);
/// Frees `status` (NULL is fine).
void octet_status_free(octet_status *status);

/*--- Runtime and devices --------------------------------------------------*/

/// Creates a runtime with the drivers built into this library and
/// enumerates their devices. Finding no device is not an error: see
/// octet_runtime_device_count and octet_runtime_no_device_reasons.
octet_status *octet_runtime_create(octet_runtime **out);
/// Destroys a runtime (NULL is fine). Destroy its models first.
void octet_runtime_destroy(octet_runtime *runtime);

/// Number of devices found.
size_t octet_runtime_device_count(const octet_runtime *runtime);
/// Fills `out` with device `index` (0 <= index < device count).
octet_status *octet_runtime_device_info(const octet_runtime *runtime,
                                        size_t index, octet_device_info *out);
/// Number of drivers built in, and the name of driver `index` ("cuda").
size_t octet_runtime_driver_count(const octet_runtime *runtime);
const char *octet_runtime_driver_name(const octet_runtime *runtime,
                                      size_t index);
/// Why driver `index` found no device ("libcuda.so.1 not found"); NULL if it
/// found at least one.
const char *octet_runtime_driver_note(const octet_runtime *runtime,
                                      size_t index);
/// All the reasons at once, "cuda: ...; opencl: ...", or "" when every
/// driver found a device.
const char *octet_runtime_no_device_reasons(const octet_runtime *runtime);

/*--- Artifacts ------------------------------------------------------------*/

/// Reads the artifact at `path` and verifies it (header, checksum, structure
/// and meaning); touches no device and needs no runtime. Messages start with
/// `path`: OCTET_STATUS_NOT_FOUND when the file cannot be read,
/// OCTET_STATUS_INVALID_ARGUMENT when it is not a valid artifact.
octet_status *octet_artifact_open(const char *path, octet_artifact **out);
/// Closes an artifact (NULL is fine). Models loaded from it keep working:
/// they share its bytes.
void octet_artifact_close(octet_artifact *artifact);

/// Number of inputs/outputs of the artifact (0 for NULL).
size_t octet_artifact_input_count(const octet_artifact *artifact);
size_t octet_artifact_output_count(const octet_artifact *artifact);
/// Signature of input/output `index`, as octet_model_input_info and
/// octet_model_output_info give it (`data` is NULL); strings and dims stay
/// valid until the artifact is closed.
octet_status *octet_artifact_input_info(const octet_artifact *artifact,
                                        size_t index, octet_tensor *out);
octet_status *octet_artifact_output_info(const octet_artifact *artifact,
                                         size_t index, octet_tensor *out);

/// Checks `count` inputs against the artifact's signature exactly as
/// octet_model_run does (each input once, by name, with its dtype and dims,
/// and size_bytes of data), with the same OCTET_STATUS_INVALID_ARGUMENT
/// messages. A check that passes here passes in octet_model_run.
octet_status *octet_artifact_check_inputs(const octet_artifact *artifact,
                                          const octet_tensor *inputs,
                                          size_t count);

/*--- Models ---------------------------------------------------------------*/

/// Loads `artifact` onto a device chosen per `device_request` ("auto" or
/// NULL, "cuda", "opencl", "cuda:N", "opencl:N"): builds its kernels (cached
/// on disk), uploads its constants and allocates its buffers. The model
/// shares the artifact's verified bytes; the artifact may be closed (and
/// loaded again, on other devices) afterwards.
octet_status *octet_model_load_artifact(octet_runtime *runtime,
                                        const octet_artifact *artifact,
                                        const char *device_request,
                                        octet_model **out);
/// What device `device_index` would run of `artifact`, as octet-run
/// --list-devices shows it: "ptx sm_80 (FP8 conversions emulated)", then the
/// variant it cannot run and why when there is one, or "none: " and why.
/// Writes at most `buffer_size` bytes (NUL included) into `buffer` and
/// returns the length of the whole text, like snprintf.
size_t octet_runtime_describe_choice(const octet_runtime *runtime,
                                     const octet_artifact *artifact,
                                     size_t device_index, char *buffer,
                                     size_t buffer_size);
/// octet_artifact_open(path) + octet_model_load_artifact + close, in one
/// call.
octet_status *octet_model_load(octet_runtime *runtime, const char *path,
                               const char *device_request, octet_model **out);
/// Destroys a model (NULL is fine).
void octet_model_destroy(octet_model *model);

/// "opencl:0 (pthread-cpu), executable opencl-c": where the model runs.
const char *octet_model_device_description(const octet_model *model);
/// Index of the model's device among the runtime's devices.
size_t octet_model_device_index(const octet_model *model);
/// Runs the model like octet_model_run, each plan step alone and waited
/// for, and writes the host's wall time of step s in milliseconds to
/// `step_ms[s]` and, when `step_device_ms` is not NULL, the time the kernel
/// ran by the device's own timer to `step_device_ms[s]` (-1 for copies and
/// on devices without a timer); at most `step_capacity` entries each
/// (octet_model_step_count gives the number). A profile: the waits make
/// the run slower.
octet_status *octet_model_run_profiled(octet_model *model,
                                       const octet_tensor *inputs, size_t count,
                                       double *step_ms, double *step_device_ms,
                                       size_t step_capacity);
/// Number of plan steps (kernel launches and copies) of one run.
size_t octet_model_step_count(const octet_model *model);
/// The kernel name of plan step `index` ("main_dispatch_3"), "copy" for a
/// copy, "" when out of range. Valid while the model lives.
const char *octet_model_step_name(const octet_model *model, size_t index);
/// Kernel launches in one run of the model.
size_t octet_model_dispatch_count(const octet_model *model);
/// Device memory the model holds (inputs, outputs, constants, transient
/// buffers), allocated once when it was loaded: its peak.
uint64_t octet_model_device_bytes(const octet_model *model);
/// When the device cannot run a variant of the artifact that differs from
/// the one it runs (native FP8 conversions, say): which one it runs instead
/// and why. "" otherwise.
const char *octet_model_fallback(const octet_model *model);

size_t octet_model_input_count(const octet_model *model);
size_t octet_model_output_count(const octet_model *model);
/// Signature of input/output `index`: name, dtype, rank, dims and
/// size_bytes; `data` is NULL.
octet_status *octet_model_input_info(const octet_model *model, size_t index,
                                     octet_tensor *out);
octet_status *octet_model_output_info(const octet_model *model, size_t index,
                                      octet_tensor *out);

/// Runs the model on `count` named inputs (each model input exactly once,
/// matching its dtype and dims; size_bytes = element size x element count).
octet_status *octet_model_run(octet_model *model, const octet_tensor *inputs,
                              size_t count);
/// Output `index` of the last successful run (data owned by the model).
octet_status *octet_model_output(const octet_model *model, size_t index,
                                 octet_tensor *out);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // OCTET_RUNTIME_H
