"""Writes every end-to-end model of test/e2e/models.py and of the model zoo
(test/models/zoo) as DIR/<name>.onnx, and the octet-compile flags it needs
(--input-shape), if any, as DIR/<name>.onnx.flags."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "..", "e2e"))
import numpy as np  # noqa: E402
import onnx  # noqa: E402

import models  # noqa: E402
import run_zoo  # noqa: E402

os.makedirs(sys.argv[1], exist_ok=True)
for build in models.ALL:
    name, model, _, *options = build(np.random.default_rng(2026))
    path = os.path.join(sys.argv[1], name + ".onnx")
    onnx.save(model, path)
    flags = options[0].get("extra_compile", []) if options else []
    if flags:
        with open(path + ".flags", "w") as f:
            f.write(" ".join(flags))
    print(name)
for name in sorted(os.listdir(run_zoo.ZOO)):
    if not name.endswith(".onnx"):
        continue
    model = onnx.load(os.path.join(run_zoo.ZOO, name))
    _, flags = run_zoo.inputs_for(model, np.random.default_rng(2026))
    path = os.path.join(sys.argv[1], "zoo_" + name)
    onnx.save(model, path)
    if flags:
        with open(path + ".flags", "w") as f:
            f.write(" ".join(flags))
    print("zoo_" + name[:-len(".onnx")])
