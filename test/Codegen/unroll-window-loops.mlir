// RUN: octet-opt %s --octet-unroll-window-loops --split-input-file | FileCheck %s
// RUN: octet-opt %s --octet-unroll-window-loops="max-trip-count=2" --split-input-file | FileCheck %s --check-prefix=TWO

// A thread tile of two bf16 pixels under a 3-wide window: pixel 0 reads
// x + k, pixel 1 reads x + 1 + k, so step k + 1 of pixel 0 reads (and
// widens) what step k of pixel 1 read. The window loop is unrolled (its accumulators chained
// through the copies, its index arithmetic folded) and the 8-step loop
// around it, which contains a loop, stays. With max-trip-count=2 the window
// loop stays too.
// CHECK-LABEL: func.func @window
// CHECK: %[[X1:.*]] = arith.addi %arg2, %c1
// CHECK: scf.for %[[C:.*]] = %c0 to %c8 step %c1 iter_args(%[[ACC0:.*]] = %cst, %[[ACC1:.*]] = %cst) -> (f32, f32)
// CHECK-NOT: scf.for
// CHECK: %[[L00:.*]] = memref.load %arg0[%[[C]], %arg2]
// CHECK: %[[L10:.*]] = memref.load %arg0[%[[C]], %[[X1]]]
// CHECK: %[[A0:.*]] = arith.addf %[[ACC0]],
// CHECK: %[[B0:.*]] = arith.addf %[[ACC1]],
// CHECK: %[[X1B:.*]] = arith.addi %arg2, %c1
// CHECK: %[[L01:.*]] = memref.load %arg0[%[[C]], %[[X1B]]]
// CHECK: %[[X2:.*]] = arith.addi %arg2, %c2
// CHECK: %[[L11:.*]] = memref.load %arg0[%[[C]], %[[X2]]]
// CHECK: arith.addf %[[A0]],
// CHECK: arith.addf %[[B0]],
// CHECK: %[[X2B:.*]] = arith.addi %arg2, %c2
// CHECK: memref.load %arg0[%[[C]], %[[X2B]]]
// CHECK: %[[X3:.*]] = arith.addi %arg2, %c3
// CHECK: memref.load %arg0[%[[C]], %[[X3]]]
// CHECK: scf.yield
// TWO-LABEL: func.func @window
// TWO: scf.for
// TWO: scf.for %{{.*}} = %c0 to %c3 step %c1
func.func @window(%in: memref<8x11xbf16>, %out: memref<8x2xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%x) = (%c0) to (%c8) step (%c1) {
    %x1 = arith.addi %x, %c1 : index
    %sum:2 = scf.for %c = %c0 to %c8 step %c1 iter_args(%acc0 = %zero, %acc1 = %zero) -> (f32, f32) {
      %inner:2 = scf.for %k = %c0 to %c3 step %c1 iter_args(%a = %acc0, %b = %acc1) -> (f32, f32) {
        %i0 = arith.addi %x, %k : index
        %v0 = memref.load %in[%c, %i0] : memref<8x11xbf16>
        %i1 = arith.addi %x1, %k : index
        %v1 = memref.load %in[%c, %i1] : memref<8x11xbf16>
        %w0 = arith.extf %v0 : bf16 to f32
        %w1 = arith.extf %v1 : bf16 to f32
        %s0 = arith.addf %a, %w0 : f32
        %s1 = arith.addf %b, %w1 : f32
        scf.yield %s0, %s1 : f32, f32
      }
      scf.yield %inner#0, %inner#1 : f32, f32
    }
    memref.store %sum#0, %out[%x, %c0] : memref<8x2xf32>
    memref.store %sum#1, %out[%x, %c1] : memref<8x2xf32>
    scf.reduce
  }
  return
}

// -----

// Left as loops: the same window over f32 pixels (loaded again at no cost),
// two rows of weights read at the window step (no step reads what another
// read: unrolled, nothing would be shared), a loop outside a kernel's loop
// nest, and one whose trip count is not known at compile time.
// CHECK-LABEL: func.func @window_f32
// CHECK-COUNT-2: scf.for
// CHECK-LABEL: func.func @left_alone
// CHECK-COUNT-3: scf.for
func.func @window_f32(%in: memref<8x11xf32>, %out: memref<8x2xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%x) = (%c0) to (%c8) step (%c1) {
    %x1 = arith.addi %x, %c1 : index
    %sum:2 = scf.for %c = %c0 to %c8 step %c1 iter_args(%acc0 = %zero, %acc1 = %zero) -> (f32, f32) {
      %inner:2 = scf.for %k = %c0 to %c3 step %c1 iter_args(%a = %acc0, %b = %acc1) -> (f32, f32) {
        %i0 = arith.addi %x, %k : index
        %v0 = memref.load %in[%c, %i0] : memref<8x11xf32>
        %i1 = arith.addi %x1, %k : index
        %v1 = memref.load %in[%c, %i1] : memref<8x11xf32>
        %s0 = arith.addf %a, %v0 : f32
        %s1 = arith.addf %b, %v1 : f32
        scf.yield %s0, %s1 : f32, f32
      }
      scf.yield %inner#0, %inner#1 : f32, f32
    }
    memref.store %sum#0, %out[%x, %c0] : memref<8x2xf32>
    memref.store %sum#1, %out[%x, %c1] : memref<8x2xf32>
    scf.reduce
  }
  return
}

func.func @left_alone(%w: memref<2x3xf32>, %in: memref<?xf32>, %n: index,
                      %out: memref<2xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%x) = (%c0) to (%c1) step (%c1) {
    %r:2 = scf.for %k = %c0 to %c3 step %c1 iter_args(%a = %zero, %b = %zero) -> (f32, f32) {
      %v0 = memref.load %w[%c0, %k] : memref<2x3xf32>
      %v1 = memref.load %w[%c1, %k] : memref<2x3xf32>
      %s0 = arith.addf %a, %v0 : f32
      %s1 = arith.addf %b, %v1 : f32
      scf.yield %s0, %s1 : f32, f32
    }
    memref.store %r#0, %out[%c0] : memref<2xf32>
    memref.store %r#1, %out[%c1] : memref<2xf32>
    scf.reduce
  }
  %a = scf.for %k = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> (f32) {
    %i1 = arith.addi %k, %c1 : index
    %v = memref.load %in[%k] : memref<?xf32>
    %v1 = memref.load %in[%i1] : memref<?xf32>
    %s = arith.addf %acc, %v : f32
    %s1 = arith.addf %s, %v1 : f32
    scf.yield %s1 : f32
  }
  %b = scf.for %k = %c0 to %n step %c1 iter_args(%acc = %a) -> (f32) {
    %v = memref.load %in[%k] : memref<?xf32>
    %s = arith.addf %acc, %v : f32
    scf.yield %s : f32
  }
  return %b : f32
}
