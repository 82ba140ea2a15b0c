//===- ConvPoolOps.cpp - ONNX convolution, pooling and resize -------------===//
//
// Convolutions and pooling (Conv, ConvTranspose, MaxPool, AveragePool, the
// global pools), Resize and DepthToSpace/SpaceToDepth, with the window geometry
// (strides, dilations, pads, auto_pad) they share.
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

LogicalResult Importer::importResize() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> inShape = shapeOf(*x);
  int64_t rank = inShape.size();
  FailureOr<std::string> modeAttr = stringAttr("mode", "nearest");
  FailureOr<std::string> coordinateModeAttr =
      stringAttr("coordinate_transformation_mode",
                 opset < 11 ? "asymmetric" : "half_pixel");
  FailureOr<std::string> nearestModeAttr =
      stringAttr("nearest_mode", "round_prefer_floor");
  FailureOr<std::string> aspectPolicy =
      stringAttr("keep_aspect_ratio_policy", "stretch");
  if (failed(modeAttr) || failed(coordinateModeAttr) ||
      failed(nearestModeAttr) || failed(aspectPolicy))
    return failure();
  std::string mode = *modeAttr, coordinateMode = *coordinateModeAttr,
              nearestMode = *nearestModeAttr;
  if (mode != "nearest" && mode != "linear" && mode != "cubic")
    return nodeError() << "mode '" << mode
                       << "' is not one of nearest, linear, cubic";
  FailureOr<float> cubicCoefficient = floatAttr("cubic_coeff_a", -0.75f);
  FailureOr<int64_t> excludeOutside = intAttr("exclude_outside", 0);
  if (failed(cubicCoefficient) || failed(excludeOutside))
    return failure();
  if (coordinateMode == "tf_crop_and_resize")
    return nodeError() << "coordinate_transformation_mode 'tf_crop_and_resize'"
                          " is not supported";
  FailureOr<int64_t> antialias = intAttr("antialias", 0);
  if (failed(antialias) || *antialias != 0)
    return nodeError() << "antialias is not supported";
  if (*aspectPolicy != "stretch")
    return nodeError() << "keep_aspect_ratio_policy other than 'stretch' is "
                          "not supported";
  FailureOr<std::optional<SmallVector<int64_t>>> axesAttr = intsAttr("axes");
  if (failed(axesAttr))
    return failure();
  SmallVector<int64_t> axes;
  if (*axesAttr) {
    for (int64_t a : **axesAttr) {
      FailureOr<int64_t> axis = normalizeAxis(a, inShape);
      if (failed(axis))
        return failure();
      axes.push_back(*axis);
    }
  } else {
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  }

  // Scales (input 1 before opset 11, else 2) or sizes (input 3); an absent
  // or empty input does not count.
  auto constantInput = [&](int index) -> FailureOr<DenseElementsAttr> {
    if (curNode->input_size() <= index || curNode->input(index).empty())
      return DenseElementsAttr();
    FailureOr<Value> v = operand(index);
    if (failed(v))
      return failure();
    DenseElementsAttr attr;
    if (!matchPattern(*v, m_Constant(&attr)))
      return nodeError() << "the " << (index == 3 ? "sizes" : "scales")
                         << " input '" << curNode->input(index)
                         << "' must be a constant",
             failure();
    if (attr.getNumElements() == 0)
      return DenseElementsAttr();
    if (attr.getNumElements() != static_cast<int64_t>(axes.size()))
      return nodeError() << "input '" << curNode->input(index) << "' has "
                         << attr.getNumElements() << " values for "
                         << axes.size() << " axes",
             failure();
    return attr;
  };
  FailureOr<DenseElementsAttr> scalesAttr = constantInput(opset < 11 ? 1 : 2);
  FailureOr<DenseElementsAttr> sizesAttr =
      opset < 11 ? FailureOr<DenseElementsAttr>(DenseElementsAttr())
                 : constantInput(3);
  if (failed(scalesAttr) || failed(sizesAttr))
    return failure();
  if (!*scalesAttr == !*sizesAttr)
    return nodeError() << "exactly one of 'scales' and 'sizes' must be given";
  SmallVector<int64_t> outShape(inShape);
  SmallVector<float> scales(rank, 1.0f);
  for (auto [i, axis] : llvm::enumerate(axes)) {
    if (*sizesAttr) {
      outShape[axis] = (*sizesAttr).getValues<APInt>()[i].getSExtValue();
      scales[axis] = static_cast<float>(outShape[axis]) /
                     static_cast<float>(inShape[axis]);
    } else {
      if (!isa<FloatType>((*scalesAttr).getElementType()))
        return nodeError() << "input 'scales' must hold floats";
      scales[axis] = (*scalesAttr).getValues<APFloat>()[i].convertToFloat();
      outShape[axis] = static_cast<int64_t>(
          std::floor(static_cast<double>(inShape[axis]) * scales[axis]));
    }
    if (outShape[axis] <= 0 || !(scales[axis] > 0) || inShape[axis] == 0)
      return nodeError() << "resizing axis " << axis << " of size "
                         << inShape[axis] << " gives size " << outShape[axis]
                         << " (zero-sized tensors are not supported)";
  }
  if (failed(checkedProduct(outShape)))
    return failure();
  return define(octet::graph::ResizeOp::create(
      builder, curLoc, typeLike(*x, outShape), *x, mode, coordinateMode,
      nearestMode, builder.getDenseF32ArrayAttr(scales),
      llvm::APFloat(*cubicCoefficient), *excludeOutside != 0));
}

