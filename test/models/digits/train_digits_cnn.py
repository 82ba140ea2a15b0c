#!/usr/bin/env python3
"""Trains the small CNN that Octet's quantization accuracy is measured on.

Data: scikit-learn's bundled handwritten digits (1797 8x8 images, offline),
split 75/25 with a fixed seed. Model: Conv 3x3 (1->8) + ReLU, Conv 3x3
(8->16) + ReLU, MaxPool 2x2, Flatten, Gemm (256->10): 3.8k parameters, trained
from scratch in NumPy (Adam, cross-entropy, 40 epochs; no framework
needed). Writes, beside this script:

- digits_cnn.onnx: the trained model (opset 17, batch dimension symbolic);
- digits_test.npz: the test split, `x` as uint8 pixel values 0..16
  [N, 64] and `y` the labels, so the accuracy test needs no scikit-learn,
  and `calibration`, 128 images of the training split (FP8 calibration
  data that is not test data).

    .venv/bin/pip install scikit-learn && \
        .venv/bin/python test/models/digits/train_digits_cnn.py
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
EPOCHS, BATCH, LR = 40, 32, 2e-3


def im2col(x):
    """[N, C, 8, 8] -> [N, 64, C*9] patches of a 3x3 window, padding 1."""
    n, c, h, w = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    cols = np.empty((n, h * w, c, 3, 3), dtype=x.dtype)
    for i in range(h):
        for j in range(w):
            cols[:, i * w + j] = padded[:, :, i:i + 3, j:j + 3]
    return cols.reshape(n, h * w, c * 9)


def col2im(cols, shape):
    """The adjoint of im2col: sums patch gradients back into [N, C, 8, 8]."""
    n, c, h, w = shape
    cols = cols.reshape(n, h * w, c, 3, 3)
    padded = np.zeros((n, c, h + 2, w + 2), dtype=cols.dtype)
    for i in range(h):
        for j in range(w):
            padded[:, :, i:i + 3, j:j + 3] += cols[:, i * w + j]
    return padded[:, :, 1:-1, 1:-1]


class Conv:
    def __init__(self, rng, cin, cout):
        self.w = (rng.standard_normal((cout, cin, 3, 3)) *
                  np.sqrt(2.0 / (cin * 9))).astype(np.float32)
        self.b = np.zeros(cout, dtype=np.float32)

    def forward(self, x):
        self.shape, self.cols = x.shape, im2col(x)
        out = self.cols @ self.w.reshape(len(self.b), -1).T + self.b
        n, _, h, w = x.shape
        return out.transpose(0, 2, 1).reshape(n, -1, h, w)

    def backward(self, grad):
        n, cout, h, w = grad.shape
        g = grad.reshape(n, cout, h * w).transpose(0, 2, 1)  # [N, 64, Cout]
        self.dw = np.einsum("npo,npk->ok", g, self.cols).reshape(self.w.shape)
        self.db = g.sum(axis=(0, 1))
        return col2im(g @ self.w.reshape(cout, -1), self.shape)

    def params(self):
        return [(self.w, "dw"), (self.b, "db")]


def forward(layers, x, keep=False):
    conv1, conv2, fc_w, fc_b = layers
    a1 = np.maximum(conv1.forward(x), 0)
    a2 = np.maximum(conv2.forward(a1), 0)
    n = x.shape[0]
    blocks = a2.reshape(n, 16, 4, 2, 4, 2)
    pooled = blocks.max(axis=(3, 5))
    flat = pooled.reshape(n, -1)
    logits = flat @ fc_w.T + fc_b
    if keep:
        return logits, (a1, a2, blocks, pooled, flat)
    return logits


def train(x, y, rng):
    conv1, conv2 = Conv(rng, 1, 8), Conv(rng, 8, 16)
    fc_w = (rng.standard_normal((10, 256)) * np.sqrt(1.0 / 256)).astype(np.float32)
    fc_b = np.zeros(10, dtype=np.float32)
    layers = [conv1, conv2, fc_w, fc_b]
    moments = {}
    step = 0
    for _ in range(EPOCHS):
        order = rng.permutation(len(x))
        for start in range(0, len(x), BATCH):
            idx = order[start:start + BATCH]
            xb, yb = x[idx], y[idx]
            logits, (a1, a2, blocks, pooled, flat) = forward(layers, xb, keep=True)
            p = np.exp(logits - logits.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(yb)), yb] -= 1
            dlogits = p / len(yb)
            d_fc_w, d_fc_b = dlogits.T @ flat, dlogits.sum(axis=0)
            dpooled = (dlogits @ fc_w).reshape(pooled.shape)
            mask = blocks == pooled[:, :, :, None, :, None]
            dblocks = mask * dpooled[:, :, :, None, :, None]
            da2 = dblocks.reshape(a2.shape) * (a2 > 0)
            da1 = conv2.backward(da2) * (a1 > 0)
            conv1.backward(da1)
            grads = [(conv1.w, conv1.dw), (conv1.b, conv1.db), (conv2.w, conv2.dw),
                     (conv2.b, conv2.db), (fc_w, d_fc_w), (fc_b, d_fc_b)]
            step += 1
            for param, grad in grads:
                m, v = moments.setdefault(id(param), (np.zeros_like(param),
                                                      np.zeros_like(param)))
                m[:] = 0.9 * m + 0.1 * grad
                v[:] = 0.999 * v + 0.001 * grad * grad
                mhat, vhat = m / (1 - 0.9 ** step), v / (1 - 0.999 ** step)
                param -= (LR * mhat / (np.sqrt(vhat) + 1e-8)).astype(np.float32)
    return layers


def export(layers, path):
    conv1, conv2, fc_w, fc_b = layers
    n = helper.make_node
    conv = dict(kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    nodes = [n("Conv", ["x", "conv1.w", "conv1.b"], ["c1"], name="conv1", **conv),
             n("Relu", ["c1"], ["r1"], name="relu1"),
             n("Conv", ["r1", "conv2.w", "conv2.b"], ["c2"], name="conv2", **conv),
             n("Relu", ["c2"], ["r2"], name="relu2"),
             n("MaxPool", ["r2"], ["p"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
             n("Flatten", ["p"], ["f"], name="flatten"),
             n("Gemm", ["f", "fc.w", "fc.b"], ["logits"], name="fc", transB=1)]
    inits = [numpy_helper.from_array(a, name) for a, name in
             [(conv1.w, "conv1.w"), (conv1.b, "conv1.b"), (conv2.w, "conv2.w"),
              (conv2.b, "conv2.b"), (fc_w, "fc.w"), (fc_b, "fc.b")]]
    graph = helper.make_graph(
        nodes, "digits_cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 1, 8, 8])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 10])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                              producer_name="octet train_digits_cnn.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def main():
    digits = load_digits()
    x_train, x_test, y_train, y_test = train_test_split(
        digits.data.astype(np.uint8), digits.target.astype(np.uint8),
        test_size=0.25, random_state=0, stratify=digits.target)
    rng = np.random.default_rng(0)
    as_input = lambda pixels: (pixels.astype(np.float32) / 16.0).reshape(-1, 1, 8, 8)
    layers = train(as_input(x_train), y_train.astype(np.int64), rng)
    accuracy = np.mean(forward(layers, as_input(x_test)).argmax(axis=1) == y_test)
    print("test top-1 (NumPy, float32): %.2f%% on %d images" % (100 * accuracy, len(y_test)))
    export(layers, os.path.join(HERE, "digits_cnn.onnx"))
    np.savez_compressed(os.path.join(HERE, "digits_test.npz"), x=x_test, y=y_test,
                        calibration=x_train[:128])


if __name__ == "__main__":
    main()
