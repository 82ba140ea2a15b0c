// RUN: octet-opt --octet-approximate-math %s | FileCheck %s

// Transcendental functions become arithmetic (upstream's polynomial
// approximations and expansions); ops GPUs have instructions for stay.

// CHECK-LABEL: func.func @transcendental
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK-NOT: math.erf
// CHECK-NOT: math.log
// CHECK-NOT: math.sinh
// CHECK-NOT: math.powf
// CHECK: math.fma
// CHECK-NOT: math.exp
// CHECK: return
func.func @transcendental(%x: f32) -> (f32, f32, f32, f32, f32, f32) {
  %0 = math.exp %x : f32
  %1 = math.tanh %x : f32
  %2 = math.erf %x : f32
  %3 = math.log %x : f32
  %4 = math.sinh %x : f32
  %5 = math.powf %x, %x : f32
  return %0, %1, %2, %3, %4, %5 : f32, f32, f32, f32, f32, f32
}

// CHECK-LABEL: func.func @native
// CHECK: math.sqrt
// CHECK: math.rsqrt
// CHECK: math.floor
// CHECK: math.absf
func.func @native(%x: f32) -> (f32, f32, f32, f32) {
  %0 = math.sqrt %x : f32
  %1 = math.rsqrt %x : f32
  %2 = math.floor %x : f32
  %3 = math.absf %x : f32
  return %0, %1, %2, %3 : f32, f32, f32, f32
}

// Half-precision functions are computed in f32.
// CHECK-LABEL: func.func @half
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK-NOT: math.exp
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @half(%x: f16) -> f16 {
  %0 = math.exp %x : f16
  return %0 : f16
}

// asinh: copysign(log1p(a + a^2 / (1 + sqrt(1 + a^2))), x), ln(a) + ln 2 for
// a > 4096 (not upstream's ln(x + sqrt(x^2 + 1))).
// CHECK-LABEL: func.func @asinh
// CHECK:         math.sqrt
// CHECK:         arith.cmpf ogt, %{{.*}}, %{{.*}} : f32
// CHECK:         math.copysign
// CHECK-NOT:     math.asinh
func.func @asinh(%x: f32) -> f32 {
  %0 = math.asinh %x : f32
  return %0 : f32
}

// powf: exp(y * ln|x|), negated for a negative base and odd integer y, NaN
// for a negative base and non-integer y, 1 for y = 0.
// CHECK-LABEL: func.func @powf
// CHECK-DAG:     arith.constant 0x7FC00000 : f32
// CHECK-DAG:     math.absf %arg0
// CHECK-DAG:     arith.negf
// CHECK-DAG:     arith.cmpf olt, %arg0
// CHECK-DAG:     arith.cmpf oeq, %arg1
// CHECK-NOT:     math.powf
func.func @powf(%x: f32, %y: f32) -> f32 {
  %0 = math.powf %x, %y : f32
  return %0 : f32
}