FailureOr<Importer::WindowGeometry>
Importer::windowGeometry(ArrayRef<int64_t> inShape, ArrayRef<int64_t> kernel,
                         bool ceilMode) {
  size_t k = kernel.size();
  if (inShape.size() != k + 2)
    return nodeError() << "input of shape " << formatShape(inShape)
                       << " does not match a " << k << "-d window",
           failure();
  WindowGeometry g;
  auto readInts = [&](StringRef name, int64_t def, size_t count,
                      SmallVectorImpl<int64_t> &out) -> LogicalResult {
    FailureOr<std::optional<SmallVector<int64_t>>> attr = intsAttr(name);
    if (failed(attr))
      return failure();
    if (!*attr) {
      out.assign(count, def);
      return success();
    }
    if ((*attr)->size() != count)
      return nodeError() << "attribute '" << name << "' has " << (*attr)->size()
                         << " values, expected " << count;
    out.assign(**attr);
    return success();
  };
  SmallVector<int64_t> pads;
  if (failed(readInts("strides", 1, k, g.strides)) ||
      failed(readInts("dilations", 1, k, g.dilations)) ||
      failed(readInts("pads", 0, 2 * k, pads)))
    return failure();
  std::string autoPad = "NOTSET";
  if (const onnx::AttributeProto *attr = findAttr("auto_pad")) {
    if (attr->type() != onnx::AttributeProto::STRING)
      return nodeError() << "attribute 'auto_pad' must be a string", failure();
    autoPad = attr->s();
  }
  if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER" && autoPad != "VALID")
    return nodeError() << "unsupported value '" << autoPad
                       << "' for attribute 'auto_pad'",
           failure();
  // Bounds that keep the geometry below in int64 (no real model comes near).
  constexpr int64_t kLimit = int64_t(1) << 30;
  for (size_t d = 0; d < k; ++d) {
    int64_t size = inShape[d + 2], stride = g.strides[d];
    if (stride < 1 || g.dilations[d] < 1 || kernel[d] < 1 || stride > kLimit ||
        g.dilations[d] > kLimit || kernel[d] > kLimit || size > kLimit)
      return nodeError() << "strides, dilations and the kernel must be "
                            "positive, and they and the spatial sizes at most "
                         << kLimit,
             failure();
    if (pads[d] < 0 || pads[d + k] < 0 || pads[d] > kLimit ||
        pads[d + k] > kLimit)
      return nodeError() << "pads must be in [0, " << kLimit << "], got "
                         << formatShape(pads),
             failure();
    int64_t span = (kernel[d] - 1) * g.dilations[d] + 1;
    int64_t begin = pads[d], end = pads[d + k], out;
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      out = (size + stride - 1) / stride;
      int64_t total = std::max<int64_t>(0, (out - 1) * stride + span - size);
      begin = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
      end = total - begin;
    } else {
      if (autoPad == "VALID")
        begin = end = 0;
      int64_t room = size + begin + end - span;
      if (room < 0)
        return nodeError() << "the window (" << span
                           << " elements) is larger than the padded input ("
                           << size + begin + end << ") in spatial dimension "
                           << d,
               failure();
      out = (ceilMode ? (room + stride - 1) / stride : room / stride) + 1;
      // A window that would start in the trailing padding is dropped.
      if (ceilMode && (out - 1) * stride >= size + begin)
        --out;
    }
    g.padsBegin.push_back(begin);
    g.padsEnd.push_back(end);
    g.outShape.push_back(out);
  }
  return g;
}

