"""Speed and memory of lib.attention against jax and against the bare NumPy expression.

A script, not a test: ``.venv/bin/python tests/benchmarks/bench_attention.py``.

1. ``scaled_dot_product_attention`` at L = S = 2048, d = d_v = 64, in float32 and
   float64, against
   - jax's jitted ``jax.nn.dot_product_attention`` (layout (B, T, N, H) with
     B = N = 1; float64 with ``jax_enable_x64``), goal: lib at most 1.2x jax;
   - the bare expression ``softmax(Q @ K.T / sqrt(d)) @ V`` with lib's softmax
     (what lib adds is its input checks), goal: at most 5% overhead;
   - the same computation through lib's unchecked softmax kernel
     (``lib.softmax._softmax``), which isolates the cost of lib's checks of Q, K, V;
   - for information, the same expression with the stable softmax written inline in
     NumPy (no checks at all).
   All run in one process, alternating (lib, jax, bare, inline, lib, ...) so that they
   see the same machine load; each figure is the median over the repetitions.
2. ``online_attention`` at L = S = 16384, d = d_v = 64, float64: equal to dense
   attention on a slice of 256 queries (the full dense matrix of weights would need
   16384^2 * 8 bytes = 2 GiB), its peak memory measured with tracemalloc (goal: at
   most 64 MiB), and its time.

BLAS and XLA are both limited to one thread: on a shared two-core machine extra
threads add noise without changing the comparison.
"""

from __future__ import annotations

import os

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false "
                      "intra_op_parallelism_threads=1")

import statistics  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

import jax  # noqa: E402
import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from lib.attention import online_attention, scaled_dot_product_attention  # noqa: E402
from lib.softmax import _softmax, softmax  # noqa: E402

jax.config.update("jax_enable_x64", True)

REPETITIONS = 9
L = S = 2048
D = 64
L_ONLINE = 16384
BLOCK = 128
MiB = 2**20


def seconds(f) -> float:
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def bench_dense(dtype) -> None:
    rng = np.random.default_rng(0)
    Q, K, V = (rng.normal(size=(L, D)).astype(dtype) for _ in range(3))
    jQ, jK, jV = (jax.numpy.asarray(A[None, :, None, :]) for A in (Q, K, V))
    jax_attention = jax.jit(jax.nn.dot_product_attention)

    def lib_call():
        return scaled_dot_product_attention(Q, K, V)[0]

    def jax_call():
        return jax_attention(jQ, jK, jV).block_until_ready()

    root_d = np.sqrt(D).astype(dtype)  # a float64 scalar would turn float32 scores into float64

    def bare_call():
        return softmax(Q @ K.T / root_d) @ V

    def kernel_call():
        return _softmax(Q @ K.T, -1, float(np.sqrt(D))) @ V

    def inline_call():
        scores = Q @ K.T / root_d
        e = np.exp(scores - scores.max(axis=-1, keepdims=True))
        return (e / e.sum(axis=-1, keepdims=True)) @ V

    calls = {"lib": lib_call, "jax": jax_call, "bare": bare_call, "kernel": kernel_call,
             "inline": inline_call}
    ours = lib_call()
    tol = 1e-5 if dtype == np.float32 else 1e-6  # jax may take the softmax in float32
    for name in ("jax", "bare", "kernel", "inline"):
        other = np.asarray(calls[name]()).reshape(L, D)
        err = np.max(np.abs(ours - other)) / np.max(np.abs(other))
        assert err < tol, f"{name} disagrees with lib: {err:.1e}"
    times = {name: [] for name in calls}
    ratios_jax, ratios_bare, ratios_kernel = [], [], []
    for _ in range(REPETITIONS):
        t = {name: seconds(f) for name, f in calls.items()}
        for name in calls:
            times[name].append(t[name])
        ratios_jax.append(t["lib"] / t["jax"])
        ratios_bare.append(t["lib"] / t["bare"])
        ratios_kernel.append(t["lib"] / t["kernel"])
    med = {name: statistics.median(v) * 1e3 for name, v in times.items()}
    name = np.dtype(dtype).name
    print(f"scaled_dot_product_attention L=S={L} d={D} {name}: lib {med['lib']:.1f} ms, "
          f"jax jit {med['jax']:.1f} ms, bare NumPy+lib.softmax {med['bare']:.1f} ms, "
          f"unchecked kernel {med['kernel']:.1f} ms, inline NumPy softmax "
          f"{med['inline']:.1f} ms")
    print(f"  lib / jax = {med['lib'] / med['jax']:.2f}x (median of per-run ratios "
          f"{statistics.median(ratios_jax):.2f}x; goal <= 1.2x)")
    print(f"  lib / bare = {med['lib'] / med['bare']:.3f} (median of per-run ratios "
          f"{statistics.median(ratios_bare):.3f}; goal <= 1.05)")
    print(f"  lib / unchecked kernel = {med['lib'] / med['kernel']:.3f} (median of per-run "
          f"ratios {statistics.median(ratios_kernel):.3f}): the cost of lib's checks")


def bench_online() -> None:
    rng = np.random.default_rng(1)
    Q, K, V = (rng.normal(size=(L_ONLINE, D)) for _ in range(3))
    tracemalloc.start()
    out = online_attention(Q, K, V, block_size=BLOCK)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    elapsed = statistics.median(seconds(lambda: online_attention(Q, K, V, block_size=BLOCK))
                                for _ in range(3))
    rows = slice(0, 256)
    dense, _ = scaled_dot_product_attention(Q[rows], K, V)
    diff = float(np.max(np.abs(out[rows] - dense)))
    dense_bytes = L_ONLINE * L_ONLINE * 8
    print(f"online_attention L=S={L_ONLINE} d={D} float64 block={BLOCK}: "
          f"{elapsed:.2f} s (median of 3), peak memory {peak / MiB:.1f} MiB "
          f"(goal <= 64 MiB; dense weights alone: {dense_bytes / 2**30:.0f} GiB)")
    print(f"  equal to dense on queries 0..255: max |difference| "
          f"{'< 1e-12: ok' if diff < 1e-12 else f'= {diff:.1e}: TOO LARGE'}")


def main() -> None:
    with threadpool_limits(limits=1):
        for dtype in (np.float32, np.float64):
            bench_dense(dtype)
        bench_online()


if __name__ == "__main__":
    main()
