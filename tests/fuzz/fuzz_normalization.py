"""Bad inputs for lib.normalization."""

import numpy as np

from fuzz import Bad, bad_arrays, bad_counts, bad_reals
from lib.normalization import BatchNorm, LayerNorm, Normalization, batch_norm, layer_norm

X, ONES, ZEROS = np.arange(12.0).reshape(4, 3), np.ones(3), np.zeros(3)


def _after_forward(make):
    layer = make()
    layer.forward(X)
    return layer


def _function_probes(function, name):
    return (
        bad_arrays(lambda v: function(v, ONES, ZEROS), "X")
        + bad_arrays(lambda v: function(X, v, ZEROS), "gamma")
        + bad_arrays(lambda v: function(X, ONES, v), "beta")
        + bad_reals(lambda v: function(X, ONES, ZEROS, eps=v), "eps")
        + [
            Bad(
                "gamma of the wrong length",
                lambda: function(X, np.ones(4), ZEROS),
                match=r"gamma needs shape \(3,\)",
            ),
            Bad(
                "beta as a matrix",
                lambda: function(X, ONES, np.zeros((1, 3))),
                match="beta must be 1-D",
            ),
            Bad("eps of zero", lambda: function(X, ONES, ZEROS, eps=0.0), match="eps must lie"),
            Bad(
                "one example as a vector",
                lambda: function(np.ones(3), ONES, ZEROS),
                match=r"reshape\(1, -1\)",
            ),
            Bad(
                "3-D X",
                lambda: function(np.ones((2, 2, 3)), ONES, ZEROS),
                match=rf"{name} expects a 2-D batch",
            ),
            Bad(
                "values whose variance overflows",
                lambda: function([[1e200, -1e200, 0.0], [-1e200, 1e200, 0.0]], ONES, ZEROS),
                match="too large for float64",
            ),
        ]
    )


def _layer_probes(make, name):
    return (
        bad_counts(lambda n: make(n), "n_features")
        + bad_reals(lambda v: make(3, eps=v), "eps")
        + bad_arrays(lambda v: make(3).forward(v), "X")
        + bad_arrays(lambda v: _after_forward(lambda: make(3)).backward(v), "dY")
        + [
            Bad(
                "forward: wrong features",
                lambda: make(3).forward(np.ones((4, 2))),
                match=rf"{name}\(3\) expects X with 3 features, got shape \(4, 2\)",
            ),
            Bad(
                "backward before forward",
                lambda: make(3).backward(np.ones((4, 3))),
                match="call forward before backward",
                exc=RuntimeError,
            ),
            Bad(
                "backward: dY transposed",
                lambda: _after_forward(lambda: make(3)).backward(np.ones((3, 4))),
                match=r"dY has shape \(3, 4\)",
            ),
            Bad(
                "training a string",
                lambda: setattr(make(3), "training", "yes"),
                match="training must be True or False",
            ),
            Bad(
                "training None",
                lambda: setattr(make(3), "training", None),
                match="training must be True or False",
            ),
        ]
    )


PROBES = {
    "lib.normalization.batch_norm": _function_probes(batch_norm, "batch_norm")
    + [
        Bad(
            "a batch of one",
            lambda: batch_norm(np.ones((1, 3)), ONES, ZEROS),
            match="needs at least 2 examples",
        ),
    ],
    "lib.normalization.layer_norm": _function_probes(layer_norm, "layer_norm")
    + [
        Bad(
            "a single feature",
            lambda: layer_norm(np.ones((4, 1)), [1.0], [0.0]),
            match="needs at least 2 features",
        ),
    ],
    "lib.normalization.BatchNorm": _layer_probes(BatchNorm, "BatchNorm")
    + (
        bad_reals(lambda v: BatchNorm(3, momentum=v), "momentum")
        + [
            Bad(
                "momentum of zero",
                lambda: BatchNorm(3, momentum=0.0),
                match=r"momentum must lie in \(0.0, 1.0\]",
            ),
            Bad("momentum above 1", lambda: BatchNorm(3, momentum=1.1), match="momentum"),
            Bad(
                "a batch of one in training mode",
                lambda: BatchNorm(3).forward(np.ones((1, 3))),
                match="at least 2 examples.*training=False",
            ),
        ]
    ),
    "lib.normalization.LayerNorm": _layer_probes(LayerNorm, "LayerNorm")
    + [
        Bad("one feature", lambda: LayerNorm(1), match="n_features must be an integer >= 2"),
    ],
    "lib.normalization.Normalization": [
        Bad("built on its own", lambda: Normalization(3), match="build one of those"),
        Bad(
            "built on its own with eps",
            lambda: Normalization(3, eps=1e-3),
            match="shared base of BatchNorm and LayerNorm",
        ),
        Bad("built with no features", lambda: Normalization(0), match="Normalization is"),
        Bad("built with None", lambda: Normalization(None), match="Normalization is"),
        Bad("built with a string", lambda: Normalization("3"), match="BatchNorm"),
    ],
}
