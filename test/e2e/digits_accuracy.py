# Top-1 accuracy of a trained CNN at each --precision: the digits CNN of
# test/models/digits (trained by train_digits_cnn.py on scikit-learn's
# digits), all 450 test images in one batch on OpenCL (PoCL on CI), against
# the labels; onnxruntime's FP32 top-1 is printed as the independent
# reference. Fails unless BF16 is within 0.2 points and FP8 within 0.5
# points of FP32 (the bounds).
# REQUIRES: e2e-python, compiler, opencl
# RUN: rm -rf %t && %python %s --bin %octet_bin --work %t --device opencl:0 | FileCheck %s
# CHECK: onnxruntime fp32: top-1 {{[0-9.]+}}%
# CHECK: octet fp32: top-1 [[FP32:[0-9.]+]]%
# CHECK: octet bf16: top-1 {{[0-9.]+}}% ({{.*}} points; ok)
# CHECK: octet bf16 weights-only: top-1 {{[0-9.]+}}% ({{.*}} points; ok)
# CHECK: octet fp8 weights-only (e4m3): top-1 {{[0-9.]+}}% ({{.*}} points; ok)
# CHECK: octet fp8 weights-only (e5m2): top-1 {{[0-9.]+}}% ({{.*}} points; ok)
# CHECK: octet fp8 calibrated (e4m3): top-1 {{[0-9.]+}}% ({{.*}} points; ok)
# CHECK: octet fp8 calibrated (e5m2): top-1 {{[0-9.]+}}% ({{.*}} points; ok)
"""Quantization accuracy on a trained model; see the comment above."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402

import e2e_util  # noqa: E402

DIGITS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", "digits")
VARIANTS = [  # label, octet-compile flags, allowed drop in points
    ("fp32", [], None),
    ("bf16", ["--precision", "bf16"], 0.2),
    ("bf16 weights-only", ["--precision", "bf16", "--weights-only"], 0.2),
    ("fp8 weights-only (e4m3)", ["--precision", "fp8", "--weights-only"], 0.5),
    ("fp8 weights-only (e5m2)", ["--precision", "fp8", "--weights-only",
                                 "--fp8-format", "e5m2"], 0.5),
    # Weights and activations in FP8, ranges calibrated on 128 training
    # images (CALIBRATION is filled in by main()).
    ("fp8 calibrated (e4m3)", ["--precision", "fp8", "--calibration", "CALIBRATION"], 0.5),
    ("fp8 calibrated (e5m2)", ["--precision", "fp8", "--calibration", "CALIBRATION",
                               "--fp8-format", "e5m2"], 0.5),
]


def main():
    args = e2e_util.parse_args()
    os.makedirs(args.work, exist_ok=True)
    data = np.load(os.path.join(DIGITS, "digits_test.npz"))
    x = (data["x"].astype(np.float32) / 16.0).reshape(-1, 1, 8, 8)
    labels = data["y"].astype(np.int64)
    model = os.path.join(DIGITS, "digits_cnn.onnx")
    inputs = os.path.join(args.work, "x.npy")
    np.save(inputs, x)
    # One calibration set of the model's batch size: the calibration images
    # repeated (which changes no range).
    calibration = os.path.join(args.work, "calibration")
    os.makedirs(os.path.join(calibration, "set0"), exist_ok=True)
    repeated = np.resize(data["calibration"], (len(labels), 64))
    np.save(os.path.join(calibration, "set0", "x.npy"),
            (repeated.astype(np.float32) / 16.0).reshape(-1, 1, 8, 8))

    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    ort_top1 = np.mean(session.run(None, {"x": x})[0].argmax(axis=1) == labels)
    print("onnxruntime fp32: top-1 %.2f%% on %d images" % (100 * ort_top1, len(labels)))

    failed, fp32 = False, None
    for label, flags, bound in VARIANTS:
        flags = [calibration if f == "CALIBRATION" else f for f in flags]
        tag = re.sub(r"[^a-z0-9]+", "_", label)
        artifact = os.path.join(args.work, tag + ".octet")
        compiled = e2e_util.run([os.path.join(args.bin, "octet-compile"), model, "-o", artifact,
                                 "--input-shape", "x=%dx1x8x8" % len(labels)] + flags)
        size = re.search(r"constants (\d+) bytes", compiled.stderr).group(1)
        out = os.path.join(args.work, "out_" + tag)
        e2e_util.run([os.path.join(args.bin, "octet-run"), artifact, "--device", args.device,
                      "--input", "x=" + inputs, "--output-dir", out])
        logits = np.load(os.path.join(out, "logits.npy"))
        top1 = 100 * np.mean(logits.argmax(axis=1) == labels)
        if fp32 is None:
            fp32 = top1
            print("octet %s: top-1 %.2f%% (constants %s bytes)" % (label, top1, size))
            continue
        drop = fp32 - top1
        ok = drop <= bound + 1e-9
        failed |= not ok
        print("octet %s: top-1 %.2f%% (%+.2f points; %s) (constants %s bytes)" %
              (label, top1, top1 - fp32, "ok" if ok else "MORE THAN %.1f LOST" % bound, size))
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
