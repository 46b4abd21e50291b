"""Shared pytest settings: deterministic property tests and a headless plotting backend."""

import matplotlib
from hypothesis import HealthCheck, settings

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
