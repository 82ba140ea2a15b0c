"""The end-to-end test models, shared by the OpenCL and CUDA tests.

Each builder returns (name, model, feeds). Weights and inputs come from a
seeded generator, so every run checks the same numbers.
"""
import ml_dtypes
import numpy as np
import onnx
from onnx import helper

from e2e_util import initializer, initializer_int64, make_model, rand, tensor_info


def mlp(rng):
    """Gemm -> Relu -> Gemm (transB, alpha, beta) -> Softmax."""
    batch, d_in, hidden, d_out = 8, 64, 128, 10
    nodes = [
        helper.make_node("Gemm", ["x", "w1", "b1"], ["h"], name="fc1"),
        helper.make_node("Relu", ["h"], ["a"], name="relu"),
        helper.make_node("Gemm", ["a", "w2", "b2"], ["logits"], name="fc2",
                         transB=1, alpha=0.5, beta=2.0),
        helper.make_node("Softmax", ["logits"], ["y"], name="softmax", axis=-1),
    ]
    inits = [
        initializer("w1", rand(rng, d_in, hidden, scale=0.2)),
        initializer("b1", rand(rng, hidden)),
        initializer("w2", rand(rng, d_out, hidden, scale=0.2)),
        initializer("b2", rand(rng, d_out)),
    ]
    model = make_model(nodes, [tensor_info("x", [batch, d_in])],
                       [tensor_info("y", [batch, d_out])], inits, opset=13,
                       name="mlp")
    return "mlp", model, {"x": rand(rng, batch, d_in)}


def attention(rng):
    """One self-attention block: projections, head split by Reshape and
    Transpose, batched MatMul with a broadcast mask, Softmax, merge heads."""
    batch, seq, model_dim, heads = 2, 16, 32, 4
    head_dim = model_dim // heads
    nodes = [
        helper.make_node("MatMul", ["x", "wq"], ["q"], name="q_proj"),
        helper.make_node("MatMul", ["x", "wk"], ["k"], name="k_proj"),
        helper.make_node("MatMul", ["x", "wv"], ["v"], name="v_proj"),
        helper.make_node("Reshape", ["q", "split_shape"], ["q4"], name="q_split"),
        helper.make_node("Reshape", ["k", "split_shape"], ["k4"], name="k_split"),
        helper.make_node("Reshape", ["v", "split_shape"], ["v4"], name="v_split"),
        helper.make_node("Transpose", ["q4"], ["qh"], name="q_heads", perm=[0, 2, 1, 3]),
        helper.make_node("Transpose", ["k4"], ["kt"], name="k_heads", perm=[0, 2, 3, 1]),
        helper.make_node("Transpose", ["v4"], ["vh"], name="v_heads", perm=[0, 2, 1, 3]),
        helper.make_node("MatMul", ["qh", "kt"], ["scores"], name="qk"),
        helper.make_node("Div", ["scores", "scale"], ["scaled"], name="scale"),
        helper.make_node("Add", ["scaled", "mask"], ["masked"], name="mask"),
        helper.make_node("Softmax", ["masked"], ["probs"], name="softmax", axis=-1),
        helper.make_node("MatMul", ["probs", "vh"], ["ctx"], name="pv"),
        helper.make_node("Transpose", ["ctx"], ["ctx_t"], name="merge_t", perm=[0, 2, 1, 3]),
        helper.make_node("Reshape", ["ctx_t", "merge_shape"], ["merged"], name="merge"),
        helper.make_node("MatMul", ["merged", "wo"], ["y"], name="o_proj"),
    ]
    causal = np.triu(np.full((seq, seq), -1e4, dtype=np.float32), k=1)
    inits = [
        initializer("wq", rand(rng, model_dim, model_dim, scale=0.2)),
        initializer("wk", rand(rng, model_dim, model_dim, scale=0.2)),
        initializer("wv", rand(rng, model_dim, model_dim, scale=0.2)),
        initializer("wo", rand(rng, model_dim, model_dim, scale=0.2)),
        initializer("scale", np.float32(np.sqrt(head_dim))),
        initializer("mask", causal.reshape(1, 1, seq, seq)),
        onnx.numpy_helper.from_array(
            np.array([0, 0, heads, head_dim], dtype=np.int64), "split_shape"),
        onnx.numpy_helper.from_array(np.array([0, 0, -1], dtype=np.int64),
                                     "merge_shape"),
    ]
    model = make_model(nodes, [tensor_info("x", [batch, seq, model_dim])],
                       [tensor_info("y", [batch, seq, model_dim])], inits,
                       name="attention")
    return "attention", model, {"x": rand(rng, batch, seq, model_dim)}


def broadcast_matmul(rng):
    """MatMul with batch dimensions broadcast on both sides, plus 1-D cases."""
    nodes = [
        helper.make_node("MatMul", ["a", "b"], ["ab"], name="batched"),
        helper.make_node("MatMul", ["v", "m"], ["vm"], name="vector_matrix"),
        helper.make_node("MatMul", ["m", "w"], ["mw"], name="matrix_vector"),
    ]
    model = make_model(
        nodes,
        [tensor_info("a", [3, 1, 5, 7]), tensor_info("b", [1, 4, 7, 6]),
         tensor_info("v", [7]), tensor_info("m", [7, 9]), tensor_info("w", [9])],
        [tensor_info("ab", [3, 4, 5, 6]), tensor_info("vm", [9]),
         tensor_info("mw", [7])],
        name="broadcast_matmul")
    feeds = {"a": rand(rng, 3, 1, 5, 7), "b": rand(rng, 1, 4, 7, 6),
             "v": rand(rng, 7), "m": rand(rng, 7, 9), "w": rand(rng, 9)}
    return "broadcast_matmul", model, feeds


def elementwise(rng):
    """Add/Sub/Mul/Div with NumPy broadcasting, Identity, Constant, Relu."""
    const = helper.make_tensor("c", onnx.TensorProto.FLOAT, [4],
                               [0.5, -1.0, 2.0, 3.0])
    nodes = [
        helper.make_node("Constant", [], ["k"], name="const", value=const),
        helper.make_node("Add", ["x", "row"], ["s1"], name="add_row"),
        helper.make_node("Sub", ["s1", "col"], ["s2"], name="sub_col"),
        helper.make_node("Mul", ["s2", "k"], ["s3"], name="mul_const"),
        helper.make_node("Div", ["s3", "den"], ["s4"], name="div"),
        helper.make_node("Relu", ["s4"], ["r"], name="relu"),
        helper.make_node("Identity", ["r"], ["y"], name="identity"),
        helper.make_node("Identity", ["x"], ["x_copy"], name="passthrough"),
    ]
    model = make_model(
        nodes,
        [tensor_info("x", [2, 3, 4]), tensor_info("row", [4]),
         tensor_info("col", [3, 1]), tensor_info("den", [2, 1, 1])],
        [tensor_info("y", [2, 3, 4]), tensor_info("x_copy", [2, 3, 4])],
        name="elementwise")
    feeds = {"x": rand(rng, 2, 3, 4), "row": rand(rng, 4),
             "col": rand(rng, 3, 1),
             "den": (np.abs(rand(rng, 2, 1, 1)) + 0.5).astype(np.float32)}
    return "elementwise", model, feeds


def gemm_variants(rng):
    """Gemm with transA, a scalar C, and no C; Softmax with opset-11 rules."""
    nodes = [
        helper.make_node("Gemm", ["a_t", "b", "c_scalar"], ["g1"], name="gemm_ta",
                         transA=1, alpha=1.5, beta=-0.5),
        helper.make_node("Gemm", ["a", "b_t"], ["g2"], name="gemm_no_c", transB=1),
        helper.make_node("Softmax", ["s"], ["sm"], name="softmax_v11", axis=1),
    ]
    inits = [initializer("c_scalar", np.array([0.25], dtype=np.float32))]
    model = make_model(
        nodes,
        [tensor_info("a_t", [5, 3]), tensor_info("b", [5, 4]),
         tensor_info("a", [3, 5]), tensor_info("b_t", [4, 5]),
         tensor_info("s", [2, 3, 4])],
        [tensor_info("g1", [3, 4]), tensor_info("g2", [3, 4]),
         tensor_info("sm", [2, 3, 4])],
        inits, opset=11, name="gemm_variants")
    feeds = {"a_t": rand(rng, 5, 3), "b": rand(rng, 5, 4), "a": rand(rng, 3, 5),
             "b_t": rand(rng, 4, 5), "s": rand(rng, 2, 3, 4)}
    return "gemm_variants", model, feeds


def blocked_gemm(rng):
    """A Gemm large enough for square work-groups on OpenCL: 256 x 64 by
    64 x 512 is 16 x 32 thread tiles of 16 x 16 outputs, 8 blocks of 8 x 8
    threads, each thread's indices recovered from its block's."""
    nodes = [helper.make_node("Gemm", ["a", "w", "bias"], ["y"], name="gemm")]
    inits = [initializer("w", rand(rng, 64, 512, scale=0.125)),
             initializer("bias", rand(rng, 512))]
    model = make_model(nodes, [tensor_info("a", [256, 64])],
                       [tensor_info("y", [256, 512])], inits, name="blocked_gemm")
    return "blocked_gemm", model, {"a": rand(rng, 256, 64)}


