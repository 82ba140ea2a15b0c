#!/usr/bin/env python3
"""Regenerates the command outputs quoted in README.md and docs/, or checks them.

Every figure the docs quote from a command (artifact sizes, help texts, the
quick start's output, the accuracy of Octet's math approximations) sits
between two markers:

    <!-- BEGIN GENERATED: NAME (scripts/update-doc-figures.py) -->
    ...
    <!-- END GENERATED: NAME -->

and is produced here by running the command it shows, from the repository
root, with paths printed the way the docs show them. Run it after a change
that moves a figure:

    .venv/bin/python scripts/update-doc-figures.py            # rewrite the blocks
    .venv/bin/python scripts/update-doc-figures.py --check    # exit 1 on any drift

`--check` is part of the test suite (test/docs/doc-figures.test). Blocks whose
output depends on the machine (device names, timings, numerical error against
onnxruntime on that device) are compared on their machine-independent lines
only, and rewritten only when those change (or with --refresh); the others
must match exactly.
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN = re.compile(r"<!-- BEGIN GENERATED: (\S+) \(scripts/update-doc-figures.py\) -->\n")


class Runner:
    """Runs the tools of one build; rewrites scratch paths into shown ones."""

    def __init__(self, bin_dir, python):
        self.bin_dir = bin_dir
        self.python = python
        self.scratch = tempfile.mkdtemp(prefix="octet-doc-figures-")
        self.cache = os.path.join(self.scratch, "cache")
        self.shown = {self.cache: "/tmp/cache"}

    def path(self, shown):
        """A scratch path printed in the docs as `shown` (e.g. build/quickstart)."""
        real = os.path.join(self.scratch, shown.replace("/", "_"))
        os.makedirs(real, exist_ok=True)
        self.shown[real] = shown
        return real

    def run(self, argv, display=None, ok_codes=(0,), env=None):
        """Runs argv from the repository root: '$ display' and its output."""
        tool = argv[0]
        if not os.path.isabs(tool) and os.path.exists(os.path.join(self.bin_dir, tool)):
            argv = [os.path.join(self.bin_dir, tool)] + argv[1:]
        env = dict(os.environ, OCTET_CACHE_DIR=self.cache, **(env or {}))
        proc = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        if proc.returncode not in ok_codes:
            sys.exit(f"update-doc-figures: {' '.join(argv)} exited {proc.returncode}:\n"
                     + proc.stdout)
        text = proc.stdout
        for real, shown in sorted(self.shown.items(), key=lambda kv: -len(kv[0])):
            text = text.replace(real, shown)
        text = text.replace(self.bin_dir + "/", "").replace(ROOT + "/", "")
        shown_cmd = display if display is not None else " ".join(
            a.replace(ROOT + "/", "") for a in [tool] + argv[1:])
        for real, shown in self.shown.items():
            shown_cmd = shown_cmd.replace(real, shown)
        return text, shown_cmd

    def close(self):
        shutil.rmtree(self.scratch, ignore_errors=True)


def block(lines):
    return "```text\n" + "".join(line if line.endswith("\n") else line + "\n"
                                 for line in lines) + "```\n"


def quickstart(r):
    """README: what scripts/quickstart.sh prints after building."""
    work = r.path("build/quickstart")
    out = []
    out.append("== devices\n")
    out.append(r.run(["octet-run", "--list-devices"])[0])
    out.append("== compile test/models/mlp.onnx\n")
    out.append(r.run(["octet-compile", "test/models/mlp.onnx", "-o", work + "/mlp.octet"])[0])
    out.append("== run\n")
    out.append(r.run(["octet-run", work + "/mlp.octet", "--input", "x=test/models/mlp_input_x.npy",
                      "--output-dir", work + "/out"])[0])
    out.append(r.run([r.python, "scripts/check_reference.py", "test/models/mlp.onnx",
                      work + "/out", "x=test/models/mlp_input_x.npy"])[0])
    return block(out)


def compile_help(r):
    text, _ = r.run(["octet-compile", "--help"])
    return block(["$ octet-compile --help\n", text])


def run_help(r):
    text, _ = r.run(["octet-run", "--help"])
    return block(["$ octet-run --help\n", text])


def onnx_ops(r):
    """README: the importer's operator table."""
    text, _ = r.run(["octet-compile", "--list-onnx-ops"])
    return block(["$ octet-compile --list-onnx-ops\n", text])


