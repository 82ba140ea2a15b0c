// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-select-lowering-configs{max-thread-tile=8}))' %s | FileCheck %s
// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-select-lowering-configs{max-thread-tile=1}))' %s | FileCheck %s --check-prefix=OFF
// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-select-lowering-configs{max-thread-tile=8 vector-width=16}))' %s | FileCheck %s --check-prefix=VEC
// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-select-lowering-configs{max-thread-tile=8 vector-width=16 max-vector-tile=2}))' %s | FileCheck %s --check-prefix=VT
// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-select-lowering-configs{max-thread-tile=8 vector-width=16 workgroup-size=16 square-workgroups=1}))' %s | FileCheck %s --check-prefix=WG
// Which kernels get a thread tile, along which dimension and how large, and
// which get vectors along their innermost dimension.

// A MatMul reads the same right-hand side for every row: the rows are tiled,
// by the largest power of two up to the limit that divides 24 (8); the
// columns (innermost) never are.
// CHECK-LABEL: func.func @matmul
// CHECK: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 8, 1>, vector_width = 1 : i64}
// OFF-LABEL: func.func @matmul
// OFF: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 1, 1>, vector_width = 1 : i64}
// Its columns are contiguous in B and C: vectors of 16.
// VEC-LABEL: func.func @matmul
// VEC: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 8, 1>, vector_width = 16 : i64}
// Its broadcast operand (A) is f32: one vector per thread even where a
// thread may compute two.
// VT-LABEL: func.func @matmul
// VT: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 8, 1>, vector_width = 16 : i64}
// Square work-groups: 3 threads down (24 rows / 8) and 1 across (16 columns
// / 16) hold no block of 16 threads, so none is chosen.
// WG-LABEL: func.func @matmul
// WG: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 8, 1>, vector_width = 16 : i64}
func.func @matmul(%a: memref<24x32xf32>, %b: memref<32x16xf32>, %c: memref<24x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c24 = arith.constant 24 : index
  %c32 = arith.constant 32 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c24, %c16) step (%c1, %c1) {
    %init = memref.load %c[%i, %j] : memref<24x16xf32>
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %init) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<24x32xf32>
      %y = memref.load %b[%k, %j] : memref<32x16xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<24x16xf32>
    scf.reduce
  }
  return
}

// 12 rows: 6 is the largest tile up to 8 that divides them (the loop loads
// the buffer it stores to, so no tile may repeat rows).
// CHECK-LABEL: func.func @odd_rows
// CHECK: thread_tile = array<i64: 6, 1>
func.func @odd_rows(%a: memref<12x32xf32>, %b: memref<32x16xf32>, %c: memref<12x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c12 = arith.constant 12 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c12, %c16) step (%c1, %c1) {
    %init = memref.load %c[%i, %j] : memref<12x16xf32>
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %init) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<12x32xf32>
      %y = memref.load %b[%k, %j] : memref<32x16xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<12x16xf32>
    scf.reduce
  }
  return
}

// A row sum: every load depends on the row, nothing is reused, and the only
// parallel dimension is the innermost.
// CHECK-LABEL: func.func @row_sum
// CHECK: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 1>, vector_width = 1 : i64}
// Its rows are not contiguous in A: no vectors.
// VEC-LABEL: func.func @row_sum
// VEC: vector_width = 1 : i64
func.func @row_sum(%a: memref<16x32xf32>, %c: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c16) step (%c1) {
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %zero) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<16x32xf32>
      %s = arith.addf %acc, %x : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i] : memref<16xf32>
    scf.reduce
  }
  return
}

// Elementwise kernels are not tiled; a configuration already there is kept.
// CHECK-LABEL: func.func @elementwise
// CHECK: octet.lowering_config = {kind = "elementwise", thread_tile = array<i64: 1, 1>, vector_width = 1 : i64}
// CHECK: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 2, 1>}
// VEC-LABEL: func.func @elementwise
// VEC: octet.lowering_config = {kind = "elementwise", thread_tile = array<i64: 1, 1>, vector_width = 16 : i64}
// VEC: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 2, 1>}
func.func @elementwise(%a: memref<16x16xf32>, %c: memref<16x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c16, %c16) step (%c1, %c1) {
    %x = memref.load %a[%i, %j] : memref<16x16xf32>
    %y = arith.addf %x, %x : f32
    memref.store %y, %c[%i, %j] : memref<16x16xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c16, %c16) step (%c1, %c1) {
    %x = memref.load %a[%i, %j] : memref<16x16xf32>
    memref.store %x, %c[%i, %j] : memref<16x16xf32>
    scf.reduce
  } {octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 2, 1>}}
  return
}

