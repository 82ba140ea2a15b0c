//===- ExecutionPlan.cpp - Host-side plan extracted from MLIR -------------===//
//
// Walks the bufferized host function in order and records buffers and steps;
// then assigns transient buffers to shared slots (first fit over lifetimes).
//
//===----------------------------------------------------------------------===//
#include "compiler/Artifact/ExecutionPlan.h"

#include "runtime/src/artifact/Artifact.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cstring>

using namespace mlir;

namespace octet {

bool ExecutionPlan::sameStructureAs(const ExecutionPlan &other) const {
  if (buffers.size() != other.buffers.size() ||
      steps.size() != other.steps.size() ||
      transientSlotSizes != other.transientSlotSizes)
    return false;
  for (size_t i = 0; i < buffers.size(); ++i)
    if (buffers[i].kind != other.buffers[i].kind ||
        buffers[i].index != other.buffers[i].index ||
        buffers[i].sizeBytes != other.buffers[i].sizeBytes)
      return false;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].index() != other.steps[i].index())
      return false;
    if (const auto *dispatch = std::get_if<PlanDispatch>(&steps[i])) {
      const auto &theirs = std::get<PlanDispatch>(other.steps[i]);
      if (dispatch->kernel != theirs.kernel ||
          dispatch->bindings != theirs.bindings)
        return false;
    } else {
      const auto &copy = std::get<PlanCopy>(steps[i]);
      const auto &theirs = std::get<PlanCopy>(other.steps[i]);
      if (!(copy.source == theirs.source) ||
          !(copy.destination == theirs.destination) ||
          copy.sizeBytes != theirs.sizeBytes)
        return false;
    }
  }
  return true;
}

namespace {

FailureOr<PlanDType> toPlanDType(Type type) {
  if (type.isF32())
    return PlanDType::F32;
  if (type.isF16())
    return PlanDType::F16;
  if (type.isBF16())
    return PlanDType::BF16;
  if (isa<Float8E4M3FNType>(type))
    return PlanDType::F8E4M3FN;
  if (isa<Float8E5M2Type>(type))
    return PlanDType::F8E5M2;
  if (type.isInteger(1))
    return PlanDType::Bool;
  if (type.isInteger(8))
    return PlanDType::I8;
  if (type.isInteger(32))
    return PlanDType::I32;
  if (type.isInteger(64))
    return PlanDType::I64;
  if (type.isF64())
    return PlanDType::F64;
  if (type.isInteger(16))
    return PlanDType::I16;
  return failure();
}

/// The unsigned dtype of the same width as integer dtype `dtype`.
PlanDType toUnsigned(PlanDType dtype) {
  switch (dtype) {
  case PlanDType::I8:
    return PlanDType::U8;
  case PlanDType::I16:
    return PlanDType::U16;
  case PlanDType::I32:
    return PlanDType::U32;
  case PlanDType::I64:
    return PlanDType::U64;
  default:
    return dtype;
  }
}

/// Builds the plan for one host function.
class PlanBuilder {
public:
  explicit PlanBuilder(func::FuncOp func) : func(func) {}

  FailureOr<ExecutionPlan> build() {
    if (failed(addInputs()))
      return failure();
    for (Operation &op : func.getBody().front())
      if (failed(visit(op)))
        return failure();
    assignTransientSlots();
    return std::move(plan);
  }

private:
  /// Root buffer and byte offset of a memref value.
  struct Location {
    uint32_t buffer;
    uint64_t offsetBytes;
  };

  FailureOr<uint64_t> sizeInBytes(Operation *where, MemRefType type) {
    FailureOr<PlanDType> dtype = toPlanDType(type.getElementType());
    if (failed(dtype) || !type.hasStaticShape()) {
      where->emitError("unsupported buffer type ")
          << type
          << " (static shapes of f64/f32/f16/bf16/f8/i8/i16/i32/i64/i1 only)";
      return failure();
    }
    int64_t bytes = 0;
    if (llvm::MulOverflow(type.getNumElements(),
                          static_cast<int64_t>(artifact::dtypeSize(*dtype)),
                          bytes)) {
      where->emitError("buffer type ") << type << " is too large";
      return failure();
    }
    return static_cast<uint64_t>(bytes);
  }

