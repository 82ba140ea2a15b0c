// The workgroup-size error prints the value given.
// RUN: not octet-opt %s --octet-map-parallel-loops-to-gpu=workgroup-size=0 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not octet-opt %s --octet-map-parallel-loops-to-gpu=workgroup-size=-4 2>&1 | FileCheck %s --check-prefix=NEG

// ZERO: error: workgroup-size and min-workgroups must be positive, got 0 and 1{{$}}
// NEG: error: workgroup-size and min-workgroups must be positive, got -4 and 1{{$}}
func.func @f() {
  return
}
