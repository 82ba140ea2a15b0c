// One kernel applying every math op Octet's ONNX lowering can produce to a
// value, as octet-compile would hand it to the CUDA backend. Used by
// math-without-libdevice.test.
module attributes {gpu.container_module} {
gpu.module @octet_kernels [#nvvm.target] {
  gpu.func @main_dispatch_0(%x: memref<64xf32>, %h: memref<64xf16>) kernel {
    %tid = gpu.thread_id x
    %a = memref.load %x[%tid] : memref<64xf32>
    %0 = math.exp %a : f32
    %1 = math.log %0 : f32
    %2 = math.tanh %1 : f32
    %3 = math.erf %2 : f32
    %4 = math.sin %3 : f32
    %5 = math.cos %4 : f32
    %6 = math.atan %5 : f32
    %7 = math.sinh %6 : f32
    %8 = math.powf %7, %a : f32
    %9 = math.sqrt %8 : f32
    %10 = math.rsqrt %9 : f32
    %11 = math.floor %10 : f32
    %12 = math.ceil %10 : f32
    %s = arith.subf %11, %12 : f32
    %13 = math.absf %s : f32
    %14 = math.fma %13, %a, %13 : f32
    %15 = math.roundeven %14 : f32
    %16 = math.log1p %15 : f32
    %17 = math.expm1 %16 : f32
    %18 = math.exp2 %17 : f32
    %19 = math.cbrt %18 : f32
    memref.store %19, %x[%tid] : memref<64xf32>
    %b = memref.load %h[%tid] : memref<64xf16>
    %e = math.exp %b : f16
    memref.store %e, %h[%tid] : memref<64xf16>
    gpu.return
  }
}
}
