"""Runs ONNX's backend node tests (Debian's libonnx-testdata) through Octet.

Each test directory (data/node/test_*/) holds model.onnx and one or more
test_data_set_N/ with input_K.pb and output_K.pb (TensorProto). For every test
this script compiles the model with octet-compile (--target opencl by
default), converts the inputs to .npy, runs the artifact with octet-run on the
chosen device and compares each output with output_K.pb: same dtype, same
shape, and |got - want| <= ATOL + RTOL * |want| everywhere (NaN matches NaN,
an infinity matches the same infinity).

Every test gets one status:
  PASS         every output of every data set matches
  FAIL         it compiled (and ran, or octet-run reported an error) but the
               outputs are wrong or missing: a bug; the reason gives the max error
  UNSUPPORTED  octet-compile rejected the model with a diagnostic (`error:`);
               the reason is its first error line. Also a test whose data
               set feeds an input another shape than the model declares:
               Octet compiles the declared (static) shapes
  STALE        the outputs differ from output_K.pb but match what ONNX's own
               reference implementation (onnx.reference, of the installed
               onnx package) computes today: the stored data predates a
               change of the specification (e.g. Cast to BFLOAT16 truncated
               in ONNX 1.12's data; the operator now rounds to nearest even).
               Also outputs stored rounded to 4 decimals that match within
               that rounding (5e-5). Not a pass, not a failure
  CRASH        a tool died on a signal, exited non-zero without an `error:`
               message, or ran past --timeout

Usage:
  run_onnx_node_tests.py [--filter REGEX] [--supported-only] [--jobs N]
                         [--report FILE] [--expect FILE] [--bin DIR]

The last line printed is the summary, e.g.
  conformance: 812 tests: 40 pass, 0 fail, 772 unsupported, 0 crash
--expect FILE names tests (one a line, `#` comments) that must PASS: the exit
status is 1 when one of them does not, or when any test CRASHes.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

import numpy as np
import onnx
from onnx import numpy_helper

# Tolerances of the comparison with output_K.pb (the same as test/e2e):
# an element matches when |got - want| <= ATOL + RTOL * |want|.
RTOL = 1e-4
ATOL = 1e-5

# The ONNX operators Octet supports, as octet-compile --list-onnx-ops prints
# them (read by main()); a test "uses supported ops" when every node of its
# graph (subgraphs included) is one of these in the default domain.
SUPPORTED_OPS = frozenset()


def read_supported_ops(bin_dir):
    """Operator names from `octet-compile --list-onnx-ops` (the importer's table)."""
    out = subprocess.run([os.path.join(bin_dir, "octet-compile"), "--list-onnx-ops"],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    header = out.index(next(line for line in out if line.startswith("OPERATOR")))
    return frozenset(line.split()[0] for line in out[header + 1:] if line.strip())

DEFAULT_DATA = "/usr/share/libonnx-testdata/data/node"
STATUSES = ("PASS", "FAIL", "UNSUPPORTED", "CRASH", "STALE")


def default_bin():
    """Octet's tools: the directory of octet-compile on PATH, else build/bin."""
    found = shutil.which("octet-compile")
    if found:
        return os.path.dirname(os.path.abspath(found))
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return os.path.join(root, "build", "bin")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default=DEFAULT_DATA,
                   help="directory of test_*/ node tests (default: %(default)s)")
    p.add_argument("--bin", default=None,
                   help="directory of octet-compile/octet-run (default: PATH, else build/bin)")
    p.add_argument("--filter", default=None,
                   help="run only tests whose name matches this regex (re.search)")
    p.add_argument("--supported-only", action="store_true",
                   help="run only tests whose ops are all in Octet's supported set")
    p.add_argument("--jobs", type=int, default=2, help="tests run in parallel (default 2)")
    p.add_argument("--report", default=None, help="write a markdown report here")
    p.add_argument("--expect", default=None,
                   help="file of test names that must PASS (exit 1 otherwise)")
    p.add_argument("--target", default="opencl", help="octet-compile --target (default opencl)")
    p.add_argument("--device", default="opencl:0", help="octet-run --device (default opencl:0)")
    p.add_argument("--timeout", type=float, default=120.0,
                   help="seconds per tool invocation before it counts as a CRASH (default 120)")
    p.add_argument("--work", default=None,
                   help="scratch directory (default: a temporary one, removed at the end)")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="print a line per test as it finishes")
    return p.parse_args(argv)