// A right-hand side read transposed (Gemm with transB): neighbouring columns
// are not contiguous, so no vectors; the rows still get a thread tile.
// VEC-LABEL: func.func @transposed_rhs
// VEC: thread_tile = array<i64: 8, 1>, vector_width = 1 : i64
func.func @transposed_rhs(%a: memref<8x32xf32>, %b: memref<16x32xf32>, %c: memref<8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c16) step (%c1, %c1) {
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %zero) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<8x32xf32>
      %y = memref.load %b[%j, %k] : memref<16x32xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<8x16xf32>
    scf.reduce
  }
  return
}

// A 1-D convolution with stride 2 (3 taps): its reads have stride 2 along
// the output columns, which vectorize; a stride of 3 does not.
// VEC-LABEL: func.func @strided_conv
// VEC: vector_width = 16 : i64
// VEC: vector_width = 1 : i64
func.func @strided_conv(%x: memref<4x35xf32>, %w: memref<3xf32>, %y: memref<4x16xf32>, %x3: memref<4x50xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c16) step (%c1, %c1) {
    %sum = scf.for %k = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> (f32) {
      %twice = arith.muli %j, %c2 : index
      %at = arith.addi %twice, %k : index
      %v = memref.load %x[%i, %at] : memref<4x35xf32>
      %t = memref.load %w[%k] : memref<3xf32>
      %p = arith.mulf %v, %t : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %y[%i, %j] : memref<4x16xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c16) step (%c1, %c1) {
    %thrice = arith.muli %j, %c3 : index
    %v = memref.load %x3[%i, %thrice] : memref<4x50xf32>
    memref.store %v, %y[%i, %j] : memref<4x16xf32>
    scf.reduce
  }
  return
}

// 12 columns: the widest power of two that divides them is 4. A bias and a
// Relu (f32 arithmetic) vectorize; an index turned into data does not.
// VEC-LABEL: func.func @narrow_rows
// VEC: vector_width = 4 : i64
// VEC: vector_width = 1 : i64
func.func @narrow_rows(%a: memref<4x12xf32>, %bias: memref<12xf32>, %c: memref<4x12xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c12 = arith.constant 12 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c12) step (%c1, %c1) {
    %x = memref.load %a[%i, %j] : memref<4x12xf32>
    %b = memref.load %bias[%j] : memref<12xf32>
    %y = arith.addf %x, %b : f32
    %r = arith.maximumf %y, %zero : f32
    memref.store %r, %c[%i, %j] : memref<4x12xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c12) step (%c1, %c1) {
    %n = arith.index_cast %j : index to i32
    %f = arith.sitofp %n : i32 to f32
    memref.store %f, %c[%i, %j] : memref<4x12xf32>
    scf.reduce
  }
  return
}

// 17 rows (a ViT's tokens): no power of two divides them. The loop reads no
// buffer it writes, so a tile that does not divide them works: 6, the
// largest whose last tile repeats at most an eighth of the rows (3 tiles,
// 18 rows, one computed twice).
// CHECK-LABEL: func.func @tokens
// CHECK: thread_tile = array<i64: 6, 1>
// The same rows accumulated into the output in memory: no partial tile.
// CHECK-LABEL: func.func @tokens_accumulated
// CHECK: thread_tile = array<i64: 1, 1>
func.func @tokens(%a: memref<17x32xf32>, %b: memref<32x16xf32>, %c: memref<17x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c17 = arith.constant 17 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c17, %c16) step (%c1, %c1) {
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %zero) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<17x32xf32>
      %y = memref.load %b[%k, %j] : memref<32x16xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<17x16xf32>
    scf.reduce
  }
  return
}
func.func @tokens_accumulated(%a: memref<17x32xf32>, %b: memref<32x16xf32>, %c: memref<17x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c17 = arith.constant 17 : index
  %c32 = arith.constant 32 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c17, %c16) step (%c1, %c1) {
    %init = memref.load %c[%i, %j] : memref<17x16xf32>
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %init) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<17x32xf32>
      %y = memref.load %b[%k, %j] : memref<32x16xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<17x16xf32>
    scf.reduce
  }
  return
}

