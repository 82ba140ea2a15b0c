//===- Npy.h - Reading and writing NumPy .npy files -------------*- C++ -*-===//
//
// .npy format versions 1.0, 2.0 and 3.0, little-endian, C order. Element
// types map onto the artifact's DType: '<f8' f64, '<f4' f32, '<f2' f16,
// '|i1' i8, '<i2' i16, '<i4' i32, '<i8' i64, '|u1' u8, '<u2' u16, '<u4'
// u32, '<u8' u64, '|b1' bool (every element must be 0 or 1).
// bfloat16 and float8 have no NumPy name: they are written as raw void
// elements ('|V2', '|V1', as NumPy writes numpy.dtype('V2')), read back from
// those or from '<V2' (what NumPy writes for ml_dtypes.bfloat16 arrays) as
// "raw bits" that a caller may reinterpret as any such type of the same
// width. Fortran order,
// big-endian data, object and structured arrays, malformed headers,
// truncated data and bool elements other than 0 and 1 are rejected with a
// message naming the file.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_RUNTIME_NPY_NPY_H
#define OCTET_RUNTIME_NPY_NPY_H

#include "runtime/src/artifact/Artifact.h"
#include "runtime/src/support/Status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace octet::npy {

/// A dense C-order array with little-endian elements.
struct Array {
  artifact::DType dtype = artifact::DType::F32;
  /// Set when the file only says "raw N-byte elements" ('V2', 'V1'): `dtype`
  /// is then BF16 (2 bytes) or F8E4M3FN (1 byte) and may be reinterpreted;
  /// see canReinterpretAs.
  bool rawBits = false;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;
};

/// Whether `array` can be fed where `dtype` is expected: same dtype, or raw
/// bits of the same width for a type NumPy cannot name (bf16, f8*).
bool canReinterpretAs(const Array &array, artifact::DType dtype);

/// The .npy `descr` string written for `dtype` ("<f4", "|V2", ...).
std::string descrFor(artifact::DType dtype);

/// Parses a whole .npy file held in memory; `name` prefixes messages.
Status parse(const uint8_t *bytes, size_t size, const std::string &name,
             Array &out);

/// Reads and parses the file at `path`.
Status readFile(const std::string &path, Array &out);

/// Encodes an array as a .npy file (version 1.0, or 2.0 when the header needs
/// it). `size` must be dtypeSize(dtype) x product(shape).
std::vector<uint8_t> serialize(artifact::DType dtype,
                               const std::vector<int64_t> &shape,
                               const void *data, size_t size);

/// Writes `serialize(...)` to `path` (replacing it).
Status writeFile(const std::string &path, artifact::DType dtype,
                 const std::vector<int64_t> &shape, const void *data,
                 size_t size);

} // namespace octet::npy

#endif // OCTET_RUNTIME_NPY_NPY_H
