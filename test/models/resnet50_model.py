"""A ResNet-50-size model built with onnx.helper: no download, no torch.

ResNet-50 v1.5's topology (He et al. 2015, torchvision's resnet50): a 7x7
stride-2 stem, max pool, 3 + 4 + 6 + 3 bottleneck blocks (1x1, 3x3 with the
stride, 1x1 expanding 4x; a strided 1x1 projection on each stage's first
block), Conv -> BatchNormalization -> Relu as exported from PyTorch, global
average pool and a 1000-way Gemm: 25.6 M parameters, 4.1 GMACs at 224x224.
Weights are seeded random (He-initialized, so activations stay in range);
nothing here depends on trained values.

    python test/models/resnet50_model.py OUT.onnx [--image 224]

writes the model (about 100 MB). scripts/bench.py and
test/e2e/resnet50.py build it in memory with `build()`.
"""
import argparse

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# (bottleneck width, blocks, stride of the first block) per stage.
STAGES = [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]


def build(rng, image=224, classes=1000, batch=1):
    """The model as an onnx.ModelProto: input x [batch, 3, image, image],
    output logits [batch, classes]."""
    nodes, initializers = [], []
    count = [0]

    def fresh(prefix):
        count[0] += 1
        return "%s_%d" % (prefix, count[0])

    def constant(array, prefix):
        name = fresh(prefix)
        initializers.append(numpy_helper.from_array(array.astype(np.float32), name))
        return name

    def conv_bn(x, cin, cout, kernel, stride, relu):
        fan_in = cin * kernel * kernel
        w = rng.standard_normal((cout, cin, kernel, kernel)) * np.sqrt(2.0 / fan_in)
        conv = fresh("conv")
        nodes.append(helper.make_node(
            "Conv", [x, constant(w, "w")], [conv], kernel_shape=[kernel, kernel],
            strides=[stride, stride], pads=[kernel // 2] * 4))
        bn = fresh("bn")
        nodes.append(helper.make_node(
            "BatchNormalization",
            [conv, constant(rng.uniform(0.5, 1.0, cout), "scale"),
             constant(rng.uniform(-0.1, 0.1, cout), "bias"),
             constant(rng.uniform(-0.1, 0.1, cout), "mean"),
             constant(rng.uniform(0.5, 1.5, cout), "var")],
            [bn], epsilon=1e-5))
        if not relu:
            return bn
        out = fresh("relu")
        nodes.append(helper.make_node("Relu", [bn], [out]))
        return out

    x = conv_bn("x", 3, 64, 7, 2, relu=True)
    pooled = fresh("pool")
    nodes.append(helper.make_node("MaxPool", [x], [pooled], kernel_shape=[3, 3],
                                  strides=[2, 2], pads=[1] * 4))
    x, cin = pooled, 64
    for width, blocks, stride in STAGES:
        for block in range(blocks):
            s = stride if block == 0 else 1
            y = conv_bn(x, cin, width, 1, 1, relu=True)
            y = conv_bn(y, width, width, 3, s, relu=True)
            y = conv_bn(y, width, 4 * width, 1, 1, relu=False)
            shortcut = conv_bn(x, cin, 4 * width, 1, s, relu=False) if block == 0 else x
            total = fresh("add")
            nodes.append(helper.make_node("Add", [y, shortcut], [total]))
            out = fresh("relu")
            nodes.append(helper.make_node("Relu", [total], [out]))
            x, cin = out, 4 * width
    gap = fresh("gap")
    nodes.append(helper.make_node("GlobalAveragePool", [x], [gap]))
    flat = fresh("flatten")
    nodes.append(helper.make_node("Flatten", [gap], [flat], axis=1))
    fc = rng.standard_normal((classes, cin)) * np.sqrt(1.0 / cin)
    nodes.append(helper.make_node(
        "Gemm", [flat, constant(fc, "fc_w"), constant(np.zeros(classes), "fc_b")],
        ["logits"], transB=1))
    graph = helper.make_graph(
        nodes, "resnet50",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch, 3, image, image])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [batch, classes])],
        initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--image", type=int, default=224)
    args = parser.parse_args()
    onnx.save(build(np.random.default_rng(2026), image=args.image), args.out)


if __name__ == "__main__":
    main()
