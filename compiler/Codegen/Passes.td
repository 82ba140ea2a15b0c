//===- Passes.td - Octet's code generation passes ----------*- tablegen -*-===//
//
// Passes that take bufferized parallel loops to outlined GPU kernels. Most of
// the work is done by upstream passes; these fill the gaps between them.
//
//===----------------------------------------------------------------------===//
#ifndef OCTET_COMPILER_CODEGEN_PASSES
#define OCTET_COMPILER_CODEGEN_PASSES

include "mlir/Pass/PassBase.td"

def InterchangeReductionsInnermost
    : Pass<"octet-interchange-reductions-innermost", "mlir::func::FuncOp"> {
  let summary = "Reorder linalg.generic loops so reductions are innermost";
  let description = [{
    Interchanges the iteration space of every `linalg.generic` so that all
    parallel dimensions come first (in their original order) and reduction
    dimensions last. After `convert-linalg-to-parallel-loops` each reduction
    then becomes an `scf.for` inside the `scf.parallel` of its parallel
    dimensions, i.e. inside one GPU thread, instead of a host-side loop around
    a parallel loop (a softmax along axis 0, for instance).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def FuseElementwise : Pass<"octet-fuse-elementwise", "mlir::func::FuncOp"> {
  let summary = "Fuse elementwise producers without recomputing them";
  let description = [{
    Upstream's elementwise fusion (`populateElementwiseOpsFusionPatterns`,
    reshape folding by expansion, constant folding of linalg ops) with a
    cost rule of Octet's. Named contractions and convolutions (MatMul, Conv,
    ...) are generalized to `linalg.generic` first, then a single-use
    elementwise producer is fused into its consumer when:

    - the consumer is elementwise too (every loop parallel): each element is
      still computed once; or
    - the producer widens its main input (FP8 or bf16 weights dequantized to
      f32, an integer tensor converted to float): the consumer then reads
      the narrow data and widens it in registers, moving fewer bytes for the
      price of a conversion per read;
    - the producer only rounds an f32 tensor to bf16 (a model input cast for
      the bf16 MatMul or Conv that reads it): the consumer widens each
      element right back, and inside one kernel that pair cancels
      (`octet-widen-bf16-arithmetic`), so the consumer reads the f32 input,
      without a kernel and a pass over memory for the cast (the MLP's and
      ViT's first layers).

    Any other producer of a reduction's operand keeps its own kernel:
    fusing it would recompute it once per output that reads the element
    (a GELU before a MatMul, once per output column).

    A widening producer read only by `tensor.extract` (a Gather from an FP8
    or bf16 embedding table) is computed at the extract, for the one element
    read, from its inputs: the table is no longer dequantized whole, by a
    kernel of its own, on every run.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::affine::AffineDialect",
                           "mlir::tensor::TensorDialect"];
}

def MarkInputsReadOnly
    : Pass<"octet-mark-inputs-read-only", "mlir::func::FuncOp"> {
  let summary = "Forbid bufferization from writing into model inputs";
  let description = [{
    Sets `bufferization.writable = false` on every tensor argument of the
    function, so that One-Shot Bufferize never reuses a model input's buffer
    for a result. Inputs then stay exactly what the caller provided for the
    whole run (the artifact verifier rejects plans that write into them).
  }];
  let dependentDialects = ["mlir::bufferization::BufferizationDialect"];
}

def PromoteLoopAccumulators
    : Pass<"octet-promote-loop-accumulators", "mlir::func::FuncOp"> {
  let summary = "Keep reduction accumulators in registers across scf.for";
  let description = [{
    Loop lowering turns a reduction into an `scf.for` that loads the
    accumulator from memory, combines it and stores it back on every
    iteration. When the loaded and stored element is the same (same memref
    value, same loop-invariant indices) and nothing else in the loop touches
    the buffer it belongs to (buffers are told apart by their root: an
    allocation, a global or a function argument, through views), the load is
    moved before the loop, the value is carried as an `iter_args` operand, and
    the store is moved after the loop. One load and one store per reduction
    instead of one each per iteration.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect"];
}

def DuplicateSharedFills
    : Pass<"octet-duplicate-shared-fills", "mlir::func::FuncOp"> {
  let summary = "Give every accumulator its own linalg.fill, and every "
                "epilogue its own tensor.empty";
  let description = [{
    CSE merges identical `linalg.fill`s, so two reductions that start from
    the same value (the mean and the variance of a LayerNormalization) share
    one filled tensor as their destination. One-shot bufferization then
    fills one buffer and copies it for the other reduction (a `memref.copy`
    between the loops, which keeps them apart and keeps the fill from being
    folded). This pass gives every destination use of a shared fill its own
    clone of the fill (and of its `tensor.empty`) just before its user,
    before bufferization, and erases the shared fill: each reduction then
    writes its own buffer in place, and `octet-fold-accumulator-fills` folds
    every fill into its reduction. (The shared fill may be far from all but
    one of its users: a transformer's second layer's Softmax had started
    from a buffer the first layer filled, one more kernel per layer.)

    CSE merges identical `tensor.empty`s too, and bufferization then lets
    an elementwise op that reads a reduction's result (an epilogue: a bf16
    rounding of a MatMul's f32 sums) write into the buffer of an unrelated
    op that shares its `tensor.empty` and is dead by then (attention's
    Softmax, which the MatMul reads along whole rows). Loop fusion cannot
    merge such an epilogue with its reduction: another thread would
    overwrite what this one still reads. Each epilogue's destination
    therefore gets its own `tensor.empty` here (the execution plan, not
    bufferization, decides which buffers share memory).
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def PadInProducers : Pass<"octet-pad-in-producers", "mlir::func::FuncOp"> {
  let summary = "Let producers write into zero-padded buffers instead of "
                "copying into them";
  let description = [{
    A padded Conv or MaxPool reads a copy of its input with a border of the
    padding value (`tensor.pad`), so that its windows need no bounds checks
    and vectorize. Copying into that border costs a kernel that reads with a
    clamped index and a select per element: scalar, with a division per
    index. This pass rewrites each `tensor.pad` whose source is computed by
    a chain of linalg ops starting from a `tensor.empty` (a Conv's epilogue,
    an activation) as a `linalg.fill` of the padded tensor with the padding
    value, the chain writing into the fill's interior (`tensor.extract_slice`
    as its destination) and a `tensor.insert_slice` of the result back.
    One-shot bufferization then writes the producer's results straight into
    the padded buffer; the copy becomes a fill, which vectorizes, and after
    `octet-fold-subview-accesses` the producer's stores index the padded
    buffer.

    The padded value may have other readers that read its elements (a
    residual connection's Add, as a linalg input or through
    `tensor.extract`): they read the padded buffer's interior. A pad whose
    source has no such chain (a model input, a value also returned) becomes
    one `linalg.generic` that gathers each element from its clamped source
    position and selects the padding value outside.
    Pads must have static shapes, static amounts and a constant value.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def PermuteConstants : Pass<"octet-permute-constants", "mlir::ModuleOp"> {
  let summary = "Lay out weights with the dimension that outputs index last";
  let description = [{
    A constant `memref.global` whose every read is indexed by one output (a
    `memref.load` in a kernel loop with exactly one index that depends on
    the kernel loop's induction variables, that index one of them, at the
    same position in every read) is rewritten with the dimension of that
    index moved last, at compile time: a convolution's filter
    `[M, C, kH, kW]` becomes `[C, kH, kW, M]`, a Gemm's transposed
    right-hand side `[N, K]` becomes `[K, N]`, a per-channel scale
    `[C, 1, 1]` becomes `[1, 1, C]` (the same data). Its reads index the
    new layout.

    Neighbouring outputs along that dimension then read neighbouring weights:
    a kernel whose innermost output dimension is too short to vectorize (a
    convolution on 7x7 or 14x14 pixels) can compute a vector of output
    channels instead, each step of its reduction loading one contiguous
    vector of weights (`octet-select-lowering-configs`' `vector_dim`).

    The pass runs before the targets' pipelines, so every target of an
    artifact reads the same constants (an artifact carries them once). A
    constant that is also read otherwise (an embedding table that is
    gathered from and multiplied with) keeps its layout.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def FoldSubviewAccesses
    : Pass<"octet-fold-subview-accesses", "mlir::func::FuncOp"> {
  let summary = "Index loads and stores through a subview into its source";
  let description = [{
    After `octet-pad-in-producers`, a producer's loop stores into a
    `memref.subview` (the interior of a padded buffer), which neither the
    execution plan nor the kernels' emitters take as a buffer. This pass
    rewrites every `memref.load` and `memref.store` through a subview as the
    access to the subview's source at the offset, scaled indices
    (`affine.apply`), leaving the subview dead. Unlike upstream's
    `fold-memref-alias-ops` it leaves reshapes alone: folding an
    `expand_shape` or a `collapse_shape` into its accesses linearizes their
    indices, which kept BERT's row fusion from matching its loops (31 kernels
    became 37).
  }];
  let dependentDialects = ["mlir::affine::AffineDialect",
                           "mlir::memref::MemRefDialect"];
}

def FoldAccumulatorFills
    : Pass<"octet-fold-accumulator-fills", "mlir::func::FuncOp"> {
  let summary = "Start reductions from the fill's value instead of a kernel "
                "that writes it";
  let description = [{
    A MatMul, Conv or reduction lowers to two loops: one that fills the
    output buffer with the reduction's initial value (zero, -inf) and one
    that loads each element as the accumulator's start, reduces and stores
    it back. When the second loop directly follows the first (nothing in
    between touches memory), has the same iteration space, reads the buffer
    only at the element of its own iteration and stores that element
    unconditionally, the load is replaced by the fill value and the fill
    loop is erased: one kernel less and one pass over the buffer less.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect"];
}

def FuseParallelLoops
    : Pass<"octet-fuse-parallel-loops", "mlir::func::FuncOp"> {
  let summary = "One kernel for adjacent loops over the same elements";
  let description = [{
    Upstream's `naivelyFuseParallelOps` merges adjacent `scf.parallel` loops
    with the same iteration space when the second reads what the first
    writes only at the element of its own iteration: a MatMul and the bias
    and activation after it, the steps of an elementwise chain that fusion
    on tensors kept apart. Octet supplies the aliasing rule: memrefs alias
    only when they are views of the same buffer (the same allocation,
    function argument or global), which is what the execution plan gives
    each of them. In each merged body a load of an element that the body
    stored before (nothing written in between; the same memref and indices,
    or two reshapes of one buffer whose indices give the same offset in it)
    then reads the stored value instead. A loop that no longer reads what it
    writes may then get partial thread tiles (see
    `octet-select-lowering-configs`). One launch and one
    round trip through memory less per merge.

    Then row fusion merges adjacent loops that agree on their leading
    dimensions (the rows) but not on the rest, such as the steps of a
    Softmax or a LayerNormalization: a reduction over each row (rows as its
    only parallel dimensions) and the elementwise loop over rows and columns
    that uses its result. The merged loop runs over the rows; each iteration
    does the first loop's work for its row, then the second's, whose extra
    dimensions become `scf.for` loops. It is done when every buffer the two
    loops share, with a write on either side, is addressed in both by the
    row's own indices first (so no row reads what another row writes), the
    second loop reads something the first writes, the loop that loses its
    inner dimensions is elementwise with at most 4096 elements per row, and
    there are at least 8 rows. Views, constants and allocations between the
    two loops move above the first. A Softmax then takes one kernel instead
    of four.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect"];
}

def SimplifyMath : Pass<"octet-simplify-math", "mlir::func::FuncOp"> {
  let summary = "Compute powers with constant exponents without pow";
  let description = [{
    Applies upstream MLIR's algebraic simplification of `math` ops
    (`populateMathAlgebraicSimplificationPatterns`): `powf` with a constant
    exponent of 2 or 3 becomes a product, -1 a division, 0.5 and -0.5 a
    (reciprocal) square root, 0.75 a product of square roots, and `fpowi`
    with a constant exponent up to 8 in magnitude a product. GPT-2's GELU
    (`x + 0.044715 x^3`) then costs two multiplications instead of a `pow`,
    which OpenCL computes through `exp2(y log2 x)` (on PoCL's CPU device it
    was two thirds of a fused MatMul + GELU kernel's time).

    The products round differently from a correctly rounded `pow` (by an
    ulp or two), and `sqrt` gives NaN where `pow(-inf, 0.5)` gives +inf.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::math::MathDialect",
                           "mlir::vector::VectorDialect"];
}

def FuseMultiplyAdd : Pass<"octet-fuse-multiply-add", "mlir::func::FuncOp"> {
  let summary = "Compute an f32 product added to a value as one fused "
                "multiply-add";
  let description = [{
    Marks every f32 `arith.mulf` and `arith.addf` (scalars and vectors) as
    contractible (`fastmath<contract>`) and applies upstream MLIR's
    `populateUpliftToFMAPatterns`: an `addf` of a `mulf` becomes `math.fma`
    (the multiplication is repeated into each `fma` where its product has
    several uses, and erased once it has none). The OpenCL C emitter writes a
    contractible `math.fma` as the one expression `a * b + c`, which OpenCL C
    contracts into the device's fused multiply-add (FP_CONTRACT is on by
    default) and computes as a multiply and an add on a device without one
    (`fma()` would be a slow exact software routine there); the CUDA backend
    emits `fma.rn.f32`.

    Each kernel's C statement held one op, so clang (which contracts only
    within an expression) compiled a MatMul's `acc + a * b` as a multiply and
    an add: two instructions per multiply-accumulate where the device has
    one. A fused multiply-add rounds once instead of twice (a
    result may differ from the unfused one by an ulp), as onnxruntime's and
    cuBLAS's kernels compute.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::math::MathDialect"];
}

def UnrollWindowLoops
    : Pass<"octet-unroll-window-loops", "mlir::func::FuncOp"> {
  let summary = "Fully unroll a kernel's short innermost loops whose steps "
                "load the same bf16/f16 elements";
  let description = [{
    Inside every outermost `scf.parallel` (a kernel's loop nest), unrolls each
    innermost `scf.for` (one with no loop in its body) whose trip count is a
    constant of at most `max-trip-count` and whose steps load the same
    element of a float narrower than 32 bits, with upstream's
    `mlir::loopUnrollFull`; the copies' index arithmetic is then folded
    (arith's folders and canonicalizations, on the unrolled code only: a
    full canonicalization would fold the kernels' single-iteration loops
    away before they are mapped to the GPU).

    A thread tile of 8 pixels of a 3x3 convolution reads, per step of the
    window's 3-wide loop, the 8 input elements under it: the three steps read
    10 distinct elements 24 times. Each read of a bf16 element is a load, a
    shift and a broadcast; unrolled, the repeated reads have the same
    indices and are shared (CSE after this pass, clang's or LLVM's GVN in the
    backends). Two loads share an element across steps when their indices are
    equal but for one, where both add the induction variable to the same
    values and their constants differ by a nonzero multiple of the step
    within the loop's span. On PoCL the zoo ResNet's widest bf16
    convolution kernel went from 25.7 to 17.2 µs. Loops whose steps share no
    narrow load stay loops: f32 elements loaded again cost nothing there (the
    load folds into the multiply-add's broadcast), and unrolling measured
    neutral for f32, up to 8 % slower for FP8 weights and 28 % slower for a
    strided bf16 stem convolution.
  }];
  let options = [Option<"maxTripCount", "max-trip-count", "int64_t", "3",
                        "The most steps of a loop that is unrolled">];
  let dependentDialects = ["mlir::scf::SCFDialect"];
}

def WidenBF16Arithmetic
    : Pass<"octet-widen-bf16-arithmetic", "mlir::func::FuncOp"> {
  let summary = "Compute bf16 values in f32 inside a kernel and round them "
                "where they are stored";
  let description = [{
    No target Octet emits for computes in bf16 (PoCL has no bf16 arithmetic;
    CUDA's bf16 instructions round each result): bf16 ops ran as f32 ops
    rounded to bf16 after every one, up to nine roundings (each a few
    integer ops per element) in a GPT-2 GELU epilogue. This pass, run on the
    fused loops, rewrites every bf16 arith and math op as its f32 form
    between `arith.extf` and `arith.truncf` (upstream's
    `populateEmulateUnsupportedFloatsPatterns` and
    `populateExtendToSupportedTypesPatterns`), then removes each
    `arith.extf` of an `arith.truncf` from f32, using the f32 value, unless
    the bf16 value is also stored: a tensor that other kernels read has one
    value, rounded, for all its readers, including those fused into the
    kernel that produces it (a widening copy for an f32 op after it). A value
    is then rounded to bf16 where it is stored (between kernels, at the
    model's outputs) or carried as bf16 (a loop's bf16 iteration argument),
    not between the ops of one kernel: the "excess precision" that XLA
    allows by default, so a fused chain of bf16 ops is at least as accurate
    as the same ops run one kernel each.

    A min/max op (`arith.maximumf`, `minimumf`, `maxnumf`, `minnumf`) of two
    widened bf16 values whose result is rounded back to bf16 stays a bf16 op:
    its result is one of its operands, so the rounding has nothing to round
    (the values are the same). A bf16 max pool had rounded its running
    maximum at every step of its window (on PoCL its kernel took 22.0 µs,
    now 13.1); CUDA has a native `max.NaN.bf16` on sm_80 and later. A
    min/max of an f32 value (an unrounded result) stays f32.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::math::MathDialect"];
}

def SelectLoweringConfigs
    : Pass<"octet-select-lowering-configs", "mlir::func::FuncOp"> {
  let summary = "Choose, per kernel, how its work is split over threads";
  let description = [{
    Records on every outermost `scf.parallel` of a function (one future
    kernel each) an `octet.lowering_config` dictionary that the passes after
    it read:

    - `kind`: `"contraction"` when the loop body reduces in an `scf.for`
      (MatMul, Gemm, Conv, pooling and reductions after loop lowering),
      else `"elementwise"`;
    - `thread_tile`: per parallel dimension, how many consecutive outputs one
      thread computes (`octet-tile-to-threads`); along the dimension of the
      vectors, how many consecutive vectors;
    - `vector_width`: how many consecutive outputs of the innermost dimension
      one thread computes as one vector (`octet-vectorize-innermost`; 1 for
      scalar code);
    - `vector_dim` (only where it is not the innermost): the dimension of
      those vectors.

    A contraction gets a thread tile along one dimension that some operand of
    the reduction is reused across: the outermost parallel dimension (never
    the innermost, whose neighbouring threads read neighbouring elements,
    unless the vectors run along another dimension: then the innermost
    first) that a load inside the reduction loop does not depend on, e.g.
    the rows of a MatMul, whose right-hand side every row reads. A dimension
    that an FP8 or bf16 load (only widened) is reused across comes before
    the others, so that each weight is widened once per tile. The tile is
    the largest up to `max-thread-tile` that divides the dimension's static
    trip count, so no thread needs bounds checks (7 for a row of 14 pixels).
    Where the loop loads no buffer it stores to, the tile may also leave a
    last tile that repeats at most an eighth of the outputs, if that gives a
    larger one (a ViT's 17 tokens: 6, three tiles, the last one's extra
    output clamped to the last row).
    Without it each thread would compute one row, and an FP8 weight would be
    widened once per row. The target chooses `max-thread-tile`
    (TargetBackend::codegenInfo): the registers a thread can spend on
    accumulators.

    Any loop gets a vector width when its innermost dimension can be
    vectorized: every access along it is along the last index of the memref,
    contiguous for writes and with a stride of 1 or 2 for reads (a
    convolution or pooling with stride 2), the values that depend on it are f32 or bf16 (and
    8-bit floats that are only loaded and widened to f32) and it decides no
    control flow. The width
    is the largest power of two up to `vector-width` (at least 4) that
    divides the dimension's static trip count. The target chooses
    `vector-width`: the lanes of its vector registers, or 1 where threads
    are scalar (CUDA). A contraction gets its vectors along another
    dimension (`vector_dim`) where that allows wider ones (the innermost
    wins ties): reads along it contiguous (a filter laid out with its output
    channels last by `octet-permute-constants`) or, outside the reduction
    loops, gathered; writes one lane at a time. A convolution on 7×7 pixels
    thus computes 16 output channels per thread instead of one output.

    Where a bf16 load inside the reduction loop, only widened, reads the same
    element for every lane of the vectors (a bf16 activation broadcast
    against a filter's output channels, a bf16 row against a weight's
    columns), the thread computes up to `max-vector-tile` consecutive vectors
    (the most that divides the number of vectors along the dimension) and its
    other tile is at most `max-thread-tile` divided by that count: each
    broadcast element costs a load, a shift and a move in bf16 (an f32 one
    folds into the multiply-add) and then feeds that many vectors, for the
    same number of accumulators.

    With `square-workgroups`, a contraction with a thread tile along one
    dimension and vectors along another also gets a `workgroup_tile`: the
    threads of one work-group along each dimension, counted after thread
    tiling, `workgroup-size` of them in a block as nearly square as divides
    the threads along the tile's and the vectors' dimensions (8 x 8 for 64),
    1 along the others (`octet-map-parallel-loops-to-gpu`). A work-group of
    a MatMul then reads 8 thread tiles' rows of the left-hand side and 8
    vectors' columns of the right-hand side instead of 1 and 64, so that
    what it reads stays in cache (PoCL, MatMul 2048³: 248-326 to 191-196 ms
    of device time). A block whose longer side is more than four times its
    shorter is not taken; `octet-map-parallel-loops-to-gpu` may still fall
    back to the 1-D mapping (too few blocks for `min-workgroups`).

    A loop that already carries `octet.lowering_config` keeps it, so a test
    or a user can force a configuration.
  }];
  let options = [
    Option<"workgroupSize", "workgroup-size", "int64_t", /*default=*/"64",
           "Threads per block (work-items per work-group)">,
    Option<"squareWorkgroups", "square-workgroups", "bool", /*default=*/"false",
           "Give contractions a square block of threads per work-group">,
    Option<"maxThreadTile", "max-thread-tile", "int64_t", /*default=*/"8",
           "The most outputs one thread computes along a reused dimension">,
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"1",
           "The most lanes of a vector along the innermost dimension">,
    Option<"maxVectorTile", "max-vector-tile", "int64_t", /*default=*/"1",
           "The most vectors one thread computes where a bf16 operand is "
           "broadcast across them">,
  ];
  let dependentDialects = ["mlir::scf::SCFDialect"];
}

def TileToThreads : Pass<"octet-tile-to-threads", "mlir::func::FuncOp"> {
  let summary = "Give each thread a tile of outputs, with shared loads";
  let description = [{
    For every outermost `scf.parallel` whose `octet.lowering_config` has a
    `thread_tile` entry T > 1 on a dimension, multiplies that dimension's step
    by T, wraps the body in an `scf.for` over the T outputs of the tile, and
    unroll-and-jams that loop (upstream's `loopUnrollJamByFactor`): the
    thread's reduction loop then carries T accumulators and computes T
    outputs per iteration, and the loads that do not depend on the tiled
    dimension (a MatMul's right-hand side) appear once per iteration instead
    of T times (CSE merges them). Where T does not divide the trip count,
    the tile's indices past the last are clamped to it: the last tile's
    thread computes and stores the last output again, which is only allowed
    (else an error) when the loop loads no buffer it stores to.

    It runs after `octet-vectorize-innermost`, so a tile along the dimension
    of the vectors (whose step is then the vector width W) gives the thread T
    consecutive vectors, at offsets 0, W, ..., (T - 1) * W.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::scf::SCFDialect"];
}

def VectorizeInnermost
    : Pass<"octet-vectorize-innermost", "mlir::func::FuncOp"> {
  let summary = "Compute consecutive outputs of the innermost dimension (or "
                "of vector_dim) as one vector";
  let description = [{
    For every outermost `scf.parallel` whose `octet.lowering_config` has a
    `vector_width` W > 1, multiplies the innermost dimension's step (or that
    of `vector_dim`, where the config names one) by W and
    rewrites the body so that one thread computes the W consecutive outputs
    as `vector<W x f32>` (or bf16) values: loads and stores whose last index
    is the induction variable plus an invariant become `vector.load` /
    `vector.store` of W contiguous elements, a load at twice the induction
    variable plus an invariant two `vector.load`s of W elements (at the first
    lane's element and W - 1 further on, ending at the last lane's) and a
    `vector.shuffle` of their even and odd lanes, elementwise arithmetic on the
    values computed from them changes to the vector type (upstream ops are
    elementwise-mappable), accumulators carried by `scf.for` become vectors,
    and invariant operands (a MatMul's left-hand element, a constant) are
    `vector.broadcast`. A MatMul with a `thread_tile` of R rows thus keeps R
    vector accumulators and reads one vector of its right-hand side per step
    of K.

    Along a `vector_dim` other than the innermost, an access whose varying
    index is not its last is not contiguous: a store becomes W
    `vector.extract` + `memref.store` (one lane each, at the index plus the
    lane times its stride), and a load outside the loop's `scf.for` loops (an
    epilogue's residual) W `memref.load`s gathered by `vector.from_elements`;
    such a load inside a reduction loop is an error (it would be gathered at
    every step).

    Upstream's vectorizers work on linalg ops (`linalg::vectorize`) and affine
    loops (`affine-super-vectorize`); this pass runs later, on the scf loops
    that Octet's fusion passes produced, where each kernel is one loop nest.

    The loop must satisfy `octet-select-lowering-configs`' conditions (a
    unit-step innermost dimension with a static trip count that W divides,
    contiguous accesses, f32/bf16 data, no control flow decided per lane); a
    loop where they do not hold is an error that says which op breaks them.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::vector::VectorDialect"];
}

def MapParallelLoopsToGPU
    : Pass<"octet-map-parallel-loops-to-gpu", "mlir::func::FuncOp"> {
  let summary = "Tile outermost scf.parallel loops onto a 1-D GPU grid";
  let description = [{
    Prepares every outermost `scf.parallel` of a function for
    `convert-parallel-loops-to-gpu`: its dimensions are collapsed into one
    (row-major, so the innermost dimension varies fastest across neighbouring
    threads and memory accesses coalesce), the collapsed loop is tiled by the
    target's work-group size with guards instead of min/max bounds, and the
    tile loop is mapped to `block x` and the intra-tile loop to `thread x`.
    Nested `scf.parallel` loops are mapped to sequential execution. The
    work-group size is chosen by the target (see TargetBackend); a loop with
    a static trip count below it gets a block of exactly that many threads.
    A loop with a static trip count below `workgroup-size * min-workgroups`
    gets blocks of `ceil(trip count / min-workgroups)` threads instead, so
    that it still spans `min-workgroups` blocks: a CPU-shaped OpenCL device
    runs one work-group per core at a time, and a small kernel in one
    work-group would leave all cores but one idle.

    A loop whose `octet.lowering_config` has a `workgroup_tile` (threads per
    work-group along each dimension) is mapped by blocks instead, where every
    dimension has a static trip count that its entry divides, the entries'
    product is at most `workgroup-size` and the blocks number at least
    `min-workgroups`: the block loop enumerates the blocks of the grid of
    threads row-major and the thread loop the threads of one block
    row-major, each thread's indices recovered by division and remainder,
    with no guards (elsewhere the 1-D mapping above applies).

    Computation left at the top level of the function outside any
    `scf.parallel` (loads, stores, `scf.for` and the arithmetic between them,
    as produced for ops whose parallel dimensions are all of size one, or
    that have none) is wrapped into a one-iteration `scf.parallel` first, so
    that it runs on the device as a single-thread kernel.
  }];
  let options = [
    Option<"workgroupSize", "workgroup-size", "int64_t", /*default=*/"64",
           "Threads per block (work-items per work-group)">,
    Option<"minWorkgroups", "min-workgroups", "int64_t", /*default=*/"1",
           "The fewest blocks a loop with a static trip count is split into "
           "(smaller blocks where it has few threads)">,
  ];
  let dependentDialects = ["mlir::gpu::GPUDialect", "mlir::arith::ArithDialect",
                           "mlir::affine::AffineDialect", "mlir::scf::SCFDialect"];
}

def MergeGPUModules : Pass<"octet-merge-gpu-modules", "mlir::ModuleOp"> {
  let summary = "Merge outlined gpu.modules into one with unique kernel names";
  let description = [{
    `gpu-kernel-outlining` creates one `gpu.module` per kernel. This pass moves
    every kernel into a single `gpu.module @octet_kernels`, renames kernel
    `i` (in launch order) to `<host function>_dispatch_<i>` and updates the
    `gpu.launch_func` operations, so that each target compiles one module and
    the runtime builds one program per executable.
  }];
  let dependentDialects = ["mlir::gpu::GPUDialect"];
}

def ExpandFloat8 : Pass<"octet-expand-float8"> {
  let summary = "Rewrite f8E4M3FN/f8E5M2 conversions as integer arithmetic";
  let description = [{
    Replaces `arith.extf` from and `arith.truncf` to `f8E4M3FN` and `f8E5M2`
    (from and to `f32`; the lowering to linalg routes every other conversion
    through f32) with 32-bit integer operations on the bit patterns, and
    scalar 8-bit float constants with `i8` constants. 8-bit float values are
    then only loaded, stored, selected and `arith.bitcast` to `i8`, which
    every target can do: FP8 stays one byte in memory and the arithmetic is
    done in f32. Upstream's `arith-expand` covers bf16, f8E8M0 and f4E2M1
    but not these two formats.

    The results are those of `ml_dtypes` (and of `APFloat`, so constant
    folding agrees with the kernels): `truncf` rounds to nearest even,
    subnormals included; a magnitude beyond the largest finite value
    becomes NaN for E4M3FN (which has no infinity) and infinity for E5M2;
    NaN becomes the format's NaN with the input's sign (0x7F / 0x7E).
    Saturation, where a model asks for it, is a clamp before the `truncf`.
    `extf` is exact; NaN becomes the quiet f32 NaN with its sign. It moves
    the magnitude's bits into f32's exponent and mantissa fields and scales
    by 2^(127 - bias), one multiplication by a power of two (8-bit
    subnormals pass through f32 subnormals, which the targets keep: no
    flush-to-zero in OpenCL C without -cl-denorms-are-zero, nor in PTX
    without .ftz).

    Any other arith op left on 8-bit floats is an error: there is no FP8
    arithmetic (targets with FP8 instructions rewrite the conversions before
    this pass runs). The exception is `extf` from a vector of 8-bit floats to
    f32 (`octet-vectorize-innermost` makes them where a target asks for
    vectors): it is left to that target's code generator, which widens each
    lane with the same arithmetic (the OpenCL C emitter's
    `octet_extf_<format>_floatN` helpers).
    `test/Codegen/expand-float8-exhaustive.test` checks every code and the
    f32 edge cases against `ml_dtypes` bit for bit.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def ApproximateMath : Pass<"octet-approximate-math"> {
  let summary = "Rewrite transcendental math ops as plain arithmetic";
  let description = [{
    Replaces `math` ops that a target would otherwise have to call a vendor
    math library for (CUDA's libdevice, for instance) with arithmetic, using
    upstream MLIR's rewrites:

    - polynomial approximations (`populateMathPolynomialApproximationPatterns`)
      of `exp`, `expm1`, `log`, `log2`, `log1p`, `tanh`, `erf`, `erfc`, `sin`,
      `cos`, `asin`, `acos`, `atan`, `atan2` and `cbrt`;
    - expansions (`math::populateExpansionPatterns`) of `sinh`, `cosh`, `tan`,
      `asinh`, `acosh`, `atanh`, `exp2`, `powf` and `fpowi` into the functions
      above;
    - f16 and bf16 forms of all of these are computed in f32
      (`populateMathF32ExpansionPatterns`).

    What is left are ops every GPU has an instruction for (`sqrt`, `rsqrt`,
    `absf`, `floor`, `ceil`, `fma`, `copysign`, rounding), which targets lower
    natively. The result depends on nothing installed on the machine, and is
    the same arithmetic on every target that runs this pass. `asinh` uses
    Octet's own log1p form (upstream's expansion cancels for negative
    inputs) and `powf` Octet's own signed form (upstream's gives NaN for
    every negative base, even with an integer exponent). The accuracy of every function but `atan2`, `powf` and `fpowi`
    against a float64 reference is measured by
    `test/Codegen/approximate-math-accuracy.test` and listed in
    docs/architecture.md.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::math::MathDialect",
                           "mlir::vector::VectorDialect"];
}

#endif // OCTET_COMPILER_CODEGEN_PASSES
