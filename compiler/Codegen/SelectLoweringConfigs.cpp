//===- SelectLoweringConfigs.cpp - Per-kernel thread tiles ----------------===//
//
// Records an octet.lowering_config on every outermost scf.parallel: its kind
// and the outputs per thread along each dimension. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/LoweringConfig.h"
#include "compiler/Codegen/Passes.h"
#include "compiler/Codegen/VectorizeInnermost.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

namespace octet {
#define GEN_PASS_DEF_SELECTLOWERINGCONFIGS
#include "compiler/Codegen/Passes.h.inc"
} // namespace octet

using namespace mlir;

namespace {

/// Narrower vectors than this are not worth their broadcasts.
constexpr int64_t kMinVectorWidth = 4;

/// The static trip count of dimension `d` of `loop`, if any.
std::optional<int64_t> staticTripCount(scf::ParallelOp loop, unsigned d) {
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()[d]);
  std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound()[d]);
  std::optional<int64_t> step = getConstantIntValue(loop.getStep()[d]);
  if (!lb || !ub || !step || *step <= 0 || *ub < *lb)
    return std::nullopt;
  return (*ub - *lb + *step - 1) / *step;
}

/// The outputs per thread along a dimension of `trips` outputs: the largest
/// power of two up to `maxTile` that divides `trips` or, where that is 1
/// and `partial` tiles are allowed (see storesOnlyUnreadBuffers), the
/// largest tile up to `maxTile` whose last tile repeats at most an eighth
/// of the outputs (17 tokens: 3 tiles of 6, one output computed twice).
int64_t threadTile(int64_t trips, int64_t maxTile, bool partial) {
  int64_t tile = 1;
  while (tile * 2 <= maxTile && trips % (tile * 2) == 0)
    tile *= 2;
  if (tile > 1 || !partial)
    return tile;
  for (int64_t candidate = std::min(maxTile, trips - 1); candidate > 1;
       --candidate) {
    int64_t repeated = llvm::divideCeil(trips, candidate) * candidate - trips;
    if (repeated * 8 <= trips)
      return candidate;
  }
  return 1;
}

/// Whether `value` is computed from `iv` (within the loop body).
bool dependsOn(Value value, Value iv) {
  SetVector<Operation *> slice;
  BackwardSliceOptions options;
  options.inclusive = true;
  options.omitBlockArguments = true;
  if (value == iv)
    return true;
  if (Operation *def = value.getDefiningOp()) {
    (void)getBackwardSlice(def, &slice, options);
    for (Operation *op : slice)
      if (llvm::is_contained(op->getOperands(), iv))
        return true;
  }
  return false;
}

/// Whether some load inside a reduction loop of `loop` reads the same
/// element for every value of dimension `d`.
bool hasLoadReusedAcross(scf::ParallelOp loop, unsigned d) {
  Value iv = loop.getInductionVars()[d];
  bool reused = false;
  loop.getBody()->walk([&](scf::ForOp reduction) {
    if (reduction.getNumRegionIterArgs() == 0)
      return;
    reduction.getBody()->walk([&](memref::LoadOp load) {
      if (llvm::none_of(load.getIndices(),
                        [&](Value index) { return dependsOn(index, iv); }))
        reused = true;
    });
  });
  return reused;
}

struct SelectLoweringConfigsPass final
    : octet::impl::SelectLoweringConfigsBase<SelectLoweringConfigsPass> {
  using Base::Base;

  void runOnOperation() override {
    getOperation().walk([&](scf::ParallelOp loop) {
      if (loop->getParentOfType<scf::ParallelOp>() ||
          octet::LoweringConfig::get(loop))
        return;
      octet::LoweringConfig config;
      unsigned rank = loop.getNumLoops();
      config.threadTile.assign(rank, 1);
      bool reduces = false;
      loop.getBody()->walk([&](scf::ForOp inner) {
        reduces |= inner.getNumRegionIterArgs() > 0;
      });
      config.kind = reduces ? "contraction" : "elementwise";
      // The innermost dimension stays one output per thread: neighbouring
      // threads read neighbouring elements along it.
      for (unsigned d = 0; reduces && d + 1 < rank; ++d) {
        std::optional<int64_t> trips = staticTripCount(loop, d);
        if (!trips || !hasLoadReusedAcross(loop, d))
          continue;
        int64_t tile = threadTile(*trips, maxThreadTile,
                                  octet::storesOnlyUnreadBuffers(loop));
        if (tile > 1) {
          config.threadTile[d] = tile;
          break;
        }
      }
      // Vectors along the innermost dimension: the widest power of two up
      // to vector-width that divides its trip count, where every access
      // along it is contiguous and the arithmetic is f32 (no gathers, no
      // per-lane control flow).
      std::optional<int64_t> innerTrips = staticTripCount(loop, rank - 1);
      std::optional<int64_t> innerStep =
          getConstantIntValue(loop.getStep()[rank - 1]);
      octet::InnermostVaryingValues varying;
      if (innerTrips && innerStep == 1 && vectorWidth >= kMinVectorWidth &&
          octet::analyzeInnermostVectorization(loop, varying).empty()) {
        int64_t width = 1;
        while (width * 2 <= vectorWidth && *innerTrips % (width * 2) == 0)
          width *= 2;
        if (width >= kMinVectorWidth)
          config.vectorWidth = width;
      }
      config.set(loop);
    });
  }
};

} // namespace
