// RUN: octet-opt --pass-pipeline='builtin.module(func.func(octet-widen-bf16-arithmetic))' %s | FileCheck %s

// A fused bf16 chain (a GELU-like epilogue: mul, tanh, add) runs in f32:
// the loaded values are widened once, every op is an f32 op, and the one
// rounding to bf16 is at the store.

// CHECK-LABEL: func.func @chain(
// CHECK-SAME:      %[[X:[^:]+]]: memref<8xbf16>, %[[Y:[^:]+]]: memref<8xbf16>)
// CHECK:         scf.parallel (%[[I:.+]]) =
// CHECK:           %[[V:.+]] = memref.load %[[X]][%[[I]]] : memref<8xbf16>
// CHECK:           %[[W:.+]] = arith.extf %[[V]]{{.*}} : bf16 to f32
// CHECK:           %[[M:.+]] = arith.mulf %[[W]], %{{.+}} : f32
// CHECK-NOT:       arith.truncf
// CHECK:           %[[T:.+]] = math.tanh %[[M]]{{.*}} : f32
// CHECK-NOT:       arith.truncf
// CHECK:           %[[S:.+]] = arith.addf %[[T]], %[[W]] : f32
// CHECK:           %[[R:.+]] = arith.truncf %[[S]]{{.*}} : f32 to bf16
// CHECK:           memref.store %[[R]], %[[Y]][%[[I]]] : memref<8xbf16>
func.func @chain(%x: memref<8xbf16>, %y: memref<8xbf16>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %half = arith.constant 0.5 : bf16
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %v = memref.load %x[%i] : memref<8xbf16>
    %m = arith.mulf %v, %half : bf16
    %t = math.tanh %m : bf16
    %s = arith.addf %t, %v : bf16
    memref.store %s, %y[%i] : memref<8xbf16>
    scf.reduce
  }
  return
}

// A bf16 value carried by a loop stays bf16 there: it is rounded once per
// iteration, where it is yielded.

// CHECK-LABEL: func.func @carried(
// CHECK:         scf.for {{.*}} iter_args(%[[ACC:.+]] = %{{.+}}) -> (bf16)
// CHECK:           %[[A:.+]] = arith.extf %[[ACC]]{{.*}} : bf16 to f32
// CHECK:           %[[SUM:.+]] = arith.addf %[[A]], %{{.+}} : f32
// CHECK:           %[[R:.+]] = arith.truncf %[[SUM]]{{.*}} : f32 to bf16
// CHECK:           scf.yield %[[R]] : bf16
func.func @carried(%x: memref<8xbf16>, %y: memref<1xbf16>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : bf16
  %m = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (bf16) {
    %v = memref.load %x[%k] : memref<8xbf16>
    %r = arith.addf %acc, %v : bf16
    scf.yield %r : bf16
  }
  memref.store %m, %y[%c0] : memref<1xbf16>
  return
}

// The larger or smaller of two bf16 values is one of them: a max pool's
// running maximum (and the other min/max ops) stays bf16, neither widened
// nor rounded.

// CHECK-LABEL: func.func @carried_maximum(
// CHECK-NOT:     arith.extf
// CHECK-NOT:     arith.truncf
// CHECK:         scf.for {{.*}} iter_args(%[[ACC:.+]] = %{{.+}}) -> (bf16)
// CHECK:           %[[V:.+]] = memref.load
// CHECK-NEXT:      %[[MAX:.+]] = arith.maximumf %[[ACC]], %[[V]] : bf16
// CHECK-NEXT:      %[[MIN:.+]] = arith.minimumf %[[MAX]], %[[V]] : bf16
// CHECK-NEXT:      %[[MAXNUM:.+]] = arith.maxnumf %[[MIN]], %[[V]] : bf16
// CHECK-NEXT:      %[[MINNUM:.+]] = arith.minnumf %[[MAXNUM]], %[[V]] : bf16
// CHECK-NEXT:      scf.yield %[[MINNUM]] : bf16
// CHECK-NOT:     arith.extf
// CHECK-NOT:     arith.truncf
func.func @carried_maximum(%x: memref<8xbf16>, %y: memref<1xbf16>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %lowest = arith.constant 0xFF80 : bf16
  %m = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %lowest) -> (bf16) {
    %v = memref.load %x[%k] : memref<8xbf16>
    %r = arith.maximumf %acc, %v : bf16
    %s = arith.minimumf %r, %v : bf16
    %t = arith.maxnumf %s, %v : bf16
    %u = arith.minnumf %t, %v : bf16
    scf.yield %u : bf16
  }
  memref.store %m, %y[%c0] : memref<1xbf16>
  return
}

// A bf16 result that is stored (a tensor other kernels read) and also
// widened in the same kernel (a copy for an f32 op after it): the widened
// copy is of the rounded value, the one every other reader sees.
// CHECK-LABEL: func.func @stored_and_widened(
// CHECK:           %[[S:.+]] = arith.addf %{{.+}}, %{{.+}} : f32
// CHECK:           %[[R:.+]] = arith.truncf %[[S]]{{.*}} : f32 to bf16
// CHECK:           memref.store %[[R]], %{{.+}} : memref<8xbf16>
// CHECK:           %[[W:.+]] = arith.extf %[[R]]{{.*}} : bf16 to f32
// CHECK:           memref.store %[[W]], %{{.+}} : memref<8xf32>
func.func @stored_and_widened(%x: memref<8xbf16>, %y: memref<8xbf16>, %z: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %v = memref.load %x[%i] : memref<8xbf16>
    %s = arith.addf %v, %v : bf16
    memref.store %s, %y[%i] : memref<8xbf16>
    %w = arith.extf %s : bf16 to f32
    memref.store %w, %z[%i] : memref<8xf32>
    scf.reduce
  }
  return
}
