"""Every chapter is stored in the canonical form of tests/regenerate_outputs.py.

That form is what JupyterLab writes (its kernelspec, nbformat's JSON layout), minus
what only records a run or a view (widget state, execution timing, collapsed
outputs), with the Colab setup cell first among the code cells. A chapter in this
form opens in JupyterLab unmodified, and a contributor's diff shows only real
changes. ``python tests/regenerate_outputs.py --normalize`` brings a notebook into
the form without executing it.
"""

from __future__ import annotations

import copy
import json
import sys
import types
from pathlib import Path

import nbformat
import pytest
import regenerate_outputs as canon

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
MAX_CODE_LINE = 88  # the book's code column at 1280 px


@pytest.fixture(params=CHAPTERS, ids=[p.stem for p in CHAPTERS])
def chapter(request):
    path = request.param
    return path, nbformat.read(path, as_version=4)


def _first_code_cell(notebook):
    return next(cell for cell in notebook.cells if cell.cell_type == "code")


def test_kernelspec_is_jupyterlabs(chapter):
    _, notebook = chapter
    assert notebook.metadata.get("kernelspec") == canon.KERNELSPEC
    assert notebook.metadata.get("language_info") == canon.LANGUAGE_INFO


def test_no_widget_state_or_tool_metadata(chapter):
    _, notebook = chapter
    assert not set(notebook.metadata) & set(canon.NOTEBOOK_NOISE), (
        "widget state or another tool's metadata is stored"
    )


def test_no_execution_timing_or_view_state(chapter):
    _, notebook = chapter
    noisy = {
        cell.get("id"): sorted(set(cell.metadata) & set(canon.CELL_NOISE))
        for cell in notebook.cells
        if set(cell.metadata) & set(canon.CELL_NOISE)
    }
    assert not noisy, f"cells with run or view metadata: {noisy}"


def test_first_code_cell_is_the_colab_setup_cell(chapter):
    path, notebook = chapter
    cell = _first_code_cell(notebook)
    assert cell.get("id") == canon.SETUP_CELL_ID
    assert cell.source == canon.setup_cell_source(path.stem)
    assert cell.metadata.get("tags") == canon.SETUP_CELL_TAGS
    assert cell.outputs == [], "the setup cell prints nothing outside Colab"


def test_stored_text_is_the_canonical_text(chapter):
    """Layout (one-space indent, sorted keys, final newline) and every rule above."""
    path, notebook = chapter
    expected = canon.canonical_text(canon.normalize(copy.deepcopy(notebook), path.stem))
    assert path.read_text(encoding="utf-8") == expected, (
        f"{path.name} is not in canonical form: python tests/regenerate_outputs.py "
        f"--normalize {path.relative_to(ROOT)}"
    )


def test_every_chapter_with_extra_packages_exists():
    assert set(canon.CHAPTER_DATA) <= {p.stem for p in CHAPTERS}


# ----------------------------------------------------------------------------------
# The Colab setup cell itself.


@pytest.mark.parametrize("stem", [p.stem for p in CHAPTERS])
def test_setup_cell_is_short_valid_python(stem):
    source = canon.setup_cell_source(stem)
    compile(source, f"{stem}-setup", "exec")
    assert max(len(line) for line in source.splitlines()) <= MAX_CODE_LINE
    assert source.startswith("# Google Colab only")


def _run_setup_cell(stem, monkeypatch, on_colab):
    calls, enabled = [], []

    def fake_run(command, check):
        assert check is True
        calls.append(command)

    monkeypatch.setattr("subprocess.run", fake_run)
    if on_colab:
        output = types.ModuleType("google.colab.output")
        output.enable_custom_widget_manager = lambda: enabled.append(True)
        colab = types.ModuleType("google.colab")
        colab.output = output
        google = types.ModuleType("google")
        google.colab = colab
        for name, module in (
            ("google", google),
            ("google.colab", colab),
            ("google.colab.output", output),
        ):
            monkeypatch.setitem(sys.modules, name, module)
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    namespace = {}
    exec(canon.setup_cell_source(stem), namespace)  # the cell under test
    return calls, enabled, namespace


def test_setup_cell_does_nothing_outside_colab(monkeypatch, capsys):
    calls, enabled, namespace = _run_setup_cell("01_neurons_and_layers", monkeypatch, False)
    assert calls == [] and enabled == []
    assert capsys.readouterr() == ("", "")
    assert set(namespace) - {"__builtins__"} == {"sys"}


@pytest.mark.parametrize("stem", [p.stem for p in CHAPTERS])
def test_setup_cell_on_colab_installs_lib_and_the_chapters_data(stem, monkeypatch):
    calls, enabled, _ = _run_setup_cell(stem, monkeypatch, True)
    pins = canon.pins()
    url, branch = canon.repository()
    pip = [sys.executable, "-m", "pip", "install", "--quiet"]
    lib = f"matrix-machines-lib @ git+{url}@{branch}"
    data = [pins[name] for name in canon.CHAPTER_DATA.get(stem, ())]
    # lib and the data wheels without dependencies: Colab's numpy, matplotlib,
    # scikit-learn and ipywidgets stay as they are; anywidget is new on Colab.
    assert calls == [[*pip, "--no-deps", lib, *data], [*pip, pins["anywidget"]]]
    assert enabled == [True]
    assert url == "https://github.com/matrix-machines/matrix-machines"


