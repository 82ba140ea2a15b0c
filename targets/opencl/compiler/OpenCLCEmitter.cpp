//===- OpenCLCEmitter.cpp - gpu.module to OpenCL C 1.2 source -------------===//
//
// A direct emitter (no emitc): each kernel gpu.func becomes one `__kernel`
// function; every SSA value gets a C variable (constants are inlined as
// literals, memref views alias their base pointer), structured control flow
// (scf.for/scf.if) becomes C loops and ifs whose results live in variables
// declared before the statement.
//
// Type mapping:
//   index -> long (64-bit; index arithmetic is assumed not to overflow, which
//            holds for the static shapes kernels address), i1 -> int holding
//            0/1 (uchar in memory), i8/i16/i32/i64 -> char/short/int/long
//            (signless values kept in the signed type; unsigned ops cast to
//            the unsigned type, and integer add/sub/mul/shl wrap through the
//            unsigned type unless marked nsw),
//   f32 -> float, f64 -> double (emits the cl_khr_fp64 pragma).
//   f16 and bf16 need no extension: values live in `float` variables and
//   every f16/bf16 result is rounded to its type (round to nearest even) as
//   it is defined, so each operation gives the correctly rounded result of
//   computing in f32 (exact for + - * / and sqrt: f32 has more than twice
//   the precision of both). In global memory f16 is `half` (vload_half /
//   vstore_half_rte, core OpenCL C) and bf16 is `ushort` (the high half of
//   an f32); local and private arrays hold them as `float`. Other types are
//   rejected.
//   vector<N x f32> (N = 2, 3, 4, 8, 16; from octet-vectorize-innermost) ->
//   floatN, moved with vloadN/vstoreN (bf16 in memory is widened as it is
//   loaded); vector<N x i1> -> intN holding -1/0, which is what OpenCL C's
//   vector comparisons give and its vector ?: selects on.
//
//===----------------------------------------------------------------------===//
#include "targets/opencl/compiler/OpenCLCEmitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace mlir;

namespace octet {

void registerOpenCLCEmitterDialects(DialectRegistry &registry) {
  registry.insert<arith::ArithDialect, gpu::GPUDialect, math::MathDialect,
                  memref::MemRefDialect, scf::SCFDialect, ub::UBDialect,
                  vector::VectorDialect>();
}

namespace {

//===----------------------------------------------------------------------===//
// Module-level state: extension pragmas and helper functions in use.
//===----------------------------------------------------------------------===//

struct ModuleState {
  bool needsFp64 = false;
  /// Helper function definitions, in first-use order, and their names.
  std::vector<std::string> helpers;
  llvm::StringSet<> helperNames;
};

/// Identifiers a generated variable name must not take.
bool isReservedName(StringRef name) {
  static const char *const kReserved[] = {
      "auto",     "break",     "case",       "char",       "const",
      "continue", "default",   "do",         "double",     "else",
      "enum",     "extern",    "float",      "for",        "goto",
      "if",       "inline",    "int",        "long",       "register",
      "restrict", "return",    "short",      "signed",     "sizeof",
      "static",   "struct",    "switch",     "typedef",    "union",
      "unsigned", "void",      "volatile",   "while",      "bool",
      "half",     "uchar",     "ushort",     "uint",       "ulong",
      "size_t",   "kernel",    "global",     "local",      "constant",
      "private",  "read_only", "write_only", "read_write", "NAN",
      "INFINITY", "min",       "max",        "abs",        "clz",
      "popcount", "barrier"};
  for (const char *r : kReserved)
    if (name == r)
      return true;
  return name.starts_with("__") || name.starts_with("get_") ||
         name.starts_with("octet_") || name.starts_with("as_") ||
         name.starts_with("convert_");
}

bool isIdentifier(StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name[0]) || name[0] == '_'))
    return false;
  return llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// Static strides and offset of a memref type, or failure.
LogicalResult getStaticLayout(MemRefType type,
                              SmallVectorImpl<int64_t> &strides,
                              int64_t &offset) {
  if (!type.hasStaticShape())
    return failure();
  if (failed(type.getStridesAndOffset(strides, offset)))
    return failure();
  if (ShapedType::isDynamic(offset) ||
      llvm::any_of(strides, [](int64_t s) { return ShapedType::isDynamic(s); }))
    return failure();
  return success();
}

