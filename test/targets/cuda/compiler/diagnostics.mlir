// A backend error is the located message alone; --debug-diagnostics adds the
// operation it is about, in generic form (for an error on a gpu.module, the
// whole module).
// RUN: not octet-translate --serialize-cuda %s 2>&1 | FileCheck %s --check-prefix=SHORT
// RUN: not octet-translate --serialize-cuda --debug-diagnostics %s 2>&1 | FileCheck %s --check-prefix=DEBUG
// Upstream's own flag still works when given explicitly.
// RUN: not octet-translate --serialize-cuda --mlir-print-op-on-diagnostic %s 2>&1 | FileCheck %s --check-prefix=DEBUG

// SHORT: diagnostics.mlir:[[#@LINE+10]]:10: error: 'arith.remf' would be a call into CUDA's libdevice
// SHORT-NOT: see current operation
// SHORT-NOT: arith.remf"(
// DEBUG: diagnostics.mlir:[[#@LINE+7]]:10: error: 'arith.remf' would be a call into CUDA's libdevice
// DEBUG: note: see current operation: %{{.*}} = "arith.remf"
module attributes {gpu.container_module} {
gpu.module @octet_kernels [#nvvm.target] {
  gpu.func @main_dispatch_0(%x: memref<64xf32>) kernel {
    %tid = gpu.thread_id x
    %a = memref.load %x[%tid] : memref<64xf32>
    %r = arith.remf %a, %a : f32
    memref.store %r, %x[%tid] : memref<64xf32>
    gpu.return
  }
}
}
