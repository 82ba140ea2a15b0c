//===- Calibration.h - Running models on calibration data -------*- C++ -*-===//
//
// What octet-compile needs to measure a model on its calibration data:
// reading the input sets of --calibration DIR, and ProbeRunner, which
// compiles a graph-dialect module with chosen values as extra outputs for
// the first device Octet's runtime finds and runs it on every set.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_TOOLS_OCTET_COMPILE_CALIBRATION_H
#define OCTET_COMPILER_TOOLS_OCTET_COMPILE_CALIBRATION_H

#include "compiler/Target/TargetBackend.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <memory>
#include <string>
#include <vector>

struct octet_runtime;

namespace octet::compile {

/// The input sets of a calibration directory: one subdirectory per set
/// (sorted by name), holding <graph input name>.npy for every input.
struct CalibrationSets {
  std::vector<std::string> names;
  std::vector<std::string> paths;
};

/// Reads `dir`; on failure `error` says what is wrong.
mlir::FailureOr<CalibrationSets> readCalibrationSets(llvm::StringRef dir,
                                                     std::string &error);

/// One float output of one run: its values, flattened.
using OutputConsumer =
    llvm::function_ref<void(size_t set, size_t output, llvm::ArrayRef<float>)>;

/// Compiles a graph-dialect module to an artifact for one target
/// (octet-compile's lowering).
using ArtifactLowering =
    llvm::function_ref<mlir::FailureOr<std::vector<uint8_t>>(mlir::ModuleOp,
                                                             TargetBackend *)>;

/// Runs modules on the first device of Octet's runtime.
class ProbeRunner {
public:
  ~ProbeRunner();
  /// Finds the device and the compiler target for it; on failure `error`
  /// says why.
  static std::unique_ptr<ProbeRunner> create(std::string &error);

  /// "opencl:0 (pthread-cpu), executable opencl-c" after the first run.
  const std::string &deviceDescription() const { return description; }

  /// Appends `probes` (values of `module`'s host function) to its outputs,
  /// compiles it with `lower` and runs it on every set of `sets`.
  /// `consume` receives every float output: the model's own first (indices
  /// 0..n-1), then the probes (n, n+1, ...). `progress` prints one line per
  /// set to stderr. Modifies `module`; pass a clone. On failure `error`
  /// says why.
  mlir::LogicalResult run(mlir::ModuleOp module,
                          llvm::ArrayRef<mlir::Value> probes,
                          const CalibrationSets &sets, ArtifactLowering lower,
                          OutputConsumer consume, bool progress,
                          std::string &error);

private:
  ProbeRunner() = default;
  octet_runtime *runtime = nullptr;
  TargetBackend *backend = nullptr;
  std::string deviceRequest;
  std::string description;
};

} // namespace octet::compile

#endif // OCTET_COMPILER_TOOLS_OCTET_COMPILE_CALIBRATION_H
