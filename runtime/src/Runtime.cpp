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

Status Runtime::load(std::shared_ptr<const artifact::LoadedArtifact> artifact,
                     const std::string &request,
                     std::unique_ptr<Session> &out) {
  const artifact::Artifact &a = artifact->root();
  std::vector<ExecutableDesc> exes;
  std::vector<hal::ExecutableSpec> specs;
  for (const artifact::Executable *x : *a.executables()) {
    hal::ExecutableSpec spec = makeExecutableSpec(*x);
    exes.push_back({x->target()->str(), spec.format, spec.arch});
    specs.push_back(std::move(spec));
  }
  Selection sel;
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
  OCTET_RETURN_IF_ERROR(st.withPrefix(artifact->path() + ": "));
  return Session::create(std::move(artifact), *devices_[sel.device],
                         sel.executable, out);
}

Status Runtime::loadFile(const std::string &path, const std::string &request,
                         std::unique_ptr<Session> &out) {
  std::shared_ptr<const artifact::LoadedArtifact> artifact;
  OCTET_RETURN_IF_ERROR(artifact::LoadedArtifact::fromFile(path, artifact));
  return load(std::move(artifact), request, out);
}

} // namespace octet
