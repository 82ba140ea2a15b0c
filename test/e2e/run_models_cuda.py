# The end-to-end models on an NVIDIA GPU (PTX JIT-compiled by the driver).
# Without a CUDA device lit reports this test UNSUPPORTED (missing feature
# cuda-device): `octet-run --list-devices` found no NVIDIA GPU.
# REQUIRES: e2e-python, compiler, cuda-device
# RUN: rm -rf %t && %python %s --bin %octet_bin --work %t --device cuda:0 | FileCheck %s
# CHECK: mlp: output y [8, 10]: {{.*}} (ok)
# CHECK: mlp: {{.*}}running on cuda:0
# CHECK: attention: output y [2, 16, 32]: {{.*}} (ok)
# CHECK: broadcast_matmul: output ab [3, 4, 5, 6]: {{.*}} (ok)
# CHECK: elementwise: output y [2, 3, 4]: {{.*}} (ok)
# CHECK: gemm_variants: output sm [2, 3, 4]: {{.*}} (ok)
# CHECK: reductions: output s0 [3, 4, 5]: {{.*}} (ok)
# CHECK: reductions: output dot []: {{.*}} (ok)
# CHECK: unary_math: output abs [4, 16]: {{.*}} (ok)
# CHECK: unary_math: output acosh [4, 16]: {{.*}} (ok)
# CHECK: activations: output gelu_0 [3, 32]: {{.*}} (ok)
# CHECK: activations: output shrink_13 [3, 32]: {{.*}} (ok)
# CHECK: binary_math: output pow [2, 3, 4]: {{.*}} (ok)
# CHECK: binary_math: output clip_hi [2, 3, 4]: {{.*}} (ok)
# CHECK: clip_v6: output z [5, 7]: {{.*}} (ok)
# CHECK: reduce_ops: output reducesum_a1_k0 [3, 5]: {{.*}} (ok)
# CHECK: reduce_ops: output reducesumsquare_all []: {{.*}} (ok)
# CHECK: reduce_ops: output lsm [2, 6]: {{.*}} (ok)
# CHECK: normalizations: output ln [2, 8, 16]: {{.*}} (ok)
# CHECK: normalizations: output inorm [2, 4, 5, 6]: {{.*}} (ok)
# CHECK: transformer_mlp: output y [2, 12, 32]: {{.*}} (ok)
# CHECK: data_movement: output cat1 [2, 9, 4]: {{.*}} (ok)
# CHECK: data_movement: output sl [3, 4, 3, 2]: {{.*}} (ok)
# CHECK: data_movement: output sq [2, 3, 4]: {{.*}} (ok)
# CHECK: cnn: output y [2, 10]: {{.*}} (ok)
# CHECK: pad_split: output p_reflect [6, 10]: {{.*}} (ok)
# CHECK: pad_split: output s2d [1, 32, 2, 3]: {{.*}} (ok)
# CHECK: typed_ops: output div_i [3, 4]: {{.*}} (ok)
# CHECK: typed_ops: output mod_i [3, 4]: {{.*}} (ok)
# CHECK: typed_ops: output rsum_i [3]: {{.*}} (ok)
# CHECK: typed_ops: output xor_ [3, 4]: {{.*}} (ok)
# CHECK: typed_ops: output x_i32 [3, 4]: {{.*}} (ok)
# CHECK: typed_ops: output sqrt_f64 [3, 4]: {{.*}} (ok)
# CHECK: typed_ops: output isinf_neg [2, 5]: {{.*}} (ok)
# CHECK: typed_ops: output reshaped [3, 4]: {{.*}} (ok)
# CHECK: embedding_reshape: output flat [2, 40]: {{.*}} (ok)
# CHECK: embedding_reshape: output rows [50, 2, 2]: {{.*}} (ok)
# CHECK: index_ops: output amax_last [3, 1]: {{.*}} (ok)
# CHECK: index_ops: output hard [3, 4]: {{.*}} (ok)
# CHECK: index_ops: output lower [3, 4]: {{.*}} (ok)
# CHECK: index_ops: output hot [5, 2, 3]: {{.*}} (ok)
# CHECK: index_ops: output gel [3, 3]: {{.*}} (ok)
# CHECK: index_ops: output csum_rev [3, 6]: {{.*}} (ok)
# CHECK: mlp_dynamic_external: output y [3, 10]: {{.*}} (ok)
# CHECK: f16_contractions: output mm [8, 16]: {{.*}} (ok)
# CHECK: f16_contractions: output gemm [8, 16]: {{.*}} (ok)
# CHECK: f16_contractions: output conv [1, 6, 8, 8]: {{.*}} (ok)
# CHECK: f16_contractions: output rsum [8]: {{.*}} (ok)
# CHECK: unsigned_ops: output normalized [3, 8]: {{.*}} (ok)
# CHECK: unsigned_ops: output div_u8 [3, 8]: {{.*}} (ok)
# CHECK: unsigned_ops: output gt_u8 [3, 8]: {{.*}} (ok)
# CHECK: unsigned_ops: output rmax_u8 [3]: {{.*}} (ok)
# CHECK: unsigned_ops: output shl [2, 5]: {{.*}} (ok)
# CHECK: unsigned_ops: output shr [2, 5]: {{.*}} (ok)
# CHECK: unsigned_ops: output back_u8 [3, 8]: {{.*}} (ok)
# CHECK: resize_ops: output near_up [1, 2, 8, 10]: {{.*}} (ok)
# CHECK: resize_ops: output lin_up [1, 2, 8, 10]: {{.*}} (ok)
# CHECK: resize_ops: output lin_down_pt [1, 2, 3, 2]: {{.*}} (ok)
# CHECK: resize_ops: output lin_ac [1, 2, 8, 10]: {{.*}} (ok)
# CHECK: resize_ops: output near_ceil [1, 2, 7, 9]: {{.*}} (ok)
# CHECK: resize_ops: output near_rpc [1, 2, 7, 9]: {{.*}} (ok)
# CHECK: resize_ops: output axes_up [1, 2, 6, 15]: {{.*}} (ok)
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402

import e2e_util  # noqa: E402
import models  # noqa: E402

args = e2e_util.parse_args()
for build in models.ALL:
    # A builder returns (name, model, feeds) and optionally check() options.
    name, model, feeds, *options = build(np.random.default_rng(2026))
    e2e_util.check(args, name, model, feeds, **(options[0] if options else {}))
