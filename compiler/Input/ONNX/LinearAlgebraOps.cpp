//===- LinearAlgebraOps.cpp - ONNX MatMul, Gemm, Einsum -------------------===//
//
// Linear algebra: MatMul, Gemm and Einsum.
//
//===----------------------------------------------------------------------===//

#include "compiler/Input/ONNX/Importer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace mlir;
using namespace octet::onnx_import;

LogicalResult Importer::importMatMul() {
  FailureOr<Value> lhs = operand(0), rhs;
  if (failed(lhs) || failed(rhs = operand(1)))
    return failure();
  std::string why;
  auto shape =
      octet::graph::inferMatMulShape(shapeOf(*lhs), shapeOf(*rhs), &why);
  if (!shape)
    return nodeError() << why;
  return define(octet::graph::MatMulOp::create(
      builder, curLoc, typeLike(*lhs, *shape), *lhs, *rhs));
}

LogicalResult Importer::importGemm() {
  FailureOr<float> alpha = floatAttr("alpha", 1.0f);
  FailureOr<float> beta = floatAttr("beta", 1.0f);
  FailureOr<int64_t> transA = intAttr("transA", 0);
  FailureOr<int64_t> transB = intAttr("transB", 0);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB))
    return failure();
  for (auto [name, value] :
       {std::pair<StringRef, int64_t>{"transA", *transA}, {"transB", *transB}})
    if (value != 0 && value != 1)
      return nodeError() << "unsupported value " << value << " for attribute '"
                         << name << "' (expected 0 or 1)";
  FailureOr<Value> a = operand(0), b;
  if (failed(a) || failed(b = operand(1)))
    return failure();
  Value c;
  if (curNode->input_size() > 2 && !curNode->input(2).empty()) {
    FailureOr<Value> cv = operand(2);
    if (failed(cv))
      return failure();
    c = *cv;
  }
  std::optional<ArrayRef<int64_t>> cShape;
  if (c)
    cShape = shapeOf(c);
  std::string why;
  auto shape = octet::graph::inferGemmShape(shapeOf(*a), shapeOf(*b), cShape,
                                            *transA, *transB, &why);
  if (!shape)
    return nodeError() << why;
  auto op = octet::graph::GemmOp::create(
      builder, curLoc, typeLike(*a, *shape), *a, *b, c, llvm::APFloat(*alpha),
      llvm::APFloat(*beta), *transA != 0, *transB != 0);
  return define(op);
}

