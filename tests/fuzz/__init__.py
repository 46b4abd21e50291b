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
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Bad"]


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
            raise TypeError(f"Bad({self.label!r}): exc must be exception class(es), got {self.exc!r}")
