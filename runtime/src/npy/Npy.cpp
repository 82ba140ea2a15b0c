//===- Npy.cpp - Reading and writing NumPy .npy files ---------------------===//
//
// See Npy.h. The header is a Python dict literal; a small tokenizer accepts
// exactly the forms NumPy writes (string, True/False, tuple of integers) and
// rejects anything else rather than guessing.
//
//===----------------------------------------------------------------------===//
#include "runtime/src/npy/Npy.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

namespace octet::npy {

using artifact::DType;

static const char kNpyMagic[6] = {'\x93', 'N', 'U', 'M', 'P', 'Y'};

bool canReinterpretAs(const Array &array, DType dtype) {
  if (array.dtype == dtype)
    return true;
  if (!array.rawBits)
    return false;
  bool unnameable = dtype == DType::BF16 || dtype == DType::F8E4M3FN ||
                    dtype == DType::F8E5M2;
  return unnameable &&
         artifact::dtypeSize(array.dtype) == artifact::dtypeSize(dtype);
}

std::string descrFor(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "<f4";
  case DType::F16:
    return "<f2";
  case DType::BF16:
    return "|V2"; // What NumPy writes for numpy.dtype('V2').
  case DType::F8E4M3FN:
  case DType::F8E5M2:
    return "|V1";
  case DType::I8:
    return "|i1";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  case DType::Bool:
    return "|b1";
  case DType::F64:
    return "<f8";
  case DType::I16:
    return "<i2";
  case DType::U8:
    return "|u1";
  case DType::U16:
    return "<u2";
  case DType::U32:
    return "<u4";
  case DType::U64:
    return "<u8";
  }
  return "|V1";
}

namespace {
/// Tokenizer for the header dict.
struct HeaderParser {
  explicit HeaderParser(const std::string &text) : s(text) {}

  const std::string &s;
  size_t pos = 0;
  std::string error;

  void skipSpace() {
    while (pos < s.size() && std::isspace(static_cast<unsigned char>(s[pos])))
      ++pos;
  }
  bool consume(char c) {
    skipSpace();
    if (pos < s.size() && s[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool parseString(std::string &out) {
    skipSpace();
    if (pos >= s.size() || (s[pos] != '\'' && s[pos] != '"'))
      return false;
    char quote = s[pos++];
    out.clear();
    while (pos < s.size() && s[pos] != quote) {
      if (s[pos] == '\\')
        return false; // NumPy never escapes in the keys/values it writes.
      out += s[pos++];
    }
    if (pos >= s.size())
      return false;
    ++pos;
    return true;
  }
  bool parseWord(std::string &out) {
    skipSpace();
    out.clear();
    while (pos < s.size() && std::isalpha(static_cast<unsigned char>(s[pos])))
      out += s[pos++];
    return !out.empty();
  }
  bool parseInt(int64_t &out) {
    skipSpace();
    size_t start = pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])))
      ++pos;
    if (pos == start || pos - start > 18)
      return false;
    out = std::stoll(s.substr(start, pos - start));
    if (pos < s.size() && (s[pos] == 'L' || s[pos] == 'l'))
      ++pos; // Python 2 long suffix.
    return true;
  }
  bool parseTuple(std::vector<int64_t> &out) {
    if (!consume('('))
      return false;
    out.clear();
    if (consume(')'))
      return true;
    while (true) {
      int64_t v;
      if (!parseInt(v))
        return false;
      out.push_back(v);
      if (consume(')'))
        return true;
      if (!consume(','))
        return false;
      if (consume(')'))
        return true;
    }
  }
  /// Skips a (possibly nested) list; used to recognize structured dtypes.
  bool skipList() {
    int depth = 0;
    for (; pos < s.size(); ++pos) {
      if (s[pos] == '[')
        ++depth;
      else if (s[pos] == ']' && --depth == 0) {
        ++pos;
        return true;
      }
    }
    return false;
  }
};

struct Header {
  std::optional<std::string> descr;
  bool structured = false;
  std::optional<bool> fortranOrder;
  std::optional<std::vector<int64_t>> shape;
};
} // namespace

