// RUN: octet-opt --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(gpu.module(convert-scf-to-cf,octet-cuda-lower-kernels-to-nvvm))' %s | FileCheck %s

// Math with a PTX instruction becomes LLVM intrinsics, never libdevice calls;
// kernel arguments are bare pointers.

// CHECK-LABEL: gpu.module @kernels
// CHECK-NOT: __nv_
// CHECK: llvm.func @k(%{{.*}}: !llvm.ptr) attributes {gpu.kernel, nvvm.kernel}
// CHECK-DAG: nvvm.read.ptx.sreg.tid.x
// CHECK-DAG: llvm.intr.sqrt
// CHECK-DAG: llvm.intr.floor
// CHECK-DAG: llvm.intr.fabs
// CHECK-DAG: llvm.intr.fma
// CHECK-DAG: llvm.intr.maxnum
// CHECK-NOT: llvm.call
// CHECK-NOT: __nv_
gpu.module @kernels {
  gpu.func @k(%x: memref<64xf32>) kernel {
    %tid = gpu.thread_id x
    %a = memref.load %x[%tid] : memref<64xf32>
    %0 = math.sqrt %a : f32
    %1 = math.floor %0 : f32
    %2 = math.absf %1 : f32
    %3 = math.fma %2, %a, %2 : f32
    %4 = arith.maxnumf %3, %a : f32
    memref.store %4, %x[%tid] : memref<64xf32>
    gpu.return
  }
}

// -----

// A transcendental function that was not rewritten as arithmetic is an
// error: there is no libdevice to call.
gpu.module @kernels {
  gpu.func @k(%x: memref<64xf32>) kernel {
    %tid = gpu.thread_id x
    %a = memref.load %x[%tid] : memref<64xf32>
    // expected-error @+1 {{'math.exp' would be a call into CUDA's libdevice, which Octet does not link; it must be rewritten as arithmetic first (octet-approximate-math)}}
    %0 = math.exp %a : f32
    memref.store %0, %x[%tid] : memref<64xf32>
    gpu.return
  }
}
