// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-fuse-parallel-loops))' %s | FileCheck %s
// A MatMul and the bias + ReLU after it become one loop (one kernel); the
// epilogue reads the sum from the register it was stored from.

// CHECK-LABEL: func.func @matmul_bias_relu(
// CHECK-SAME: %[[A:[^:]+]]: memref<4x8xf32>, %[[B:[^:]+]]: memref<8x16xf32>, %[[BIAS:[^:]+]]: memref<16xf32>, %[[Y:[^:]+]]: memref<4x16xf32>)
// CHECK: %[[C:.+]] = memref.alloc() : memref<4x16xf32>
// CHECK: scf.parallel (%[[I:.+]], %[[J:.+]]) =
// CHECK: %[[SUM:.+]] = scf.for
// CHECK: memref.store %[[SUM]], %[[C]][%[[I]], %[[J]]]
// CHECK-NOT: memref.load %[[C]]
// CHECK: %[[BV:.+]] = memref.load %[[BIAS]][%[[J]]]
// CHECK: %[[S:.+]] = arith.addf %[[SUM]], %[[BV]]
// CHECK: arith.maximumf %[[S]]
// CHECK: memref.store %{{.+}}, %[[Y]][%[[I]], %[[J]]]
// CHECK-NOT: scf.parallel
func.func @matmul_bias_relu(%a: memref<4x8xf32>, %b: memref<8x16xf32>, %bias: memref<16xf32>, %y: memref<4x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<4x16xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c16) step (%c1, %c1) {
    %sum = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<4x8xf32>
      %w = memref.load %b[%k, %j] : memref<8x16xf32>
      %p = arith.mulf %x, %w : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<4x16xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c16) step (%c1, %c1) {
    %v = memref.load %c[%i, %j] : memref<4x16xf32>
    %bv = memref.load %bias[%j] : memref<16xf32>
    %s = arith.addf %v, %bv : f32
    %r = arith.maximumf %s, %zero : f32
    memref.store %r, %y[%i, %j] : memref<4x16xf32>
    scf.reduce
  }
  return
}

// Not merged: the second loop reads the first one's output at another
// element (a transpose), which another thread of the merged loop would write.
// CHECK-LABEL: func.func @transpose_after
// CHECK: scf.parallel
// CHECK: scf.parallel
func.func @transpose_after(%x: memref<8x8xf32>, %y: memref<8x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %t = memref.alloc() : memref<8x8xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c8) step (%c1, %c1) {
    %v = memref.load %x[%i, %j] : memref<8x8xf32>
    %d = arith.addf %v, %v : f32
    memref.store %d, %t[%i, %j] : memref<8x8xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c8) step (%c1, %c1) {
    %v = memref.load %t[%j, %i] : memref<8x8xf32>
    memref.store %v, %y[%i, %j] : memref<8x8xf32>
    scf.reduce
  }
  return
}

// Not merged: different iteration spaces (a row reduction after an
// elementwise loop).
// CHECK-LABEL: func.func @reduction_after
// CHECK: scf.parallel
// CHECK: scf.parallel
func.func @reduction_after(%x: memref<4x8xf32>, %y: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  %e = memref.alloc() : memref<4x8xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c8) step (%c1, %c1) {
    %v = memref.load %x[%i, %j] : memref<4x8xf32>
    %d = math.exp %v : f32
    memref.store %d, %e[%i, %j] : memref<4x8xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %s = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
      %v = memref.load %e[%i, %k] : memref<4x8xf32>
      %n = arith.addf %acc, %v : f32
      scf.yield %n : f32
    }
    memref.store %s, %y[%i] : memref<4xf32>
    scf.reduce
  }
  return
}