LogicalResult Importer::importConv() {
  FailureOr<Value> x = operand(0), w = operand(1);
  FailureOr<int64_t> groups = intAttr("group", 1);
  if (failed(x) || failed(w) || failed(groups))
    return failure();
  ArrayRef<int64_t> inShape = shapeOf(*x), wShape = shapeOf(*w);
  if (inShape.size() < 3 || wShape.size() != inShape.size())
    return nodeError() << "input " << formatShape(inShape) << " and weight "
                       << formatShape(wShape)
                       << " must both be [N, C, D1, ...] / [M, C/group, K1, "
                          "...] of the same rank, at least 3";
  if (*groups < 1 || inShape[1] % *groups || wShape[0] % *groups ||
      wShape[1] * *groups != inShape[1])
    return nodeError() << "input channels " << inShape[1]
                       << " and weight shape " << formatShape(wShape)
                       << " do not fit group " << *groups;
  FailureOr<std::optional<SmallVector<int64_t>>> kernelAttr =
      intsAttr("kernel_shape");
  if (failed(kernelAttr))
    return failure();
  ArrayRef<int64_t> kernel = wShape.drop_front(2);
  if (*kernelAttr && ArrayRef<int64_t>(**kernelAttr) != kernel)
    return nodeError() << "kernel_shape " << formatShape(**kernelAttr)
                       << " differs from the weight's " << formatShape(kernel);
  FailureOr<WindowGeometry> g = windowGeometry(inShape, kernel, false);
  if (failed(g))
    return failure();
  Value bias;
  if (curNode->input_size() > 2 && !curNode->input(2).empty()) {
    FailureOr<Value> b = operand(2);
    if (failed(b))
      return failure();
    if (shapeOf(*b) != ArrayRef<int64_t>(wShape[0]))
      return nodeError() << "bias must have shape [" << wShape[0] << "], got "
                         << formatShape(shapeOf(*b));
    bias = *b;
  }
  SmallVector<int64_t> outShape = {inShape[0], wShape[0]};
  outShape.append(g->outShape);
  return define(octet::graph::ConvOp::create(
      builder, curLoc, typeLike(*x, outShape), *x, *w, bias,
      builder.getDenseI64ArrayAttr(g->strides),
      builder.getDenseI64ArrayAttr(g->dilations),
      builder.getDenseI64ArrayAttr(g->padsBegin), *groups));
}

