//===- octet-run.cpp - Run a compiled .octet artifact on .npy inputs ------===//
//
//   octet-run model.octet --input NAME=FILE.npy ... [--output-dir DIR]
//             [--device auto|cuda[:N]|opencl[:N]] [--benchmark N]
//   octet-run --list-devices
//
// Reads and checks the artifact, the inputs (names, dtypes, shapes) and the
// output file names before any device work, so that bad input fails at once;
// only then picks a device, builds the kernels and runs. Writes each output
// as DIR/<output name>.npy and says on stderr which device ran the model.
// Every error is one line "octet-run: error: ..." on stderr;
// exit codes: 0 success, 1 bad usage or input (including a bad artifact),
// 2 no device (or none can run the artifact), 3 device or internal failure.
//
//===----------------------------------------------------------------------===//
#include "octet/runtime.h"
#include "runtime/src/artifact/Artifact.h"
#include "runtime/src/npy/Npy.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

enum ExitCode { kOk = 0, kUsage = 1, kNoDevice = 2, kFailure = 3 };

int fail(int code, const std::string &message) {
  std::cerr << "octet-run: error: " << message << "\n";
  return code;
}

/// Maps a C API status to an exit code, printing its message.
int failStatus(octet_status *st) {
  int code = kFailure;
  switch (octet_status_get_code(st)) {
  case OCTET_STATUS_INVALID_ARGUMENT:
  case OCTET_STATUS_NOT_FOUND:
    code = kUsage;
    break;
  case OCTET_STATUS_NO_DEVICE:
    code = kNoDevice;
    break;
  default:
    break;
  }
  fail(code, octet_status_message(st));
  octet_status_free(st);
  return code;
}

struct RuntimeDeleter {
  void operator()(octet_runtime *r) const { octet_runtime_destroy(r); }
};
struct ModelDeleter {
  void operator()(octet_model *m) const { octet_model_destroy(m); }
};
struct ArtifactDeleter {
  void operator()(octet_artifact *a) const { octet_artifact_close(a); }
};
using RuntimePtr = std::unique_ptr<octet_runtime, RuntimeDeleter>;
using ModelPtr = std::unique_ptr<octet_model, ModelDeleter>;
using ArtifactPtr = std::unique_ptr<octet_artifact, ArtifactDeleter>;

std::string formatBytes(uint64_t bytes) {
  char buf[32];
  if (bytes >= (1ull << 30))
    std::snprintf(buf, sizeof(buf), "%.1f GiB", bytes / double(1ull << 30));
  else if (bytes >= (1ull << 20))
    std::snprintf(buf, sizeof(buf), "%.1f MiB", bytes / double(1ull << 20));
  else
    std::snprintf(buf, sizeof(buf), "%llu B", (unsigned long long)bytes);
  return buf;
}

/// --list-devices; with `modelPath`, also what each device would run of it.
int listDevices(const std::string &modelPath) {
  ArtifactPtr artifact;
  if (!modelPath.empty()) {
    octet_artifact *rawArtifact = nullptr;
    if (octet_status *st = octet_artifact_open(modelPath.c_str(), &rawArtifact))
      return failStatus(st);
    artifact.reset(rawArtifact);
  }
  octet_runtime *raw = nullptr;
  if (octet_status *st = octet_runtime_create(&raw))
    return failStatus(st);
  RuntimePtr rt(raw);
  size_t n = octet_runtime_device_count(rt.get());
  if (n) {
    std::vector<octet_device_info> infos(n);
    int nameWidth = 4;
    for (size_t i = 0; i < n; ++i) {
      if (octet_status *st = octet_runtime_device_info(rt.get(), i, &infos[i]))
        return failStatus(st);
      nameWidth =
          std::max(nameWidth, static_cast<int>(std::strlen(infos[i].name)));
    }
    // The ARCH column is padded only when RUNS follows it.
    int archWidth = artifact ? 6 : 0;
    std::printf("%-10s %-*s %-10s %-5s %-5s %-5s %-*s%s\n", "DEVICE", nameWidth,
                "NAME", "MEMORY", "FP16", "BF16", "FP8", archWidth, "ARCH",
                artifact ? " RUNS" : "");
    for (size_t i = 0; i < n; ++i) {
      const octet_device_info &info = infos[i];
      std::string id =
          std::string(info.api) + ":" + std::to_string(info.ordinal);
      auto yn = [](int b) { return b ? "yes" : "no"; };
      std::string runs;
      if (artifact) {
        // One call unless the text is longer than the first guess.
        runs.resize(512);
        size_t length = octet_runtime_describe_choice(
            rt.get(), artifact.get(), i, runs.data(), runs.size());
        if (length >= runs.size()) {
          runs.resize(length + 1);
          octet_runtime_describe_choice(rt.get(), artifact.get(), i,
                                        runs.data(), runs.size());
        }
        runs.resize(length);
        runs = " " + runs;
      }
      std::printf("%-10s %-*s %-10s %-5s %-5s %-5s %-*s%s\n", id.c_str(),
                  nameWidth, info.name, formatBytes(info.memory_bytes).c_str(),
                  yn(info.has_fp16), yn(info.has_bf16), yn(info.has_fp8),
                  archWidth, *info.arch ? info.arch : "-", runs.c_str());
    }
  } else {
    std::printf("no devices found\n");
  }
  size_t drivers = octet_runtime_driver_count(rt.get());
  if (drivers == 0)
    std::printf("no device drivers are built into this octet-run\n");
  for (size_t i = 0; i < drivers; ++i)
    if (const char *note = octet_runtime_driver_note(rt.get(), i))
      // Not "<api>:" here: tools grep "<api>:" for a device being present.
      std::printf("driver %s found no devices: %s\n",
                  octet_runtime_driver_name(rt.get(), i), note);
  return kOk;
}

