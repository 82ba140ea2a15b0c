// Input of opencl-build.test: not valid OpenCL C.
__kernel void broken(__global float *out) {
  out[0] = undeclared_identifier;
}