LogicalResult Importer::importConvTranspose() {
  FailureOr<Value> x = operand(0), w = operand(1);
  FailureOr<int64_t> groups = intAttr("group", 1);
  if (failed(x) || failed(w) || failed(groups))
    return failure();
  ArrayRef<int64_t> inShape = shapeOf(*x), wShape = shapeOf(*w);
  int64_t rank = inShape.size(), spatial = rank - 2;
  if (rank < 3 || static_cast<int64_t>(wShape.size()) != rank)
    return nodeError() << "input " << formatShape(inShape) << " and weight "
                       << formatShape(wShape)
                       << " must both be [N, C, D1, ...] / [C, M/group, K1, "
                          "...] of the same rank, at least 3";
  if (*groups < 1 || inShape[1] != wShape[0] || inShape[1] % *groups)
    return nodeError() << "input channels " << inShape[1]
                       << " and weight shape " << formatShape(wShape)
                       << " do not fit group " << *groups;
  // Per spatial dimension: an ints attribute of `spatial` values or `def`.
  auto perDim = [&](StringRef name, int64_t def,
                    int64_t count) -> FailureOr<SmallVector<int64_t>> {
    FailureOr<std::optional<SmallVector<int64_t>>> attr = intsAttr(name);
    if (failed(attr))
      return failure();
    if (!*attr)
      return SmallVector<int64_t>(count, def);
    if (static_cast<int64_t>((*attr)->size()) != count)
      return nodeError() << "attribute '" << name << "' has " << (*attr)->size()
                         << " values, expected " << count,
             failure();
    return **attr;
  };
  FailureOr<SmallVector<int64_t>> strides = perDim("strides", 1, spatial);
  FailureOr<SmallVector<int64_t>> dilations = perDim("dilations", 1, spatial);
  FailureOr<SmallVector<int64_t>> pads = perDim("pads", 0, 2 * spatial);
  FailureOr<SmallVector<int64_t>> outputPadding =
      perDim("output_padding", 0, spatial);
  FailureOr<std::optional<SmallVector<int64_t>>> outputShape =
      intsAttr("output_shape");
  FailureOr<std::optional<SmallVector<int64_t>>> kernelAttr =
      intsAttr("kernel_shape");
  if (failed(strides) || failed(dilations) || failed(pads) ||
      failed(outputPadding) || failed(outputShape) || failed(kernelAttr))
    return failure();
  ArrayRef<int64_t> kernel = wShape.drop_front(2);
  if (*kernelAttr && ArrayRef<int64_t>(**kernelAttr) != kernel)
    return nodeError() << "kernel_shape " << formatShape(**kernelAttr)
                       << " differs from the weight's " << formatShape(kernel);
  std::string autoPad = "NOTSET";
  if (const onnx::AttributeProto *attr = findAttr("auto_pad"))
    autoPad = attr->s();
  if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER" && autoPad != "VALID")
    return nodeError() << "unsupported value '" << autoPad
                       << "' for attribute 'auto_pad'";
  if (*outputShape && static_cast<int64_t>((*outputShape)->size()) != spatial &&
      static_cast<int64_t>((*outputShape)->size()) != rank)
    return nodeError() << "attribute 'output_shape' has "
                       << (*outputShape)->size() << " values";
  SmallVector<int64_t> outShape = {inShape[0], wShape[1] * *groups};
  SmallVector<int64_t> padsBegin;
  for (int64_t d = 0; d < spatial; ++d) {
    int64_t s = (*strides)[d], dil = (*dilations)[d];
    if (s < 1 || dil < 1 || (*outputPadding)[d] < 0)
      return nodeError() << "strides, dilations and output_padding must be "
                            "positive";
    int64_t full = s * (inShape[2 + d] - 1) + (*outputPadding)[d] +
                   (kernel[d] - 1) * dil + 1;
    int64_t out, begin;
    if (*outputShape || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      out = *outputShape ? (**outputShape)[(*outputShape)->size() - spatial + d]
                         : inShape[2 + d] * s;
      int64_t total = full - out;
      if (total < 0)
        return nodeError() << "output size " << out << " of dimension " << d
                           << " exceeds the full transposed size " << full;
      begin = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
    } else {
      begin = autoPad == "VALID" ? 0 : (*pads)[d];
      int64_t end = autoPad == "VALID" ? 0 : (*pads)[spatial + d];
      if (begin < 0 || end < 0)
        return nodeError() << "negative pads are not supported";
      out = full - begin - end;
    }
    if (out <= 0)
      return nodeError() << "dimension " << d << " of the result would be "
                         << out;
    outShape.push_back(out);
    padsBegin.push_back(begin);
  }
  Value bias;
  if (curNode->input_size() > 2 && !curNode->input(2).empty()) {
    FailureOr<Value> b = operand(2);
    if (failed(b))
      return failure();
    if (shapeOf(*b) != ArrayRef<int64_t>(outShape[1]))
      return nodeError() << "bias must have shape [" << outShape[1] << "], got "
                         << formatShape(shapeOf(*b));
    bias = *b;
  }
  if (failed(checkedProduct(outShape)))
    return failure();
  return define(octet::graph::ConvTransposeOp::create(
      builder, curLoc, typeLike(*x, outShape), *x, *w, bias,
      builder.getDenseI64ArrayAttr(*strides),
      builder.getDenseI64ArrayAttr(*dilations),
      builder.getDenseI64ArrayAttr(padsBegin), *groups));
}

