// Vectors from octet-vectorize-innermost: vector<N x f32> is floatN, moved
// with vloadN/vstoreN at the first lane's element; bf16 in global memory is
// widened as it is loaded; vector<N x i1> is intN holding -1/0, on which
// OpenCL C's vector ?: selects per lane.
// RUN: octet-translate --serialize-opencl %s | FileCheck %s

module attributes {gpu.container_module} {
gpu.module @vectors {
  // CHECK: static inline float8 octet_maximumf_float8(float8 a, float8 b) {
  // CHECK-NEXT:   return (isnan(a) | isnan(b)) ? a + b
  // CHECK-NEXT:          : a == b ? (signbit(a) ? b : a)
  // CHECK-NEXT:          : a > b ? a : b;
  // 8-bit floats are widened per lane with octet-expand-float8's arithmetic
  // (decode_fp8 below; e2e/float8_conversions.py checks every code).
  // CHECK: static inline float4 octet_extf_e4m3_float4(uchar4 x) {
  // CHECK-NEXT:   uint4 sign = (convert_uint4(x) & 0x80u) << 24;
  // CHECK-NEXT:   uint4 bits = convert_uint4(x) & 0x7fu;
  // CHECK-NEXT:   uint4 magnitude = as_uint4(as_float4(bits << 20) * 0x1p120f);
  // CHECK-NEXT:   magnitude = bits == 0x7fu ? (uint4)0x7fc00000u : magnitude;
  // CHECK-NEXT:   return as_float4(magnitude | sign);
  // CHECK: static inline float4 octet_extf_e5m2_float4(uchar4 x) {
  // CHECK:   uint4 magnitude = as_uint4(as_float4(bits << 21) * 0x1p112f);
  // CHECK-NEXT:   magnitude = bits >= 0x7cu ? (bits == 0x7cu ? (uint4)0x7f800000u : (uint4)0x7fc00000u) : magnitude;
  // Rounding a vector to bf16 (to_bf16 below) works on the f32 bits of every
  // lane as the scalar rounding does (to nearest even; NaN stays a quiet
  // NaN).
  // CHECK: static inline float4 octet_round_bf16_float4(float4 x) {
  // CHECK-NEXT:   uint4 u = as_uint4(x);
  // CHECK-NEXT:   return as_float4(isnan(x) ? (u | 0x400000u) & 0xffff0000u
  // CHECK-NEXT:       : (u + 0x7fffu + ((u >> 16) & 1u)) & 0xffff0000u);
  // CHECK-LABEL: void matmul_row(__global float *arg0, __global float *arg1, __global ushort *arg2, __global float *arg3)
  gpu.func @matmul_row(%a: memref<4x32xf32>, %b: memref<32x16xf32>, %w: memref<16xbf16>, %c: memref<4x16xf32>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c8 = arith.constant 8 : index
    %c32 = arith.constant 32 : index
    %t = gpu.thread_id x
    %j = arith.muli %t, %c8 : index
    // CHECK: float8 acc = ((float8)(0.0f));
    %zero = arith.constant dense<0.0> : vector<8xf32>
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %zero) -> (vector<8xf32>) {
      // CHECK: float v1 = arg0[i];
      %x = memref.load %a[%c0, %k] : memref<4x32xf32>
      // CHECK-NEXT: float8 v2 = vload8(0, arg1 + i * 16L + v0);
      %y = vector.load %b[%k, %j] : memref<32x16xf32>, vector<8xf32>
      // CHECK-NEXT: float8 v3 = (float8)(v1);
      %xs = vector.broadcast %x : f32 to vector<8xf32>
      // CHECK-NEXT: float8 v4 = v3 * v2;
      %p = arith.mulf %xs, %y : vector<8xf32>
      // CHECK-NEXT: float8 v5 = acc + v4;
      %s = arith.addf %acc, %p : vector<8xf32>
      scf.yield %s : vector<8xf32>
    }
    // CHECK: float8 v6 = as_float8(convert_uint8(vload8(0, arg2 + v0)) << 16);
    %wb = vector.load %w[%j] : memref<16xbf16>, vector<8xbf16>
    %wf = arith.extf %wb : vector<8xbf16> to vector<8xf32>
    // CHECK-NEXT: float8 v7 = acc + v6;
    %biased = arith.addf %sum, %wf : vector<8xf32>
    // CHECK-NEXT: float8 v8 = octet_maximumf_float8(v7, ((float8)(0.0f)));
    %relu = arith.maximumf %biased, %zero : vector<8xf32>
    // CHECK-NEXT: int8 v9 = v8 > v7;
    %gt = arith.cmpf ogt, %relu, %biased : vector<8xf32>
    // CHECK-NEXT: float8 v10 = v9 ? v8 : v7;
    %sel = arith.select %gt, %relu, %biased : vector<8xi1>, vector<8xf32>
    // CHECK-NEXT: int8 v11 = ((int8)(-1));
    %all = arith.cmpf true, %relu, %biased : vector<8xf32>
    // CHECK-NEXT: float8 v12 = v11 ? v10 : v7;
    %sel2 = arith.select %all, %sel, %biased : vector<8xi1>, vector<8xf32>
    // CHECK-NEXT: float8 v13 = exp(v12);
    %e = math.exp %sel2 : vector<8xf32>
    // CHECK-NEXT: vstore8(v13, 0, arg3 + v0);
    vector.store %e, %c[%c0, %j] : memref<4x16xf32>, vector<8xf32>
    gpu.return
  }

