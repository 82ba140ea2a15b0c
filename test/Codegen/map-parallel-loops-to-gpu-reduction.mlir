// An scf.parallel with reductions (results) is rejected with a diagnostic,
// not a crash.
// RUN: not octet-opt %s --octet-map-parallel-loops-to-gpu=workgroup-size=64 2>&1 | FileCheck %s

// CHECK: error:
// CHECK-NOT: Stack dump
func.func @reduce(%a: memref<100xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c100 = arith.constant 100 : index
  %init = arith.constant 0.0 : f32
  %r = scf.parallel (%i) = (%c0) to (%c100) step (%c1) init (%init) -> f32 {
    %x = memref.load %a[%i] : memref<100xf32>
    scf.reduce(%x : f32) {
    ^bb0(%l: f32, %r: f32):
      %s = arith.addf %l, %r : f32
      scf.reduce.return %s : f32
    }
  }
  return %r : f32
}