def graph_ops(graph, out):
    """Adds (domain, op_type) of every node of `graph` and its subgraphs to `out`."""
    for node in graph.node:
        out.add((node.domain or "ai.onnx", node.op_type))
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                graph_ops(attr.g, out)
            elif attr.type == onnx.AttributeProto.GRAPHS:
                for g in attr.graphs:
                    graph_ops(g, out)
    return out


# Whole categories of node tests that no inference compiler runs: they are
# excluded from the "counted" figure, each for the reason given
# (docs/conformance.md lists them).
TRAINING_OPS = frozenset({"NegativeLogLikelihoodLoss", "SoftmaxCrossEntropyLoss", "Adagrad",
                          "Adam", "Momentum", "Gradient"})
# Loss functions and optimizers, also in their expanded (decomposed) forms,
# and Dropout in training mode (a random mask).
TRAINING_TESTS = re.compile(r"^test_(nllloss|sce|training_dropout|adagrad|adam|momentum|"
                            r"nesterov_momentum|gradient)")
RANDOM_OPS = frozenset({"RandomNormal", "RandomUniform", "RandomNormalLike",
                        "RandomUniformLike", "Bernoulli", "Multinomial"})
SEQUENCE_OPS = frozenset({"SequenceAt", "SequenceConstruct", "SequenceEmpty", "SequenceErase",
                          "SequenceInsert", "SequenceLength", "SequenceMap", "SplitToSequence",
                          "ConcatFromSequence", "Optional", "OptionalGetElement",
                          "OptionalHasElement"})
STRING_OPS = frozenset({"StringNormalizer", "TfIdfVectorizer", "RegexFullMatch", "StringConcat",
                        "StringSplit", "LabelEncoder"})
CATEGORIES = ("training ops", "random outputs", "sequence, map and optional types",
              "string tensors")


def excluded_category(name, model, ops):
    """The excluded category (one of CATEGORIES) of a test, or None."""
    types = {t for _, t in ops}
    if (TRAINING_TESTS.match(name) or types & TRAINING_OPS
            or any(d == "ai.onnx.preview.training" for d, _ in ops)):
        return CATEGORIES[0]
    if types & RANDOM_OPS:
        return CATEGORIES[1]
    values = list(model.graph.input) + list(model.graph.output) if model else []
    if types & SEQUENCE_OPS or any(not v.type.HasField("tensor_type") for v in values):
        return CATEGORIES[2]
    if types & STRING_OPS or any(v.type.HasField("tensor_type") and
                                 v.type.tensor_type.elem_type == onnx.TensorProto.STRING
                                 for v in values):
        return CATEGORIES[3]
    return None


def uses_supported_ops(ops):
    return bool(ops) and all(d in ("ai.onnx", "") and t in SUPPORTED_OPS for d, t in ops)


class Result:
    def __init__(self, name, status, reason, ops, excluded=None):
        self.name, self.status, self.reason, self.ops = name, status, reason, ops
        # The excluded category (CATEGORIES), None for a counted test.
        self.excluded = excluded

    @property
    def supported(self):
        return uses_supported_ops(self.ops)


def first_error_line(text):
    for line in text.splitlines():
        if "error:" in line:
            return line.strip()
    return None


def describe_exit(tool, proc_rc, stderr):
    """Reason of a failed tool run: its first error line, else how it died."""
    line = first_error_line(stderr)
    if line is not None:
        return line
    if proc_rc < 0:
        try:
            sig = signal.Signals(-proc_rc).name
        except ValueError:
            sig = "signal %d" % -proc_rc
        return "%s killed by %s" % (tool, sig)
    tail = [l.strip() for l in stderr.splitlines() if l.strip()]
    return "%s exited %d without an error message%s" % (
        tool, proc_rc, (": " + tail[-1]) if tail else "")


# Where each worker thread's tools keep PoCL's kernel cache (set in main). PoCL
# 3.1 (Debian 12) can crash when two processes build the same kernel into one
# cache directory at once (pocl/pocl#430, #586, #1480), which the parallel jobs
# here do for tests with identical kernels (test_reduce_max_*): one directory
# per worker keeps them apart.
POCL_CACHE_ROOT = None


