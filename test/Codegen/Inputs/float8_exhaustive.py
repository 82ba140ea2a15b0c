"""Bit-exactness of octet-expand-float8 against ml_dtypes.

`generate OUT.mlir` writes a program that converts, for each 8-bit float
format (f8E4M3FN, f8E5M2):

- a set of float32 inputs to the format (arith.truncf): every one of the 256
  codes decoded, the midpoints between neighbouring codes (the ties) and
  one float32 ulp either side of each, +-0, +-inf, NaNs with several
  payloads and signs, the largest finite value and what lies just above
  it, float32 subnormals, and random values over the whole float32
  exponent range and random bit patterns;
- every one of the 256 codes to float32 (arith.extf);

and prints the results as raw bits (printMemrefI32). The test runs it
through octet-expand-float8, lowers it to the host CPU with upstream passes
and runs it with mlir-runner; `check RESULTS` then compares every result bit
for bit with ml_dtypes (an independent implementation) and fails on any
difference. The integer arithmetic is the same on every target.
"""
import re
import sys

import ml_dtypes
import numpy as np

FORMATS = {
    "f8E4M3FN": ml_dtypes.float8_e4m3fn,
    "f8E5M2": ml_dtypes.float8_e5m2,
}


def codes():
    return np.arange(256, dtype=np.uint8)


def truncf_inputs(dtype):
    """The float32 values each format's truncf is checked on."""
    values = codes().view(dtype).astype(np.float32)
    finite = np.unique(values[np.isfinite(values)])
    mids = ((finite[:-1].astype(np.float64) + finite[1:]) / 2).astype(np.float32)
    near = [mids, np.nextafter(mids, np.float32(np.inf)),
            np.nextafter(mids, np.float32(-np.inf))]
    largest = np.float32(float(ml_dtypes.finfo(dtype).max))
    edge = np.array([0.0, -0.0, np.inf, -np.inf, largest, -largest,
                     np.nextafter(largest, np.float32(np.inf)),
                     largest * 1.0625, largest * 1.125, largest * 2,
                     np.finfo(np.float32).max, -np.finfo(np.float32).max,
                     np.finfo(np.float32).tiny, 1e-45, -1e-45, 1e-40],
                    dtype=np.float32)
    nans = np.array([0x7FC00000, 0xFFC00000, 0x7F800001, 0xFF800001,
                     0x7FFFFFFF, 0x7FA00000], dtype=np.uint32).view(np.float32)
    rng = np.random.default_rng(8)
    spread = (rng.choice([-1.0, 1.0], 20000) *
              np.exp2(rng.uniform(-30, 20, 20000))).astype(np.float32)
    patterns = rng.integers(0, 2**32, 20000, dtype=np.uint64).astype(
        np.uint32).view(np.float32)
    return np.concatenate([values, *near, edge, nans, spread, patterns])


def global_of(name, array, elem):
    blob = "0x" + array.tobytes().hex().upper()
    return (f'  memref.global "private" constant @{name} : '
            f'memref<{array.size}x{elem}> = dense<"{blob}">')


def loop(name, size, in_type, body):
    return [
        f"    %in_{name} = memref.get_global @in_{name} : memref<{size}x{in_type}>",
        f"    %out_{name} = memref.alloc() : memref<{size}xi32>",
        f"    %n_{name} = arith.constant {size} : index",
        f"    scf.for %i = %c0 to %n_{name} step %c1 {{",
        f"      %x = memref.load %in_{name}[%i] : memref<{size}x{in_type}>",
        *[f"      {line}" for line in body],
        f"      memref.store %r, %out_{name}[%i] : memref<{size}xi32>",
        "    }",
        f"    %u_{name} = memref.cast %out_{name} : memref<{size}xi32> to memref<*xi32>",
        f"    call @printMemrefI32(%u_{name}) : (memref<*xi32>) -> ()",
    ]


def generate(path):
    lines = ["module {", "  func.func private @printMemrefI32(memref<*xi32>)"]
    body = ["  func.func @main() {",
            "    %c0 = arith.constant 0 : index",
            "    %c1 = arith.constant 1 : index"]
    for fmt, dtype in FORMATS.items():
        xs = truncf_inputs(dtype)
        lines.append(global_of(f"in_trunc_{fmt}", xs.astype("<f4"), "f32"))
        lines.append(global_of(f"in_ext_{fmt}", codes(), "i8"))
        body += loop(f"trunc_{fmt}", xs.size, "f32", [
            f"%y = arith.truncf %x : f32 to {fmt}",
            f"%b = arith.bitcast %y : {fmt} to i8",
            "%r = arith.extui %b : i8 to i32"])
        body += loop(f"ext_{fmt}", 256, "i8", [
            f"%f = arith.bitcast %x : i8 to {fmt}",
            f"%y = arith.extf %f : {fmt} to f32",
            "%r = arith.bitcast %y : f32 to i32"])
    lines += body + ["    return", "  }", "}"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def check(path, swap_formats=False):
    text = open(path).read()
    blocks = re.findall(r"data =\s*\[([^\]]*)\]", text)
    if len(blocks) != 2 * len(FORMATS):
        sys.exit(f"expected {2 * len(FORMATS)} result arrays, found {len(blocks)}")
    names = list(FORMATS)
    if swap_formats:  # compare each format with the other's reference
        names.reverse()
    failed = []
    print(f"{'conversion':<22}{'cases':>8}{'mismatches':>12}")
    for i, fmt in enumerate(FORMATS):
        ref = FORMATS[names[i]]
        trunc, ext = blocks[2 * i], blocks[2 * i + 1]
        parse = lambda b: np.array([int(v) for v in b.replace("\n", " ").split(",")],
                                   dtype=np.int64)
        got_trunc = parse(trunc).astype(np.uint8)
        want_trunc = truncf_inputs(FORMATS[fmt]).astype(ref).view(np.uint8)
        got_ext = parse(ext).astype(np.uint32)
        want_ext = codes().view(ref).astype(np.float32).view(np.uint32)
        for label, got, want in ((f"f32 -> {fmt}", got_trunc, want_trunc),
                                 (f"{fmt} -> f32", got_ext, want_ext)):
            bad = np.flatnonzero(got != want)
            print(f"{label:<22}{got.size:>8}{bad.size:>12}")
            if bad.size:
                failed.append(f"{label} (first at case {bad[0]}: got "
                              f"{got[bad[0]]:#x}, want {want[bad[0]]:#x})")
    if failed:
        sys.exit("not bit-exact: " + "; ".join(failed))
    print("all conversions bit-exact against ml_dtypes")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2])
    else:
        check(sys.argv[2], swap_formats="--swap-formats" in sys.argv)
