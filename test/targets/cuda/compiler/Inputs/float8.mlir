// An FP8 kernel for the PTX tests: decode E4M3FN, scale, encode E4M3FN and
// E5M2 (octet-expand-float8 runs in the CUDA backend).
module attributes {gpu.container_module} {
gpu.module @fp8 {
  gpu.func @scale_fp8(%in: memref<64xf8E4M3FN>, %out: memref<64xf8E4M3FN>, %wide: memref<64xf8E5M2>) kernel {
    %t = gpu.thread_id x
    %x = memref.load %in[%t] : memref<64xf8E4M3FN>
    %f = arith.extf %x : f8E4M3FN to f32
    %c = arith.constant 2.0 : f32
    %y = arith.mulf %f, %c : f32
    %q = arith.truncf %y : f32 to f8E4M3FN
    memref.store %q, %out[%t] : memref<64xf8E4M3FN>
    %e = arith.truncf %y : f32 to f8E5M2
    memref.store %e, %wide[%t] : memref<64xf8E5M2>
    gpu.return
  }
}
}