def compile_summary(r):
    """cli.md: octet-compile's one-line summary, both targets and OpenCL alone."""
    work = r.path("build/quickstart")
    dump = r.path("dump")
    lines = []
    text, cmd = r.run(["octet-compile", "test/models/mlp.onnx", "-o", work + "/mlp.octet"])
    lines += ["$ " + cmd + "\n", text, "\n"]
    text, _ = r.run(["octet-compile", "test/models/mlp.onnx", "-o", work + "/mlp2.octet",
                     "--target=opencl", "--dump-executables=" + dump])
    lines += ["$ octet-compile test/models/mlp.onnx -o mlp2.octet --target=opencl "
              "--dump-executables=dump\n", text.replace("build/quickstart/mlp2.octet", "mlp2.octet")]
    files = sorted(os.listdir(dump), key=lambda n: int(re.sub(r"\D", "", n) or 0))
    lines += ["$ ls dump\n", "  ".join(files[:4]) + " ... " + files[-1] + "\n"]
    with open(os.path.join(dump, "main_dispatch_0.cl")) as f:
        lines += ["$ cat dump/main_dispatch_0.cl\n", f.read()]
    return block(lines)


def octet_run_session(r):
    """cli.md: devices, a run, a benchmark and the check against onnxruntime."""
    work = r.path("build/quickstart")
    out = r.path("out")
    r.run(["octet-compile", "test/models/mlp.onnx", "-o", work + "/mlp.octet"])
    lines = []
    for argv, display in [
        (["octet-run", "--list-devices"], None),
        (["octet-run", work + "/mlp.octet", "--input", "x=test/models/mlp_input_x.npy",
          "--output-dir", work + "/out"], None),
        (["octet-run", work + "/mlp.octet", "-i", "x=test/models/mlp_input_x.npy", "-o", out,
          "--benchmark", "100"],
         "octet-run mlp.octet -i x=test/models/mlp_input_x.npy -o out --benchmark 100"),
        ([r.python, "scripts/check_reference.py", "test/models/mlp.onnx", work + "/out",
          "x=test/models/mlp_input_x.npy"],
         ".venv/bin/python scripts/check_reference.py test/models/mlp.onnx build/quickstart/out "
         "x=test/models/mlp_input_x.npy"),
    ]:
        text, cmd = r.run(argv, display)
        lines += (["\n"] if lines else []) + ["$ " + cmd + "\n", text]
    return block(lines)


def kernel_cache_log(r):
    """architecture.md: OCTET_VERBOSE=1 on a cold, then a warm kernel cache."""
    work = r.path("build/quickstart")
    r.run(["octet-compile", "test/models/mlp.onnx", "-o", work + "/mlp.octet",
           "--target=opencl"])
    shutil.rmtree(r.cache, ignore_errors=True)
    lines = []
    for _ in range(2):
        text, _ = r.run(["octet-run", work + "/mlp.octet", "--input",
                         "x=test/models/mlp_input_x.npy", "--output-dir", work + "/out"],
                        env={"OCTET_VERBOSE": "1"})
        lines += [line + "\n" for line in text.splitlines() if "kernels" in line and "octet:" in line]
    return block(lines)


def artifact_summary(r):
    """architecture.md: the summary line of the quick start's compile."""
    work = r.path("build/quickstart")
    text, cmd = r.run(["octet-compile", "test/models/mlp.onnx", "-o", work + "/mlp.octet"])
    return block(["$ " + cmd + "\n", text])


