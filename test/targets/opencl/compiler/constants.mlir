// Constants are inlined as exact literals: shortest round-tripping decimals,
// INFINITY/NAN for special values, as_float/as_double for NaN payloads,
// integer extremes spelled without overflow.
// RUN: octet-translate --serialize-opencl %s | FileCheck %s

module attributes {gpu.container_module} {
gpu.module @constants {
  // CHECK-LABEL: void float_constants(__global float *arg0)
  gpu.func @float_constants(%o: memref<16xf32>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
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
    // CHECK: arg0[0L] = 0.0f;
    %f0 = arith.constant 0.0 : f32
    memref.store %f0, %o[%c0] : memref<16xf32>
    // CHECK: arg0[1L] = (-0.0f);
    %f1 = arith.constant -0.0 : f32
    memref.store %f1, %o[%c1] : memref<16xf32>
    // CHECK: arg0[2L] = 1.0f;
    %f2 = arith.constant 1.0 : f32
    memref.store %f2, %o[%c2] : memref<16xf32>
    // CHECK: arg0[3L] = (-2.5f);
    %f3 = arith.constant -2.5 : f32
    memref.store %f3, %o[%c3] : memref<16xf32>
    // CHECK: arg0[4L] = 0.1f;
    %f4 = arith.constant 0.1 : f32
    memref.store %f4, %o[%c4] : memref<16xf32>
    // CHECK: arg0[5L] = 3.4028235e+38f;
    %f5 = arith.constant 0x7F7FFFFF : f32
    memref.store %f5, %o[%c5] : memref<16xf32>
    // Smallest denormal.
    // CHECK: arg0[6L] = 1e-45f;
    %f6 = arith.constant 0x00000001 : f32
    memref.store %f6, %o[%c6] : memref<16xf32>
    // CHECK: arg0[7L] = INFINITY;
    %f7 = arith.constant 0x7F800000 : f32
    memref.store %f7, %o[%c7] : memref<16xf32>
    // CHECK: arg0[8L] = (-INFINITY);
    %f8 = arith.constant 0xFF800000 : f32
    memref.store %f8, %o[%c8] : memref<16xf32>
    // CHECK: arg0[9L] = NAN;
    %f9 = arith.constant 0x7FC00000 : f32
    memref.store %f9, %o[%c9] : memref<16xf32>
    // CHECK: arg0[10L] = as_float(0xFFC00000u);
    %f10 = arith.constant 0xFFC00000 : f32
    memref.store %f10, %o[%c10] : memref<16xf32>
    // CHECK: arg0[11L] = as_float(0x7FC00001u);
    %f11 = arith.constant 0x7FC00001 : f32
    memref.store %f11, %o[%c11] : memref<16xf32>
    // CHECK: arg0[12L] = 16777216.0f;
    %f12 = arith.constant 16777216.0 : f32
    memref.store %f12, %o[%c12] : memref<16xf32>
    // CHECK: arg0[13L] = 1e+10f;
    %f13 = arith.constant 1.0e10 : f32
    memref.store %f13, %o[%c13] : memref<16xf32>
    gpu.return
  }

  // CHECK-LABEL: void double_constants(__global double *arg0)
  gpu.func @double_constants(%o: memref<6xf64>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %c5 = arith.constant 5 : index
    // CHECK: arg0[0L] = 0.1;
    %d0 = arith.constant 0.1 : f64
    memref.store %d0, %o[%c0] : memref<6xf64>
    // CHECK: arg0[1L] = 0.3333333333333333;
    %d1 = arith.constant 0.33333333333333331 : f64
    memref.store %d1, %o[%c1] : memref<6xf64>
    // CHECK: arg0[2L] = (-(double)INFINITY);
    %d2 = arith.constant 0xFFF0000000000000 : f64
    memref.store %d2, %o[%c2] : memref<6xf64>
    // CHECK: arg0[3L] = (double)NAN;
    %d3 = arith.constant 0x7FF8000000000000 : f64
    memref.store %d3, %o[%c3] : memref<6xf64>
    // CHECK: arg0[4L] = as_double(0x7FF0000000000001UL);
    %d4 = arith.constant 0x7FF0000000000001 : f64
    memref.store %d4, %o[%c4] : memref<6xf64>
    // CHECK: arg0[5L] = 5e-324;
    %d5 = arith.constant 0x0000000000000001 : f64
    memref.store %d5, %o[%c5] : memref<6xf64>
    gpu.return
  }

  // CHECK-LABEL: void int_constants(__global int *arg0, __global long *arg1, __global char *arg2, __global short *arg3, __global uchar *arg4)
  gpu.func @int_constants(%a: memref<3xi32>, %b: memref<3xi64>, %c: memref<2xi8>, %d: memref<2xi16>, %e: memref<2xi1>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    // CHECK: arg0[0L] = (-2147483647 - 1);
    %i0 = arith.constant -2147483648 : i32
    memref.store %i0, %a[%c0] : memref<3xi32>
    // CHECK: arg0[1L] = 2147483647;
    %i1 = arith.constant 2147483647 : i32
    memref.store %i1, %a[%c1] : memref<3xi32>
    // CHECK: arg0[2L] = (-1);
    %i2 = arith.constant -1 : i32
    memref.store %i2, %a[%c2] : memref<3xi32>
    // CHECK: arg1[0L] = (-9223372036854775807L - 1L);
    %l0 = arith.constant -9223372036854775808 : i64
    memref.store %l0, %b[%c0] : memref<3xi64>
    // CHECK: arg1[1L] = 9223372036854775807L;
    %l1 = arith.constant 9223372036854775807 : i64
    memref.store %l1, %b[%c1] : memref<3xi64>
    // CHECK: arg1[2L] = (-42L);
    %l2 = arith.constant -42 : i64
    memref.store %l2, %b[%c2] : memref<3xi64>
    // CHECK: arg2[0L] = ((char)-128);
    %b0 = arith.constant -128 : i8
    memref.store %b0, %c[%c0] : memref<2xi8>
    // CHECK: arg2[1L] = ((char)127);
    %b1 = arith.constant 127 : i8
    memref.store %b1, %c[%c1] : memref<2xi8>
    // CHECK: arg3[0L] = ((short)-32768);
    %s0 = arith.constant -32768 : i16
    memref.store %s0, %d[%c0] : memref<2xi16>
    // CHECK: arg3[1L] = ((short)300);
    %s1 = arith.constant 300 : i16
    memref.store %s1, %d[%c1] : memref<2xi16>
    // CHECK: arg4[0L] = (uchar)1;
    %t = arith.constant true
    memref.store %t, %e[%c0] : memref<2xi1>
    // CHECK: arg4[1L] = (uchar)0;
    %f = arith.constant false
    memref.store %f, %e[%c1] : memref<2xi1>
    gpu.return
  }
}
}