/// The gpu address space a memref lives in: Global for none.
std::optional<gpu::AddressSpace> getAddressSpace(MemRefType type) {
  Attribute ms = type.getMemorySpace();
  if (!ms)
    return gpu::AddressSpace::Global;
  if (auto as = dyn_cast<gpu::AddressSpaceAttr>(ms))
    return as.getValue();
  if (auto i = dyn_cast<IntegerAttr>(ms)) {
    if (i.getInt() == 0 || i.getInt() == 1)
      return gpu::AddressSpace::Global;
    if (i.getInt() == 3)
      return gpu::AddressSpace::Workgroup;
    if (i.getInt() == 5)
      return gpu::AddressSpace::Private;
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Kernel emitter
//===----------------------------------------------------------------------===//

class KernelEmitter {
public:
  KernelEmitter(gpu::GPUFuncOp func, ModuleState &state, raw_ostream &os)
      : func(func), state(state), os(os), kernelName(func.getName()) {}

  LogicalResult emit();

private:
  // --- diagnostics -------------------------------------------------------
  /// "'<op>' op (kernel '<name>') <msg>"; callers may stream more.
  InFlightDiagnostic opError(Operation *op, const Twine &msg) {
    return op->emitOpError() << "(kernel '" << kernelName << "') " << msg;
  }
  LogicalResult unsupported(Operation *op) {
    return opError(op, "is not supported by the OpenCL C emitter");
  }

  // --- types ---------------------------------------------------------------
  /// C type of a scalar value of `type`; emits an error at `op` on failure.
  FailureOr<std::string> cType(Type type, Operation *op);
  /// C type used to store an element of `type` in memory: i1 -> uchar; in
  /// `global` memory f16 -> half and bf16 -> ushort (float elsewhere).
  FailureOr<std::string> storageType(Type type, Operation *op,
                                     bool global = false);
  /// `expr` (a float) rounded to f16 or bf16 `type`, as a float.
  std::string roundToNarrowFloat(Type type, const std::string &expr);
  /// The bf16 bit pattern (ushort) of float `expr`, rounded to nearest even.
  std::string bf16Bits(const std::string &expr);
  /// Set by an emitter whose next define() produces a value already exact
  /// in its f16/bf16 type (a load), so that define() does not round it.
  bool resultIsExact = false;
  /// Unsigned C type of the same width as integer `type`.
  static std::string unsignedType(Type type);
  static unsigned intWidth(Type type) {
    return type.isIndex() ? 64 : type.getIntOrFloatBitWidth();
  }

  // --- values ------------------------------------------------------------
  std::string freshName(StringRef hint);
  /// Declares a variable for `value` initialised with `expr`.
  LogicalResult define(Value value, const std::string &expr, Operation *op);
  std::string get(Value value) const {
    auto it = names.find(value);
    assert(it != names.end() && "value used before definition");
    return it->second;
  }
  /// The value read as a signed integer of its width.
  std::string sv(Value value) const;
  /// The value read as an unsigned integer of its width.
  std::string uv(Value value) const;

  // --- literals ----------------------------------------------------------
  std::string intLiteral(const APInt &v, Type type) const;
  std::string uintLiteral(const APInt &v, Type type) const;
  FailureOr<std::string> floatLiteral(const APFloat &v, Type type,
                                      Operation *op);

  // --- helpers -----------------------------------------------------------
  std::string useHelper(StringRef base, StringRef type, StringRef body);

  // --- statements --------------------------------------------------------
  raw_ostream &line() {
    os.indent(indent);
    return os;
  }
  LogicalResult emitBlock(Block &block);
  LogicalResult emitOp(Operation *op);
  LogicalResult emitConstant(arith::ConstantOp op);
  LogicalResult emitIntBinary(Operation *op);
  LogicalResult emitFloatBinary(Operation *op);
  LogicalResult emitCmpI(arith::CmpIOp op);
  LogicalResult emitCmpF(arith::CmpFOp op);
  LogicalResult emitCast(Operation *op);
  LogicalResult emitMath(Operation *op);
  LogicalResult emitMemRefAccess(Operation *op);
  LogicalResult emitVectorAccess(Operation *op);
  LogicalResult emitBroadcast(vector::BroadcastOp op);
  LogicalResult emitShuffle(vector::ShuffleOp op);
  /// Lane `lane` of vector `value` as an OpenCL C component: v.s3, v.sf.
  std::string component(Value value, int64_t lane) const {
    return get(value) + ".s" +
           llvm::hexdigit(static_cast<unsigned>(lane), /*LowerCase=*/true);
  }
  LogicalResult emitExtract(vector::ExtractOp op);
  LogicalResult emitFromElements(vector::FromElementsOp op);
  LogicalResult emitMemRefView(Operation *op, Value source, Value result);
  LogicalResult emitAlloca(memref::AllocaOp op);
  LogicalResult emitFor(scf::ForOp op);
  LogicalResult emitIf(scf::IfOp op);
  LogicalResult emitGpuIndex(Operation *op, StringRef builtin,
                             gpu::Dimension dim);
  /// Linearised element index of an access to `memref` at `indices`.
  FailureOr<std::string> linearIndex(Operation *op, Value memref,
                                     ValueRange indices);
  /// Declares a local array for `value` (alloca or attribution).
  LogicalResult declareArray(Value value, MemRefType type, StringRef qualifier,
                             StringRef hint, Operation *op);

  gpu::GPUFuncOp func;
  ModuleState &state;
  raw_ostream &os;
  std::string kernelName;
  unsigned indent = 2;
  llvm::DenseMap<Value, std::string> names;
  /// Integer constants, for unsigned literals and index folding.
  llvm::DenseMap<Value, APInt> intConstants;
  llvm::StringSet<> usedNames;
  llvm::StringMap<unsigned> counters;
  /// Variables receiving the results of the scf op whose region is emitted.
  SmallVector<SmallVector<std::string>> yieldTargets;
};

FailureOr<std::string> KernelEmitter::cType(Type type, Operation *op) {
  if (auto vector = dyn_cast<VectorType>(type)) {
    Type element = vector.getElementType();
    int64_t lanes = vector.getRank() == 1 && !vector.isScalable()
                        ? vector.getDimSize(0)
                        : 0;
    bool floatLanes = element.isF32() || element.isF16() || element.isBF16();
    bool float8Lanes = isa<Float8E4M3FNType, Float8E5M2Type>(element);
    if (!llvm::is_contained({2, 3, 4, 8, 16}, lanes) ||
        (!floatLanes && !float8Lanes && !element.isInteger(1))) {
      opError(op, "uses type ")
          << type
          << ", which the OpenCL C emitter does not support (vectors: 2, 3, "
             "4, 8 or 16 lanes of f32, f16, bf16, f8E4M3FN, f8E5M2 or i1)";
      return failure();
    }
    return (floatLanes    ? "float"
            : float8Lanes ? "uchar"
                          : "int") +
           std::to_string(lanes);
  }
  if (type.isIndex())
    return std::string("long");
  if (auto it = dyn_cast<IntegerType>(type)) {
    switch (it.getWidth()) {
    case 1:
      return std::string("int");
    case 8:
      return std::string("char");
    case 16:
      return std::string("short");
    case 32:
      return std::string("int");
    case 64:
      return std::string("long");
    default:
      break;
    }
    opError(op, "uses integer type ")
        << type
        << ", which the OpenCL C emitter does not support (supported: i1, i8, "
        << "i16, i32, i64, index)";
    return failure();
  }
  if (type.isF32())
    return std::string("float");
  if (type.isF64()) {
    state.needsFp64 = true;
    return std::string("double");
  }
  if (type.isF16() || type.isBF16())
    return std::string("float");
  // 8-bit floats are only moved and bitcast (octet-expand-float8 rewrote
  // their conversions): their bits live in a uchar.
  if (isa<Float8E4M3FNType, Float8E5M2Type>(type))
    return std::string("uchar");
  opError(op, "uses type ") << type
                            << ", which the OpenCL C emitter does not support "
                               "(supported: i1, i8, i16, i32, i64, index, "
                               "f16, bf16, f8E4M3FN, f8E5M2, f32, f64)";
  return failure();
}

FailureOr<std::string> KernelEmitter::storageType(Type type, Operation *op,
                                                  bool global) {
  if (type.isInteger(1))
    return std::string("uchar");
  if (global && type.isF16())
    return std::string("half");
  if (global && type.isBF16())
    return std::string("ushort");
  return cType(type, op);
}

std::string KernelEmitter::roundToNarrowFloat(Type type,
                                              const std::string &expr) {
  if (type.isF16())
    return useHelper("round", "f16",
                     "static inline float NAME(float x) {\n"
                     "  ushort h;\n"
                     "  vstore_half_rte(x, 0, (__private half *)&h);\n"
                     "  return vload_half(0, (__private half *)&h);\n"
                     "}\n") +
           "(" + expr + ")";
  return "as_float((uint)" + bf16Bits(expr) + " << 16)";
}

std::string KernelEmitter::bf16Bits(const std::string &expr) {
  // Round to nearest even on the f32 bits; NaN stays a (quiet) NaN.
  return useHelper(
             "bits", "bf16",
             "static inline ushort NAME(float x) {\n"
             "  uint u = as_uint(x);\n"
             "  if (isnan(x))\n"
             "    return (ushort)((u >> 16) | 0x40u);\n"
             "  return (ushort)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);\n"
             "}\n") +
         "(" + expr + ")";
}

std::string KernelEmitter::unsignedType(Type type) {
  switch (intWidth(type)) {
  case 8:
    return "uchar";
  case 16:
    return "ushort";
  case 64:
    return "ulong";
  default:
    return "uint";
  }
}

std::string KernelEmitter::freshName(StringRef hint) {
  std::string base = hint.str();
  for (char &c : base)
    if (!llvm::isAlnum(c) && c != '_')
      c = '_';
  if (!isIdentifier(base) || isReservedName(base) || base == kernelName)
    base.clear();
  if (!base.empty() && !usedNames.contains(base) &&
      !(base.size() > 1 && base[0] == 'v' &&
        llvm::all_of(StringRef(base).drop_front(), llvm::isDigit))) {
    usedNames.insert(base);
    return base;
  }
  // Numbered names: v0, v1, ... for values without a hint, <hint>_0, ...
  // for repeated hints; each sequence has its own counter.
  std::string prefix = base.empty() ? std::string("v") : base + "_";
  while (true) {
    std::string name = prefix + std::to_string(counters[prefix]++);
    if (!usedNames.contains(name) && name != kernelName) {
      usedNames.insert(name);
      return name;
    }
  }
}

LogicalResult KernelEmitter::define(Value value, const std::string &expr,
                                    Operation *op) {
  FailureOr<std::string> type = cType(value.getType(), op);
  if (failed(type))
    return failure();
  Type valueType = value.getType();
  bool exact = std::exchange(resultIsExact, false);
  std::string rounded = expr;
  if ((valueType.isF16() || valueType.isBF16()) && !exact)
    rounded = roundToNarrowFloat(valueType, expr);
  Type element = getElementTypeOrSelf(valueType);
  if (isa<VectorType>(valueType) && element.isBF16() && !exact)
    rounded =
        useHelper(
            "round_bf16", *type,
            "static inline T NAME(T x) {\n"
            "  uint" +
                type->substr(5) + " u = as_uint" + type->substr(5) +
                "(x);\n"
                "  return as_float" +
                type->substr(5) +
                "(isnan(x) ? (u | 0x400000u) & 0xffff0000u\n"
                "      : (u + 0x7fffu + ((u >> 16) & 1u)) & 0xffff0000u);\n"
                "}\n") +
        "(" + expr + ")";
  else if (isa<VectorType>(valueType) && element.isF16() && !exact)
    return opError(op, "computes a vector of ")
           << element
           << ", which the OpenCL C emitter cannot round (only loads of them)";
  std::string hint;
  if (auto asmOp = dyn_cast<OpAsmOpInterface>(op))
    asmOp.getAsmResultNames([&](Value v, StringRef name) {
      if (v == value)
        hint = name.str();
    });
  std::string name = freshName(hint);
  line() << *type << " " << name << " = " << rounded << ";\n";
  names[value] = name;
  return success();
}

std::string KernelEmitter::sv(Value value) const {
  Type type = value.getType();
  if (type.isInteger(1))
    return "(-" + get(value) + ")";
  return get(value);
}

std::string KernelEmitter::uv(Value value) const {
  Type type = value.getType();
  if (type.isInteger(1))
    return get(value);
  auto it = intConstants.find(value);
  if (it != intConstants.end())
    return uintLiteral(it->second, type);
  return "(" + unsignedType(type) + ")" + get(value);
}

std::string KernelEmitter::intLiteral(const APInt &v, Type type) const {
  unsigned width = intWidth(type);
  if (width == 1)
    return v.isZero() ? "0" : "1";
  int64_t x = v.getSExtValue();
  if (width == 64) {
    if (x == INT64_MIN)
      return "(-9223372036854775807L - 1L)";
    return x < 0 ? "(" + std::to_string(x) + "L)" : std::to_string(x) + "L";
  }
  if (width == 32) {
    if (x == INT32_MIN)
      return "(-2147483647 - 1)";
    return x < 0 ? "(" + std::to_string(x) + ")" : std::to_string(x);
  }
  return "((" + std::string(width == 8 ? "char" : "short") + ")" +
         std::to_string(x) + ")";
}

std::string KernelEmitter::uintLiteral(const APInt &v, Type type) const {
  unsigned width = intWidth(type);
  uint64_t x = v.getZExtValue();
  if (width == 1)
    return x ? "1" : "0";
  if (width == 64)
    return std::to_string(x) + "UL";
  if (width == 32)
    return std::to_string(x) + "u";
  return "((" + unsignedType(type) + ")" + std::to_string(x) + ")";
}

/// Shortest decimal spelling of `value` that reads back exactly.
static std::string shortestDecimal(double value, bool isFloat) {
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, value);
    if (isFloat ? std::strtof(buf, nullptr) == static_cast<float>(value)
                : std::strtod(buf, nullptr) == value)
      break;
  }
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos)
    s += ".0";
  return s;
}

