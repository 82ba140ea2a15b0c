//===- Passes.h - Octet's precision and quantization passes -----*- C++ -*-===//
//
// Declarations of the passes in Passes.td and their registration.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_QUANTIZATION_PASSES_H
#define OCTET_COMPILER_QUANTIZATION_PASSES_H

#include "dialects/Graph/IR/GraphDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace octet {

/// The f32 activations `--precision fp8` quantizes, in a fixed order: the
/// inputs of layers with weights (A of a MatMul or Gemm whose B is a
/// constant, the input of Conv and ConvTranspose), each value once, in op
/// order; products of two activations stay f32, as in NVIDIA ModelOpt's
/// default FP8 recipe. octet-compile measures their ranges on calibration data in
/// this order and passes them to octet-convert-precision.
llvm::SmallVector<mlir::Value>
getActivationsToQuantize(mlir::func::FuncOp func);

/// Whether `user` reads its operand `index` as an activation that FP8
/// post-training quantization quantizes (see getActivationsToQuantize).
bool readsQuantizedActivation(mlir::Operation *user, unsigned index);

/// The f32 constant behind `v` when it is one worth compressing (not a
/// splat, at least 16 elements); null otherwise.
mlir::DenseFPElementsAttr getWeightConstant(mlir::Value v);

/// The axis of `user`'s operand `index` that holds output channels when it
/// is a weight (MatMul's B: last; Gemm's B: 1, or 0 with transB; Conv's
/// filter: 0; ConvTranspose's: 1; a Gather table: 0), along which FP8
/// weights get one scale each; std::nullopt when it is not a weight.
std::optional<int64_t> getWeightChannelAxis(mlir::Operation *user,
                                            unsigned index);

/// Builds at `builder`'s insertion point what a contraction reads of the
/// activation `v` quantized with the per-tensor scale amax / largest
/// finite value of `format` (1 when amax is 0 or not finite): `v` divided
/// by the scale, cast to `format` with saturation, graph.dequantize'd.
mlir::Value buildQuantizeDequantize(mlir::OpBuilder &builder,
                                    mlir::Location loc, mlir::Value v,
                                    double amax, mlir::FloatType format);

/// Builds `weight` stored as `storage` behind graph.dequantize: with an
/// 8-bit `storage` and an `axis`, one scale per channel along it (amax /
/// largest finite value, codes rounded to nearest even with saturation);
/// otherwise rounded to `storage` without a scale.
mlir::Value buildCompressedWeight(mlir::OpBuilder &builder,
                                  mlir::Location loc,
                                  mlir::DenseFPElementsAttr weight,
                                  std::optional<int64_t> axis,
                                  mlir::FloatType storage);

#define GEN_PASS_DECL
#include "compiler/Quantization/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Quantization/Passes.h.inc"

} // namespace octet

#endif // OCTET_COMPILER_QUANTIZATION_PASSES_H
