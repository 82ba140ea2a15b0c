// Unsupported input is rejected with a located diagnostic naming the op (or
// argument) and the kernel; nothing is emitted for the module.
// RUN: octet-translate --serialize-opencl --split-input-file --verify-diagnostics %s
// RUN: not octet-translate --serialize-opencl %S/Inputs/unsupported-op.mlir 2>&1 | FileCheck %s --check-prefix=EXIT

// EXIT: unsupported-op.mlir:[[#]]:[[#]]: error: 'math.sincos' op (kernel 'sincos') is not supported by the OpenCL C emitter
// EXIT-NOT: __kernel

module attributes {gpu.container_module} {
gpu.module @m {
  // expected-error @+1 {{kernel 'dynamic': argument #0 has type 'memref<?xf32>'; the OpenCL C emitter only accepts memrefs with static shape and static strides/offset}}
  gpu.func @dynamic(%a: memref<?xf32>) kernel {
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  // expected-error @+1 {{kernel 'scalar_arg': argument #1 has type 'f32'; the OpenCL C emitter only accepts memrefs}}
  gpu.func @scalar_arg(%a: memref<4xf32>, %s: f32) kernel {
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  // expected-error @+1 {{kernel 'dyn_strides': argument #0 has type 'memref<4xf32, strided<[?], offset: ?>>'}}
  gpu.func @dyn_strides(%a: memref<4xf32, strided<[?], offset: ?>>) kernel {
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  // expected-error @+1 {{kernel 'local_arg': argument #0 has type 'memref<4xf32, #gpu.address_space<workgroup>>' in a non-global memory space}}
  gpu.func @local_arg(%a: memref<4xf32, #gpu.address_space<workgroup>>) kernel {
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  gpu.func @unsupported_op(%a: memref<4xf32>) kernel {
    %c0 = arith.constant 0 : index
    %x = memref.load %a[%c0] : memref<4xf32>
    // expected-error @+1 {{'math.sincos' op (kernel 'unsupported_op') is not supported by the OpenCL C emitter}}
    %s, %c = math.sincos %x : f32
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  gpu.func @f8(%a: memref<4xf8E4M3FN>) kernel {
    %c0 = arith.constant 0 : index
    %x = memref.load %a[%c0] : memref<4xf8E4M3FN>
    // FP8 conversions are expanded; FP8 arithmetic has no lowering.
    // expected-error @+1 {{'arith.addf' on 8-bit floats has no expansion; only conversions from and to f32 are supported}}
    %y = arith.addf %x, %x : f8E4M3FN
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  gpu.func @odd_int(%a: memref<4xi32>) kernel {
    %c0 = arith.constant 0 : index
    %x = memref.load %a[%c0] : memref<4xi32>
    // expected-error @+1 {{'arith.trunci' op (kernel 'odd_int') uses integer type 'i4', which the OpenCL C emitter does not support (supported: i1, i8, i16, i32, i64, index)}}
    %y = arith.trunci %x : i32 to i4
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  gpu.func @vector(%a: memref<4xf32>) kernel {
    // expected-error @+1 {{'arith.constant' op (kernel 'vector') has a non-scalar value dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : vector<4xf32>; the OpenCL C emitter only supports integer and float scalars and vector splats}}
    %v = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : vector<4xf32>
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  gpu.func @odd_vector(%a: memref<10xf32>) kernel {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{'vector.load' op (kernel 'odd_vector') uses type 'vector<5xf32>', which the OpenCL C emitter does not support (vectors: 2, 3, 4, 8 or 16 lanes of f32, f16, bf16, f8E4M3FN, f8E5M2 or i1)}}
    %v = vector.load %a[%c0] : memref<10xf32>, vector<5xf32>
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  // expected-error @+1 {{'gpu.func' op 'helper' is not a kernel; the OpenCL C emitter only emits kernel gpu.func ops}}
  gpu.func @helper(%a: memref<4xf32>) {
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  gpu.func @dynamic_view(%a: memref<4x4xf32>) kernel {
    %t = gpu.thread_id x
    // expected-error @+1 {{'memref.subview' op (kernel 'dynamic_view') produces a view of type 'memref<2xf32, strided<[1], offset: ?>>' without static shape, strides and offset}}
    %v = memref.subview %a[%t, 0] [1, 2] [1, 1] : memref<4x4xf32> to memref<2xf32, strided<[1], offset: ?>>
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  gpu.func @heap(%a: memref<4xf32>) kernel {
    // expected-error @+1 {{'memref.alloc' op (kernel 'heap') is not supported by the OpenCL C emitter}}
    %m = memref.alloc() : memref<4xf32>
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  // expected-error @+1 {{'gpu.func' op (kernel 'float') has a name that is not a valid OpenCL C function name}}
  gpu.func @float(%a: memref<4xf32>) kernel {
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  // expected-error @+1 {{'gpu.func' op (kernel 'multi_block') has unstructured control flow (several blocks), which the OpenCL C emitter does not support}}
  gpu.func @multi_block(%a: memref<4xf32>) kernel {
    cf.br ^bb1
  ^bb1:
    gpu.return
  }
}
}

// -----

module attributes {gpu.container_module} {
gpu.module @m {
  gpu.func @affine(%a: memref<4xf32>) kernel {
    %t = gpu.thread_id x
    // expected-error @+1 {{'affine.apply' op (kernel 'affine') is not supported by the OpenCL C emitter}}
    %i = affine.apply affine_map<(d0) -> (d0 floordiv 2)>(%t)
    gpu.return
  }
}
}
