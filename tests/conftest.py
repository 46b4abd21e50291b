"""Shared pytest settings: deterministic property tests and a headless plotting backend."""

import os

# One BLAS thread per process: the suite runs two workers (pytest -n 2), each
# driving a notebook kernel, on two cores; the book's matrices are small, and
# extra BLAS threads only fight over the cores. Kernels inherit this setting.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# Plain pytest modules draw off-screen. (Notebook kernels run in their own
# processes and keep the inline backend, so their stored outputs stay comparable.)
matplotlib.use("Agg")

# Property tests derandomized: the same examples on every run and every machine.
settings.register_profile(
    "book",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("book")