template <typename OpTy> LogicalResult Importer::importPool() {
  FailureOr<Value> x = operand(0);
  FailureOr<std::optional<SmallVector<int64_t>>> kernel =
      intsAttr("kernel_shape");
  FailureOr<int64_t> ceilMode = intAttr("ceil_mode", 0);
  FailureOr<int64_t> storageOrder = intAttr("storage_order", 0);
  FailureOr<int64_t> includePad = intAttr("count_include_pad", 0);
  if (failed(x) || failed(kernel) || failed(ceilMode) || failed(storageOrder) ||
      failed(includePad))
    return failure();
  if (!*kernel)
    return nodeError() << "attribute 'kernel_shape' is required";
  FailureOr<WindowGeometry> g =
      windowGeometry(shapeOf(*x), **kernel, *ceilMode != 0);
  if (failed(g))
    return failure();
  // A window entirely in the padding would have nothing to pool.
  for (size_t d = 0; d < g->padsBegin.size(); ++d)
    if (g->padsBegin[d] >= (**kernel)[d] || g->padsEnd[d] >= (**kernel)[d])
      return nodeError() << "pads " << formatShape(g->padsBegin) << " / "
                         << formatShape(g->padsEnd)
                         << " must be smaller than the kernel "
                         << formatShape(**kernel);
  SmallVector<int64_t> outShape(shapeOf(*x).take_front(2));
  outShape.append(g->outShape);
  auto kernelAttr = builder.getDenseI64ArrayAttr(**kernel);
  auto strides = builder.getDenseI64ArrayAttr(g->strides);
  auto dilations = builder.getDenseI64ArrayAttr(g->dilations);
  auto padsBegin = builder.getDenseI64ArrayAttr(g->padsBegin);
  if constexpr (std::is_same_v<OpTy, octet::graph::MaxPoolOp>) {
    if (*storageOrder != 0 && *storageOrder != 1)
      return nodeError() << "storage_order " << *storageOrder
                         << " is not 0 or 1";
    Value maxima = OpTy::create(builder, curLoc, typeLike(*x, outShape), *x,
                                kernelAttr, strides, dilations, padsBegin);
    if (failed(define(maxima, 0)))
      return failure();
    if (!hasOutput(1))
      return success();
    return define(octet::graph::MaxPoolIndicesOp::create(
                      builder, curLoc,
                      tensorType(outShape, builder.getI64Type()), *x, maxima,
                      kernelAttr, strides, dilations, padsBegin, *storageOrder),
                  1);
  } else
    return define(OpTy::create(builder, curLoc, typeLike(*x, outShape), *x,
                               kernelAttr, strides, dilations, padsBegin,
                               builder.getDenseI64ArrayAttr(g->padsEnd),
                               *includePad != 0));
}

