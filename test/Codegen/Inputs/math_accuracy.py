"""Accuracy of octet-approximate-math against a float64 reference.

`generate OUT.mlir` writes a program that applies each approximated function
to a few thousand float32 inputs spread over the range ML models use and
prints the float32 results as raw bits (printMemrefI32). The test runs it
through octet-approximate-math, lowers it to the host CPU with upstream
passes and runs it with mlir-runner; `check RESULTS` then compares every
result with Python's float64 math rounded to float32 and fails when a
function's error exceeds its bound. The arithmetic is the same the CUDA
backend emits: IEEE float32 operations and explicit fmas (its PTX uses
mul.rn/add.rn/fma.rn, nothing contracted), so the host's results are the
GPU's.
"""
import math
import re
import sys

import numpy as np

COUNT = 4001


def linspace(lo, hi):
    return np.linspace(lo, hi, COUNT, dtype=np.float64).astype(np.float32)


def logspace(lo, hi):
    return np.logspace(lo, hi, COUNT, dtype=np.float64).astype(np.float32)


# name -> (math op, inputs, float64 reference, max ulp, abs floor)
# The error of a result is |got - want| in units of float32's spacing at
# `want`, but never measured finer than `abs floor` (results near zero, where
# one ulp is tiny, are judged by absolute error).
FUNCTIONS = {
    "exp": ("math.exp", linspace(-87.0, 88.0), math.exp, 2, 0.0),
    "exp_small": ("math.exp", linspace(-1.0, 1.0), math.exp, 2, 0.0),
    # Above ln(FLT_MAX) the result is inf. Below -87.8 (where float32 has
    # only subnormals left) it stays at exp(-87.8) = 7.2e-39 instead of
    # going subnormal and then to 0: judged by absolute error.
    "exp_overflow": ("math.exp", linspace(88.8, 100.0), math.exp, 0, 0.0),
    "exp_underflow": ("math.exp", linspace(-100.0, -87.9), math.exp, 1, 1e-37),
    "expm1": ("math.expm1", linspace(-10.0, 10.0), math.expm1, 4, 1e-7),
    "log": ("math.log", logspace(-30.0, 30.0), math.log, 2, 1e-7),
    "log_near_one": ("math.log", linspace(0.5, 2.0), math.log, 4, 1e-7),
    "log2": ("math.log2", logspace(-30.0, 30.0), math.log2, 2, 1e-7),
    "log1p": ("math.log1p", linspace(-0.9, 10.0), math.log1p, 4, 1e-7),
    "tanh": ("math.tanh", linspace(-10.0, 10.0), math.tanh, 4, 1e-7),
    "erf": ("math.erf", linspace(-5.0, 5.0), math.erf, 4, 1e-7),
    "sin": ("math.sin", linspace(-10.0, 10.0), math.sin, 8, 1e-7),
    "cos": ("math.cos", linspace(-10.0, 10.0), math.cos, 4, 1e-7),
    "atan": ("math.atan", linspace(-100.0, 100.0), math.atan, 24, 1e-7),
    "sinh": ("math.sinh", linspace(-10.0, 10.0), math.sinh, 8, 1e-7),
    "cosh": ("math.cosh", linspace(-10.0, 10.0), math.cosh, 8, 1e-7),
    "asin": ("math.asin", linspace(-0.99, 0.99), math.asin, 2, 1e-7),
    "acos": ("math.acos", linspace(-0.99, 0.99), math.acos, 2, 1e-7),
    # tan = sin / cos: near pi/2 the quotient carries both errors.
    "tan": ("math.tan", linspace(-1.5, 1.5), math.tan, 12, 1e-7),
    "asinh": ("math.asinh", linspace(-10.0, 10.0), math.asinh, 4, 1e-7),
    "asinh_large": ("math.asinh", linspace(-1e6, 1e6), math.asinh, 4, 1e-7),
    "acosh": ("math.acosh", linspace(1.0, 10.0), math.acosh, 2, 1e-7),
    "atanh": ("math.atanh", linspace(-0.99, 0.99), math.atanh, 2, 1e-7),
    # exp2 = exp(x ln 2): the rounding of x ln 2 is amplified by |x ln 2|.
    "exp2": ("math.exp2", linspace(-126.0, 127.0), lambda x: 2.0 ** x, 72, 0.0),
    "erfc": ("math.erfc", linspace(-5.0, 5.0), math.erfc, 2, 1e-7),
    # powf with a fixed exponent (math.powf:<y>): negative bases included.
    "pow_cube": ("math.powf:3.0", linspace(-10.0, 10.0), lambda x: x ** 3, 12, 1e-7),
    "pow_square": ("math.powf:2.0", linspace(-10.0, 10.0), lambda x: x ** 2, 8, 1e-7),
    "pow_inverse_square": ("math.powf:-2.0", linspace(-10.0, -0.1), lambda x: x ** -2, 8, 1e-7),
    "pow_half": ("math.powf:0.5", linspace(0.0, 100.0), math.sqrt, 8, 1e-7),
    "pow_zero": ("math.powf:0.0", linspace(-5.0, 5.0), lambda x: 1.0, 0, 1e-7),
    "cbrt": ("math.cbrt", linspace(-1000.0, 1000.0), lambda x: math.copysign(abs(x) ** (1.0 / 3.0), x), 12, 1e-7),
}