static bool parseHeaderDict(const std::string &text, Header &h,
                            std::string &error) {
  HeaderParser p(text);
  if (!p.consume('{')) {
    error = "header is not a dict";
    return false;
  }
  while (true) {
    if (p.consume('}'))
      break;
    std::string key;
    if (!p.parseString(key) || !p.consume(':')) {
      error = "malformed header";
      return false;
    }
    if (key == "descr") {
      p.skipSpace();
      if (p.pos < text.size() && text[p.pos] == '[') {
        if (!p.skipList()) {
          error = "malformed header";
          return false;
        }
        h.structured = true;
        h.descr = "";
      } else {
        std::string v;
        if (!p.parseString(v)) {
          error = "malformed 'descr' in header";
          return false;
        }
        h.descr = v;
      }
    } else if (key == "fortran_order") {
      std::string w;
      if (!p.parseWord(w) || (w != "True" && w != "False")) {
        error = "malformed 'fortran_order' in header";
        return false;
      }
      h.fortranOrder = w == "True";
    } else if (key == "shape") {
      std::vector<int64_t> shape;
      if (!p.parseTuple(shape)) {
        error = "malformed 'shape' in header";
        return false;
      }
      h.shape = shape;
    } else {
      error = "unexpected key '" + key + "' in header";
      return false;
    }
    if (p.consume('}'))
      break;
    if (!p.consume(',')) {
      error = "malformed header";
      return false;
    }
  }
  p.skipSpace();
  if (p.pos != text.size()) {
    error = "malformed header (text after the dict)";
    return false;
  }
  if (!h.descr || !h.fortranOrder || !h.shape) {
    error = "header lacks 'descr', 'fortran_order' or 'shape'";
    return false;
  }
  return true;
}

/// Maps a descr string to a dtype; on failure sets `error`.
static bool mapDescr(const std::string &descr, Array &out, std::string &error) {
  const std::string supported =
      "supported: <f4, <f8, <f2, |i1, <i2, <i4, <i8, |u1, <u2, <u4, <u8, |b1, "
      "|V2 (bf16 bits), |V1 (float8 bits)";
  if (descr.size() >= 2 && descr[1] == 'O') {
    error = "object arrays are not supported";
    return false;
  }
  if (descr.size() < 3) {
    error = "unsupported dtype '" + descr + "' (" + supported + ")";
    return false;
  }
  char order = descr[0];
  std::string code = descr.substr(1);
  // Raw void elements: NumPy writes '|V2' for numpy.dtype('V2') and '<V2'
  // for ml_dtypes.bfloat16 arrays; both are read.
  static const struct {
    const char *code;
    DType dtype;
    bool raw;
  } table[] = {{"f4", DType::F32, false}, {"f8", DType::F64, false},
               {"f2", DType::F16, false}, {"i1", DType::I8, false},
               {"i2", DType::I16, false}, {"i4", DType::I32, false},
               {"i8", DType::I64, false}, {"u1", DType::U8, false},
               {"u2", DType::U16, false}, {"u4", DType::U32, false},
               {"u8", DType::U64, false}, {"b1", DType::Bool, false},
               {"V2", DType::BF16, true}, {"V1", DType::F8E4M3FN, true}};
  for (const auto &t : table) {
    if (code != t.code)
      continue;
    size_t width = artifact::dtypeSize(t.dtype);
    if (order == '>' && width > 1) {
      error = "big-endian data ('" + descr + "') is not supported";
      return false;
    }
    if (order != '<' && order != '>' && order != '=' && order != '|') {
      error = "unsupported dtype '" + descr + "'";
      return false;
    }
    out.dtype = t.dtype;
    out.rawBits = t.raw;
    return true;
  }
  if (order == '>') {
    error = "big-endian data ('" + descr + "') is not supported";
    return false;
  }
  error = "unsupported dtype '" + descr + "' (" + supported + ")";
  return false;
}

