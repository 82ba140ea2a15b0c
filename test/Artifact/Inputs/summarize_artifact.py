"""Prints an .octet artifact's plan in one line per item, for FileCheck.

    summarize_artifact.py ARTIFACT SCHEMA WORKDIR
Strips the 32-byte header, converts the FlatBuffer to JSON with flatc (the
schema's own reader, independent of Octet's C++), and prints the signature,
buffers, transient slots and steps.
"""
import json
import os
import subprocess
import sys

artifact, schema, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
payload = os.path.join(work, "payload.bin")
with open(artifact, "rb") as f:
    data = f.read()
with open(payload, "wb") as f:
    f.write(data[32:])
subprocess.run(["flatc", "--json", "--strict-json", "--raw-binary", "-o", work,
                schema, "--", payload], check=True)
with open(os.path.join(work, "payload.json")) as f:
    a = json.load(f)

for io in ("inputs", "outputs"):
    for t in a[io]:
        print("%s %s %s %s" % (io[:-1], t["name"], t.get("dtype", "F32"), t["shape"]))
for i, b in enumerate(a["buffers"]):
    print("buffer %d %s %d %d bytes" % (i, b.get("kind", "Input"), b.get("index", 0),
                                        b.get("size_bytes", 0)))
print("slots %s" % a["transient_slot_sizes"])
names = a["kernel_names"]


def binding(b):
    return "b%d+%d:%d%s" % (b.get("buffer", 0), b.get("offset_bytes", 0),
                            b.get("size_bytes", 0), " w" if b.get("writes") else "")


for s in a["plan"]:
    step = s["step"]
    if s["step_type"] == "Dispatch":
        print("dispatch %s %s" % (names[step.get("kernel", 0)],
                                  " ".join(binding(b) for b in step["bindings"])))
    else:
        print("copy %s -> %s %d bytes" % (binding(step["src"]), binding(step["dst"]),
                                          step.get("size_bytes", 0)))
for e in a["executables"]:
    print("executable %s %s %s %d entry points" % (e["target"], e["format"],
                                                  e.get("arch", ""), len(e["entry_points"])))
