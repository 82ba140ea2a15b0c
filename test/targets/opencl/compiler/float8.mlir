// FP8 in OpenCL C: the backend runs octet-expand-float8 before emitting, so
// f8E4M3FN/f8E5M2 data is `uchar` in global memory and in registers, and the
// conversions are integer arithmetic on the bits (no OpenCL extension has
// FP8). opencl-build.test builds this kernel with the machine's driver.
// RUN: octet-translate --serialize-opencl %s | FileCheck %s

module attributes {gpu.container_module} {
gpu.module @fp8 {
  // CHECK-LABEL: void scale_fp8(__global uchar *arg0, __global uchar *arg1, __global uchar *arg2)
  gpu.func @scale_fp8(%in: memref<64xf8E4M3FN>, %out: memref<64xf8E4M3FN>, %wide: memref<64xf8E5M2>) kernel {
    %t = gpu.thread_id x
    // The code is loaded as a byte and reinterpreted as a signed byte for the
    // decode (arith.bitcast f8 -> i8).
    // CHECK: uchar [[CODE:v[0-9]+]] = arg0[thread_id_x];
    // CHECK: char [[BYTE:v[0-9]+]] = (char)[[CODE]];
    %x = memref.load %in[%t] : memref<64xf8E4M3FN>
    // Decoding: bits of the exponent and mantissa placed into an f32.
    // CHECK: as_float(
    %f = arith.extf %x : f8E4M3FN to f32
    %c = arith.constant 2.0 : f32
    %y = arith.mulf %f, %c : f32
    // Encoding: integer rounding on the f32 bits, then the byte.
    // CHECK: as_int(
    // CHECK: uchar [[Q:v[0-9]+]] = (uchar)
    // CHECK-NEXT: arg1[thread_id_x] = [[Q]];
    %q = arith.truncf %y : f32 to f8E4M3FN
    memref.store %q, %out[%t] : memref<64xf8E4M3FN>
    // CHECK: arg2[thread_id_x] =
    %e = arith.truncf %y : f32 to f8E5M2
    memref.store %e, %wide[%t] : memref<64xf8E5M2>
    // CHECK-NOT: float8
    gpu.return
  }
}
}
