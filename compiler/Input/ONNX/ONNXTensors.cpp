//===- ONNXTensors.cpp - ONNX element types and tensor data ---------------===//
//
// Implements the element type mapping and TensorProto decoding declared in
// ONNXTensors.h. ONNX stores a tensor either as little-endian raw_data or in
// one typed repeated field per group of types (float_data, int32_data for
// everything 32 bits and narrower including FLOAT16/BFLOAT16 bit patterns
// and BOOL, int64_data, double_data, uint64_data for UINT32/UINT64); both
// forms are decoded into the same packed little-endian buffer.
//
//===----------------------------------------------------------------------===//

#include "compiler/Input/ONNX/ONNXTensors.h"

#include <onnx/onnx_pb.h>

#include <cstring>
#include <iterator>
#include <vector>

using namespace mlir;

namespace octet::onnx_import {

namespace {
/// TensorProto data types newer than some onnx libraries Octet builds with
/// (ONNX 1.14 added them; raw_data or int32_data hold one byte each).
constexpr int32_t kFloat8E4M3FN = 17;
constexpr int32_t kFloat8E5M2 = 19;
} // namespace

std::string dataTypeName(int32_t type) {
  if (onnx::TensorProto_DataType_IsValid(type))
    return onnx::TensorProto_DataType_Name(
        static_cast<onnx::TensorProto_DataType>(type));
  // Types newer than some onnx libraries (ONNX 1.14 to 1.17).
  static const char *const kNewer[] = {
      "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ",
      "UINT4",        "INT4",           "FLOAT4E2M1"};
  if (type >= 17 && type < 17 + static_cast<int32_t>(std::size(kNewer)))
    return kNewer[type - 17];
  return "<" + std::to_string(type) + ">";
}

int64_t elementBytes(int32_t type) {
  switch (type) {
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::UINT32:
    return 4;
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::UINT64:
  case onnx::TensorProto::DOUBLE:
  case onnx::TensorProto::COMPLEX64:
    return 8;
  case onnx::TensorProto::COMPLEX128:
    return 16;
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
    return 2;
  default:
    return 1;
  }
}

Type elementType(MLIRContext &ctx, int32_t type) {
  switch (type) {
  case onnx::TensorProto::FLOAT:
    return Float32Type::get(&ctx);
  case onnx::TensorProto::DOUBLE:
    return Float64Type::get(&ctx);
  case onnx::TensorProto::FLOAT16:
    return Float16Type::get(&ctx);
  case onnx::TensorProto::BFLOAT16:
    return BFloat16Type::get(&ctx);
  case onnx::TensorProto::BOOL:
    return IntegerType::get(&ctx, 1);
  case onnx::TensorProto::INT8:
    return IntegerType::get(&ctx, 8);
  case onnx::TensorProto::INT16:
    return IntegerType::get(&ctx, 16);
  case onnx::TensorProto::INT32:
    return IntegerType::get(&ctx, 32);
  case onnx::TensorProto::INT64:
    return IntegerType::get(&ctx, 64);
  case onnx::TensorProto::UINT8:
    return IntegerType::get(&ctx, 8, IntegerType::Unsigned);
  case onnx::TensorProto::UINT16:
    return IntegerType::get(&ctx, 16, IntegerType::Unsigned);
  case onnx::TensorProto::UINT32:
    return IntegerType::get(&ctx, 32, IntegerType::Unsigned);
  case onnx::TensorProto::UINT64:
    return IntegerType::get(&ctx, 64, IntegerType::Unsigned);
  case kFloat8E4M3FN:
    return Float8E4M3FNType::get(&ctx);
  case kFloat8E5M2:
    return Float8E5M2Type::get(&ctx);
  default:
    return Type();
  }
}

int32_t dataTypeOf(Type type) {
  if (type.isF32())
    return onnx::TensorProto::FLOAT;
  if (type.isF64())
    return onnx::TensorProto::DOUBLE;
  if (type.isF16())
    return onnx::TensorProto::FLOAT16;
  if (type.isBF16())
    return onnx::TensorProto::BFLOAT16;
  if (isa<Float8E4M3FNType>(type))
    return kFloat8E4M3FN;
  if (isa<Float8E5M2Type>(type))
    return kFloat8E5M2;
  if (type.isSignlessInteger(1))
    return onnx::TensorProto::BOOL;
  if (type.isSignlessInteger(8))
    return onnx::TensorProto::INT8;
  if (type.isSignlessInteger(16))
    return onnx::TensorProto::INT16;
  if (type.isSignlessInteger(32))
    return onnx::TensorProto::INT32;
  if (type.isSignlessInteger(64))
    return onnx::TensorProto::INT64;
  if (type.isUnsignedInteger(8))
    return onnx::TensorProto::UINT8;
  if (type.isUnsignedInteger(16))
    return onnx::TensorProto::UINT16;
  if (type.isUnsignedInteger(32))
    return onnx::TensorProto::UINT32;
  if (type.isUnsignedInteger(64))
    return onnx::TensorProto::UINT64;
  return onnx::TensorProto::UNDEFINED;
}

int32_t dataTypeOfDType(octet::artifact::DType dtype) {
  using octet::artifact::DType;
  switch (dtype) {
  case DType::F32:
    return onnx::TensorProto::FLOAT;
  case DType::F64:
    return onnx::TensorProto::DOUBLE;
  case DType::F16:
    return onnx::TensorProto::FLOAT16;
  case DType::BF16:
    return onnx::TensorProto::BFLOAT16;
  case DType::F8E4M3FN:
    return kFloat8E4M3FN;
  case DType::F8E5M2:
    return kFloat8E5M2;
  case DType::I8:
    return onnx::TensorProto::INT8;
  case DType::I16:
    return onnx::TensorProto::INT16;
  case DType::I32:
    return onnx::TensorProto::INT32;
  case DType::I64:
    return onnx::TensorProto::INT64;
  case DType::U8:
    return onnx::TensorProto::UINT8;
  case DType::U16:
    return onnx::TensorProto::UINT16;
  case DType::U32:
    return onnx::TensorProto::UINT32;
  case DType::U64:
    return onnx::TensorProto::UINT64;
  case DType::Bool:
    return onnx::TensorProto::BOOL;
  default:
    return onnx::TensorProto::UNDEFINED;
  }
}

StringRef supportedDataTypes() {
  return "FLOAT, DOUBLE, FLOAT16, BFLOAT16, FLOAT8E4M3FN, FLOAT8E5M2, "
         "INT8/16/32/64, UINT8/16/32/64 and BOOL";
}

namespace {
/// Appends the low `width` bytes of each value (little-endian host) to
/// `out`.
template <typename Field>
void appendTruncated(const Field &values, size_t width,
                     std::vector<char> &out) {
  for (auto v : values) {
    uint64_t bits = static_cast<uint64_t>(v);
    char bytes[8];
    std::memcpy(bytes, &bits, sizeof(bits));
    out.insert(out.end(), bytes, bytes + width);
  }
}
} // namespace

DenseElementsAttr decodeTensor(const onnx::TensorProto &tensor,
                               RankedTensorType type, std::string &why,
                               std::optional<StringRef> external) {
  Type elemType = type.getElementType();
  int64_t count = type.getNumElements();
  // Bytes per element in raw_data (a whole byte for BOOL).
  size_t width = std::max<size_t>(1, elemType.getIntOrFloatBitWidth() / 8);
  std::vector<char> bytes;
  if (external || tensor.has_raw_data()) {
    StringRef raw = external ? *external : StringRef(tensor.raw_data());
    // Validate the size before allocating anything.
    if (static_cast<uint64_t>(raw.size()) !=
        static_cast<uint64_t>(count) * width) {
      why = "has " + std::to_string(raw.size()) + " bytes of " +
            (external ? "external data" : "raw_data") + ", expected " +
            std::to_string(count * width);
      return {};
    }
    // ONNX raw_data is little-endian, like every host Octet supports.
    bytes.assign(raw.begin(), raw.end());
  } else {
    auto checkCount = [&](int size, const char *field) {
      if (size == count)
        return true;
      why = "has " + std::to_string(size) + " " + field + " values, expected " +
            std::to_string(count);
      return false;
    };
    switch (tensor.data_type()) {
    case onnx::TensorProto::FLOAT:
      if (!checkCount(tensor.float_data_size(), "float_data"))
        return {};
      bytes.resize(count * 4);
      std::memcpy(bytes.data(), tensor.float_data().data(), count * 4);
      break;
    case onnx::TensorProto::DOUBLE:
      if (!checkCount(tensor.double_data_size(), "double_data"))
        return {};
      bytes.resize(count * 8);
      std::memcpy(bytes.data(), tensor.double_data().data(), count * 8);
      break;
    case onnx::TensorProto::INT64:
      if (!checkCount(tensor.int64_data_size(), "int64_data"))
        return {};
      appendTruncated(tensor.int64_data(), 8, bytes);
      break;
    case onnx::TensorProto::UINT32:
    case onnx::TensorProto::UINT64:
      if (!checkCount(tensor.uint64_data_size(), "uint64_data"))
        return {};
      appendTruncated(tensor.uint64_data(), width, bytes);
      break;
    default:
      // INT8/16/32, BOOL, FLOAT16/BFLOAT16/FLOAT8 bit patterns: int32_data.
      if (!checkCount(tensor.int32_data_size(), "int32_data"))
        return {};
      appendTruncated(tensor.int32_data(), width, bytes);
      break;
    }
  }
  if (elemType.isInteger(1)) {
    // MLIR packs i1 data into bits; ONNX stores one byte per element.
    SmallVector<bool> values;
    values.reserve(count);
    for (char c : bytes)
      values.push_back(c != 0);
    return DenseElementsAttr::get(type, ArrayRef<bool>(values));
  }
  return DenseElementsAttr::getFromRawBuffer(type, bytes);
}

} // namespace octet::onnx_import
