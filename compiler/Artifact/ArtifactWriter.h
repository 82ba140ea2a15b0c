//===- ArtifactWriter.h - Serialize a compiled model ------------*- C++ -*-===//
//
// Packs an execution plan, its constants and one executable per target into
// the versioned .octet format (runtime/schema/artifact.fbs behind the header
// of runtime/src/artifact/Format.h).
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_ARTIFACT_ARTIFACTWRITER_H
#define OCTET_COMPILER_ARTIFACT_ARTIFACTWRITER_H

#include "compiler/Artifact/ExecutionPlan.h"
#include "compiler/Target/TargetBackend.h"

#include <cstdint>
#include <string>
#include <vector>

namespace octet {

/// One target's result: its code and the plan compiled with its tile sizes
/// (which carries its launch sizes).
struct TargetArtifact {
  std::string target;
  SerializedExecutable executable;
  ExecutionPlan plan;
};

/// Serializes the targets' results into the bytes of an .octet file. All
/// plans must have the same structure (checked). `producer` names the tool.
mlir::FailureOr<std::vector<uint8_t>>
serializeArtifact(llvm::ArrayRef<TargetArtifact> targets,
                  llvm::StringRef producer, std::string &error);

} // namespace octet

#endif // OCTET_COMPILER_ARTIFACT_ARTIFACTWRITER_H
