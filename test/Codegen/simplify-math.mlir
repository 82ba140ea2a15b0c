// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-simplify-math))' %s | FileCheck %s
// Powers with constant exponents become products and square roots; a pow
// whose exponent is not a constant, or not one of the simplified values,
// stays.

// CHECK-LABEL: func.func @gelu_cube(
// CHECK-SAME:    %[[X:.+]]: f32
// CHECK:         %[[SQ:.+]] = arith.mulf %[[X]], %[[X]] : f32
// CHECK:         %[[CUBE:.+]] = arith.mulf %[[X]], %[[SQ]] : f32
// CHECK-NOT:     math.powf
// CHECK:         return %[[CUBE]]
func.func @gelu_cube(%x: f32) -> f32 {
  %c3 = arith.constant 3.0 : f32
  %0 = math.powf %x, %c3 : f32
  return %0 : f32
}

// CHECK-LABEL: func.func @vector_square(
// CHECK-SAME:    %[[X:.+]]: vector<16xf32>
// CHECK:         %[[SQ:.+]] = arith.mulf %[[X]], %[[X]] : vector<16xf32>
// CHECK-NEXT:    return %[[SQ]]
func.func @vector_square(%x: vector<16xf32>) -> vector<16xf32> {
  %c2 = arith.constant dense<2.0> : vector<16xf32>
  %0 = math.powf %x, %c2 : vector<16xf32>
  return %0 : vector<16xf32>
}

// CHECK-LABEL: func.func @square_root(
// CHECK:         math.sqrt
// CHECK-NOT:     math.powf
func.func @square_root(%x: f32) -> f32 {
  %half = arith.constant 0.5 : f32
  %0 = math.powf %x, %half : f32
  return %0 : f32
}

// CHECK-LABEL: func.func @kept(
// CHECK:         math.powf %{{.+}}, %{{.+}} : f32
// CHECK:         math.powf %{{.+}}, %{{.+}} : f32
func.func @kept(%x: f32, %y: f32) -> (f32, f32) {
  %c = arith.constant 2.5 : f32
  %0 = math.powf %x, %y : f32
  %1 = math.powf %x, %c : f32
  return %0, %1 : f32, f32
}
