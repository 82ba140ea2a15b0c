// RUN: octet-opt %s --convert-graph-to-linalg --split-input-file | FileCheck %s

// Unsigned tensors become signless: the function signature keeps the fact
// as `octet.unsigned` (for the artifact's signature), and the lowerings pick
// the unsigned arith ops (divui, maxui, cmpi ult, uitofp, remui) and start
// unsigned reductions from 0.

// CHECK-LABEL: func.func @unsigned_ops(
// CHECK-SAME:      %{{.*}}: tensor<4xi8> {octet.unsigned}, %{{.*}}: tensor<4xi8> {octet.unsigned})
// CHECK-SAME:      -> (tensor<4xi8> {octet.unsigned}, tensor<4xi1>, tensor<4xf32>, tensor<i8> {octet.unsigned}, tensor<4xi8> {octet.unsigned})
// CHECK:         arith.divui %{{.*}}, %{{.*}} : i8
// CHECK:         arith.cmpi ult, %{{.*}}, %{{.*}} : i8
// CHECK:         arith.uitofp %{{.*}} : i8 to f32
// CHECK:         arith.constant 0 : i8
// CHECK:         arith.maxui %{{.*}}, %{{.*}} : i8
// CHECK:         arith.remui %{{.*}}, %{{.*}} : i8
// CHECK-NOT:     ui8
func.func @unsigned_ops(%a: tensor<4xui8>, %b: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<ui8>, tensor<4xui8>) {
  %0 = graph.div %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = graph.less %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %2 = graph.cast %a : tensor<4xui8> -> tensor<4xf32>
  %3 = graph.reduce_max %a {axes = array<i64: 0>} : tensor<4xui8> -> tensor<ui8>
  %4 = graph.mod %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0, %1, %2, %3, %4 : tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<ui8>, tensor<4xui8>
}

// -----

// A shift by the bit width or more gives 0; a cast from float to an
// unsigned type converts as unsigned; unsigned constants keep their bits.
// CHECK-LABEL: func.func @shift_cast
// CHECK:         %[[SH:.*]] = arith.shrui %[[X:.*]], %[[N:.*]] : i32
// CHECK:         %[[OK:.*]] = arith.cmpi ult, %[[N]], %{{.*}} : i32
// CHECK:         arith.select %[[OK]], %[[SH]], %{{.*}} : i32
// CHECK:         arith.fptoui %{{.*}} : f32 to i8
// CHECK:         arith.constant dense<[1, -1]> : tensor<2xi8>
func.func @shift_cast(%x: tensor<2xui32>, %n: tensor<2xui32>, %f: tensor<2xf32>) -> (tensor<2xui32>, tensor<2xui8>, tensor<2xui8>) {
  %0 = graph.shift_right %x, %n : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
  %1 = graph.cast %f : tensor<2xf32> -> tensor<2xui8>
  %c = arith.constant dense<[1, 255]> : tensor<2xui8>
  return %0, %1, %c : tensor<2xui32>, tensor<2xui8>, tensor<2xui8>
}