LogicalResult Importer::importGridSample() {
  FailureOr<Value> x = operand(0), grid = operand(1);
  FailureOr<std::string> modeAttr =
      stringAttr("mode", opset >= 20 ? "linear" : "bilinear");
  FailureOr<std::string> padding = stringAttr("padding_mode", "zeros");
  FailureOr<int64_t> align = intAttr("align_corners", 0);
  if (failed(x) || failed(grid) || failed(modeAttr) || failed(padding) ||
      failed(align))
    return failure();
  // Opset 16 names the modes bilinear and bicubic; 20, linear and cubic.
  std::string mode = *modeAttr == "bilinear"  ? "linear"
                     : *modeAttr == "bicubic" ? "cubic"
                                              : *modeAttr;
  if (mode != "nearest" && mode != "linear" && mode != "cubic")
    return nodeError() << "mode '" << *modeAttr << "' is not supported";
  if (*padding != "zeros" && *padding != "border" && *padding != "reflection")
    return nodeError() << "padding_mode '" << *padding
                       << "' is not one of zeros, border, reflection";
  ArrayRef<int64_t> shape = shapeOf(*x), gridShape = shapeOf(*grid);
  int64_t k = static_cast<int64_t>(shape.size()) - 2;
  if (k < 1 || (opset < 20 && k != 2) ||
      static_cast<int64_t>(gridShape.size()) != k + 2 ||
      gridShape.back() != k || gridShape[0] != shape[0])
    return nodeError() << "grid of shape " << formatShape(gridShape)
                       << " must be [N, O1, ..., Ok, k] for an input "
                       << formatShape(shape);
  if (elementTypeOf(*grid) != elementTypeOf(*x))
    return nodeError() << "grid must have the input's element type";
  SmallVector<int64_t> outShape = {shape[0], shape[1]};
  llvm::append_range(outShape, gridShape.slice(1, k));
  return define(octet::graph::GridSampleOp::create(
      builder, curLoc, typeLike(*x, outShape), *x, *grid, mode, *padding,
      *align != 0));
}

