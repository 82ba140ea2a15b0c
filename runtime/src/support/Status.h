//===- Status.h - Error values for the runtime ------------------*- C++ -*-===//
//
// The runtime reports every failure as a Status carrying a human-readable
// message that names the thing that failed and where (file, input, device).
// It uses no exceptions across its API and links no LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_SUPPORT_STATUS_H
#define OCTET_RUNTIME_SUPPORT_STATUS_H

#include <string>
#include <utility>

namespace octet {

/// Success, or a failure with a message. Cheap to return by value.
class [[nodiscard]] Status {
public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status error(std::string message) {
    Status s;
    s.failed_ = true;
    s.message_ = std::move(message);
    return s;
  }
  bool isOk() const { return !failed_; }
  explicit operator bool() const { return isOk(); }
  const std::string &message() const { return message_; }

private:
  bool failed_ = false;
  std::string message_;
};

} // namespace octet

/// Returns from the enclosing function if `expr` is a failed Status.
#define OCTET_RETURN_IF_ERROR(expr)                                            \
  do {                                                                         \
    ::octet::Status octetStatus_ = (expr);                                     \
    if (!octetStatus_.isOk())                                                  \
      return octetStatus_;                                                     \
  } while (false)

#endif // OCTET_RUNTIME_SUPPORT_STATUS_H
