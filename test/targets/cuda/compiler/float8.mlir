// FP8 in PTX: one byte per element in global memory (8-bit loads and
// stores); before sm_89 the conversions are integer arithmetic, from sm_89 on
// the hardware's cvt instructions (octet-cuda-native-float8). ptxas.test
// assembles both.
// RUN: octet-translate --serialize-cuda --cuda-arch=sm_80 %S/Inputs/float8.mlir | FileCheck %s --check-prefixes=CHECK,EMULATED
// RUN: octet-translate --serialize-cuda --cuda-arch=sm_89 %S/Inputs/float8.mlir | FileCheck %s --check-prefixes=CHECK,NATIVE
// RUN: octet-translate --serialize-cuda --cuda-arch=sm_90 %S/Inputs/float8.mlir | FileCheck %s --check-prefixes=CHECK,NATIVE
// CHECK-LABEL: .visible .entry scale_fp8(
// CHECK: ld.global.{{[sub]}}8
// EMULATED-NOT: e4m3
// EMULATED-NOT: e5m2
// NATIVE: cvt.rn.f16x2.e4m3x2
// NATIVE: cvt.f32.f16
// NATIVE: cvt.rn.satfinite.e4m3x2.f32
// CHECK: st.global.b8
// NATIVE: cvt.rn.satfinite.e5m2x2.f32
// CHECK: st.global.b8
// CHECK-NOT: .extern