def run_tool(cmd, timeout):
    """Returns (returncode or None on timeout, stdout+stderr text)."""
    env = None
    if POCL_CACHE_ROOT:
        env = dict(os.environ, POCL_CACHE_DIR=os.path.join(
            POCL_CACHE_ROOT, "worker-%d" % threading.get_ident()))
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, ""
    return proc.returncode, proc.stdout + proc.stderr


def short(text, limit=160):
    text = " ".join(text.split())
    # The model path prefix of compiler diagnostics carries no information.
    text = re.sub(r"^\S*model\.onnx:\d+:\d+: ", "", text)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def load_tensor(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def bfloat16_to_float32(bits):
    """float32 values of bfloat16 bit patterns (uint16 or raw 'V2')."""
    return (bits.view(np.uint16).astype(np.uint32) << 16).view(np.float32)


def current_reference(model, ds_dir, inputs, k):
    """Output k of `model` on data set `ds_dir` as the installed onnx
    package's reference implementation computes it, or None."""
    try:
        from onnx.reference import ReferenceEvaluator
        feeds = {}
        for i, input_name in enumerate(inputs):
            pb = os.path.join(ds_dir, "input_%d.pb" % i)
            if os.path.exists(pb):
                feeds[input_name] = load_tensor(pb)
        return np.asarray(ReferenceEvaluator(model).run(None, feeds)[k])
    except Exception:  # no reference for this model: no verdict
        return None


def declared_types(values):
    """{name: (elem_type, [dim or None])} of graph inputs or outputs."""
    out = {}
    for v in values:
        t = v.type.tensor_type
        dims = [d.dim_value if d.HasField("dim_value") else None for d in t.shape.dim]
        out[v.name] = (t.elem_type, dims)
    return out


def compare(name, got, want):
    """None when `got` matches `want`, else a one-line reason."""
    if got.dtype != want.dtype:
        return "output %s: dtype %s, expected %s" % (name, got.dtype, want.dtype)
    if got.shape != want.shape:
        return "output %s: shape %s, expected %s" % (name, list(got.shape), list(want.shape))
    if want.size == 0:
        return None
    if want.dtype.kind not in "fc":
        bad = got != want
        if np.any(bad):
            return "output %s: %d of %d elements differ" % (name, int(bad.sum()), want.size)
        return None
    g = got.astype(np.float64)
    w = want.astype(np.float64)
    same_special = (np.isnan(g) & np.isnan(w)) | (np.isinf(w) & (g == w))
    err = np.abs(g - w)
    bad = ~same_special & ~(err <= ATOL + RTOL * np.abs(w))
    if not np.any(bad):
        return None
    finite_err = np.where(same_special, 0.0, err)
    idx = np.unravel_index(int(np.nanargmax(np.where(np.isnan(finite_err), np.inf, finite_err))),
                           w.shape)
    return ("output %s: %d of %d elements off, max abs err %.3g at %s (got %.6g, expected %.6g)"
            % (name, int(bad.sum()), want.size, float(finite_err[idx]),
               list(map(int, idx)), float(g[idx]), float(w[idx])))


def matches_rounded(got, want, decimals):
    """Whether float output `want` holds values rounded to `decimals` decimal
    places (as some node tests store them) and `got` is within that rounding
    of it (half a unit of the last place, plus RTOL)."""
    if want.dtype.kind != "f" or got.shape != want.shape or want.size == 0:
        return False
    w = want.astype(np.float64)
    g = got.astype(np.float64)
    if not np.all(np.isfinite(w)) or not np.all(np.isfinite(g)):
        return False
    if np.any(np.abs(np.round(w, decimals) - w) > 1e-6 * np.maximum(1.0, np.abs(w))):
        return False
    return bool(np.all(np.abs(g - w) <= 0.5 * 10.0 ** -decimals + RTOL * np.abs(w)))


# What octet-compile says when an input must be known at compile time.
NEEDS_CONSTANT = re.compile(r"the \w+ input '([^']+)' must be a constant")


def inputs_feeding(graph, name, inputs):
    """The graph inputs (of `inputs`) that value `name` is computed from,
    in graph-input order: `name` itself when it is one."""
    producer = {out: node for node in graph.node for out in node.output}
    seen, stack, found = set(), [name], set()
    while stack:
        value = stack.pop()
        if value in seen:
            continue
        seen.add(value)
        if value in inputs:
            found.add(value)
        elif value in producer:
            stack.extend(v for v in producer[value].input if v)
    return [i for i in inputs if i in found]


def run_test(args, test_dir, work_root):
    name = os.path.basename(test_dir)
    model_path = os.path.join(test_dir, "model.onnx")
    try:
        model = onnx.load(model_path)
        ops = graph_ops(model.graph, set())
    except Exception as e:  # a model onnx cannot load is Octet's to reject
        model, ops = None, set()
        load_error = str(e)
    work = os.path.join(work_root, name)
    os.makedirs(work, exist_ok=True)
    tools = args.bin
    data_sets = sorted(d for d in os.listdir(test_dir) if d.startswith("test_data_set_"))
    initializers = {t.name for t in model.graph.initializer} if model else set()
    inputs = [i.name for i in model.graph.input if i.name not in initializers] if model else []

    def compile_for(ds, constant_names):
        """Compiles the model, the inputs in `constant_names` bound to data set
        `ds`'s values (octet-compile --constant-input); (rc, output, artifact)."""
        artifact = os.path.join(work, (ds or "model") + ".octet")
        cmd = [os.path.join(tools, "octet-compile"), model_path, "-o", artifact,
               "--target=" + args.target]
        for input_name in constant_names:
            k = inputs.index(input_name)
            npy = os.path.join(work, "%s_const_%d.npy" % (ds, k))
            np.save(npy, load_tensor(os.path.join(test_dir, ds, "input_%d.pb" % k)))
            cmd += ["--constant-input", "%s=%s" % (input_name, npy)]
        rc, out = run_tool(cmd, args.timeout)
        return rc, out, artifact

    # Node tests often feed what exported models hold as constants (a shape,
    # axes, a size) as graph inputs. When octet-compile asks for such an
    # input to be constant, it is bound to each data set's value with
    # --constant-input (the reason column says so) and the model is compiled
    # per data set.
    # The value asked for may be computed from graph inputs (a window's size,
    # cast and scaled): those inputs are bound.
    constant_names = []
    rc, out, artifact = compile_for(None, constant_names)
    while rc is not None and rc > 0 and data_sets and NEEDS_CONSTANT.search(out):
        feeding = [i for i in inputs_feeding(model.graph, NEEDS_CONSTANT.search(out).group(1), inputs)
                   if i not in constant_names]
        if not feeding or not all(
                os.path.exists(os.path.join(test_dir, data_sets[0], "input_%d.pb" % inputs.index(i)))
                for i in feeding):
            break
        constant_names.extend(feeding)
        rc, out, artifact = compile_for(data_sets[0], constant_names)
    if rc is None:
        return Result(name, "CRASH", "octet-compile timed out after %gs" % args.timeout, ops)
    if rc != 0:
        if rc > 0 and first_error_line(out) is not None:
            return Result(name, "UNSUPPORTED", short(first_error_line(out)), ops)
        return Result(name, "CRASH", short(describe_exit("octet-compile", rc, out)), ops)
    if model is None:
        return Result(name, "FAIL", "octet-compile accepted a model onnx cannot load: "
                      + short(load_error), ops)

    outputs = [o.name for o in model.graph.output]
    input_types = declared_types(model.graph.input)
    output_types = declared_types(model.graph.output)
    bf16 = onnx.TensorProto.BFLOAT16
    if not data_sets:
        return Result(name, "FAIL", "no test_data_set_* in the test directory", ops)
    for ds in data_sets:
        ds_dir = os.path.join(test_dir, ds)
        ds_work = os.path.join(work, ds)
        out_dir = os.path.join(ds_work, "out")
        os.makedirs(out_dir, exist_ok=True)
        if constant_names and ds != data_sets[0]:
            rc, out, artifact = compile_for(ds, constant_names)
            if rc is None or rc != 0:
                return Result(name, "FAIL" if rc and first_error_line(out) else "CRASH",
                              "%s: octet-compile: %s" % (ds, short(first_error_line(out) or out)),
                              ops)
        cmd = [os.path.join(tools, "octet-run"), artifact, "--device", args.device,
               "--output-dir", out_dir]
        for k, input_name in enumerate(inputs):
            if input_name in constant_names:
                continue
            pb = os.path.join(ds_dir, "input_%d.pb" % k)
            if not os.path.exists(pb):
                continue  # an optional input the data set leaves out
            npy = os.path.join(ds_work, "input_%d.npy" % k)
            array = load_tensor(pb)
            elem_type, dims = input_types[input_name]
            if len(dims) != array.ndim or any(
                    d is not None and d != s for d, s in zip(dims, array.shape)):
                return Result(name, "UNSUPPORTED",
                              "%s: input %s has shape %s, the model declares %s "
                              "(Octet compiles the declared shapes)"
                              % (ds, input_name, list(array.shape), dims), ops)
            if elem_type == bf16:
                array = array.view("V2")  # raw bfloat16 bits, as octet-run reads them
            np.save(npy, array)
            cmd += ["--input", "%s=%s" % (input_name, npy)]
        rc, out = run_tool(cmd, args.timeout)
        if rc is None:
            return Result(name, "CRASH", "%s: octet-run timed out after %gs" % (ds, args.timeout),
                          ops)
        if rc != 0:
            if rc > 0 and first_error_line(out) is not None:
                return Result(name, "FAIL", "%s: octet-run: %s" % (ds, short(first_error_line(out))),
                              ops)
            return Result(name, "CRASH", "%s: %s" % (ds, short(describe_exit("octet-run", rc, out))),
                          ops)
        for k, output_name in enumerate(outputs):
            want = load_tensor(os.path.join(ds_dir, "output_%d.pb" % k))
            got_path = os.path.join(out_dir, output_name + ".npy")
            if not os.path.exists(got_path):
                return Result(name, "FAIL", "%s: octet-run wrote no %s.npy" % (ds, output_name), ops)
            got = np.load(got_path)
            is_bf16 = output_types[output_name][0] == bf16
            if is_bf16:
                got, want = bfloat16_to_float32(got), bfloat16_to_float32(want)
            why = compare(output_name, got, want)
            if why is not None:
                current = current_reference(model, ds_dir, inputs, k)
                if current is not None:
                    if is_bf16:
                        current = bfloat16_to_float32(current)
                    if compare(output_name, got, current) is None:
                        return Result(name, "STALE", "%s: %s; matches onnx %s's reference"
                                      % (ds, why, onnx.__version__), ops)
                if matches_rounded(got, want, 4):
                    return Result(name, "STALE", "%s: %s; the stored output is rounded to 4 "
                                  "decimals and matches within that rounding" % (ds, why), ops)
                return Result(name, "FAIL", "%s: %s" % (ds, why), ops)
    return Result(name, "PASS", ("compiled with --constant-input " + ", ".join(constant_names))
                  if constant_names else "", ops)


def safe_run_test(args, test_dir, work_root):
    try:
        result = run_test(args, test_dir, work_root)
        try:
            model = onnx.load(os.path.join(test_dir, "model.onnx"))
        except Exception:
            model = None
        result.excluded = excluded_category(result.name, model, result.ops)
        return result
    except Exception as e:  # a harness problem must not hide the other tests
        return Result(os.path.basename(test_dir), "CRASH",
                      "harness: %s: %s" % (type(e).__name__, short(str(e))), set())


def read_expect(path):
    names = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(line)
    return names


def counts(results):
    c = {s: 0 for s in STATUSES}
    for r in results:
        c[r.status] += 1
    return c


def rate(c):
    total = sum(c.values())
    return "%.1f%%" % (100.0 * c["PASS"] / total) if total else "n/a"


def summary_line(label, results):
    c = counts(results)
    return "%s: %d tests: %d pass, %d fail, %d unsupported, %d crash, %d stale" % (
        label, len(results), c["PASS"], c["FAIL"], c["UNSUPPORTED"], c["CRASH"],
        c["STALE"])


def write_report(path, args, results):
    supported = [r for r in results if r.supported]
    lines = ["# Octet ONNX node conformance report", "",
             "Data: `%s`; target `%s`, device `%s`; rtol %g, atol %g%s." % (
                 args.data, args.target, args.device, RTOL, ATOL,
                 ("; filter `%s`" % args.filter) if args.filter else ""), "",
             "## Summary", "",
             "| Set | Tests | PASS | FAIL | UNSUPPORTED | CRASH | STALE | Pass rate |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    counted = [r for r in results if r.excluded is None]
    for label, rs in (("All tests", results), ("Counted (categories excluded)", counted),
                      ("Supported ops only", supported)):
        c = counts(rs)
        lines.append("| %s | %d | %d | %d | %d | %d | %d | %s |" % (
            label, len(rs), c["PASS"], c["FAIL"], c["UNSUPPORTED"], c["CRASH"],
            c["STALE"], rate(c)))
    lines += ["", "Excluded categories: %s." % "; ".join(
        "%s %d" % (c, sum(r.excluded == c for r in results)) for c in CATEGORIES)]
    lines += ["", "Supported ops: %s." % ", ".join(sorted(SUPPORTED_OPS)), "",
              "## Tests", "",
              "| Test | Status | Supported ops | Reason |", "|---|---|---|---|"]
    for r in results:
        lines.append("| %s | %s | %s | %s |" % (
            r.name, r.status, "yes" if r.supported else "no",
            r.reason.replace("|", "\\|")))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main(argv=None):
    args = parse_args(argv)
    global SUPPORTED_OPS
    args.bin = os.path.abspath(args.bin or default_bin())
    for tool in ("octet-compile", "octet-run"):
        if not os.access(os.path.join(args.bin, tool), os.X_OK):
            sys.stderr.write("error: %s not found in %s (pass --bin)\n" % (tool, args.bin))
            return 2
    SUPPORTED_OPS = read_supported_ops(args.bin)
    if not os.path.isdir(args.data):
        sys.stderr.write("error: no ONNX node test data at %s (apt-get install "
                         "libonnx-testdata, or pass --data)\n" % args.data)
        return 2

    all_names = sorted(d for d in os.listdir(args.data)
                       if d.startswith("test_") and
                       os.path.isfile(os.path.join(args.data, d, "model.onnx")))
    names = all_names
    if args.filter:
        pattern = re.compile(args.filter)
        names = [n for n in names if pattern.search(n)]
    if args.supported_only:
        keep = []
        for n in names:
            try:
                ops = graph_ops(onnx.load(os.path.join(args.data, n, "model.onnx")).graph, set())
            except Exception:
                continue
            if uses_supported_ops(ops):
                keep.append(n)
        names = keep

    work_root = args.work or tempfile.mkdtemp(prefix="octet-conformance-")
    os.makedirs(work_root, exist_ok=True)
    global POCL_CACHE_ROOT
    POCL_CACHE_ROOT = os.path.join(work_root, "pocl-cache")
    results = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = [pool.submit(safe_run_test, args, os.path.join(args.data, n), work_root)
                       for n in names]
            for fut in futures:
                r = fut.result()
                results.append(r)
                if args.verbose or r.status in ("FAIL", "CRASH"):
                    print("%s: %s%s" % (r.status, r.name, (" -- " + r.reason) if r.reason else ""),
                          flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work_root, ignore_errors=True)

    if args.report:
        write_report(args.report, args, results)

    rc = 0
    if args.expect:
        by_name = {r.name: r for r in results}
        expected = read_expect(args.expect)
        missing = [n for n in expected if n not in all_names]
        for n in missing:
            print("EXPECTED PASS: %s is not in %s" % (n, args.data))
        not_selected = [n for n in expected if n in all_names and n not in by_name]
        if not_selected:
            print("note: %d expected tests not selected by --filter/--supported-only"
                  % len(not_selected))
        broken = [n for n in expected if n in by_name and by_name[n].status != "PASS"]
        for n in broken:
            print("EXPECTED PASS: %s is %s -- %s" % (n, by_name[n].status, by_name[n].reason))
        if missing or broken:
            rc = 1
    if any(r.status == "CRASH" for r in results):
        rc = 1

    supported = [r for r in results if r.supported]
    counted = [r for r in results if r.excluded is None]
    print("counted: %s over the %d counted tests (%d pass; excluded: %s)" % (
        rate(counts(counted)), len(counted), counts(counted)["PASS"],
        ", ".join("%s %d" % (c, sum(r.excluded == c for r in results)) for c in CATEGORIES)))
    print("pass rate: %s over all %d tests; %s over the %d tests with supported ops (%s)" % (
        rate(counts(results)), len(results), rate(counts(supported)), len(supported),
        summary_line("supported", supported).split(": ", 1)[1]))
    print(summary_line("conformance", results))
    return rc


if __name__ == "__main__":
    sys.exit(main())