  FailureOr<PlanTensor> describe(Operation *where, Type type,
                                 DictionaryAttr attrs, StringRef fallback) {
    auto memref = dyn_cast<MemRefType>(type);
    FailureOr<PlanDType> dtype = memref ? toPlanDType(memref.getElementType())
                                        : FailureOr<PlanDType>(failure());
    if (!memref || failed(dtype) || !memref.hasStaticShape()) {
      where->emitError("model signature type ")
          << type << " is not supported (static shapes of numeric types)";
      return failure();
    }
    PlanTensor tensor;
    auto name = attrs ? attrs.getAs<StringAttr>("octet.name") : StringAttr();
    tensor.name = name ? name.str() : fallback.str();
    tensor.dtype = *dtype;
    // Integers were made signless by convert-graph-to-linalg, which keeps
    // the signature's unsignedness as `octet.unsigned`.
    if (attrs && attrs.get("octet.unsigned"))
      tensor.dtype = toUnsigned(*dtype);
    tensor.shape.assign(memref.getShape().begin(), memref.getShape().end());
    return tensor;
  }

  uint32_t addBuffer(PlanBuffer::Kind kind, uint32_t index, uint64_t size) {
    plan.buffers.push_back({kind, index, size});
    return static_cast<uint32_t>(plan.buffers.size() - 1);
  }

  LogicalResult addInputs() {
    for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
      FailureOr<PlanTensor> tensor =
          describe(func, arg.getType(), func.getArgAttrDict(i),
                   ("input_" + llvm::Twine(i)).str());
      if (failed(tensor))
        return failure();
      FailureOr<uint64_t> size =
          sizeInBytes(func, cast<MemRefType>(arg.getType()));
      if (failed(size))
        return failure();
      plan.inputs.push_back(*tensor);
      locations[arg] = {addBuffer(PlanBuffer::Kind::Input, i, *size), 0};
    }
    return success();
  }

  FailureOr<Location> locate(Operation *user, Value value) {
    auto it = locations.find(value);
    if (it == locations.end()) {
      user->emitError("operand is not a buffer the execution plan knows "
                      "(defined by an unsupported host operation)");
      return failure();
    }
    return it->second;
  }