// Row fusion: a Softmax over 8 rows of 10 is a row maximum, an elementwise
// exp, a row sum and an elementwise division. The four loops agree on the
// rows and touch the shared buffers only within a row (the batch dimension
// of size 1 aside), so they become one loop over the rows whose elementwise
// steps are scf.for loops over the columns, in the original order.
// CHECK-LABEL: func.func @softmax_rows(
// CHECK-SAME:      %[[X:[^:]+]]: memref<1x8x10xf32>
// CHECK:         scf.parallel (%[[R:.+]]) =
// CHECK:           %[[MAX:.+]] = scf.for {{.*}} -> (f32)
// CHECK:           memref.store %[[MAX]], %[[T:.+]][%[[R]]] : memref<8xf32>
// CHECK:           scf.for %[[C:.+]] =
// CHECK:             memref.load %[[X]][%{{.+}}, %[[R]], %[[C]]]
// CHECK:             math.exp
// CHECK:           %[[SUM:.+]] = scf.for {{.*}} -> (f32)
// CHECK:           memref.store %[[SUM]], %[[T]][%[[R]]] : memref<8xf32>
// CHECK:           scf.for
// CHECK:             arith.divf
// CHECK:           scf.reduce
// CHECK-NOT:     scf.parallel
func.func @softmax_rows(%x: memref<1x8x10xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c10 = arith.constant 10 : index
  %zero = arith.constant 0.0 : f32
  %lowest = arith.constant 0xFF800000 : f32
  %t = memref.alloc() : memref<8xf32>
  scf.parallel (%r) = (%c0) to (%c8) step (%c1) {
    %m = scf.for %c = %c0 to %c10 step %c1 iter_args(%acc = %lowest) -> (f32) {
      %v = memref.load %x[%c0, %r, %c] : memref<1x8x10xf32>
      %n = arith.maximumf %v, %acc : f32
      scf.yield %n : f32
    }
    memref.store %m, %t[%r] : memref<8xf32>
    scf.reduce
  }
  scf.parallel (%r, %c) = (%c0, %c0) to (%c8, %c10) step (%c1, %c1) {
    %v = memref.load %x[%c0, %r, %c] : memref<1x8x10xf32>
    %m = memref.load %t[%r] : memref<8xf32>
    %d = arith.subf %v, %m : f32
    %e = math.exp %d : f32
    memref.store %e, %x[%c0, %r, %c] : memref<1x8x10xf32>
    scf.reduce
  }
  scf.parallel (%r) = (%c0) to (%c8) step (%c1) {
    %s = scf.for %c = %c0 to %c10 step %c1 iter_args(%acc = %zero) -> (f32) {
      %v = memref.load %x[%c0, %r, %c] : memref<1x8x10xf32>
      %n = arith.addf %v, %acc : f32
      scf.yield %n : f32
    }
    memref.store %s, %t[%r] : memref<8xf32>
    scf.reduce
  }
  scf.parallel (%r, %c) = (%c0, %c0) to (%c8, %c10) step (%c1, %c1) {
    %v = memref.load %x[%c0, %r, %c] : memref<1x8x10xf32>
    %s = memref.load %t[%r] : memref<8xf32>
    %q = arith.divf %v, %s : f32
    memref.store %q, %x[%c0, %r, %c] : memref<1x8x10xf32>
    scf.reduce
  }
  return
}

// A second loop that reads another row's result (the sums in reverse
// order) or too few rows (4) keep their loops: one thread per row would
// read what another row writes, or leave the device idle.
// CHECK-LABEL: func.func @rows_not_fused(
// CHECK-COUNT-4: scf.parallel
func.func @rows_not_fused(%x: memref<8x10xf32>, %y: memref<4x10xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c10 = arith.constant 10 : index
  %zero = arith.constant 0.0 : f32
  %t = memref.alloc() : memref<8xf32>
  scf.parallel (%r) = (%c0) to (%c8) step (%c1) {
    %s = scf.for %c = %c0 to %c10 step %c1 iter_args(%acc = %zero) -> (f32) {
      %v = memref.load %x[%r, %c] : memref<8x10xf32>
      %n = arith.addf %v, %acc : f32
      scf.yield %n : f32
    }
    memref.store %s, %t[%r] : memref<8xf32>
    scf.reduce
  }
  scf.parallel (%r, %c) = (%c0, %c0) to (%c8, %c10) step (%c1, %c1) {
    %other = arith.subi %c7, %r : index
    %s = memref.load %t[%other] : memref<8xf32>
    memref.store %s, %x[%r, %c] : memref<8x10xf32>
    scf.reduce
  }
  %u = memref.alloc() : memref<4xf32>
  scf.parallel (%r) = (%c0) to (%c4) step (%c1) {
    %s = scf.for %c = %c0 to %c10 step %c1 iter_args(%acc = %zero) -> (f32) {
      %v = memref.load %y[%r, %c] : memref<4x10xf32>
      %n = arith.addf %v, %acc : f32
      scf.yield %n : f32
    }
    memref.store %s, %u[%r] : memref<4xf32>
    scf.reduce
  }
  scf.parallel (%r, %c) = (%c0, %c0) to (%c4, %c10) step (%c1, %c1) {
    %s = memref.load %u[%r] : memref<4xf32>
    memref.store %s, %y[%r, %c] : memref<4x10xf32>
    scf.reduce
  }
  return
}

