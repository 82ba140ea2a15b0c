// RUN: octet-opt %s --octet-map-parallel-loops-to-gpu=workgroup-size=8 --sccp --cse | FileCheck %s
// RUN: octet-opt %s --octet-map-parallel-loops-to-gpu="workgroup-size=8 min-workgroups=16" --sccp --cse | FileCheck %s --check-prefix=FEW

// A loop whose lowering config has a workgroup_tile is mapped by blocks of
// that many threads per dimension: here 8 x 8 threads (rows step 8, columns
// step 16) in blocks of 4 x 2: 2 x 4 blocks of 8 threads, row-major among
// the blocks and within each, without guards. (Unequal extents, so that a
// division by the wrong one shows.)

// CHECK-LABEL: func.func @blocks(
// CHECK-SAME:      %[[A:.*]]: memref<64x128xf32>, %[[B:.*]]: memref<64x128xf32>)
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK:         scf.parallel (%[[BLK:.*]]) = (%{{.*}}) to (%[[C8]]) step (%{{.*}}) {
// CHECK-NEXT:      scf.parallel (%[[TID:.*]]) = (%{{.*}}) to (%[[C8]]) step (%{{.*}}) {
// CHECK-DAG:         %[[BJ:.*]] = arith.remui %[[BLK]], %[[C4]] : index
// CHECK-DAG:         %[[BI:.*]] = arith.divui %[[BLK]], %[[C4]] : index
// CHECK-DAG:         %[[TJ:.*]] = arith.remui %[[TID]], %[[C2]] : index
// CHECK-DAG:         %[[TI:.*]] = arith.divui %[[TID]], %[[C2]] : index
// CHECK-DAG:         %[[BJ2:.*]] = arith.muli %[[BJ]], %[[C2]] : index
// CHECK-DAG:         %[[PJ:.*]] = arith.addi %[[BJ2]], %[[TJ]] : index
// CHECK-DAG:         %[[J:.*]] = arith.muli %[[PJ]], %[[C16]] : index
// CHECK-DAG:         %[[BI4:.*]] = arith.muli %[[BI]], %[[C4]] : index
// CHECK-DAG:         %[[PI:.*]] = arith.addi %[[BI4]], %[[TI]] : index
// CHECK-DAG:         %[[I:.*]] = arith.muli %[[PI]], %[[C8]] : index
// CHECK-NOT:         scf.if
// CHECK:             %[[X:.*]] = memref.load %[[A]][%[[I]], %[[J]]] : memref<64x128xf32>
// CHECK-NEXT:        memref.store %[[X]], %[[B]][%[[I]], %[[J]]] : memref<64x128xf32>
// CHECK-NEXT:        scf.reduce
// CHECK-NEXT:      } {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    } {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}

// Fewer blocks (8) than min-workgroups (16): the 1-D mapping, with its guard.
// FEW-LABEL: func.func @blocks(
// FEW-NOT:     arith.remui
// FEW:         arith.cmpi ult
// FEW:         scf.if
// FEW-LABEL: func.func @uneven(
func.func @blocks(%a: memref<64x128xf32>, %b: memref<64x128xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c128) step (%c8, %c16) {
    %x = memref.load %a[%i, %j] : memref<64x128xf32>
    memref.store %x, %b[%i, %j] : memref<64x128xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 8, 1>, vector_width = 16 : i64, workgroup_tile = array<i64: 4, 2>}}
  return
}

// A tile that does not divide its dimension (3 threads down): the 1-D
// mapping, with its guard.
// CHECK-LABEL: func.func @uneven(
// CHECK:         arith.cmpi ult
// CHECK:         scf.if
func.func @uneven(%a: memref<24x64xf32>, %b: memref<24x64xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c24 = arith.constant 24 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c24, %c64) step (%c8, %c16) {
    %x = memref.load %a[%i, %j] : memref<24x64xf32>
    memref.store %x, %b[%i, %j] : memref<24x64xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 8, 1>, vector_width = 16 : i64, workgroup_tile = array<i64: 2, 2>}}
  return
}
