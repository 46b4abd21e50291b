"""Bad inputs for lib.linear_collapse."""

import numpy as np

from fuzz import Bad, bad_arrays
from lib.linear_collapse import (
    affine_stack_forward,
    collapse_affine,
    collapse_linear,
    partial_product_ranks,
)

W1, W2 = np.ones((3, 2)), np.ones((1, 3))
LAYERS = [(W1, np.zeros(3)), (W2, np.zeros(1))]


def _weight_probes(call):
    return (
        bad_arrays(lambda v: call([v]), "weights[0]")
        + [
            Bad("no matrices", lambda: call([]), match="weights must hold at least one matrix"),
            Bad("weights a number", lambda: call(5), match="weights must be a list"),
            Bad("weights None", lambda: call(None), match="weights must be a list"),
            Bad("chain broken", lambda: call([W1, np.ones((1, 4))]),
                match=r"weights\[1\] has shape \(1, 4\)"),
            Bad("a vector instead of a matrix", lambda: call([np.ones(3)]),
                match=r"weights\[0\] must be 2-D"),
        ]
    )


def _layer_probes(call):
    return [
        Bad("no layers", lambda: call([]), match="layers must hold at least one"),
        Bad("layers a string", lambda: call("W"), match="layers must be a list"),
        Bad("a layer without bias", lambda: call([(W1,)]), match=r"layers\[0\] must be a pair"),
        Bad("a bias of the wrong length", lambda: call([(W1, np.zeros(2))]),
            match=r"layers\[0\] has W of shape \(3, 2\)"),
        Bad("a NaN bias", lambda: call([(W1, [0.0, np.nan, 0.0])]), match=r"layers\[0\] bias"),
        Bad("a string weight", lambda: call([("abc", np.zeros(3))]), match=r"weights\[0\]"),
        Bad("chain broken", lambda: call([(W1, np.zeros(3)), (np.ones((1, 4)), np.zeros(1))]),
            match=r"weights\[1\] has shape"),
    ]


PROBES = {
    "lib.linear_collapse.collapse_linear": _weight_probes(collapse_linear),
    "lib.linear_collapse.partial_product_ranks": _weight_probes(partial_product_ranks),
    "lib.linear_collapse.collapse_affine": _layer_probes(collapse_affine),
    "lib.linear_collapse.affine_stack_forward": (
        _layer_probes(lambda layers: affine_stack_forward(np.zeros((4, 2)), layers))
        + bad_arrays(lambda v: affine_stack_forward(v, LAYERS), "X")
        + [Bad("X with the wrong features", lambda: affine_stack_forward(np.zeros((4, 5)), LAYERS),
               match=r"X has shape \(4, 5\) with 5 features")]
    ),
}