def reductions(rng):
    """Reductions along outer axes and over tensors whose other dimensions are
    all of size one (single-thread kernels): Softmax on axes 0 and 1, Softmax
    of a 1x8 row, a dot product of two vectors and a [1,K]x[K,1] MatMul."""
    nodes = [
        helper.make_node("Softmax", ["x"], ["s0"], name="softmax_axis0", axis=0),
        helper.make_node("Softmax", ["x"], ["s1"], name="softmax_axis1", axis=1),
        helper.make_node("Softmax", ["row"], ["srow"], name="softmax_row"),
        helper.make_node("MatMul", ["u", "v"], ["dot"], name="dot"),
        helper.make_node("MatMul", ["urow", "vcol"], ["outer1"], name="matmul_1x1"),
    ]
    model = make_model(
        nodes,
        [tensor_info("x", [3, 4, 5]), tensor_info("row", [1, 8]),
         tensor_info("u", [16]), tensor_info("v", [16]),
         tensor_info("urow", [1, 16]), tensor_info("vcol", [16, 1])],
        [tensor_info("s0", [3, 4, 5]), tensor_info("s1", [3, 4, 5]),
         tensor_info("srow", [1, 8]), tensor_info("dot", []),
         tensor_info("outer1", [1, 1])],
        name="reductions")
    feeds = {"x": rand(rng, 3, 4, 5), "row": rand(rng, 1, 8),
             "u": rand(rng, 16), "v": rand(rng, 16),
             "urow": rand(rng, 1, 16), "vcol": rand(rng, 16, 1)}
    return "reductions", model, feeds


def unary_math(rng):
    """Every elementwise math function, each on inputs inside its domain:
    x anywhere, u in (-0.9, 0.9) (asin, acos, atanh, tan), p > 0 (log, sqrt,
    reciprocal) and q >= 1 (acosh). One output per operator."""
    anywhere = ["Abs", "Asinh", "Atan", "Ceil", "Cos", "Cosh", "Erf", "Exp",
                "Floor", "Neg", "Round", "Sigmoid", "Sign", "Sin", "Sinh",
                "Softplus", "Softsign", "Tanh"]
    inside_unit = ["Acos", "Asin", "Atanh", "Tan"]
    positive = ["Log", "Reciprocal", "Sqrt"]
    ops = ([(op, "x") for op in anywhere] + [(op, "u") for op in inside_unit] +
           [(op, "p") for op in positive] + [("Acosh", "q")])
    shape = [4, 16]
    nodes = [helper.make_node(op, [src], [op.lower()], name=op.lower())
             for op, src in ops]
    model = make_model(
        nodes, [tensor_info(n, shape) for n in ("x", "u", "p", "q")],
        [tensor_info(op.lower(), shape) for op, _ in ops], opset=17,
        name="unary_math")
    feeds = {"x": rand(rng, *shape, scale=2.0),
             "u": rng.uniform(-0.9, 0.9, shape).astype(np.float32),
             "p": rng.uniform(0.05, 5.0, shape).astype(np.float32),
             "q": rng.uniform(1.0, 6.0, shape).astype(np.float32)}
    return "unary_math", model, feeds


def activations(rng):
    """Activations with default and non-default attributes (opset 20 for
    Gelu), all on the same input."""
    specs = [
        ("Gelu", {}), ("Gelu", {"approximate": "tanh"}), ("Mish", {}),
        ("HardSwish", {}), ("LeakyRelu", {}), ("LeakyRelu", {"alpha": 0.1}),
        ("Elu", {"alpha": 0.5}), ("Selu", {}), ("Celu", {"alpha": 2.0}),
        ("HardSigmoid", {}), ("HardSigmoid", {"alpha": 0.3, "beta": 0.4}),
        ("ThresholdedRelu", {"alpha": 0.5}), ("Shrink", {"bias": 0.2, "lambd": 0.7}),
        ("Shrink", {}),
    ]
    shape = [3, 32]
    nodes, outputs = [], []
    for i, (op, attrs) in enumerate(specs):
        out = "%s_%d" % (op.lower(), i)
        nodes.append(helper.make_node(op, ["x"], [out], name=out, **attrs))
        outputs.append(tensor_info(out, shape))
    model = make_model(nodes, [tensor_info("x", shape)], outputs, opset=20,
                       name="activations")
    return "activations", model, {"x": rand(rng, *shape, scale=3.0)}


def binary_math(rng):
    """Pow, PRelu (per-channel slope), variadic Min/Max/Sum/Mean with
    broadcasting, and Clip with bounds as a constant and as a graph input."""
    nodes = [
        helper.make_node("Pow", ["p", "e"], ["pow"], name="pow"),
        helper.make_node("PRelu", ["x", "slope"], ["prelu"], name="prelu"),
        helper.make_node("Min", ["x", "row", "col"], ["min"], name="min"),
        helper.make_node("Max", ["x", "row", "col"], ["max"], name="max"),
        helper.make_node("Sum", ["x", "row", "col"], ["sum"], name="sum"),
        helper.make_node("Mean", ["x", "row"], ["mean"], name="mean"),
        helper.make_node("Max", ["x"], ["max1"], name="max_single"),
        helper.make_node("Clip", ["x", "lo", "hi"], ["clip"], name="clip"),
        helper.make_node("Clip", ["x", "", "hi"], ["clip_hi"], name="clip_hi_only"),
    ]
    inits = [initializer("lo", np.array(-0.5, dtype=np.float32))]
    shape = [2, 3, 4]
    model = make_model(
        nodes,
        [tensor_info("x", shape), tensor_info("p", shape), tensor_info("e", shape),
         tensor_info("slope", [3, 1]), tensor_info("row", [4]),
         tensor_info("col", [3, 1]), tensor_info("hi", [])],
        [tensor_info(n, shape) for n in
         ("pow", "prelu", "min", "max", "sum", "mean", "max1", "clip", "clip_hi")],
        inits, opset=13, name="binary_math")
    feeds = {"x": rand(rng, *shape), "p": rng.uniform(0.1, 3.0, shape).astype(np.float32),
             "e": rand(rng, *shape), "slope": rand(rng, 3, 1, scale=0.3),
             "row": rand(rng, 4), "col": rand(rng, 3, 1),
             "hi": np.array(0.75, dtype=np.float32)}
    return "binary_math", model, feeds


def clip_v6(rng):
    """Clip in its opset-6 form: bounds as attributes, and their defaults."""
    nodes = [helper.make_node("Clip", ["x"], ["y"], name="clip", min=-0.3, max=0.6),
             helper.make_node("Clip", ["x"], ["z"], name="clip_default")]
    model = make_model(nodes, [tensor_info("x", [5, 7])],
                       [tensor_info("y", [5, 7]), tensor_info("z", [5, 7])],
                       opset=10, name="clip_v6")
    return "clip_v6", model, {"x": rand(rng, 5, 7)}


def reduce_ops(rng):
    """Every Reduce* operator in its opset-18 form (axes as a constant input),
    with keepdims on and off, one and several axes, negative axes, all axes
    (no axes input), noop_with_empty_axes, and LogSoftmax on a large-valued
    input."""
    ops = ["ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
           "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp",
           "ReduceSumSquare"]
    axes_sets = {"a1": [1], "a02": [0, -1]}
    nodes, outputs = [], []
    shape = [3, 4, 5]
    for i, op in enumerate(ops):
        src = "p" if op in ("ReduceLogSum", "ReduceProd") else "x"
        for name, axes in axes_sets.items():
            for keep in (0, 1):
                out = "%s_%s_k%d" % (op.lower(), name, keep)
                nodes.append(helper.make_node(op, [src, name], [out], name=out,
                                              keepdims=keep))
                kept = [1 if (d in axes or d - 3 in axes) else n
                        for d, n in enumerate(shape)]
                dropped = [n for d, n in enumerate(shape)
                           if not (d in axes or d - 3 in axes)]
                outputs.append(tensor_info(out, kept if keep else dropped))
        out = "%s_all" % op.lower()
        nodes.append(helper.make_node(op, [src], [out], name=out, keepdims=0))
        outputs.append(tensor_info(out, []))
    nodes.append(helper.make_node("ReduceSum", ["x", "none"], ["noop"], name="noop",
                                  noop_with_empty_axes=1))
    outputs.append(tensor_info("noop", shape))
    nodes.append(helper.make_node("LogSoftmax", ["big"], ["lsm"], name="lsm", axis=1))
    outputs.append(tensor_info("lsm", [2, 6]))
    inits = [initializer_int64("a1", [1]), initializer_int64("a02", [0, -1]),
             initializer_int64("none", [])]
    model = make_model(nodes, [tensor_info("x", shape), tensor_info("p", shape),
                               tensor_info("big", [2, 6])],
                       outputs, inits, opset=18, name="reduce_ops")
    feeds = {"x": rand(rng, *shape),
             "p": rng.uniform(0.5, 1.5, shape).astype(np.float32),
             "big": (rand(rng, 2, 6) + 5000.0).astype(np.float32)}
    return "reduce_ops", model, feeds


def normalizations(rng):
    """LayerNormalization (last axis with bias and its Mean/InvStdDev outputs;
    from axis 1 without bias), BatchNormalization (inference) and
    InstanceNormalization on NCHW input."""
    c = 4
    nodes = [
        helper.make_node("LayerNormalization", ["t", "g", "b"], ["ln", "ln_mean", "ln_inv"],
                         name="ln_last", epsilon=1e-3),
        helper.make_node("LayerNormalization", ["t", "g2"], ["ln1"], name="ln_axis1",
                         axis=1),
        helper.make_node("BatchNormalization", ["img", "bn_s", "bn_b", "bn_m", "bn_v"],
                         ["bn"], name="bn", epsilon=1e-4),
        helper.make_node("InstanceNormalization", ["img", "in_s", "in_b"], ["inorm"],
                         name="inorm"),
    ]
    inits = [initializer("g", rand(rng, 16)), initializer("b", rand(rng, 16)),
             initializer("g2", rand(rng, 8, 16)),
             initializer("bn_s", rand(rng, c)), initializer("bn_b", rand(rng, c)),
             initializer("bn_m", rand(rng, c)),
             initializer("bn_v", rng.uniform(0.5, 2.0, c).astype(np.float32)),
             initializer("in_s", rand(rng, c)), initializer("in_b", rand(rng, c))]
    model = make_model(
        nodes, [tensor_info("t", [2, 8, 16]), tensor_info("img", [2, c, 5, 6])],
        [tensor_info("ln", [2, 8, 16]), tensor_info("ln_mean", [2, 8, 1]),
         tensor_info("ln_inv", [2, 8, 1]), tensor_info("ln1", [2, 8, 16]),
         tensor_info("bn", [2, c, 5, 6]), tensor_info("inorm", [2, c, 5, 6])],
        inits, opset=17, name="normalizations")
    return "normalizations", model, {"t": rand(rng, 2, 8, 16, scale=3.0),
                                     "img": rand(rng, 2, c, 5, 6)}