FailureOr<std::string> KernelEmitter::floatLiteral(const APFloat &v, Type type,
                                                   Operation *op) {
  FailureOr<std::string> ctype = cType(type, op);
  if (failed(ctype))
    return failure();
  bool isF32 = type.isF32(), isF64 = type.isF64();
  std::string cast = isF32 ? "" : "(" + *ctype + ")";
  if (v.isInfinity())
    return v.isNegative() ? "(-" + cast + "INFINITY)" : cast + "INFINITY";
  if (v.isNaN()) {
    APInt bits = v.bitcastToAPInt();
    // The canonical quiet NaN of each type is what NAN converts to.
    APFloat canonical = APFloat::getQNaN(v.getSemantics());
    if (bits == canonical.bitcastToAPInt())
      return cast + "NAN";
    // Keep the exact payload.
    if (isF32)
      return "as_float(" +
             llvm::utohexstr(bits.getZExtValue()).insert(0, "0x") + "u)";
    if (isF64)
      return "as_double(" +
             llvm::utohexstr(bits.getZExtValue()).insert(0, "0x") + "UL)";
    // f16/bf16 values live in floats; a float NaN stands for any of them.
    return std::string("NAN");
  }
  bool negative = v.isNegative();
  APFloat magnitude = abs(v);
  std::string digits;
  if (isF64) {
    digits = shortestDecimal(magnitude.convertToDouble(), /*isFloat=*/false);
  } else {
    // f16 values are exact in float; print them as float literals and cast.
    bool losesInfo = false;
    APFloat asFloat = magnitude;
    asFloat.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                    &losesInfo);
    digits = shortestDecimal(asFloat.convertToFloat(), /*isFloat=*/true) + "f";
  }
  // Unsuffixed decimals are double; f16 values go through float.
  std::string lit = isF64 ? digits : cast + digits;
  return negative ? "(-" + lit + ")" : lit;
}

std::string KernelEmitter::useHelper(StringRef base, StringRef type,
                                     StringRef body) {
  std::string name = ("octet_" + base + "_" + type).str();
  if (state.helperNames.insert(name).second) {
    std::string def = body.str();
    // `T` in the body stands for the type, `NAME` for the function name.
    std::string out;
    for (size_t i = 0; i < def.size(); ++i) {
      if (def.compare(i, 4, "NAME") == 0) {
        out += name;
        i += 3;
      } else if (def[i] == 'T' && (i == 0 || !llvm::isAlnum(def[i - 1])) &&
                 (i + 1 == def.size() || !llvm::isAlnum(def[i + 1]))) {
        out += type.str();
      } else {
        out += def[i];
      }
    }
    state.helpers.push_back(out);
  }
  return name;
}

//===----------------------------------------------------------------------===//
// Kernel signature and body
//===----------------------------------------------------------------------===//

LogicalResult KernelEmitter::emit() {
  if (!isIdentifier(kernelName) || isReservedName(kernelName))
    return opError(func, "has a name that is not a valid OpenCL C function "
                         "name, which the OpenCL C emitter needs");
  if (!func.getBody().hasOneBlock())
    return opError(func, "has unstructured control flow (several blocks), "
                         "which the OpenCL C emitter does not support");

  std::string signature;
  llvm::raw_string_ostream sig(signature);
  sig << "__kernel ";
  if (std::optional<ArrayRef<int32_t>> block = func.getKnownBlockSize())
    sig << "__attribute__((reqd_work_group_size(" << (*block)[0] << ", "
        << (*block)[1] << ", " << (*block)[2] << ")))\n";
  sig << "void " << kernelName << "(";
  Block &entry = func.getBody().front();
  for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
    BlockArgument arg = entry.getArgument(i);
    auto memref = dyn_cast<MemRefType>(type);
    SmallVector<int64_t> strides;
    int64_t offset;
    if (!memref || failed(getStaticLayout(memref, strides, offset)))
      return emitError(arg.getLoc())
             << "kernel '" << kernelName << "': argument #" << i << " has type "
             << type
             << "; the OpenCL C emitter only accepts memrefs with static "
                "shape and static strides/offset";
    if (getAddressSpace(memref) != gpu::AddressSpace::Global)
      return emitError(arg.getLoc())
             << "kernel '" << kernelName << "': argument #" << i << " has type "
             << type
             << " in a non-global memory space, which the OpenCL C emitter "
                "does not support";
    FailureOr<std::string> elem =
        storageType(memref.getElementType(), func, /*global=*/true);
    if (failed(elem))
      return failure();
    std::string name = freshName(("arg" + Twine(i)).str());
    names[arg] = name;
    sig << (i ? ", " : "") << "__global " << *elem << " *" << name;
  }
  sig << ")";
  os << signature << " {\n";

  for (BlockArgument arg : func.getWorkgroupAttributions())
    if (failed(declareArray(arg, cast<MemRefType>(arg.getType()), "__local ",
                            "shared", func)))
      return failure();
  for (BlockArgument arg : func.getPrivateAttributions())
    if (failed(declareArray(arg, cast<MemRefType>(arg.getType()), "", "priv",
                            func)))
      return failure();

  if (failed(emitBlock(entry)))
    return failure();
  os << "}\n";
  return success();
}

LogicalResult KernelEmitter::declareArray(Value value, MemRefType type,
                                          StringRef qualifier, StringRef hint,
                                          Operation *op) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity())
    return opError(op, "declares a local buffer of type ")
           << type
           << "; the OpenCL C emitter only supports static shapes with "
              "identity layout";
  FailureOr<std::string> elem = storageType(type.getElementType(), op);
  if (failed(elem))
    return failure();
  std::string name = freshName(hint);
  line() << qualifier << *elem << " " << name << "["
         << std::max<int64_t>(type.getNumElements(), 1) << "];\n";
  names[value] = name;
  return success();
}

LogicalResult KernelEmitter::emitBlock(Block &block) {
  for (Operation &op : block)
    if (failed(emitOp(&op)))
      return failure();
  return success();
}

