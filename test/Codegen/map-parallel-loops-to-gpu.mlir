// RUN: octet-opt %s --octet-map-parallel-loops-to-gpu=workgroup-size=64 --sccp --cse | FileCheck %s
// RUN: octet-opt %s --octet-map-parallel-loops-to-gpu=workgroup-size=128 --sccp --cse | FileCheck %s --check-prefix=WG128
// RUN: octet-opt %s --octet-map-parallel-loops-to-gpu --sccp --cse | FileCheck %s --check-prefix=DEFAULT
// RUN: not octet-opt %s --octet-map-parallel-loops-to-gpu=workgroup-size=0 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not octet-opt %s --octet-map-parallel-loops-to-gpu=workgroup-size=-4 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not octet-opt %s --octet-map-parallel-loops-to-gpu=min-workgroups=0 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: octet-opt %s --octet-map-parallel-loops-to-gpu="workgroup-size=64 min-workgroups=8" --sccp --cse | FileCheck %s --check-prefix=MINWG

// Every outermost scf.parallel is collapsed (row-major) into one dimension,
// tiled by the work-group size with an in-bounds guard instead of min/max
// bounds, and the tile loop is mapped to block x, the intra-tile loop to
// thread x. Parallel loops nested inside run sequentially. (--sccp --cse only
// fold the constant trip-count arithmetic; they keep the loop structure.)

// CHECK-LABEL: func.func @one_d(
// CHECK-SAME:      %[[A:.*]]: memref<100xf32>, %[[B:.*]]: memref<100xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG:     %[[C100:.*]] = arith.constant 100 : index
// CHECK:         scf.parallel (%[[BLK:.*]]) = (%[[C0]]) to (%[[C100]]) step (%[[C64]]) {
// CHECK-NEXT:      scf.parallel (%[[TID:.*]]) = (%[[C0]]) to (%[[C64]]) step (%[[C1]]) {
// CHECK-NEXT:        %[[I:.*]] = arith.addi %[[TID]], %[[BLK]] : index
// CHECK:             %[[IN:.*]] = arith.cmpi ult, %{{.*}}, %[[C100]] : index
// CHECK:             scf.if
// CHECK-NEXT:          %[[X:.*]] = memref.load %[[A]][%[[I]]] : memref<100xf32>
// CHECK-NEXT:          memref.store %[[X]], %[[B]][%[[I]]] : memref<100xf32>
// CHECK-NEXT:        }
// CHECK-NEXT:        scf.reduce
// CHECK-NEXT:      } {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    } {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// CHECK-NOT:     scf.parallel
// CHECK:         return

// With 128 threads per block, the 100-iteration loop fits one block of 100.
// WG128-LABEL: func.func @one_d(
// WG128-DAG:     %[[C100:.*]] = arith.constant 100 : index
// WG128:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[C100]]) step (%[[C100]]) {
// WG128-NEXT:      scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[C100]]) step (%{{.*}}) {
// WG128:           } {mapping = [#gpu.loop_dim_map<processor = thread_x

// At least 8 blocks: the 100-iteration loop gets blocks of ceil(100 / 8) = 13
// threads (8 blocks, the last one guarded), the 32-iteration one blocks of 4.
// MINWG-LABEL: func.func @one_d(
// MINWG-DAG:     %[[C13:.*]] = arith.constant 13 : index
// MINWG-DAG:     %[[C100:.*]] = arith.constant 100 : index
// MINWG:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[C100]]) step (%[[C13]]) {
// MINWG-NEXT:      scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[C13]]) step (%{{.*}}) {
// MINWG:             arith.cmpi ult, %{{.*}}, %[[C100]] : index
// MINWG-LABEL: func.func @two_d(
// MINWG-DAG:     %[[C4:.*]] = arith.constant 4 : index
// MINWG-DAG:     %[[C32:.*]] = arith.constant 32 : index
// MINWG:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[C32]]) step (%[[C4]]) {
// MINWG-NEXT:      scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[C4]]) step (%{{.*}}) {

// The option defaults to 64.
// DEFAULT-LABEL: func.func @one_d(
// DEFAULT-DAG:     %[[C64:.*]] = arith.constant 64 : index
// DEFAULT-DAG:     %[[C100:.*]] = arith.constant 100 : index
// DEFAULT:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[C100]]) step (%[[C64]]) {
func.func @one_d(%a: memref<100xf32>, %b: memref<100xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c100 = arith.constant 100 : index
  scf.parallel (%i) = (%c0) to (%c100) step (%c1) {
    %x = memref.load %a[%i] : memref<100xf32>
    memref.store %x, %b[%i] : memref<100xf32>
    scf.reduce
  }
  return
}

