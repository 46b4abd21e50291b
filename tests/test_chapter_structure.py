"""The structure a reader relies on, checked in the chapter notebooks themselves.

Every chapter in ``_toc.yml``

- opens with a ``Learning goals`` admonition (before its first section);
- has an ``## Exercises`` section and a ``## Summary`` that links to the previous and the
  next chapter, where they exist;
- starts its Explore section (if it has one) with a ``{note}`` telling a notebook reader
  to run the notebook first (*Run All Cells*) and what "model not found" means;
- keeps every code line at most 88 characters (the code column of the book at 1280 px);
- writes its exercises in one pattern: an ``Exercise N.M`` admonition and its
  ``Solution N.M`` dropdown in the same markdown cell, numbered 1, 2, 3, ... in the
  chapter, each optionally followed by one code cell that checks the solution, tagged
  ``hide-cell`` and ``solution`` and with the prompts "Check solution N.M with lib" and
  "Hide the check" (so the check's code and output stay closed until asked for).

``test_report_function_definitions`` fails on nothing: it lists the chapter cells that
define functions in plain view (plotting helpers belong in ``lib``), as a warning.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MAX_CODE_LINE = 88


def _toc_chapters() -> list[Path]:
    """The chapter notebooks in the order of _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files: list[str] = []

    def walk(entries):
        for entry in entries or []:
            if "file" in entry and entry["file"].startswith("chapters/"):
                files.append(entry["file"])
            for key in ("sections", "chapters", "parts"):
                walk(entry.get(key))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return [ROOT / f"{Path(f).with_suffix('')}.ipynb" for f in files]


CHAPTERS = _toc_chapters()
IDS = [p.stem for p in CHAPTERS]


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _chapter_number(path: Path) -> int:
    return int(path.stem.split("_", 1)[0])


# -- a small reader for MyST directives and headings ------------------------------------
_OPEN = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<title>.*)$")


def directives(markdown: str) -> list[dict]:
    """The directives of a markdown cell, in order, nested ones included.

    Each is a dict with ``name``, ``title``, ``body`` (the lines between its fences), the
    ``depth`` of nesting (0 at top level) and the ``line`` where it opens. Colon and
    backtick fences are both read; a fence closes the innermost open directive whose
    fence it matches (same character, at least as long).
    """
    found: list[dict] = []
    stack: list[dict] = []
    for number, line in enumerate(markdown.splitlines()):
        stripped = line.strip()
        match = _OPEN.match(stripped)
        if match:
            entry = {
                "name": match["name"],
                "title": match["title"].strip(),
                "body": [],
                "depth": len(stack),
                "line": number,
                "fence": match["fence"],
            }
            for outer in stack:
                outer["body"].append(line)
            stack.append(entry)
            found.append(entry)
            continue
        if (
            stack
            and stripped
            and set(stripped) == {stack[-1]["fence"][0]}
            and len(stripped) >= len(stack[-1]["fence"])
        ):
            stack.pop()
            for outer in stack:
                outer["body"].append(line)
            continue
        for outer in stack:
            outer["body"].append(line)
    for entry in found:
        entry["body"] = "\n".join(entry["body"])
    return found


def _headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of the ATX headings outside code fences and directives' code."""
    out, in_code = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```") and not _OPEN.match(line.strip()):
            in_code = not in_code
            continue
        match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if match and not in_code:
            out.append((len(match[1]), match[2]))
    return out


def sections(nb) -> list[dict]:
    """The notebook cut at its level-2 headings: each with ``title`` and ``cells``.

    A markdown cell that holds a level-2 heading below some text is split there, so that
    the text before the heading belongs to the previous section. Each entry of ``cells``
    is ``(index, cell, text)`` with the part of the cell's source in that section.
    """
    result = [{"title": None, "cells": []}]
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            result[-1]["cells"].append((index, cell, cell.source))
            continue
        part: list[str] = []
        in_code = False
        for line in cell.source.splitlines():
            if line.lstrip().startswith("```") and not _OPEN.match(line.strip()):
                in_code = not in_code
            match = None if in_code else re.match(r"^##\s+(.*?)\s*$", line)
            if match:
                if any(p.strip() for p in part):
                    result[-1]["cells"].append((index, cell, "\n".join(part)))
                result.append({"title": match[1], "cells": []})
                part = [line]
            else:
                part.append(line)
        if any(p.strip() for p in part):
            result[-1]["cells"].append((index, cell, "\n".join(part)))
    return result


