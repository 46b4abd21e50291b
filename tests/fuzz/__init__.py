"""Bad-input probes for every public name of lib (run by tests/test_fuzz.py).

Each ``tests/fuzz/fuzz_<module>.py`` (``<module>`` is the module path after ``lib.``
with dots replaced by ``_``: ``lib.widgets.xor`` -> ``fuzz_widgets_xor.py``) defines

    PROBES = {"lib.<module>.<name>": [Bad(...), Bad(...), ...], ...}

with at least five probes for every public function and class of that module.
A probe states a bad call and the error that lib must raise for it::

    Bad("NaN logit", lambda: softmax([1.0, float("nan")]), match="z")

The harness calls ``call()`` under a time limit and requires that it raises one of
``exc`` from code inside lib/ with a message in which the regular expression
``match`` is found (``re.search``); ``match`` should name the caller's argument.

The helpers ``bad_arrays``, ``bad_counts``, ``bad_reals`` and ``bad_rngs`` build the
usual families of bad values for one argument, e.g.
``bad_counts(lambda n: moons(n=n, rng=0), "n")``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Bad", "bad_arrays", "bad_counts", "bad_reals", "bad_rngs"]


@dataclass(frozen=True)
class Bad:
    """One bad input and the error it must produce.

    Parameters
    ----------
    label : str
        A short description of the bad input, shown in the test id
        (e.g. ``"NaN logit"``).
    call : callable
        A function of no arguments that makes the bad call.
    match : str
        A regular expression that must be found in the error message; it should
        name the argument at fault. It may not be empty (an empty pattern matches
        every message, so the probe could not fail).
    exc : type or tuple of type
        The exception class(es) the call must raise.
    """

    label: str
    call: Callable[[], object]
    match: str
    exc: type[BaseException] | tuple[type[BaseException], ...] = (ValueError, TypeError)

    def __post_init__(self):
        if not isinstance(self.label, str) or not self.label.strip():
            raise TypeError(f"Bad: label must be a non-empty string, got {self.label!r}")
        if not callable(self.call):
            raise TypeError(f"Bad({self.label!r}): call must be callable, got {self.call!r}")
        if not isinstance(self.match, str) or not self.match:
            raise TypeError(f"Bad({self.label!r}): match must be a non-empty regular expression")
        re.compile(self.match)
        classes = self.exc if isinstance(self.exc, tuple) else (self.exc,)
        if not classes or not all(isinstance(c, type) and issubclass(c, BaseException)
                                  for c in classes):
            raise TypeError(
                f"Bad({self.label!r}): exc must be exception class(es), got {self.exc!r}")


# --------------------------------------------------------------------------- helpers
# Families of bad values for the common kinds of argument. Each helper returns one
# probe per value; ``call`` takes the bad value, and the message must match ``match``
# (by default the argument's name).

NAN, INF = float("nan"), float("inf")

BAD_ARRAYS = [
    ("a string", "abc"),
    ("None", None),
    ("a NaN entry", [[1.0, NAN]]),
    ("an infinite entry", [[-INF, 1.0]]),
    ("ragged rows", [[1.0, 2.0], [3.0]]),
    ("complex numbers", [[1j, 1.0]]),
]

BAD_COUNTS = [
    ("zero", 0),
    ("negative", -3),
    ("a float", 2.5),
    ("a string", "3"),
    ("None", None),
    ("NaN", NAN),
    ("a bool", True),
]

BAD_REALS = [
    ("a string", "0.1"),
    ("None", None),
    ("NaN", NAN),
    ("infinity", INF),
    ("a complex number", 1j),
    ("a list", [0.1]),
]

BAD_RNGS = [
    ("rng=None", None),
    ("rng as a string", "0"),
    ("rng as a float", 1.5),
    ("a negative seed", -1),
    ("a legacy RandomState", "RandomState"),  # replaced by np.random.RandomState(0) below
]


def _family(values, call, name, match):
    return [
        Bad(f"{name} is {label}", (lambda v=value: call(v)), match=match or re.escape(name))
        for label, value in values
    ]


def bad_arrays(call, name: str, match: str | None = None) -> list[Bad]:
    """Probes for an array argument: strings, None, NaN, inf, ragged lists, complex."""
    return _family(BAD_ARRAYS, call, name, match)


def bad_counts(call, name: str, match: str | None = None, skip=()) -> list[Bad]:
    """Probes for a count: 0, negative, float, string, None, NaN, bool (``skip`` labels)."""
    return _family([v for v in BAD_COUNTS if v[0] not in skip], call, name, match)


def bad_reals(call, name: str, match: str | None = None) -> list[Bad]:
    """Probes for a real-number setting: string, None, NaN, inf, complex, list."""
    return _family(BAD_REALS, call, name, match)


def bad_rngs(call, match: str = "rng") -> list[Bad]:
    """Probes for an ``rng`` argument (a Generator or an int seed is required)."""
    import numpy as np

    values = [(label, np.random.RandomState(0) if value == "RandomState" else value)
              for label, value in BAD_RNGS]
    return [Bad(label, (lambda v=value: call(v)), match=match) for label, value in values]