Status parse(const uint8_t *bytes, size_t size, const std::string &name,
             Array &out) {
  auto fail = [&](const std::string &what) {
    return Status::error(StatusCode::InvalidArgument, name + ": " + what);
  };
  if (size < 10)
    return fail(size >= 6 && std::memcmp(bytes, kNpyMagic, 6) != 0
                    ? "not a .npy file (bad magic)"
                    : "truncated .npy header");
  if (std::memcmp(bytes, kNpyMagic, 6) != 0)
    return fail("not a .npy file (bad magic)");
  uint8_t major = bytes[6], minor = bytes[7];
  if (major < 1 || major > 3 || minor != 0)
    return fail("unsupported .npy version " + std::to_string(major) + "." +
                std::to_string(minor));
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = bytes[8] | (size_t(bytes[9]) << 8);
    headerStart = 10;
  } else {
    if (size < 12)
      return fail("truncated .npy header");
    headerLen = bytes[8] | (size_t(bytes[9]) << 8) | (size_t(bytes[10]) << 16) |
                (size_t(bytes[11]) << 24);
    headerStart = 12;
  }
  if (headerLen > size - headerStart)
    return fail("truncated .npy header (" + std::to_string(headerLen) +
                " header bytes announced, " +
                std::to_string(size - headerStart) + " present)");
  std::string text(reinterpret_cast<const char *>(bytes) + headerStart,
                   headerLen);
  Header h;
  std::string error;
  if (!parseHeaderDict(text, h, error))
    return fail(error);
  if (h.structured)
    return fail("structured arrays are not supported");
  if (*h.fortranOrder)
    return fail("Fortran-order arrays are not supported; save a C-order "
                "array (numpy.ascontiguousarray)");
  Array result;
  if (!mapDescr(*h.descr, result, error))
    return fail(error);
  result.shape = *h.shape;
  uint64_t count = 0;
  size_t width = artifact::dtypeSize(result.dtype);
  if (!artifact::elementCount(result.shape, count) ||
      count > UINT64_MAX / width)
    return fail("shape too large");
  uint64_t dataBytes = count * width;
  size_t dataStart = headerStart + headerLen;
  uint64_t present = size - dataStart;
  if (present < dataBytes)
    return fail("truncated data: " +
                artifact::formatTensorType(result.dtype, result.shape) +
                " needs " + std::to_string(dataBytes) + " bytes, found " +
                std::to_string(present));
  if (present > dataBytes)
    return fail(std::to_string(present - dataBytes) +
                " unexpected bytes after the data");
  if (result.dtype == DType::Bool)
    for (uint64_t i = 0; i < count; ++i)
      if (bytes[dataStart + i] > 1)
        return fail("bool element at flat index " + std::to_string(i) + " is " +
                    std::to_string(bytes[dataStart + i]) +
                    ", not 0 (False) or 1 (True)");
  result.data.assign(bytes + dataStart, bytes + dataStart + dataBytes);
  out = std::move(result);
  return Status::ok();
}

Status readFile(const std::string &path, Array &out) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return Status::error(StatusCode::NotFound,
                         path + ": cannot open: is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    return Status::error(StatusCode::NotFound,
                         path + ": cannot open: " + std::strerror(err));
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad())
    return Status::error(StatusCode::NotFound, path + ": read error");
  return parse(bytes.data(), bytes.size(), path, out);
}

std::vector<uint8_t> serialize(DType dtype, const std::vector<int64_t> &shape,
                               const void *data, size_t size) {
  std::string dict =
      "{'descr': '" + descrFor(dtype) + "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < shape.size(); ++i) {
    dict += std::to_string(shape[i]);
    if (shape.size() == 1 || i + 1 < shape.size())
      dict += i + 1 < shape.size() ? ", " : ",";
  }
  dict += "), }";
  // Pad with spaces and a final newline so that the data starts at a
  // multiple of 64 bytes, as NumPy does.
  size_t prefix = 10;
  int major = 1;
  if (dict.size() + 1 + prefix > 65535) {
    prefix = 12;
    major = 2;
  }
  size_t total = prefix + dict.size() + 1;
  size_t padded = (total + 63) / 64 * 64;
  dict.append(padded - total, ' ');
  dict += '\n';
  std::vector<uint8_t> out(padded + size);
  std::memcpy(out.data(), kNpyMagic, 6);
  out[6] = static_cast<uint8_t>(major);
  out[7] = 0;
  size_t len = dict.size();
  for (size_t i = 0; i < prefix - 8; ++i)
    out[8 + i] = static_cast<uint8_t>(len >> (8 * i));
  std::memcpy(out.data() + prefix, dict.data(), dict.size());
  if (size)
    std::memcpy(out.data() + padded, data, size);
  return out;
}

Status writeFile(const std::string &path, DType dtype,
                 const std::vector<int64_t> &shape, const void *data,
                 size_t size) {
  std::vector<uint8_t> bytes = serialize(dtype, shape, data, size);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    int err = errno;
    return Status::error(StatusCode::NotFound,
                         path + ": cannot write: " + std::strerror(err));
  }
  out.write(reinterpret_cast<const char *>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out)
    return Status::error(StatusCode::Failure, path + ": write error");
  return Status::ok();
}

} // namespace octet::npy
