//===- SelectLoweringConfigs.cpp - Per-kernel thread tiles ----------------===//
//
// Records an octet.lowering_config on every outermost scf.parallel: its kind
// and the outputs per thread along each dimension. See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "compiler/Codegen/LoweringConfig.h"
#include "compiler/Codegen/Passes.h"
#include "compiler/Codegen/VectorizeInnermost.h"

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
/// tile up to `maxTile` that divides `trips` or, where `partial` tiles are
/// allowed (see storesOnlyUnreadBuffers), whose last tile repeats at most
/// an eighth of the outputs (17 tokens: 3 tiles of 6, one output computed
/// twice).
int64_t threadTile(int64_t trips, int64_t maxTile, bool partial) {
  for (int64_t candidate = std::min(maxTile, trips); candidate > 1;
       --candidate) {
    int64_t repeated = llvm::divideCeil(trips, candidate) * candidate - trips;
    if (repeated == 0 || (partial && repeated * 8 <= trips))
      return candidate;
  }
  return 1;
}

/// The largest tile up to `maxTile` that divides `trips`.
int64_t exactTile(int64_t trips, int64_t maxTile) {
  return threadTile(trips, maxTile, /*partial=*/false);
}

/// Whether some load inside a reduction loop of `loop` satisfies `pred`,
/// given the load and whether its indices depend on dimension `d`.
bool anyReductionLoad(
    scf::ParallelOp loop, unsigned d,
    llvm::function_ref<bool(memref::LoadOp, bool variesAlongD)> pred) {
  Value iv = loop.getInductionVars()[d];
  bool found = false;
  loop.getBody()->walk([&](scf::ForOp reduction) {
    if (reduction.getNumRegionIterArgs() == 0)
      return;
    reduction.getBody()->walk([&](memref::LoadOp load) {
      found |= pred(load, llvm::any_of(load.getIndices(), [&](Value index) {
                      return octet::dependsOn(index, iv);
                    }));
    });
  });
  return found;
}

/// Whether a load is of a narrow float that is only widened.
bool isWidenedLoad(memref::LoadOp load) {
  return !load.getType().isF32() && !load->use_empty() &&
         octet::isOnlyWidened(load.getResult());
}

/// Whether some load inside a reduction loop of `loop` reads the same
/// element for every value of dimension `d`; with `widenedOnly`, a load of
/// a narrow float (FP8, bf16) that is only widened, whose conversion a tile
/// along `d` shares too.
bool hasLoadReusedAcross(scf::ParallelOp loop, unsigned d,
                         bool widenedOnly = false) {
  return anyReductionLoad(loop, d, [&](memref::LoadOp load, bool varies) {
    return !varies && (!widenedOnly || isWidenedLoad(load));
  });
}

/// Whether some load inside a reduction loop of `loop` of a bf16 value that
/// is only widened reads the same element for every value of dimension `d`:
/// with vectors along `d`, an operand broadcast across each vector.
bool hasWidenedBF16LoadAcross(scf::ParallelOp loop, unsigned d) {
  return anyReductionLoad(loop, d, [](memref::LoadOp load, bool varies) {
    return !varies && load.getType().isBF16() && isWidenedLoad(load);
  });
}

/// Whether some load inside a reduction loop of `loop` of a bf16 value that
/// is only widened reads a different element for each value of dimension
/// `d`: vectors along `d` widen that operand a vector at a time (one shift
/// per vector instead of a load, a shift and a broadcast per element).
bool hasWidenedBF16LoadAlong(scf::ParallelOp loop, unsigned d) {
  return anyReductionLoad(loop, d, [](memref::LoadOp load, bool varies) {
    return varies && load.getType().isBF16() && isWidenedLoad(load);
  });
}

/// The threads of one work-group along `rows` and `columns` threads, as
/// nearly square as possible, `workgroupSize` of them, each side dividing
/// its dimension; nothing where no such block exists or where its longer
/// side is more than four times its shorter.
std::optional<std::pair<int64_t, int64_t>>
squareBlock(int64_t rows, int64_t columns, int64_t workgroupSize) {
  std::optional<std::pair<int64_t, int64_t>> best;
  for (int64_t across = 1; across <= workgroupSize; ++across) {
    if (workgroupSize % across != 0)
      continue;
    int64_t down = workgroupSize / across;
    if (rows % down != 0 || columns % across != 0)
      continue;
    // The more square one (for a fixed product, the smaller longer side)
    // wins; on a tie, the wider (neighbouring threads read neighbouring
    // columns).
    int64_t side = std::max(down, across);
    int64_t bestSide = best ? std::max(best->first, best->second) : 0;
    if (!best || side < bestSide || (side == bestSide && across > best->second))
      best = std::make_pair(down, across);
  }
  // A long thin block gains little over a run of consecutive threads.
  if (best && std::max(best->first, best->second) >
                  4 * std::min(best->first, best->second))
    return std::nullopt;
  return best;
}

