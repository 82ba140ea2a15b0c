// RUN: octet-opt %s --octet-map-parallel-loops-to-gpu=workgroup-size=64 -verify-diagnostics

// Host computation whose result is used outside it (here by the return)
// cannot become a kernel.
func.func @escaping(%a: memref<f32>) -> f32 {
  // expected-error @+1 {{host computation whose result is used outside it cannot be moved to the device}}
  %x = memref.load %a[] : memref<f32>
  %alloc = memref.alloc() : memref<4xf32>
  return %x : f32
}
