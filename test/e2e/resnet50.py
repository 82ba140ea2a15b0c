# A ResNet-50-size model at 224x224 (test/models/resnet50_model.py: 53 convolutions
# from 112x112 down to 7x7 pixels, 64 to 2048 channels, seeded random
# weights) compiled and run on OpenCL (PoCL on CI), compared with onnxruntime
# at the zoo's tolerances (rtol 1e-3 / atol 1e-4). Kernels on 7x7 and 14x14
# pixels compute vectors of output channels, which the small zoo models
# barely exercise.
# REQUIRES: e2e-python, compiler, opencl
# RUN: rm -rf %t && %python %s --bin %octet_bin --work %t --device opencl:0 --target opencl | FileCheck %s
# CHECK: resnet50: output logits [1, 1000]: {{.*}} (ok)
"""Runs the ResNet-50-size model end to end; see the comment above."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "models"))
import numpy as np  # noqa: E402

import e2e_util  # noqa: E402
import resnet50_model  # noqa: E402


def main():
    args = e2e_util.parse_args()
    rng = np.random.default_rng(2026)
    model = resnet50_model.build(rng)
    feeds = {"x": rng.standard_normal((1, 3, 224, 224)).astype(np.float32)}
    e2e_util.check(args, "resnet50", model, feeds, rtol=1e-3, atol=1e-4)


if __name__ == "__main__":
    main()
