"""Speed of the book as a reader meets it: chapter execution and slider moves.

A script, not a test (pytest does not collect tests/benchmarks/)::

    python tests/benchmarks/bench_chapters.py              # every chapter, every explorer
    python tests/benchmarks/bench_chapters.py chapters/03_xor.ipynb   # some chapters
    python tests/benchmarks/bench_chapters.py --moves      # only the slider moves

1. Executes every chapter notebook (chapters/*.ipynb) with nbclient, all in this one
   process, kernel start included, in the chapter's folder as the book build does,
   and prints its seconds against the goal of 20 s per chapter (the explorers'
   precomputed pictures for the static book included).
2. Finds every explorer (subclass of ``lib.widgets.core.Explorer``) defined in a module
   of ``lib.widgets``, builds it as a kernel would (``static=False``, or its classmethod
   ``benchmark_instance()`` when it needs data) and times its
   ``benchmark_moves()``: one zero-argument callable per control, each moving that
   control to its next grid value (compute with lib, redraw, render the PNG), as a
   reader's move does with a kernel. Each runs ``REPEATS`` times after one warm-up
   call; the median is compared with the goal of 50 ms. The static book's moves are
   measured in the browser by ``tests/test_book_browser.py``.

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
CHAPTER_GOAL_S = 20.0
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


def time_callback(callback, repeats: int = REPEATS) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of ``callback()`` over ``repeats`` calls.

    The CPU time of this process is printed beside the wall-clock time: on a shared
    machine the wall clock also counts the time other processes had the cores.
    """
    callback()
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        callback()
        wall.append((time.perf_counter() - start) * 1000.0)
        cpu.append((time.process_time() - start_cpu) * 1000.0)
    return statistics.median(wall), statistics.median(cpu)


def explorer_classes() -> list[type]:
    """Every Explorer subclass defined in a module of lib.widgets, in module order."""
    import lib.widgets
    from lib.widgets.core import Explorer

    found = []
    for info in sorted(pkgutil.iter_modules(lib.widgets.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"lib.widgets.{info.name}")
        found += [value for value in vars(module).values()
                  if isinstance(value, type) and issubclass(value, Explorer)
                  and value is not Explorer and value.__module__ == module.__name__]
    return found


def main(arguments: list[str]) -> int:
    chosen = [ROOT / a for a in arguments if a.endswith(".ipynb")]
    notebooks = [] if "--moves" in arguments else chosen or sorted(CHAPTERS.glob("*.ipynb"))
    errors = 0
    chapters_over = chapters_run = 0
    callbacks_over = callbacks_run = 0

    print(f"Chapters (goal: each executes in <= {CHAPTER_GOAL_S:.0f} s, kernel start included)")
    for path in notebooks:
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

    print(f"\nSlider moves with a kernel (goal: median <= {CALLBACK_GOAL_MS:.0f} ms over "
          f"{REPEATS} moves)")
    try:
        classes = explorer_classes()
    except Exception:  # noqa: BLE001
        errors += 1
        classes = []
        print(f"  importing lib.widgets FAILED\n{traceback.format_exc(limit=3)}")
    for cls in classes:
        name = f"{cls.__module__}.{cls.__name__}"
        try:
            # An explorer that needs data (trained models, ...) builds itself for the
            # benchmark with a classmethod benchmark_instance(); others need no arguments.
            make = getattr(cls, "benchmark_instance", None) or (lambda c=cls: c(static=False))
            moves = make().benchmark_moves()
        except Exception as error:  # noqa: BLE001
            errors += 1
            print(f"  {name}: building FAILED: {type(error).__name__}: {error}")
            continue
        for label, callback in moves.items():
            try:
                median_ms, cpu_ms = time_callback(callback)
            except Exception as error:  # noqa: BLE001
                errors += 1
                print(f"  {name}.{label}: FAILED: {type(error).__name__}: {error}")
                continue
            callbacks_run += 1
            over = median_ms > CALLBACK_GOAL_MS
            callbacks_over += over
            print(f"  {name + ' ' + label:60s} {median_ms:7.1f} ms (cpu {cpu_ms:5.1f} ms)  "
                  f"{'OVER GOAL' if over else 'ok'}")
        plt.close("all")

    print(
        f"\nSummary: chapters {chapters_run - chapters_over}/{chapters_run} within "
        f"{CHAPTER_GOAL_S:.0f} s; callbacks {callbacks_run - callbacks_over}/{callbacks_run} "
        f"within {CALLBACK_GOAL_MS:.0f} ms; failures: {errors}"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