struct SelectLoweringConfigsPass final
    : octet::impl::SelectLoweringConfigsBase<SelectLoweringConfigsPass> {
  using Base::Base;

  /// The vector width for dimension `d` of `loop`: the widest power of two
  /// up to vector-width (at least kMinVectorWidth) that divides its static
  /// trip count, where analyzeVectorization allows it; else 1.
  int64_t vectorWidthAlong(scf::ParallelOp loop, unsigned d) {
    std::optional<int64_t> trips = staticTripCount(loop, d);
    std::optional<int64_t> step = getConstantIntValue(loop.getStep()[d]);
    if (!trips || step != 1 || vectorWidth < kMinVectorWidth)
      return 1;
    int64_t width = 1;
    while (width * 2 <= vectorWidth && *trips % (width * 2) == 0)
      width *= 2;
    octet::VaryingValues varying;
    if (width < kMinVectorWidth ||
        !octet::analyzeVectorization(loop, d, varying).empty())
      return 1;
    return width;
  }

  /// A block of threads per work-group along the dimension of `config`'s
  /// thread tile and `vectorDim` (see square-workgroups), where both have
  /// static trip counts.
  void selectWorkgroupTile(scf::ParallelOp loop, unsigned vectorDim,
                           octet::LoweringConfig &config) {
    unsigned rank = loop.getNumLoops();
    std::optional<unsigned> rowDim;
    for (unsigned d = 0; d < rank; ++d)
      if (d != vectorDim && config.threadTile[d] > 1)
        rowDim = d;
    if (!rowDim)
      return;
    std::optional<int64_t> rowTrips = staticTripCount(loop, *rowDim);
    std::optional<int64_t> vectorTrips = staticTripCount(loop, vectorDim);
    int64_t perThread = config.threadTile[vectorDim] * config.vectorWidth;
    if (!rowTrips || !vectorTrips || *rowTrips % config.threadTile[*rowDim] ||
        *vectorTrips % perThread)
      return;
    std::optional<std::pair<int64_t, int64_t>> block =
        squareBlock(*rowTrips / config.threadTile[*rowDim],
                    *vectorTrips / perThread, workgroupSize);
    if (!block)
      return;
    config.workgroupTile.assign(rank, 1);
    config.workgroupTile[*rowDim] = block->first;
    config.workgroupTile[vectorDim] = block->second;
  }

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
      // Vectors along the innermost dimension where every access along it
      // is contiguous and the arithmetic f32 or bf16 (no gathers, no
      // per-lane control flow). In a contraction, along another dimension
      // where that gives wider vectors (the innermost wins ties): a
      // convolution whose output rows are short (7, 14 or 28 pixels)
      // computes a vector of output channels from its filter laid out with
      // the channels last (octet-permute-constants), and stores it one lane
      // at a time.
      unsigned innermost = rank - 1;
      config.vectorWidth = vectorWidthAlong(loop, innermost);
      // On a tie, vectors go along a dimension that a bf16 weight varies
      // along (measured on PoCL: the zoo ResNet's BF16 convolutions 20 ->
      // 14 us; FP8's costlier decode gained nothing, and its weights are
      // instead shared by the thread tile, below).
      bool widensAlongVectors =
          reduces && hasWidenedBF16LoadAlong(loop, innermost);
      for (unsigned d = innermost;
           reduces &&
           (config.vectorWidth < vectorWidth || !widensAlongVectors) && d--;) {
        int64_t width = vectorWidthAlong(loop, d);
        bool widens = hasWidenedBF16LoadAlong(loop, d);
        if (width > config.vectorWidth ||
            (width == config.vectorWidth && width > 1 && widens &&
             !widensAlongVectors)) {
          widensAlongVectors = widens;
          config.vectorWidth = width;
          config.vectorDim = d;
        }
      }
      // A contraction's thread tile: the outermost dimension that an
      // operand is reused across, but the innermost, along which
      // neighbouring threads read neighbouring elements. With vectors along
      // another dimension, the innermost first (a row of output pixels,
      // each reading the same filter vector).
      SmallVector<unsigned> tileDims;
      unsigned vectorDim = config.vectorDim.value_or(innermost);
      if (config.vectorDim) {
        for (unsigned d = rank; d--;)
          if (d != *config.vectorDim)
            tileDims.push_back(d);
      } else {
        for (unsigned d = 0; d < innermost; ++d)
          tileDims.push_back(d);
      }
      // A dimension that an FP8 or bf16 weight is reused across comes first:
      // the tile then widens each weight once for all its outputs.
      bool partial = octet::storesOnlyUnreadBuffers(loop);
      // Several vectors per thread where a bf16 operand is broadcast across
      // them: each of its elements costs a load, a shift and a broadcast
      // (an f32 one folds into the multiply-add), now shared by that many
      // vectors, in exchange for fewer rows, so that the accumulators stay
      // within max-thread-tile vectors. Measured on PoCL (AVX-512): 2 vectors
      // x 8 rows instead of 1 x 16 took the ResNet-50-size model's BF16
      // convolutions from 86 to 63 ms in all; with f32 or FP8 broadcasts it
      // gained nothing (FP8 weight vectors, widened once per row tile, got
      // slower), and 4 vectors x 4 rows lost.
      int64_t maxRows = maxThreadTile;
      if (reduces && config.vectorWidth > 1 && maxVectorTile > 1 &&
          hasWidenedBF16LoadAcross(loop, vectorDim)) {
        std::optional<int64_t> vectors = staticTripCount(loop, vectorDim);
        int64_t tile =
            vectors ? exactTile(*vectors / config.vectorWidth, maxVectorTile)
                    : 1;
        config.threadTile[vectorDim] = tile;
        maxRows = std::max<int64_t>(1, maxThreadTile / tile);
      }
      auto tileFirstReused = [&](bool widenedOnly) {
        for (unsigned d : tileDims) {
          std::optional<int64_t> trips = staticTripCount(loop, d);
          if (!trips || !hasLoadReusedAcross(loop, d, widenedOnly))
            continue;
          if (int64_t tile = threadTile(*trips, maxRows, partial); tile > 1) {
            config.threadTile[d] = tile;
            return true;
          }
        }
        return false;
      };
      if (reduces && !tileFirstReused(/*widenedOnly=*/true))
        tileFirstReused(/*widenedOnly=*/false);
      if (reduces && squareWorkgroups && config.vectorWidth > 1)
        selectWorkgroupTile(loop, vectorDim, config);
      config.set(loop);
    });
  }
};

} // namespace
