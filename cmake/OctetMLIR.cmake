# Finds LLVM/MLIR 22 and sets up TableGen and the flags the compiler half needs.
#
# Everything links the shared libMLIR.so / libLLVM.so that Debian ships (fast
# links, small tools); never mix them with the static component libraries.

find_package(MLIR REQUIRED CONFIG
  HINTS /usr/lib/llvm-22/lib/cmake/mlir)
message(STATUS "Using MLIR from ${MLIR_DIR}")
list(APPEND CMAKE_MODULE_PATH "${MLIR_CMAKE_DIR}" "${LLVM_CMAKE_DIR}")
include(TableGen)
include(AddLLVM)
include(AddMLIR)

set(LLVM_TABLEGEN_EXE "${LLVM_TOOLS_BINARY_DIR}/llvm-tblgen")
set(MLIR_TABLEGEN_EXE "${LLVM_TOOLS_BINARY_DIR}/mlir-tblgen")
set(OCTET_LLVM_TOOLS_DIR "${LLVM_TOOLS_BINARY_DIR}")

# mlir_tablegen() passes the directory's include paths to mlir-tblgen.
include_directories(SYSTEM ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})

separate_arguments(OCTET_LLVM_DEFINITIONS NATIVE_COMMAND "${LLVM_DEFINITIONS}")
add_library(OctetMLIRDeps INTERFACE)
target_include_directories(OctetMLIRDeps SYSTEM INTERFACE
  ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
target_compile_definitions(OctetMLIRDeps INTERFACE ${OCTET_LLVM_DEFINITIONS})
target_link_libraries(OctetMLIRDeps INTERFACE MLIR LLVM)

# Directory for generated docs (add_mlir_doc).
set(MLIR_BINARY_DIR "${CMAKE_BINARY_DIR}")

# octet_add_library(<name> <sources...> [LINK_LIBS <libs...>] [DEPENDS <tgts>])
# A compiler-side library: MLIR/LLVM headers and libMLIR.so are implied.
function(octet_add_library name)
  cmake_parse_arguments(ARG "" "" "LINK_LIBS;DEPENDS" ${ARGN})
  add_library(${name} STATIC ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PUBLIC OctetMLIRDeps ${ARG_LINK_LIBS})
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
endfunction()
