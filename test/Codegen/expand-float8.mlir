// RUN: octet-opt --octet-expand-float8 --split-input-file --verify-diagnostics %s | FileCheck %s

// f32 -> f8E4M3FN: integer arithmetic on the f32 bits, then the byte.
// CHECK-LABEL: func.func @trunc_e4m3
// CHECK-SAME: (%[[X:.*]]: f32)
// CHECK: %[[BITS:.*]] = arith.bitcast %[[X]] : f32 to i32
// CHECK-NOT: arith.truncf
// Rebias for normal results: (127 - 7) << 23.
// CHECK: arith.constant 1006632960 : i32
// Overflow to NaN (0x7F) above the largest finite code (0x7E).
// CHECK: %[[MAXFINITE:.*]] = arith.constant 126 : i32
// CHECK: arith.cmpi ugt, %{{.*}}, %[[MAXFINITE]] : i32
// CHECK: %[[BYTE:.*]] = arith.trunci %{{.*}} : i32 to i8
// CHECK: %[[R:.*]] = arith.bitcast %[[BYTE]] : i8 to f8E4M3FN
// CHECK: return %[[R]]
func.func @trunc_e4m3(%x: f32) -> f8E4M3FN {
  %y = arith.truncf %x : f32 to f8E4M3FN
  return %y : f8E4M3FN
}

// f8E5M2 -> f32: the magnitude's bits shifted into f32's exponent and
// mantissa (by 23 - 2) and scaled by 2^(127 - 15) = 2^112; all-ones
// exponents are infinity (0x7F800000) and NaN (0x7FC00000).
// CHECK-LABEL: func.func @ext_e5m2
// CHECK: %[[B:.*]] = arith.bitcast %{{.*}} : f8E5M2 to i8
// CHECK: arith.extui %[[B]] : i8 to i32
// CHECK-NOT: arith.extf
// CHECK: %[[SHIFT:.*]] = arith.constant 21 : i32
// CHECK: %[[MOVED:.*]] = arith.shli %{{.*}}, %[[SHIFT]] : i32
// CHECK: %[[F:.*]] = arith.bitcast %[[MOVED]] : i32 to f32
// CHECK: %[[SCALE:.*]] = arith.constant 5.19229686E+33 : f32
// CHECK: arith.mulf %[[F]], %[[SCALE]] : f32
// CHECK-DAG: arith.constant 2139095040 : i32
// CHECK-DAG: arith.constant 2143289344 : i32
// CHECK: arith.bitcast %{{.*}} : i32 to f32
func.func @ext_e5m2(%x: f8E5M2) -> f32 {
  %y = arith.extf %x : f8E5M2 to f32
  return %y : f32
}

// A scalar constant becomes its byte.
// CHECK-LABEL: func.func @constant
// CHECK: %[[C:.*]] = arith.constant 56 : i8
// CHECK: arith.bitcast %[[C]] : i8 to f8E4M3FN
func.func @constant() -> f8E4M3FN {
  %c = arith.constant 1.0 : f8E4M3FN
  return %c : f8E4M3FN
}

// Loads, stores and selects of 8-bit floats stay as they are.
// CHECK-LABEL: func.func @move
// CHECK: memref.load %{{.*}} : memref<4xf8E5M2>
// CHECK: arith.select
// CHECK: memref.store %{{.*}} : memref<4xf8E5M2>
func.func @move(%m: memref<4xf8E5M2>, %c: i1, %y: f8E5M2) {
  %i = arith.constant 0 : index
  %x = memref.load %m[%i] : memref<4xf8E5M2>
  %s = arith.select %c, %x, %y : f8E5M2
  memref.store %s, %m[%i] : memref<4xf8E5M2>
  return
}

// -----

func.func @arithmetic(%x: f8E4M3FN) -> f8E4M3FN {
  // expected-error @+1 {{'arith.mulf' on 8-bit floats has no expansion; only conversions from and to f32 are supported}}
  %y = arith.mulf %x, %x : f8E4M3FN
  return %y : f8E4M3FN
}

// -----

func.func @from_f16(%x: f16) -> f8E4M3FN {
  // expected-error @+1 {{'arith.truncf' on 8-bit floats has no expansion; only conversions from and to f32 are supported}}
  %y = arith.truncf %x : f16 to f8E4M3FN
  return %y : f8E4M3FN
}
