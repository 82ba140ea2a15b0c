//===- Runtime.cpp - Drivers, devices and model loading -------------------===//
//
// See Runtime.h.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/Runtime.h"

namespace octet {

Runtime::Runtime(std::vector<std::unique_ptr<hal::Driver>> drivers)
    : drivers_(std::move(drivers)) {
  for (const auto &driver : drivers_) {
    if (!driver)
      continue;
    std::string name = driver->name();
    driverNames_.push_back(name);
    size_t before = devices_.size();
    Status st = driver->enumerate(devices_);
    // Drop null entries a driver might have appended.
    for (size_t i = devices_.size(); i-- > before;)
      if (!devices_[i])
        devices_.erase(devices_.begin() + static_cast<std::ptrdiff_t>(i));
    if (devices_.size() == before) {
      std::string why =
          st.isOk() || st.message().empty() ? "no devices found" : st.message();
      // Messages are shown as "<driver>: <why>"; drop a repeated prefix.
      if (why.rfind(name + ": ", 0) == 0 && why.size() > name.size() + 2)
        why = why.substr(name.size() + 2);
      notes_.push_back({name, why});
    }
  }
  for (const auto &d : devices_)
    infos_.push_back(d->info());
}

Runtime::~Runtime() {
  devices_.clear();
  drivers_.clear();
}

Status Runtime::select(const artifact::LoadedArtifact &artifact,
                       const std::string &request, Selection &sel) const {
  const artifact::Artifact &a = artifact.root();
  std::vector<ExecutableDesc> exes;
  std::vector<hal::ExecutableSpec> specs;
  for (const artifact::Executable *x : *a.executables()) {
    exes.push_back(makeExecutableDesc(*x));
    specs.push_back(makeExecutableSpec(*x));
  }
  Status st;
  if (exes.empty() && !devices_.empty()) {
    // A plan of copies only runs anywhere; still honour the request.
    std::vector<ExecutableDesc> any;
    for (const auto &info : infos_)
      any.push_back({info.api, "", ""});
    st = selectDevice(infos_, any, request, notes_, sel);
    sel.executable = 0;
  } else {
    st = selectDevice(infos_, exes, request, notes_, sel,
                      [&](size_t dev, size_t exe, std::string &why) {
                        return devices_[dev]->canRun(specs[exe], why);
                      });
  }
  return st;
}

std::string Runtime::describeChoice(const artifact::LoadedArtifact &artifact,
                                    size_t index) const {
  const hal::DeviceInfo &device = infos_.at(index);
  Selection sel;
  Status st =
      select(artifact, device.api + ":" + std::to_string(device.ordinal), sel);
  if (!st.isOk())
    return "none: " + st.message();
  const artifact::Artifact &a = artifact.root();
  if (a.executables()->size() == 0)
    return "copies only";
  std::string choice = describeExecutable(makeExecutableDesc(
      *a.executables()->Get(static_cast<uint32_t>(sel.executable))));
  return sel.fallback.empty() ? choice : choice + "; " + sel.fallback;
}

Status Runtime::load(std::shared_ptr<const artifact::LoadedArtifact> artifact,
                     const std::string &request,
                     std::unique_ptr<Session> &out) {
  Selection sel;
  OCTET_RETURN_IF_ERROR(
      select(*artifact, request, sel).withPrefix(artifact->path() + ": "));
  OCTET_RETURN_IF_ERROR(Session::create(
      std::move(artifact), *devices_[sel.device], sel.executable, out));
  out->setFallback(std::move(sel.fallback));
  return Status::ok();
}

Status Runtime::loadFile(const std::string &path, const std::string &request,
                         std::unique_ptr<Session> &out) {
  std::shared_ptr<const artifact::LoadedArtifact> artifact;
  OCTET_RETURN_IF_ERROR(artifact::LoadedArtifact::fromFile(path, artifact));
  return load(std::move(artifact), request, out);
}

} // namespace octet