LogicalResult Importer::importEinsum() {
  const onnx::AttributeProto *attr = findAttr("equation");
  if (!attr || attr->type() != onnx::AttributeProto::STRING)
    return nodeError() << "attribute 'equation' (a string) is required";
  std::string equation;
  for (char c : attr->s())
    if (c != ' ')
      equation += c;
  SmallVector<Value> inputs;
  for (int i = 0; i < curNode->input_size(); ++i) {
    FailureOr<Value> v = operand(i);
    if (failed(v))
      return failure();
    if (i && elementTypeOf(*v) != elementTypeOf(inputs.front()))
      return nodeError() << "inputs have different element types";
    inputs.push_back(*v);
  }
  StringRef eq(equation);
  auto [lhs, rhs] = eq.split("->");
  bool explicitOutput = eq.contains("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != inputs.size())
    return nodeError() << "equation '" << attr->s() << "' has " << terms.size()
                       << " operands for " << inputs.size() << " inputs";
  // Expand each "..." into capital letters for the broadcast dimensions,
  // right-aligned across the operands, and check the sizes of every letter.
  int64_t ellipsisRank = 0;
  for (auto [term, v] : llvm::zip(terms, inputs))
    if (term.contains("..."))
      ellipsisRank = std::max<int64_t>(
          ellipsisRank, static_cast<int64_t>(shapeOf(v).size()) -
                            static_cast<int64_t>(term.size() - 3));
  auto expand = [&](StringRef term, int64_t rank) -> std::string {
    size_t at = term.find("...");
    if (at == StringRef::npos)
      return term.str();
    int64_t n = rank - static_cast<int64_t>(term.size() - 3);
    std::string dims;
    for (int64_t i = ellipsisRank - n; i < ellipsisRank; ++i)
      dims += static_cast<char>('A' + i);
    return (term.take_front(at) + dims + term.drop_front(at + 3)).str();
  };
  std::map<char, int64_t> sizes, counts;
  std::string rewritten;
  for (auto [i, term] : llvm::enumerate(terms)) {
    ArrayRef<int64_t> shape = shapeOf(inputs[i]);
    std::string letters = expand(term, shape.size());
    if (letters.size() != shape.size() ||
        !llvm::all_of(letters, [](char c) { return llvm::isAlpha(c); }))
      return nodeError() << "operand " << i << " '" << term.str()
                         << "' of equation '" << attr->s()
                         << "' does not fit its shape " << formatShape(shape);
    for (auto [c, size] : llvm::zip(letters, shape)) {
      auto [it, inserted] = sizes.try_emplace(c, size);
      if (!inserted && it->second != size)
        return nodeError() << "letter '" << c << "' of equation '" << attr->s()
                           << "' names dimensions of sizes " << it->second
                           << " and " << size
                           << " (broadcasting is not supported)";
      ++counts[c];
    }
    rewritten += (i ? "," : "") + letters;
  }
  std::string output;
  if (explicitOutput) {
    output = expand(rhs, ellipsisRank + static_cast<int64_t>(
                                            rhs.contains("...") ? rhs.size() - 3
                                                                : rhs.size()));
  } else {
    // Implicit form: the ellipsis dimensions, then the letters seen once,
    // alphabetically.
    for (int64_t i = 0; i < ellipsisRank; ++i)
      output += static_cast<char>('A' + i);
    for (auto [c, n] : counts)
      if (n == 1 && llvm::isLower(c))
        output += c;
  }
  SmallVector<int64_t> outShape;
  for (char c : output) {
    if (!sizes.count(c) || llvm::count(output, c) != 1)
      return nodeError() << "output letter '" << c << "' of equation '"
                         << attr->s()
                         << "' is repeated or appears in no operand";
    outShape.push_back(sizes[c]);
  }
  return define(octet::graph::EinsumOp::create(
      builder, curLoc, typeLike(inputs.front(), outShape), inputs,
      builder.getStringAttr(rewritten + "->" + output)));
}

LogicalResult Importer::importDFT() {
  using namespace octet::graph;
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> inverse = intAttr("inverse", 0);
  FailureOr<int64_t> onesided = intAttr("onesided", 0);
  if (failed(x) || failed(inverse) || failed(onesided))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = shape.size();
  if (rank < 3 || (shape.back() != 1 && shape.back() != 2))
    return nodeError() << "input of shape " << formatShape(shape)
                       << " must be [batch, ..., 1 (real) or 2 (complex)]";
  // The signal axis: an attribute (opset 17) or a constant input (20).
  int64_t axisValue = 1;
  if (opset >= 20) {
    if (curNode->input_size() > 2 && !curNode->input(2).empty()) {
      FailureOr<Attribute> axis = constantScalar(2, "axis");
      if (failed(axis))
        return failure();
      if (auto value = dyn_cast<IntegerAttr>(*axis))
        axisValue = value.getInt();
    } else {
      axisValue = -2;
    }
  } else {
    FailureOr<int64_t> axis = intAttr("axis", 1);
    if (failed(axis))
      return failure();
    axisValue = *axis;
  }
  // Axes count over the dimensions before the real/complex one.
  FailureOr<int64_t> axis = normalizeAxis(axisValue, shape.drop_back());
  if (failed(axis))
    return failure();
  if (*axis == 0)
    return nodeError() << "axis 0 is the batch axis";
  int64_t length = shape[*axis];
  if (curNode->input_size() > 1 && !curNode->input(1).empty()) {
    FailureOr<Attribute> given = constantScalar(1, "dft_length");
    if (failed(given))
      return failure();
    auto value = dyn_cast<IntegerAttr>(*given);
    if (!value || value.getInt() < 1)
      return nodeError() << "dft_length must be a positive integer";
    length = value.getInt();
  }
  if (*onesided && *inverse)
    return nodeError() << "onesided is not supported with inverse";
  int64_t bins = *onesided ? length / 2 + 1 : length;
  // Real and imaginary parts, the signal axis moved last and padded or cut
  // to `length`.
  Type elemType = elementTypeOf(*x);
  SmallVector<int64_t> perm;
  for (int64_t d = 0; d < rank - 1; ++d)
    if (d != *axis)
      perm.push_back(d);
  perm.push_back(*axis);
  auto part = [&](int64_t index) -> Value {
    SmallVector<int64_t> starts(rank, 0), sizes(shape);
    starts.back() = index;
    sizes.back() = 1;
    Value p = slice(*x, starts, sizes);
    p = reshape(p, shape.drop_back());
    p = transpose(p, perm);
    SmallVector<int64_t> pShape(shapeOf(p));
    int64_t have = pShape.back();
    if (have > length) {
      SmallVector<int64_t> begin(pShape.size(), 0), cut(pShape);
      cut.back() = length;
      p = slice(p, begin, cut);
    } else if (have < length) {
      SmallVector<int64_t> padded(pShape);
      padded.back() = length;
      p = PadOp::create(
          builder, curLoc, typeLike(p, padded), p, Value(),
          builder.getDenseI64ArrayAttr(SmallVector<int64_t>(pShape.size(), 0)),
          builder.getStringAttr("constant"));
    }
    return p;
  };
  Value re = part(0), im = shape.back() == 2 ? part(1) : Value();
  // cos / sin of 2 pi k n / N as [N, bins] matrices (double precision
  // angles, the index product reduced mod N first).
  SmallVector<double> cosines, sines;
  double sign = *inverse ? 1.0 : -1.0;
  for (int64_t n = 0; n < length; ++n)
    for (int64_t k = 0; k < bins; ++k) {
      double angle =
          2.0 * llvm::numbers::pi * double((k * n) % length) / double(length);
      cosines.push_back(std::cos(angle));
      sines.push_back(sign * std::sin(angle));
    }
  auto matrix = [&](ArrayRef<double> values) -> Value {
    auto type = tensorType({length, bins}, elemType);
    SmallVector<Attribute> elements;
    for (double v : values)
      elements.push_back(builder.getFloatAttr(elemType, v));
    return constantValue(DenseElementsAttr::get(type, elements));
  };
  Value cosM = matrix(cosines), sinM = matrix(sines);
  auto matmul = [&](Value a, Value m) -> Value {
    SmallVector<int64_t> outShape(shapeOf(a));
    outShape.back() = bins;
    return MatMulOp::create(builder, curLoc, typeLike(a, outShape), a, m);
  };
  // (re + i im)(cos + i s) with s = -+sin: re cos - im s, re s + im cos.
  Value outRe = matmul(re, cosM), outIm = matmul(re, sinM);
  if (im) {
    outRe = SubOp::create(builder, curLoc, outRe, matmul(im, sinM));
    outIm = AddOp::create(builder, curLoc, outIm, matmul(im, cosM));
  }
  if (*inverse) {
    Value scale = scalarConstant(1.0 / double(length), elemType);
    outRe = MulOp::create(builder, curLoc, outRe, scale);
    outIm = MulOp::create(builder, curLoc, outIm, scale);
  }
  // Back to the input's layout, with [re, im] last.
  SmallVector<int64_t> back(rank - 1);
  for (auto [i, p] : llvm::enumerate(perm))
    back[p] = i;
  auto restore = [&](Value v) -> Value {
    Value t = transpose(v, back);
    SmallVector<int64_t> withPart(shapeOf(t));
    withPart.push_back(1);
    return reshape(t, withPart);
  };
  return define(concat({restore(outRe), restore(outIm)}, rank - 1));
}

ArrayRef<Importer::Registration> Importer::linearAlgebraRegistrations() {
  using namespace octet::graph;
  static const Registration table[] = {
      {{"Einsum", 12, 1, kVariadic, "equation"},
       &Importer::importEinsum,
       kNumeric},
      {{"DFT", 17, 1, 2, "axis,inverse,onesided"}, &Importer::importDFT},
      {{"DFT", 20, 1, 3, "inverse,onesided"}, &Importer::importDFT},
      {{"Gemm", 7, 2, 3, "alpha,beta,transA,transB"}, &Importer::importGemm},
      {{"MatMul", 1, 2, 2, ""}, &Importer::importMatMul},
      {{"MatMul", 9, 2, 2, ""}, &Importer::importMatMul, kNumeric},
  };
  return table;
}
