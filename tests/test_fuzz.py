"""The fuzz suite: every public function and class of lib refuses bad input clearly.

The public names are enumerated, not listed by hand: every module of the ``lib``
package (``lib.widgets`` included; private modules, whose name starts with ``_``,
excluded) declares ``__all__``, and every callable name in it (function or class
defined in that module) needs at least ``MIN_PROBES`` bad-input probes in
``tests/fuzz/fuzz_<module>.py`` (see tests/fuzz/__init__.py for the format).
Three kinds of public names take no input a caller could get wrong, and need no
probes: constants (tuples, dicts, numbers), functions without parameters (such as
``lib.data.xor()``), and dataclass records that lib fills in and returns (such as
``lib.train.History``).

Each probe is run under a time limit and gets one verdict:

- ``ok``: it raised an expected exception from code inside lib/ whose message
  matches the probe's pattern;
- ``silent``: it returned normally (bad input accepted);
- ``crash``: it raised some other exception (a bare NumPy error, TraitError, ...);
- ``hang``: it ran longer than ``TIME_LIMIT`` seconds;
- ``outside lib``: the expected exception type, but raised by NumPy or another
  library rather than by a check in lib;
- ``wrong message``: raised in lib, but the message does not name what the probe
  expects (usually the caller's argument).

Run as a script (``python tests/test_fuzz.py``) to print the number of
(name, bad input) pairs tried and the count of each verdict.
"""

from __future__ import annotations

import collections
import dataclasses
import importlib
import inspect
import pkgutil
import re
import signal
import sys
import threading
import traceback
import warnings
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
# Probe files import ``from fuzz import Bad`` (tests/fuzz/__init__.py); pytest's
# default "prepend" import mode already puts tests/ on sys.path through
# tests/conftest.py, and this line makes the same hold for a plain script run.
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from fuzz import Bad  # noqa: E402

import lib  # noqa: E402

LIB_DIR = Path(lib.__file__).resolve().parent
FUZZ_DIR = TESTS_DIR / "fuzz"
MIN_PROBES = 5
TIME_LIMIT = 10.0  # seconds per probe; generous for widget constructors on a busy machine


# --------------------------------------------------------------------------- names

