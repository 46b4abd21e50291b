"""Speed of the book as a reader meets it: chapter execution and slider moves.

A script, not a test (pytest does not collect tests/benchmarks/)::

    python tests/benchmarks/bench_chapters.py

1. Executes every chapter notebook (chapters/*.ipynb) with nbclient, all in this one
   process, kernel start included, in the chapter's folder as the book build does,
   and prints its seconds against the goal of 15 s per chapter.
2. Imports every module of ``lib.widgets`` and calls its ``benchmark_callbacks()``:
   a dict name -> zero-argument callable that performs one slider move (compute,
   redraw, render the PNG the notebook would display). Each callable runs
   ``REPEATS`` times after one warm-up call; the median is compared with the goal
   of 50 ms. A module without ``benchmark_callbacks`` is reported, not run.

The last line is a one-line summary. The exit code is 0 even when a goal is missed
(timings on shared machines are noisy); it is 1 only when something fails to run.
"""

from __future__ import annotations

import importlib
import pkgutil
import statistics
import sys
import time
import traceback
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # this process only draws off-screen; kernels keep their own backend

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "chapters"
CHAPTER_GOAL_S = 15.0
CALLBACK_GOAL_MS = 50.0
REPEATS = 30


def time_chapter(path: Path) -> float:
    """Seconds to start a kernel and execute every cell of the notebook at ``path``."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def time_callback(callback, repeats: int = REPEATS) -> float:
    """Median milliseconds of ``callback()`` over ``repeats`` calls after one warm-up."""
    callback()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        callback()
        samples.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(samples)


def widget_modules() -> list[str]:
    import lib.widgets

    return sorted(
        f"lib.widgets.{info.name}"
        for info in pkgutil.iter_modules(lib.widgets.__path__)
        if not info.name.startswith("_")
    )


def main() -> int:
    errors = 0
    chapters_over = chapters_run = 0
    callbacks_over = callbacks_run = 0
    without_benchmarks: list[str] = []

    print(f"Chapters (goal: each executes in <= {CHAPTER_GOAL_S:.0f} s, kernel start included)")
    for path in sorted(CHAPTERS.glob("*.ipynb")):
        try:
            seconds = time_chapter(path)
        except Exception as error:  # noqa: BLE001 - report and go on with the others
            errors += 1
            print(f"  {path.name:40s}  FAILED: {type(error).__name__}: {str(error)[:200]}")
            continue
        chapters_run += 1
        over = seconds > CHAPTER_GOAL_S
        chapters_over += over
        print(f"  {path.name:40s} {seconds:7.2f} s  {'OVER GOAL' if over else 'ok'}")
    if not chapters_run and not errors:
        print("  (no chapter notebooks found)")

    print(f"\nSlider callbacks (goal: median <= {CALLBACK_GOAL_MS:.0f} ms over {REPEATS} calls)")
    for name in widget_modules():
        try:
            module = importlib.import_module(name)
        except Exception:  # noqa: BLE001
            errors += 1
            print(f"  {name}: import FAILED\n{traceback.format_exc(limit=3)}")
            continue
        factory = getattr(module, "benchmark_callbacks", None)
        if factory is None:
            without_benchmarks.append(name)
            print(f"  {name}: no benchmark_callbacks() (not measured)")
            continue
        try:
            callbacks = factory()
        except Exception as error:  # noqa: BLE001
            errors += 1
            print(f"  {name}: benchmark_callbacks() FAILED: {type(error).__name__}: {error}")
            continue
        for label, callback in callbacks.items():
            try:
                median_ms = time_callback(callback)
            except Exception as error:  # noqa: BLE001
                errors += 1
                print(f"  {name}.{label}: FAILED: {type(error).__name__}: {error}")
                continue
            callbacks_run += 1
            over = median_ms > CALLBACK_GOAL_MS
            callbacks_over += over
            verdict = "OVER GOAL" if over else "ok"
            print(f"  {name + '.' + label:60s} {median_ms:7.1f} ms  {verdict}")
        plt.close("all")

    print(
        f"\nSummary: chapters {chapters_run - chapters_over}/{chapters_run} within "
        f"{CHAPTER_GOAL_S:.0f} s; callbacks {callbacks_run - callbacks_over}/{callbacks_run} "
        f"within {CALLBACK_GOAL_MS:.0f} ms; modules without benchmark_callbacks: "
        f"{', '.join(without_benchmarks) or 'none'}; failures: {errors}"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
