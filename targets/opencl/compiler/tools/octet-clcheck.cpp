//===- octet-clcheck.cpp - Build OpenCL C with the real driver ------------===//
//
// Test tool for the OpenCL C emitter: builds a .cl file (or stdin, "-") with
// clBuildProgram on the first OpenCL device (-cl-std=CL1.2 -Werror plus
// --options), and on success prints one line per kernel:
//   kernel <name> args=<n> reqd_work_group_size=<x>,<y>,<z>
// sorted by name. On a build failure prints the build log to stderr and exits
// 1; exits 2 when there is no OpenCL device or on usage errors.
//
// Usage: octet-clcheck [--options=<build options>] <file.cl | ->
//
//===----------------------------------------------------------------------===//
#include <CL/cl.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace {

int fail(const std::string &message, int code = 2) {
  std::cerr << "octet-clcheck: " << message << "\n";
  return code;
}

std::string clError(const char *what, cl_int err) {
  return std::string(what) + " failed with OpenCL error " + std::to_string(err);
}

} // namespace

int main(int argc, char **argv) {
  std::string options = "-cl-std=CL1.2 -Werror";
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--options=", 0) == 0)
      options += " " + arg.substr(std::strlen("--options="));
    else if (path.empty())
      path = arg;
    else
      return fail("usage: octet-clcheck [--options=<opts>] <file.cl | ->");
  }
  if (path.empty())
    return fail("usage: octet-clcheck [--options=<opts>] <file.cl | ->");

  std::string source;
  if (path == "-") {
    source.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return fail("cannot read '" + path + "'");
    source.assign(std::istreambuf_iterator<char>(in), {});
  }

  cl_uint numPlatforms = 0;
  if (clGetPlatformIDs(0, nullptr, &numPlatforms) != CL_SUCCESS ||
      numPlatforms == 0)
    return fail("no OpenCL platform");
  std::vector<cl_platform_id> platforms(numPlatforms);
  clGetPlatformIDs(numPlatforms, platforms.data(), nullptr);
  cl_device_id device = nullptr;
  for (cl_platform_id platform : platforms) {
    cl_uint n = 0;
    if (clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 1, &device, &n) ==
            CL_SUCCESS &&
        n > 0)
      break;
    device = nullptr;
  }
  if (!device)
    return fail("no OpenCL device");

  cl_int err = CL_SUCCESS;
  cl_context context =
      clCreateContext(nullptr, 1, &device, nullptr, nullptr, &err);
  if (err != CL_SUCCESS)
    return fail(clError("clCreateContext", err));
  const char *text = source.c_str();
  size_t length = source.size();
  cl_program program =
      clCreateProgramWithSource(context, 1, &text, &length, &err);
  if (err != CL_SUCCESS)
    return fail(clError("clCreateProgramWithSource", err));

  err = clBuildProgram(program, 1, &device, options.c_str(), nullptr, nullptr);
  size_t logSize = 0;
  clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, nullptr,
                        &logSize);
  std::string log(logSize, '\0');
  if (logSize)
    clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, logSize,
                          &log[0], nullptr);
  if (err != CL_SUCCESS) {
    std::cerr << "octet-clcheck: clBuildProgram failed (" << err
              << ") with options '" << options << "' for '" << path
              << "'; build log:\n"
              << log << "\n";
    return 1;
  }

  cl_uint numKernels = 0;
  err = clCreateKernelsInProgram(program, 0, nullptr, &numKernels);
  if (err != CL_SUCCESS)
    return fail(clError("clCreateKernelsInProgram", err), 1);
  std::vector<cl_kernel> kernels(numKernels);
  clCreateKernelsInProgram(program, numKernels, kernels.data(), nullptr);
  std::vector<std::string> lines;
  for (cl_kernel kernel : kernels) {
    char name[256] = {0};
    clGetKernelInfo(kernel, CL_KERNEL_FUNCTION_NAME, sizeof(name) - 1, name,
                    nullptr);
    cl_uint numArgs = 0;
    clGetKernelInfo(kernel, CL_KERNEL_NUM_ARGS, sizeof(numArgs), &numArgs,
                    nullptr);
    size_t wg[3] = {0, 0, 0};
    clGetKernelWorkGroupInfo(kernel, device, CL_KERNEL_COMPILE_WORK_GROUP_SIZE,
                             sizeof(wg), wg, nullptr);
    std::ostringstream line;
    line << "kernel " << name << " args=" << numArgs
         << " reqd_work_group_size=" << wg[0] << "," << wg[1] << "," << wg[2];
    lines.push_back(line.str());
    clReleaseKernel(kernel);
  }
  std::sort(lines.begin(), lines.end());
  for (const std::string &line : lines)
    std::cout << line << "\n";
  clReleaseProgram(program);
  clReleaseContext(context);
  return 0;
}