/// Replaces characters that cannot appear in a file name.
std::string fileNameFor(const std::string &name) {
  std::string out;
  for (char c : name)
    out += (c == '/' || c == '\\' || c == '\0') ? '_' : c;
  if (out.empty() || out == "." || out == "..")
    out = "_" + out;
  return out;
}

struct InputArg {
  std::string name; // empty: the model's only input
  std::string file;
  octet::npy::Array array;
};

} // namespace

static int runMain(int argc, char **argv) {
  CLI::App app{"Run a compiled Octet artifact (.octet) on .npy inputs and "
               "write its outputs as .npy files."};
  app.set_version_flag("--version", "octet-run 0.1");
  std::string modelPath;
  std::vector<std::string> inputSpecs;
  std::string outputDir = ".";
  std::string device = "auto";
  int benchmark = 0;
  int profile = 0;
  double warmupMs = 200;
  bool list = false;
  app.add_option("model", modelPath, "The .octet artifact to run");
  app.add_option("-i,--input", inputSpecs,
                 "An input as NAME=FILE.npy (repeat for each input; FILE.npy "
                 "alone when the model has one input)")
      ->allow_extra_args(false);
  app.add_option("-o,--output-dir", outputDir,
                 "Directory receiving <output name>.npy (default: .; created "
                 "if missing)");
  app.add_option("-d,--device", device,
                 "auto (default), cuda, opencl, cuda:N or opencl:N");
  app.add_option("--benchmark", benchmark,
                 "After the warm-up, time N runs (each including input "
                 "upload and output download) and print min/median/p90")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--profile", profile,
                 "After the warm-up, run N times with each kernel run alone "
                 "and waited for, and print each kernel's median time by the "
                 "device's timer (where it has one) and the host's, slowest "
                 "first")
      ->check(CLI::Range(1, 100000));
  app.add_option("--warmup-ms", warmupMs,
                 "Before --benchmark or --profile, run the model for at least "
                 "this long (at least once; default 200, as trtexec)")
      ->check(CLI::Range(0.0, 600000.0));
  app.add_flag("--list-devices", list,
               "List the devices found and, for each driver with none, why; "
               "with a model, also which of its executables each device "
               "would run");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &) {
    std::cout << app.help();
    return kOk;
  } catch (const CLI::CallForAllHelp &) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return kOk;
  } catch (const CLI::CallForVersion &) {
    std::cout << "octet-run 0.1\n";
    return kOk;
  } catch (const CLI::ParseError &e) {
    return fail(kUsage, std::string(e.what()) + " (see octet-run --help)");
  }

  if (list)
    return listDevices(modelPath);
  if (modelPath.empty())
    return fail(kUsage, "no model given; usage: octet-run model.octet "
                        "--input NAME=FILE.npy ... (see --help)");

  // Read every input file first: bad files fail before any device work.
  std::vector<InputArg> inputs;
  for (const std::string &spec : inputSpecs) {
    InputArg in;
    size_t eq = spec.find('=');
    if (eq == std::string::npos) {
      in.file = spec;
    } else {
      in.name = spec.substr(0, eq);
      in.file = spec.substr(eq + 1);
      if (in.name.empty() || in.file.empty())
        return fail(kUsage, "--input '" + spec + "': expected NAME=FILE.npy");
    }
    octet::Status st = octet::npy::readFile(in.file, in.array);
    if (!st.isOk())
      return fail(kUsage, (in.name.empty() ? std::string()
                                           : "input '" + in.name + "': ") +
                              st.message());
    inputs.push_back(std::move(in));
  }

  // Everything about the inputs and outputs is checked against the artifact
  // before any device work: creating the runtime, building the kernels (which
  // can take long on a cold cache) and uploading the constants.
  octet_artifact *rawArtifact = nullptr;
  auto openStart = std::chrono::steady_clock::now();
  if (octet_status *st = octet_artifact_open(modelPath.c_str(), &rawArtifact))
    return failStatus(st);
  double openMs = std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - openStart)
                      .count();
  ArtifactPtr artifact(rawArtifact);

  // Two outputs must not land in the same file (names that differ only in
  // characters a file name cannot hold, such as 'a/b' and 'a_b').
  std::map<std::string, std::string> outputFiles;
  for (size_t o = 0; o < octet_artifact_output_count(artifact.get()); ++o) {
    octet_tensor info;
    if (octet_status *st = octet_artifact_output_info(artifact.get(), o, &info))
      return failStatus(st);
    std::string file = fileNameFor(info.name) + ".npy";
    auto [it, inserted] = outputFiles.emplace(file, info.name);
    if (!inserted)
      return fail(kUsage, "outputs '" + it->second + "' and '" + info.name +
                              "' would both be written to " + file);
  }

  // Resolve names and reinterpret raw bf16/f8 bits where the model expects
  // them.
  size_t modelInputs = octet_artifact_input_count(artifact.get());
  std::vector<octet_tensor> tensors;
  for (InputArg &in : inputs) {
    if (in.name.empty()) {
      if (modelInputs != 1 || inputs.size() != 1)
        return fail(kUsage, "--input '" + in.file +
                                "': expected NAME=FILE.npy (the model has " +
                                std::to_string(modelInputs) + " inputs)");
      octet_tensor info;
      if (octet_status *st =
              octet_artifact_input_info(artifact.get(), 0, &info))
        return failStatus(st);
      in.name = info.name;
    }
    for (size_t k = 0; k < modelInputs; ++k) {
      octet_tensor info;
      if (octet_status *st =
              octet_artifact_input_info(artifact.get(), k, &info))
        return failStatus(st);
      auto want = static_cast<octet::artifact::DType>(info.dtype);
      if (in.name == info.name && octet::npy::canReinterpretAs(in.array, want))
        in.array.dtype = want;
    }
    octet_tensor t;
    t.name = in.name.c_str();
    t.dtype = static_cast<octet_dtype>(in.array.dtype);
    t.rank = static_cast<int32_t>(in.array.shape.size());
    t.dims = in.array.shape.data();
    t.data = in.array.data.data();
    t.size_bytes = in.array.data.size();
    tensors.push_back(t);
  }
  // The same checks (and messages) as octet_model_run's.
  if (octet_status *st = octet_artifact_check_inputs(
          artifact.get(), tensors.data(), tensors.size()))
    return failStatus(st);

  // Only now the device work.
  octet_runtime *rawRt = nullptr;
  if (octet_status *st = octet_runtime_create(&rawRt))
    return failStatus(st);
  RuntimePtr rt(rawRt);
  octet_model *rawModel = nullptr;
  auto loadStart = std::chrono::steady_clock::now();
  if (octet_status *st = octet_model_load_artifact(rt.get(), artifact.get(),
                                                   device.c_str(), &rawModel))
    return failStatus(st);
  double loadMs = std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - loadStart)
                      .count();
  ModelPtr model(rawModel);
  artifact.reset(); // The model shares the artifact's bytes.
  std::cerr << "octet-run: running on "
            << octet_model_device_description(model.get()) << "\n";
  if (*octet_model_fallback(model.get()))
    std::cerr << "octet-run: note: " << octet_model_fallback(model.get())
              << "\n";

  auto runOnce = [&]() -> octet_status * {
    return octet_model_run(model.get(), tensors.data(), tensors.size());
  };
  auto warmupStart = std::chrono::steady_clock::now();
  if (octet_status *st = runOnce())
    return failStatus(st);
  // Timed runs start from a steady state: on PoCL the first hundreds of runs
  // of a small model were measured slower than later ones.
  int warmupRuns = 1;
  while ((benchmark > 0 || profile > 0) &&
         std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - warmupStart)
                 .count() < warmupMs) {
    if (octet_status *st = runOnce())
      return failStatus(st);
    ++warmupRuns;
  }

  if (benchmark > 0) {
    std::vector<double> ms;
    ms.reserve(static_cast<size_t>(benchmark));
    for (int i = 0; i < benchmark; ++i) {
      auto start = std::chrono::steady_clock::now();
      if (octet_status *st = runOnce())
        return failStatus(st);
      auto end = std::chrono::steady_clock::now();
      ms.push_back(
          std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::sort(ms.begin(), ms.end());
    size_t n = ms.size();
    double median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    size_t p90 = static_cast<size_t>(std::ceil(0.9 * n)) - 1;
    std::printf(
        "benchmark: %d runs after %d warm-up run%s, each including input "
        "upload and output download: min %.3f ms, median %.3f ms, "
        "p90 %.3f ms\n",
        benchmark, warmupRuns, warmupRuns == 1 ? "" : "s", ms.front(), median,
        ms[p90]);
    std::printf(
        "benchmark: %zu kernel launches per run, %llu bytes of "
        "device memory, opened in %.1f ms (artifact mapped and verified), "
        "loaded in %.1f ms (kernels built or read from the cache, constants "
        "on the device)\n",
        octet_model_dispatch_count(model.get()),
        static_cast<unsigned long long>(octet_model_device_bytes(model.get())),
        openMs, loadMs);
  }

  if (profile > 0) {
    size_t steps = octet_model_step_count(model.get());
    std::vector<std::vector<double>> hostTimes(steps), deviceTimes(steps);
    std::vector<double> host(steps), device(steps);
    for (int i = 0; i < profile; ++i) {
      if (octet_status *st = octet_model_run_profiled(
              model.get(), tensors.data(), tensors.size(), host.data(),
              device.data(), steps))
        return failStatus(st);
      for (size_t s = 0; s < steps; ++s) {
        hostTimes[s].push_back(host[s]);
        if (device[s] >= 0)
          deviceTimes[s].push_back(device[s]);
      }
    }
    auto median = [](std::vector<double> &times) {
      if (times.empty())
        return -1.0; // Not measured.
      std::sort(times.begin(), times.end());
      size_t n = times.size();
      return n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    };
    // Per step: device median (-1: not measured), host median, step.
    struct Row {
      double device, host;
      size_t step;
    };
    std::vector<Row> rows;
    double deviceTotal = 0, hostTotal = 0;
    bool anyDevice = false;
    for (size_t s = 0; s < steps; ++s) {
      Row row{median(deviceTimes[s]), median(hostTimes[s]), s};
      anyDevice |= row.device >= 0;
      deviceTotal += std::max(row.device, 0.0);
      hostTotal += row.host;
      rows.push_back(row);
    }
    // Slowest first, by the device's timer where it has one.
    std::stable_sort(rows.begin(), rows.end(), [&](const Row &a, const Row &b) {
      return anyDevice ? a.device > b.device : a.host > b.host;
    });
    std::printf("profile: %d runs after %d warm-up run%s, each of %zu step%s "
                "run alone and waited for\n",
                profile, warmupRuns, warmupRuns == 1 ? "" : "s", steps,
                steps == 1 ? "" : "s");
    if (anyDevice)
      std::printf("  device: %.3f ms per run (sum of the kernels' medians by "
                  "the device's timer)\n",
                  deviceTotal);
    else
      std::printf("  device: no timer on this device; host times only\n");
    std::printf("  host:   %.3f ms per run (sum of the steps' medians, from "
                "enqueue to the end of the wait)\n",
                hostTotal);
    std::printf("%-6s %-24s %10s %10s %7s\n", "STEP", "KERNEL", "DEVICE ms",
                "HOST ms", "SHARE");
    double total = anyDevice ? deviceTotal : hostTotal;
    for (const Row &row : rows) {
      double own = anyDevice ? std::max(row.device, 0.0) : row.host;
      char deviceText[32] = "-";
      if (row.device >= 0)
        std::snprintf(deviceText, sizeof(deviceText), "%.4f", row.device);
      std::printf("%-6zu %-24s %10s %10.4f %6.1f%%\n", row.step,
                  octet_model_step_name(model.get(), row.step), deviceText,
                  row.host, total > 0 ? 100.0 * own / total : 0.0);
    }
  }

  std::error_code ec;
  std::filesystem::create_directories(outputDir, ec);
  if (ec)
    return fail(kUsage, outputDir + ": cannot create the output directory: " +
                            ec.message());
  for (size_t o = 0; o < octet_model_output_count(model.get()); ++o) {
    octet_tensor out;
    if (octet_status *st = octet_model_output(model.get(), o, &out))
      return failStatus(st);
    std::string path =
        (std::filesystem::path(outputDir) / (fileNameFor(out.name) + ".npy"))
            .string();
    std::vector<int64_t> shape(out.dims, out.dims + out.rank);
    octet::Status st = octet::npy::writeFile(
        path, static_cast<octet::artifact::DType>(out.dtype), shape, out.data,
        out.size_bytes);
    if (!st.isOk())
      return fail(kFailure, st.message());
    std::cerr << "octet-run: wrote " << path << " ("
              << octet::artifact::formatTensorType(
                     static_cast<octet::artifact::DType>(out.dtype), shape)
              << ")\n";
  }
  return kOk;
}

int main(int argc, char **argv) {
  try {
    return runMain(argc, argv);
  } catch (const std::exception &e) {
    return fail(kFailure, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(kFailure, "internal error: unknown exception");
  }
}
