# FP8 conversions on OpenCL (PoCL on CI), bit for bit against ml_dtypes and
# onnx.reference (float8_conversions_cuda.test runs it on a GPU).
# REQUIRES: e2e-python, compiler, opencl
# RUN: rm -rf %t && %python %s --bin %octet_bin --work %t --device opencl:0 | FileCheck %s
# CHECK: cast_float8e4m3fn_saturate1: 41034 values: 0 codes differ from ml_dtypes, 0 from onnx.reference; 0 decoded values differ (ok)
# CHECK: running on opencl:0
# CHECK: cast_float8e4m3fn_saturate0: {{.*}} (ok)
# CHECK: cast_float8e5m2_saturate1: {{.*}} (ok)
# CHECK: cast_float8e5m2_saturate0: {{.*}} (ok)
# CHECK: decode_float8e4m3fn: 256 codes, widened as vectors (octet_extf_e4m3_float16): 0 differ from ml_dtypes (ok)
# CHECK: decode_float8e5m2: 256 codes, widened as vectors (octet_extf_e5m2_float16): 0 differ from ml_dtypes (ok)
"""FP8 conversions end to end, bit for bit.

For each 8-bit float format (FLOAT8E4M3FN, FLOAT8E5M2) and both values of
Cast's `saturate`, a model casts float32 inputs to the format (output `y`,
the raw codes) and back (output `z`). The inputs are those of the
compiler's exhaustive test (test/Codegen/Inputs/float8_exhaustive.py):
every code, every tie and its float32 neighbours, the edge cases and 40000
random values. Octet compiles and runs each model on the requested device;
every code is compared with ml_dtypes (an independent implementation; with
`saturate`, ONNX's clamp to the largest finite value first), and with
onnx.reference. NaN codes are compared bit for bit too.

Then every code of each format, as a 16x16 FP8 input cast to float32: on
OpenCL that kernel is vectorized (octet-vectorize-innermost) and widens 16
codes at a time with the emitter's vector helper instead of the scalar
octet-expand-float8 arithmetic; the decoded bits must be ml_dtypes' too.

onnxruntime (1.32) differs for saturate=0 between the largest finite value
and the next power of two (it keeps 448 / 57344 where ml_dtypes, APFloat and
onnx.reference give NaN / inf): ONNX's reference is followed.
"""
import os
import re
import sys

import ml_dtypes
import numpy as np
import onnx
from onnx import TensorProto
from onnx.reference import ReferenceEvaluator

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "Codegen", "Inputs"))
import e2e_util  # noqa: E402
from float8_exhaustive import truncf_inputs  # noqa: E402

FORMATS = [("FLOAT8E4M3FN", TensorProto.FLOAT8E4M3FN, ml_dtypes.float8_e4m3fn),
           ("FLOAT8E5M2", TensorProto.FLOAT8E5M2, ml_dtypes.float8_e5m2)]


def expected_codes(x, dtype, saturate):
    if saturate:
        largest = float(ml_dtypes.finfo(dtype).max)
        x = np.where(np.isnan(x), x, np.clip(x, -largest, largest))
    return x.astype(dtype).view(np.uint8)


def main():
    args = e2e_util.parse_args()
    failed = False
    for name, onnx_type, dtype in FORMATS:
        x = truncf_inputs(dtype)
        for saturate in (1, 0):
            label = "cast_%s_saturate%d" % (name.lower(), saturate)
            nodes = [onnx.helper.make_node("Cast", ["x"], ["y"], to=onnx_type,
                                           saturate=saturate),
                     onnx.helper.make_node("Cast", ["y"], ["z"],
                                           to=TensorProto.FLOAT)]
            model = e2e_util.make_model(
                nodes, [e2e_util.tensor_info("x", [x.size])],
                [e2e_util.tensor_info("y", [x.size], onnx_type),
                 e2e_util.tensor_info("z", [x.size])], opset=21, name=label)
            got, stderr = e2e_util.compile_and_run(args, label, model, {"x": x})
            codes = got["y"].view(np.uint8)
            want = expected_codes(x, dtype, saturate)
            reference = np.asarray(ReferenceEvaluator(model).run(
                ["y"], {"x": x})[0]).view(np.uint8)
            decoded = codes.view(dtype).astype(np.float32).view(np.uint32)
            bad_ml = int(np.sum(codes != want))
            bad_ref = int(np.sum(codes != reference))
            bad_back = int(np.sum(got["z"].view(np.uint32) != decoded))
            print("%s: %d values: %d codes differ from ml_dtypes, %d from "
                  "onnx.reference; %d decoded values differ (%s)" %
                  (label, x.size, bad_ml, bad_ref, bad_back,
                   "ok" if bad_ml == bad_ref == bad_back == 0 else "MISMATCH"))
            failed |= bool(bad_ml or bad_ref or bad_back)
            device = [l for l in stderr.splitlines() if "running on" in l]
            if device:
                print("%s: %s" % (label, device[0].strip()))
    for name, onnx_type, dtype in FORMATS:
        label = "decode_%s" % name.lower()
        codes = np.arange(256, dtype=np.uint8).reshape(16, 16)
        model = e2e_util.make_model(
            [onnx.helper.make_node("Cast", ["x"], ["z"], to=TensorProto.FLOAT)],
            [e2e_util.tensor_info("x", [16, 16], onnx_type)],
            [e2e_util.tensor_info("z", [16, 16])], opset=21, name=label)
        dump = os.path.join(args.work, label, "kernels")
        got, _ = e2e_util.compile_and_run(
            args, label, model, {"x": codes.view(np.dtype("V1"))},
            extra_compile=["--dump-executables=" + dump])
        helpers = sorted({h for f in sorted(os.listdir(dump))
                          if f.endswith(".cl")
                          for h in re.findall(r"octet_extf_\w+",
                                              open(os.path.join(dump, f)).read())})
        want = codes.view(dtype).astype(np.float32).view(np.uint32)
        bad = int(np.sum(got["z"].view(np.uint32) != want))
        how = ("widened as vectors (%s)" % ", ".join(helpers) if helpers
               else "widened by scalar code")
        print("%s: 256 codes, %s: %d differ from ml_dtypes (%s)" %
              (label, how, bad, "ok" if bad == 0 else "MISMATCH"))
        failed |= bool(bad)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
