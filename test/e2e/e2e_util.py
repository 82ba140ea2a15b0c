"""Shared helpers for Octet's end-to-end tests.

Each test builds ONNX models with onnx.helper, compiles them with
octet-compile, runs them with octet-run on the requested device, and compares
every output with onnxruntime's CPU execution (an independent reference).
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime as ort

RTOL = 1e-4
ATOL = 1e-5


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="directory of octet tools")
    parser.add_argument("--work", required=True, help="scratch directory")
    parser.add_argument("--device", default="auto", help="octet-run --device")
    parser.add_argument("--target", default=None, help="octet-compile --target")
    parser.add_argument("--compile-arg", action="append", default=[],
                        help="one more octet-compile argument (repeatable)")
    return parser.parse_args()


def run(cmd, expect_ok=True):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if expect_ok and proc.returncode != 0:
        sys.stderr.write("command failed (%d): %s\n%s%s" %
                         (proc.returncode, " ".join(cmd), proc.stdout, proc.stderr))
        sys.exit(1)
    return proc


def reference(model, feeds):
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, session.run(names, feeds)))


def compile_and_run(args, name, model, feeds, extra_compile=(), extra_run=(),
                    external_data=False):
    """Compiles `model`, runs it on args.device, returns (outputs, stderr).
    With `external_data` the model is saved the way PyTorch saves large
    models: every initializer in one `<name>.onnx.data` file beside it."""
    work = os.path.join(args.work, name)
    os.makedirs(work, exist_ok=True)
    onnx.checker.check_model(model)
    model_path = os.path.join(work, name + ".onnx")
    if external_data:
        model = onnx.ModelProto.FromString(model.SerializeToString())
        onnx.save(model, model_path, save_as_external_data=True,
                  all_tensors_to_one_file=True, location=name + ".onnx.data",
                  size_threshold=0)
    else:
        onnx.save(model, model_path)
    artifact = os.path.join(work, name + ".octet")
    cmd = [os.path.join(args.bin, "octet-compile"), model_path, "-o", artifact]
    if args.target:
        cmd.append("--target=" + args.target)
    run(cmd + list(args.compile_arg) + list(extra_compile))
    run_cmd = [os.path.join(args.bin, "octet-run"), artifact,
               "--device", args.device, "--output-dir", os.path.join(work, "out")]
    for input_name, value in feeds.items():
        path = os.path.join(work, "in_%s.npy" % input_name)
        np.save(path, value)
        run_cmd += ["--input", "%s=%s" % (input_name, path)]
    proc = run(run_cmd + list(extra_run))
    outputs = {}
    for out in model.graph.output:
        outputs[out.name] = np.load(os.path.join(work, "out", out.name + ".npy"))
    return outputs, proc.stderr


def check(args, name, model, feeds, rtol=RTOL, atol=ATOL, extra_compile=(),
          external_data=False):
    """Compiles and runs `model`, compares with onnxruntime; exits 1 on error."""
    got, stderr = compile_and_run(args, name, model, feeds, extra_compile=extra_compile,
                                  external_data=external_data)
    expected = reference(model, feeds)
    ok = True
    for key, want in expected.items():
        have = got[key]
        if have.shape != want.shape or have.dtype != want.dtype:
            print("%s: output %s: got %s%s, expected %s%s" %
                  (name, key, have.dtype, have.shape, want.dtype, want.shape))
            ok = False
            continue
        err = np.abs(have.astype(np.float64) - want.astype(np.float64))
        bound = atol + rtol * np.abs(want.astype(np.float64))
        worst = float(np.max(err - bound)) if err.size else 0.0
        status = "ok" if worst <= 0 else "MISMATCH"
        print("%s: output %s %s: max abs err %.3g, max rel err %.3g (%s)" %
              (name, key, list(want.shape), float(err.max()) if err.size else 0.0,
               float(np.max(err / np.maximum(np.abs(want), 1e-30))) if err.size else 0.0,
               status))
        ok = ok and worst <= 0
    device_lines = [l for l in stderr.splitlines() if "running on" in l]
    if device_lines:
        print("%s: %s" % (name, device_lines[0].strip()))
    if not ok:
        sys.exit(1)


def rand(rng, *shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def make_model(nodes, inputs, outputs, initializers=(), opset=17, name="model"):
    graph = onnx.helper.make_graph(nodes, name, inputs, outputs,
                                   initializer=list(initializers))
    model = onnx.helper.make_model(
        graph, opset_imports=[onnx.helper.make_opsetid("", opset)])
    model.ir_version = 8
    return model


def tensor_info(name, shape, elem_type=onnx.TensorProto.FLOAT):
    return onnx.helper.make_tensor_value_info(name, elem_type, shape)


def initializer(name, array):
    return onnx.numpy_helper.from_array(np.asarray(array, dtype=np.float32), name)


def initializer_int64(name, values):
    return onnx.numpy_helper.from_array(np.asarray(values, dtype=np.int64), name)