def _lib_modules():
    """Yield (module name, module or the import error) for every public lib module."""
    yield "lib", lib
    for info in pkgutil.walk_packages(lib.__path__, "lib."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        try:
            yield info.name, importlib.import_module(info.name)
        except Exception as err:  # reported by test_every_module_imports_and_declares_all
            yield info.name, err


def _takes_input(obj) -> bool:
    """Whether a public object accepts arguments a caller could get wrong."""
    if not callable(obj):
        return False  # a constant
    if inspect.isclass(obj) and dataclasses.is_dataclass(obj):
        return False  # a record that lib fills in and returns
    try:
        return bool(inspect.signature(obj).parameters)
    except (TypeError, ValueError):  # no signature to inspect: probe it
        return True


def _collect_public():
    """Public names needing probes, all public names, and problems found on the way."""
    needing, public, problems = {}, set(), []
    for modname, module in _lib_modules():
        if isinstance(module, Exception):
            problems.append(f"{modname} does not import: {module!r}")
            continue
        names = getattr(module, "__all__", None)
        if names is None:
            if not hasattr(module, "__path__"):  # a package may leave __all__ out
                problems.append(f"{modname} has no __all__")
            continue
        for name in names:
            if not hasattr(module, name):
                problems.append(f"{modname}.__all__ lists {name!r}, which it does not define")
                continue
            obj = getattr(module, name)
            defined_in = getattr(obj, "__module__", modname)
            if defined_in != modname and str(defined_in).startswith("lib"):
                continue  # a re-export: probed in the module that defines it
            key = f"{modname}.{name}"
            public.add(key)
            if _takes_input(obj):
                needing[key] = obj
    return needing, public, problems


NEEDING, PUBLIC, MODULE_PROBLEMS = _collect_public()


# --------------------------------------------------------------------------- probes

def _file_for(key: str) -> str:
    """``lib.widgets.xor.XorWorkbench`` -> ``fuzz_widgets_xor``."""
    module = key.rsplit(".", 1)[0]
    return "fuzz_" + module.removeprefix("lib.").replace(".", "_")


def _load_probe_files():
    """PROBES of every tests/fuzz/fuzz_*.py, and the problems of each file."""
    probes, problems = {}, {}
    for path in sorted(FUZZ_DIR.glob("fuzz_*.py")):
        stem, found = path.stem, []
        try:
            module = importlib.import_module(f"fuzz.{stem}")
            table = module.PROBES
        except Exception:
            problems[stem] = [traceback.format_exc(limit=-3)]
            continue
        if not isinstance(table, dict):
            problems[stem] = [f"PROBES must be a dict, got {type(table).__name__}"]
            continue
        for key, cases in table.items():
            if key not in PUBLIC:
                found.append(f"{key!r} is not a public name of lib (not in its module's __all__)")
            elif _file_for(key) != stem:
                found.append(f"{key!r} belongs in tests/fuzz/{_file_for(key)}.py")
            if not isinstance(cases, list | tuple) or not all(isinstance(c, Bad) for c in cases):
                found.append(f"PROBES[{key!r}] must be a list of Bad(...)")
                continue
            probes.setdefault(key, []).extend(cases)
        problems[stem] = found
    return probes, problems


PROBES, FILE_PROBLEMS = _load_probe_files()
CASES = [(key, probe) for key in sorted(PROBES) for probe in PROBES[key]]


# --------------------------------------------------------------------------- running

class _TimeLimit(BaseException):
    """Raised inside a probe that runs too long (BaseException: lib's handlers miss it)."""


def _call_with_time_limit(call, seconds: float):
    """Run ``call()``; raise _TimeLimit if it has not finished after ``seconds``."""
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        def on_alarm(signum, frame):
            raise _TimeLimit()
        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return call()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    # Not the main thread: run in a helper thread and stop waiting after the limit.
    outcome = {}

    def target():
        try:
            outcome["value"] = call()
        except BaseException as err:  # handed to the caller below
            outcome["error"] = err

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise _TimeLimit()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _innermost_file(err: BaseException) -> Path:
    tb = err.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    return Path(tb.tb_frame.f_code.co_filename).resolve()


def run_probe(probe: Bad) -> tuple[str, str]:
    """Return the verdict of one probe and a line that explains it."""
    try:
        with warnings.catch_warnings():
            # As in pyproject's filterwarnings: a RuntimeWarning from lib is an error.
            warnings.filterwarnings("error", category=RuntimeWarning, module=r"lib(\.|$)")
            result = _call_with_time_limit(probe.call, TIME_LIMIT)
    except _TimeLimit:
        return "hang", f"still running after {TIME_LIMIT:g} s"
    except BaseException as err:
        if isinstance(err, KeyboardInterrupt):
            raise
        described = f"{type(err).__name__}: {err}"
        if not isinstance(err, probe.exc):
            return "crash", described
        where = _innermost_file(err)
        if LIB_DIR not in where.parents:
            return "outside lib", f"{described} (raised in {where})"
        if not re.search(probe.match, str(err)):
            return "wrong message", f"{described} (pattern {probe.match!r} not found)"
        return "ok", described
    finally:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
    return "silent", f"returned {result!r:.200}"


# --------------------------------------------------------------------------- tests

def test_every_module_imports_and_declares_all():
    assert not MODULE_PROBLEMS, "\n".join(MODULE_PROBLEMS)


def test_public_names_are_found():
    # A guard against an enumeration that silently finds nothing.
    assert {"lib.softmax.softmax", "lib.network.MLP", "lib.optim.SGD"} <= set(NEEDING)
    assert any(key.startswith("lib.widgets.") for key in NEEDING)


@pytest.mark.parametrize("stem", sorted(FILE_PROBLEMS))
def test_probe_file_is_well_formed(stem):
    assert not FILE_PROBLEMS[stem], f"tests/fuzz/{stem}.py:\n" + "\n".join(FILE_PROBLEMS[stem])


@pytest.mark.parametrize("key", sorted(NEEDING))
def test_public_name_has_probes(key):
    count = len(PROBES.get(key, []))
    assert count >= MIN_PROBES, (
        f"{key} has {count} bad-input probes; at least {MIN_PROBES} are needed "
        f"in tests/fuzz/{_file_for(key)}.py"
    )


@pytest.mark.parametrize(
    "key, probe", CASES, ids=[f"{key}: {probe.label}" for key, probe in CASES]
)
def test_probe(key, probe):
    verdict, detail = run_probe(probe)
    assert verdict == "ok", f"{verdict}: {key} with {probe.label}: {detail}"


def test_pair_count(capsys):
    # The number of (name, bad input) pairs the suite tries (shown with -s or -rA).
    with capsys.disabled():
        print(f"\nfuzz: {len(CASES)} (name, bad input) pairs over {len(PROBES)} public names "
              f"({len(NEEDING)} callable public names in lib)")
    assert len(CASES) > 0


def main() -> int:
    """Run every probe and print one line per failure and the count of each verdict."""
    counts = collections.Counter()
    for key, probe in CASES:
        verdict, detail = run_probe(probe)
        counts[verdict] += 1
        if verdict != "ok":
            print(f"{verdict:>13}  {key}: {probe.label}: {detail}")
    missing = [key for key in sorted(NEEDING) if len(PROBES.get(key, [])) < MIN_PROBES]
    for key in missing:
        print(f"  too few probes  {key}: {len(PROBES.get(key, []))}")
    for stem, found in FILE_PROBLEMS.items():
        for line in found:
            print(f"  bad probe file  {stem}: {line}")
    verdicts = ("ok", "silent", "crash", "hang", "outside lib", "wrong message")
    print(f"fuzz: {len(CASES)} (name, bad input) pairs tried over {len(PROBES)} names "
          f"({len(NEEDING)} callable public names, {len(missing)} with too few probes): "
          + ", ".join(f"{counts[v]} {v}" for v in verdicts))
    return 0 if counts["ok"] == len(CASES) and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
