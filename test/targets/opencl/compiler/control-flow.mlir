// scf.for (iter_args, permuted yields, steps, unsigned bounds), scf.if with
// results, gpu ids and barrier, workgroup/private buffers and memref views.
// RUN: octet-translate --serialize-opencl %s | FileCheck %s

module attributes {gpu.container_module} {
gpu.module @control {
  // CHECK-LABEL: __kernel __attribute__((reqd_work_group_size(64, 1, 1)))
  // CHECK-NEXT: void row_sum(__global float *arg0, __global float *arg1) {
  gpu.func @row_sum(%in: memref<4x32xf32>, %out: memref<4xf32>) kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c32 = arith.constant 32 : index
    %zero = arith.constant 0.0 : f32
    // CHECK: long block_id_x = (long)get_group_id(0);
    // CHECK: long block_dim_x = (long)get_local_size(0);
    // CHECK: long thread_id_x = (long)get_local_id(0);
    %bid = gpu.block_id x
    %bdim = gpu.block_dim x
    %tid = gpu.thread_id x
    %0 = arith.muli %bid, %bdim : index
    %row = arith.addi %0, %tid : index
    // CHECK: int v2 = (ulong)v1 < 4UL;
    %inb = arith.cmpi ult, %row, %c4 : index
    // CHECK: if (v2) {
    scf.if %inb {
      // CHECK-NEXT: float acc = 0.0f;
      // CHECK-NEXT: for (long i = 0L; i < 32L; ++i) {
      // CHECK-NEXT:   float v3 = arg0[v1 * 32L + i];
      // CHECK-NEXT:   float v4 = acc + v3;
      // CHECK-NEXT:   acc = v4;
      // CHECK-NEXT: }
      // CHECK-NEXT: arg1[v1] = acc;
      %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %zero) -> (f32) {
        %v = memref.load %in[%row, %k] : memref<4x32xf32>
        %s = arith.addf %acc, %v : f32
        scf.yield %s : f32
      }
      memref.store %sum, %out[%row] : memref<4xf32>
    }
    // CHECK: }
    // CHECK-NEXT: }
    gpu.return
  }

  // Yields that permute the loop-carried values go through temporaries.
  // CHECK-LABEL: void fib(__global long *arg0)
  gpu.func @fib(%out: memref<1xi64>) kernel {
    %c0 = arith.constant 0 : index
    %c2 = arith.constant 2 : index
    %c10 = arith.constant 10 : index
    %a0 = arith.constant 0 : i64
    %b0 = arith.constant 1 : i64
    // CHECK: long acc = 0L;
    // CHECK-NEXT: long acc_0 = 1L;
    // CHECK-NEXT: for (long i = 0L; i < 10L; i += 2L) {
    // CHECK-NEXT:   long v0 = (long)((ulong)acc + (ulong)acc_0);
    // CHECK-NEXT:   long next = acc_0;
    // CHECK-NEXT:   long next_0 = v0;
    // CHECK-NEXT:   acc = next;
    // CHECK-NEXT:   acc_0 = next_0;
    // CHECK-NEXT: }
    %r:2 = scf.for %i = %c0 to %c10 step %c2 iter_args(%a = %a0, %b = %b0) -> (i64, i64) {
      %s = arith.addi %a, %b : i64
      scf.yield %b, %s : i64, i64
    }
    // CHECK-NEXT: arg0[0L] = acc;
    memref.store %r#0, %out[%c0] : memref<1xi64>
    gpu.return
  }

  // CHECK-LABEL: void select_if(__global float *arg0, __global int *arg1)
  gpu.func @select_if(%a: memref<64xf32>, %b: memref<64xi32>) kernel {
    %tid = gpu.thread_id x
    %x = memref.load %a[%tid] : memref<64xf32>
    %zero = arith.constant 0.0 : f32
    %c7 = arith.constant 7 : i32
    %pos = arith.cmpf ogt, %x, %zero : f32
    // CHECK: float r;
    // CHECK-NEXT: int r_0;
    // CHECK-NEXT: if (v1) {
    // CHECK-NEXT:   float v2 = v0 * 2.0f;
    // CHECK-NEXT:   r = v2;
    // CHECK-NEXT:   r_0 = 7;
    // CHECK-NEXT: } else {
    // CHECK-NEXT:   float v3 = -v0;
    // CHECK-NEXT:   r = v3;
    // CHECK-NEXT:   r_0 = 0;
    // CHECK-NEXT: }
    %r:2 = scf.if %pos -> (f32, i32) {
      %two = arith.constant 2.0 : f32
      %y = arith.mulf %x, %two : f32
      scf.yield %y, %c7 : f32, i32
    } else {
      %n = arith.negf %x : f32
      %c0i = arith.constant 0 : i32
      scf.yield %n, %c0i : f32, i32
    }
    memref.store %r#0, %a[%tid] : memref<64xf32>
    memref.store %r#1, %b[%tid] : memref<64xi32>
    gpu.return
  }

  // CHECK-LABEL: void shared_buffers(__global float *arg0)
  // CHECK-NEXT: __local float shared[64];
  // CHECK-NEXT: float priv[4];
  gpu.func @shared_buffers(%a: memref<64xf32>) workgroup(%wg: memref<64xf32, #gpu.address_space<workgroup>>) private(%pv: memref<4xf32, #gpu.address_space<private>>) kernel {
    %c0 = arith.constant 0 : index
    %c63 = arith.constant 63 : index
    %tid = gpu.thread_id x
    %x = memref.load %a[%tid] : memref<64xf32>
    // CHECK: shared[thread_id_x] = v0;
    memref.store %x, %wg[%tid] : memref<64xf32, #gpu.address_space<workgroup>>
    // CHECK-NEXT: barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
    gpu.barrier
    %rev = arith.subi %c63, %tid : index
    // CHECK-NEXT: long v1 = 63L - thread_id_x;
    // CHECK-NEXT: float v2 = shared[v1];
    %y = memref.load %wg[%rev] : memref<64xf32, #gpu.address_space<workgroup>>
    memref.store %y, %pv[%c0] : memref<4xf32, #gpu.address_space<private>>
    // CHECK: float buf[6];
    %tmp = memref.alloca() : memref<2x3xf32>
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    // CHECK-NEXT: buf[5L] = v2;
    memref.store %y, %tmp[%c1, %c2] : memref<2x3xf32>
    %z = memref.load %pv[%c0] : memref<4xf32, #gpu.address_space<private>>
    %w = memref.load %tmp[%c1, %c2] : memref<2x3xf32>
    %s = arith.addf %z, %w : f32
    memref.store %s, %a[%tid] : memref<64xf32>
    gpu.return
  }

  // Strided arguments and views index the base pointer with their own
  // static strides and offset.
  // CHECK-LABEL: void views(__global float *arg0, __global float *arg1)
  gpu.func @views(%a: memref<4x4xf32, strided<[8, 1], offset: 2>>, %b: memref<2x3x4xf32>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %tid = gpu.thread_id x
    // CHECK: float v0 = arg0[thread_id_x * 8L + 3L];
    %x = memref.load %a[%tid, %c1] : memref<4x4xf32, strided<[8, 1], offset: 2>>
    %sv = memref.subview %b[1, 0, 1] [1, 3, 2] [1, 1, 2] : memref<2x3x4xf32> to memref<3x2xf32, strided<[4, 2], offset: 13>>
    // CHECK-NEXT: arg1[thread_id_x * 4L + 15L] = v0;
    memref.store %x, %sv[%tid, %c1] : memref<3x2xf32, strided<[4, 2], offset: 13>>
    %col = memref.collapse_shape %b [[0, 1], [2]] : memref<2x3x4xf32> into memref<6x4xf32>
    // CHECK-NEXT: arg1[thread_id_x * 4L] = v0;
    memref.store %x, %col[%tid, %c0] : memref<6x4xf32>
    gpu.return
  }

  // CHECK-LABEL: void ids_and_loops(__global long *arg0)
  gpu.func @ids_and_loops(%out: memref<8xi64>) kernel {
    // CHECK: long grid_dim_y = (long)get_num_groups(1);
    // CHECK: long global_id_z = (long)get_global_id(2);
    %g = gpu.grid_dim y
    %gid = gpu.global_id z
    %c0 = arith.constant 0 : index
    %c8 = arith.constant 8 : index
    %c3 = arith.constant 3 : index
    // CHECK: for (long i = global_id_z; (ulong)i < 8UL; i += grid_dim_y) {
    scf.for unsigned %i = %gid to %c8 step %g {
      %v = arith.index_cast %i : index to i64
      memref.store %v, %out[%i] : memref<8xi64>
    }
    // CHECK: for (int i_0 = 0; i_0 < 3; ++i_0) {
    %lb = arith.constant 0 : i32
    %ub = arith.constant 3 : i32
    %st = arith.constant 1 : i32
    scf.for %j = %lb to %ub step %st : i32 {
      %v = arith.extsi %j : i32 to i64
      memref.store %v, %out[%c3] : memref<8xi64>
    }
    gpu.return
  }
}
}
