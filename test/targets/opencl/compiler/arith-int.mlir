// Integer arith ops: wrap-safe add/sub/mul, signed/unsigned division and
// remainder, bit ops, shifts, min/max, i1 arithmetic and every cmpi predicate.
// RUN: octet-translate --serialize-opencl %s | FileCheck %s

module attributes {gpu.container_module} {
gpu.module @ints {
  // CHECK-LABEL: __kernel void int_binary(__global int *arg0, __global int *arg1, __global int *arg2)
  // CHECK-NOT: reqd_work_group_size
  gpu.func @int_binary(%a: memref<16xi32>, %b: memref<16xi32>, %o: memref<16x20xi32>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    // CHECK: long thread_id_x = (long)get_local_id(0);
    %t = gpu.thread_id x
    // CHECK: int v0 = arg0[thread_id_x];
    // CHECK: int v1 = arg1[thread_id_x];
    %x = memref.load %a[%t] : memref<16xi32>
    %y = memref.load %b[%t] : memref<16xi32>
    // CHECK: int v2 = (int)((uint)v0 + (uint)v1);
    %0 = arith.addi %x, %y : i32
    // CHECK: int v3 = v0 + v1;
    %1 = arith.addi %x, %y overflow<nsw> : i32
    // CHECK: int v4 = (int)((uint)v0 - (uint)v1);
    %2 = arith.subi %x, %y : i32
    // CHECK: int v5 = (int)((uint)v0 * (uint)v1);
    %3 = arith.muli %x, %y : i32
    // CHECK: int v6 = v0 / v1;
    %4 = arith.divsi %x, %y : i32
    // CHECK: int v7 = (int)((uint)v0 / (uint)v1);
    %5 = arith.divui %x, %y : i32
    // CHECK: int v8 = v0 % v1;
    %6 = arith.remsi %x, %y : i32
    // CHECK: int v9 = (int)((uint)v0 % (uint)v1);
    %7 = arith.remui %x, %y : i32
    // CHECK: int v10 = v0 & v1;
    %8 = arith.andi %x, %y : i32
    // CHECK: int v11 = v0 | v1;
    %9 = arith.ori %x, %y : i32
    // CHECK: int v12 = v0 ^ v1;
    %10 = arith.xori %x, %y : i32
    // CHECK: int v13 = (int)((uint)v0 << v1);
    %11 = arith.shli %x, %y : i32
    // CHECK: int v14 = v0 >> v1;
    %12 = arith.shrsi %x, %y : i32
    // CHECK: int v15 = (int)((uint)v0 >> v1);
    %13 = arith.shrui %x, %y : i32
    // CHECK: int v16 = min(v0, v1);
    %14 = arith.minsi %x, %y : i32
    // CHECK: int v17 = max(v0, v1);
    %15 = arith.maxsi %x, %y : i32
    // CHECK: int v18 = (int)min((uint)v0, (uint)v1);
    %16 = arith.minui %x, %y : i32
    // CHECK: int v19 = (int)max((uint)v0, (uint)v1);
    %17 = arith.maxui %x, %y : i32
    // CHECK: int v20 = octet_ceildivsi_int(v0, v1);
    %18 = arith.ceildivsi %x, %y : i32
    // CHECK: int v21 = octet_floordivsi_int(v0, v1);
    %19 = arith.floordivsi %x, %y : i32
    // CHECK: int v22 = (int)octet_ceildivui_uint((uint)v0, (uint)v1);
    %20 = arith.ceildivui %x, %y : i32
    // CHECK: arg2[thread_id_x * 20L] = v2;
    // CHECK: arg2[thread_id_x * 20L + 19L] = v22;
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %c5 = arith.constant 5 : index
    %c6 = arith.constant 6 : index
    %c7 = arith.constant 7 : index
    %c8 = arith.constant 8 : index
    %c9 = arith.constant 9 : index
    %c10 = arith.constant 10 : index
    %c11 = arith.constant 11 : index
    %c12 = arith.constant 12 : index
    %c13 = arith.constant 13 : index
    %c14 = arith.constant 14 : index
    %c15 = arith.constant 15 : index
    %c16 = arith.constant 16 : index
    %c17 = arith.constant 17 : index
    %c18 = arith.constant 18 : index
    %c19 = arith.constant 19 : index
    memref.store %0, %o[%t, %c0] : memref<16x20xi32>
    memref.store %1, %o[%t, %c1] : memref<16x20xi32>
    memref.store %2, %o[%t, %c2] : memref<16x20xi32>
    memref.store %3, %o[%t, %c3] : memref<16x20xi32>
    memref.store %4, %o[%t, %c4] : memref<16x20xi32>
    memref.store %5, %o[%t, %c5] : memref<16x20xi32>
    memref.store %6, %o[%t, %c6] : memref<16x20xi32>
    memref.store %7, %o[%t, %c7] : memref<16x20xi32>
    memref.store %8, %o[%t, %c8] : memref<16x20xi32>
    memref.store %9, %o[%t, %c9] : memref<16x20xi32>
    memref.store %10, %o[%t, %c10] : memref<16x20xi32>
    memref.store %11, %o[%t, %c11] : memref<16x20xi32>
    memref.store %12, %o[%t, %c12] : memref<16x20xi32>
    memref.store %13, %o[%t, %c13] : memref<16x20xi32>
    memref.store %14, %o[%t, %c14] : memref<16x20xi32>
    memref.store %15, %o[%t, %c15] : memref<16x20xi32>
    memref.store %16, %o[%t, %c16] : memref<16x20xi32>
    memref.store %17, %o[%t, %c17] : memref<16x20xi32>
    memref.store %18, %o[%t, %c18] : memref<16x20xi32>
    memref.store %20, %o[%t, %c19] : memref<16x20xi32>
    gpu.return
  }

  // Narrow and wide integers: i8/i16 promote to int in C and are truncated
  // back; i64 wraps through ulong; index arithmetic is plain long.
  // CHECK-LABEL: void widths(__global char *arg0, __global short *arg1, __global long *arg2)
  gpu.func @widths(%a: memref<4xi8>, %b: memref<4xi16>, %c: memref<4xi64>) kernel {
    %t = gpu.thread_id x
    %x = memref.load %a[%t] : memref<4xi8>
    %y = memref.load %b[%t] : memref<4xi16>
    %z = memref.load %c[%t] : memref<4xi64>
    // CHECK: char v3 = (char)(v0 + v0);
    %0 = arith.addi %x, %x : i8
    // CHECK: short v4 = (short)(v1 * v1);
    %1 = arith.muli %y, %y : i16
    // CHECK: long v5 = (long)((ulong)v2 - (ulong)v2);
    %2 = arith.subi %z, %z : i64
    // CHECK: char v6 = (char)((uchar)v0 >> v0);
    %3 = arith.shrui %x, %x : i8
    // CHECK: short v7 = (short)(v1 >> v1);
    %4 = arith.shrsi %y, %y : i16
    // CHECK: long v8 = thread_id_x * 3L;
    %c3 = arith.constant 3 : index
    %5 = arith.muli %t, %c3 : index
    // CHECK: long v9 = (long)((ulong)v8 / 7UL);
    // CHECK: long v10 = (long)((ulong)v8 % 7UL);
    // CHECK: long v11 = v8 / (-7L);
    %c7 = arith.constant 7 : index
    %cm7 = arith.constant -7 : index
    %6 = arith.divui %5, %c7 : index
    %7 = arith.remui %5, %c7 : index
    %8 = arith.divsi %5, %cm7 : index
    // CHECK: arg0[thread_id_x] = v3;
    memref.store %0, %a[%t] : memref<4xi8>
    memref.store %1, %b[%t] : memref<4xi16>
    memref.store %2, %c[%t] : memref<4xi64>
    memref.store %3, %a[%t] : memref<4xi8>
    memref.store %4, %b[%t] : memref<4xi16>
    %9 = arith.addi %6, %7 : index
    %10 = arith.addi %9, %8 : index
    %11 = arith.index_cast %10 : index to i64
    memref.store %11, %c[%t] : memref<4xi64>
    gpu.return
  }

  // CHECK-LABEL: void compare(__global int *arg0, __global uchar *arg1)
  gpu.func @compare(%a: memref<4xi32>, %o: memref<4x12xi1>) kernel {
    %t = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %x = memref.load %a[%t] : memref<4xi32>
    %y = memref.load %a[%c0] : memref<4xi32>
    // CHECK: int v1 = arg0[0L];
    // CHECK: int v2 = v0 == v1;
    %0 = arith.cmpi eq, %x, %y : i32
    // CHECK: int v3 = v0 != v1;
    %1 = arith.cmpi ne, %x, %y : i32
    // CHECK: int v4 = v0 < v1;
    %2 = arith.cmpi slt, %x, %y : i32
    // CHECK: int v5 = v0 <= v1;
    %3 = arith.cmpi sle, %x, %y : i32
    // CHECK: int v6 = v0 > v1;
    %4 = arith.cmpi sgt, %x, %y : i32
    // CHECK: int v7 = v0 >= v1;
    %5 = arith.cmpi sge, %x, %y : i32
    // CHECK: int v8 = (uint)v0 < (uint)v1;
    %6 = arith.cmpi ult, %x, %y : i32
    // CHECK: int v9 = (uint)v0 <= (uint)v1;
    %7 = arith.cmpi ule, %x, %y : i32
    // CHECK: int v10 = (uint)v0 > (uint)v1;
    %8 = arith.cmpi ugt, %x, %y : i32
    // CHECK: int v11 = (uint)v0 >= 5u;
    %c5 = arith.constant 5 : i32
    %9 = arith.cmpi uge, %x, %c5 : i32
    // i1 arithmetic is modulo 2; signed i1 compares see true as -1.
    // CHECK: int v12 = v2 ^ v3;
    %10 = arith.addi %0, %1 : i1
    // CHECK: int v13 = v4 & v5;
    %11 = arith.muli %2, %3 : i1
    // CHECK: int v14 = (-v6) < (-v7);
    %12 = arith.cmpi slt, %4, %5 : i1
    // CHECK: int v15 = v8 | v9;
    %13 = arith.minsi %6, %7 : i1
    // CHECK: int v16 = v10 ? v11 : v12;
    %14 = arith.select %8, %9, %10 : i1
    // CHECK: arg1[thread_id_x * 12L] = (uchar)v2;
    memref.store %0, %o[%t, %c0] : memref<4x12xi1>
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %c5i = arith.constant 5 : index
    %c6 = arith.constant 6 : index
    %c7 = arith.constant 7 : index
    %c8 = arith.constant 8 : index
    %c9 = arith.constant 9 : index
    %c10 = arith.constant 10 : index
    %c11 = arith.constant 11 : index
    memref.store %1, %o[%t, %c1] : memref<4x12xi1>
    memref.store %11, %o[%t, %c2] : memref<4x12xi1>
    memref.store %12, %o[%t, %c3] : memref<4x12xi1>
    memref.store %13, %o[%t, %c4] : memref<4x12xi1>
    memref.store %14, %o[%t, %c5i] : memref<4x12xi1>
    // CHECK: int v17 = (int)(arg1[thread_id_x * 12L + 11L] != 0);
    %l = memref.load %o[%t, %c11] : memref<4x12xi1>
    memref.store %l, %o[%t, %c6] : memref<4x12xi1>
    gpu.return
  }
}
}
