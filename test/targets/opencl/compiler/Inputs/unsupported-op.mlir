// Input of errors.mlir: an unsupported op makes octet-translate fail.
module attributes {gpu.container_module} {
gpu.module @m {
  gpu.func @sincos(%a: memref<4xf32>) kernel {
    %c0 = arith.constant 0 : index
    %x = memref.load %a[%c0] : memref<4xf32>
    %s, %c = math.sincos %x : f32
    memref.store %s, %a[%c0] : memref<4xf32>
    gpu.return
  }
}
}
