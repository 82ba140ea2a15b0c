//===- DeviceSelection.cpp - Choosing the device that runs a model --------===//
//
// See DeviceSelection.h.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/DeviceSelection.h"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace octet {

Status parseDeviceRequest(const std::string &text, DeviceRequest &out) {
  auto bad = [&] {
    return Status::error(StatusCode::InvalidArgument,
                         "invalid device '" + text +
                             "': expected auto, <api> or <api>:<N> (e.g. "
                             "cuda:0, opencl:1, opencl)");
  };
  if (text.empty() || text == "auto") {
    out = DeviceRequest();
    return Status::ok();
  }
  size_t colon = text.find(':');
  std::string api = text.substr(0, colon);
  if (api.empty() || api == "auto")
    return bad();
  for (char c : api)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
      return bad();
  DeviceRequest r;
  r.api = api;
  if (colon != std::string::npos) {
    std::string num = text.substr(colon + 1);
    if (num.empty() || num.size() > 6)
      return bad();
    for (char c : num)
      if (!std::isdigit(static_cast<unsigned char>(c)))
        return bad();
    r.ordinal = std::stoi(num);
  }
  out = r;
  return Status::ok();
}

int parseSmVersion(const std::string &arch) {
  std::string digits;
  if (arch.rfind("sm_", 0) == 0)
    digits = arch.substr(3);
  else if (arch.rfind("compute_", 0) == 0)
    digits = arch.substr(8);
  else
    return -1;
  // Allow an arch-specific suffix such as "90a".
  while (!digits.empty() &&
         std::isalpha(static_cast<unsigned char>(digits.back())))
    digits.pop_back();
  if (digits.empty() || digits.size() > 4)
    return -1;
  for (char c : digits)
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return -1;
  return std::stoi(digits);
}

bool executableRunsOn(const hal::DeviceInfo &device, const ExecutableDesc &exe,
                      std::string &why) {
  if (exe.target != device.api) {
    why =
        "the executable is for " + exe.target + ", the device is " + device.api;
    return false;
  }
  if (exe.arch.empty())
    return true;
  int exeSm = parseSmVersion(exe.arch);
  int devSm = parseSmVersion(device.arch);
  // Arch-specific code ("sm_90a") runs only on that very SM version; plain
  // PTX is JIT-compiled for newer ones too.
  bool archSpecific = std::isalpha(static_cast<unsigned char>(exe.arch.back()));
  if (exeSm >= 0 && devSm >= 0) {
    if (archSpecific ? devSm == exeSm : devSm >= exeSm)
      return true;
    if (archSpecific) {
      why = "code for " + exe.arch + " runs only on sm_" +
            std::to_string(exeSm) + ", the device is " + device.arch;
      return false;
    }
    why = "code for " + exe.arch + " needs " + exe.arch +
          " or newer, the device is " + device.arch;
    return false;
  }
  if (exe.arch == device.arch)
    return true;
  why = "code for " + exe.arch + " does not run on " +
        (device.arch.empty() ? std::string("this device") : device.arch);
  return false;
}

int deviceRank(const hal::DeviceInfo &device) {
  if (device.api == "cuda")
    return 0;
  switch (device.kind) {
  case hal::DeviceKind::GPU:
    return 1;
  case hal::DeviceKind::Accelerator:
    return 2;
  case hal::DeviceKind::CPU:
    return 3;
  case hal::DeviceKind::Other:
    break;
  }
  return 4;
}

std::string describeExecutable(const ExecutableDesc &executable) {
  std::string s =
      executable.format.empty() ? executable.target : executable.format;
  if (!executable.arch.empty())
    s += " " + executable.arch;
  if (!executable.notes.empty())
    s += " (" + executable.notes + ")";
  return s;
}

std::string describeDevice(const hal::DeviceInfo &device) {
  return device.api + ":" + std::to_string(device.ordinal) + " (" +
         device.name + ")";
}

static std::string describeExecutables(const std::vector<ExecutableDesc> &xs) {
  std::vector<std::string> parts;
  for (const ExecutableDesc &x : xs) {
    std::string s = x.target + (x.arch.empty() ? "" : " " + x.arch);
    if (std::find(parts.begin(), parts.end(), s) == parts.end())
      parts.push_back(s);
  }
  std::string out = "[";
  for (size_t i = 0; i < parts.size(); ++i)
    out += (i ? ", " : "") + parts[i];
  return out + "]";
}

static std::string describeDevices(const std::vector<hal::DeviceInfo> &devices,
                                   const std::vector<size_t> &which) {
  if (which.size() == 1)
    return "the only device is " + describeDevice(devices[which[0]]);
  std::string out = "the devices are ";
  for (size_t i = 0; i < which.size(); ++i)
    out += (i ? ", " : "") + describeDevice(devices[which[i]]);
  return out;
}

