//===- Passes.td - Octet's precision and quantization passes -*- tablegen -*-===//
//
// Graph-level passes that choose the element types a model is stored and
// computed in (--precision in octet-compile).
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_QUANTIZATION_PASSES
#define OCTET_COMPILER_QUANTIZATION_PASSES

include "mlir/Pass/PassBase.td"

def ConvertPrecision : Pass<"octet-convert-precision", "mlir::func::FuncOp"> {
  let summary = "Store weights and compute activations in BF16 or FP8";
  let description = [{
    Rewrites an imported model (graph dialect, f32) to a lower precision:

    - `precision=bf16`: activations are bf16 between kernels and weights are
      stored as bf16. Ops that compute well at bf16 (elementwise arithmetic,
      activations, data movement, matmul, Gemm, convolution, pooling and the
      sum/mean/max/min reductions, which accumulate in f32 in their
      lowering) get bf16 operands and results. Everything else, and every
      op imported from a numerically sensitive ONNX operator (Softmax,
      LogSoftmax, the normalizations, LRN, the log/L2 reductions), computes
      in f32: its bf16 operands are widened by `graph.cast` and its results
      stay f32 until a bf16 op reads them. Model inputs and outputs stay
      f32.
    - `precision=fp8` with `weights-only`: each weight (a constant of at
      least 16 elements read as a MatMul's or Gemm's `B`, a Conv's or
      ConvTranspose's filter, or a Gather's table) is stored as
      `f8E4M3FN` (`fp8-format=e4m3`, default) or `f8E5M2` (`e5m2`) with one
      f32 scale per output channel (MatMul: per column; Gemm: per column of
      `B'`; Conv: per output channel; ConvTranspose: along axis 1; Gather:
      per row): scale = amax / largest finite value of the format (1 when
      the channel is all zeros), codes rounded to nearest even. The
      weight becomes `graph.dequantize(codes, scales)`, which never folds:
      the artifact holds one byte per weight, widened to f32 in the kernel
      that reads it. The other float constants of at least 16 elements
      (biases, normalization parameters, position embeddings) are stored as
      bf16 behind `graph.dequantize`. Activations and math stay f32.
    - `precision=bf16` with `weights-only`: all those constants stored as
      bf16 (no scale) behind `graph.dequantize`; math in f32.

    - `precision=fp8` without `weights-only` (post-training quantization):
      the weights as above, and each input of a layer with weights (A of a
      MatMul or Gemm whose B is a constant, the input of a Conv or
      ConvTranspose; see `octet::getActivationsToQuantize`) gets one
      per-tensor scale, amax / largest finite value, from
      `activation-amax`: the largest magnitude measured on calibration data
      (octet-compile --calibration runs the f32 model through Octet's
      runtime to measure them), one value per activation in that order.
      The activation is divided by its scale, cast to FP8 with saturation
      and dequantized (`graph.dequantize`) for those readers only: the
      contraction reads FP8-rounded inputs and accumulates in f32; other
      readers keep the f32 value. The contractions of the ONNX nodes
      `keep-f32-nodes` names are left in f32, weights included (what
      octet-compile --accuracy-budget chooses).
  }];
  let options = [
    Option<"precision", "precision", "std::string", /*default=*/"\"bf16\"",
           "Target precision: bf16 or fp8">,
    Option<"fp8Format", "fp8-format", "std::string", /*default=*/"\"e4m3\"",
           "FP8 format of quantized weights: e4m3 (f8E4M3FN) or e5m2">,
    Option<"weightsOnly", "weights-only", "bool", /*default=*/"false",
           "Convert only the weights; activations and math stay f32">,
    ListOption<"activationAmax", "activation-amax", "double",
               "Calibrated largest magnitude of each activation to quantize "
               "(precision=fp8 without weights-only)">,
    ListOption<"keepF32Nodes", "keep-f32-nodes", "std::string",
               "ONNX node names (precision=fp8 without weights-only) whose "
               "contractions stay f32: inputs not quantized, weights kept">,
  ];
  let dependentDialects = ["octet::graph::GraphDialect",
                           "mlir::arith::ArithDialect"];
}

#endif // OCTET_COMPILER_QUANTIZATION_PASSES
