// RUN: octet-opt --octet-cuda-native-float8 %s | FileCheck %s
// sm_89's FP8 conversions, and the selects that make them agree with
// octet-expand-float8 bit for bit: a magnitude that rounds beyond the largest
// finite value (strictly above 464 for E4M3FN; from 61440 for E5M2, whose tie
// rounds up to infinity) gets the overflow code, NaN the format's NaN with
// the input's sign, and NaN codes widen to the quiet f32 NaN with theirs.
// Other conversions are left alone.

gpu.module @kernels {
  // CHECK-LABEL: func.func @narrow(
  // CHECK-SAME: %[[X:.+]]: f32)
  func.func @narrow(%x: f32) -> (f8E4M3FN, f8E5M2) {
    // CHECK: %[[PACKED:.+]] = nvvm.convert.f32x2.to.f8x2 %[[X]], %[[X]] {rnd = #nvvm.fp_rnd_mode<rn>, sat = #nvvm.sat_mode<satfinite>} : i16(f8E4M3FN)
    // CHECK: %[[CODE:.+]] = arith.trunci %[[PACKED]] : i16 to i8
    // CHECK: %[[ABS:.+]] = math.absf %[[X]]
    // CHECK: %[[LIMIT:.+]] = arith.constant 4.640000e+02 : f32
    // CHECK: %[[OVER:.+]] = arith.cmpf ogt, %[[ABS]], %[[LIMIT]]
    // CHECK: %[[NAN:.+]] = arith.cmpf uno, %[[X]], %[[X]]
    // CHECK: arith.constant 127 : i8
    // CHECK: %[[SIGNED_OVER:.+]] = arith.ori
    // CHECK: %[[FIXED:.+]] = arith.select %[[OVER]], %[[SIGNED_OVER]], %[[CODE]] : i8
    // CHECK: arith.constant 127 : i8
    // CHECK: %[[SIGNED_NAN:.+]] = arith.ori
    // CHECK: %[[RESULT:.+]] = arith.select %[[NAN]], %[[SIGNED_NAN]], %[[FIXED]] : i8
    // CHECK: arith.bitcast %[[RESULT]] : i8 to f8E4M3FN
    %a = arith.truncf %x : f32 to f8E4M3FN
    // CHECK: nvvm.convert.f32x2.to.f8x2 %[[X]], %[[X]] {{.*}} : i16(f8E5M2)
    // CHECK: arith.constant 6.144000e+04 : f32
    // CHECK: arith.cmpf oge
    // CHECK: arith.constant 124 : i8
    // CHECK: arith.constant 126 : i8
    // CHECK: arith.bitcast {{.*}} : i8 to f8E5M2
    // CHECK-NOT: arith.truncf
    %b = arith.truncf %x : f32 to f8E5M2
    return %a, %b : f8E4M3FN, f8E5M2
  }

  // CHECK-LABEL: func.func @widen(
  // CHECK-SAME: %[[A:.+]]: f8E4M3FN, %[[B:.+]]: f8E5M2)
  func.func @widen(%a: f8E4M3FN, %b: f8E5M2) -> (f32, f32) {
    // CHECK: %[[BYTE:.+]] = arith.bitcast %[[A]] : f8E4M3FN to i8
    // CHECK: %[[PAIR:.+]] = llvm.bitcast %{{.+}} : i16 to vector<2xi8>
    // CHECK: %[[HALVES:.+]] = nvvm.convert.f8x2.to.f16x2 %[[PAIR]] : vector<2xi8>(f8E4M3FN) -> vector<2xf16>
    // CHECK: %[[HALF:.+]] = llvm.extractelement %[[HALVES]]
    // CHECK: %[[WIDE:.+]] = arith.extf %[[HALF]] : f16 to f32
    // CHECK: arith.constant 126 : i8
    // CHECK: %[[ISNAN:.+]] = arith.cmpi ugt
    // CHECK: arith.constant 2143289344 : i32
    // CHECK: %[[QNAN:.+]] = arith.bitcast %{{.+}} : i32 to f32
    // CHECK: arith.select %[[ISNAN]], %[[QNAN]], %[[WIDE]] : f32
    %x = arith.extf %a : f8E4M3FN to f32
    // CHECK: nvvm.convert.f8x2.to.f16x2 %{{.+}} : vector<2xi8>(f8E5M2) -> vector<2xf16>
    // CHECK: arith.constant 124 : i8
    // CHECK: arith.cmpi ugt
    %y = arith.extf %b : f8E5M2 to f32
    return %x, %y : f32, f32
  }

  // CHECK-LABEL: func.func @others(
  // CHECK: arith.truncf %{{.+}} : f32 to bf16
  // CHECK: arith.extf %{{.+}} : f16 to f32
  // CHECK-NOT: nvvm
  func.func @others(%x: f32, %h: f16) -> (bf16, f32) {
    %a = arith.truncf %x : f32 to bf16
    %b = arith.extf %h : f16 to f32
    return %a, %b : bf16, f32
  }
}
