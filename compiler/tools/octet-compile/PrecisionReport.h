//===- PrecisionReport.h - What FP8 quantization chose and cost -*- C++ -*-===//
//
// The data octet-compile gathers while quantizing a model to FP8 with
// calibration data, and the two forms --precision-report writes: a JSON
// file for scripts and a self-contained HTML page (a table per ONNX node
// and a chart of the per-node error).
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_TOOLS_OCTET_COMPILE_PRECISIONREPORT_H
#define OCTET_COMPILER_TOOLS_OCTET_COMPILE_PRECISIONREPORT_H

#include "mlir/Support/LLVM.h"

#include <optional>
#include <string>
#include <vector>

namespace octet::compile {

/// One ONNX node of the model.
struct NodeReport {
  std::string name;
  std::string opType;
  /// "fp8", or "f32".
  std::string precision;
  /// Why that precision.
  std::string reason;
  /// Per-tensor scales of the activations it reads quantized.
  std::vector<double> activationScales;
  /// Per-channel weight scales: how many, smallest, largest (0 channels
  /// when its weights are not FP8).
  int64_t weightChannels = 0;
  double weightScaleMin = 0, weightScaleMax = 0;
  /// Relative L2 error of its output against FP32 on the calibration data
  /// with only this node quantized, and in the quantized model (errors of
  /// the nodes before it included); absent for nodes not quantized.
  std::optional<double> localError, modelError;
  /// How each target computes it.
  std::vector<std::pair<std::string, std::string>> paths;
};

struct PrecisionReport {
  std::string model;
  std::string format; // "e4m3", "e5m2"
  size_t calibrationSets = 0;
  std::string device;
  std::optional<double> budget;
  /// Cosine similarity of each model output against FP32 over the
  /// calibration data.
  std::vector<std::pair<std::string, double>> outputCosine;
  /// Nodes kept at f32 to meet the budget, in the order they were chosen.
  std::vector<std::string> keptForBudget;
  uint64_t fp32ConstantBytes = 0, constantBytes = 0;
  std::vector<NodeReport> nodes;
};

/// Writes `report` as JSON to `path`.
mlir::LogicalResult writeReportJSON(const PrecisionReport &report,
                                    llvm::StringRef path, std::string &error);

/// Writes `report` as one self-contained HTML page to `path`.
mlir::LogicalResult writeReportHTML(const PrecisionReport &report,
                                    llvm::StringRef path, std::string &error);

} // namespace octet::compile

#endif // OCTET_COMPILER_TOOLS_OCTET_COMPILE_PRECISIONREPORT_H
