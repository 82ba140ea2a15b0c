// RUN: octet-opt %s --octet-map-parallel-loops-to-gpu=workgroup-size=64 --sccp --cse | FileCheck %s

// A dot product lowered to loops has no scf.parallel: its initialising store
// and its scf.for are moved together into a one-iteration parallel loop,
// mapped to one block of one thread. The scf.parallel after it is mapped as
// usual (one block of 16).
// CHECK-LABEL: func.func @dot(
// CHECK-SAME:      %[[A:.*]]: memref<16xf32>, %[[B:.*]]: memref<16xf32>, %[[OUT:.*]]: memref<f32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK:         scf.parallel (%{{.*}}) = (%[[C0]]) to (%[[C1]]) step (%[[C1]]) {
// CHECK-NEXT:      scf.parallel (%{{.*}}) = (%[[C0]]) to (%[[C1]]) step (%[[C1]]) {
// CHECK:             memref.store %{{.*}}, %[[OUT]][] : memref<f32>
// CHECK-NEXT:        scf.for
// CHECK:           } {mapping = [#gpu.loop_dim_map<processor = thread_x
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = block_x
// CHECK-NEXT:    scf.parallel (%{{.*}}) = (%[[C0]]) to (%[[C16]]) step (%[[C16]]) {
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = block_x
// CHECK-NEXT:    return
func.func @dot(%a: memref<16xf32>, %b: memref<16xf32>, %out: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  memref.store %zero, %out[] : memref<f32>
  scf.for %k = %c0 to %c16 step %c1 {
    %x = memref.load %a[%k] : memref<16xf32>
    %y = memref.load %b[%k] : memref<16xf32>
    %acc = memref.load %out[] : memref<f32>
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    memref.store %s, %out[] : memref<f32>
  }
  scf.parallel (%i) = (%c0) to (%c16) step (%c1) {
    %x = memref.load %a[%i] : memref<16xf32>
    memref.store %x, %b[%i] : memref<16xf32>
    scf.reduce
  }
  return
}