LogicalResult KernelEmitter::emitOp(Operation *op) {
  // 8-bit floats hold bits only: their conversions must have been expanded.
  auto isFloat8 = [](Type type) {
    return isa<Float8E4M3FNType, Float8E5M2Type>(type);
  };
  // (Vectors of them are widened here, see emitCast.)
  auto widensVector = [](Operation *op) {
    auto ext = dyn_cast<arith::ExtFOp>(op);
    return ext && isa<VectorType>(ext.getType());
  };
  if (isa_and_nonnull<arith::ArithDialect>(op->getDialect()) &&
      !isa<arith::BitcastOp, arith::SelectOp>(op) && !widensVector(op) &&
      (llvm::any_of(op->getOperandTypes(), isFloat8) ||
       llvm::any_of(op->getResultTypes(), isFloat8)))
    return opError(op, "computes on an 8-bit float, which OpenCL C cannot; "
                       "run octet-expand-float8 first");
  // Results must have types the emitter knows, except memref views.
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case<arith::ConstantOp>([&](auto c) { return emitConstant(c); })
      .Case<arith::AddIOp, arith::SubIOp, arith::MulIOp, arith::DivSIOp,
            arith::DivUIOp, arith::RemSIOp, arith::RemUIOp, arith::CeilDivSIOp,
            arith::CeilDivUIOp, arith::FloorDivSIOp, arith::AndIOp,
            arith::OrIOp, arith::XOrIOp, arith::ShLIOp, arith::ShRSIOp,
            arith::ShRUIOp, arith::MinSIOp, arith::MaxSIOp, arith::MinUIOp,
            arith::MaxUIOp>([&](Operation *o) { return emitIntBinary(o); })
      .Case<arith::AddFOp, arith::SubFOp, arith::MulFOp, arith::DivFOp,
            arith::RemFOp, arith::MaximumFOp, arith::MinimumFOp,
            arith::MaxNumFOp, arith::MinNumFOp>(
          [&](Operation *o) { return emitFloatBinary(o); })
      .Case<arith::NegFOp>([&](arith::NegFOp o) {
        // Flipping the sign of a value exact in f16/bf16 keeps it exact.
        resultIsExact = true;
        return define(o.getResult(), "-" + get(o.getOperand()), o);
      })
      .Case<arith::CmpIOp>([&](auto o) { return emitCmpI(o); })
      .Case<arith::CmpFOp>([&](auto o) { return emitCmpF(o); })
      .Case<arith::SelectOp>([&](arith::SelectOp o) -> LogicalResult {
        // A vector condition selects per lane (on each lane's sign bit:
        // comparisons give -1/0); a scalar one picks a whole value.
        if (isa<ShapedType>(o.getType()) && !isa<VectorType>(o.getType()))
          return unsupported(o);
        // It picks one of two values already exact in their type (f16/bf16
        // values are rounded as they are defined), so it needs no rounding.
        resultIsExact = true;
        return define(o.getResult(),
                      get(o.getCondition()) + " ? " + get(o.getTrueValue()) +
                          " : " + get(o.getFalseValue()),
                      o);
      })
      .Case<arith::IndexCastOp, arith::IndexCastUIOp, arith::ExtSIOp,
            arith::ExtUIOp, arith::TruncIOp, arith::SIToFPOp, arith::UIToFPOp,
            arith::FPToSIOp, arith::FPToUIOp, arith::ExtFOp, arith::TruncFOp,
            arith::BitcastOp>([&](Operation *o) { return emitCast(o); })
      .Case<memref::LoadOp, memref::StoreOp>(
          [&](Operation *o) { return emitMemRefAccess(o); })
      .Case<vector::LoadOp, vector::StoreOp>(
          [&](Operation *o) { return emitVectorAccess(o); })
      .Case<vector::BroadcastOp>([&](auto o) { return emitBroadcast(o); })
      .Case<vector::ShuffleOp>([&](auto o) { return emitShuffle(o); })
      .Case<vector::ExtractOp>([&](auto o) { return emitExtract(o); })
      .Case<vector::FromElementsOp>([&](auto o) { return emitFromElements(o); })
      .Case<memref::SubViewOp, memref::CastOp, memref::ReinterpretCastOp,
            memref::ExpandShapeOp, memref::CollapseShapeOp>([&](Operation *o) {
        return emitMemRefView(o, o->getOperand(0), o->getResult(0));
      })
      .Case<memref::AllocaOp>([&](auto o) { return emitAlloca(o); })
      .Case<scf::ForOp>([&](auto o) { return emitFor(o); })
      .Case<scf::IfOp>([&](auto o) { return emitIf(o); })
      .Case<scf::YieldOp>([&](scf::YieldOp o) -> LogicalResult {
        if (yieldTargets.empty())
          return unsupported(o);
        ArrayRef<std::string> targets = yieldTargets.back();
        if (targets.size() != o.getNumOperands())
          return unsupported(o);
        // Assign through temporaries when a yielded value is another
        // target (a permutation of loop-carried values).
        bool needsTemps = false;
        for (auto [i, v] : llvm::enumerate(o.getOperands()))
          for (auto [j, t] : llvm::enumerate(targets))
            if (i != j && get(v) == t)
              needsTemps = true;
        SmallVector<std::string> sources;
        for (Value v : o.getOperands()) {
          if (!needsTemps) {
            sources.push_back(get(v));
            continue;
          }
          FailureOr<std::string> type = cType(v.getType(), o);
          if (failed(type))
            return failure();
          std::string tmp = freshName("next");
          line() << *type << " " << tmp << " = " << get(v) << ";\n";
          sources.push_back(tmp);
        }
        for (auto [t, s] : llvm::zip(targets, sources))
          if (t != s)
            line() << t << " = " << s << ";\n";
        return success();
      })
      .Case<gpu::ThreadIdOp>([&](gpu::ThreadIdOp o) {
        return emitGpuIndex(o, "get_local_id", o.getDimension());
      })
      .Case<gpu::BlockIdOp>([&](gpu::BlockIdOp o) {
        return emitGpuIndex(o, "get_group_id", o.getDimension());
      })
      .Case<gpu::BlockDimOp>([&](gpu::BlockDimOp o) {
        return emitGpuIndex(o, "get_local_size", o.getDimension());
      })
      .Case<gpu::GridDimOp>([&](gpu::GridDimOp o) {
        return emitGpuIndex(o, "get_num_groups", o.getDimension());
      })
      .Case<gpu::GlobalIdOp>([&](gpu::GlobalIdOp o) {
        return emitGpuIndex(o, "get_global_id", o.getDimension());
      })
      .Case<gpu::BarrierOp>([&](auto) {
        line() << "barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n";
        return success();
      })
      .Case<gpu::ReturnOp>([&](gpu::ReturnOp o) -> LogicalResult {
        if (o.getNumOperands())
          return unsupported(o);
        // The kernel's final return is implicit.
        if (o->getBlock()->getParentOp() != func.getOperation() ||
            o->getNextNode())
          line() << "return;\n";
        return success();
      })
      .Case<ub::PoisonOp>([&](ub::PoisonOp o) -> LogicalResult {
        // Any value refines poison; zero keeps the code deterministic.
        Type type = o.getType();
        if (auto ft = dyn_cast<FloatType>(type)) {
          FailureOr<std::string> lit =
              floatLiteral(APFloat::getZero(ft.getFloatSemantics()), type, o);
          if (failed(lit))
            return failure();
          names[o.getResult()] = *lit;
          return success();
        }
        if (type.isIntOrIndex()) {
          if (failed(cType(type, o)))
            return failure();
          names[o.getResult()] = intLiteral(APInt(intWidth(type), 0), type);
          intConstants[o.getResult()] = APInt(intWidth(type), 0);
          return success();
        }
        return unsupported(o);
      })
      .Case<
          math::AbsFOp, math::AbsIOp, math::AcosOp, math::AcoshOp, math::AsinOp,
          math::AsinhOp, math::AtanOp, math::Atan2Op, math::AtanhOp,
          math::CbrtOp, math::CeilOp, math::CopySignOp, math::CosOp,
          math::CoshOp, math::CountLeadingZerosOp, math::CountTrailingZerosOp,
          math::CtPopOp, math::ErfOp, math::ErfcOp, math::ExpOp, math::Exp2Op,
          math::ExpM1Op, math::FloorOp, math::FmaOp, math::FPowIOp,
          math::IsFiniteOp, math::IsInfOp, math::IsNaNOp, math::IsNormalOp,
          math::LogOp, math::Log10Op, math::Log1pOp, math::Log2Op, math::PowFOp,
          math::RoundEvenOp, math::RoundOp, math::RsqrtOp, math::SinOp,
          math::SinhOp, math::SqrtOp, math::TanOp, math::TanhOp, math::TruncOp>(
          [&](Operation *o) { return emitMath(o); })
      .Default([&](Operation *o) { return unsupported(o); });
}

LogicalResult KernelEmitter::emitConstant(arith::ConstantOp op) {
  Type type = op.getType();
  Attribute value = op.getValue();
  if (auto i = dyn_cast<IntegerAttr>(value); i && type.isIntOrIndex()) {
    if (failed(cType(type, op)))
      return failure();
    names[op.getResult()] = intLiteral(i.getValue(), type);
    intConstants[op.getResult()] = i.getValue();
    return success();
  }
  if (auto f = dyn_cast<FloatAttr>(value)) {
    FailureOr<std::string> lit = floatLiteral(f.getValue(), type, op);
    if (failed(lit))
      return failure();
    names[op.getResult()] = *lit;
    return success();
  }
  if (auto splat = dyn_cast<SplatElementsAttr>(value);
      splat && isa<VectorType>(type)) {
    FailureOr<std::string> vectorType = cType(type, op);
    if (failed(vectorType))
      return failure();
    Type element = splat.getElementType();
    std::string lane;
    if (element.isInteger(1)) {
      lane = splat.getSplatValue<bool>() ? "-1" : "0";
    } else {
      FailureOr<std::string> lit =
          floatLiteral(splat.getSplatValue<APFloat>(), element, op);
      if (failed(lit))
        return failure();
      lane = *lit;
    }
    names[op.getResult()] = "((" + *vectorType + ")(" + lane + "))";
    return success();
  }
  return opError(op, "has a non-scalar value ")
         << value
         << "; the OpenCL C emitter only supports integer and float scalars "
            "and vector splats";
}

LogicalResult KernelEmitter::emitGpuIndex(Operation *op, StringRef builtin,
                                          gpu::Dimension dim) {
  return define(
      op->getResult(0),
      ("(long)" + builtin + "(" + Twine(static_cast<unsigned>(dim)) + ")")
          .str(),
      op);
}

