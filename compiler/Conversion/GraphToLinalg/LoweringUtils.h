//===- LoweringUtils.h - Helpers shared by graph -> linalg lowerings -*- C++
//-*-===//
//
// Builders the graph-to-linalg patterns share across files (one file per op
// family): elementwise linalg.generic with NumPy broadcasting, and scalar
// constants of an element type.
//
//===----------------------------------------------------------------------===//

#ifndef OCTET_COMPILER_CONVERSION_GRAPHTOLINALG_LOWERINGUTILS_H
#define OCTET_COMPILER_CONVERSION_GRAPHTOLINALG_LOWERINGUTILS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"

namespace octet::graph_to_linalg {

/// Marks, during convert-graph-to-linalg, a graph op whose operands were
/// unsigned integers before the pass made every type signless (the marker
/// lives only within the pass; lowerings pick the unsigned arith ops).
inline constexpr llvm::StringLiteral kUnsignedOperands =
    "graph.unsigned_operands";
/// The same for a graph op whose result was unsigned (Cast to UINT*).
inline constexpr llvm::StringLiteral kUnsignedResult = "graph.unsigned_result";

/// Whether `op` had unsigned operands (kUnsignedOperands).
inline bool hasUnsignedOperands(mlir::Operation *op) {
  return op->hasAttr(kUnsignedOperands);
}

/// Computes one result element from the input elements.
using BodyFn = llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                              mlir::ValueRange)>;

/// An arith.constant of `elemType` holding `value`.
mlir::Value floatConstant(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Type elemType, double value);

/// An arith.constant of element type `elemType` (float, integer or i1)
/// holding `value` (converted: truncated toward zero for integers, `value
/// != 0` for i1; -1 is all ones for every integer width).
mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Type elemType, double value);

/// `x` converted to element type `to` with ONNX Cast's semantics: floats
/// round to nearest even when narrowed, float to integer truncates toward
/// zero, integers sign-extend (zero-extend when `fromUnsigned`) or wrap,
/// anything to i1 is `x != 0`, i1 to a number is 0 or 1. `fromUnsigned` /
/// `toUnsigned` say that the signless integer types stand for unsigned ones.
mlir::Value convertScalar(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x,
                          mlir::Type to, bool fromUnsigned = false,
                          bool toUnsigned = false);

/// The type a reduction or contraction over elements of `type` accumulates
/// in: f32 for narrower floats (f16, bf16, f8), else `type` itself.
mlir::Type accumulatorType(mlir::Type type);

/// `acc` (a contraction's result in its accumulator type) rounded to the
/// element type of `resultType` by one elementwise linalg.generic; `acc`
/// itself when the types agree.
mlir::Value roundToResult(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value acc, mlir::RankedTensorType resultType);

/// How a reduction or a scatter combines a value into its accumulator.
enum class CombineKind { Add, Mul, Max, Min };

/// `x` combined into `acc` by `kind` (floats: maximumf/minimumf, which
/// propagate NaN; integers: signed unless `isUnsigned`).
mlir::Value combineScalars(mlir::OpBuilder &b, mlir::Location loc,
                           CombineKind kind, mlir::Value x, mlir::Value acc,
                           bool isUnsigned = false);

/// An arith.constant of `type` holding -inf (`negative`) or +inf: the
/// identity of a max (min) reduction.
mlir::Value infinityConstant(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::FloatType type, bool negative);

/// The lowest (`lowest`) or highest value of `type`: -inf / +inf for floats,
/// the integer type's minimum / maximum (unsigned when `isUnsigned`): the
/// identity of a max (min) reduction.
mlir::Value extremeConstant(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Type type, bool lowest,
                            bool isUnsigned = false);

/// A tensor.empty of `shape` filled with `value` (linalg.fill).
mlir::Value filledTensor(mlir::OpBuilder &b, mlir::Location loc,
                         llvm::ArrayRef<int64_t> shape, mlir::Type elemType,
                         mlir::Value value);

/// A linalg.generic with all-parallel iterators over `resultType`'s shape;
/// each input is broadcast against the result (NumPy rules, without copies)
/// and `body` computes the result element from the input elements.
mlir::Value buildElementwise(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::RankedTensorType resultType,
                             mlir::ValueRange inputs, BodyFn body);

/// Adds the lowerings of the elementwise unary ops (math functions and
/// activations; Unary.cpp).
void populateUnaryLoweringPatterns(mlir::RewritePatternSet &patterns);

/// Adds the lowerings of Concat, Slice, Tile and Expand (DataMovement.cpp).
void populateDataMovementLoweringPatterns(mlir::RewritePatternSet &patterns);

/// Adds the lowerings of Conv, MaxPool and AveragePool (ConvPool.cpp).
void populateConvPoolLoweringPatterns(mlir::RewritePatternSet &patterns);

/// Adds the lowerings of the Reduce* ops (Reduce.cpp).
void populateReduceLoweringPatterns(mlir::RewritePatternSet &patterns);

} // namespace octet::graph_to_linalg

#endif // OCTET_COMPILER_CONVERSION_GRAPHTOLINALG_LOWERINGUTILS_H
