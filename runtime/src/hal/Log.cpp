//===- Log.cpp - Diagnostic messages of the device layer ------------------===//
//
// See Log.h. One fprintf per line so that lines from several threads do not
// interleave mid-line.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/hal/Log.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace octet::hal {

bool verboseEnabled() {
  const char *value = std::getenv("OCTET_VERBOSE");
  return value && *value && std::strcmp(value, "0") != 0;
}

void verboseLog(const std::string &api, const std::string &message) {
  if (!verboseEnabled())
    return;
  std::string line = "octet: " + api + ": " + message + "\n";
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

std::string formatMilliseconds(double milliseconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f ms", milliseconds);
  return buffer;
}

} // namespace octet::hal
