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

ArrayRef<Importer::Registration> Importer::linearAlgebraRegistrations() {
  using namespace octet::graph;
  static const Registration table[] = {
      {{"Einsum", 12, 1, kVariadic, "equation"},
       &Importer::importEinsum,
       kNumeric},
      {{"Gemm", 7, 2, 3, "alpha,beta,transA,transB"}, &Importer::importGemm},
      {{"MatMul", 1, 2, 2, ""}, &Importer::importMatMul},
      {{"MatMul", 9, 2, 2, ""}, &Importer::importMatMul, kNumeric},
  };
  return table;
}
