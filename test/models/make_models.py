"""Writes the small models shipped in test/models/ (used by the quick start).

    .venv/bin/python test/models/make_models.py
The weights come from a seeded generator, so the files are reproducible.
"""
import os
import sys

import numpy as np
import onnx

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "e2e"))
import models  # noqa: E402

name, model, feeds = models.mlp(np.random.default_rng(2026))
onnx.save(model, os.path.join(here, "mlp.onnx"))
np.save(os.path.join(here, "mlp_input_x.npy"), feeds["x"])
print("wrote test/models/mlp.onnx and mlp_input_x.npy")