def transformer_mlp(rng):
    """A transformer block's feed-forward half: LayerNorm, MatMul + bias,
    Gelu, MatMul + bias, residual Add."""
    d, hidden, seq = 32, 64, 12
    nodes = [
        helper.make_node("LayerNormalization", ["x", "ln_g", "ln_b"], ["n"], name="ln"),
        helper.make_node("MatMul", ["n", "w1"], ["h0"], name="fc1"),
        helper.make_node("Add", ["h0", "b1"], ["h1"], name="fc1_bias"),
        helper.make_node("Gelu", ["h1"], ["a"], name="gelu"),
        helper.make_node("MatMul", ["a", "w2"], ["o0"], name="fc2"),
        helper.make_node("Add", ["o0", "b2"], ["o1"], name="fc2_bias"),
        helper.make_node("Add", ["x", "o1"], ["y"], name="residual"),
    ]
    inits = [initializer("ln_g", 1.0 + rand(rng, d, scale=0.1)),
             initializer("ln_b", rand(rng, d, scale=0.1)),
             initializer("w1", rand(rng, d, hidden, scale=0.2)),
             initializer("b1", rand(rng, hidden, scale=0.1)),
             initializer("w2", rand(rng, hidden, d, scale=0.2)),
             initializer("b2", rand(rng, d, scale=0.1))]
    model = make_model(nodes, [tensor_info("x", [2, seq, d])],
                       [tensor_info("y", [2, seq, d])], inits, opset=20,
                       name="transformer_mlp")
    return "transformer_mlp", model, {"x": rand(rng, 2, seq, d)}


def data_movement(rng):
    """Concat (three inputs, middle and last axis), Slice (negative and
    out-of-range bounds, negative steps, an axes subset), Tile, Expand,
    Squeeze and Unsqueeze, with their index inputs as constants (opset 13)."""
    nodes = [
        helper.make_node("Concat", ["a", "b", "c"], ["cat1"], name="cat1", axis=1),
        helper.make_node("Concat", ["a", "a"], ["cat_last"], name="cat_last", axis=-1),
        helper.make_node("Slice", ["x", "s_starts", "s_ends", "s_axes", "s_steps"],
                         ["sl"], name="slice"),
        helper.make_node("Slice", ["x", "s2_starts", "s2_ends"], ["sl2"], name="slice2"),
        helper.make_node("Tile", ["a", "reps"], ["tiled"], name="tile"),
        helper.make_node("Expand", ["col", "exp_shape"], ["expanded"], name="expand"),
        helper.make_node("Unsqueeze", ["a", "unsq_axes"], ["unsq"], name="unsqueeze"),
        helper.make_node("Squeeze", ["unsq", "unsq_axes"], ["sq"], name="squeeze"),
    ]
    inits = [
        initializer_int64("s_starts", [-1, 10]), initializer_int64("s_ends", [-100, 1]),
        initializer_int64("s_axes", [2, -1]), initializer_int64("s_steps", [-2, -3]),
        initializer_int64("s2_starts", [1, 0]), initializer_int64("s2_ends", [2, 3]),
        initializer_int64("reps", [2, 1, 3]), initializer_int64("exp_shape", [2, 3, 4]),
        initializer_int64("unsq_axes", [0, -1]),
    ]
    model = make_model(
        nodes,
        [tensor_info("a", [2, 3, 4]), tensor_info("b", [2, 1, 4]),
         tensor_info("c", [2, 5, 4]), tensor_info("x", [3, 4, 5, 6]),
         tensor_info("col", [3, 1])],
        [tensor_info("cat1", [2, 9, 4]), tensor_info("cat_last", [2, 3, 8]),
         tensor_info("sl", [3, 4, 3, 2]), tensor_info("sl2", [1, 3, 5, 6]),
         tensor_info("tiled", [4, 3, 12]), tensor_info("expanded", [2, 3, 4]),
         tensor_info("unsq", [1, 2, 3, 4, 1]), tensor_info("sq", [2, 3, 4])],
        inits, opset=13, name="data_movement")
    feeds = {"a": rand(rng, 2, 3, 4), "b": rand(rng, 2, 1, 4), "c": rand(rng, 2, 5, 4),
             "x": rand(rng, 3, 4, 5, 6), "col": rand(rng, 3, 1)}
    return "data_movement", model, feeds