// A 1x1 convolution on 7 pixels (filter laid out with its 32 output
// channels last): no vectors along the pixels (7), 16 lanes along the
// channels (vector_dim 0), and a thread tile of the 7 pixels, which all read
// the same filter vector.
// VEC-LABEL: func.func @short_rows
// VEC: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 1, 7>, vector_dim = 0 : i64, vector_width = 16 : i64}
// Without vectors, the tile is along the channels as before.
// CHECK-LABEL: func.func @short_rows
// CHECK: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 8, 1>, vector_width = 1 : i64}
func.func @short_rows(%x: memref<8x7xf32>, %w: memref<8x32xf32>, %y: memref<32x7xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%m, %p) = (%c0, %c0) to (%c32, %c7) step (%c1, %c1) {
    %sum = scf.for %c = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
      %a = memref.load %x[%c, %p] : memref<8x7xf32>
      %b = memref.load %w[%c, %m] : memref<8x32xf32>
      %t = arith.mulf %a, %b : f32
      %u = arith.addf %acc, %t : f32
      scf.yield %u : f32
    }
    memref.store %sum, %y[%m, %p] : memref<32x7xf32>
    scf.reduce
  }
  return
}

// With bf16 weights the tie goes the other way: vectors along the channels,
// the dimension the weight varies along, widen 16 weights with one shift,
// and the thread tile goes along the pixels, which share the weight vector.
// VEC-LABEL: func.func @long_rows_bf16_weights
// VEC: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 1, 8>, vector_dim = 0 : i64, vector_width = 16 : i64}
// The bf16 operand varies along the vectors; what is broadcast is f32.
// VT-LABEL: func.func @long_rows_bf16_weights
// VT: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 1, 8>, vector_dim = 0 : i64, vector_width = 16 : i64}
func.func @long_rows_bf16_weights(%x: memref<8x32xf32>, %w: memref<8x32xbf16>, %y: memref<32x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%m, %p) = (%c0, %c0) to (%c32, %c32) step (%c1, %c1) {
    %sum = scf.for %c = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
      %a = memref.load %x[%c, %p] : memref<8x32xf32>
      %b = memref.load %w[%c, %m] : memref<8x32xbf16>
      %bw = arith.extf %b : bf16 to f32
      %t = arith.mulf %a, %bw : f32
      %u = arith.addf %acc, %t : f32
      scf.yield %u : f32
    }
    memref.store %sum, %y[%m, %p] : memref<32x32xf32>
    scf.reduce
  }
  return
}

// On 32 pixels the innermost dimension gets 16 lanes too, and wins the tie.
// VEC-LABEL: func.func @long_rows
// VEC: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 8, 1>, vector_width = 16 : i64}
func.func @long_rows(%x: memref<8x32xf32>, %w: memref<8x32xf32>, %y: memref<32x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%m, %p) = (%c0, %c0) to (%c32, %c32) step (%c1, %c1) {
    %sum = scf.for %c = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
      %a = memref.load %x[%c, %p] : memref<8x32xf32>
      %b = memref.load %w[%c, %m] : memref<8x32xf32>
      %t = arith.mulf %a, %b : f32
      %u = arith.addf %acc, %t : f32
      scf.yield %u : f32
    }
    memref.store %sum, %y[%m, %p] : memref<32x32xf32>
    scf.reduce
  }
  return
}

// A pointwise convolution with FP8 weights: the input is reused across the
// channels and the weight across the rows; the tile goes along the rows, so
// that each weight is widened once for 8 rows instead of once per row.
// CHECK-LABEL: func.func @fp8_pointwise
// CHECK: thread_tile = array<i64: 1, 8, 1>
func.func @fp8_pointwise(%x: memref<4x16x16xf32>, %w: memref<4x16xf8E4M3FN>, %y: memref<16x16x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%m, %h, %p) = (%c0, %c0, %c0) to (%c16, %c16, %c16) step (%c1, %c1, %c1) {
    %sum = scf.for %c = %c0 to %c4 step %c1 iter_args(%acc = %zero) -> (f32) {
      %a = memref.load %x[%c, %h, %p] : memref<4x16x16xf32>
      %b8 = memref.load %w[%c, %m] : memref<4x16xf8E4M3FN>
      %b = arith.extf %b8 : f8E4M3FN to f32
      %t = arith.mulf %a, %b : f32
      %u = arith.addf %acc, %t : f32
      scf.yield %u : f32
    }
    memref.store %sum, %y[%m, %h, %p] : memref<16x16x16xf32>
    scf.reduce
  }
  return
}

