"""Bad inputs for lib.softmax."""

import numpy as np

from fuzz import Bad
from lib.softmax import log_softmax, softmax, softmax_jacobian

NAN, INF = float("nan"), float("inf")


def _common(f):
    """Bad scores, axes and temperatures shared by softmax and log_softmax."""
    return [
        Bad("string scores", lambda: f("abc"), match="z"),
        Bad("None scores", lambda: f(None), match="z"),
        Bad("0-d scores", lambda: f(3.0), match="z"),
        Bad("empty class axis", lambda: f(np.zeros((2, 0))), match="z"),
        Bad("NaN score", lambda: f([1.0, NAN]), match=r"z\[1\]"),
        Bad("+inf score", lambda: f([INF, 1.0]), match="z"),
        Bad("ragged rows", lambda: f([[1.0, 2.0], [3.0]]), match="z"),
        Bad("complex scores", lambda: f([1j, 2.0]), match="z"),
        Bad("axis out of range", lambda: f([1.0, 2.0], axis=1), match="axis"),
        Bad("float axis", lambda: f([1.0, 2.0], axis=0.0), match="axis"),
        Bad("zero temperature", lambda: f([1.0, 2.0], temperature=0), match="temperature"),
        Bad("negative temperature", lambda: f([1.0, 2.0], temperature=-1.0), match="temperature"),
        Bad("NaN temperature", lambda: f([1.0, 2.0], temperature=NAN), match="temperature"),
        Bad("string temperature", lambda: f([1.0, 2.0], temperature="1"), match="temperature"),
    ]


PROBES = {
    "lib.softmax.softmax": _common(softmax),
    "lib.softmax.log_softmax": _common(log_softmax),
    "lib.softmax.softmax_jacobian": [
        Bad("batch of scores", lambda: softmax_jacobian([[1.0, 2.0]]), match="z"),
        Bad("0-d scores", lambda: softmax_jacobian(1.0), match="z"),
        Bad("empty scores", lambda: softmax_jacobian([]), match="z"),
        Bad("NaN score", lambda: softmax_jacobian([NAN, 1.0]), match="z"),
        Bad("-inf score", lambda: softmax_jacobian([-INF, 1.0]), match="z"),
        Bad("string scores", lambda: softmax_jacobian(["a", "b"]), match="z"),
        Bad("zero temperature", lambda: softmax_jacobian([1.0, 2.0], temperature=0.0),
            match="temperature"),
    ],
}