// 2-D: 4x8 = 32 iterations in one dimension; the innermost index varies
// fastest (remainder), the outer one is the quotient.
// CHECK-LABEL: func.func @two_d(
// CHECK-SAME:      %[[A:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<4x8xf32>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// 32 < 64 iterations: one block of exactly 32 threads.
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK:         scf.parallel (%[[BLK:.*]]) = (%[[C0]]) to (%[[C32]]) step (%[[C32]]) {
// CHECK-NEXT:      scf.parallel (%[[TID:.*]]) = (%[[C0]]) to (%[[C32]]) step (%{{.*}}) {
// CHECK-NEXT:        %[[I:.*]] = arith.addi %[[TID]], %[[BLK]] : index
// CHECK:             arith.cmpi ult, %{{.*}}, %[[C32]] : index
// CHECK:             scf.if
// CHECK-NEXT:          %[[COL:.*]] = arith.remsi %[[I]], %[[C8]] : index
// CHECK-NEXT:          %[[ROW:.*]] = arith.divsi %[[I]], %[[C8]] : index
// CHECK-NEXT:          %[[X:.*]] = memref.load %[[A]][%[[ROW]], %[[COL]]] : memref<4x8xf32>
// CHECK-NEXT:          memref.store %[[X]], %[[B]][%[[ROW]], %[[COL]]] : memref<4x8xf32>
// CHECK:           } {mapping = [#gpu.loop_dim_map<processor = thread_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = block_x, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// CHECK-NOT:     scf.parallel
// CHECK:         return
func.func @two_d(%a: memref<4x8xf32>, %b: memref<4x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c8) step (%c1, %c1) {
    %x = memref.load %a[%i, %j] : memref<4x8xf32>
    memref.store %x, %b[%i, %j] : memref<4x8xf32>
    scf.reduce
  }
  return
}

// 4-D: 2x3x4x5 = 120 iterations, delinearized innermost first.
// CHECK-LABEL: func.func @four_d(
// CHECK-SAME:      %[[A:.*]]: memref<2x3x4x5xf32>)
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG:     %[[C120:.*]] = arith.constant 120 : index
// CHECK-DAG:     %[[C5:.*]] = arith.constant 5 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK:         scf.parallel (%[[BLK:.*]]) = (%{{.*}}) to (%[[C120]]) step (%[[C64]]) {
// CHECK-NEXT:      scf.parallel (%[[TID:.*]]) = (%{{.*}}) to (%[[C64]]) step (%{{.*}}) {
// CHECK-NEXT:        %[[I:.*]] = arith.addi %[[TID]], %[[BLK]] : index
// CHECK:             arith.cmpi ult, %{{.*}}, %[[C120]] : index
// CHECK:             scf.if
// CHECK-NEXT:          %[[D3:.*]] = arith.remsi %[[I]], %[[C5]] : index
// CHECK-NEXT:          %[[Q3:.*]] = arith.divsi %[[I]], %[[C5]] : index
// CHECK-NEXT:          %[[D2:.*]] = arith.remsi %[[Q3]], %[[C4]] : index
// CHECK-NEXT:          %[[Q2:.*]] = arith.divsi %[[Q3]], %[[C4]] : index
// CHECK-NEXT:          %[[D1:.*]] = arith.remsi %[[Q2]], %[[C3]] : index
// CHECK-NEXT:          %[[D0:.*]] = arith.divsi %[[Q2]], %[[C3]] : index
// CHECK-NEXT:          memref.store %{{.*}}, %[[A]][%[[D0]], %[[D1]], %[[D2]], %[[D3]]] : memref<2x3x4x5xf32>
// CHECK:           } {mapping = [#gpu.loop_dim_map<processor = thread_x
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = block_x
// CHECK-NOT:     scf.parallel
// CHECK:         return
func.func @four_d(%a: memref<2x3x4x5xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %cst = arith.constant 0.0 : f32
  scf.parallel (%i, %j, %k, %l) = (%c0, %c0, %c0, %c0) to (%c2, %c3, %c4, %c5) step (%c1, %c1, %c1, %c1) {
    memref.store %cst, %a[%i, %j, %k, %l] : memref<2x3x4x5xf32>
    scf.reduce
  }
  return
}

// Non-zero lower bounds and non-unit steps are normalized by the collapse:
// ceil((10-2)/3) * ceil((20-1)/2) = 3 * 10 = 30 iterations.
// CHECK-LABEL: func.func @offset_step(
// CHECK-DAG:     %[[C30:.*]] = arith.constant 30 : index
// CHECK:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[C30]]) step (%[[C30]]) {
// CHECK:           arith.cmpi ult, %{{.*}}, %[[C30]] : index
// CHECK:           } {mapping = [#gpu.loop_dim_map<processor = thread_x
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = block_x
func.func @offset_step(%a: memref<10x20xf32>) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c10 = arith.constant 10 : index
  %c20 = arith.constant 20 : index
  %cst = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c2, %c1) to (%c10, %c20) step (%c3, %c2) {
    memref.store %cst, %a[%i, %j] : memref<10x20xf32>
    scf.reduce
  }
  return
}

