// RUN: octet-opt --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(func.func(octet-pad-in-producers,cse))' %s | FileCheck %s

// A Conv's epilogue (bias, then ReLU) feeds a zero-padded copy. The padded
// tensor is filled as one flat dimension before the bias (the ops loop
// fusion merges with the epilogue stay adjacent), the epilogue writes the
// interior (its destination is a slice of the fill) and the result goes
// back in place with tensor.insert_slice; no tensor.pad is left.

// CHECK-LABEL: func.func @epilogue(
// CHECK-NOT:     tensor.pad
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[FLAT:.+]] = tensor.empty() : tensor<72xf32>
// CHECK-NEXT:    %[[FILLED:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[FLAT]] : tensor<72xf32>)
// CHECK-NEXT:    %[[PADDED:.+]] = tensor.expand_shape %[[FILLED]] {{\[\[}}0, 1, 2, 3]] output_shape [1, 2, 6, 6]
// CHECK-NEXT:    %[[INTERIOR:.+]] = tensor.extract_slice %[[PADDED]][0, 0, 1, 1] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK-NEXT:    %[[BIASED:.+]] = linalg.generic {{.*}} ins(%{{.+}} : tensor<1x2x4x4xf32>) outs(%{{.+}} : tensor<1x2x4x4xf32>)
// CHECK:         %[[RELU:.+]] = linalg.generic {{.*}} ins(%[[BIASED]] : tensor<1x2x4x4xf32>) outs(%[[INTERIOR]] : tensor<1x2x4x4xf32>)
// CHECK:         %[[RESULT:.+]] = tensor.insert_slice %[[RELU]] into %[[PADDED]][0, 0, 1, 1] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK:         return %[[RESULT]]
#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @epilogue(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %biased = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x2x4x4xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %one : f32
    linalg.yield %s : f32
  } -> tensor<1x2x4x4xf32>
  %relu = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%biased : tensor<1x2x4x4xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x2x4x4xf32>
  %padded = tensor.pad %relu low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x2x4x4xf32> to tensor<1x2x6x6xf32>
  return %padded : tensor<1x2x6x6xf32>
}

// -----

// A model input has no producer to write into the padded buffer: one
// gather, clamping the index of each padded dimension into the source and
// selecting -inf outside; unpadded dimensions are read as they are.

// CHECK-LABEL: func.func @input(
// CHECK-SAME:      %[[X:[^:]+]]: tensor<1x2x4x4xf32>
// CHECK-NOT:     tensor.pad
// CHECK:         linalg.generic {{.*}} outs(%{{.+}} : tensor<1x2x5x5xf32>)
// CHECK:           %[[N:.+]] = linalg.index 0
// CHECK:           %[[C:.+]] = linalg.index 1
// CHECK:           %[[H:.+]] = linalg.index 2
// CHECK:           arith.subi %[[H]], %c1
// CHECK:           arith.maxsi
// CHECK:           arith.minsi %{{.+}}, %c3
// CHECK:           %[[E:.+]] = tensor.extract %[[X]][%[[N]], %[[C]], %{{.+}}, %{{.+}}]
// CHECK:           %[[S:.+]] = arith.select %{{.+}}, %[[E]], %{{.+}} : f32
// CHECK:           linalg.yield %[[S]]
func.func @input(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x5x5xf32> {
  %lowest = arith.constant 0xFF800000 : f32
  %padded = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 0, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %lowest : f32
  } : tensor<1x2x4x4xf32> to tensor<1x2x5x5xf32>
  return %padded : tensor<1x2x5x5xf32>
}

// -----

// The producer's result is also returned: writing it into the padded buffer
// would make the return read the slice, so the pad gathers instead.

// CHECK-LABEL: func.func @shared(
// CHECK-NOT:     tensor.pad
// CHECK-NOT:     tensor.extract_slice
// CHECK:         %[[R:.+]] = linalg.generic {{.*}} outs(%{{.+}} : tensor<4xf32>)
// CHECK:         linalg.generic {{.*}} outs(%{{.+}} : tensor<6xf32>)
// CHECK:           tensor.extract %[[R]]
#id = affine_map<(d0) -> (d0)>
func.func @shared(%x: tensor<4xf32>) -> (tensor<6xf32>, tensor<4xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4xf32>
  %padded = tensor.pad %r low[1] high[1] {
  ^bb0(%i: index):
    tensor.yield %zero : f32
  } : tensor<4xf32> to tensor<6xf32>
  return %padded, %r : tensor<6xf32>, tensor<4xf32>
}

// -----

// A residual connection: the producer's result is also read by an Add.
// Reading elements works from the padded buffer's interior too, so the
// producer still writes there and the Add reads the same value.

// CHECK-LABEL: func.func @residual(
// CHECK-NOT:     tensor.pad
// CHECK:         %[[PADDED:.+]] = tensor.expand_shape
// CHECK:         %[[INTERIOR:.+]] = tensor.extract_slice %[[PADDED]][1] [4] [1]
// CHECK:         %[[R:.+]] = linalg.generic {{.*}} outs(%[[INTERIOR]] : tensor<4xf32>)
// CHECK:         tensor.insert_slice %[[R]] into %[[PADDED]][1] [4] [1]
// CHECK:         linalg.generic {{.*}} ins(%[[R]], %{{.+}} : tensor<4xf32>, tensor<4xf32>)
#id = affine_map<(d0) -> (d0)>
func.func @residual(%x: tensor<4xf32>) -> (tensor<6xf32>, tensor<4xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4xf32>
  %padded = tensor.pad %r low[1] high[1] {
  ^bb0(%i: index):
    tensor.yield %zero : f32
  } : tensor<4xf32> to tensor<6xf32>
  %e2 = tensor.empty() : tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%r, %x : tensor<4xf32>, tensor<4xf32>) outs(%e2 : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %padded, %sum : tensor<6xf32>, tensor<4xf32>
}

// -----

func.func @not_constant(%x: tensor<4xf32>, %v: f32) -> tensor<6xf32> {
  // expected-error @below {{'tensor.pad' op is not supported: Octet pads static shapes by static amounts with a constant value}}
  %padded = tensor.pad %x low[1] high[1] {
  ^bb0(%i: index):
    tensor.yield %v : f32
  } : tensor<4xf32> to tensor<6xf32>
  return %padded : tensor<6xf32>
}