def _section(nb, starts_with: str) -> dict | None:
    for section in sections(nb):
        if section["title"] and section["title"].startswith(starts_with):
            return section
    return None


# -- the checks -------------------------------------------------------------------------
def test_every_chapter_notebook_is_in_the_toc():
    on_disk = sorted((ROOT / "chapters").glob("*.ipynb"))
    assert on_disk == sorted(CHAPTERS), "chapters/*.ipynb and the chapters of _toc.yml differ"


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_code_lines_fit_the_column(path):
    nb = _read(path)
    long = [
        f"cell {i} line {n + 1} ({len(line)} chars): {line[:60]}..."
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for n, line in enumerate(cell.source.splitlines())
        if len(line) > MAX_CODE_LINE
    ]
    assert not long, (
        f"{path.name}: {len(long)} code lines longer than {MAX_CODE_LINE} "
        "characters:\n  " + "\n  ".join(long)
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_opens_with_learning_goals(path):
    opening = sections(_read(path))[0]
    texts = [text for _, cell, text in opening["cells"] if cell.cell_type == "markdown"]
    titles = [d["title"] for text in texts for d in directives(text) if d["name"] == "admonition"]
    assert "Learning goals" in titles, (
        f"{path.name}: no ':::{{admonition}} Learning goals' before the first section"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_has_exercises_and_a_summary_linking_its_neighbours(path):
    nb = _read(path)
    titles = [s["title"] for s in sections(nb)]
    assert "Exercises" in titles, f"{path.name}: no '## Exercises' section"
    summary = _section(nb, "Summary")
    assert summary is not None, f"{path.name}: no '## Summary' section"
    text = "\n".join(t for _, cell, t in summary["cells"] if cell.cell_type == "markdown")
    at = CHAPTERS.index(path)
    neighbours = [CHAPTERS[i] for i in (at - 1, at + 1) if 0 <= i < len(CHAPTERS)]
    missing = [
        p.name
        for p in neighbours
        if not re.search(rf"\]\((\./)?{re.escape(p.name)}(#[^)]*)?\)", text)
    ]
    assert not missing, f"{path.name}: its Summary does not link to {missing}"


EXPLORE_NOTE_WORDS = ("run all cells", "model not found")


def explore_note_problems(nb) -> list[str] | None:
    """What the start of the Explore section lacks; None when there is no such section."""
    explore = _section(nb, "Explore")
    if explore is None:
        return None
    _, cell, text = explore["cells"][0]
    lines = text.splitlines()[1:]  # below the heading
    blocks = [d for d in directives("\n".join(lines)) if d["depth"] == 0]
    if (
        not blocks
        or blocks[0]["name"] != "note"
        or any(line.strip() for line in lines[: blocks[0]["line"]])
    ):
        return ["the Explore section does not start with a {note}"]
    said = " ".join(blocks[0]["body"].lower().replace("*", "").split())
    return [f"the Explore note does not mention {w!r}" for w in EXPLORE_NOTE_WORDS if w not in said]


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_explore_section_starts_with_a_run_first_note(path):
    problems = explore_note_problems(_read(path))
    if problems is None:
        pytest.skip(f"{path.name} has no Explore section")
    assert not problems, f"{path.name}: " + "; ".join(problems)


_EXERCISE = re.compile(r"^Exercise (\d+)\.(\d+)(?!\d)")
_SOLUTION = re.compile(r"^Solution (\d+)\.(\d+)(?!\d)")


def exercise_problems(nb, chapter: int) -> list[str]:
    """Every way the Exercises section departs from the book's exercise pattern."""
    problems: list[str] = []
    found: list[str] = []
    for s in sections(nb):
        for index, cell, text in s["cells"]:
            if cell.cell_type != "markdown":
                continue
            for d in directives(text):
                if (
                    d["name"] == "admonition"
                    and _EXERCISE.match(d["title"])
                    and (s["title"] != "Exercises")
                ):
                    problems.append(f"cell {index}: {d['title']} outside '## Exercises'")
    exercises = _section(nb, "Exercises")
    if exercises is None:
        return problems + ["no '## Exercises' section"]
    group: list[str] = []  # the exercises since the last code cell
    checks_in_group = 0
    for index, cell, text in exercises["cells"]:
        if cell.cell_type == "markdown":
            items = directives(text)
            numbers = [
                f"{m[1]}.{m[2]}"
                for d in items
                if d["name"] == "admonition"
                for m in [_EXERCISE.match(d["title"])]
                if m
            ]
            if numbers:
                group, checks_in_group = numbers, 0
            for d in items:
                m = _EXERCISE.match(d["title"])
                if d["name"] != "admonition" or not m:
                    continue
                number = f"{m[1]}.{m[2]}"
                found.append(number)
                solutions = [
                    e
                    for e in items
                    if e["name"] == "dropdown"
                    and (s := _SOLUTION.match(e["title"]))
                    and f"{s[1]}.{s[2]}" == number
                ]
                if len(solutions) != 1:
                    problems.append(
                        f"cell {index}: Exercise {number} has {len(solutions)} "
                        f"':::{{dropdown}} Solution {number}' in its cell"
                    )
                elif solutions[0]["line"] < d["line"]:
                    problems.append(f"cell {index}: Solution {number} comes before its exercise")
                elif not solutions[0]["body"].strip():
                    problems.append(f"cell {index}: Solution {number} is empty")
            for e in items:
                s = _SOLUTION.match(e["title"]) if e["name"] == "dropdown" else None
                if e["name"] == "dropdown" and not s:
                    problems.append(
                        f"cell {index}: a dropdown titled {e['title']!r} "
                        "(solutions are titled 'Solution N.M')"
                    )
                elif s and f"{s[1]}.{s[2]}" not in numbers:
                    problems.append(
                        f"cell {index}: {e['title']} without its exercise in the same cell"
                    )
            continue
        if cell.cell_type != "code":
            continue
        checks_in_group += 1
        tags = set(cell.metadata.get("tags", []))
        if not group:
            problems.append(f"cell {index}: a code cell in Exercises before any exercise")
        elif checks_in_group > 1:
            problems.append(f"cell {index}: a second code cell after Exercise {group[-1]}")
        if not {"hide-cell", "solution"} <= tags:
            problems.append(
                f"cell {index}: a code cell under Exercise "
                f"{group[-1] if group else '?'} is not tagged "
                f"['hide-cell', 'solution'] (tags: {sorted(tags)})"
            )
        prompts = cell.metadata.get("mystnb", {})
        wanted = [f"Check solution {n} with lib" for n in group]
        if prompts.get("code_prompt_show") not in wanted or (
            prompts.get("code_prompt_hide") != "Hide the check"
        ):
            problems.append(
                f"cell {index}: mystnb prompts {prompts} (expected "
                f"code_prompt_show {' or '.join(map(repr, wanted)) or '?'} and "
                "code_prompt_hide 'Hide the check')"
            )
    expected = [f"{chapter}.{m}" for m in range(1, len(found) + 1)]
    if found != expected:
        problems.append(f"exercises numbered {found}, expected {expected}")
    if not found:
        problems.append("no exercises")
    return problems


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_exercises_follow_the_pattern(path):
    problems = exercise_problems(_read(path), _chapter_number(path))
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


def test_report_function_definitions():
    """List (do not fail on) code cells that define functions in plain view."""
    report = []
    for path in CHAPTERS:
        for i, cell in enumerate(_read(path).cells):
            if cell.cell_type != "code" or {"hide-input", "hide-cell"} & set(
                cell.metadata.get("tags", [])
            ):
                continue
            names = re.findall(r"^\s*def (\w+)", cell.source, re.M)
            if names:
                report.append(f"{path.name} cell {i}: {', '.join(names)}")
    print("\nfunctions defined in visible code cells:\n  " + ("\n  ".join(report) or "none"))
    if report:
        warnings.warn(
            f"{len(report)} visible code cells define functions: " + "; ".join(report),
            stacklevel=1,
        )


# -- the checks above catch what they should ----------------------------------------------
def _notebook(*cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for kind, source, *meta in cells:
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        cell = make(source)
        if meta:
            cell.metadata.update(meta[0])
        nb.cells.append(cell)
    return nb


GOOD_CHECK = {
    "tags": ["hide-cell", "solution"],
    "mystnb": {
        "code_prompt_show": "Check solution 3.1 with lib",
        "code_prompt_hide": "Hide the check",
    },
}


def test_the_exercise_check_accepts_the_pattern():
    nb = _notebook(
        (
            "md",
            "## Exercises\n\n:::{admonition} Exercise 3.1\nQ\n:::\n\n"
            ":::{dropdown} Solution 3.1\nA\n:::",
        ),
        ("code", "print(1)", GOOD_CHECK),
        (
            "md",
            ":::{admonition} Exercise 3.2 (named)\nQ\n:::\n\n:::{dropdown} Solution 3.2\nA\n:::",
        ),
        ("md", "## Summary\n\ntext"),
    )
    assert exercise_problems(nb, 3) == []


@pytest.mark.parametrize(
    "case, cells, expected",
    [
        (
            "no solution",
            [("md", ":::{admonition} Exercise 3.1\nQ\n:::")],
            "has 0 ':::{dropdown} Solution 3.1'",
        ),
        (
            "solution in the next cell",
            [
                ("md", ":::{admonition} Exercise 3.1\nQ\n:::"),
                ("md", ":::{dropdown} Solution 3.1\nA\n:::"),
            ],
            "without its exercise",
        ),
        (
            "unnumbered solution",
            [("md", ":::{admonition} Exercise 3.1\nQ\n:::\n:::{dropdown} Solution\nA\n:::")],
            "a dropdown titled 'Solution'",
        ),
        (
            "numbers skip",
            [("md", ":::{admonition} Exercise 3.2\nQ\n:::\n:::{dropdown} Solution 3.2\nA\n:::")],
            "expected ['3.1']",
        ),
        (
            "check in plain view",
            [
                ("md", ":::{admonition} Exercise 3.1\nQ\n:::\n:::{dropdown} Solution 3.1\nA\n:::"),
                ("code", "print(1)", {"tags": ["hide-input"]}),
            ],
            "is not tagged ['hide-cell', 'solution']",
        ),
        (
            "wrong prompt",
            [
                ("md", ":::{admonition} Exercise 3.1\nQ\n:::\n:::{dropdown} Solution 3.1\nA\n:::"),
                ("code", "print(1)", {"tags": ["hide-cell", "solution"]}),
            ],
            "mystnb prompts {}",
        ),
        (
            "two checks",
            [
                ("md", ":::{admonition} Exercise 3.1\nQ\n:::\n:::{dropdown} Solution 3.1\nA\n:::"),
                ("code", "print(1)", GOOD_CHECK),
                ("code", "print(2)", GOOD_CHECK),
            ],
            "a second code cell",
        ),
    ],
)
def test_the_exercise_check_catches(case, cells, expected):
    nb = _notebook(("md", "## Exercises"), *cells, ("md", "## Summary"))
    problems = exercise_problems(nb, 3)
    assert any(expected in p for p in problems), (case, problems)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            ":::{note}\nRun the notebook first (*Run > Run All\nCells*); reopened, it shows "
            "'model not found'.\n:::\n\nMore.",
            [],
        ),
        (
            "The sliders below.\n\n:::{note}\nRun All Cells; model not found\n:::",
            ["the Explore section does not start with a {note}"],
        ),
        (
            ":::{tip}\nRun All Cells; model not found\n:::",
            ["the Explore section does not start with a {note}"],
        ),
        (
            ":::{note}\nRun the cells first.\n:::",
            [
                "the Explore note does not mention 'run all cells'",
                "the Explore note does not mention 'model not found'",
            ],
        ),
    ],
)
def test_the_explore_note_check(text, expected):
    nb = _notebook(("md", "## Explore: sliders\n\n" + text), ("code", "x = 1"))
    assert explore_note_problems(nb) == expected