// A MatMul whose left-hand side is bf16: each of its elements is widened and
// broadcast across a vector of 16 columns. With max-vector-tile=2 a thread
// computes two vectors (64 columns are 4 vectors) and 8 / 2 = 4 rows, so
// that each broadcast feeds two multiply-adds for the same 8 accumulators.
// VEC-LABEL: func.func @bf16_broadcast
// VEC: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 8, 1>, vector_width = 16 : i64}
// VT-LABEL: func.func @bf16_broadcast
// VT: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 4, 2>, vector_width = 16 : i64}
func.func @bf16_broadcast(%a: memref<16x32xbf16>, %b: memref<32x64xbf16>, %c: memref<16x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c16, %c64) step (%c1, %c1) {
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %zero) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<16x32xbf16>
      %xw = arith.extf %x : bf16 to f32
      %y = memref.load %b[%k, %j] : memref<32x64xbf16>
      %yw = arith.extf %y : bf16 to f32
      %p = arith.mulf %xw, %yw : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<16x64xf32>
    scf.reduce
  }
  return
}

// 48 columns are 3 vectors, which 2 does not divide: one vector per thread
// and the whole row tile.
// VT-LABEL: func.func @bf16_broadcast_odd_vectors
// VT: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 8, 1>, vector_width = 16 : i64}
func.func @bf16_broadcast_odd_vectors(%a: memref<16x32xbf16>, %b: memref<32x48xbf16>, %c: memref<16x48xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %c48 = arith.constant 48 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c16, %c48) step (%c1, %c1) {
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %zero) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<16x32xbf16>
      %xw = arith.extf %x : bf16 to f32
      %y = memref.load %b[%k, %j] : memref<32x48xbf16>
      %yw = arith.extf %y : bf16 to f32
      %p = arith.mulf %xw, %yw : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<16x48xf32>
    scf.reduce
  }
  return
}

// 8 x 4 threads (64 rows / 8, 64 columns / 16): a work-group of 16 threads
// covers 4 x 4 of them, the squarest block that divides both. Without
// square-workgroups, no block.
// VEC-LABEL: func.func @square_blocks
// VEC: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 8, 1>, vector_width = 16 : i64}
// WG-LABEL: func.func @square_blocks
// WG: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 8, 1>, vector_width = 16 : i64, workgroup_tile = array<i64: 4, 4>}
func.func @square_blocks(%a: memref<64x32xf32>, %b: memref<32x64xf32>, %c: memref<64x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c64) step (%c1, %c1) {
    %init = memref.load %c[%i, %j] : memref<64x64xf32>
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %init) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<64x32xf32>
      %y = memref.load %b[%k, %j] : memref<32x64xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<64x64xf32>
    scf.reduce
  }
  return
}

// 16 x 1 threads (128 rows / 8, 16 columns / 16): the only block of 16 is a
// column of 16 threads, more than four times as tall as wide: none.
// WG-LABEL: func.func @thin_blocks
// WG: octet.lowering_config = {kind = "contraction", thread_tile = array<i64: 8, 1>, vector_width = 16 : i64}
func.func @thin_blocks(%a: memref<128x32xf32>, %b: memref<32x16xf32>, %c: memref<128x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %c128 = arith.constant 128 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c128, %c16) step (%c1, %c1) {
    %init = memref.load %c[%i, %j] : memref<128x16xf32>
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %init) -> (f32) {
      %x = memref.load %a[%i, %k] : memref<128x32xf32>
      %y = memref.load %b[%k, %j] : memref<32x16xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      scf.yield %s : f32
    }
    memref.store %sum, %c[%i, %j] : memref<128x16xf32>
    scf.reduce
  }
  return
}