def cnn(rng):
    """A ResNet-style residual block, a strided MaxPool, a depthwise and a
    dilated Conv, AveragePool with padding counted, GlobalAveragePool,
    Flatten and a classifier Gemm."""
    c = 8
    def bn(name, x, y):
        return [helper.make_node("BatchNormalization",
                                 [x, name + "_s", name + "_b", name + "_m", name + "_v"],
                                 [y], name=name)]
    def bn_inits(name):
        return [initializer(name + "_s", 1.0 + rand(rng, c, scale=0.1)),
                initializer(name + "_b", rand(rng, c, scale=0.1)),
                initializer(name + "_m", rand(rng, c, scale=0.1)),
                initializer(name + "_v", rng.uniform(0.5, 1.5, c).astype(np.float32))]
    nodes = ([helper.make_node("Conv", ["x", "w0", "b0"], ["c0"], name="stem",
                               pads=[1, 1, 1, 1], strides=[2, 2])] +
             bn("bn0", "c0", "n0") +
             [helper.make_node("Relu", ["n0"], ["r0"], name="relu0"),
              helper.make_node("Conv", ["r0", "w1"], ["c1"], name="conv1",
                               auto_pad="SAME_UPPER")] +
             bn("bn1", "c1", "n1") +
             [helper.make_node("Add", ["n1", "r0"], ["res"], name="residual"),
              helper.make_node("Relu", ["res"], ["r1"], name="relu1"),
              helper.make_node("MaxPool", ["r1"], ["p0"], name="maxpool",
                               kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
              helper.make_node("Conv", ["p0", "wdw"], ["dw"], name="depthwise",
                               group=c, pads=[1, 1, 1, 1]),
              helper.make_node("Conv", ["dw", "wdil"], ["dil"], name="dilated",
                               dilations=[2, 2], pads=[2, 2, 2, 2]),
              helper.make_node("AveragePool", ["dil"], ["ap"], name="avgpool",
                               kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                               count_include_pad=1),
              helper.make_node("GlobalAveragePool", ["ap"], ["gap"], name="gap"),
              helper.make_node("Flatten", ["gap"], ["flat"], name="flatten"),
              helper.make_node("Gemm", ["flat", "wfc", "bfc"], ["y"], name="fc",
                               transB=1)])
    inits = ([initializer("w0", rand(rng, c, 3, 3, 3, scale=0.3)),
              initializer("b0", rand(rng, c, scale=0.1)),
              initializer("w1", rand(rng, c, c, 3, 3, scale=0.2)),
              initializer("wdw", rand(rng, c, 1, 3, 3, scale=0.3)),
              initializer("wdil", rand(rng, c, c, 3, 3, scale=0.2)),
              initializer("wfc", rand(rng, 10, c, scale=0.3)),
              initializer("bfc", rand(rng, 10, scale=0.1))] +
             bn_inits("bn0") + bn_inits("bn1"))
    model = make_model(nodes, [tensor_info("x", [2, 3, 16, 16])],
                       [tensor_info("y", [2, 10])], inits, opset=13, name="cnn")
    return "cnn", model, {"x": rand(rng, 2, 3, 16, 16)}


def pad_split(rng):
    """Pad in all four modes (negative pads crop), Split into variable and
    equal parts (the last smaller, opset 18's num_outputs), DepthToSpace in
    both modes and SpaceToDepth (opset 19)."""
    nodes = [
        helper.make_node("Pad", ["x", "pads", "cval"], ["p_const"], name="p_const"),
        helper.make_node("Pad", ["x", "pads"], ["p_reflect"], name="p_reflect",
                         mode="reflect"),
        helper.make_node("Pad", ["x", "pads"], ["p_edge"], name="p_edge", mode="edge"),
        helper.make_node("Pad", ["x", "pads_crop"], ["p_wrap"], name="p_wrap",
                         mode="wrap"),
        helper.make_node("Split", ["x", "parts"], ["s0", "s1"], name="split", axis=1),
        helper.make_node("Split", ["x"], ["e0", "e1", "e2"], name="split_eq",
                         axis=1, num_outputs=3),
        helper.make_node("DepthToSpace", ["img"], ["d2s"], name="d2s", blocksize=2),
        helper.make_node("DepthToSpace", ["img"], ["d2s_crd"], name="d2s_crd",
                         blocksize=2, mode="CRD"),
        helper.make_node("SpaceToDepth", ["img"], ["s2d"], name="s2d", blocksize=2),
    ]
    inits = [initializer_int64("pads", [1, 2, 2, 1]),
             initializer_int64("pads_crop", [0, 3, -1, -2]),
             initializer("cval", np.array(0.5, dtype=np.float32)),
             initializer_int64("parts", [2, 5])]
    model = make_model(
        nodes, [tensor_info("x", [3, 7]), tensor_info("img", [1, 8, 4, 6])],
        [tensor_info("p_const", [6, 10]), tensor_info("p_reflect", [6, 10]),
         tensor_info("p_edge", [6, 10]), tensor_info("p_wrap", [2, 8]),
         tensor_info("s0", [3, 2]), tensor_info("s1", [3, 5]),
         tensor_info("e0", [3, 3]), tensor_info("e1", [3, 3]), tensor_info("e2", [3, 1]),
         tensor_info("d2s", [1, 2, 8, 12]), tensor_info("d2s_crd", [1, 2, 8, 12]),
         tensor_info("s2d", [1, 32, 2, 3])],
        inits, opset=19, name="pad_split")
    return "pad_split", model, {"x": rand(rng, 3, 7), "img": rand(rng, 1, 8, 4, 6)}


def typed_ops(rng):
    """Integer, bool and float64 tensors: integer arithmetic (Div truncates,
    Mod with the divisor's and, with fmod, the dividend's sign), comparisons
    and Where, logical and bitwise ops, Cast between types, integer
    reductions, IsNaN/IsInf, and Shape/ConstantOfShape folded into
    constants."""
    i64, b, f64 = onnx.TensorProto.INT64, onnx.TensorProto.BOOL, onnx.TensorProto.DOUBLE
    n = helper.make_node
    nodes = [
        n("Add", ["a", "d"], ["add_i"], name="add_i"),
        n("Mul", ["a", "d"], ["mul_i"], name="mul_i"),
        n("Div", ["a", "d"], ["div_i"], name="div_i"),
        n("Mod", ["a", "d"], ["mod_i"], name="mod_i"),
        n("Mod", ["a", "d"], ["fmod_i"], name="fmod_i", fmod=1),
        n("Abs", ["a"], ["abs_i"], name="abs_i"),
        n("Neg", ["a"], ["neg_i"], name="neg_i"),
        n("Sign", ["a"], ["sign_i"], name="sign_i"),
        n("Max", ["a", "d"], ["max_i"], name="max_i"),
        n("ReduceSum", ["a", "axis1"], ["rsum_i"], name="rsum_i", keepdims=0),
        n("ReduceMin", ["a", "axis0"], ["rmin_i"], name="rmin_i", keepdims=1),
        n("BitwiseAnd", ["a", "d"], ["band"], name="band"),
        n("BitwiseNot", ["a"], ["bnot"], name="bnot"),
        n("Equal", ["a", "d"], ["eq"], name="eq"),
        n("Less", ["x", "zero"], ["lt"], name="lt"),
        n("GreaterOrEqual", ["a", "d"], ["ge"], name="ge"),
        n("Mul", ["x", "half"], ["x_half"], name="x_half"),
        n("Where", ["lt", "x", "x_half"], ["where"], name="where"),
        n("And", ["m", "lt"], ["and_"], name="and_"),
        n("Or", ["m", "lt"], ["or_"], name="or_"),
        n("Xor", ["m", "lt"], ["xor_"], name="xor_"),
        n("Not", ["m"], ["not_"], name="not_"),
        n("Cast", ["a"], ["a_f32"], name="a_f32", to=onnx.TensorProto.FLOAT),
        n("Cast", ["x"], ["x_i32"], name="x_i32", to=onnx.TensorProto.INT32),
        n("Cast", ["x"], ["x_bool"], name="x_bool", to=b),
        n("Cast", ["m"], ["m_f32"], name="m_f32", to=onnx.TensorProto.FLOAT),
        n("Cast", ["x"], ["x_f64"], name="x_f64", to=f64),
        n("Abs", ["x_f64"], ["x_f64_abs"], name="abs_f64"),
        n("Sqrt", ["x_f64_abs"], ["sqrt_f64"], name="sqrt_f64"),
        n("IsNaN", ["z"], ["isnan"], name="isnan"),
        n("IsInf", ["z"], ["isinf_neg"], name="isinf_neg", detect_positive=0),
        n("Shape", ["x"], ["x_shape"], name="x_shape"),
        n("ConstantOfShape", ["x_shape"], ["ones"], name="ones",
          value=onnx.numpy_helper.from_array(np.array([1.5], dtype=np.float32))),
        n("Add", ["x", "ones"], ["x_plus"], name="x_plus"),
        n("Shape", ["m"], ["m_shape"], name="m_shape"),
        n("Reshape", ["x_plus", "m_shape"], ["reshaped"], name="reshaped"),
    ]
    inits = [initializer_int64("axis1", [1]), initializer_int64("axis0", [0]),
             initializer("zero", np.array(0.0, dtype=np.float32)),
             initializer("half", np.array(0.5, dtype=np.float32))]
    a = rng.integers(-50, 50, size=(3, 4)).astype(np.int64)
    d = rng.integers(1, 9, size=(4,)).astype(np.int64) * np.array([1, -1, 1, -1])
    z = rand(rng, 2, 5)
    z[0, 0], z[0, 1], z[1, 2] = np.nan, -np.inf, np.inf
    shape34, shape4 = [3, 4], [4]
    outputs = [tensor_info(name, shape34, i64) for name in
               ["add_i", "mul_i", "div_i", "mod_i", "fmod_i", "abs_i", "neg_i",
                "sign_i", "max_i", "band", "bnot"]]
    outputs += [tensor_info("rsum_i", [3], i64), tensor_info("rmin_i", [1, 4], i64)]
    outputs += [tensor_info(name, shape34, b) for name in
                ["eq", "lt", "ge", "and_", "or_", "xor_", "not_", "x_bool"]]
    outputs += [tensor_info("where", shape34), tensor_info("a_f32", shape34),
                tensor_info("x_i32", shape34, onnx.TensorProto.INT32),
                tensor_info("m_f32", shape34), tensor_info("sqrt_f64", shape34, f64),
                tensor_info("isnan", [2, 5], b), tensor_info("isinf_neg", [2, 5], b),
                tensor_info("reshaped", shape34)]
    model = make_model(
        nodes, [tensor_info("a", shape34, i64), tensor_info("d", shape4, i64),
                tensor_info("x", shape34), tensor_info("m", shape34, b),
                tensor_info("z", [2, 5])],
        outputs, inits, opset=18, name="typed_ops")
    feeds = {"a": a, "d": d, "x": rand(rng, 3, 4, scale=4.0),
             "m": rng.integers(0, 2, size=(3, 4)).astype(bool), "z": z}
    return "typed_ops", model, feeds


def embedding_reshape(rng):
    """What transformer exports look like: int64 token ids gathered from an
    embedding table (negative ids count from the back), and a shape computed
    at run time in ONNX (Shape -> Gather -> Unsqueeze -> Concat -> Reshape)
    that Octet folds into a constant."""
    vocab, dim, batch, seq = 50, 8, 2, 5
    n = helper.make_node
    nodes = [
        n("Gather", ["table", "ids"], ["emb"], name="embed"),
        n("Shape", ["emb"], ["shape"], name="shape"),
        n("Gather", ["shape", "zero"], ["batch"], name="batch", axis=0),
        n("Unsqueeze", ["batch", "axes0"], ["batch1"], name="batch1"),
        n("Concat", ["batch1", "minus1"], ["new_shape"], name="new_shape", axis=0),
        n("Reshape", ["emb", "new_shape"], ["flat"], name="flat"),
        n("Gather", ["table", "pos"], ["rows"], name="rows", axis=1),
    ]
    inits = [initializer("table", rand(rng, vocab, dim)),
             onnx.numpy_helper.from_array(np.array(0, dtype=np.int64), "zero"),
             initializer_int64("axes0", [0]), initializer_int64("minus1", [-1]),
             onnx.numpy_helper.from_array(np.array([[1, -1], [0, 3]], dtype=np.int32), "pos")]
    ids = rng.integers(-vocab, vocab, size=(batch, seq)).astype(np.int64)
    model = make_model(
        nodes, [tensor_info("ids", [batch, seq], onnx.TensorProto.INT64)],
        [tensor_info("flat", [batch, seq * dim]), tensor_info("rows", [vocab, 2, 2])],
        inits, opset=13, name="embedding_reshape")
    return "embedding_reshape", model, {"ids": ids}


def index_ops(rng):
    """ArgMax/ArgMin (first and last of ties), Hardmax, Trilu, Range and
    EyeLike (constants), OneHot, Dropout in inference (with its mask),
    GatherElements and CumSum (exclusive, reverse)."""
    i64, b = onnx.TensorProto.INT64, onnx.TensorProto.BOOL
    n = helper.make_node
    s64 = lambda name, v: onnx.numpy_helper.from_array(np.array(v, dtype=np.int64), name)
    nodes = [
        n("ArgMax", ["x"], ["amax"], name="amax", axis=1, keepdims=0),
        n("ArgMin", ["x"], ["amin"], name="amin", axis=0),
        n("ArgMax", ["t"], ["amax_last"], name="amax_last", axis=1, select_last_index=1),
        n("ArgMin", ["t"], ["amin_first"], name="amin_first", axis=1, keepdims=0),
        n("Hardmax", ["x"], ["hard"], name="hard", axis=1),
        n("Trilu", ["x", "k1"], ["upper"], name="upper"),
        n("Trilu", ["x", "km1"], ["lower"], name="lower", upper=0),
        n("Range", ["r0", "r1", "r2"], ["range"], name="range"),
        n("EyeLike", ["x"], ["eye"], name="eye", k=1),
        n("OneHot", ["labels", "depth", "onoff"], ["hot"], name="hot", axis=0),
        n("Dropout", ["x", "ratio"], ["drop", "mask"], name="drop"),
        n("GatherElements", ["x", "gidx"], ["gel"], name="gel", axis=1),
        n("CumSum", ["x", "ax1"], ["csum"], name="csum"),
        n("CumSum", ["t", "ax1"], ["csum_rev"], name="csum_rev", exclusive=1, reverse=1),
    ]
    inits = [s64("k1", 1), s64("km1", -1), s64("r0", 10), s64("r1", -3), s64("r2", -4),
             s64("depth", 5), initializer("onoff", np.array([-1.0, 2.5], dtype=np.float32)),
             initializer("ratio", np.array(0.3, dtype=np.float32)),
             s64("gidx", [[0, -1, 2], [3, 3, -4], [1, 0, 0]]), s64("ax1", 1)]
    t = rng.integers(0, 3, size=(3, 6)).astype(np.int64)  # ties
    labels = np.array([[0, 4, -1], [2, -5, 3]], dtype=np.int64)
    model = make_model(
        nodes, [tensor_info("x", [3, 4]), tensor_info("t", [3, 6], i64),
                tensor_info("labels", [2, 3], i64)],
        [tensor_info("amax", [3], i64), tensor_info("amin", [1, 4], i64),
         tensor_info("amax_last", [3, 1], i64), tensor_info("amin_first", [3], i64),
         tensor_info("hard", [3, 4]), tensor_info("upper", [3, 4]),
         tensor_info("lower", [3, 4]), tensor_info("range", [4], i64),
         tensor_info("eye", [3, 4]), tensor_info("hot", [5, 2, 3]),
         tensor_info("drop", [3, 4]), tensor_info("mask", [3, 4], b),
         tensor_info("gel", [3, 3]), tensor_info("csum", [3, 4]),
         tensor_info("csum_rev", [3, 6], i64)],
        inits, opset=14, name="index_ops")
    return "index_ops", model, {"x": rand(rng, 3, 4), "t": t, "labels": labels}


def mlp_dynamic_external(rng):
    """The MLP as PyTorch exports large models: a symbolic batch dimension
    (fixed at compile time with --input-shape) and every weight in an
    external data file beside the model."""
    name, model, _ = mlp(rng)
    for value in list(model.graph.input) + list(model.graph.output):
        dim = value.type.tensor_type.shape.dim[0]
        dim.Clear()
        dim.dim_param = "batch"
    model.graph.name = "mlp_dynamic_external"
    feeds = {"x": rand(rng, 3, 64)}
    return "mlp_dynamic_external", model, feeds, {
        "extra_compile": ["--input-shape", "x=3x64"], "external_data": True}


def f16_contractions(rng):
    """float16 MatMul, Gemm (alpha, beta, bias), Conv and ReduceSum: the
    products and sums accumulate in f32 and are rounded to f16 once (on
    OpenCL every f16 value is computed in float and rounded to f16)."""
    f16 = onnx.TensorProto.FLOAT16
    n = helper.make_node
    nodes = [n("MatMul", ["a", "b"], ["mm"], name="mm"),
             n("Gemm", ["a", "b", "c"], ["gemm"], name="gemm", alpha=0.5, beta=2.0),
             n("Conv", ["img", "w"], ["conv"], name="conv", pads=[1, 1, 1, 1]),
             n("ReduceSum", ["a", "axis1"], ["rsum"], name="rsum", keepdims=0)]
    model = make_model(
        nodes, [tensor_info("a", [8, 256], f16), tensor_info("b", [256, 16], f16),
                tensor_info("c", [16], f16), tensor_info("img", [1, 4, 8, 8], f16),
                tensor_info("w", [6, 4, 3, 3], f16)],
        [tensor_info("mm", [8, 16], f16), tensor_info("gemm", [8, 16], f16),
         tensor_info("conv", [1, 6, 8, 8], f16), tensor_info("rsum", [8], f16)],
        [initializer_int64("axis1", [1])], opset=13, name="f16_contractions")
    h = lambda *shape: rng.standard_normal(shape).astype(np.float16)
    return "f16_contractions", model, {"a": h(8, 256), "b": h(256, 16), "c": h(16),
                                       "img": h(1, 4, 8, 8), "w": h(6, 4, 3, 3)}


def unsigned_ops(rng):
    """Unsigned integers: a uint8 image normalized to float (Cast zero-extends),
    unsigned division, Mod, Max, comparisons and reductions (values above
    the signed range), BitShift both ways (amounts past the width give 0),
    and a Cast from float to uint8."""
    u8, u32, b = onnx.TensorProto.UINT8, onnx.TensorProto.UINT32, onnx.TensorProto.BOOL
    n = helper.make_node
    nodes = [
        n("Cast", ["img"], ["img_f"], name="img_f", to=onnx.TensorProto.FLOAT),
        n("Div", ["img_f", "scale"], ["normalized"], name="normalized"),
        n("Div", ["img", "d"], ["div_u8"], name="div_u8"),
        n("Mod", ["img", "d"], ["mod_u8"], name="mod_u8"),
        n("Max", ["img", "d"], ["max_u8"], name="max_u8"),
        n("Greater", ["img", "d"], ["gt_u8"], name="gt_u8"),
        n("ReduceMax", ["img", "axis1"], ["rmax_u8"], name="rmax_u8", keepdims=0),
        n("ReduceMin", ["img", "axis1"], ["rmin_u8"], name="rmin_u8", keepdims=0),
        n("BitShift", ["w", "s"], ["shl"], name="shl", direction="LEFT"),
        n("BitShift", ["w", "s"], ["shr"], name="shr", direction="RIGHT"),
        n("Cast", ["normalized"], ["back_u8"], name="back_u8", to=u8),
    ]
    inits = [initializer("scale", np.array(255.0, dtype=np.float32)),
             initializer_int64("axis1", [1])]
    img = rng.integers(0, 256, size=(3, 8)).astype(np.uint8)
    d = rng.integers(1, 256, size=(8,)).astype(np.uint8)
    w = rng.integers(0, 2 ** 32, size=(2, 5), dtype=np.uint64).astype(np.uint32)
    s = np.array([0, 1, 7, 31, 32], dtype=np.uint32)
    model = make_model(
        nodes, [tensor_info("img", [3, 8], u8), tensor_info("d", [8], u8),
                tensor_info("w", [2, 5], u32), tensor_info("s", [5], u32)],
        [tensor_info("normalized", [3, 8]), tensor_info("div_u8", [3, 8], u8),
         tensor_info("mod_u8", [3, 8], u8), tensor_info("max_u8", [3, 8], u8),
         tensor_info("gt_u8", [3, 8], b), tensor_info("rmax_u8", [3], u8),
         tensor_info("rmin_u8", [3], u8), tensor_info("shl", [2, 5], u32),
         tensor_info("shr", [2, 5], u32), tensor_info("back_u8", [3, 8], u8)],
        inits, opset=18, name="unsigned_ops")
    return "unsigned_ops", model, {"img": img, "d": d, "w": w, "s": s}


def resize_ops(rng):
    """Resize: nearest (each rounding mode) and linear (bilinear), up and
    down, by scales and by sizes, in the coordinate modes models use
    (half_pixel, pytorch_half_pixel, align_corners, asymmetric), and opset
    18's axes."""
    n = helper.make_node
    f = lambda name, v: initializer(name, np.array(v, dtype=np.float32))
    nodes = [
        n("Resize", ["x", "", "up2"], ["near_up"], name="near_up", mode="nearest"),
        n("Resize", ["x", "", "up2"], ["lin_up"], name="lin_up", mode="linear"),
        n("Resize", ["x", "", "", "sizes_down"], ["lin_down_pt"], name="lin_down_pt",
          mode="linear", coordinate_transformation_mode="pytorch_half_pixel"),
        n("Resize", ["x", "", "up2"], ["lin_ac"], name="lin_ac", mode="linear",
          coordinate_transformation_mode="align_corners"),
        n("Resize", ["x", "", "", "sizes_odd"], ["near_ceil"], name="near_ceil",
          mode="nearest", nearest_mode="ceil", coordinate_transformation_mode="asymmetric"),
        n("Resize", ["x", "", "", "sizes_odd"], ["near_rpc"], name="near_rpc",
          mode="nearest", nearest_mode="round_prefer_ceil"),
        n("Resize", ["x", "", "hw_scales"], ["axes_up"], name="axes_up", mode="linear",
          axes=[2, 3]),
    ]
    inits = [f("up2", [1, 1, 2, 2]), initializer_int64("sizes_down", [1, 2, 3, 2]),
             initializer_int64("sizes_odd", [1, 2, 7, 9]), f("hw_scales", [1.5, 3.0])]
    model = make_model(
        nodes, [tensor_info("x", [1, 2, 4, 5])],
        [tensor_info("near_up", [1, 2, 8, 10]), tensor_info("lin_up", [1, 2, 8, 10]),
         tensor_info("lin_down_pt", [1, 2, 3, 2]), tensor_info("lin_ac", [1, 2, 8, 10]),
         tensor_info("near_ceil", [1, 2, 7, 9]), tensor_info("near_rpc", [1, 2, 7, 9]),
         tensor_info("axes_up", [1, 2, 6, 15])],
        inits, opset=18, name="resize_ops")
    return "resize_ops", model, {"x": rand(rng, 1, 2, 4, 5)}


def conv_transpose_ops(rng):
    """ConvTranspose as decoders use it: stride 2 with output_padding and a
    bias, groups with dilations and pads, auto_pad SAME_UPPER, and 1-D."""
    n = helper.make_node
    nodes = [
        n("ConvTranspose", ["x", "w", "b"], ["up"], name="up", strides=[2, 2],
          pads=[1, 1, 1, 1], output_padding=[1, 1]),
        n("ConvTranspose", ["x", "wg"], ["grouped"], name="grouped", group=2,
          dilations=[2, 1], pads=[0, 1, 1, 0]),
        n("ConvTranspose", ["x", "w"], ["same"], name="same", strides=[2, 2],
          auto_pad="SAME_UPPER"),
        n("ConvTranspose", ["seq", "w1d"], ["one_d"], name="one_d", strides=[3]),
    ]
    inits = [initializer("w", rand(rng, 4, 3, 3, 3, scale=0.3)),
             initializer("b", rand(rng, 3)),
             initializer("wg", rand(rng, 4, 2, 2, 3, scale=0.3)),
             initializer("w1d", rand(rng, 2, 5, 2))]
    model = make_model(
        nodes, [tensor_info("x", [1, 4, 5, 6]), tensor_info("seq", [2, 2, 7])],
        [tensor_info("up", [1, 3, 10, 12]), tensor_info("grouped", [1, 4, 6, 7]),
         tensor_info("same", [1, 3, 10, 12]), tensor_info("one_d", [2, 5, 20])],
        inits, opset=17, name="conv_transpose_ops")
    return "conv_transpose_ops", model, {"x": rand(rng, 1, 4, 5, 6), "seq": rand(rng, 2, 2, 7)}


def topk_ops(rng):
    """TopK, largest and smallest, on floats and on int64 with ties (the
    lower index first), values and indices."""
    i64 = onnx.TensorProto.INT64
    n = helper.make_node
    nodes = [n("TopK", ["x", "k3"], ["v", "i"], name="top"),
             n("TopK", ["t", "k2"], ["tv", "ti"], name="low", axis=0, largest=0)]
    model = make_model(
        nodes, [tensor_info("x", [4, 9]), tensor_info("t", [6, 3], i64)],
        [tensor_info("v", [4, 3]), tensor_info("i", [4, 3], i64),
         tensor_info("tv", [2, 3], i64), tensor_info("ti", [2, 3], i64)],
        [initializer_int64("k3", [3]), initializer_int64("k2", [2])], opset=13,
        name="topk_ops")
    return "topk_ops", model, {"x": rand(rng, 4, 9),
                               "t": rng.integers(0, 3, size=(6, 3)).astype(np.int64)}


def einsum_ops(rng):
    """Einsum in the forms transformers use (attention scores, batched
    matmul with an ellipsis), the implicit form, an outer product, a full
    sum and a transpose."""
    n = helper.make_node
    nodes = [n("Einsum", ["q", "k"], ["scores"], name="scores", equation="bhqd,bhkd->bhqk"),
             n("Einsum", ["q", "w"], ["proj"], name="proj", equation="...d,de->...e"),
             n("Einsum", ["a", "b"], ["implicit"], name="implicit", equation="ij,jk"),
             n("Einsum", ["u", "v"], ["outer"], name="outer", equation="i,j->ij"),
             n("Einsum", ["a"], ["total"], name="total", equation="ij->"),
             n("Einsum", ["a"], ["t"], name="t", equation="ij->ji")]
    model = make_model(
        nodes, [tensor_info("q", [2, 3, 4, 8]), tensor_info("k", [2, 3, 5, 8]),
                tensor_info("w", [8, 6]), tensor_info("a", [3, 4]), tensor_info("b", [4, 2]),
                tensor_info("u", [3]), tensor_info("v", [5])],
        [tensor_info("scores", [2, 3, 4, 5]), tensor_info("proj", [2, 3, 4, 6]),
         tensor_info("implicit", [3, 2]), tensor_info("outer", [3, 5]),
         tensor_info("total", []), tensor_info("t", [4, 3])],
        opset=13, name="einsum_ops")
    return "einsum_ops", model, {"q": rand(rng, 2, 3, 4, 8), "k": rand(rng, 2, 3, 5, 8),
                                 "w": rand(rng, 8, 6), "a": rand(rng, 3, 4),
                                 "b": rand(rng, 4, 2), "u": rand(rng, 3), "v": rand(rng, 5)}


def recurrent_ops(rng):
    """RNN, GRU and LSTM beyond ONNX's node tests: a bidirectional LSTM with
    peepholes, initial states and runtime sequence_lens (shorter sequences
    keep their state and output 0, the reverse pass starts at each one's
    end); a reverse GRU with linear_before_reset and clip; an RNN with
    initial_h and LeakyRelu. (onnxruntime has no layout 1; ONNX's
    *_batchwise node tests cover it.)"""
    i32 = onnx.TensorProto.INT32
    n = helper.make_node
    T, B, I, H = 5, 3, 4, 6
    nodes = [
        n("LSTM", ["x", "lw", "lr", "lb", "lens", "lh", "lc", "lp"], ["ly", "lyh", "lyc"],
          name="lstm", hidden_size=H, direction="bidirectional"),
        n("GRU", ["x", "gw", "gr", "gb"], ["gy", "gyh"], name="gru", hidden_size=H,
          direction="reverse", linear_before_reset=1, clip=1.5),
        n("RNN", ["xb", "rw", "rr", "rb", "", "rh"], ["ry", "ryh"], name="rnn",
          hidden_size=H, activations=["LeakyRelu"], activation_alpha=[0.2]),
    ]
    inits = [initializer("lw", rand(rng, 2, 4 * H, I, scale=0.5)),
             initializer("lr", rand(rng, 2, 4 * H, H, scale=0.5)),
             initializer("lb", rand(rng, 2, 8 * H, scale=0.5)),
             initializer("lp", rand(rng, 2, 3 * H, scale=0.5)),
             initializer("gw", rand(rng, 1, 3 * H, I, scale=0.5)),
             initializer("gr", rand(rng, 1, 3 * H, H, scale=0.5)),
             initializer("gb", rand(rng, 1, 6 * H, scale=0.5)),
             initializer("rw", rand(rng, 1, H, I, scale=0.5)),
             initializer("rr", rand(rng, 1, H, H, scale=0.5)),
             initializer("rb", rand(rng, 1, 2 * H, scale=0.5))]
    model = make_model(
        nodes, [tensor_info("x", [T, B, I]), tensor_info("lens", [B], i32),
                tensor_info("lh", [2, B, H]), tensor_info("lc", [2, B, H]),
                tensor_info("xb", [T, B, I]), tensor_info("rh", [1, B, H])],
        [tensor_info("ly", [T, 2, B, H]), tensor_info("lyh", [2, B, H]),
         tensor_info("lyc", [2, B, H]), tensor_info("gy", [T, 1, B, H]),
         tensor_info("gyh", [1, B, H]), tensor_info("ry", [T, 1, B, H]),
         tensor_info("ryh", [1, B, H])],
        inits, opset=14, name="recurrent_ops")
    return "recurrent_ops", model, {
        "x": rand(rng, T, B, I), "lens": np.array([5, 2, 4], dtype=np.int32),
        "lh": rand(rng, 2, B, H), "lc": rand(rng, 2, B, H), "xb": rand(rng, T, B, I),
        "rh": rand(rng, 1, B, H)}


def quantization_ops(rng):
    """QuantizeLinear per axis to int8 (halves round to even, values clamp)
    and back with DequantizeLinear; per tensor to uint8; DynamicQuantizeLinear
    (all three outputs)."""
    i8, u8 = onnx.TensorProto.INT8, onnx.TensorProto.UINT8
    n = helper.make_node
    nodes = [n("QuantizeLinear", ["x", "scale", "zp8"], ["q"], name="q", axis=1),
             n("DequantizeLinear", ["q", "scale", "zp8"], ["dq"], name="dq", axis=1),
             n("QuantizeLinear", ["x", "s0", "zpu"], ["qu"], name="qu"),
             n("DynamicQuantizeLinear", ["x"], ["dy", "dscale", "dzp"], name="dyn")]
    inits = [initializer("scale", [0.05, 0.1, 0.5]), initializer("s0", 0.02),
             onnx.numpy_helper.from_array(np.array([-3, 0, 7], dtype=np.int8), "zp8"),
             onnx.numpy_helper.from_array(np.array(128, dtype=np.uint8), "zpu")]
    x = rand(rng, 2, 3, 4, scale=3.0)
    x[0, 1, :] = [0.25, 0.35, -0.25, 20.0]  # x / 0.1 = 2.5, 3.5, -2.5; 20 clamps
    model = make_model(
        nodes, [tensor_info("x", [2, 3, 4])],
        [tensor_info("q", [2, 3, 4], i8), tensor_info("dq", [2, 3, 4]),
         tensor_info("qu", [2, 3, 4], u8), tensor_info("dy", [2, 3, 4], u8),
         tensor_info("dscale", []), tensor_info("dzp", [], u8)],
        inits, opset=13, name="quantization_ops")
    return "quantization_ops", model, {"x": x}


def fp8_qdq_mlp(rng):
    """A pre-quantized FP8 model, as NVIDIA ModelOpt and onnxruntime's
    quantizer export them (ONNX opset 19 Q/DQ): the weights stored as
    FLOAT8E4M3FN with per-output-channel scales (amax / 448) and
    DequantizeLinear along axis 1, the input quantized per tensor to E4M3FN,
    the hidden activation to E5M2 with a zero point, each dequantized before
    the op that reads it. (The Relu follows the hidden DequantizeLinear:
    before a float8 QuantizeLinear, onnxruntime 1.32's QDQ optimizer drops
    it, which onnx.reference and Octet do not.)"""
    e4m3, e5m2 = onnx.TensorProto.FLOAT8E4M3FN, onnx.TensorProto.FLOAT8E5M2
    n = helper.make_node

    def fp8_weight(name, w):
        scale = (np.abs(w).max(axis=0) / 448.0).astype(np.float32)
        codes = (w / scale).astype(ml_dtypes.float8_e4m3fn)
        tensor = helper.make_tensor(name, e4m3, w.shape,
                                    codes.view(np.uint8).tobytes(), raw=True)
        return [tensor, initializer(name + "_scale", scale)]

    nodes = [n("QuantizeLinear", ["x", "x_scale"], ["xq"], name="xq", output_dtype=e4m3),
             n("DequantizeLinear", ["xq", "x_scale"], ["xd"], name="xd"),
             n("DequantizeLinear", ["w1", "w1_scale"], ["w1d"], name="w1d", axis=1),
             n("MatMul", ["xd", "w1d"], ["h"], name="mm1"),
             n("QuantizeLinear", ["h", "h_scale", "h_zero"], ["hq"], name="hq"),
             n("DequantizeLinear", ["hq", "h_scale", "h_zero"], ["hd"], name="hd"),
             n("Relu", ["hd"], ["r"], name="relu"),
             n("DequantizeLinear", ["w2", "w2_scale"], ["w2d"], name="w2d", axis=1),
             n("MatMul", ["r", "w2d"], ["y"], name="mm2")]
    inits = (fp8_weight("w1", rand(rng, 64, 32, scale=0.2)) +
             fp8_weight("w2", rand(rng, 32, 10, scale=0.2)) +
             [initializer("x_scale", 3.0 / 448.0), initializer("h_scale", 0.01),
              helper.make_tensor("h_zero", e5m2, [], [0])])
    model = make_model(nodes, [tensor_info("x", [8, 64])], [tensor_info("y", [8, 10])],
                       inits, opset=21, name="fp8_qdq_mlp")
    return "fp8_qdq_mlp", model, {"x": rand(rng, 8, 64)}


def lrn_mvn(rng):
    """LRN (a window of 5 channels, clipped at the edges; onnxruntime takes
    only odd sizes) and MeanVarianceNormalization over default and custom
    axes."""
    n = helper.make_node
    nodes = [n("LRN", ["x"], ["lrn"], name="lrn", size=5, alpha=0.01, beta=0.6, bias=1.5),
             n("MeanVarianceNormalization", ["x"], ["mvn"], name="mvn"),
             n("MeanVarianceNormalization", ["x"], ["mvn_hw"], name="mvn_hw", axes=[2, 3])]
    model = make_model(
        nodes, [tensor_info("x", [2, 6, 3, 5])],
        [tensor_info("lrn", [2, 6, 3, 5]), tensor_info("mvn", [2, 6, 3, 5]),
         tensor_info("mvn_hw", [2, 6, 3, 5])], opset=13, name="lrn_mvn")
    return "lrn_mvn", model, {"x": rand(rng, 2, 6, 3, 5, scale=2.0)}


def gather_nd(rng):
    """GatherND: whole-slice tuples with negative components, and
    batch_dims 1 picking rows per batch entry (int64 data)."""
    i64 = onnx.TensorProto.INT64
    n = helper.make_node
    nodes = [n("GatherND", ["x", "pairs"], ["slices"], name="slices"),
             n("GatherND", ["t", "rows"], ["per_batch"], name="per_batch", batch_dims=1)]
    inits = [initializer_int64("pairs", [[[0, -1], [2, 1]], [[-3, 0], [1, 2]]]),
             initializer_int64("rows", [[[1], [0], [3]], [[2], [2], [-1]]])]
    model = make_model(
        nodes, [tensor_info("x", [3, 4, 5]), tensor_info("t", [2, 4, 6], i64)],
        [tensor_info("slices", [2, 2, 5]), tensor_info("per_batch", [2, 3, 6], i64)],
        inits, opset=13, name="gather_nd")
    return "gather_nd", model, {
        "x": rand(rng, 3, 4, 5), "t": rng.integers(-50, 50, size=(2, 4, 6)).astype(np.int64)}


def scatter_ops(rng):
    """ScatterElements with indices smaller than the data (max, and
    duplicates added) and ScatterND writing whole rows (none) and single
    int64 elements (min), negative indices included."""
    i64 = onnx.TensorProto.INT64
    n = helper.make_node
    nodes = [n("ScatterElements", ["x", "ei", "eu"], ["emax"], name="emax", axis=1,
               reduction="max"),
             n("ScatterElements", ["x", "di", "du"], ["eadd"], name="eadd", axis=0,
               reduction="add"),
             n("ScatterND", ["x", "rows", "ru"], ["nd"], name="nd"),
             n("ScatterND", ["t", "cells", "cu"], ["ndmin"], name="ndmin", reduction="min")]
    inits = [initializer_int64("ei", [[0, 4], [-1, 2]]),
             initializer_int64("di", [[1, 1, 0, 2, 3], [1, -3, 2, 2, 0]]),
             initializer_int64("rows", [[2], [-4]]),
             initializer_int64("cells", [[0, 1], [2, -1], [0, 1]])]
    model = make_model(
        nodes, [tensor_info("x", [4, 5]), tensor_info("eu", [2, 2]),
                tensor_info("du", [2, 5]), tensor_info("ru", [2, 5]),
                tensor_info("t", [3, 3], i64), tensor_info("cu", [3], i64)],
        [tensor_info("emax", [4, 5]), tensor_info("eadd", [4, 5]),
         tensor_info("nd", [4, 5]), tensor_info("ndmin", [3, 3], i64)],
        inits, opset=18, name="scatter_ops")
    return "scatter_ops", model, {
        "x": rand(rng, 4, 5), "eu": rand(rng, 2, 2, scale=3.0), "du": rand(rng, 2, 5),
        "ru": rand(rng, 2, 5), "t": rng.integers(-9, 9, size=(3, 3)).astype(np.int64),
        "cu": np.array([-20, 5, 3], dtype=np.int64)}


def resize_cubic(rng):
    """Resize in cubic mode: upsampling with the default coefficient
    (half_pixel), and downsampling with coefficient -0.5 and
    exclude_outside (align_corners and asymmetric)."""
    n = helper.make_node
    f = lambda name, v: initializer(name, np.array(v, dtype=np.float32))
    nodes = [
        n("Resize", ["x", "", "up"], ["cubic_up"], name="cubic_up", mode="cubic"),
        n("Resize", ["x", "", "", "down"], ["cubic_ac"], name="cubic_ac", mode="cubic",
          cubic_coeff_a=-0.5, exclude_outside=1,
          coordinate_transformation_mode="align_corners"),
        n("Resize", ["x", "", "", "down"], ["cubic_asym"], name="cubic_asym", mode="cubic",
          exclude_outside=1, coordinate_transformation_mode="asymmetric"),
    ]
    inits = [f("up", [1, 1, 2, 1.5]), initializer_int64("down", [1, 2, 3, 4])]
    model = make_model(
        nodes, [tensor_info("x", [1, 2, 5, 6])],
        [tensor_info("cubic_up", [1, 2, 10, 9]), tensor_info("cubic_ac", [1, 2, 3, 4]),
         tensor_info("cubic_asym", [1, 2, 3, 4])],
        inits, opset=13, name="resize_cubic")
    return "resize_cubic", model, {"x": rand(rng, 1, 2, 5, 6)}


def int_pow(rng):
    """Pow on integers: int64 and int32 bases with integer exponents
    (negative ones included: 0 unless the base is 1 or -1), and an int32 base
    with a float exponent (exact for whole exponents, the real power
    truncated for the others; non-square bases for 0.5, as powf's last bit
    decides a truncated square root)."""
    i32, i64 = onnx.TensorProto.INT32, onnx.TensorProto.INT64
    n = helper.make_node
    nodes = [n("Pow", ["a", "e"], ["p64"], name="p64"),
             n("Pow", ["b", "e32"], ["p32"], name="p32"),
             n("Pow", ["bp", "ef"], ["pf"], name="pf")]
    model = make_model(
        nodes, [tensor_info("a", [4, 6], i64), tensor_info("e", [4, 6], i64),
                tensor_info("b", [4, 6], i32), tensor_info("e32", [6], i32),
                tensor_info("bp", [4, 6], i32),
                tensor_info("ef", [6])],
        [tensor_info("p64", [4, 6], i64), tensor_info("p32", [4, 6], i32),
         tensor_info("pf", [4, 6], i32)], opset=15, name="int_pow")
    a = rng.integers(-5, 6, size=(4, 6)).astype(np.int64)
    a[0, :3] = [1, -1, -1]
    e = rng.integers(-2, 13, size=(4, 6)).astype(np.int64)
    e[0, :3] = [-3, -3, -2]
    return "int_pow", model, {
        "a": a, "e": e, "b": rng.integers(-4, 5, size=(4, 6)).astype(np.int32),
        "e32": np.array([0, 1, 2, 3, 7, 11], dtype=np.int32),
        "bp": np.array([[2, 3, 4, 5, 6, 7], [3, 5, 6, 7, 2, 3], [5, 6, 7, 8, 9, 2],
                        [7, 2, 3, 4, 5, 6]], dtype=np.int32),
        "ef": np.array([0.5, 1.0, 2.0, 3.0, 4.0, 0.0], dtype=np.float32)}


def integer_math(rng):
    """Integer forms of float-first operators: MatMul (int32 2-D, int64
    batched with broadcasting), ReduceMean (truncated), ReduceL1, ReduceL2
    (the root truncated), ReduceSumSquare, ReduceMax/ReduceMin on bool, and
    Split on int64."""
    i32, i64, b = onnx.TensorProto.INT32, onnx.TensorProto.INT64, onnx.TensorProto.BOOL
    n = helper.make_node
    nodes = [n("MatMul", ["a", "w"], ["mm"], name="mm"),
             n("MatMul", ["t", "u"], ["bmm"], name="bmm"),
             n("ReduceMean", ["t", "ax2"], ["mean"], name="mean", keepdims=0),
             n("ReduceL1", ["a", "ax1"], ["l1"], name="l1"),
             n("ReduceL2", ["a", "ax0"], ["l2"], name="l2"),
             n("ReduceSumSquare", ["t", "ax02"], ["ss"], name="ss"),
             n("ReduceMax", ["m", "ax1"], ["any"], name="any", keepdims=0),
             n("ReduceMin", ["m", "ax1"], ["all"], name="all", keepdims=0),
             n("Split", ["t"], ["s0", "s1"], name="split", axis=1, num_outputs=2)]
    inits = [initializer_int64("ax0", [0]), initializer_int64("ax1", [1]),
             initializer_int64("ax2", [2]), initializer_int64("ax02", [0, 2])]
    model = make_model(
        nodes, [tensor_info("a", [3, 5], i32), tensor_info("w", [5, 4], i32),
                tensor_info("t", [2, 4, 5], i64), tensor_info("u", [5, 3], i64),
                tensor_info("m", [4, 3], b)],
        [tensor_info("mm", [3, 4], i32), tensor_info("bmm", [2, 4, 3], i64),
         tensor_info("mean", [2, 4], i64), tensor_info("l1", [3, 1], i32),
         tensor_info("l2", [1, 5], i32), tensor_info("ss", [1, 4, 1], i64),
         tensor_info("any", [4], b), tensor_info("all", [4], b),
         tensor_info("s0", [2, 2, 5], i64), tensor_info("s1", [2, 2, 5], i64)],
        inits, opset=20, name="integer_math")
    return "integer_math", model, {
        "a": rng.integers(-20, 20, size=(3, 5)).astype(np.int32),
        "w": rng.integers(-20, 20, size=(5, 4)).astype(np.int32),
        "t": rng.integers(-1000, 1000, size=(2, 4, 5)).astype(np.int64),
        "u": rng.integers(-1000, 1000, size=(5, 3)).astype(np.int64),
        "m": np.array([[True, True, True], [True, False, True], [False, False, False],
                       [False, True, False]])}


def select_reverse_unpool(rng):
    """Compress with a constant condition (along an axis and flattened),
    ReverseSequence with runtime lengths (batch-major and time-major), and
    MaxUnpool. (With a larger output_shape, onnxruntime reads the indices as
    positions in the larger tensor, while ONNX's reference and node test
    place the unpooled tensor at the start of it, as Octet does: that case is
    left to the node test.)"""
    i64, b = onnx.TensorProto.INT64, onnx.TensorProto.BOOL
    n = helper.make_node
    nodes = [n("Compress", ["x", "keep"], ["cols"], name="cols", axis=1),
             n("Compress", ["x", "keep_flat"], ["flat"], name="flat"),
             n("ReverseSequence", ["s", "lens"], ["rev_b"], name="rev_b", batch_axis=0,
               time_axis=1),
             n("ReverseSequence", ["st", "lens"], ["rev_t"], name="rev_t", batch_axis=1,
               time_axis=0),
             n("MaxUnpool", ["v", "idx"], ["up"], name="up", kernel_shape=[2, 2],
               strides=[2, 2])]
    inits = [onnx.numpy_helper.from_array(np.array([True, False, True, True, False]), "keep"),
             onnx.numpy_helper.from_array(np.array([False, True, True, False, True, True]),
                                          "keep_flat")]
    # MaxPool-style indices: one position per 2x2 window of a [1, 2, 4, 6] input.
    idx = np.zeros((1, 2, 2, 3), dtype=np.int64)
    for c in range(2):
        for i in range(2):
            for j in range(3):
                di, dj = rng.integers(0, 2, size=2)
                idx[0, c, i, j] = (c * 4 + 2 * i + di) * 6 + 2 * j + dj
    model = make_model(
        nodes, [tensor_info("x", [3, 5]), tensor_info("s", [3, 4, 2]),
                tensor_info("st", [4, 3, 2]), tensor_info("lens", [3], i64),
                tensor_info("v", [1, 2, 2, 3]), tensor_info("idx", [1, 2, 2, 3], i64)],
        [tensor_info("cols", [3, 3]), tensor_info("flat", [4]),
         tensor_info("rev_b", [3, 4, 2]), tensor_info("rev_t", [4, 3, 2]),
         tensor_info("up", [1, 2, 4, 6])],
        inits, opset=13, name="select_reverse_unpool")
    return "select_reverse_unpool", model, {
        "x": rand(rng, 3, 5), "s": rand(rng, 3, 4, 2), "st": rand(rng, 4, 3, 2),
        "lens": np.array([4, 1, 3], dtype=np.int64), "v": rand(rng, 1, 2, 2, 3), "idx": idx}


def batchnorm_training(rng):
    """BatchNormalization in training mode: normalized by the batch's own
    statistics, with the running mean and variance blended by momentum."""
    n = helper.make_node
    nodes = [n("BatchNormalization", ["x", "scale", "bias", "mean", "var"],
               ["y", "running_mean", "running_var"], name="bn", training_mode=1,
               momentum=0.8, epsilon=1e-3)]
    inits = [initializer("scale", rand(rng, 3)), initializer("bias", rand(rng, 3)),
             initializer("mean", rand(rng, 3)),
             initializer("var", np.abs(rand(rng, 3)) + 0.5)]
    model = make_model(
        nodes, [tensor_info("x", [4, 3, 5, 2])],
        [tensor_info("y", [4, 3, 5, 2]), tensor_info("running_mean", [3]),
         tensor_info("running_var", [3])], inits, opset=15, name="batchnorm_training")
    return "batchnorm_training", model, {"x": rand(rng, 4, 3, 5, 2, scale=2.0) + 1.0}


def dft_ops(rng):
    """DFT: a real signal one-sided, a complex one zero-padded by
    dft_length, and the inverse of a complex one along another axis."""
    n = helper.make_node
    nodes = [n("DFT", ["r"], ["half"], name="half", axis=1, onesided=1),
             n("DFT", ["c", "len12"], ["padded"], name="padded", axis=1),
             n("DFT", ["c"], ["inv"], name="inv", axis=2, inverse=1)]
    inits = [initializer_int64("len12", 12)]
    model = make_model(
        nodes, [tensor_info("r", [2, 8, 3, 1]), tensor_info("c", [2, 9, 4, 2])],
        [tensor_info("half", [2, 5, 3, 2]), tensor_info("padded", [2, 12, 4, 2]),
         tensor_info("inv", [2, 9, 4, 2])], inits, opset=17, name="dft_ops")
    return "dft_ops", model, {"r": rand(rng, 2, 8, 3, 1), "c": rand(rng, 2, 9, 4, 2)}


def grid_sample(rng):
    """GridSample (opset 16) in every mode and padding mode, with and without
    align_corners, at grid points partly outside [-1, 1]. (Bicubic with
    border padding is left out: onnxruntime's result differs from ONNX's
    reference implementation there, and Octet follows the reference.)"""
    n = helper.make_node
    nodes = [n("GridSample", ["x", "g"], ["lin_zeros"], name="lin_zeros"),
             n("GridSample", ["x", "g"], ["near_border"], name="near_border",
               mode="nearest", padding_mode="border"),
             n("GridSample", ["x", "g"], ["cubic_reflect"], name="cubic_reflect",
               mode="bicubic", padding_mode="reflection"),
             n("GridSample", ["x", "g"], ["lin_reflect_ac"], name="lin_reflect_ac",
               padding_mode="reflection", align_corners=1),
             n("GridSample", ["x", "g"], ["cubic_zeros_ac"], name="cubic_zeros_ac",
               mode="bicubic", align_corners=1)]
    model = make_model(
        nodes, [tensor_info("x", [2, 3, 5, 6]), tensor_info("g", [2, 4, 7, 2])],
        [tensor_info(name, [2, 3, 4, 7]) for name in
         ["lin_zeros", "near_border", "cubic_reflect", "lin_reflect_ac", "cubic_zeros_ac"]],
        opset=16, name="grid_sample")
    g = rng.uniform(-1.3, 1.3, size=(2, 4, 7, 2)).astype(np.float32)
    return "grid_sample", model, {"x": rand(rng, 2, 3, 5, 6), "g": g}


def data_dependent_constants(rng):
    """NonZero and Unique on constants (their result shapes depend on the
    data, so Octet computes them at compile time): NonZero's coordinates
    pick elements of a runtime input through GatherND; Unique's outputs (all
    four, sorted along an axis and unsorted) are graph outputs."""
    i64 = onnx.TensorProto.INT64
    n = helper.make_node
    nodes = [n("NonZero", ["mask"], ["nz"], name="nz"),
             n("Transpose", ["nz"], ["coords"], name="coords", perm=[1, 0]),
             n("GatherND", ["x", "coords"], ["picked"], name="picked"),
             n("Unique", ["table"], ["uy", "ui", "uinv", "uc"], name="u", axis=0),
             n("Unique", ["flat"], ["fy", "fi", "finv", "fc"], name="f", sorted=0),
             n("Add", ["x", "x"], ["twice"], name="twice")]
    inits = [onnx.numpy_helper.from_array(
                 np.array([[1, 0, 0, 2], [0, 3, 0, 0], [4, 0, 5, 0]], dtype=np.float32), "mask"),
             initializer_int64("table", [[2, 1], [0, 5], [2, 1], [0, 4], [0, 5]]),
             initializer("flat", [3.0, 1.0, 3.0, -2.0, 1.0, 7.0])]
    model = make_model(
        nodes, [tensor_info("x", [3, 4])],
        [tensor_info("picked", [5]), tensor_info("uy", [3, 2], i64), tensor_info("ui", [3], i64),
         tensor_info("uinv", [5], i64), tensor_info("uc", [3], i64), tensor_info("fy", [4]),
         tensor_info("fi", [4], i64), tensor_info("finv", [6], i64), tensor_info("fc", [4], i64),
         tensor_info("twice", [3, 4])],
        inits, opset=13, name="data_dependent_constants")
    return "data_dependent_constants", model, {"x": rand(rng, 3, 4)}


def maxpool_indices(rng):
    """MaxPool's Indices output: flat positions in the whole input, padding
    excluded, ties to the first in scan order (integer-valued data makes
    ties), row-major and with storage_order 1."""
    i64 = onnx.TensorProto.INT64
    n = helper.make_node
    nodes = [n("MaxPool", ["x"], ["y", "i"], name="pool", kernel_shape=[3, 3],
               strides=[2, 2], pads=[1, 1, 1, 1]),
             n("MaxPool", ["x"], ["yc", "ic"], name="pool_c", kernel_shape=[2, 2],
               strides=[1, 2], storage_order=1)]
    model = make_model(
        nodes, [tensor_info("x", [2, 3, 5, 6])],
        [tensor_info("y", [2, 3, 3, 3]), tensor_info("i", [2, 3, 3, 3], i64),
         tensor_info("yc", [2, 3, 4, 3]), tensor_info("ic", [2, 3, 4, 3], i64)],
        opset=12, name="maxpool_indices")
    x = rng.integers(-3, 4, size=(2, 3, 5, 6)).astype(np.float32)
    return "maxpool_indices", model, {"x": x}


ALL = [mlp, attention, broadcast_matmul, elementwise, gemm_variants, blocked_gemm,
       reductions,
       unary_math, activations, binary_math, clip_v6, reduce_ops, normalizations,
       transformer_mlp, data_movement, cnn, pad_split, typed_ops, embedding_reshape,
       index_ops, mlp_dynamic_external, f16_contractions, unsigned_ops, resize_ops,
       conv_transpose_ops, topk_ops, einsum_ops, recurrent_ops,
       quantization_ops, lrn_mvn, gather_nd, scatter_ops, resize_cubic,
       int_pow, integer_math, select_reverse_unpool, batchnorm_training,
       dft_ops, grid_sample, data_dependent_constants, maxpool_indices,
       fp8_qdq_mlp]