LogicalResult KernelEmitter::emitIntBinary(Operation *op) {
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  Type type = op->getResult(0).getType();
  if (!type.isIntOrIndex())
    return unsupported(op);
  FailureOr<std::string> ctypeOr = cType(type, op);
  if (failed(ctypeOr))
    return failure();
  std::string t = *ctypeOr, ut = unsignedType(type);
  std::string a = get(lhs), b = get(rhs);
  unsigned width = intWidth(type);
  bool isI1 = width == 1, isIndex = type.isIndex(), narrow = width < 32;

  bool nsw = false;
  if (auto ovf = dyn_cast<arith::ArithIntegerOverflowFlagsInterface>(op))
    nsw = ovf.hasNoSignedWrap();

  // Wrapping add/sub/mul: signed overflow is undefined in C, so compute in
  // the unsigned type (i8/i16 promote to int and are truncated back).
  auto wrapping = [&](StringRef sym) -> std::string {
    if (isIndex || nsw)
      return a + " " + sym.str() + " " + b;
    if (narrow)
      return "(" + t + ")(" + a + " " + sym.str() + " " + b + ")";
    return "(" + t + ")(" + uv(lhs) + " " + sym.str() + " " + uv(rhs) + ")";
  };
  auto unsignedOp = [&](StringRef sym) -> std::string {
    return "(" + t + ")(" + uv(lhs) + " " + sym.str() + " " + uv(rhs) + ")";
  };

  std::string expr;
  if (isI1) {
    // i1 arithmetic is arithmetic modulo 2.
    if (isa<arith::AddIOp, arith::SubIOp, arith::XOrIOp>(op))
      expr = a + " ^ " + b;
    else if (isa<arith::MulIOp, arith::AndIOp, arith::MinUIOp, arith::MaxSIOp>(
                 op))
      expr = a + " & " + b;
    else if (isa<arith::OrIOp, arith::MaxUIOp, arith::MinSIOp>(op))
      expr = a + " | " + b;
    else
      return unsupported(op);
    return define(op->getResult(0), expr, op);
  }

  if (isa<arith::AddIOp>(op))
    expr = wrapping("+");
  else if (isa<arith::SubIOp>(op))
    expr = wrapping("-");
  else if (isa<arith::MulIOp>(op))
    expr = wrapping("*");
  else if (isa<arith::DivSIOp>(op))
    expr = narrow ? "(" + t + ")(" + a + " / " + b + ")" : a + " / " + b;
  else if (isa<arith::RemSIOp>(op))
    expr = narrow ? "(" + t + ")(" + a + " % " + b + ")" : a + " % " + b;
  else if (isa<arith::DivUIOp>(op))
    expr = unsignedOp("/");
  else if (isa<arith::RemUIOp>(op))
    expr = unsignedOp("%");
  else if (isa<arith::AndIOp>(op))
    expr = a + " & " + b;
  else if (isa<arith::OrIOp>(op))
    expr = a + " | " + b;
  else if (isa<arith::XOrIOp>(op))
    expr = a + " ^ " + b;
  else if (isa<arith::ShLIOp>(op))
    expr = "(" + t + ")(" + uv(lhs) + " << " + b + ")";
  else if (isa<arith::ShRSIOp>(op))
    expr = narrow ? "(" + t + ")(" + a + " >> " + b + ")" : a + " >> " + b;
  else if (isa<arith::ShRUIOp>(op))
    expr = "(" + t + ")(" + uv(lhs) + " >> " + b + ")";
  else if (isa<arith::MinSIOp>(op))
    expr = "min(" + a + ", " + b + ")";
  else if (isa<arith::MaxSIOp>(op))
    expr = "max(" + a + ", " + b + ")";
  else if (isa<arith::MinUIOp>(op))
    expr = "(" + t + ")min(" + uv(lhs) + ", " + uv(rhs) + ")";
  else if (isa<arith::MaxUIOp>(op))
    expr = "(" + t + ")max(" + uv(lhs) + ", " + uv(rhs) + ")";
  else if (isa<arith::CeilDivSIOp>(op))
    expr = useHelper("ceildivsi", t,
                     "static inline T NAME(T a, T b) {\n"
                     "  T q = a / b;\n"
                     "  return (q * b != a && ((a < 0) == (b < 0))) ? q + 1 : "
                     "q;\n"
                     "}\n") +
           "(" + a + ", " + b + ")";
  else if (isa<arith::FloorDivSIOp>(op))
    expr = useHelper("floordivsi", t,
                     "static inline T NAME(T a, T b) {\n"
                     "  T q = a / b;\n"
                     "  return (q * b != a && ((a < 0) != (b < 0))) ? q - 1 : "
                     "q;\n"
                     "}\n") +
           "(" + a + ", " + b + ")";
  else if (isa<arith::CeilDivUIOp>(op))
    expr = "(" + t + ")" +
           useHelper("ceildivui", ut,
                     "static inline T NAME(T a, T b) {\n"
                     "  return a / b + (a % b != 0 ? 1 : 0);\n"
                     "}\n") +
           "(" + uv(lhs) + ", " + uv(rhs) + ")";
  else
    return unsupported(op);
  return define(op->getResult(0), expr, op);
}

LogicalResult KernelEmitter::emitFloatBinary(Operation *op) {
  Type type = op->getResult(0).getType();
  if (!isa<FloatType>(getElementTypeOrSelf(type)))
    return unsupported(op);
  bool isVector = isa<VectorType>(type);
  FailureOr<std::string> ctypeOr = cType(type, op);
  if (failed(ctypeOr))
    return failure();
  std::string t = *ctypeOr;
  std::string a = get(op->getOperand(0)), b = get(op->getOperand(1));
  std::string expr;
  if (isa<arith::AddFOp>(op))
    expr = a + " + " + b;
  else if (isa<arith::SubFOp>(op))
    expr = a + " - " + b;
  else if (isa<arith::MulFOp>(op))
    expr = a + " * " + b;
  else if (isa<arith::DivFOp>(op))
    expr = a + " / " + b;
  else if (isa<arith::RemFOp>(op))
    expr = "fmod(" + a + ", " + b + ")";
  else if (isa<arith::MaxNumFOp>(op))
    expr = "fmax(" + a + ", " + b + ")";
  else if (isa<arith::MinNumFOp>(op))
    expr = "fmin(" + a + ", " + b + ")";
  else if (isa<arith::MaximumFOp, arith::MinimumFOp>(op) && isVector) {
    // As below, per lane: vector ?: selects on the -1/0 of comparisons.
    bool maximum = isa<arith::MaximumFOp>(op);
    expr = useHelper(maximum ? "maximumf" : "minimumf", t,
                     std::string("static inline T NAME(T a, T b) {\n"
                                 "  return (isnan(a) | isnan(b)) ? a + b\n"
                                 "         : a == b ? (signbit(a) ? ") +
                         (maximum ? "b : a" : "a : b") +
                         ")\n"
                         "         : a " +
                         (maximum ? ">" : "<") +
                         " b ? a : b;\n"
                         "}\n") +
           "(" + a + ", " + b + ")";
  } else if (isa<arith::MaximumFOp>(op))
    // NaN-propagating, and +0 > -0 (fmax does neither reliably).
    expr = useHelper("maximumf", t,
                     "static inline T NAME(T a, T b) {\n"
                     "  if (isnan(a) || isnan(b))\n"
                     "    return a + b;\n"
                     "  if (a == b)\n"
                     "    return signbit(a) ? b : a;\n"
                     "  return a > b ? a : b;\n"
                     "}\n") +
           "(" + a + ", " + b + ")";
  else if (isa<arith::MinimumFOp>(op))
    expr = useHelper("minimumf", t,
                     "static inline T NAME(T a, T b) {\n"
                     "  if (isnan(a) || isnan(b))\n"
                     "    return a + b;\n"
                     "  if (a == b)\n"
                     "    return signbit(a) ? a : b;\n"
                     "  return a < b ? a : b;\n"
                     "}\n") +
           "(" + a + ", " + b + ")";
  else
    return unsupported(op);
  // A maximum or minimum is one of its operands (or a NaN), so it stays
  // exact in f16/bf16 without rounding.
  if (isa<arith::MaximumFOp, arith::MinimumFOp, arith::MaxNumFOp,
          arith::MinNumFOp>(op))
    resultIsExact = true;
  return define(op->getResult(0), expr, op);
}

LogicalResult KernelEmitter::emitCmpI(arith::CmpIOp op) {
  Value lhs = op.getLhs(), rhs = op.getRhs();
  if (!lhs.getType().isIntOrIndex())
    return unsupported(op);
  if (failed(cType(lhs.getType(), op)))
    return failure();
  std::string sym, a, b;
  bool isUnsigned = false;
  switch (op.getPredicate()) {
  case arith::CmpIPredicate::eq:
    sym = "==";
    break;
  case arith::CmpIPredicate::ne:
    sym = "!=";
    break;
  case arith::CmpIPredicate::slt:
    sym = "<";
    break;
  case arith::CmpIPredicate::sle:
    sym = "<=";
    break;
  case arith::CmpIPredicate::sgt:
    sym = ">";
    break;
  case arith::CmpIPredicate::sge:
    sym = ">=";
    break;
  case arith::CmpIPredicate::ult:
    sym = "<", isUnsigned = true;
    break;
  case arith::CmpIPredicate::ule:
    sym = "<=", isUnsigned = true;
    break;
  case arith::CmpIPredicate::ugt:
    sym = ">", isUnsigned = true;
    break;
  case arith::CmpIPredicate::uge:
    sym = ">=", isUnsigned = true;
    break;
  }
  bool equality = sym == "==" || sym == "!=";
  if (equality) {
    a = get(lhs), b = get(rhs);
  } else if (isUnsigned) {
    a = uv(lhs), b = uv(rhs);
  } else {
    a = sv(lhs), b = sv(rhs);
  }
  return define(op.getResult(), a + " " + sym + " " + b, op);
}

