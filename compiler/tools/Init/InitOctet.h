//===- InitOctet.h - Registration for Octet's tools ------------*- C++ -*-===//
//
// One place that registers Octet's dialects, passes, pipelines and target
// backends, plus the upstream MLIR dialects, extensions and LLVM IR
// translations the pipeline relies on.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_TOOLS_INIT_INITOCTET_H
#define OCTET_COMPILER_TOOLS_INIT_INITOCTET_H

#include "compiler/Target/TargetBackend.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"

namespace octet {

/// Inserts Octet's and upstream's dialects, interfaces and translations, and
/// those every built-in target backend needs.
void registerOctetDialects(mlir::DialectRegistry &registry);

/// Registers Octet's passes and pipelines and upstream's passes, for the
/// command-line pass syntax of octet-opt.
void registerOctetPasses();

/// Sets how much `context` attaches to diagnostics: with `debug`, the
/// operation an error is about (in generic form) and a stack trace; without,
/// neither (the operation can be a whole gpu.module), unless upstream's
/// --mlir-print-op-on-diagnostic / --mlir-print-stacktrace-on-diagnostic
/// were given explicitly.
void configureDiagnostics(mlir::MLIRContext &context, bool debug);

/// The target backends built into this binary (created once).
llvm::ArrayRef<std::unique_ptr<TargetBackend>> getTargetBackends();

/// The backend called `name`, or null.
TargetBackend *lookupTargetBackend(llvm::StringRef name);

} // namespace octet

#endif // OCTET_COMPILER_TOOLS_INIT_INITOCTET_H
