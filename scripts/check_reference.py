"""Compares octet-run's outputs with onnxruntime's for the same inputs.

    check_reference.py MODEL.onnx OUTPUT_DIR NAME=FILE.npy ...
Prints the largest absolute and relative error per output and exits 1 if any
output is outside rtol 1e-4 / atol 1e-5.
"""
import os
import sys

import numpy as np
import onnxruntime as ort


def main(argv):
    model, out_dir, *pairs = argv
    feeds = {}
    for pair in pairs:
        name, path = pair.split("=", 1)
        feeds[name] = np.load(path)
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    ok = True
    for name, want in zip(names, session.run(names, feeds)):
        have = np.load(os.path.join(out_dir, name + ".npy"))
        close = have.shape == want.shape and np.allclose(have, want, rtol=1e-4, atol=1e-5)
        err = np.abs(have - want) if have.shape == want.shape else np.array([np.inf])
        print("check against onnxruntime: output '%s' %s: max abs err %.2e, "
              "max rel err %.2e: %s" % (name, list(want.shape), err.max(),
                                        (err / np.maximum(np.abs(want), 1e-30)).max(),
                                        "OK" if close else "MISMATCH"))
        ok = ok and close
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
