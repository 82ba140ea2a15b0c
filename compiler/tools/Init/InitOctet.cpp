//===- InitOctet.cpp - Registration of everything Octet's tools use -------===//
//
// See InitOctet.h.
//
//===----------------------------------------------------------------------===//
#include "compiler/tools/Init/InitOctet.h"

#include "compiler/Codegen/Passes.h"
#include "compiler/Conversion/Passes.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Quantization/Passes.h"
#include "dialects/Graph/IR/GraphDialect.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/CommandLine.h"

namespace octet {

void registerOctetDialects(mlir::DialectRegistry &registry) {
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
  registry.insert<graph::GraphDialect>();
  for (const std::unique_ptr<TargetBackend> &backend : getTargetBackends())
    backend->registerDialects(registry);
}

void registerOctetPasses() {
  mlir::registerAllPasses();
  registerConversionPasses();
  registerOctetCodegenPasses();
  registerOctetQuantizationPasses();
  registerPipelines();
  for (const std::unique_ptr<TargetBackend> &backend : getTargetBackends())
    backend->registerPasses();
}

void configureDiagnostics(mlir::MLIRContext &context, bool debug) {
  auto givenExplicitly = [](llvm::StringRef name) {
    auto &options = llvm::cl::getRegisteredOptions();
    auto it = options.find(name);
    return it != options.end() && it->second->getNumOccurrences() > 0;
  };
  if (debug || !givenExplicitly("mlir-print-op-on-diagnostic"))
    context.printOpOnDiagnostic(debug);
  if (debug || !givenExplicitly("mlir-print-stacktrace-on-diagnostic"))
    context.printStackTraceOnDiagnostic(debug);
}

llvm::ArrayRef<std::unique_ptr<TargetBackend>> getTargetBackends() {
  static const std::vector<std::unique_ptr<TargetBackend>> backends = [] {
    std::vector<std::unique_ptr<TargetBackend>> created;
    registerBuiltinTargetBackends(created);
    return created;
  }();
  return backends;
}

TargetBackend *lookupTargetBackend(llvm::StringRef name) {
  for (const std::unique_ptr<TargetBackend> &backend : getTargetBackends())
    if (backend->name() == name)
      return backend.get();
  return nullptr;
}

} // namespace octet
