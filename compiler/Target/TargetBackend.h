//===- TargetBackend.h - The compiler half of a backend ---------*- C++ -*-===//
//
// Each targets/<name>/compiler/ implements TargetBackend: the launch geometry
// it wants from the shared GPU mapping, and how it turns the outlined
// gpu.module of kernels into code (OpenCL C source, PTX, ...). The list of
// backends is generated at build time (cmake/OctetTargets.cmake), so core
// compiler code never names a target.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_TARGET_TARGETBACKEND_H
#define OCTET_COMPILER_TARGET_TARGETBACKEND_H

#include "compiler/Codegen/LoweringConfig.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace octet {

/// Options given on the command line that backends may read.
struct TargetOptions {
  /// CUDA architectures, comma-separated, e.g. "sm_80,sm_90": one
  /// executable each.
  std::string cudaArch = "sm_80,sm_90";
};

/// Code produced for one gpu.module.
struct SerializedExecutable {
  /// Format tag stored in the artifact ("ptx", "opencl-c").
  std::string format;
  /// Architecture the code needs ("sm_90"); empty when any.
  std::string arch;
  /// The code itself.
  std::string code;
  /// Extension for --dump-executables (".ptx", ".cl").
  std::string fileExtension;
  /// What sets this executable apart from the target's other variants, for
  /// people ("FP8 conversions native"); empty when nothing does. Stored in
  /// the artifact; the runtime shows it when it picks a variant.
  std::string notes;
};

/// The compiler half of one backend.
class TargetBackend {
public:
  virtual ~TargetBackend() = default;

  /// Name shared with the runtime driver: "cuda", "opencl".
  virtual llvm::StringRef name() const = 0;

  /// Registers the dialects and interfaces serialize() needs.
  virtual void registerDialects(mlir::DialectRegistry &registry) const {}

  /// Registers the backend's own passes (for octet-opt and pass pipelines
  /// given as text).
  virtual void registerPasses() const {}

  /// Checks `options` before any work is done (an unknown architecture, for
  /// instance); on failure `error` says what is wrong and what is accepted.
  virtual mlir::LogicalResult checkOptions(const TargetOptions &options,
                                           std::string &error) const {
    return mlir::success();
  }

  /// How the shared codegen should shape kernels for this target's devices
  /// (threads per block, outputs per thread), from the target's own table
  /// of device classes.
  virtual CodegenTargetInfo codegenInfo(const TargetOptions &options) const = 0;

  /// Turns `module`, whose gpu.func kernels contain only scf, arith, math,
  /// memref and gpu ops on static memrefs, into code. Kernel names in the
  /// code are the gpu.func symbol names. Emits diagnostics on failure. Does
  /// not modify or take ownership of `module` (work on a clone if needed).
  virtual mlir::FailureOr<SerializedExecutable>
  serialize(mlir::gpu::GPUModuleOp module, const TargetOptions &options) = 0;

  /// The executables an artifact carries for `module`: one per variant that
  /// `options` asks for (one per CUDA architecture, for instance). On each
  /// device the runtime runs the variant it prefers among those the device
  /// can run. By default, the one serialize() produces.
  virtual mlir::FailureOr<std::vector<SerializedExecutable>>
  serializeVariants(mlir::gpu::GPUModuleOp module,
                    const TargetOptions &options) {
    mlir::FailureOr<SerializedExecutable> code = serialize(module, options);
    if (mlir::failed(code))
      return mlir::failure();
    return std::vector<SerializedExecutable>{std::move(*code)};
  }
};

/// Appends one backend per target enabled at build time (generated).
void registerBuiltinTargetBackends(
    std::vector<std::unique_ptr<TargetBackend>> &registry);

} // namespace octet

#endif // OCTET_COMPILER_TARGET_TARGETBACKEND_H