LogicalResult KernelEmitter::emitCmpF(arith::CmpFOp op) {
  if (!isa<FloatType>(getElementTypeOrSelf(op.getLhs().getType())))
    return unsupported(op);
  FailureOr<std::string> resultType = cType(op.getType(), op);
  if (failed(cType(op.getLhs().getType(), op)) || failed(resultType))
    return failure();
  std::string a = get(op.getLhs()), b = get(op.getRhs());
  // Vector comparisons give -1/0 per lane, and so must the constant ones.
  bool isVector = isa<VectorType>(op.getType());
  std::string no = isVector ? "((" + *resultType + ")(0))" : "0";
  std::string yes = isVector ? "((" + *resultType + ")(-1))" : "1";
  // C relational operators are false on NaN (ordered); `!=` is true on NaN
  // (unordered). The unordered forms negate the opposite ordered test.
  std::string expr;
  switch (op.getPredicate()) {
  case arith::CmpFPredicate::AlwaysFalse:
    expr = no;
    break;
  case arith::CmpFPredicate::AlwaysTrue:
    expr = yes;
    break;
  case arith::CmpFPredicate::OEQ:
    expr = a + " == " + b;
    break;
  case arith::CmpFPredicate::OGT:
    expr = a + " > " + b;
    break;
  case arith::CmpFPredicate::OGE:
    expr = a + " >= " + b;
    break;
  case arith::CmpFPredicate::OLT:
    expr = a + " < " + b;
    break;
  case arith::CmpFPredicate::OLE:
    expr = a + " <= " + b;
    break;
  case arith::CmpFPredicate::ONE:
    expr = "islessgreater(" + a + ", " + b + ")";
    break;
  case arith::CmpFPredicate::ORD:
    expr = "isordered(" + a + ", " + b + ")";
    break;
  case arith::CmpFPredicate::UEQ:
    expr = "!islessgreater(" + a + ", " + b + ")";
    break;
  case arith::CmpFPredicate::UGT:
    expr = "!(" + a + " <= " + b + ")";
    break;
  case arith::CmpFPredicate::UGE:
    expr = "!(" + a + " < " + b + ")";
    break;
  case arith::CmpFPredicate::ULT:
    expr = "!(" + a + " >= " + b + ")";
    break;
  case arith::CmpFPredicate::ULE:
    expr = "!(" + a + " > " + b + ")";
    break;
  case arith::CmpFPredicate::UNE:
    expr = a + " != " + b;
    break;
  case arith::CmpFPredicate::UNO:
    expr = "isunordered(" + a + ", " + b + ")";
    break;
  }
  return define(op.getResult(), expr, op);
}

LogicalResult KernelEmitter::emitCast(Operation *op) {
  Value in = op->getOperand(0);
  Type from = in.getType(), to = op->getResult(0).getType();
  // Vectors of bf16/f16 are loads held in floats already: widening them to
  // f32 changes nothing. Vectors of 8-bit floats (ucharN) are widened per
  // lane with octet-expand-float8's arithmetic: the magnitude's bits moved
  // into f32's fields and scaled by 2^(127 - bias), the specials (NaN, and
  // E5M2's infinity) replaced, the sign put back.
  if (auto ext = dyn_cast<arith::ExtFOp>(op);
      ext && isa<VectorType>(to) && getElementTypeOrSelf(to).isF32()) {
    FailureOr<std::string> fromC = cType(from, op), toC = cType(to, op);
    if (failed(fromC) || failed(toC))
      return failure();
    Type element = getElementTypeOrSelf(from);
    if (!isa<Float8E4M3FNType, Float8E5M2Type>(element)) {
      names[ext.getResult()] = get(in);
      return success();
    }
    bool e5m2 = isa<Float8E5M2Type>(element);
    std::string lanes = toC->substr(5);
    std::string u = "uint" + lanes;
    std::string specials =
        e5m2 ? "  magnitude = bits >= 0x7cu ? (bits == 0x7cu ? (" + u +
                   ")0x7f800000u : (" + u + ")0x7fc00000u) : magnitude;\n"
             : "  magnitude = bits == 0x7fu ? (" + u +
                   ")0x7fc00000u : magnitude;\n";
    std::string body = "static inline T NAME(uchar" + lanes + " x) {\n" + "  " +
                       u + " sign = (convert_" + u + "(x) & 0x80u) << 24;\n" +
                       "  " + u + " bits = convert_" + u + "(x) & 0x7fu;\n" +
                       "  " + u + " magnitude = as_" + u + "(as_float" + lanes +
                       "(bits << " + (e5m2 ? "21" : "20") + ") * " +
                       (e5m2 ? "0x1p112f" : "0x1p120f") + ");\n" + specials +
                       "  return as_float" + lanes + "(magnitude | sign);\n}\n";
    std::string helper =
        useHelper(e5m2 ? "extf_e5m2" : "extf_e4m3", *toC, body);
    resultIsExact = true;
    return define(ext.getResult(), helper + "(" + get(in) + ")", op);
  }
  // Rounding a vector to bf16 happens in define(), as for scalars.
  if (auto trunc = dyn_cast<arith::TruncFOp>(op);
      trunc && isa<VectorType>(to) && getElementTypeOrSelf(to).isBF16() &&
      getElementTypeOrSelf(from).isF32() && !trunc.getRoundingmode())
    return define(trunc.getResult(), get(in), op);
  if (isa<ShapedType>(from) || isa<ShapedType>(to))
    return unsupported(op);
  if (auto r = dyn_cast<arith::TruncFOp>(op);
      r && r.getRoundingmode() &&
      *r.getRoundingmode() != arith::RoundingMode::to_nearest_even)
    return opError(op,
                   "uses a rounding mode other than to_nearest_even, which the "
                   "OpenCL C emitter does not support");
  FailureOr<std::string> fromC = cType(from, op), toC = cType(to, op);
  if (failed(fromC) || failed(toC))
    return failure();
  std::string t = *toC, x = get(in);
  std::string expr;

  if (isa<arith::BitcastOp>(op)) {
    // Same-width integers share a C type here; anything else reinterprets
    // the bits with OpenCL's as_<type>(). f16/bf16 values live in floats:
    // their bits go through half/ushort.
    if (from == to || (from.isInteger() && to.isInteger()))
      expr = x;
    else if (isa<Float8E4M3FNType, Float8E5M2Type>(from) ||
             isa<Float8E4M3FNType, Float8E5M2Type>(to))
      expr = "(" + t + ")" + x; // uchar <-> char: the same bits
    else if (from.isF16())
      expr = "(short)" +
             useHelper("bits", "f16",
                       "static inline ushort NAME(float x) {\n"
                       "  ushort h;\n"
                       "  vstore_half_rte(x, 0, (__private half *)&h);\n"
                       "  return h;\n"
                       "}\n") +
             "(" + x + ")";
    else if (to.isF16())
      expr = useHelper("from_bits", "f16",
                       "static inline float NAME(ushort h) {\n"
                       "  return vload_half(0, (__private half *)&h);\n"
                       "}\n") +
             "((ushort)" + x + ")";
    else if (from.isBF16())
      expr = "(short)(as_uint(" + x + ") >> 16)";
    else if (to.isBF16())
      expr = "as_float((uint)(ushort)" + x + " << 16)";
    else
      expr = "as_" + t + "(" + x + ")";
    return define(op->getResult(0), expr, op);
  }

  bool toI1 = to.isInteger(1);
  bool fromInt = from.isIntOrIndex(), toInt = to.isIntOrIndex();
  if (fromInt && toInt) {
    unsigned fw = intWidth(from), tw = intWidth(to);
    if (toI1) {
      expr = "(int)(" + x + " & 1)";
    } else if (tw <= fw) {
      expr = "(" + t + ")" + x; // truncation (or same width)
    } else if (isa<arith::ExtUIOp, arith::IndexCastUIOp>(op)) {
      expr = "(" + t + ")" + uv(in);
    } else {
      expr = "(" + t + ")" + sv(in);
    }
  } else if (fromInt && isa<FloatType>(to)) {
    expr = "(" + t + ")" + (isa<arith::UIToFPOp>(op) ? uv(in) : sv(in));
  } else if (isa<FloatType>(from) && toInt) {
    if (toI1)
      expr = isa<arith::FPToUIOp>(op) ? "(int)((uint)" + x + " & 1u)"
                                      : "(int)((int)" + x + " & 1)";
    else if (isa<arith::FPToUIOp>(op))
      expr = "(" + t + ")(" + unsignedType(to) + ")" + x;
    else
      expr = "(" + t + ")" + x;
  } else if (from.isF64() && to.isF16()) {
    // Straight from double: through float would round twice.
    expr = useHelper("round", "f16_from_f64",
                     "static inline float NAME(double x) {\n"
                     "  ushort h;\n"
                     "  vstore_half_rte(x, 0, (__private half *)&h);\n"
                     "  return vload_half(0, (__private half *)&h);\n"
                     "}\n") +
           "(" + x + ")";
    resultIsExact = true;
  } else if (isa<FloatType>(from) && isa<FloatType>(to)) {
    // f16/bf16 results are rounded by define(). (f64 -> bf16 rounds twice,
    // through float.)
    expr = "(" + t + ")" + x;
  } else {
    return unsupported(op);
  }
  return define(op->getResult(0), expr, op);
}