def generate(path):
    lines = ["module {",
             "  func.func private @printMemrefI32(memref<*xi32>)"]
    for name, (op, xs, _, _, _) in FUNCTIONS.items():
        blob = "0x" + xs.astype("<f4").tobytes().hex().upper()
        lines.append(f'  memref.global "private" constant @in_{name} : '
                     f'memref<{COUNT}xf32> = dense<"{blob}">')
    lines.append("  func.func @main() {")
    lines.append("    %c0 = arith.constant 0 : index")
    lines.append("    %c1 = arith.constant 1 : index")
    lines.append(f"    %n = arith.constant {COUNT} : index")
    for name, (op, _, _, _, _) in FUNCTIONS.items():
        lines += [
            f"    %in_{name} = memref.get_global @in_{name} : memref<{COUNT}xf32>",
            f"    %out_{name} = memref.alloc() : memref<{COUNT}xi32>",
            f"    scf.for %i = %c0 to %n step %c1 {{",
            f"      %x = memref.load %in_{name}[%i] : memref<{COUNT}xf32>",
            *([f"      %y = {op} %x : f32"] if ":" not in op else
              [f"      %e = arith.constant {op.split(':')[1]} : f32",
               f"      %y = {op.split(':')[0]} %x, %e : f32"]),
            f"      %b = arith.bitcast %y : f32 to i32",
            f"      memref.store %b, %out_{name}[%i] : memref<{COUNT}xi32>",
            f"    }}",
            f"    %u_{name} = memref.cast %out_{name} : memref<{COUNT}xi32> to memref<*xi32>",
            f"    call @printMemrefI32(%u_{name}) : (memref<*xi32>) -> ()",
        ]
    lines += ["    return", "  }", "}"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def check(path, bound_scale=1.0):
    text = open(path).read()
    blocks = re.findall(r"data =\s*\[([^\]]*)\]", text)
    if len(blocks) != len(FUNCTIONS):
        sys.exit(f"expected {len(FUNCTIONS)} result arrays, found {len(blocks)}")
    failed = []
    print(f"{'function':<20}{'inputs':<24}{'max ulp':>9}{'max abs err':>13}"
          f"{'max rel err':>13}  bound")
    for (name, (op, xs, ref, bound, floor)), block in zip(FUNCTIONS.items(), blocks):
        bits = np.array([int(v) for v in block.replace("\n", " ").split(",")],
                        dtype=np.int64).astype(np.uint32)
        got = bits.view(np.float32).astype(np.float64)
        want = np.array([ref(float(x)) for x in xs], dtype=np.float64)
        with np.errstate(over="ignore"):
            want32 = want.astype(np.float32)
        finite = np.isfinite(want32)
        ulp = abs_err = rel = 0.0
        if finite.any():
            spacing = np.maximum(
                np.spacing(np.abs(want32[finite])).astype(np.float64), floor)
            err = np.abs(got[finite] - want[finite])
            ulp = float(np.max(err / spacing))
            abs_err = float(np.max(err))
            nonzero = np.abs(want[finite]) > 0
            rel = float(np.max(err[nonzero] / np.abs(want[finite][nonzero])))
        # Where float32 overflows the result must be inf, like the reference's.
        overflow_ok = bool(np.all(np.isposinf(got[~finite]) == np.isposinf(want32[~finite])))
        span = f"[{xs[0]:.3g}, {xs[-1]:.3g}]"
        print(f"{name:<20}{span:<24}{ulp:>9.2f}{abs_err:>13.3g}{rel:>13.3g}  {bound}")
        if ulp > bound * bound_scale or not overflow_ok or np.isnan(got).any():
            failed.append(name)
    if failed:
        sys.exit("beyond their error bound: " + ", ".join(failed))
    print(f"all {len(FUNCTIONS)} functions within their bounds")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2])
    else:
        scale = [float(a.split("=", 1)[1]) for a in sys.argv[3:]
                 if a.startswith("--bound-scale=")]
        check(sys.argv[2], *scale)
