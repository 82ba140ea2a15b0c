"""Generates the model zoo: small ONNX models shaped like the ones users bring.

    <venv with torch and transformers>/bin/python test/models/zoo/generate.py

writes test/models/zoo/<name>.onnx (random weights, seeded) and
test/models/zoo/MANIFEST.txt (the versions used). Only this script needs
torch and transformers; the tests read the .onnx files with onnxruntime.

  resnet          ResNet-style CNN: conv/BN/ReLU basic blocks with residual
                  adds and a strided projection, max pool, global average
                  pool, linear head (1x3x32x32 -> 1x10)
  resnet_dynamic  the same network exported with a symbolic batch dimension
  mobilenet       MobileNetV2-style: depthwise-separable inverted residual
                  blocks (groups = channels), ReLU6, Hardswish (1x3x32x32)
  vit             ViT-style: patch-embedding conv, class token, position
                  embedding, pre-norm transformer blocks, GELU (1x3x32x32)
  bert            BERT-style encoder (transformers BertModel, tiny config):
                  input_ids and attention_mask as int64 [1, 16]
  gpt2            GPT-2-style decoder (transformers GPT2Model, tiny config):
                  input_ids int64 [1, 16], causal attention
"""
import os
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 17


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.proj = None
        if stride != 1 or cin != cout:
            self.proj = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                      nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + (self.proj(x) if self.proj is not None else x))


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16),
                                  nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        self.layers = nn.Sequential(BasicBlock(16, 16, 1), BasicBlock(16, 32, 2))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.layers(self.stem(x))), 1))


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expand):
        super().__init__()
        hidden = cin * expand
        self.use_residual = stride == 1 and cin == cout
        self.block = nn.Sequential(
            nn.Conv2d(cin, hidden, 1, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6(),
            nn.Conv2d(hidden, hidden, 3, stride, 1, groups=hidden, bias=False),
            nn.BatchNorm2d(hidden), nn.ReLU6(),
            nn.Conv2d(hidden, cout, 1, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.block(x)
        return x + y if self.use_residual else y


class MobileNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 2, 1, bias=False), nn.BatchNorm2d(16),
                                  nn.Hardswish())
        self.blocks = nn.Sequential(InvertedResidual(16, 16, 1, 4), InvertedResidual(16, 24, 2, 4),
                                    InvertedResidual(24, 24, 1, 4))
        self.head = nn.Sequential(nn.Conv2d(24, 64, 1, bias=False), nn.BatchNorm2d(64),
                                  nn.Hardswish(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                                  nn.Linear(64, 10))

    def forward(self, x):
        return self.head(self.blocks(self.stem(x)))


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads, self.head_dim = heads, dim // heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(x).reshape(b, t, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        scores = (q @ k.transpose(-2, -1)) * self.head_dim ** -0.5
        y = scores.softmax(dim=-1) @ v
        return self.out(y.transpose(1, 2).reshape(b, t, d))


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1, self.attn = nn.LayerNorm(dim), Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class ViT(nn.Module):
    def __init__(self, dim=64, depth=2, heads=4, patch=8):
        super().__init__()
        self.embed = nn.Conv2d(3, dim, patch, patch)
        self.cls = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        self.pos = nn.Parameter(torch.randn(1, (32 // patch) ** 2 + 1, dim) * 0.02)
        self.blocks = nn.Sequential(*[Block(dim, heads) for _ in range(depth)])
        self.norm, self.head = nn.LayerNorm(dim), nn.Linear(dim, 10)

    def forward(self, x):
        x = self.embed(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1) + self.pos
        return self.head(self.norm(self.blocks(x))[:, 0])


class Encoder(nn.Module):
    """Calls a transformers model with keywords; returns its outputs as a
    tuple (the exporter needs tensors)."""

    def __init__(self, model, with_mask):
        super().__init__()
        self.model, self.with_mask = model, with_mask

    def forward(self, input_ids, attention_mask=None):
        kwargs = {"attention_mask": attention_mask} if self.with_mask else {}
        out = self.model(input_ids=input_ids, return_dict=True, **kwargs)
        if getattr(out, "pooler_output", None) is not None:
            return out.last_hidden_state, out.pooler_output
        return out.last_hidden_state


def export(model, args, name, input_names, output_names, dynamic_axes=None, dynamo=False):
    """torch.onnx.export; TorchScript-based unless `dynamo` (the exporter
    PyTorch now defaults to, which writes opset 18 and later)."""
    model.eval()
    path = os.path.join(HERE, name + ".onnx")
    if dynamo:
        program = torch.onnx.export(model, args, input_names=input_names,
                                    output_names=output_names, dynamo=True,
                                    opset_version=18, external_data=False)
        program.save(path, external_data=False)
    else:
        torch.onnx.export(model, args, path, opset_version=OPSET, input_names=input_names,
                          output_names=output_names, dynamic_axes=dynamic_axes,
                          dynamo=False)
    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


def randomize_batchnorm(model):
    """Non-trivial running statistics, as a trained model has."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.normal_(0, 0.1)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.normal_(0, 0.1)


def main():
    import transformers
    torch.manual_seed(2026)
    image = torch.randn(1, 3, 32, 32)

    resnet = ResNet()
    randomize_batchnorm(resnet)
    export(resnet, (image,), "resnet", ["x"], ["y"])
    export(resnet, (image,), "resnet_dynamic", ["x"], ["y"],
           dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})

    mobilenet = MobileNet()
    randomize_batchnorm(mobilenet)
    export(mobilenet, (image,), "mobilenet", ["x"], ["y"])

    export(ViT(), (image,), "vit", ["x"], ["y"])

    ids = torch.randint(0, 1000, (1, 16))
    mask = torch.ones(1, 16, dtype=torch.int64)
    mask[0, 12:] = 0
    bert = transformers.BertModel(transformers.BertConfig(
        vocab_size=1000, hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
        intermediate_size=128, max_position_embeddings=64, attn_implementation="eager"))
    export(Encoder(bert, with_mask=True), (ids, mask), "bert", ["input_ids", "attention_mask"],
           ["last_hidden_state", "pooler_output"])

    gpt2 = transformers.GPT2Model(transformers.GPT2Config(
        vocab_size=1000, n_embd=64, n_layer=2, n_head=4, n_positions=64,
        attn_implementation="eager", use_cache=False))
    # The TorchScript exporter cannot export transformers' causal mask
    # (aten::diff); PyTorch's default exporter can.
    export(Encoder(gpt2, with_mask=False), (ids,), "gpt2", ["input_ids"],
           ["last_hidden_state"], dynamo=True)

    with open(os.path.join(HERE, "MANIFEST.txt"), "w") as f:
        f.write("Generated by test/models/zoo/generate.py (seed 2026, opset %d) with\n" % OPSET)
        f.write("python %s, torch %s, transformers %s.\n" % (
            sys.version.split()[0], torch.__version__, transformers.__version__))


if __name__ == "__main__":
    main()
