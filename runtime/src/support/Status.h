//===- Status.h - Error values for the runtime ------------------*- C++ -*-===//
//
// The runtime reports every failure as a Status carrying a human-readable
// message that names the thing that failed and where (file, input, device),
// plus a coarse code that tools map to exit codes. It uses no exceptions
// across its API and links no LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_SUPPORT_STATUS_H
#define OCTET_RUNTIME_SUPPORT_STATUS_H

#include <string>
#include <utility>

namespace octet {

/// Coarse class of a failure. `Failure` is the default for errors that do not
/// say more (device and driver errors, for instance).
enum class StatusCode {
  Ok = 0,
  /// Any failure not classified below (device errors, internal errors).
  Failure,
  /// The caller passed something wrong: a bad input tensor, a malformed
  /// artifact or .npy file, a bad option.
  InvalidArgument,
  /// A file that should exist does not, or cannot be read.
  NotFound,
  /// No device is present, or none can run the artifact.
  NoDevice,
};

/// Success, or a failure with a message. Cheap to return by value.
class [[nodiscard]] Status {
public:
  Status() = default;
  static Status ok() { return Status(); }
  /// A failure with code StatusCode::Failure.
  static Status error(std::string message) {
    return error(StatusCode::Failure, std::move(message));
  }
  /// A failure with an explicit code (Ok is treated as Failure).
  static Status error(StatusCode code, std::string message) {
    Status s;
    s.code_ = code == StatusCode::Ok ? StatusCode::Failure : code;
    s.message_ = std::move(message);
    return s;
  }
  bool isOk() const { return code_ == StatusCode::Ok; }
  explicit operator bool() const { return isOk(); }
  StatusCode code() const { return code_; }
  const std::string &message() const { return message_; }

  /// Returns this status with `prefix` put in front of the message (a failed
  /// status only; success stays success).
  Status withPrefix(const std::string &prefix) const {
    if (isOk())
      return *this;
    return error(code_, prefix + message_);
  }

private:
  StatusCode code_ = StatusCode::Ok;
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
