// math ops map to OpenCL C builtins of the same meaning.
// RUN: octet-translate --serialize-opencl %s | FileCheck %s

module attributes {gpu.container_module} {
gpu.module @math {
  // CHECK-LABEL: void float_math(__global float *arg0, __global float *arg1, __global int *arg2)
  gpu.func @float_math(%a: memref<64xf32>, %o: memref<64x40xf32>, %p: memref<64x4xi32>) kernel {
    %t = gpu.thread_id x
    %c0 = arith.constant 0 : index
    %x = memref.load %a[%t] : memref<64xf32>
    %y = memref.load %a[%c0] : memref<64xf32>
    // CHECK: float v2 = exp(v0);
    %0 = math.exp %x : f32
    // CHECK: float v3 = log(v0);
    %1 = math.log %x : f32
    // CHECK: float v4 = sqrt(v0);
    %2 = math.sqrt %x : f32
    // CHECK: float v5 = rsqrt(v0);
    %3 = math.rsqrt %x : f32
    // CHECK: float v6 = tanh(v0);
    %4 = math.tanh %x : f32
    // CHECK: float v7 = erf(v0);
    %5 = math.erf %x : f32
    // CHECK: float v8 = fabs(v0);
    %6 = math.absf %x : f32
    // CHECK: float v9 = pow(v0, v1);
    %7 = math.powf %x, %y : f32
    // CHECK: float v10 = floor(v0);
    %8 = math.floor %x : f32
    // CHECK: float v11 = ceil(v0);
    %9 = math.ceil %x : f32
    // CHECK: float v12 = fma(v0, v1, v0);
    %10 = math.fma %x, %y, %x : f32
    // CHECK: float v13 = exp2(v0);
    %11 = math.exp2 %x : f32
    // CHECK: float v14 = log2(v0);
    %12 = math.log2 %x : f32
    // CHECK: float v15 = sin(v0);
    %13 = math.sin %x : f32
    // CHECK: float v16 = cos(v0);
    %14 = math.cos %x : f32
    // CHECK: float v17 = tan(v0);
    %15 = math.tan %x : f32
    // CHECK: float v18 = expm1(v0);
    %16 = math.expm1 %x : f32
    // CHECK: float v19 = log1p(v0);
    %17 = math.log1p %x : f32
    // CHECK: float v20 = log10(v0);
    %18 = math.log10 %x : f32
    // CHECK: float v21 = erfc(v0);
    %19 = math.erfc %x : f32
    // CHECK: float v22 = atan2(v0, v1);
    %20 = math.atan2 %x, %y : f32
    // CHECK: float v23 = rint(v0);
    %21 = math.roundeven %x : f32
    // CHECK: float v24 = round(v0);
    %22 = math.round %x : f32
    // CHECK: float v25 = trunc(v0);
    %23 = math.trunc %x : f32
    // CHECK: float v26 = copysign(v0, v1);
    %24 = math.copysign %x, %y : f32
    // CHECK: float v27 = cbrt(v0);
    %25 = math.cbrt %x : f32
    // CHECK: float v28 = sinh(v0);
    %26 = math.sinh %x : f32
    // CHECK: float v29 = cosh(v0);
    %27 = math.cosh %x : f32
    // CHECK: float v30 = asin(v0);
    %28 = math.asin %x : f32
    // CHECK: float v31 = acos(v0);
    %29 = math.acos %x : f32
    // CHECK: float v32 = atan(v0);
    %30 = math.atan %x : f32
    // CHECK: float v33 = asinh(v0);
    %31 = math.asinh %x : f32
    // CHECK: float v34 = acosh(v0);
    %32 = math.acosh %x : f32
    // CHECK: float v35 = atanh(v0);
    %33 = math.atanh %x : f32
    // CHECK: float v36 = pown(v0, (int)3);
    %c3i = arith.constant 3 : i32
    %34 = math.fpowi %x, %c3i : f32, i32
    // CHECK: int v37 = isnan(v0);
    %35 = math.isnan %x : f32
    // CHECK: int v38 = isinf(v0);
    %36 = math.isinf %x : f32
    // CHECK: int v39 = isfinite(v0);
    %37 = math.isfinite %x : f32
    // CHECK: int v40 = isnormal(v0);
    %38 = math.isnormal %x : f32
    %vals = arith.constant 0 : index
    %r = arith.addf %0, %1 : f32
    %r1 = arith.addf %r, %2 : f32
    %r2 = arith.addf %r1, %3 : f32
    %r3 = arith.addf %r2, %4 : f32
    %r4 = arith.addf %r3, %5 : f32
    %r5 = arith.addf %r4, %6 : f32
    %r6 = arith.addf %r5, %7 : f32
    %r7 = arith.addf %r6, %8 : f32
    %r8 = arith.addf %r7, %9 : f32
    %r9 = arith.addf %r8, %10 : f32
    %r10 = arith.addf %r9, %11 : f32
    %r11 = arith.addf %r10, %12 : f32
    %r12 = arith.addf %r11, %13 : f32
    %r13 = arith.addf %r12, %14 : f32
    %r14 = arith.addf %r13, %15 : f32
    %r15 = arith.addf %r14, %16 : f32
    %r16 = arith.addf %r15, %17 : f32
    %r17 = arith.addf %r16, %18 : f32
    %r18 = arith.addf %r17, %19 : f32
    %r19 = arith.addf %r18, %20 : f32
    %r20 = arith.addf %r19, %21 : f32
    %r21 = arith.addf %r20, %22 : f32
    %r22 = arith.addf %r21, %23 : f32
    %r23 = arith.addf %r22, %24 : f32
    %r24 = arith.addf %r23, %25 : f32
    %r25 = arith.addf %r24, %26 : f32
    %r26 = arith.addf %r25, %27 : f32
    %r27 = arith.addf %r26, %28 : f32
    %r28 = arith.addf %r27, %29 : f32
    %r29 = arith.addf %r28, %30 : f32
    %r30 = arith.addf %r29, %31 : f32
    %r31 = arith.addf %r30, %32 : f32
    %r32 = arith.addf %r31, %33 : f32
    %r33 = arith.addf %r32, %34 : f32
    memref.store %r33, %o[%t, %vals] : memref<64x40xf32>
    %i0 = arith.extui %35 : i1 to i32
    %i1 = arith.extui %36 : i1 to i32
    %i2 = arith.extui %37 : i1 to i32
    %i3 = arith.extui %38 : i1 to i32
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    memref.store %i0, %p[%t, %c0] : memref<64x4xi32>
    memref.store %i1, %p[%t, %c1] : memref<64x4xi32>
    memref.store %i2, %p[%t, %c2] : memref<64x4xi32>
    memref.store %i3, %p[%t, %c3] : memref<64x4xi32>
    // A contractible fma (octet-fuse-multiply-add's) is one expression that
    // OpenCL C contracts where the device has a fused multiply-add; a plain
    // one stays the exact fma() above.
    // CHECK: float [[CONTRACTED:v[0-9]+]] = v0 * v1 + v0;
    // CHECK: arg1[{{.*}}] = [[CONTRACTED]];
    %contracted = math.fma %x, %y, %x fastmath<contract> : f32
    memref.store %contracted, %o[%t, %c0] : memref<64x40xf32>
    gpu.return
  }

  // CHECK-LABEL: void int_math(__global int *arg0)
  gpu.func @int_math(%a: memref<64xi32>) kernel {
    %t = gpu.thread_id x
    %x = memref.load %a[%t] : memref<64xi32>
    // CHECK: int v1 = (int)abs(v0);
    %0 = math.absi %x : i32
    // CHECK: int v2 = (int)clz(v1);
    %1 = math.ctlz %0 : i32
    // CHECK: int v3 = (int)popcount(v2);
    %2 = math.ctpop %1 : i32
    // CHECK: int v4 = (int)octet_cttz_uint((uint)v3);
    %3 = math.cttz %2 : i32
    memref.store %3, %a[%t] : memref<64xi32>
    gpu.return
  }
}
}
