"""Stored notebook outputs must not depend on the machine that stored them.

Strict nbval re-runs every chapter and compares each fresh output with the stored
one. Digits below the numerical noise floor (the relative error of a gradient
check, the difference of two exact computations, a sum over a large random matrix)
change with the CPU, the BLAS kernel and the thread count, and timings change with
everything: an output that prints them fails on another machine. This test reads
every stored output that nbval compares and fails on

- a printed float whose magnitude is below ``NOISE_FLOOR``, other than an exact
  zero, a bound or a setting (a power of ten right after ``<``, ``<=``, ``≤``,
  ``below``, ``within``, ``at most``, ``agree to`` or the name of a setting such as
  ``tolerance`` or ``eps``, or right before a verdict such as ``: ok``, as in
  ``max relative error < 1e-8: ok``) and the constants of ``ALLOWED_SMALL``;
- a float printed at full precision (``FULL_PRECISION`` or more significant
  digits, as ``print(loss)`` shows a float): its last digits are rounding noise;
  format it to the digits that are stable (``f"{loss:.4f}"``);
- a timing (a number followed by a unit of time, or IPython's ``%time`` lines):
  timings belong in tests/benchmarks, not in compared outputs.

What nbval compares (and so what is read here): the outputs of every code cell
except those tagged ``nbval-ignore-output`` or ``nbval-skip`` (or whose first line
is ``# NBVAL_IGNORE_OUTPUT`` / ``# NBVAL_SKIP``); of each output, the stream text,
the error name and value, and every data entry except images and widget views
(nbval leaves ``image/png``, ``image/jpeg`` and widget model ids out), after the
sanitizing regexes of tests/nbval_sanitize.cfg.

Run as a script on other notebooks (e.g. executed copies):
``python tests/test_stored_outputs.py /tmp/copies/*.ipynb``.
"""

from __future__ import annotations

import configparser
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
SANITIZE_FILE = ROOT / "tests" / "nbval_sanitize.cfg"

NOISE_FLOOR = 1e-6
FULL_PRECISION = 12  # significant digits; a float's repr shows up to 17

# Small constants that a chapter prints on purpose. They are settings, chosen by a
# person and printed as written, not results of a computation, so they are the
# same on every machine. Keep this list short and say what each one is.
ALLOWED_SMALL = {
    1e-8,  # Adam's epsilon, printed with the optimizer's settings
}
# What may stand right before a power of ten that is a bound or a setting, not a result.
BOUND_OR_SETTING = re.compile(
    r"(?:<|<=|≤|\b(?:below|under|within|at most|agree to)"
    r"|\b(?:tolerance|tol|eps|epsilon|ε|h|step)\s*[=:]?)\s*$", re.IGNORECASE)
# ... or right after it: a verdict ("agree to 1e-10: ok").
VERDICT = re.compile(r"\s*[:)]?\s*(?:ok|passed|failed|true|false)\b", re.IGNORECASE)

# nbval leaves these data entries out of its comparison.
SKIPPED_MIME_TYPES = {"image/png", "image/jpeg", "application/vnd.jupyter.widget-view+json"}
SKIPPED_TAGS = {"nbval-ignore-output", "nbval-skip"}
SKIPPED_MARKERS = ("# NBVAL_IGNORE_OUTPUT", "# NBVAL_SKIP")

# A number as Python and NumPy print it: 12, -3.5, .5, 7.14e-11, 1E+03. Not part of a
# longer word or dotted name (v1.2.3, x1e5, 0xADDRESS).
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")
TIMING = re.compile(
    r"\d(?:\.\d+)?\s*(?:ns|µs|μs|us|ms|s|sec|secs|seconds?|min|minutes?)\b(?!-)"
    r"|\bit/s\b|\bs/it\b|\bWall time\b|\bCPU times\b"
)


def _sanitize_patterns():
    parser = configparser.ConfigParser()
    parser.read(SANITIZE_FILE)
    return [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]


SANITIZE = _sanitize_patterns()


