// RUN: octet-opt %s --octet-loops-to-gpu="vector-width=16 max-thread-tile=8" | FileCheck %s

// A slice of a fused projection (the Q of a QKV MatMul, one head at a time)
// indexes its source with an affine.apply of two loop indices. The pipeline
// lowers affine ops before it chooses vector widths, so the analysis sees
// column + 16 * head (unit stride along the columns) and the copy moves 16
// floats at a time.

// CHECK-LABEL: gpu.func @main_dispatch_0(
// CHECK:         %[[V:.+]] = vector.load %{{.+}} : memref<16x192xf32>, vector<16xf32>
// CHECK:         vector.store %[[V]], %{{.+}} : memref<16x4x16xf32>, vector<16xf32>
#head = affine_map<()[s0, s1] -> (s0 + s1 * 16)>
func.func @main(%qkv: memref<16x192xf32> {octet.name = "qkv"}) -> (memref<16x4x16xf32> {octet.name = "q"}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %q = memref.alloc() {alignment = 64 : i64} : memref<16x4x16xf32>
  scf.parallel (%t, %h, %d) = (%c0, %c0, %c0) to (%c16, %c4, %c16) step (%c1, %c1, %c1) {
    %col = affine.apply #head()[%d, %h]
    %x = memref.load %qkv[%t, %col] : memref<16x192xf32>
    memref.store %x, %q[%t, %h, %d] : memref<16x4x16xf32>
    scf.reduce
  }
  return %q : memref<16x4x16xf32>
}
