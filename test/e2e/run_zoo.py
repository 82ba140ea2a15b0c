# Compiles every model of the zoo (test/models/zoo/*.onnx: ResNet-, MobileNet-
# and ViT-style CNNs and transformers, BERT and GPT-2 style models from
# Hugging Face transformers, and a dynamic-batch ResNet) and runs it on OpenCL
# (PoCL on CI), comparing with onnxruntime at rtol 1e-3 / atol 1e-4.
# REQUIRES: e2e-python, compiler, opencl
# RUN: rm -rf %t && %python %s --bin %octet_bin --work %t --device opencl:0 | FileCheck %s
# CHECK: bert: output last_hidden_state [1, 16, 64]: {{.*}} (ok)
# CHECK: bert: output pooler_output [1, 64]: {{.*}} (ok)
# CHECK: gpt2: output last_hidden_state [1, 16, 64]: {{.*}} (ok)
# CHECK: mobilenet: output y [1, 10]: {{.*}} (ok)
# CHECK: resnet: output y [1, 10]: {{.*}} (ok)
# CHECK: resnet_dynamic: output y [2, 10]: {{.*}} (ok)
# CHECK: vit: output y [1, 10]: {{.*}} (ok)
"""Runs the model zoo end to end; see the comment above."""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
import onnx  # noqa: E402

import e2e_util  # noqa: E402

ZOO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", "zoo")
RTOL, ATOL = 1e-3, 1e-4
# Symbolic dimensions are fixed to this size (octet-compile --input-shape).
SYMBOLIC_SIZE = 2


def inputs_for(model, rng):
    """Seeded inputs for every graph input, and the --input-shape flags for
    the symbolic dimensions."""
    feeds, flags = {}, []
    initializers = {t.name for t in model.graph.initializer}
    for value in model.graph.input:
        if value.name in initializers:
            continue
        t = value.type.tensor_type
        shape = [d.dim_value if d.HasField("dim_value") else SYMBOLIC_SIZE
                 for d in t.shape.dim]
        if any(not d.HasField("dim_value") for d in t.shape.dim):
            flags += ["--input-shape", "%s=%s" % (value.name, "x".join(map(str, shape)))]
        if t.elem_type == onnx.TensorProto.INT64 and value.name == "attention_mask":
            mask = np.ones(shape, dtype=np.int64)
            mask[..., -4:] = 0  # padding at the end
            feeds[value.name] = mask
        elif t.elem_type == onnx.TensorProto.INT64:
            feeds[value.name] = rng.integers(0, 1000, size=shape).astype(np.int64)
        else:
            feeds[value.name] = rng.standard_normal(shape).astype(np.float32)
    return feeds, flags


def main():
    args = e2e_util.parse_args()
    for path in sorted(glob.glob(os.path.join(ZOO, "*.onnx"))):
        name = os.path.splitext(os.path.basename(path))[0]
        model = onnx.load(path)
        feeds, flags = inputs_for(model, np.random.default_rng(2026))
        e2e_util.check(args, name, model, feeds, rtol=RTOL, atol=ATOL, extra_compile=flags)


if __name__ == "__main__":
    main()
