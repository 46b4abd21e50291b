"""Bad inputs for lib.layers."""

import numpy as np

from fuzz import Bad, bad_arrays, bad_counts, bad_reals, bad_rngs
from lib.layers import (
    Activation,
    Dense,
    Dropout,
    dense_forward,
    dense_parameter_count,
    layer_forward,
)

W, B, X = np.ones((3, 2)), np.zeros(3), np.ones((4, 2))


def _dense_after_forward():
    layer = Dense(2, 3, rng=0)
    layer.forward(X)
    return layer


def _dropout_after_forward():
    drop = Dropout(0.5, rng=0)
    drop.forward(np.ones((4, 3)))
    return drop


def _activation_after_forward():
    act = Activation("tanh")
    act.forward(np.ones((4, 3)))
    return act


PROBES = {
    "lib.layers.dense_forward": (
        bad_arrays(lambda v: dense_forward(v, W, B), "X")
        + bad_arrays(lambda v: dense_forward(X, v, B), "W")
        + bad_arrays(lambda v: dense_forward(X, W, v), "b")
        + [
            Bad("X with the wrong features", lambda: dense_forward(np.ones((4, 3)), W, B),
                match=r"X has shape \(4, 3\)"),
            Bad("W transposed", lambda: dense_forward(X, W.T, B), match=r"W has shape \(2, 3\)"),
            Bad("b too short", lambda: dense_forward(X, W, np.zeros(2)), match="b needs shape"),
            Bad("0-d X", lambda: dense_forward(1.0, W, B), match="X must be 1-D or 2-D"),
            Bad("3-D X", lambda: dense_forward(np.ones((2, 2, 2)), W, B), match="X must be"),
        ]
    ),
    "lib.layers.dense_parameter_count": (
        bad_counts(lambda n: dense_parameter_count(n, 3), "n_in")
        + bad_counts(lambda n: dense_parameter_count(3, n), "n_out")
    ),
    "lib.layers.layer_forward": (
        bad_arrays(lambda v: layer_forward(v, W, B, "relu"), "X")
        + [
            Bad("unknown activation", lambda: layer_forward(X, W, B, "gelu"),
                match="activation must be one of"),
            Bad("activation None", lambda: layer_forward(X, W, B, None), match="activation"),
            Bad("1-D X", lambda: layer_forward(np.ones(2), W, B, "relu"), match="X must be 2-D"),
            Bad("W transposed", lambda: layer_forward(X, W.T, B, "relu"), match="W has shape"),
            Bad("b too long", lambda: layer_forward(X, W, np.zeros(4), "relu"), match="b needs"),
        ]
    ),
    "lib.layers.Dense": (
        bad_counts(lambda n: Dense(n, 3, init="zeros"), "n_in")
        + bad_counts(lambda n: Dense(3, n, init="zeros"), "n_out")
        + bad_rngs(lambda r: Dense(3, 2, rng=r))
        + [
            Bad("unknown init", lambda: Dense(3, 2, rng=0, init="uniform"),
                match="init must be one of"),
            Bad("init None", lambda: Dense(3, 2, rng=0, init=None), match="init"),
            Bad("random init without rng", lambda: Dense(3, 2), match="needs rng"),
            Bad("forward: one example as a vector", lambda: Dense(2, 3, rng=0).forward(np.ones(2)),
                match=r"2-D batch X .*reshape\(1, -1\)"),
            Bad("forward: wrong features", lambda: Dense(2, 3, rng=0).forward(np.ones((4, 5))),
                match="expects X with 2 features"),
            Bad("forward: overflow", lambda: Dense.from_arrays([[1e308, 1e308]], [0.0]).forward(
                [[10.0, 10.0]]), match="Z overflowed"),
            Bad("backward before forward", lambda: Dense(2, 3, rng=0).backward(np.ones((4, 3))),
                match="call forward before backward", exc=RuntimeError),
            Bad("backward: dZ transposed", lambda: _dense_after_forward().backward(np.ones((3, 4))),
                match=r"dZ must have shape \(4, 3\)"),
            Bad("from_arrays: b of the wrong length", lambda: Dense.from_arrays(W, [0.0]),
                match=r"b needs shape \(3,\)"),
            Bad("from_arrays: empty W", lambda: Dense.from_arrays(np.zeros((0, 2)), []),
                match="W needs at least one row"),
        ]
        + bad_arrays(lambda v: _dense_after_forward().backward(v), "dZ")
        + bad_arrays(lambda v: Dense(2, 3, rng=0).forward(v), "X")
    ),
    "lib.layers.Activation": (
        bad_reals(lambda v: Activation("leaky_relu", slope=v), "slope")
        + bad_arrays(lambda v: Activation("relu").forward(v), "Z")
        + bad_arrays(lambda v: _activation_after_forward().backward(v), "dA")
        + bad_arrays(lambda v: Activation("sigmoid").derivative(v), "Z")
        + [
            Bad("unknown name", lambda: Activation("swish"), match="name must be one of"),
            Bad("name None", lambda: Activation(None), match="name"),
            Bad("slope of 1", lambda: Activation("leaky_relu", slope=1.0), match="slope"),
            Bad("backward before forward", lambda: Activation("relu").backward(np.ones((1, 1))),
                match="call forward before backward", exc=RuntimeError),
            Bad("backward: wrong shape", lambda: _activation_after_forward().backward(
                np.ones((3, 4))), match=r"dA has shape \(3, 4\)"),
        ]
    ),
    "lib.layers.Dropout": (
        bad_reals(lambda v: Dropout(v, rng=0), "rate")
        + bad_rngs(lambda r: Dropout(0.5, rng=r))
        + bad_arrays(lambda v: Dropout(0.5, rng=0).forward(v), "X")
        + bad_arrays(lambda v: _dropout_after_forward().backward(v), "dY")
        + [
            Bad("rate of 1 (everything dropped)", lambda: Dropout(1.0, rng=0),
                match=r"rate must lie in \[0.0, 1.0\)"),
            Bad("a negative rate", lambda: Dropout(-0.2, rng=0), match="rate must lie in"),
            Bad("a rate given in percent", lambda: Dropout(50, rng=0), match="rate must lie in"),
            Bad("backward before forward", lambda: Dropout(0.5, rng=0).backward(np.ones((2, 2))),
                match="call forward before backward", exc=RuntimeError),
            Bad("backward: wrong shape", lambda: _dropout_after_forward().backward(
                np.ones((3, 4))), match=r"dY has shape \(3, 4\)"),
            Bad("training a string", lambda: setattr(Dropout(0.5, rng=0), "training", "eval"),
                match="training must be True or False"),
        ]
    ),
}
