//===- PrecisionReport.cpp - What FP8 quantization chose and cost ---------===//
//
// See PrecisionReport.h. The HTML page has no external resources: styles
// inline, the chart an inline SVG, so it reads offline and can be mailed.
//
//===----------------------------------------------------------------------===//
#include "compiler/tools/octet-compile/PrecisionReport.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace octet::compile {

namespace {

/// A JSON number, or null when `value` is not finite (JSON has no NaN).
llvm::json::Value number(double value) {
  if (std::isfinite(value))
    return value;
  return nullptr;
}

/// Closes `os` and reports a write error (a full disk) instead of letting
/// the stream's destructor abort.
LogicalResult closeFile(llvm::raw_fd_ostream &os, StringRef path,
                        std::string &error) {
  os.close();
  if (!os.has_error())
    return success();
  error = "cannot write '" + path.str() + "': " + os.error().message();
  os.clear_error();
  return failure();
}

LogicalResult openFile(StringRef path,
                       std::unique_ptr<llvm::raw_fd_ostream> &os,
                       std::string &error) {
  std::error_code ec;
  os = std::make_unique<llvm::raw_fd_ostream>(path, ec);
  if (ec) {
    error = "cannot write '" + path.str() + "': " + ec.message();
    return failure();
  }
  return success();
}

std::string escapeHTML(StringRef text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string formatError(std::optional<double> error) {
  return error ? llvm::formatv("{0:e2}", *error).str() : std::string("-");
}

double worstCosine(const PrecisionReport &report) {
  double worst = 1.0;
  for (const auto &[name, cosine] : report.outputCosine)
    worst = std::min(worst, cosine);
  return worst;
}

} // namespace

LogicalResult writeReportJSON(const PrecisionReport &report, StringRef path,
                              std::string &error) {
  llvm::json::Array nodes;
  for (const NodeReport &node : report.nodes) {
    llvm::json::Object entry{{"name", node.name},
                             {"op_type", node.opType},
                             {"precision", node.precision},
                             {"reason", node.reason}};
    if (!node.activationScales.empty()) {
      llvm::json::Array scales;
      for (double scale : node.activationScales)
        scales.push_back(number(scale));
      entry["activation_scales"] = std::move(scales);
    }
    if (node.weightChannels)
      entry["weight_scales"] =
          llvm::json::Object{{"channels", node.weightChannels},
                             {"min", number(node.weightScaleMin)},
                             {"max", number(node.weightScaleMax)}};
    if (node.localError)
      entry["error_alone"] = number(*node.localError);
    if (node.modelError)
      entry["error_in_model"] = number(*node.modelError);
    llvm::json::Object paths;
    for (const auto &[target, how] : node.paths)
      paths[target] = how;
    entry["paths"] = std::move(paths);
    nodes.push_back(std::move(entry));
  }
  llvm::json::Object outputs;
  for (const auto &[name, cosine] : report.outputCosine)
    outputs[name] = number(cosine);
  llvm::json::Object root{
      {"model", report.model},
      {"precision", "fp8"},
      {"fp8_format", report.format},
      {"calibration_sets", static_cast<int64_t>(report.calibrationSets)},
      {"device", report.device},
      {"output_cosine", std::move(outputs)},
      {"kept_for_budget",
       llvm::json::Array(std::vector<llvm::json::Value>(
           report.keptForBudget.begin(), report.keptForBudget.end()))},
      {"fp32_constant_bytes", static_cast<int64_t>(report.fp32ConstantBytes)},
      {"constant_bytes", static_cast<int64_t>(report.constantBytes)},
      {"nodes", std::move(nodes)}};
  if (report.budget)
    root["accuracy_budget"] = number(*report.budget);
  std::unique_ptr<llvm::raw_fd_ostream> os;
  if (failed(openFile(path, os, error)))
    return failure();
  *os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  return closeFile(*os, path, error);
}

LogicalResult writeReportHTML(const PrecisionReport &report, StringRef path,
                              std::string &error) {
  std::unique_ptr<llvm::raw_fd_ostream> file;
  if (failed(openFile(path, file, error)))
    return failure();
  llvm::raw_fd_ostream &os = *file;
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
     << "<title>Octet precision report: " << escapeHTML(report.model)
     << "</title>\n<style>\n"
     << "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n"
     << "table{border-collapse:collapse;font-size:0.9em}\n"
     << "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}\n"
     << "th{background:#eee}td.num{text-align:right;font-family:monospace;"
        "white-space:nowrap}\n"
     << "tr.fp8 td:nth-child(3){color:#0a6}tr.kept td:nth-child(3)"
        "{color:#c60;font-weight:bold}\n"
     << ".summary td{border:none;padding:2px 12px 2px 0}\n"
     << "</style></head><body>\n";
  os << "<h1>Precision report: " << escapeHTML(report.model) << "</h1>\n";
  double ratio = report.fp32ConstantBytes
                     ? double(report.constantBytes) / report.fp32ConstantBytes
                     : 0.0;
  os << "<table class=\"summary\">\n"
     << "<tr><td>precision</td><td>FP8 (" << escapeHTML(report.format)
     << "), activations per tensor, weights per channel</td></tr>\n"
     << "<tr><td>calibration</td><td>" << report.calibrationSets
     << (report.calibrationSets == 1 ? " input set" : " input sets") << " on "
     << escapeHTML(report.device) << "</td></tr>\n"
     << "<tr><td>outputs against FP32</td><td>";
  for (const auto &[name, cosine] : report.outputCosine)
    os << escapeHTML(name) << ": cosine " << llvm::formatv("{0:f6}", cosine)
       << "&nbsp;&nbsp; ";
  os << "</td></tr>\n";
  if (report.budget)
    os << "<tr><td>accuracy budget</td><td>cosine &ge; "
       << llvm::formatv("{0:f6}", *report.budget) << ": "
       << (worstCosine(report) >= *report.budget ? "met" : "NOT met") << "; "
       << report.keptForBudget.size() << " node(s) kept at f32</td></tr>\n";
  os << "<tr><td>constants</td><td>" << report.constantBytes << " bytes, "
     << llvm::formatv("{0:f3}", ratio) << "&times; the FP32 model's "
     << report.fp32ConstantBytes << "</td></tr>\n</table>\n";

  // The chart: one bar per quantized node, log scale.
  std::vector<const NodeReport *> measured;
  for (const NodeReport &node : report.nodes)
    if (node.localError || node.modelError)
      measured.push_back(&node);
  if (!measured.empty()) {
    const int barHeight = 16, labelWidth = 220, plotWidth = 520;
    const double lo = -5, hi = 0; // log10 of the error
    auto x = [&](double error) {
      double v = std::log10(std::max(error, 1e-5));
      return labelWidth + plotWidth * (std::clamp(v, lo, hi) - lo) / (hi - lo);
    };
    int height = barHeight * (2 * measured.size()) + 40;
    os << "<h2>Error of each quantized node against FP32</h2>\n"
       << "<p>Relative L2 error of the node's output on the calibration "
          "data: <span style=\"color:#4a7\">&#9632;</span> this node alone "
          "quantized, <span style=\"color:#d64\">&#9632;</span> in the "
          "quantized model (the nodes before it included).</p>\n"
       << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
       << labelWidth + plotWidth + 20 << "\" height=\"" << height
       << "\" font-size=\"11\" font-family=\"monospace\">\n";
    for (int tick = int(lo); tick <= int(hi); ++tick) {
      double tx = labelWidth + plotWidth * (tick - lo) / (hi - lo);
      os << "<line x1=\"" << tx << "\" y1=\"0\" x2=\"" << tx << "\" y2=\""
         << height - 25 << "\" stroke=\"#ddd\"/><text x=\"" << tx - 10
         << "\" y=\"" << height - 10 << "\">1e" << tick << "</text>\n";
    }
    for (auto [index, node] : llvm::enumerate(measured)) {
      int y = int(index) * 2 * barHeight;
      os << "<text x=\"0\" y=\"" << y + barHeight << "\">"
         << escapeHTML(StringRef(node->name).take_front(30)) << "</text>\n";
      if (node->localError)
        os << "<rect x=\"" << labelWidth << "\" y=\"" << y << "\" width=\""
           << x(*node->localError) - labelWidth << "\" height=\""
           << barHeight - 2 << "\" fill=\"#4a7\"><title>"
           << formatError(node->localError) << "</title></rect>\n";
      if (node->modelError)
        os << "<rect x=\"" << labelWidth << "\" y=\"" << y + barHeight - 2
           << "\" width=\"" << x(*node->modelError) - labelWidth
           << "\" height=\"" << barHeight - 2 << "\" fill=\"#d64\"><title>"
           << formatError(node->modelError) << "</title></rect>\n";
    }
    os << "</svg>\n";
  }

  os << "<h2>Nodes</h2>\n<table>\n<tr><th>node</th><th>operator</th>"
        "<th>precision</th><th>why</th><th>activation scales</th>"
        "<th>weight scales (per channel)</th><th>error alone</th>"
        "<th>error in model</th><th>path per target</th></tr>\n";
  for (const NodeReport &node : report.nodes) {
    bool kept = llvm::is_contained(report.keptForBudget, node.name);
    os << "<tr class=\"" << (kept ? "kept" : node.precision) << "\"><td>"
       << escapeHTML(node.name) << "</td><td>" << escapeHTML(node.opType)
       << "</td><td>" << node.precision << "</td><td>"
       << escapeHTML(node.reason) << "</td><td class=\"num\">";
    for (double scale : node.activationScales)
      os << llvm::formatv("{0:e3}", scale) << " ";
    os << "</td><td class=\"num\">";
    if (node.weightChannels)
      os << node.weightChannels << ": "
         << llvm::formatv("{0:e2}", node.weightScaleMin) << " .. "
         << llvm::formatv("{0:e2}", node.weightScaleMax);
    os << "</td><td class=\"num\">" << formatError(node.localError)
       << "</td><td class=\"num\">" << formatError(node.modelError)
       << "</td><td>";
    for (const auto &[target, how] : node.paths)
      os << "<b>" << escapeHTML(target) << "</b>: " << escapeHTML(how)
         << "<br>";
    os << "</td></tr>\n";
  }
  os << "</table>\n<p>Written by octet-compile --precision-report.</p>\n"
     << "</body></html>\n";
  return closeFile(os, path, error);
}

} // namespace octet::compile
