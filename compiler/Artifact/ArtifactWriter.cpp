//===- ArtifactWriter.cpp - Serialize a compiled model --------------------===//
//
// Builds the FlatBuffer with the generated builders and wraps it with the
// runtime's own header writer, so both sides share one definition.
//
//===----------------------------------------------------------------------===//
#include "compiler/Artifact/ArtifactWriter.h"

#include "runtime/src/artifact/Artifact.h"

#include "flatbuffers/flatbuffers.h"

using namespace mlir;

namespace octet {

namespace fb = artifact;

namespace {

flatbuffers::Offset<fb::TensorInfo>
buildTensor(flatbuffers::FlatBufferBuilder &builder, const PlanTensor &tensor) {
  return fb::CreateTensorInfo(builder, builder.CreateString(tensor.name),
                              tensor.dtype, builder.CreateVector(tensor.shape));
}

fb::BufferKind toSchema(PlanBuffer::Kind kind) {
  switch (kind) {
  case PlanBuffer::Kind::Input:
    return fb::BufferKind::Input;
  case PlanBuffer::Kind::Output:
    return fb::BufferKind::Output;
  case PlanBuffer::Kind::Constant:
    return fb::BufferKind::Constant;
  case PlanBuffer::Kind::Transient:
    break;
  }
  return fb::BufferKind::Transient;
}

fb::Dim3 toDim3(const std::array<uint32_t, 3> &dims) {
  return fb::Dim3(dims[0], dims[1], dims[2]);
}

} // namespace

FailureOr<std::vector<uint8_t>>
serializeArtifact(ArrayRef<TargetArtifact> targets, StringRef producer,
                  std::string &error) {
  if (targets.empty()) {
    error = "no target to serialize";
    return failure();
  }
  const ExecutionPlan &plan = targets.front().plan;
  for (const TargetArtifact &target : targets.drop_front()) {
    if (!target.plan.sameStructureAs(plan)) {
      error = "internal error: the execution plans for targets '" +
              targets.front().target + "' and '" + target.target +
              "' differ beyond launch sizes";
      return failure();
    }
  }

  flatbuffers::FlatBufferBuilder builder(1 << 16);

  // Kernel names in order of first launch.
  std::vector<std::string> kernelNames;
  llvm::StringMap<uint32_t> kernelIndex;
  for (const PlanStep &step : plan.steps)
    if (const auto *dispatch = std::get_if<PlanDispatch>(&step))
      if (kernelIndex.try_emplace(dispatch->kernel, kernelNames.size()).second)
        kernelNames.push_back(dispatch->kernel);

  std::vector<flatbuffers::Offset<fb::TensorInfo>> inputs, outputs;
  for (const PlanTensor &tensor : plan.inputs)
    inputs.push_back(buildTensor(builder, tensor));
  for (const PlanTensor &tensor : plan.outputs)
    outputs.push_back(buildTensor(builder, tensor));

  std::vector<flatbuffers::Offset<fb::Buffer>> buffers;
  for (const PlanBuffer &buffer : plan.buffers)
    buffers.push_back(fb::CreateBuffer(builder, toSchema(buffer.kind),
                                       buffer.index, buffer.sizeBytes));

  std::vector<flatbuffers::Offset<fb::Constant>> constants;
  for (const std::vector<uint8_t> &data : plan.constants) {
    builder.ForceVectorAlignment(data.size(), sizeof(uint8_t), 32);
    constants.push_back(
        fb::CreateConstant(builder, builder.CreateVector(data)));
  }

  auto makeBinding = [&](const PlanBinding &binding) {
    return fb::CreateBinding(builder, binding.buffer, binding.offsetBytes,
                             binding.sizeBytes, binding.writes);
  };
  std::vector<flatbuffers::Offset<fb::PlanStep>> steps;
  for (const PlanStep &step : plan.steps) {
    if (const auto *dispatch = std::get_if<PlanDispatch>(&step)) {
      std::vector<flatbuffers::Offset<fb::Binding>> bindings;
      for (const PlanBinding &binding : dispatch->bindings)
        bindings.push_back(makeBinding(binding));
      auto offset = fb::CreateDispatch(builder, kernelIndex[dispatch->kernel],
                                       builder.CreateVector(bindings));
      steps.push_back(
          fb::CreatePlanStep(builder, fb::Step::Dispatch, offset.Union()));
    } else {
      const auto &copy = std::get<PlanCopy>(step);
      auto offset =
          fb::CreateCopy(builder, makeBinding(copy.source),
                         makeBinding(copy.destination), copy.sizeBytes);
      steps.push_back(
          fb::CreatePlanStep(builder, fb::Step::Copy, offset.Union()));
    }
  }

  std::vector<flatbuffers::Offset<fb::Executable>> executables;
  for (const TargetArtifact &target : targets) {
    // Launch sizes of each kernel under this target's tile sizes.
    llvm::StringMap<const PlanDispatch *> launches;
    for (const PlanStep &step : target.plan.steps)
      if (const auto *dispatch = std::get_if<PlanDispatch>(&step))
        launches[dispatch->kernel] = dispatch;
    std::vector<flatbuffers::Offset<fb::EntryPoint>> entryPoints;
    for (const std::string &name : kernelNames) {
      const PlanDispatch *dispatch = launches.lookup(name);
      fb::Dim3 grid = toDim3(dispatch->grid);
      fb::Dim3 block = toDim3(dispatch->block);
      entryPoints.push_back(fb::CreateEntryPoint(
          builder, builder.CreateString(name), &grid, &block));
    }
    const SerializedExecutable &code = target.executable;
    executables.push_back(fb::CreateExecutable(
        builder, builder.CreateString(target.target),
        builder.CreateString(code.format), builder.CreateString(code.arch),
        builder.CreateVector(entryPoints),
        builder.CreateVector(
            reinterpret_cast<const uint8_t *>(code.code.data()),
            code.code.size()),
        code.notes.empty() ? 0 : builder.CreateString(code.notes)));
  }

  auto root = fb::CreateArtifact(
      builder, builder.CreateString(producer.str()),
      builder.CreateVector(inputs), builder.CreateVector(outputs),
      builder.CreateVector(buffers), builder.CreateVector(constants),
      builder.CreateVector(plan.transientSlotSizes),
      builder.CreateVectorOfStrings(kernelNames), builder.CreateVector(steps),
      builder.CreateVector(executables));
  builder.Finish(root);
  return fb::wrapPayload(builder.GetBufferPointer(), builder.GetSize());
}

} // namespace octet
