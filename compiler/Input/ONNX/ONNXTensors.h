//===- ONNXTensors.h - ONNX element types and tensor data -------*- C++ -*-===//
//
// The mapping between ONNX's element types (TensorProto.DataType) and MLIR's,
// and the decoding of a TensorProto's data (raw_data or the typed fields)
// into a DenseElementsAttr. Signed integers map to signless MLIR integers,
// unsigned ones to MLIR's unsigned integers, BOOL to i1, the float types to
// MLIR's float types; other types (strings, complex, 4-bit and 8-bit floats)
// have no mapping yet.
//
//===----------------------------------------------------------------------===//

#ifndef OCTET_COMPILER_INPUT_ONNX_ONNXTENSORS_H
#define OCTET_COMPILER_INPUT_ONNX_ONNXTENSORS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "runtime/src/artifact/Artifact.h"

#include <cstdint>
#include <optional>
#include <string>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace octet::onnx_import {

/// ONNX's name of data type `type` ("FLOAT", "INT64", ...), or "<N>" for an
/// unknown code.
std::string dataTypeName(int32_t type);

/// Size in bytes of one element of ONNX data type `type`; 1 for types without
/// a whole-byte size (STRING, 4-bit types, unknown codes), so that at least
/// the element count of a shape can be bounded with it.
int64_t elementBytes(int32_t type);

/// The MLIR element type of ONNX data type `type`, or null when Octet does
/// not support it.
mlir::Type elementType(mlir::MLIRContext &ctx, int32_t type);

/// The ONNX data type of MLIR element type `type` (the inverse of
/// elementType), or 0 (UNDEFINED).
int32_t dataTypeOf(mlir::Type type);

/// The ONNX data type of the artifact's (and .npy reader's) dtype `dtype`.
int32_t dataTypeOfDType(octet::artifact::DType dtype);

/// The element types elementType supports, as a sentence for diagnostics.
llvm::StringRef supportedDataTypes();

/// Decodes the data of `tensor` (whose element type maps to
/// `type.getElementType()` and whose dims are `type`'s shape, both checked
/// by the caller) from `external` (the bytes of its external data) when
/// given, else from raw_data or the typed field ONNX stores that type in.
/// On a size mismatch returns null and sets `why` ("has 12 bytes of raw_data,
/// expected 16").
mlir::DenseElementsAttr
decodeTensor(const onnx::TensorProto &tensor, mlir::RankedTensorType type,
             std::string &why,
             std::optional<llvm::StringRef> external = std::nullopt);

} // namespace octet::onnx_import

#endif // OCTET_COMPILER_INPUT_ONNX_ONNXTENSORS_H
