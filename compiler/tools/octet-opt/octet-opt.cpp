//===- octet-opt.cpp - mlir-opt for Octet's dialects and passes -----------===//
//
// Runs any of Octet's passes and pipelines (and upstream MLIR's) on MLIR
// input: the tool behind the lit tests of every compilation stage.
//
//===----------------------------------------------------------------------===//
#include "compiler/tools/Init/InitOctet.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  octet::registerOctetDialects(registry);
  octet::registerOctetPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Octet optimizer driver\n", registry));
}