// A nested scf.parallel (even a 2-D one) is not collapsed or tiled; each of
// its dimensions is mapped to sequential execution inside the thread.
// CHECK-LABEL: func.func @nested(
// CHECK-SAME:      %[[A:.*]]: memref<4x16xf32>, %[[B:.*]]: memref<4xf32>)
// CHECK:         scf.parallel (%[[BLK:.*]]) = {{.*}} {
// CHECK-NEXT:      scf.parallel (%[[TID:.*]]) = {{.*}} {
// A 4-iteration loop gets a block of exactly 4 threads: no bounds guard.
// CHECK-NEXT:        %[[I:.*]] = arith.addi %[[TID]], %[[BLK]] : index
// CHECK-NEXT:          scf.parallel (%[[J:.*]], %[[K:.*]]) = (%{{.*}}, %{{.*}}) to (%{{.*}}, %{{.*}}) step (%{{.*}}, %{{.*}}) {
// CHECK-NEXT:            memref.load %[[A]][%[[I]], %[[J]]] : memref<4x16xf32>
// CHECK:                 scf.reduce
// CHECK-NEXT:          } {mapping = [#gpu.loop_dim_map<processor = sequential, map = (d0) -> (d0), bound = (d0) -> (d0)>, #gpu.loop_dim_map<processor = sequential, map = (d0) -> (d0), bound = (d0) -> (d0)>]}
// CHECK:           } {mapping = [#gpu.loop_dim_map<processor = thread_x
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = block_x
func.func @nested(%a: memref<4x16xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    scf.parallel (%j, %k) = (%c0, %c0) to (%c16, %c4) step (%c1, %c1) {
      %x = memref.load %a[%i, %j] : memref<4x16xf32>
      memref.store %x, %b[%i] : memref<4xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}

// Two loops in one function are mapped independently; sequential loops
// (scf.for) are left alone. Both are shorter than the work-group, so each
// gets one block of its own trip count (8, and 2 * 3 after collapsing).
// CHECK-LABEL: func.func @two_loops(
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C6:.*]] = arith.constant 6 : index
// CHECK:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[C8]]) step (%[[C8]]) {
// CHECK:           scf.for
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = block_x
// CHECK:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[C6]]) step (%[[C6]]) {
// CHECK:         } {mapping = [#gpu.loop_dim_map<processor = block_x
func.func @two_loops(%a: memref<8x4xf32>, %b: memref<8xf32>, %c: memref<2x3xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %cst = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    scf.for %k = %c0 to %c4 step %c1 {
      %x = memref.load %a[%i, %k] : memref<8x4xf32>
      memref.store %x, %b[%i] : memref<8xf32>
    }
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c2, %c3) step (%c1, %c1) {
    memref.store %cst, %c[%i, %j] : memref<2x3xf32>
    scf.reduce
  }
  return
}

// A function without parallel loops is unchanged.
// CHECK-LABEL: func.func @no_loops(
// CHECK-NEXT:    return
func.func @no_loops() {
  return
}

// The work-group size is checked before anything is rewritten. (The value
// itself is not checked here: see map-parallel-loops-to-gpu-size-value.mlir.)
// ZERO: error: workgroup-size and min-workgroups must be positive, got
// ZERO-NOT: scf.parallel {{.*}} {mapping

// A one-dimensional loop with a step (vectorized: 4 floats per thread) is
// normalized like a collapsed one: 16 threads, each at element 4 * i, and
// the guard compares the thread's index (not its element) with 16.
// CHECK-LABEL: func.func @one_d_vector_step(
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK:         scf.parallel (%[[BLK:.*]]) = (%{{.*}}) to (%[[C16]]) step (%[[C16]]) {
// CHECK-NEXT:      scf.parallel (%[[TID:.*]]) = (%{{.*}}) to (%[[C16]]) step (%{{.*}}) {
// CHECK:             %[[IN:.*]] = arith.cmpi ult, %{{.*}}, %[[C16]] : index
// CHECK:             scf.if
// CHECK-NEXT:          %[[E:.*]] = affine.apply #{{.*}}(%{{.*}})
// CHECK-NEXT:          vector.load %{{.*}}[%[[E]]] : memref<64xf32>, vector<4xf32>
func.func @one_d_vector_step(%a: memref<64xf32>, %b: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i) = (%c0) to (%c64) step (%c4) {
    %x = vector.load %a[%i] : memref<64xf32>, vector<4xf32>
    vector.store %x, %b[%i] : memref<64xf32>, vector<4xf32>
    scf.reduce
  }
  return
}
