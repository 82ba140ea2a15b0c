// FP8 in PTX: one byte per element in global memory (8-bit loads and
// stores), the conversions as integer arithmetic on every architecture (no
// FP8 cvt instruction yet), and PTX that ptxas accepts for sm_80 and sm_90.
// RUN: octet-translate --serialize-cuda --cuda-arch=sm_90 %S/Inputs/float8.mlir | FileCheck %s
// CHECK-LABEL: .visible .entry scale_fp8(
// CHECK: ld.global.s8
// CHECK-NOT: e4m3
// CHECK-NOT: e5m2
// CHECK: st.global.b8
// CHECK: st.global.b8
// CHECK-NOT: .extern