  // CHECK-LABEL: void decode_fp8(__global uchar *arg0, __global uchar *arg1, __global float *arg2)
  gpu.func @decode_fp8(%a: memref<16xf8E4M3FN>, %b: memref<16xf8E5M2>, %c: memref<16xf32>) kernel {
    %t = gpu.thread_id x
    %c4 = arith.constant 4 : index
    %j = arith.muli %t, %c4 : index
    // CHECK: uchar4 v1 = vload4(0, arg0 + v0);
    %x = vector.load %a[%j] : memref<16xf8E4M3FN>, vector<4xf8E4M3FN>
    // CHECK-NEXT: float4 v2 = octet_extf_e4m3_float4(v1);
    %xf = arith.extf %x : vector<4xf8E4M3FN> to vector<4xf32>
    // CHECK-NEXT: uchar4 v3 = vload4(0, arg1 + v0);
    %y = vector.load %b[%j] : memref<16xf8E5M2>, vector<4xf8E5M2>
    // CHECK-NEXT: float4 v4 = octet_extf_e5m2_float4(v3);
    %yf = arith.extf %y : vector<4xf8E5M2> to vector<4xf32>
    %s = arith.addf %xf, %yf : vector<4xf32>
    vector.store %s, %c[%j] : memref<16xf32>, vector<4xf32>
    gpu.return
  }

  // Rounded to bf16, global memory receives the high halves.
  // CHECK-LABEL: void to_bf16(__global float *arg0, __global ushort *arg1)
  gpu.func @to_bf16(%a: memref<16xf32>, %b: memref<16xbf16>) kernel {
    %t = gpu.thread_id x
    %c4 = arith.constant 4 : index
    %j = arith.muli %t, %c4 : index
    // CHECK: float4 v1 = vload4(0, arg0 + v0);
    %x = vector.load %a[%j] : memref<16xf32>, vector<4xf32>
    // CHECK-NEXT: float4 v2 = octet_round_bf16_float4(v1);
    %r = arith.truncf %x : vector<4xf32> to vector<4xbf16>
    // CHECK-NEXT: vstore4(convert_ushort4(as_uint4(v2) >> 16), 0, arg1 + v0);
    vector.store %r, %b[%j] : memref<16xbf16>, vector<4xbf16>
    gpu.return
  }

  // A stride-2 read (octet-vectorize-innermost): lanes picked from two
  // vectors by a vector literal of their components, in hexadecimal past 9.
  // CHECK-LABEL: void stride_two(__global float *arg0, __global float *arg1)
  gpu.func @stride_two(%a: memref<64xf32>, %b: memref<16xf32>) kernel {
    %c15 = arith.constant 15 : index
    %c0 = arith.constant 0 : index
    // CHECK: float16 v0 = vload16(0, arg0 + 0L);
    %x = vector.load %a[%c0] : memref<64xf32>, vector<16xf32>
    // CHECK-NEXT: float16 v1 = vload16(0, arg0 + 15L);
    %y = vector.load %a[%c15] : memref<64xf32>, vector<16xf32>
    // CHECK-NEXT: float16 v2 = (float16)(v0.s0, v0.s2, v0.s4, v0.s6, v0.s8, v0.sa, v0.sc, v0.se, v1.s1, v1.s3, v1.s5, v1.s7, v1.s9, v1.sb, v1.sd, v1.sf);
    %s = vector.shuffle %x, %y [0, 2, 4, 6, 8, 10, 12, 14, 17, 19, 21, 23, 25, 27, 29, 31] : vector<16xf32>, vector<16xf32>
    vector.store %s, %b[%c0] : memref<16xf32>, vector<16xf32>
    gpu.return
  }

  // Vectors along output channels (octet-vectorize-innermost with a
  // vector_dim): a residual gathered one element per lane into a vector
  // literal, the result stored one lane (component) at a time.
  // CHECK-LABEL: void channels(__global float *arg0, __global float *arg1)
  gpu.func @channels(%a: memref<4x7xf32>, %b: memref<4x7xf32>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %p = gpu.thread_id x
    %x0 = memref.load %a[%c0, %p] : memref<4x7xf32>
    %x1 = memref.load %a[%c1, %p] : memref<4x7xf32>
    %x2 = memref.load %a[%c2, %p] : memref<4x7xf32>
    %x3 = memref.load %a[%c3, %p] : memref<4x7xf32>
    // CHECK: float4 [[V:v[0-9]+]] = (float4)([[X0:v[0-9]+]], [[X1:v[0-9]+]], [[X2:v[0-9]+]], [[X3:v[0-9]+]]);
    %v = vector.from_elements %x0, %x1, %x2, %x3 : vector<4xf32>
    %w = arith.addf %v, %v : vector<4xf32>
    // CHECK: float [[E0:v[0-9]+]] = [[W:v[0-9]+]].s0;
    %e0 = vector.extract %w[0] : f32 from vector<4xf32>
    // CHECK: float [[E3:v[0-9]+]] = [[W]].s3;
    %e3 = vector.extract %w[3] : f32 from vector<4xf32>
    memref.store %e0, %b[%c0, %p] : memref<4x7xf32>
    memref.store %e3, %b[%c3, %p] : memref<4x7xf32>
    gpu.return
  }
}
}