LogicalResult Importer::importMaxUnpool() {
  FailureOr<Value> x = operand(0), indices = operand(1);
  FailureOr<std::optional<SmallVector<int64_t>>> kernel =
      intsAttr("kernel_shape");
  FailureOr<std::optional<SmallVector<int64_t>>> stridesAttr =
      intsAttr("strides");
  FailureOr<std::optional<SmallVector<int64_t>>> padsAttr = intsAttr("pads");
  if (failed(x) || failed(indices) || failed(kernel) || failed(stridesAttr) ||
      failed(padsAttr))
    return failure();
  ArrayRef<int64_t> inShape = shapeOf(*x);
  int64_t rank = inShape.size(), spatial = rank - 2;
  if (rank < 3)
    return nodeError() << "input must have rank at least 3 (N, C, D1, ...)";
  if (!*kernel || static_cast<int64_t>((*kernel)->size()) != spatial)
    return nodeError() << "attribute 'kernel_shape' must give " << spatial
                       << " sizes";
  if (shapeOf(*indices) != inShape ||
      !elementTypeOf(*indices).isSignlessInteger(64))
    return nodeError() << "input 'I' must be INT64 of the shape of 'X' "
                       << formatShape(inShape);
  SmallVector<int64_t> strides =
      stridesAttr->value_or(SmallVector<int64_t>(spatial, 1));
  SmallVector<int64_t> pads =
      padsAttr->value_or(SmallVector<int64_t>(2 * spatial, 0));
  if (static_cast<int64_t>(strides.size()) != spatial ||
      static_cast<int64_t>(pads.size()) != 2 * spatial)
    return nodeError() << "strides and pads must give " << spatial << " and "
                       << 2 * spatial << " values";
  // The shape the pooling came from, (in - 1) * stride + kernel - pads,
  // which the indices address (flattened).
  SmallVector<int64_t> poolShape(inShape.take_front(2));
  for (int64_t d = 0; d < spatial; ++d)
    poolShape.push_back((inShape[d + 2] - 1) * strides[d] + (**kernel)[d] -
                        pads[d] - pads[d + spatial]);
  if (llvm::any_of(poolShape, [](int64_t d) { return d < 1; }))
    return nodeError() << "the unpooled shape " << formatShape(poolShape)
                       << " is empty";
  FailureOr<int64_t> total = checkedProduct(poolShape);
  FailureOr<int64_t> count = checkedProduct(inShape);
  if (failed(total) || failed(count))
    return failure();
  // Scatter the values into zeros at their flat indices.
  Type elemType = elementTypeOf(*x);
  Value zeros = constantValue(DenseElementsAttr::get(
      tensorType({*total}, elemType), builder.getZeroAttr(elemType)));
  Value unpooled = reshape(
      octet::graph::ScatterNDOp::create(builder, curLoc, zeros.getType(), zeros,
                                        reshape(*indices, {*count, 1}),
                                        reshape(*x, {*count}), "none"),
      poolShape);
  // A larger output_shape (a constant) pads with zeros at the end.
  if (curNode->input_size() > 2 && !curNode->input(2).empty()) {
    FailureOr<SmallVector<int64_t>> given = constantInt64s(2, "output_shape");
    if (failed(given))
      return failure();
    if (static_cast<int64_t>(given->size()) != rank ||
        ArrayRef<int64_t>(*given).take_front(2) != inShape.take_front(2) ||
        llvm::any_of(llvm::zip(*given, poolShape), [](auto pair) {
          return std::get<0>(pair) < std::get<1>(pair);
        }))
      return nodeError() << "output_shape " << formatShape(*given)
                         << " must keep N and C and be at least the unpooled "
                         << formatShape(poolShape);
    if (ArrayRef<int64_t>(*given) != ArrayRef<int64_t>(poolShape))
      unpooled = octet::graph::PadOp::create(
          builder, curLoc, typeLike(unpooled, *given), unpooled, Value(),
          builder.getDenseI64ArrayAttr(SmallVector<int64_t>(rank, 0)),
          builder.getStringAttr("constant"));
  }
  return define(unpooled);
}

template <typename OpTy> LogicalResult Importer::importGlobalPool() {
  FailureOr<Value> x = operand(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*x);
  if (shape.size() < 3)
    return nodeError() << "input must have rank at least 3 (N, C, D1, ...), "
                          "got "
                       << formatShape(shape);
  SmallVector<int64_t> out(shape.take_front(2));
  out.append(shape.size() - 2, 1);
  auto axes = llvm::to_vector(llvm::seq<int64_t>(2, shape.size()));
  return define(OpTy::create(builder, curLoc, typeLike(*x, out), *x,
                             builder.getDenseI64ArrayAttr(axes),
                             builder.getUnitAttr()));
}

LogicalResult Importer::importDepthToSpace() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> block = intAttr("blocksize", 0);
  if (failed(x) || failed(block))
    return failure();
  std::string mode = "DCR";
  if (const onnx::AttributeProto *attr = findAttr("mode"))
    mode = attr->s();
  if (mode != "DCR" && mode != "CRD")
    return nodeError() << "unsupported value '" << mode
                       << "' for attribute 'mode' (expected DCR or CRD)";
  ArrayRef<int64_t> s = shapeOf(*x);
  int64_t b = *block;
  if (s.size() != 4 || b < 1 || b > s[1] / b || s[1] % (b * b) != 0)
    return nodeError() << "input " << formatShape(s)
                       << " must be [N, C, H, W] with C a multiple of "
                          "blocksize^2 (blocksize "
                       << b << ")";
  int64_t c = s[1] / (b * b);
  Value v = mode == "DCR" ? transpose(reshape(*x, {s[0], b, b, c, s[2], s[3]}),
                                      {0, 3, 4, 1, 5, 2})
                          : transpose(reshape(*x, {s[0], c, b, b, s[2], s[3]}),
                                      {0, 1, 4, 2, 5, 3});
  return define(reshape(v, {s[0], c, s[2] * b, s[3] * b}));
}

