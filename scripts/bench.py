#!/usr/bin/env python3
"""Octet against its peers, in one run on the device present.

For every case (the repo's models, MatMul N^3 with a constant right-hand
side) this compiles the ONNX model with octet-compile, times it with
`octet-run --benchmark`, and times the same model with onnxruntime's CPU
provider at 1 and 2 threads; for the MatMul sizes it also times CLBlast's
SGEMM (Debian's libclblast1) on the same OpenCL device. It prints, and writes
as markdown and as an SVG chart of the ratios:

  - median and p90 latency of each (Octet's includes uploading the inputs and
    downloading the outputs; onnxruntime's and CLBlast's do not need to),
    each timed after running for --warmup-ms (200 ms, as trtexec);
  - GFLOP/s for the MatMul sizes;
  - Octet / onnxruntime (2 threads) and Octet / CLBlast;
  - Octet's kernel launches per run and device memory;
  - compile time, and the start-up time (artifact mapped and verified, kernels
    built or read back, constants on the device) of a first run (empty kernel
    caches) and a second one (warm caches);
  - with --precisions, the same for BF16 and FP8 artifacts (FP8 with
    --weights-only: no calibration data is needed).

Usage (from the repository root, after scripts/build.sh and
scripts/setup-venv.sh):

    .venv/bin/python scripts/bench.py                       # everything
    .venv/bin/python scripts/bench.py --quick               # a small subset
    .venv/bin/python scripts/bench.py --device cuda:0 --out build/bench-cuda

The figures move by tens of percent from run to run on a shared VM: compare
ratios measured in one run, never absolute times across runs.
"""
import argparse
import ctypes
import ctypes.util
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "e2e"))
sys.path.insert(0, os.path.join(ROOT, "test", "models"))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402
from onnx import TensorProto, helper  # noqa: E402

import resnet50_model  # noqa: E402
import run_zoo  # noqa: E402

MODELS = ["mlp", "resnet", "mobilenet", "bert", "gpt2", "vit", "resnet50"]
MATMUL_SIZES = [256, 512, 1024, 2048]
PRECISION_FLAGS = {
    "fp32": [],
    "bf16": ["--precision", "bf16"],
    "fp8": ["--precision", "fp8", "--weights-only"],
}


# --- cases -----------------------------------------------------------------

class Case:
    """One model to time: its ONNX, inputs, compile flags and FLOPs."""

    def __init__(self, name, model, feeds, flags=(), flops=None):
        self.name, self.model, self.feeds = name, model, feeds
        self.flags, self.flops = list(flags), flops