def test_setup_cell_pins_come_from_the_requirement_files():
    pins = canon.pins()
    assert pins["anywidget"].startswith("anywidget==")
    assert pins["recbole"].startswith("recbole==")  # lib/requirements-nodeps.txt
    source = canon.setup_cell_source("08_svd_recommenders")
    assert pins["recbole"] in source and pins["scikit-surprise"] in source


# ----------------------------------------------------------------------------------
# The tool: what JupyterLab changes, undone.


def _saved_by_jupyterlab(tmp_path) -> Path:
    """A small chapter as JupyterLab saves it after a run, with every kind of noise."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = nbformat.from_dict(
        {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": dict(canon.LANGUAGE_INFO, version="3.11.9"),
            "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {"abc": {}}}},
            "jupytext": {"main_language": "python"},
        }
    )
    widget = nbformat.v4.new_output(
        "execute_result",
        data={"text/plain": "VBox()", canon.WIDGET_VIEW: {"model_id": "f00d", "version_major": 2}},
        execution_count=3,
    )
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Chapter 0 — Test", id="title"),
        nbformat.v4.new_code_cell(
            "import numpy as np",
            id="imports",
            execution_count=1,
            metadata={"execution": {"iopub.status.idle": "2026-01-01T00:00:00Z"}},
        ),
        nbformat.v4.new_code_cell(
            "explorer.widget",
            id="explore",
            execution_count=3,
            outputs=[widget],
            metadata={"tags": ["nbval-ignore-output"], "jupyter": {"outputs_hidden": True}},
        ),
    ]
    path = tmp_path / "00_test.ipynb"
    path.write_text(json.dumps(notebook, indent=2), encoding="utf-8")  # another layout
    return path


def test_normalize_undoes_what_jupyterlab_and_other_tools_change(tmp_path):
    path = _saved_by_jupyterlab(tmp_path)
    assert canon.main(["--check", str(path)]) == 1
    assert canon.main(["--normalize", str(path)]) == 0
    assert canon.main(["--check", str(path)]) == 0
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata == {
        "kernelspec": canon.KERNELSPEC,
        "language_info": canon.LANGUAGE_INFO,
    }
    assert [c.id for c in notebook.cells] == ["title", canon.SETUP_CELL_ID, "imports", "explore"]
    assert notebook.cells[1].source == canon.setup_cell_source("00_test")
    assert notebook.cells[2].metadata == {}
    assert notebook.cells[3].metadata == {"tags": ["nbval-ignore-output"]}
    model_id = notebook.cells[3].outputs[0].data[canon.WIDGET_VIEW]["model_id"]
    assert model_id != "f00d" and len(model_id) == 32
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n "cells": [\n  {\n') and text.endswith("}\n")


def test_normalize_is_idempotent_and_keeps_content(tmp_path):
    path = _saved_by_jupyterlab(tmp_path)
    before = nbformat.read(path, as_version=4)
    canon.main(["--normalize", str(path)])
    once = path.read_text(encoding="utf-8")
    canon.main(["--normalize", str(path)])
    assert path.read_text(encoding="utf-8") == once
    after = nbformat.read(path, as_version=4)
    kept = [(c.id, c.cell_type, c.source) for c in after.cells if c.id != canon.SETUP_CELL_ID]
    assert kept == [(c.id, c.cell_type, c.source) for c in before.cells]
    assert after.cells[3].outputs[0].data["text/plain"] == "VBox()"


def test_a_setup_cell_saved_on_colab_is_reset(tmp_path):
    path = _saved_by_jupyterlab(tmp_path)
    canon.main(["--normalize", str(path)])
    notebook = nbformat.read(path, as_version=4)
    setup = notebook.cells[1]
    setup.source += "\nprint('edited')"
    setup.outputs = [nbformat.v4.new_output("stream", text="Collecting lib\n")]
    setup.metadata["colab"] = {"base_uri": "https://localhost:8080/"}
    notebook.cells.insert(0, notebook.cells.pop(1))  # moved above the title
    nbformat.write(notebook, path)
    canon.main(["--normalize", str(path)])
    notebook = nbformat.read(path, as_version=4)
    assert [c.id for c in notebook.cells][:2] == ["title", canon.SETUP_CELL_ID]
    assert notebook.cells[1].source == canon.setup_cell_source("00_test")
    assert notebook.cells[1].outputs == [] and notebook.cells[1].metadata == {
        "tags": canon.SETUP_CELL_TAGS
    }


def test_canonical_layout_is_the_one_jupyter_server_writes(tmp_path, monkeypatch):
    """JupyterLab saves through jupyter_server's contents manager: same bytes."""
    from jupyter_server.services.contents.filemanager import FileContentsManager

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))  # its trust database
    path = _saved_by_jupyterlab(tmp_path)
    canon.main(["--normalize", str(path)])
    ours = path.read_text(encoding="utf-8")
    manager = FileContentsManager(root_dir=str(tmp_path))
    model = manager.get(path.name, content=True)
    manager.save({"type": "notebook", "format": "json", "content": model["content"]}, "saved.ipynb")
    assert (tmp_path / "saved.ipynb").read_text(encoding="utf-8") == ours
