"""Re-execute chapter notebooks in place so that their stored outputs are fresh.

Strict nbval compares every cell's new output with the output stored in the
notebook, so after changing a chapter or anything in ``lib/`` the stored outputs
must be regenerated and committed::

    python tests/regenerate_outputs.py                 # every chapter
    python tests/regenerate_outputs.py chapters/01_*.ipynb

All notebooks run in this one process (one kernel each, no per-file CLI start-up),
with the working directory set to ``chapters/`` as in the book build. Widget state
is stored so that sliders render in the HTML book; per-cell timing metadata is not
recorded, so that a re-run with no real change leaves the files untouched.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"


def regenerate(path: Path, timeout: int = 300) -> float:
    """Execute the notebook at ``path`` and write it back; return the seconds taken."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(notebook, path)
    return seconds


def main(arguments: list[str]) -> int:
    paths = [Path(a).resolve() for a in arguments] or sorted(CHAPTERS.glob("*.ipynb"))
    if not paths:
        print("no notebooks found under chapters/")
        return 1
    for path in paths:
        seconds = regenerate(path)
        print(f"{path.relative_to(ROOT)}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
