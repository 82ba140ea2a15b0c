// A 4-D broadcast add collapsed to a 1-D grid, as Octet's mapping produces
// it: one linear id, delinearized with remsi/divsi (and the unsigned forms).
// RUN: octet-translate --serialize-opencl %s | FileCheck %s

module attributes {gpu.container_module} {
gpu.module @delinearized {
  // CHECK-LABEL: void add_4d(__global float *arg0, __global float *arg1, __global float *arg2) {
  // CHECK-NEXT: long block_id_x = (long)get_group_id(0);
  // CHECK-NEXT: long thread_id_x = (long)get_local_id(0);
  // CHECK-NEXT: long v0 = block_id_x * 64L;
  // CHECK-NEXT: long v1 = v0 + thread_id_x;
  // CHECK-NEXT: int v2 = v1 < 120L;
  // CHECK-NEXT: if (v2) {
  // CHECK-NEXT:   long v3 = v1 % 5L;
  // CHECK-NEXT:   long v4 = v1 / 5L;
  // CHECK-NEXT:   long v5 = v4 % 4L;
  // CHECK-NEXT:   long v6 = v4 / 4L;
  // CHECK-NEXT:   long v7 = (long)((ulong)v6 % 3UL);
  // CHECK-NEXT:   long v8 = (long)((ulong)v6 / 3UL);
  // CHECK-NEXT:   float v9 = arg0[v8 * 60L + v7 * 20L + v5 * 5L + v3];
  // CHECK-NEXT:   float v10 = arg1[v7 * 5L + v3];
  // CHECK-NEXT:   float v11 = v9 + v10;
  // CHECK-NEXT:   arg2[v1] = v11;
  // CHECK-NEXT: }
  // CHECK-NEXT: }
  gpu.func @add_4d(%a: memref<2x3x4x5xf32>, %b: memref<3x1x5xf32>, %o: memref<120xf32>) kernel attributes {known_block_size = array<i32: 64, 1, 1>} {
    %c0 = arith.constant 0 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %c5 = arith.constant 5 : index
    %c64 = arith.constant 64 : index
    %c120 = arith.constant 120 : index
    %bid = gpu.block_id x
    %tid = gpu.thread_id x
    %0 = arith.muli %bid, %c64 : index
    %id = arith.addi %0, %tid : index
    %inb = arith.cmpi slt, %id, %c120 : index
    scf.if %inb {
      %i3 = arith.remsi %id, %c5 : index
      %r3 = arith.divsi %id, %c5 : index
      %i2 = arith.remsi %r3, %c4 : index
      %r2 = arith.divsi %r3, %c4 : index
      %i1 = arith.remui %r2, %c3 : index
      %i0 = arith.divui %r2, %c3 : index
      %x = memref.load %a[%i0, %i1, %i2, %i3] : memref<2x3x4x5xf32>
      %y = memref.load %b[%i1, %c0, %i3] : memref<3x1x5xf32>
      %s = arith.addf %x, %y : f32
      memref.store %s, %o[%id] : memref<120xf32>
    }
    gpu.return
  }
}
}
