//===- ExecutionPlan.h - Host-side plan extracted from MLIR -----*- C++ -*-===//
//
// After kernels are outlined, the host function is a straight-line list of
// allocations, views, copies and gpu.launch_func operations. buildExecutionPlan
// turns it into what the runtime executes: buffers (inputs, outputs,
// constants, transients sharing slots by liveness) and ordered steps. It is
// the only place that interprets host-side IR, and it rejects anything it does
// not understand with a located error.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_ARTIFACT_EXECUTIONPLAN_H
#define OCTET_COMPILER_ARTIFACT_EXECUTIONPLAN_H

#include "runtime/schema/artifact_generated.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LLVM.h"

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace octet {

/// Element types crossing the artifact boundary are the schema's.
using PlanDType = artifact::DType;

/// A model input or output.
struct PlanTensor {
  std::string name;
  PlanDType dtype = PlanDType::F32;
  std::vector<int64_t> shape;
};

/// A device buffer of the plan.
struct PlanBuffer {
  enum class Kind : uint8_t { Input, Output, Constant, Transient };
  Kind kind = Kind::Transient;
  /// Input/output/constant index, or transient slot.
  uint32_t index = 0;
  uint64_t sizeBytes = 0;
};

/// A buffer argument: buffer index, the byte range [offsetBytes,
/// offsetBytes + sizeBytes) it covers, and whether it is written.
struct PlanBinding {
  uint32_t buffer = 0;
  uint64_t offsetBytes = 0;
  uint64_t sizeBytes = 0;
  bool writes = false;
  bool operator==(const PlanBinding &other) const {
    return buffer == other.buffer && offsetBytes == other.offsetBytes &&
           sizeBytes == other.sizeBytes && writes == other.writes;
  }
};

/// Launch of one kernel.
struct PlanDispatch {
  std::string kernel;
  std::array<uint32_t, 3> grid{1, 1, 1};
  std::array<uint32_t, 3> block{1, 1, 1};
  std::vector<PlanBinding> bindings;
};

/// Device-to-device copy.
struct PlanCopy {
  PlanBinding source;
  PlanBinding destination;
  uint64_t sizeBytes = 0;
};

using PlanStep = std::variant<PlanDispatch, PlanCopy>;

/// Everything the runtime needs besides the kernels' code.
struct ExecutionPlan {
  std::vector<PlanTensor> inputs;
  std::vector<PlanTensor> outputs;
  std::vector<PlanBuffer> buffers;
  /// Raw little-endian bytes of each constant.
  std::vector<std::vector<uint8_t>> constants;
  std::vector<uint64_t> transientSlotSizes;
  std::vector<PlanStep> steps;

  /// Whether `other` has the same buffers and steps, ignoring launch sizes
  /// (which depend on the target's tile sizes).
  bool sameStructureAs(const ExecutionPlan &other) const;
};

/// Extracts the plan from `hostFunc` (bufferized, kernels outlined). Input and
/// output names come from the `octet.name` argument/result attributes (else
/// "input_<i>"/"output_<i>"). Emits a diagnostic and fails on host IR it does
/// not support.
mlir::FailureOr<ExecutionPlan> buildExecutionPlan(mlir::func::FuncOp hostFunc);

} // namespace octet

#endif // OCTET_COMPILER_ARTIFACT_EXECUTIONPLAN_H