// A store that a later store of the same element overwrites, with no read
// of that buffer in between, goes (a Conv's bias stored before its sum, or
// a buffer the next fused loop writes again); one followed by a loop that
// may read the element stays.
// CHECK-LABEL: func.func @overwritten_stores(
// CHECK-SAME: %[[X:[^:]+]]: memref<8xf32>, %[[Y:[^:]+]]: memref<8xf32>)
// CHECK: scf.parallel (%[[I:.+]]) =
// CHECK-NOT: memref.store %{{.+}}, %[[Y]]
// CHECK: %[[V:.+]] = memref.load %[[X]][%[[I]]]
// CHECK: memref.store %[[V]], %[[Y]][%[[I]]]
// CHECK: scf.parallel (%[[J:.+]]) =
// CHECK: memref.store %{{.+}}, %[[Y]][%[[J]]]
// CHECK: scf.for
// CHECK: memref.store %{{.+}}, %[[Y]][%[[J]]]
func.func @overwritten_stores(%x: memref<8xf32>, %y: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    memref.store %zero, %y[%i] : memref<8xf32>
    %v = memref.load %x[%i] : memref<8xf32>
    memref.store %v, %y[%i] : memref<8xf32>
    scf.reduce
  }
  scf.parallel (%j) = (%c0) to (%c8) step (%c1) {
    memref.store %zero, %y[%j] : memref<8xf32>
    %sum = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
      %w = memref.load %y[%k] : memref<8xf32>
      %s = arith.addf %acc, %w : f32
      scf.yield %s : f32
    }
    memref.store %sum, %y[%j] : memref<8xf32>
    scf.reduce
  }
  return
}

// A result stored through one reshape of a buffer and read back through
// another (a residual add, then the widening copy an f32 op after it reads)
// is merged into one loop, and the read takes the stored value: no load is
// left of the buffer the loop writes. A read of another element of it
// (the next column) stays a load.
// CHECK-LABEL: func.func @read_back_through_a_reshape(
// CHECK-SAME:      %[[X:[^:]+]]: memref<4x8xf32>, %[[Y:[^:]+]]: memref<4x8xf32>, %[[Z:[^:]+]]: memref<4x7xf32>)
// CHECK:         scf.parallel
// CHECK:           %[[V:.+]] = memref.load %[[X]]
// CHECK:           %[[D:.+]] = arith.addf %[[V]], %[[V]] : f32
// CHECK:           memref.store %[[D]], %[[T:[a-z_0-9]+]][%c0, %{{.+}}, %c0, %{{.+}}] : memref<1x4x1x8xf32>
// CHECK-NOT:       memref.load %[[T]]
// CHECK:           memref.store %[[D]], %[[Y]]
// CHECK-NOT:       scf.parallel
// CHECK:         scf.parallel
// CHECK:           memref.load %{{.+}} : memref<4x8xf32>
func.func @read_back_through_a_reshape(%x: memref<4x8xf32>, %y: memref<4x8xf32>, %z: memref<4x7xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %t = memref.alloc() : memref<1x4x1x8xf32>
  %flat = memref.collapse_shape %t [[0, 1], [2, 3]] : memref<1x4x1x8xf32> into memref<4x8xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c8) step (%c1, %c1) {
    %v = memref.load %x[%i, %j] : memref<4x8xf32>
    %d = arith.addf %v, %v : f32
    memref.store %d, %t[%c0, %i, %c0, %j] : memref<1x4x1x8xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c8) step (%c1, %c1) {
    %v = memref.load %flat[%i, %j] : memref<4x8xf32>
    memref.store %v, %y[%i, %j] : memref<4x8xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c7) step (%c1, %c1) {
    %next = arith.addi %j, %c1 : index
    %v = memref.load %flat[%i, %next] : memref<4x8xf32>
    memref.store %v, %z[%i, %j] : memref<4x7xf32>
    scf.reduce
  }
  return
}
