//===- octet-translate.cpp - Octet's translations -------------------------===//
//
// mlir-translate for Octet:
//   --import-onnx        ONNX model (binary or protobuf text) -> graph dialect
//   --serialize-<target> every gpu.module of the input -> that target's code
//                        (OpenCL C, PTX), as the artifact would carry it
// Used by lit tests of the importer and of each backend's code generation.
//
//===----------------------------------------------------------------------===//
#include "compiler/Input/ONNX/ONNXImporter.h"
#include "compiler/tools/Init/InitOctet.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"

#include <deque>

using namespace mlir;

static llvm::cl::opt<std::string>
    cudaArch("cuda-arch",
             llvm::cl::desc("CUDA architecture for "
                            "--serialize-cuda (default sm_90)"),
             llvm::cl::init("sm_90"));

static llvm::cl::opt<bool> debugDiagnostics(
    "debug-diagnostics",
    llvm::cl::desc("Attach the operation an error is about (in generic MLIR "
                   "form) and a stack trace to every diagnostic"));

/// Registers --serialize-<name> for every built-in backend.
static void registerSerializeTranslations() {
  for (const std::unique_ptr<octet::TargetBackend> &backend :
       octet::getTargetBackends()) {
    octet::TargetBackend *target = backend.get();
    // The registry keeps StringRefs: the strings must outlive main().
    static std::deque<std::string> strings;
    const std::string &flag =
        strings.emplace_back(("serialize-" + target->name()).str());
    const std::string &description = strings.emplace_back(
        ("Serialize each gpu.module with the '" + target->name() + "' backend")
            .str());
    TranslateFromMLIRRegistration(
        flag, description,
        [target](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
          octet::configureDiagnostics(*op->getContext(), debugDiagnostics);
          octet::TargetOptions options;
          options.cudaArch = cudaArch;
          bool any = false;
          for (Region &region : op->getRegions())
            for (Block &block : region)
              for (auto module : block.getOps<gpu::GPUModuleOp>()) {
                any = true;
                FailureOr<octet::SerializedExecutable> code =
                    target->serialize(module, options);
                if (failed(code))
                  return failure();
                os << code->code;
              }
          if (!any)
            return op->emitError("no gpu.module to serialize");
          return success();
        },
        [](DialectRegistry &registry) {
          octet::registerOctetDialects(registry);
        });
  }
}

int main(int argc, char **argv) {
  octet::registerONNXImportTranslation();
  registerSerializeTranslations();
  return failed(mlirTranslateMain(argc, argv, "Octet translation tool"));
}
