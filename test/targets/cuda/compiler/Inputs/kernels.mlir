// Two kernels as Octet's pipeline produces them: a guarded elementwise add on
// a 1-D grid and an in-place math.exp. Used by ptx.mlir and ptxas.test.
//
// The gpu.module carries `[#nvvm.target]` only so that the parser loads the
// NVVM dialect: without it octet-translate --serialize-cuda crashes (see
// serialize-without-nvvm.mlir). The backend replaces the target attribute
// with its own (chip and PTX version from --cuda-arch).
module attributes {gpu.container_module} {
gpu.module @octet_kernels [#nvvm.target] {
  gpu.func @main_dispatch_0(%x: memref<256xf32>, %b: memref<256xf32>, %y: memref<256xf32>) kernel {
    %c64 = arith.constant 64 : index
    %c256 = arith.constant 256 : index
    %bid = gpu.block_id x
    %tid = gpu.thread_id x
    %off = arith.muli %bid, %c64 : index
    %i = arith.addi %tid, %off : index
    %in = arith.cmpi ult, %i, %c256 : index
    scf.if %in {
      %a = memref.load %x[%i] : memref<256xf32>
      %bb = memref.load %b[%i] : memref<256xf32>
      %s = arith.addf %a, %bb : f32
      memref.store %s, %y[%i] : memref<256xf32>
    }
    gpu.return
  }
  gpu.func @main_dispatch_1(%x: memref<64xf32>) kernel {
    %tid = gpu.thread_id x
    %a = memref.load %x[%tid] : memref<64xf32>
    %e = math.exp %a : f32
    memref.store %e, %x[%tid] : memref<64xf32>
    gpu.return
  }
}
}