def matmul_case(n, rng):
    a = rng.standard_normal((n, n)).astype(np.float32)
    b = rng.standard_normal((n, n)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["a", "b"], ["c"])], "matmul%d" % n,
        [helper.make_tensor_value_info("a", TensorProto.FLOAT, [n, n])],
        [helper.make_tensor_value_info("c", TensorProto.FLOAT, [n, n])],
        [onnx.numpy_helper.from_array(b, "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    return Case("matmul%d" % n, model, {"a": a}, flops=2.0 * n ** 3)


def model_case(name, rng):
    if name == "resnet50":
        # Built in memory (test/models/resnet50_model.py), 224x224, 4.1 GMACs.
        model = resnet50_model.build(np.random.default_rng(2026))
        feeds = {"x": rng.standard_normal((1, 3, 224, 224)).astype(np.float32)}
        return Case(name, model, feeds)
    if name == "mlp":
        path = os.path.join(ROOT, "test", "models", "mlp.onnx")
    else:
        path = os.path.join(run_zoo.ZOO, name + ".onnx")
    model = onnx.load(path)
    feeds, flags = run_zoo.inputs_for(model, rng)
    return Case(name, model, feeds, flags)


# --- timing ----------------------------------------------------------------

def runs_within(args, first_seconds):
    """How many timed runs fit in the per-measurement budget (at least 3,
    at most --runs), given how long one took."""
    if first_seconds <= 0:
        return args.runs
    return int(min(args.runs, max(3, args.budget / first_seconds)))


def warm_up(run_once, args):
    """Runs `run_once` for at least --warmup-ms (at least once): every peer
    is timed from the same steady state as octet-run --warmup-ms."""
    start = time.perf_counter()
    run_once()
    while time.perf_counter() - start < args.warmup_ms * 1e-3:
        run_once()


def summarize(seconds):
    ordered = sorted(seconds)
    p90 = ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1e3, p90 * 1e3


def time_onnxruntime(case, threads, args):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(case.model.SerializeToString(), options,
                                   providers=["CPUExecutionProvider"])
    start = time.perf_counter()
    session.run(None, case.feeds)
    first = time.perf_counter() - start
    warm_up(lambda: session.run(None, case.feeds), args)
    times = []
    for _ in range(runs_within(args, first)):
        start = time.perf_counter()
        session.run(None, case.feeds)
        times.append(time.perf_counter() - start)
    return summarize(times)


def run_tool(cmd, env=None):
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (os.path.basename(cmd[0]),
                                                    proc.returncode,
                                                    proc.stderr.strip()))
    return proc


class OctetResult:
    median = p90 = launches = device_bytes = None
    compile_s = cold_load_ms = warm_load_ms = None
    # "opencl:0 (pthread-...), executable opencl-c", from octet-run.
    executable = error = None


def time_octet(case, args, work, precision):
    """Compiles and times `case` with Octet; fills an OctetResult."""
    result = OctetResult()
    os.makedirs(work, exist_ok=True)
    model_path = os.path.join(work, case.name + ".onnx")
    onnx.save(case.model, model_path)
    artifact = os.path.join(work, "%s.%s.octet" % (case.name, precision))
    compile_cmd = [os.path.join(args.bin, "octet-compile"), model_path,
                   "-o", artifact] + case.flags + PRECISION_FLAGS[precision]
    if args.target:
        compile_cmd.append("--target=" + args.target)
    try:
        start = time.perf_counter()
        run_tool(compile_cmd)
        result.compile_s = time.perf_counter() - start

        inputs = []
        for name, value in case.feeds.items():
            path = os.path.join(work, "%s_%s.npy" % (case.name, name))
            np.save(path, value)
            inputs += ["--input", "%s=%s" % (name, path)]
        run_cmd = [os.path.join(args.bin, "octet-run"), artifact, "--device",
                   args.device, "--output-dir", os.path.join(work, "out")] + inputs
        # Fresh kernel caches (Octet's and PoCL's): the first run builds the
        # kernels, the second reads them back.
        caches = tempfile.mkdtemp(prefix="octet-bench-cache-", dir=work)
        env = dict(os.environ, OCTET_CACHE_DIR=os.path.join(caches, "octet"),
                   POCL_CACHE_DIR=os.path.join(caches, "pocl"))
        loads, first = [], 0.0
        for _ in range(2):
            out = run_tool(run_cmd + ["--benchmark", "1", "--warmup-ms", "0"],
                           env).stdout
            # Start-up: the artifact mapped and verified, then the model
            # loaded (kernels built or read back, constants on the device).
            loads.append(float(re.search(r"opened in ([0-9.]+) ms", out).group(1)) +
                         float(re.search(r"loaded in ([0-9.]+) ms", out).group(1)))
            first = float(re.search(r"median ([0-9.]+) ms", out).group(1)) * 1e-3
        result.cold_load_ms, result.warm_load_ms = loads
        runs = runs_within(args, first)
        proc = run_tool(run_cmd + ["--benchmark", str(runs), "--warmup-ms",
                                   str(args.warmup_ms)], env)
        out = proc.stdout
        m = re.search(r"median ([0-9.]+) ms, p90 ([0-9.]+) ms", out)
        result.median, result.p90 = float(m.group(1)), float(m.group(2))
        m = re.search(r"(\d+) kernel launches per run, (\d+) bytes of device memory", out)
        result.launches, result.device_bytes = int(m.group(1)), int(m.group(2))
        m = re.search(r"running on (.*)", proc.stderr)
        result.executable = m.group(1).strip() if m else "?"
    except RuntimeError as e:
        result.error = str(e).splitlines()[0][:160]
    return result


class CLBlast:
    """CLBlastSgemm on one OpenCL device, through ctypes (no compiler, no
    pyopencl): buffers on the device, timed from enqueue to completion."""

    def __init__(self, device_index):
        self.ok = False
        self.why = ""
        cl_name = ctypes.util.find_library("OpenCL") or "libOpenCL.so.1"
        try:
            self.cl = ctypes.CDLL(cl_name)
            self.blast = ctypes.CDLL("libclblast.so.1")
        except OSError as e:
            self.why = "not installed (apt-get install libclblast1): %s" % e
            return
        cl, vp = self.cl, ctypes.c_void_p
        cl.clCreateContext.restype = vp
        cl.clCreateCommandQueue.restype = vp
        cl.clCreateBuffer.restype = vp
        nplat = ctypes.c_uint32()
        cl.clGetPlatformIDs(0, None, ctypes.byref(nplat))
        platforms = (vp * max(nplat.value, 1))()
        cl.clGetPlatformIDs(nplat.value, platforms, None)
        devices = []
        for p in platforms[:nplat.value]:
            ndev = ctypes.c_uint32()
            if cl.clGetDeviceIDs(vp(p), ctypes.c_uint64(0xFFFFFFFF), 0, None,
                                 ctypes.byref(ndev)) != 0:
                continue
            ids = (vp * ndev.value)()
            cl.clGetDeviceIDs(vp(p), ctypes.c_uint64(0xFFFFFFFF), ndev.value, ids, None)
            devices += list(ids)
        if device_index >= len(devices):
            self.why = "no OpenCL device %d" % device_index
            return
        self.device = vp(devices[device_index])
        err = ctypes.c_int32()
        self.context = vp(cl.clCreateContext(None, 1, ctypes.byref(self.device),
                                             None, None, ctypes.byref(err)))
        self.queue = vp(cl.clCreateCommandQueue(self.context, self.device,
                                                ctypes.c_uint64(0), ctypes.byref(err)))
        if err.value != 0:
            self.why = "cannot create an OpenCL queue (%d)" % err.value
            return
        self.ok = True

    def buffer(self, array):
        err = ctypes.c_int32()
        flags = ctypes.c_uint64((1 << 0) | (1 << 5))  # READ_WRITE | COPY_HOST_PTR
        buf = self.cl.clCreateBuffer(self.context, flags, ctypes.c_size_t(array.nbytes),
                                     array.ctypes.data_as(ctypes.c_void_p),
                                     ctypes.byref(err))
        if err.value != 0:
            raise RuntimeError("clCreateBuffer: %d" % err.value)
        return ctypes.c_void_p(buf)

    def time_sgemm(self, n, args, rng):
        a = rng.standard_normal((n, n)).astype(np.float32)
        b = rng.standard_normal((n, n)).astype(np.float32)
        c = np.zeros((n, n), np.float32)
        bufs = [self.buffer(x) for x in (a, b, c)]
        sgemm = self.blast.CLBlastSgemm
        size, f32 = ctypes.c_size_t, ctypes.c_float

        def once():
            event = ctypes.c_void_p()
            status = sgemm(101, 111, 111, size(n), size(n), size(n), f32(1.0),
                           bufs[0], size(0), size(n), bufs[1], size(0), size(n),
                           f32(0.0), bufs[2], size(0), size(n),
                           ctypes.byref(self.queue), ctypes.byref(event))
            if status != 0:
                raise RuntimeError("CLBlastSgemm: status %d" % status)
            self.cl.clFinish(self.queue)
            self.cl.clReleaseEvent(event)

        once()  # builds CLBlast's kernels
        warm_up(once, args)
        start = time.perf_counter()
        once()
        times = [time.perf_counter() - start]
        for _ in range(runs_within(args, times[0]) - 1):
            start = time.perf_counter()
            once()
            times.append(time.perf_counter() - start)
        for buf in bufs:
            self.cl.clReleaseMemObject(buf)
        return summarize(times)


# --- report ----------------------------------------------------------------

def fmt_ms(ms):
    if ms is None:
        return "-"
    return "%.3g" % ms if ms < 100 else "%.0f" % ms


def fmt_ratio(a, b):
    return "%.2f" % (a / b) if a and b else "-"


def fmt_gflops(flops, ms):
    return "%.1f" % (flops / (ms * 1e-3) / 1e9) if flops and ms else "-"


def fmt_bytes(n):
    if n is None:
        return "-"
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return "%.1f %s" % (n / size, unit)
    return "%d B" % n


def write_svg(path, rows):
    """A horizontal bar chart of Octet / onnxruntime (2 threads) per case, on
    a log scale, with 1x, 3x and 6x marked."""
    bars = [(r["label"], r["ratio"]) for r in rows if r["ratio"]]
    if not bars:
        return
    width, left, bar_h, gap, top = 760, 190, 16, 6, 40
    height = top + len(bars) * (bar_h + gap) + 40
    top_ratio = max(10.0, max(v for _, v in bars) * 1.2)
    scale = (width - left - 20) / math.log10(top_ratio * 10)

    def x(v):
        return left + max(0.0, math.log10(max(v, 0.1) * 10)) * scale

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="11">' % (width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="20" font-size="13">Octet latency / onnxruntime '
           '(2 threads), log scale: lower is better</text>' % left]
    for mark in (1, 3, 6):
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#888" '
                   'stroke-dasharray="3,3"/>' % (x(mark), top - 6, x(mark), height - 30))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%dx</text>'
                   % (x(mark), height - 16, mark))
    for i, (label, value) in enumerate(bars):
        y = top + i * (bar_h + gap)
        color = "#2a7" if value <= 1 else ("#e90" if value <= 6 else "#c33")
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                   % (left - 6, y + bar_h - 4, label))
        out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>'
                   % (left, y, max(1.0, x(value) - left), bar_h, color))
        out.append('<text x="%.1f" y="%d">%.2fx</text>'
                   % (x(value) + 4, y + bar_h - 4, value))
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def machine_line(device_description):
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            names = re.findall(r"model name\s*:\s*(.*)", f.read())
            if names:
                cpu = "%s x%d" % (names[0], len(names))
    except OSError:
        pass
    return "%s; Octet on %s; onnxruntime %s" % (cpu, device_description,
                                                ort.__version__)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    parser.add_argument("--device", default="opencl:0", help="octet-run --device")
    parser.add_argument("--target", default=None,
                        help="octet-compile --target (default: the device's API)")
    parser.add_argument("--runs", type=int, default=20,
                        help="timed runs per measurement, at most")
    parser.add_argument("--budget", type=float, default=10.0,
                        help="seconds per measurement: slow cases get fewer "
                        "runs (at least 3)")
    parser.add_argument("--warmup-ms", type=float, default=200.0,
                        help="each peer runs for this long before it is timed "
                        "(octet-run --warmup-ms)")
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--matmul", default=",".join(map(str, MATMUL_SIZES)))
    parser.add_argument("--precisions", default="fp32,bf16,fp8",
                        help="comma-separated: fp32, bf16, fp8 (weights-only)")
    parser.add_argument("--quick", action="store_true",
                        help="MLP and MatMul 256 only, 5 runs, fp32 and fp8")
    args = parser.parse_args()
    if args.quick:
        args.models, args.matmul, args.runs, args.precisions = "mlp", "256", 5, "fp32,fp8"
    if args.target is None:
        args.target = args.device.split(":")[0]
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="work-", dir=args.out)

    rng = np.random.default_rng(2026)
    cases = [model_case(m, rng) for m in args.models.split(",") if m]
    cases += [matmul_case(int(n), rng) for n in args.matmul.split(",") if n]
    precisions = [p for p in args.precisions.split(",") if p]

    clblast = None
    if args.device.startswith("opencl") and any(c.flops for c in cases):
        clblast = CLBlast(int(args.device.split(":")[1]) if ":" in args.device else 0)
        if not clblast.ok:
            print("bench: CLBlast: %s" % clblast.why, file=sys.stderr)

    rows, device_description = [], args.device
    header = ("| case | precision | Octet median (p90) ms | onnxruntime 1 thread | "
              "onnxruntime 2 threads | CLBlast | Octet / ort 2t | Octet / CLBlast | "
              "GFLOP/s Octet / ort 2t / CLBlast | launches | device memory | compile s | "
              "start-up cold / warm ms |")
    lines = [header, "|" + "|".join(["---"] * (header.count("|") - 1)) + "|"]
    print(header)
    print(lines[1])
    for case in cases:
        ort1 = time_onnxruntime(case, 1, args)
        ort2 = time_onnxruntime(case, 2, args)
        blast = None
        if case.flops and clblast and clblast.ok:
            n = round((case.flops / 2) ** (1 / 3))
            blast = clblast.time_sgemm(n, args, rng)
        for precision in precisions:
            octet = time_octet(case, args, os.path.join(work, case.name), precision)
            if octet.executable and device_description == args.device:
                device_description = octet.executable
            label = case.name + ("" if precision == "fp32" else " " + precision)
            if octet.error:
                line = "| %s | %s | error: %s | %s | %s | %s |  |  |  |  |  |  |  |" % (
                    case.name, precision, octet.error, fmt_ms(ort1[0]),
                    fmt_ms(ort2[0]), fmt_ms(blast[0]) if blast else "-")
                rows.append({"label": label, "ratio": None})
            else:
                gflops = "-"
                if case.flops:
                    gflops = "%s / %s / %s" % (
                        fmt_gflops(case.flops, octet.median),
                        fmt_gflops(case.flops, ort2[0]),
                        fmt_gflops(case.flops, blast[0]) if blast else "-")
                line = ("| %s | %s | %s (%s) | %s (%s) | %s (%s) | %s | %s | %s | %s "
                        "| %d | %s | %.2f | %s / %s |") % (
                    case.name, precision, fmt_ms(octet.median), fmt_ms(octet.p90),
                    fmt_ms(ort1[0]), fmt_ms(ort1[1]), fmt_ms(ort2[0]), fmt_ms(ort2[1]),
                    "%s (%s)" % (fmt_ms(blast[0]), fmt_ms(blast[1])) if blast else "-",
                    fmt_ratio(octet.median, ort2[0]),
                    fmt_ratio(octet.median, blast[0]) if blast else "-",
                    gflops, octet.launches, fmt_bytes(octet.device_bytes),
                    octet.compile_s, fmt_ms(octet.cold_load_ms),
                    fmt_ms(octet.warm_load_ms))
                rows.append({"label": label, "ratio": octet.median / ort2[0],
                             "precision": precision, "matmul": bool(case.flops)})
            lines.append(line)
            print(line, flush=True)

    # Geometric mean over the models (not the MatMul sizes), per precision.
    summary = []
    for precision in precisions:
        ratios = [r["ratio"] for r in rows if r.get("precision") == precision
                  and not r.get("matmul") and r["ratio"]]
        if ratios:
            geo = math.exp(sum(math.log(v) for v in ratios) / len(ratios))
            summary.append("%s: geometric mean of Octet / onnxruntime (2 threads) "
                           "over %d models %.2fx, worst %.2fx"
                           % (precision, len(ratios), geo, max(ratios)))
    for s in summary:
        print(s)

    markdown = os.path.join(args.out, "bench.md")
    svg = os.path.join(args.out, "bench.svg")
    with open(markdown, "w") as f:
        f.write("Machine: %s. Up to %d timed runs after %g ms of warm-up runs "
                "(at least 3, within %g s per measurement); %s.\n\n"
                % (machine_line(device_description), args.runs, args.warmup_ms,
                   args.budget, time.strftime("%Y-%m-%d")))
        f.write("\n".join(lines) + "\n\n")
        for s in summary:
            f.write("- %s\n" % s)
    write_svg(svg, rows)
    print("bench: wrote %s and %s" % (markdown, svg))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