LogicalResult Importer::importSpaceToDepth() {
  FailureOr<Value> x = operand(0);
  FailureOr<int64_t> block = intAttr("blocksize", 0);
  if (failed(x) || failed(block))
    return failure();
  ArrayRef<int64_t> s = shapeOf(*x);
  int64_t b = *block;
  if (s.size() != 4 || b < 1 || s[2] % b != 0 || s[3] % b != 0)
    return nodeError() << "input " << formatShape(s)
                       << " must be [N, C, H, W] with H and W multiples of "
                          "blocksize "
                       << b;
  Value v = transpose(reshape(*x, {s[0], s[1], s[2] / b, b, s[3] / b, b}),
                      {0, 3, 5, 1, 2, 4});
  return define(reshape(v, {s[0], s[1] * b * b, s[2] / b, s[3] / b}));
}

ArrayRef<Importer::Registration>
Importer::convolutionAndPoolingRegistrations() {
  using namespace octet::graph;
  static const Registration table[] = {
      {{"AveragePool", 7, 1, 1,
        "auto_pad,ceil_mode,count_include_pad,dilations,kernel_shape,pads,"
        "strides"},
       &Importer::importPool<AveragePoolOp>},
      {{"Conv", 1, 2, 3, "auto_pad,dilations,group,kernel_shape,pads,strides"},
       &Importer::importConv},
      {{"ConvTranspose", 1, 2, 3,
        "auto_pad,dilations,group,kernel_shape,output_padding,output_shape,"
        "pads,strides"},
       &Importer::importConvTranspose},
      {{"DepthToSpace", 1, 1, 1, "blocksize,mode"},
       &Importer::importDepthToSpace,
       kAll},
      {{"GlobalAveragePool", 1, 1, 1, ""},
       &Importer::importGlobalPool<ReduceMeanOp>},
      {{"GlobalMaxPool", 1, 1, 1, ""},
       &Importer::importGlobalPool<ReduceMaxOp>},
      {{"MaxPool", 8, 1, 2,
        "auto_pad,ceil_mode,dilations,kernel_shape,pads,storage_order,"
        "strides",
        2},
       &Importer::importPool<MaxPoolOp>},
      {{"MaxPool", 12, 1, 2,
        "auto_pad,ceil_mode,dilations,kernel_shape,pads,storage_order,"
        "strides",
        2},
       &Importer::importPool<MaxPoolOp>,
       kNumeric},
      {{"GridSample", 16, 2, 2, "align_corners,mode,padding_mode"},
       &Importer::importGridSample},
      {{"MaxUnpool", 9, 2, 3, "kernel_shape,pads,strides"},
       &Importer::importMaxUnpool},
      {{"Resize", 10, 2, 2, "mode"}, &Importer::importResize},
      {{"Resize", 11, 1, 4,
        "coordinate_transformation_mode,cubic_coeff_a,exclude_outside,"
        "extrapolation_value,mode,nearest_mode"},
       &Importer::importResize},
      {{"Resize", 18, 1, 4,
        "antialias,axes,coordinate_transformation_mode,cubic_coeff_a,"
        "exclude_outside,extrapolation_value,keep_aspect_ratio_policy,mode,"
        "nearest_mode"},
       &Importer::importResize},
      {{"SpaceToDepth", 1, 1, 1, "blocksize"},
       &Importer::importSpaceToDepth,
       kAll},
  };
  return table;
}