def compared_texts(cell):
    """The texts of one code cell's outputs that strict nbval compares."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    first_line = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
    if tags & SKIPPED_TAGS or first_line.startswith(SKIPPED_MARKERS):
        return
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            yield output.get("text", "")
        elif kind == "error":
            yield f"{output.get('ename', '')}: {output.get('evalue', '')}"
        elif kind in ("execute_result", "display_data"):
            for mime, value in output.get("data", {}).items():
                if mime not in SKIPPED_MIME_TYPES:
                    yield value if isinstance(value, str) else "".join(map(str, value))


def _is_power_of_ten(value: float) -> bool:
    return float(f"{value:.0e}") == value and f"{value:.0e}".startswith("1e")


def _is_noise(token: str, before: str = "", after: str = "") -> bool:
    """Whether a printed number is below the noise floor (with the text around it)."""
    if not any(c in token for c in ".eE"):
        return False  # an integer is never below the floor unless it is 0
    value = abs(float(token))
    if not 0.0 < value < NOISE_FLOOR or value in ALLOWED_SMALL:
        return False
    is_bound = _is_power_of_ten(value) and bool(
        BOUND_OR_SETTING.search(before) or VERDICT.match(after))
    return not is_bound


def _is_full_precision(token: str) -> bool:
    """Whether a printed float shows ``FULL_PRECISION`` or more significant digits."""
    mantissa = re.split("[eE]", token.lstrip("+-"))[0]
    if "." not in mantissa:
        return False  # an integer is exact
    digits = mantissa.replace(".", "").lstrip("0").rstrip("0")
    return len(digits) >= FULL_PRECISION


def problems(path: Path) -> list[str]:
    """One line per noise-level number or timing in the compared outputs of a notebook."""
    notebook = nbformat.read(path, as_version=4)
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for text in compared_texts(cell):
            for pattern, replacement in SANITIZE:
                text = pattern.sub(replacement, text)
            for line in text.splitlines():
                noise = [m.group() for m in NUMBER.finditer(line)
                         if _is_noise(m.group(), line[:m.start()], line[m.end():])]
                if noise:
                    found.append(f"{path.name} cell {index}: noise-level number(s) "
                                 f"{', '.join(noise)} in {line.strip()[:120]!r}")
                full = [m.group() for m in NUMBER.finditer(line) if _is_full_precision(m.group())]
                if full:
                    found.append(f"{path.name} cell {index}: full-precision float(s) "
                                 f"{', '.join(full)} in {line.strip()[:120]!r}")
                if TIMING.search(line):
                    found.append(f"{path.name} cell {index}: a timing in {line.strip()[:120]!r}")
    return found


# --------------------------------------------------------------------------- tests

def test_the_rules_catch_what_they_should():
    # A check that cannot fail is worse than none: the patterns themselves, tested.
    assert _is_noise("7.14e-11") and _is_noise("-3.2e-07") and _is_noise("0.0000004")
    assert not _is_noise("0.0") and not _is_noise("0.000e+00") and not _is_noise("1e-08")
    assert not _is_noise("0.25") and not _is_noise("12")
    # A power of ten after a comparison sign is a bound, the printed form of a verdict.
    assert not _is_noise("1e-10", "max relative error <") and not _is_noise("1e-07", "<= ")
    assert _is_noise("3.2e-10", "max relative error <")  # not a power of ten: a value
    assert _is_noise("1e-10", "max relative error")  # no sign: a value rounded to 1e-10
    assert not _is_noise("1e-10", "Gram matrix (tolerance ") and not _is_noise("1e-09", "eps=")
    assert not _is_noise("1e-7", "relative error below ") and not _is_noise("1e-12", "agree to ")
    assert _is_noise("1e-12", "shrinks to ")  # a value, not a bound
    assert not _is_noise("1e-10", "agree on all 21 unknowns to ", ": ok")  # bound, verdict
    assert _is_noise("3e-10", "agree on all 21 unknowns to ", ": ok")  # not a power of ten
    assert NUMBER.findall("b1 7.14e-11, W 1E-3 (v1.2.3)") == ["7.14e-11", "1E-3"]
    assert _is_full_precision("0.30000000000000004") and _is_full_precision("-1.2345678901234e-3")
    assert not _is_full_precision("0.1462802535") and not _is_full_precision("1.000000000000")
    assert not _is_full_precision("123456789012345")  # an integer is exact
    for timing in ("took 3.2 ms", "12 s per epoch", "Wall time: 5 s", "40.1 it/s", "2 seconds"):
        assert TIMING.search(timing), timing
    for fine in ("3 steps", "10 samples", "epochs 5", "0.5 slope", "2 s-curves"):
        assert not TIMING.search(fine), fine


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_stored_outputs_are_machine_independent(path):
    found = problems(path)
    assert not found, (
        "stored outputs that depend on the machine (print a bound and a verdict, or stable "
        "rounded digits; never timings):\n" + "\n".join(found)
    )


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or CHAPTERS
    all_found = [line for p in paths for line in problems(p)]
    print("\n".join(all_found) or "no noise-level numbers or timings")
    print(f"{len(all_found)} problem(s) in {len(paths)} notebook(s)")
    sys.exit(1 if all_found else 0)