static std::string describeNotes(const std::vector<DriverNote> &notes) {
  std::string out;
  for (const DriverNote &n : notes)
    out += (out.empty() ? "" : "; ") + n.driver + ": " + n.why;
  return out;
}

Status selectDevice(const std::vector<hal::DeviceInfo> &devices,
                    const std::vector<ExecutableDesc> &executables,
                    const std::string &requestText,
                    const std::vector<DriverNote> &notes, Selection &out,
                    const CanRunFn &canRun) {
  DeviceRequest request;
  OCTET_RETURN_IF_ERROR(parseDeviceRequest(requestText, request));
  std::string asked =
      request.isAuto()
          ? std::string("auto")
          : request.api + (request.ordinal >= 0
                               ? ":" + std::to_string(request.ordinal)
                               : "");
  auto noDevice = [](const std::string &msg) {
    return Status::error(StatusCode::NoDevice, msg);
  };

  if (devices.empty()) {
    std::string why = notes.empty()
                          ? "no device drivers are built into this runtime"
                          : describeNotes(notes);
    return noDevice(request.isAuto() ? "no devices found: " + why
                                     : "device " + asked +
                                           " requested but no devices "
                                           "found: " +
                                           why);
  }

  std::vector<size_t> all(devices.size());
  std::iota(all.begin(), all.end(), 0);

  // Candidates, best first.
  std::vector<size_t> candidates;
  for (size_t i = 0; i < devices.size(); ++i) {
    const hal::DeviceInfo &d = devices[i];
    if (!request.isAuto() && d.api != request.api)
      continue;
    if (request.ordinal >= 0 && d.ordinal != request.ordinal)
      continue;
    candidates.push_back(i);
  }
  if (candidates.empty()) {
    std::string msg = "device " + asked + " not found";
    for (const DriverNote &n : notes)
      if (n.driver == request.api)
        msg += " (" + n.driver + ": " + n.why + ")";
    return noDevice(msg + "; " + describeDevices(devices, all));
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](size_t a, size_t b) {
                     if (request.isAuto() &&
                         deviceRank(devices[a]) != deviceRank(devices[b]))
                       return deviceRank(devices[a]) < deviceRank(devices[b]);
                     return false;
                   });

  std::vector<std::string> reasons;
  for (size_t dev : candidates) {
    const hal::DeviceInfo &d = devices[dev];
    std::vector<size_t> runnable;
    std::vector<std::pair<size_t, std::string>> refused;
    for (size_t e = 0; e < executables.size(); ++e) {
      if (executables[e].target != d.api)
        continue;
      std::string why;
      bool ok = canRun ? canRun(dev, e, why)
                       : executableRunsOn(d, executables[e], why);
      if (ok) {
        runnable.push_back(e);
      } else {
        reasons.push_back(describeDevice(d) + ": " + why);
        refused.emplace_back(e, why);
      }
    }
    if (runnable.empty())
      continue;
    // Prefer code built for exactly this arch, then the newest SM version,
    // then artifact order.
    size_t best = runnable[0];
    for (size_t e : runnable) {
      const ExecutableDesc &x = executables[e], &b = executables[best];
      bool xExact = !x.arch.empty() && x.arch == d.arch;
      bool bExact = !b.arch.empty() && b.arch == d.arch;
      if (xExact != bExact) {
        if (xExact)
          best = e;
        continue;
      }
      if (parseSmVersion(x.arch) > parseSmVersion(b.arch))
        best = e;
    }
    out.device = dev;
    out.executable = best;
    out.fallback.clear();
    for (const auto &[e, why] : refused) {
      if (executables[e].notes == executables[best].notes)
        continue;
      out.fallback = describeDevice(d) + " runs the artifact's " +
                     describeExecutable(executables[best]) +
                     " executable, not the " +
                     describeExecutable(executables[e]) + " one: " + why;
      break;
    }
    return Status::ok();
  }

  std::string has = executables.empty()
                        ? std::string("the artifact has no executables")
                        : "the artifact has executables for " +
                              describeExecutables(executables);
  std::string msg;
  if (request.isAuto())
    msg = "no device can run this artifact: " + has + " but " +
          describeDevices(devices, all);
  else if (request.ordinal >= 0)
    msg = "device " + describeDevice(devices[candidates[0]]) +
          " cannot run this artifact: " + has;
  else
    msg = "no " + request.api + " device can run this artifact: " + has +
          " but " + describeDevices(devices, candidates);
  for (const std::string &r : reasons)
    msg += "; " + r;
  if (request.isAuto() && !notes.empty())
    msg += " (" + describeNotes(notes) + ")";
  return noDevice(msg);
}

} // namespace octet