LogicalResult KernelEmitter::emitMath(Operation *op) {
  Type type = op->getResult(0).getType();
  // OpenCL C's float builtins are overloaded for floatN (the relational ones
  // give -1/0 per lane, as vector<N x i1> is held here); the integer ones
  // and pown are emitted for scalars only.
  if (isa<ShapedType>(type) &&
      (!isa<VectorType>(type) ||
       !isa<FloatType>(getElementTypeOrSelf(op->getOperand(0).getType())) ||
       isa<math::FPowIOp>(op)))
    return unsupported(op);
  Type operandType = op->getOperand(0).getType();
  if (failed(cType(operandType, op)) || failed(cType(type, op)))
    return failure();
  std::string t = *cType(type, op);
  SmallVector<std::string> args;
  for (Value v : op->getOperands())
    args.push_back(get(v));
  auto call = [&](StringRef fn) {
    std::string s = fn.str() + "(";
    for (auto [i, a] : llvm::enumerate(args))
      s += (i ? ", " : "") + a;
    return s + ")";
  };
  // math op -> OpenCL C builtin of the same meaning.
  std::string expr =
      llvm::TypeSwitch<Operation *, std::string>(op)
          .Case<math::AbsFOp>([&](auto) { return call("fabs"); })
          .Case<math::AcosOp>([&](auto) { return call("acos"); })
          .Case<math::AcoshOp>([&](auto) { return call("acosh"); })
          .Case<math::AsinOp>([&](auto) { return call("asin"); })
          .Case<math::AsinhOp>([&](auto) { return call("asinh"); })
          .Case<math::AtanOp>([&](auto) { return call("atan"); })
          .Case<math::Atan2Op>([&](auto) { return call("atan2"); })
          .Case<math::AtanhOp>([&](auto) { return call("atanh"); })
          .Case<math::CbrtOp>([&](auto) { return call("cbrt"); })
          .Case<math::CeilOp>([&](auto) { return call("ceil"); })
          .Case<math::CopySignOp>([&](auto) { return call("copysign"); })
          .Case<math::CosOp>([&](auto) { return call("cos"); })
          .Case<math::CoshOp>([&](auto) { return call("cosh"); })
          .Case<math::ErfOp>([&](auto) { return call("erf"); })
          .Case<math::ErfcOp>([&](auto) { return call("erfc"); })
          .Case<math::ExpOp>([&](auto) { return call("exp"); })
          .Case<math::Exp2Op>([&](auto) { return call("exp2"); })
          .Case<math::ExpM1Op>([&](auto) { return call("expm1"); })
          .Case<math::FloorOp>([&](auto) { return call("floor"); })
          // A contractible fma (octet-fuse-multiply-add's) as one expression,
          // which OpenCL C contracts (FP_CONTRACT is on by default) where the
          // device has a fused multiply-add and computes as a multiply and
          // an add where it has none; fma() is exact and on such a device a
          // slow software routine.
          .Case<math::FmaOp>([&](math::FmaOp fma) {
            if (bitEnumContainsAll(fma.getFastmath(),
                                   arith::FastMathFlags::contract))
              return args[0] + " * " + args[1] + " + " + args[2];
            return call("fma");
          })
          .Case<math::LogOp>([&](auto) { return call("log"); })
          .Case<math::Log10Op>([&](auto) { return call("log10"); })
          .Case<math::Log1pOp>([&](auto) { return call("log1p"); })
          .Case<math::Log2Op>([&](auto) { return call("log2"); })
          .Case<math::PowFOp>([&](auto) { return call("pow"); })
          // rint rounds to nearest even in the default rounding mode.
          .Case<math::RoundEvenOp>([&](auto) { return call("rint"); })
          // OpenCL round(), like math.round, rounds halfway away from zero.
          .Case<math::RoundOp>([&](auto) { return call("round"); })
          .Case<math::RsqrtOp>([&](auto) { return call("rsqrt"); })
          .Case<math::SinOp>([&](auto) { return call("sin"); })
          .Case<math::SinhOp>([&](auto) { return call("sinh"); })
          .Case<math::SqrtOp>([&](auto) { return call("sqrt"); })
          .Case<math::TanOp>([&](auto) { return call("tan"); })
          .Case<math::TanhOp>([&](auto) { return call("tanh"); })
          .Case<math::TruncOp>([&](auto) { return call("trunc"); })
          // Relational builtins return int 0/1 for scalars.
          .Case<math::IsFiniteOp>([&](auto) { return call("isfinite"); })
          .Case<math::IsInfOp>([&](auto) { return call("isinf"); })
          .Case<math::IsNaNOp>([&](auto) { return call("isnan"); })
          .Case<math::IsNormalOp>([&](auto) { return call("isnormal"); })
          .Case<math::FPowIOp>([&](auto) {
            return "pown(" + args[0] + ", (int)" + args[1] + ")";
          })
          .Case<math::AbsIOp>([&](auto) {
            // abs() returns the unsigned type; INT_MIN stays INT_MIN.
            return "(" + t + ")abs(" + args[0] + ")";
          })
          .Case<math::CountLeadingZerosOp>(
              [&](auto) { return "(" + t + ")clz(" + args[0] + ")"; })
          .Case<math::CtPopOp>(
              [&](auto) { return "(" + t + ")popcount(" + args[0] + ")"; })
          .Case<math::CountTrailingZerosOp>([&](auto) {
            // OpenCL C 1.2 has no ctz().
            std::string ut = unsignedType(type);
            std::string width = std::to_string(intWidth(type));
            return "(" + t + ")" +
                   useHelper("cttz", ut,
                             "static inline T NAME(T x) {\n"
                             "  return x == 0 ? (T)" +
                                 width +
                                 " : (T)popcount((T)((x & (T)(0 - x)) - 1));\n"
                                 "}\n") +
                   "(" + uv(op->getOperand(0)) + ")";
          })
          .Default([&](auto) { return std::string(); });
  if (expr.empty())
    return unsupported(op);
  bool intOp = isa<math::AbsIOp, math::CountLeadingZerosOp, math::CtPopOp,
                   math::CountTrailingZerosOp>(op);
  if (intOp && (!type.isIntOrIndex() || type.isInteger(1)))
    return unsupported(op);
  return define(op->getResult(0), expr, op);
}

FailureOr<std::string> KernelEmitter::linearIndex(Operation *op, Value memref,
                                                  ValueRange indices) {
  auto type = cast<MemRefType>(memref.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(getStaticLayout(type, strides, offset))) {
    opError(op, "accesses memref of type ")
        << type << ", which has no static shape and strides (OpenCL C emitter)";
    return failure();
  }
  int64_t constant = offset;
  SmallVector<std::string> terms;
  for (auto [index, stride] : llvm::zip(indices, strides)) {
    if (stride == 0)
      continue;
    auto it = intConstants.find(index);
    if (it != intConstants.end()) {
      constant += it->second.getSExtValue() * stride;
      continue;
    }
    std::string term = get(index);
    if (stride != 1)
      term += " * " + (stride < 0 ? "(" + std::to_string(stride) + "L)"
                                  : std::to_string(stride) + "L");
    terms.push_back(term);
  }
  if (constant != 0 || terms.empty())
    terms.push_back(std::to_string(constant) + "L");
  return llvm::join(terms, " + ");
}

LogicalResult KernelEmitter::emitMemRefAccess(Operation *op) {
  if (auto load = dyn_cast<memref::LoadOp>(op)) {
    FailureOr<std::string> idx =
        linearIndex(op, load.getMemRef(), load.getIndices());
    if (failed(idx))
      return failure();
    std::string base = get(load.getMemRef());
    std::string access = base + "[" + *idx + "]";
    Type type = load.getType();
    bool global =
        getAddressSpace(load.getMemRefType()) == gpu::AddressSpace::Global;
    if (type.isInteger(1))
      access = "(int)(" + access + " != 0)";
    else if (global && type.isF16())
      access = "vload_half(" + *idx + ", " + base + ")";
    else if (global && type.isBF16())
      access = "as_float((uint)" + access + " << 16)";
    // Memory holds values of the narrow type: no rounding needed.
    resultIsExact = true;
    return define(load.getResult(), access, op);
  }
  auto store = cast<memref::StoreOp>(op);
  FailureOr<std::string> idx =
      linearIndex(op, store.getMemRef(), store.getIndices());
  if (failed(idx))
    return failure();
  if (failed(cType(store.getValueToStore().getType(), op)))
    return failure();
  std::string value = get(store.getValueToStore());
  Type type = store.getValueToStore().getType();
  std::string base = get(store.getMemRef());
  bool global =
      getAddressSpace(store.getMemRefType()) == gpu::AddressSpace::Global;
  if (global && type.isF16()) {
    // The value is exact in f16 already; the store only narrows storage.
    line() << "vstore_half_rte(" << value << ", " << *idx << ", " << base
           << ");\n";
    return success();
  }
  if (type.isInteger(1))
    value = "(uchar)" + value;
  else if (global && type.isBF16())
    value = "(ushort)(as_uint(" + value + ") >> 16)";
  line() << base << "[" << *idx << "] = " << value << ";\n";
  return success();
}

