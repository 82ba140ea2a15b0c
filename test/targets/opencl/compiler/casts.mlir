// Casts: index_cast(ui), ext/trunc of integers (i1 included), int<->float
// conversions, extf/truncf and bitcasts.
// RUN: octet-translate --serialize-opencl %s | FileCheck %s

module attributes {gpu.container_module} {
gpu.module @casts {
  // CHECK-LABEL: void int_casts(__global int *arg0, __global char *arg1, __global long *arg2, __global uchar *arg3)
  gpu.func @int_casts(%a: memref<8xi32>, %b: memref<8xi8>, %o: memref<8x8xi64>, %p: memref<8xi1>) kernel {
    %t = gpu.thread_id x
    %x = memref.load %a[%t] : memref<8xi32>
    %y = memref.load %b[%t] : memref<8xi8>
    %z = memref.load %p[%t] : memref<8xi1>
    // CHECK: long v3 = (long)v0;
    %0 = arith.index_cast %x : i32 to index
    // CHECK: long v4 = (long)(uint)v0;
    %1 = arith.index_castui %x : i32 to index
    // CHECK: int v5 = (int)thread_id_x;
    %2 = arith.index_cast %t : index to i32
    // CHECK: long v6 = (long)v1;
    %3 = arith.extsi %y : i8 to i64
    // CHECK: long v7 = (long)(uchar)v1;
    %4 = arith.extui %y : i8 to i64
    // CHECK: char v8 = (char)v0;
    %5 = arith.trunci %x : i32 to i8
    // CHECK: int v9 = (int)(v0 & 1);
    %6 = arith.trunci %x : i32 to i1
    // CHECK: long v10 = (long)(-v2);
    %7 = arith.extsi %z : i1 to i64
    // CHECK: long v11 = (long)v2;
    %8 = arith.extui %z : i1 to i64
    // CHECK: long v12 = (long)(-v9);
    %9 = arith.index_cast %6 : i1 to index
    %10 = arith.index_cast %9 : index to i64
    %11 = arith.index_cast %0 : index to i64
    %12 = arith.index_cast %1 : index to i64
    %13 = arith.extsi %2 : i32 to i64
    %14 = arith.extsi %5 : i8 to i64
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %c5 = arith.constant 5 : index
    %c6 = arith.constant 6 : index
    %c7 = arith.constant 7 : index
    memref.store %3, %o[%t, %c0] : memref<8x8xi64>
    memref.store %4, %o[%t, %c1] : memref<8x8xi64>
    memref.store %7, %o[%t, %c2] : memref<8x8xi64>
    memref.store %8, %o[%t, %c3] : memref<8x8xi64>
    memref.store %10, %o[%t, %c4] : memref<8x8xi64>
    memref.store %11, %o[%t, %c5] : memref<8x8xi64>
    memref.store %12, %o[%t, %c6] : memref<8x8xi64>
    %15 = arith.addi %13, %14 : i64
    memref.store %15, %o[%t, %c7] : memref<8x8xi64>
    gpu.return
  }

  // CHECK-LABEL: void float_casts(__global float *arg0, __global int *arg1, __global double *arg2, __global int *arg3)
  gpu.func @float_casts(%a: memref<8xf32>, %b: memref<8xi32>, %d: memref<8xf64>, %o: memref<8x8xi32>) kernel {
    %t = gpu.thread_id x
    %x = memref.load %a[%t] : memref<8xf32>
    %y = memref.load %b[%t] : memref<8xi32>
    // CHECK: float v2 = (float)v1;
    %0 = arith.sitofp %y : i32 to f32
    // CHECK: float v3 = (float)(uint)v1;
    %1 = arith.uitofp %y : i32 to f32
    // CHECK: int v4 = (int)v0;
    %2 = arith.fptosi %x : f32 to i32
    // CHECK: int v5 = (int)(uint)v0;
    %3 = arith.fptoui %x : f32 to i32
    // CHECK: double v6 = (double)v0;
    %4 = arith.extf %x : f32 to f64
    // CHECK: float v7 = (float)v6;
    %5 = arith.truncf %4 : f64 to f32
    // CHECK: int v8 = as_int(v0);
    %6 = arith.bitcast %x : f32 to i32
    // CHECK: float v9 = as_float(v1);
    %7 = arith.bitcast %y : i32 to f32
    // CHECK: long v10 = as_long(v6);
    %8 = arith.bitcast %4 : f64 to i64
    // CHECK: float v11 = (float)v10;
    %9 = arith.sitofp %8 : i64 to f32
    // CHECK: int v12 = (int)((int)v0 & 1);
    %10 = arith.fptosi %x : f32 to i1
    // CHECK: float v13 = (float)(-v12);
    %11 = arith.sitofp %10 : i1 to f32
    // CHECK: float v14 = (float)v12;
    %12 = arith.uitofp %10 : i1 to f32
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %c5 = arith.constant 5 : index
    memref.store %2, %o[%t, %c0] : memref<8x8xi32>
    memref.store %3, %o[%t, %c1] : memref<8x8xi32>
    memref.store %6, %o[%t, %c2] : memref<8x8xi32>
    %s0 = arith.addf %0, %1 : f32
    %s1 = arith.addf %s0, %5 : f32
    %s2 = arith.addf %s1, %7 : f32
    %s3 = arith.addf %s2, %9 : f32
    %s4 = arith.addf %s3, %11 : f32
    %s5 = arith.addf %s4, %12 : f32
    memref.store %s5, %a[%t] : memref<8xf32>
    memref.store %4, %d[%t] : memref<8xf64>
    gpu.return
  }
}
}
