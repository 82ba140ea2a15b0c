// The workgroup-size error prints the value given.
// RUN: not octet-opt %s --octet-map-parallel-loops-to-gpu=workgroup-size=0 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not octet-opt %s --octet-map-parallel-loops-to-gpu=workgroup-size=-4 2>&1 | FileCheck %s --check-prefix=NEG

// ZERO: error: workgroup-size must be positive, got 0{{$}}
// NEG: error: workgroup-size must be positive, got -4{{$}}
func.func @f() {
  return
}