def math_accuracy(r):
    """architecture.md: test/Codegen/approximate-math-accuracy.test's table."""
    llvm_bin = "/usr/lib/llvm-22/bin"
    libs = ",".join(f"/usr/lib/llvm-22/lib/{n}" for n in
                    ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so"))
    work = r.path("math")
    script = os.path.join(ROOT, "test/Codegen/Inputs/math_accuracy.py")
    r.run([r.python, script, "generate", work + "/in.mlir"])
    approx, _ = r.run(["octet-opt", "--octet-approximate-math", work + "/in.mlir",
                       "-o", work + "/approx.mlir"])
    r.run([llvm_bin + "/mlir-opt", "--convert-scf-to-cf", "--convert-math-to-llvm",
           "--convert-arith-to-llvm", "--finalize-memref-to-llvm", "--convert-func-to-llvm",
           "--convert-cf-to-llvm", "--reconcile-unrealized-casts", work + "/approx.mlir",
           "-o", work + "/llvm.mlir"])
    out, _ = r.run([llvm_bin + "/mlir-runner", "-e", "main", "-entry-point-result=void",
                    "-shared-libs=" + libs, work + "/llvm.mlir"])
    with open(work + "/out.txt", "w") as f:
        f.write(out)
    table, _ = r.run([r.python, script, "check", work + "/out.txt"])
    return block([table])


# name -> (generator, regex of the lines --check compares (None: all of
# them), regex of what in those lines may differ between machines and runs)
def zoo_kernels(r):
    """architecture.md: kernels and artifact size per model of the zoo."""
    work = r.path("build/zoo")
    rows = ["| model | what | kernels (OpenCL) | artifact (OpenCL, bytes) | of which constants |",
            "|---|---|---:|---:|---:|"]
    what = {
        "resnet": "stem + 2 basic blocks (5 convolutions, 1 projection), pool, linear",
        "resnet_dynamic": "the same, batch fixed to 2 with --input-shape",
        "mobilenet": "stem + 3 inverted residual blocks (depthwise), head",
        "vit": "patch embedding + 2 pre-norm transformer blocks + head",
        "bert": "embeddings + 2 encoder layers (attention mask) + pooler",
        "gpt2": "embeddings + 2 causal decoder layers",
    }
    zoo = os.path.join(ROOT, "test", "models", "zoo")
    for name in sorted(n[:-5] for n in os.listdir(zoo) if n.endswith(".onnx")):
        argv = ["octet-compile", "test/models/zoo/%s.onnx" % name, "-o",
                "%s/%s.octet" % (work, name), "--target=opencl"]
        if name == "resnet_dynamic":
            argv += ["--input-shape", "x=2x3x32x32"]
        text, _ = r.run(argv)
        m = re.search(r"\((\d+) kernels; targets: opencl; (\d+) bytes, constants (\d+) bytes\)",
                      text)
        rows.append("| `%s` | %s | %s | %s | %s |" % (name, what.get(name, ""), m.group(1),
                                                      m.group(2), m.group(3)))
    return "\n".join(rows) + "\n"


BLOCKS = {
    "quickstart": (quickstart, r"^(== |octet-compile: )", None),
    "octet-compile-help": (compile_help, None, None),
    "octet-run-help": (run_help, None, None),
    "onnx-ops": (onnx_ops, None, None),
    "octet-compile-summary": (compile_summary, None, None),
    "octet-run-session": (octet_run_session, r"^(\$ |octet-run: wrote |benchmark: )",
                          r"min .*|[0-9.]+ ms|after [0-9]+ warm-up runs?"),
    "kernel-cache-log": (kernel_cache_log, r"^octet: opencl: ",
                         r"'[^']*'|[0-9.]+ ms|[0-9a-f]{16}"),
    "artifact-summary": (artifact_summary, None, None),
    "math-accuracy": (math_accuracy, None, None),
    "zoo-kernels": (zoo_kernels, None, None),
}
DOCS = ["README.md", "docs/architecture.md", "docs/cli.md"]


def stable(text, pattern, mask):
    """The lines of a block that must not differ from what the tools print."""
    lines = text.splitlines(keepends=True)
    if pattern is not None:
        lines = [line for line in lines if re.search(pattern, line)]
    if mask is not None:
        lines = [re.sub(mask, "...", line) for line in lines]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report drift, change nothing")
    parser.add_argument("--refresh", action="store_true",
                        help="rewrite machine-dependent lines too (device names, timings)")
    parser.add_argument("--bin", default=os.path.join(
        os.environ.get("OCTET_BUILD_DIR", os.path.join(ROOT, "build")), "bin"),
        help="directory of the built tools (default: build/bin)")
    parser.add_argument("--python", default=os.path.join(ROOT, ".venv", "bin", "python"),
                        help="Python with numpy, onnx, onnxruntime (default: .venv)")
    args = parser.parse_args()
    runner = Runner(os.path.abspath(args.bin), args.python)
    generated = {}
    drift = []
    try:
        for doc in DOCS:
            path = os.path.join(ROOT, doc)
            with open(path) as f:
                text = f.read()
            pieces, pos = [], 0
            for match in BEGIN.finditer(text):
                name = match.group(1)
                end_marker = f"<!-- END GENERATED: {name} -->"
                end = text.index(end_marker, match.end())
                if name not in BLOCKS:
                    sys.exit(f"{doc}: unknown generated block '{name}'")
                if name not in generated:
                    generated[name] = BLOCKS[name][0](runner)
                old = text[match.end():end]
                _, pattern, mask = BLOCKS[name]
                if stable(old, pattern, mask) != stable(generated[name], pattern, mask):
                    drift.append(f"{doc}: block '{name}'")
                    sys.stdout.writelines(difflib.unified_diff(
                        stable(old, pattern, mask), stable(generated[name], pattern, mask),
                        f"{doc} ({name}, as written)", f"{doc} ({name}, as the tools print it)"))
                # Machine-dependent lines (device names, errors measured on
                # this machine's device) change only with the figures that
                # are checked, so that the docs do not follow whoever ran this.
                keep = not args.refresh and (stable(old, pattern, mask) ==
                                             stable(generated[name], pattern, mask))
                pieces += [text[pos:match.end()], old if keep else generated[name]]
                pos = end
            pieces.append(text[pos:])
            if not args.check:
                with open(path, "w") as f:
                    f.write("".join(pieces))
    finally:
        runner.close()
    if args.check:
        if drift:
            print("update-doc-figures: out of date (run scripts/update-doc-figures.py): "
                  + "; ".join(drift))
            return 1
        print(f"update-doc-figures: {len(generated)} generated blocks match the tools")
    else:
        print(f"update-doc-figures: wrote {len(generated)} blocks"
              + (f" ({len(drift)} changed)" if drift else " (none changed)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
