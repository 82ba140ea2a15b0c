// RUN: octet-opt %s --octet-fuse-multiply-add --split-input-file | FileCheck %s

// A MatMul's multiply-accumulate, scalar and vector: one fma each, the
// product's operands first, the accumulator last.
// CHECK-LABEL: func.func @accumulate
// CHECK-NOT: arith.mulf
// CHECK-NOT: arith.addf
// CHECK: %[[S:.*]] = math.fma %arg0, %arg1, %arg2 fastmath<contract> : f32
// CHECK-NEXT: %[[V:.*]] = math.fma %arg3, %arg4, %arg5 fastmath<contract> : vector<16xf32>
// CHECK-NEXT: return %[[S]], %[[V]]
func.func @accumulate(%a: f32, %b: f32, %acc: f32, %va: vector<16xf32>,
                      %vb: vector<16xf32>, %vacc: vector<16xf32>)
    -> (f32, vector<16xf32>) {
  %p = arith.mulf %a, %b : f32
  %s = arith.addf %acc, %p : f32
  %vp = arith.mulf %va, %vb : vector<16xf32>
  %v = arith.addf %vp, %vacc : vector<16xf32>
  return %s, %v : f32, vector<16xf32>
}

// -----

// A product with another use is kept for it and repeated in the fma.
// CHECK-LABEL: func.func @shared_product
// CHECK: %[[P:.*]] = arith.mulf %arg0, %arg1 fastmath<contract> : f32
// CHECK: %[[F:.*]] = math.fma %arg0, %arg1, %arg2 fastmath<contract> : f32
// CHECK: return %[[F]], %[[P]]
func.func @shared_product(%a: f32, %b: f32, %c: f32) -> (f32, f32) {
  %p = arith.mulf %a, %b : f32
  %s = arith.addf %p, %c : f32
  return %s, %p : f32, f32
}

// -----

// Only f32: f16 and f64 arithmetic, a subtraction of a product and a sum of
// two values that are not products stay as they are.
// CHECK-LABEL: func.func @unchanged
// CHECK: arith.mulf %arg0, %arg1 : f16
// CHECK: arith.addf {{.*}} : f16
// CHECK: arith.mulf %arg3, %arg4 : f64
// CHECK: arith.addf {{.*}} : f64
// CHECK: arith.mulf %arg6, %arg7 fastmath<contract> : f32
// CHECK: arith.subf
// CHECK: arith.addf %arg6, %arg7 fastmath<contract> : f32
// CHECK-NOT: math.fma
func.func @unchanged(%a: f16, %b: f16, %c: f16, %d: f64, %e: f64, %f: f64,
                     %x: f32, %y: f32, %z: f32) -> (f16, f64, f32, f32) {
  %p = arith.mulf %a, %b : f16
  %s = arith.addf %p, %c : f16
  %q = arith.mulf %d, %e : f64
  %t = arith.addf %q, %f : f64
  %r = arith.mulf %x, %y : f32
  %u = arith.subf %z, %r : f32
  %w = arith.addf %x, %y : f32
  return %s, %t, %u, %w : f16, f64, f32, f32
}