LogicalResult KernelEmitter::emitVectorAccess(Operation *op) {
  // vloadN/vstoreN read N consecutive elements at the first lane's index,
  // with no alignment beyond the element's.
  auto load = dyn_cast<vector::LoadOp>(op);
  auto store = dyn_cast<vector::StoreOp>(op);
  Value memref = load ? load.getBase() : store.getBase();
  ValueRange indices = load ? load.getIndices() : store.getIndices();
  VectorType vectorType = load ? load.getVectorType() : store.getVectorType();
  auto memrefType = cast<MemRefType>(memref.getType());
  if (vectorType.getRank() != 1 || !memrefType.isLastDimUnitStride())
    return opError(op, "accesses ")
           << vectorType << " in " << memrefType
           << "; the OpenCL C emitter needs one-dimensional vectors along a "
              "contiguous last dimension";
  FailureOr<std::string> type = cType(vectorType, op);
  FailureOr<std::string> idx = linearIndex(op, memref, indices);
  if (failed(type) || failed(idx))
    return failure();
  std::string lanes = std::to_string(vectorType.getDimSize(0));
  std::string address = get(memref) + " + " + *idx;
  Type element = vectorType.getElementType();
  bool global = getAddressSpace(memrefType) == gpu::AddressSpace::Global;
  if (load) {
    std::string access;
    if (element.isF32() || isa<Float8E4M3FNType, Float8E5M2Type>(element) ||
        (!global && (element.isF16() || element.isBF16())))
      access = "vload" + lanes + "(0, " + address + ")";
    else if (element.isF16())
      access = "vload_half" + lanes + "(0, " + address + ")";
    else if (element.isBF16())
      access = "as_float" + lanes + "(convert_uint" + lanes + "(vload" + lanes +
               "(0, " + address + ")) << 16)";
    else
      return unsupported(op);
    resultIsExact = true;
    return define(load.getResult(), access, op);
  }
  std::string value = get(store.getValueToStore());
  if (global && element.isBF16())
    value = "convert_ushort" + lanes + "(as_uint" + lanes + "(" + value +
            ") >> 16)";
  else if (!element.isF32() && !element.isBF16())
    return unsupported(op);
  line() << "vstore" << lanes << "(" << value << ", 0, " << address << ");\n";
  return success();
}

LogicalResult KernelEmitter::emitBroadcast(vector::BroadcastOp op) {
  Value source = op.getSource();
  if (isa<VectorType>(source.getType()))
    return unsupported(op);
  FailureOr<std::string> type = cType(op.getType(), op);
  if (failed(type))
    return failure();
  // A scalar i1 is 0/1; a lane of a vector mask is -1/0.
  std::string value =
      source.getType().isInteger(1) ? "-" + get(source) : get(source);
  // The value is exact in its type already.
  resultIsExact = true;
  return define(op.getResult(), "(" + *type + ")(" + value + ")", op);
}

LogicalResult KernelEmitter::emitShuffle(vector::ShuffleOp op) {
  // A vector literal of the chosen lanes: (float8)(a.s0, a.s2, ..., b.s1).
  VectorType v1 = op.getV1VectorType();
  if (v1.getRank() != 1 || op.getResultVectorType().getRank() != 1 ||
      v1.getDimSize(0) > 16)
    return unsupported(op);
  FailureOr<std::string> type = cType(op.getResultVectorType(), op);
  if (failed(type))
    return failure();
  int64_t firstLanes = v1.getDimSize(0);
  std::string lanes;
  for (int64_t lane : op.getMask()) {
    if (lane < 0)
      return opError(op, "has a poison lane, which the OpenCL C emitter does "
                         "not support");
    bool fromFirst = lane < firstLanes;
    if (!lanes.empty())
      lanes += ", ";
    lanes += component(fromFirst ? op.getV1() : op.getV2(),
                       fromFirst ? lane : lane - firstLanes);
  }
  // Lanes are copied, so they stay exact in a narrow float type.
  resultIsExact = true;
  return define(op.getResult(), "(" + *type + ")(" + lanes + ")", op);
}

LogicalResult KernelEmitter::emitExtract(vector::ExtractOp op) {
  // One lane at a static position: a.s3.
  auto source = dyn_cast<VectorType>(op.getSource().getType());
  std::optional<int64_t> lane;
  if (op.getNumIndices() == 1)
    lane = getConstantIntValue(op.getMixedPosition()[0]);
  if (!source || source.getRank() != 1 || source.getDimSize(0) > 16 || !lane ||
      isa<VectorType>(op.getType()))
    return unsupported(op);
  // A copied lane stays exact in a narrow float type.
  resultIsExact = true;
  return define(op.getResult(), component(op.getSource(), *lane), op);
}

LogicalResult KernelEmitter::emitFromElements(vector::FromElementsOp op) {
  // A vector literal of its lanes: (float4)(a, b, c, d).
  if (op.getType().getRank() != 1)
    return unsupported(op);
  FailureOr<std::string> type = cType(op.getType(), op);
  if (failed(type))
    return failure();
  std::string lanes;
  for (Value element : op.getElements())
    lanes += (lanes.empty() ? "" : ", ") + get(element);
  // Lanes are copied, so they stay exact in a narrow float type.
  resultIsExact = true;
  return define(op.getResult(), "(" + *type + ")(" + lanes + ")", op);
}

LogicalResult KernelEmitter::emitMemRefView(Operation *op, Value source,
                                            Value result) {
  // Views keep the base pointer; their own type carries the static
  // offset/strides relative to it, which accesses use.
  auto type = dyn_cast<MemRefType>(result.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!type || failed(getStaticLayout(type, strides, offset)))
    return opError(op, "produces a view of type ")
           << result.getType()
           << " without static shape, strides and offset, which the OpenCL C "
              "emitter does not support";
  names[result] = get(source);
  return success();
}

LogicalResult KernelEmitter::emitAlloca(memref::AllocaOp op) {
  if (!op.getDynamicSizes().empty() || !op.getSymbolOperands().empty())
    return opError(
        op, "has dynamic sizes, which the OpenCL C emitter does not support");
  auto space = getAddressSpace(op.getType());
  if (space == gpu::AddressSpace::Workgroup)
    return declareArray(op.getResult(), op.getType(), "__local ", "shared", op);
  return declareArray(op.getResult(), op.getType(), "", "buf", op);
}

LogicalResult KernelEmitter::emitFor(scf::ForOp op) {
  Value iv = op.getInductionVar();
  FailureOr<std::string> ivType = cType(iv.getType(), op);
  if (failed(ivType))
    return failure();
  // Loop-carried values live in variables shared by the region arguments
  // and the loop results.
  SmallVector<std::string> carried;
  for (auto [init, regionArg, result] :
       llvm::zip(op.getInitArgs(), op.getRegionIterArgs(), op.getResults())) {
    FailureOr<std::string> type = cType(result.getType(), op);
    if (failed(type))
      return failure();
    std::string name = freshName("acc");
    line() << *type << " " << name << " = " << get(init) << ";\n";
    names[regionArg] = name;
    names[result] = name;
    carried.push_back(name);
  }
  std::string i = freshName("i");
  names[iv] = i;
  std::string cond = op.getUnsignedCmp()
                         ? uv(iv) + " < " + uv(op.getUpperBound())
                         : i + " < " + get(op.getUpperBound());
  std::string step;
  auto stepConst = intConstants.find(op.getStep());
  if (stepConst != intConstants.end() && stepConst->second.isOne())
    step = "++" + i;
  else
    step = i + " += " + get(op.getStep());
  line() << "for (" << *ivType << " " << i << " = " << get(op.getLowerBound())
         << "; " << cond << "; " << step << ") {\n";
  indent += 2;
  yieldTargets.push_back(carried);
  LogicalResult result = emitBlock(*op.getBody());
  yieldTargets.pop_back();
  indent -= 2;
  if (failed(result))
    return failure();
  line() << "}\n";
  return success();
}

LogicalResult KernelEmitter::emitIf(scf::IfOp op) {
  SmallVector<std::string> results;
  for (Value result : op.getResults()) {
    FailureOr<std::string> type = cType(result.getType(), op);
    if (failed(type))
      return failure();
    std::string name = freshName("r");
    line() << *type << " " << name << ";\n";
    names[result] = name;
    results.push_back(name);
  }
  line() << "if (" << get(op.getCondition()) << ") {\n";
  indent += 2;
  yieldTargets.push_back(results);
  LogicalResult status = emitBlock(op.getThenRegion().front());
  indent -= 2;
  if (succeeded(status) && !op.getElseRegion().empty()) {
    line() << "} else {\n";
    indent += 2;
    status = emitBlock(op.getElseRegion().front());
    indent -= 2;
  }
  yieldTargets.pop_back();
  if (failed(status))
    return failure();
  line() << "}\n";
  return success();
}

} // namespace

LogicalResult translateGPUModuleToOpenCLC(gpu::GPUModuleOp module,
                                          raw_ostream &os) {
  ModuleState state;
  std::string kernels;
  llvm::raw_string_ostream kos(kernels);
  bool any = false;
  for (Operation &op : module.getBody()->getOperations()) {
    auto func = dyn_cast<gpu::GPUFuncOp>(op);
    if (!func)
      return op.emitOpError()
             << "is not supported at gpu.module level by the OpenCL C "
                "emitter (only kernel gpu.func ops are)";
    if (!func.isKernel())
      return func.emitOpError()
             << "'" << func.getName()
             << "' is not a kernel; the OpenCL C emitter only emits kernel "
                "gpu.func ops";
    if (any)
      kos << "\n";
    any = true;
    KernelEmitter emitter(func, state, kos);
    if (failed(emitter.emit()))
      return failure();
  }

  os << "// OpenCL C 1.2 generated by Octet from gpu.module @"
     << module.getName() << ".\n";
  if (state.needsFp64)
    os << "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n";
  for (const std::string &helper : state.helpers)
    os << "\n" << helper;
  os << "\n" << kernels;
  return success();
}

} // namespace octet