  LogicalResult visit(Operation &op) {
    if (isa<arith::ConstantOp, memref::DeallocOp>(op))
      return success();
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      FailureOr<uint64_t> size = sizeInBytes(&op, alloc.getType());
      if (failed(size))
        return failure();
      // Slot indices are assigned once lifetimes are known.
      locations[alloc] = {addBuffer(PlanBuffer::Kind::Transient, 0, *size), 0};
      return success();
    }
    if (auto getGlobal = dyn_cast<memref::GetGlobalOp>(op))
      return visitGetGlobal(getGlobal);
    if (isa<memref::CollapseShapeOp, memref::ExpandShapeOp, memref::CastOp>(
            op)) {
      FailureOr<Location> source = locate(&op, op.getOperand(0));
      if (failed(source))
        return failure();
      locations[op.getResult(0)] = *source;
      return success();
    }
    if (auto copy = dyn_cast<memref::CopyOp>(op)) {
      FailureOr<Location> source = locate(&op, copy.getSource());
      FailureOr<Location> target = locate(&op, copy.getTarget());
      FailureOr<uint64_t> size =
          sizeInBytes(&op, cast<MemRefType>(copy.getSource().getType()));
      if (failed(source) || failed(target) || failed(size))
        return failure();
      addStep(PlanCopy{{source->buffer, source->offsetBytes, *size, false},
                       {target->buffer, target->offsetBytes, *size, true},
                       *size});
      return success();
    }
    if (auto launch = dyn_cast<gpu::LaunchFuncOp>(op))
      return visitLaunch(launch);
    if (auto ret = dyn_cast<func::ReturnOp>(op))
      return visitReturn(ret);
    return op.emitError("host operation '")
           << op.getName()
           << "' cannot be expressed in the execution plan; expected only "
              "allocations, views, copies and kernel launches";
  }

  LogicalResult visitGetGlobal(memref::GetGlobalOp getGlobal) {
    auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
        getGlobal, getGlobal.getNameAttr());
    if (!global || !global.getInitialValue())
      return getGlobal.emitError("constant ")
             << getGlobal.getName() << " has no initial value";
    auto it = constantIndices.find(global);
    if (it == constantIndices.end()) {
      FailureOr<std::vector<uint8_t>> bytes =
          constantBytes(global, *global.getInitialValue());
      FailureOr<uint64_t> size = sizeInBytes(getGlobal, global.getType());
      if (failed(bytes) || failed(size))
        return failure();
      if (bytes->size() != *size)
        return global.emitError("constant data has ")
               << bytes->size() << " bytes, expected " << *size;
      uint32_t constantIndex = plan.constants.size();
      plan.constants.push_back(std::move(*bytes));
      uint32_t buffer =
          addBuffer(PlanBuffer::Kind::Constant, constantIndex, *size);
      it = constantIndices.insert({global, buffer}).first;
    }
    locations[getGlobal] = {it->second, 0};
    return success();
  }

  /// Little-endian bytes of a dense constant, splats expanded.
  FailureOr<std::vector<uint8_t>> constantBytes(memref::GlobalOp global,
                                                Attribute value) {
    if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
      AsmResourceBlob *blob = resource.getRawHandle().getBlob();
      if (!blob)
        return global.emitError("constant resource has no data"), failure();
      ArrayRef<char> data = blob->getData();
      return std::vector<uint8_t>(data.begin(), data.end());
    }
    auto dense = dyn_cast<DenseElementsAttr>(value);
    if (!dense)
      return global.emitError("unsupported constant kind ") << value, failure();
    Type elementType = dense.getElementType();
    int64_t count = dense.getNumElements();
    std::vector<uint8_t> bytes;
    if (elementType.isInteger(1)) {
      for (bool bit : dense.getValues<bool>())
        bytes.push_back(bit ? 1 : 0);
      return bytes;
    }
    unsigned bitWidth = elementType.getIntOrFloatBitWidth();
    if (bitWidth % 8 != 0)
      return global.emitError("unsupported constant element type ")
                 << elementType,
             failure();
    size_t elementBytes = bitWidth / 8;
    ArrayRef<char> raw = dense.getRawData();
    if (dense.isSplat()) {
      bytes.resize(elementBytes * count);
      for (int64_t i = 0; i < count; ++i)
        std::memcpy(bytes.data() + i * elementBytes, raw.data(), elementBytes);
    } else {
      bytes.assign(raw.begin(), raw.end());
    }
    return bytes;
  }

  /// A launch extent: a positive constant that fits the 32 bits of the
  /// artifact (and of CUDA's and OpenCL's launch APIs).
  static FailureOr<uint32_t> launchDim(gpu::LaunchFuncOp launch, Value value,
                                       StringRef what) {
    auto op = value.getDefiningOp<arith::ConstantIndexOp>();
    if (!op)
      return launch.emitError("launch of ")
                 << launch.getKernelName() << " has a non-constant " << what,
             failure();
    if (op.value() <= 0 || op.value() > UINT32_MAX)
      return launch.emitError("launch of ")
                 << launch.getKernelName() << " needs a " << what << " of "
                 << op.value() << ", outside [1, " << UINT32_MAX
                 << "]; the tensor is too large for a 1-D grid",
             failure();
    return static_cast<uint32_t>(op.value());
  }

  /// Whether kernel argument `index` of `kernel` is written: some operation
  /// in the kernel writes to it or to a view of it.
  static bool kernelWritesArgument(gpu::GPUFuncOp kernel, unsigned index) {
    Value argument = kernel.getArgument(index);
    WalkResult result = kernel.walk([&](MemoryEffectOpInterface op) {
      SmallVector<MemoryEffects::EffectInstance> effects;
      op.getEffects(effects);
      for (const MemoryEffects::EffectInstance &effect : effects) {
        if (!isa<MemoryEffects::Write>(effect.getEffect()))
          continue;
        Value written = effect.getValue();
        // Without a value the effect may touch any memory.
        if (!written)
          return WalkResult::interrupt();
        while (auto view = written.getDefiningOp<ViewLikeOpInterface>())
          written = view.getViewSource();
        if (written == argument)
          return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    return result.wasInterrupted();
  }

  LogicalResult visitLaunch(gpu::LaunchFuncOp launch) {
    PlanDispatch dispatch;
    dispatch.kernel = launch.getKernelName().str();
    gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
    gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
    Value dims[6] = {grid.x, grid.y, grid.z, block.x, block.y, block.z};
    for (int i = 0; i < 6; ++i) {
      FailureOr<uint32_t> dim =
          launchDim(launch, dims[i], i < 3 ? "grid size" : "block size");
      if (failed(dim))
        return failure();
      (i < 3 ? dispatch.grid[i] : dispatch.block[i - 3]) = *dim;
    }
    auto kernel = SymbolTable::lookupNearestSymbolFrom<gpu::GPUFuncOp>(
        launch, launch.getKernel());
    if (!kernel)
      return launch.emitError("kernel ") << launch.getKernel() << " not found";
    if (launch.getClusterSizeX() || launch.getDynamicSharedMemorySize() ||
        launch.getAsyncToken())
      return launch.emitError("clusters, dynamic shared memory and async "
                              "launches are not supported");
    for (auto [index, operand] : llvm::enumerate(launch.getKernelOperands())) {
      auto type = dyn_cast<MemRefType>(operand.getType());
      if (!type)
        return launch.emitError("kernel ")
               << dispatch.kernel << " takes a non-buffer argument of type "
               << operand.getType() << "; scalars must be sunk into the kernel";
      FailureOr<Location> location = locate(launch, operand);
      FailureOr<uint64_t> size = sizeInBytes(launch, type);
      if (failed(location) || failed(size))
        return failure();
      dispatch.bindings.push_back({location->buffer, location->offsetBytes,
                                   *size, kernelWritesArgument(kernel, index)});
    }
    addStep(std::move(dispatch));
    return success();
  }

  LogicalResult visitReturn(func::ReturnOp ret) {
    for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
      FailureOr<PlanTensor> tensor =
          describe(ret, value.getType(), func.getResultAttrDict(i),
                   ("output_" + llvm::Twine(i)).str());
      FailureOr<Location> location = locate(ret, value);
      if (failed(tensor) || failed(location))
        return failure();
      uint32_t outputIndex = plan.outputs.size();
      plan.outputs.push_back(*tensor);
      PlanBuffer &root = plan.buffers[location->buffer];
      uint64_t size = 0;
      if (FailureOr<uint64_t> bytes =
              sizeInBytes(ret, cast<MemRefType>(value.getType()));
          succeeded(bytes))
        size = *bytes;
      else
        return failure();
      // A transient that is returned whole becomes the output's buffer.
      if (root.kind == PlanBuffer::Kind::Transient &&
          location->offsetBytes == 0 && root.sizeBytes == size) {
        root.kind = PlanBuffer::Kind::Output;
        root.index = outputIndex;
        continue;
      }
      // Inputs, constants, other outputs and partial views need a copy.
      uint32_t buffer = addBuffer(PlanBuffer::Kind::Output, outputIndex, size);
      addStep(PlanCopy{{location->buffer, location->offsetBytes, size, false},
                       {buffer, 0, size, true},
                       size});
    }
    return success();
  }

  void addStep(PlanStep step) { plan.steps.push_back(std::move(step)); }

  /// Gives transients with disjoint lifetimes the same slot (first fit, in
  /// order of first use; a slot grows to its largest buffer).
  void assignTransientSlots() {
    size_t numBuffers = plan.buffers.size();
    std::vector<int64_t> firstUse(numBuffers, -1), lastUse(numBuffers, -1);
    auto touch = [&](uint32_t buffer, int64_t step) {
      if (firstUse[buffer] < 0)
        firstUse[buffer] = step;
      lastUse[buffer] = step;
    };
    for (auto [stepIndex, step] : llvm::enumerate(plan.steps)) {
      if (const auto *dispatch = std::get_if<PlanDispatch>(&step)) {
        for (const PlanBinding &binding : dispatch->bindings)
          touch(binding.buffer, stepIndex);
      } else {
        const auto &copy = std::get<PlanCopy>(step);
        touch(copy.source.buffer, stepIndex);
        touch(copy.destination.buffer, stepIndex);
      }
    }
    std::vector<uint32_t> transients;
    for (uint32_t i = 0; i < numBuffers; ++i)
      if (plan.buffers[i].kind == PlanBuffer::Kind::Transient)
        transients.push_back(i);
    std::stable_sort(
        transients.begin(), transients.end(),
        [&](uint32_t a, uint32_t b) { return firstUse[a] < firstUse[b]; });
    std::vector<int64_t> slotFreeAfter; // Last step using each slot.
    for (uint32_t buffer : transients) {
      int64_t begin = firstUse[buffer];
      int64_t end = lastUse[buffer];
      uint32_t slot = 0;
      for (; slot < slotFreeAfter.size(); ++slot)
        if (slotFreeAfter[slot] < begin)
          break;
      if (slot == slotFreeAfter.size()) {
        slotFreeAfter.push_back(end);
        plan.transientSlotSizes.push_back(0);
      }
      slotFreeAfter[slot] = std::max(end, slotFreeAfter[slot]);
      plan.transientSlotSizes[slot] = std::max(plan.transientSlotSizes[slot],
                                               plan.buffers[buffer].sizeBytes);
      plan.buffers[buffer].index = slot;
    }
  }

  func::FuncOp func;
  ExecutionPlan plan;
  llvm::DenseMap<Value, Location> locations;
  llvm::DenseMap<Operation *, uint32_t> constantIndices;
};

} // namespace

FailureOr<ExecutionPlan> buildExecutionPlan(func::FuncOp hostFunc) {
  if (!hostFunc.getBody().hasOneBlock())
    return hostFunc.emitError("host function must be a single block"),
           failure();
  return PlanBuilder(hostFunc).build();
}

} // namespace octet
