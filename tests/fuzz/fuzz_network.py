"""Bad inputs for lib.network."""

import numpy as np

from fuzz import Bad, bad_arrays, bad_counts, bad_rngs
from lib.layers import Activation, Dense, Dropout
from lib.network import MLP, Sequential, default_init
from lib.normalization import BatchNorm


def _net():
    return MLP([2, 3, 2], rng=0)


def _after_forward():
    net = _net()
    net.forward(np.ones((4, 2)))
    return net


def _seq():
    return Sequential([Dense(2, 4, rng=0), BatchNorm(4), Activation("relu"),
                       Dropout(0.5, rng=1), Dense(4, 2, rng=2)])


def _seq_after_forward():
    net = _seq()
    net.forward(np.ones((4, 2)))
    return net


PROBES = {
    "lib.network.default_init": [
        Bad("unknown activation", lambda: default_init("gelu"), match="activation must be one of"),
        Bad("None", lambda: default_init(None), match="activation"),
        Bad("a number", lambda: default_init(1), match="activation"),
        Bad("upper case", lambda: default_init("ReLU"), match="got 'ReLU'"),
        Bad("a list", lambda: default_init(["relu"]), match="activation"),
    ],
    "lib.network.MLP": (
        bad_counts(lambda n: MLP([2, n, 2], rng=0), "sizes[1]")
        + bad_rngs(lambda r: MLP([2, 3, 2], rng=r))
        + bad_arrays(lambda v: _net().forward(v), "X")
        + bad_arrays(lambda v: _after_forward().backward(v), "dlogits")
        + bad_arrays(lambda v: _net().predict(v), "X")
        + bad_arrays(lambda v: _net().predict_proba(v), "X")
        + bad_arrays(lambda v: _net().hidden(v), "X")
        + bad_counts(lambda n: _net().hidden(np.ones((1, 2)), layer=n), "layer")
        + [
            Bad("sizes a number", lambda: MLP(7, rng=0), match="sizes must be a list"),
            Bad("sizes a string", lambda: MLP("64,10", rng=0), match="sizes must be a list"),
            Bad("sizes None", lambda: MLP(None, rng=0), match="sizes"),
            Bad("one size only", lambda: MLP([4], rng=0), match="at least 2 entries"),
            Bad("unknown activation", lambda: MLP([2, 2], activation="gelu", rng=0),
                match="activation must be one of"),
            Bad("unknown init", lambda: MLP([2, 2], rng=0, init="orthogonal"),
                match="init must be one of"),
            Bad("random init without rng", lambda: MLP([2, 2]), match="needs rng"),
            Bad("linear with tanh", lambda: MLP([2, 2], "tanh", rng=0, linear=True),
                match="linear=True means activation='identity'"),
            Bad("linear as a string", lambda: MLP([2, 2], rng=0, linear="yes"),
                match="linear must be True or False"),
            Bad("forward: wrong features", lambda: _net().forward(np.ones((3, 5))),
                match=r"expects X with 2 features .* got shape \(3, 5\)"),
            Bad("forward: one example as a vector", lambda: _net().forward(np.ones(2)),
                match=r"reshape\(1, -1\)"),
            Bad("forward: logits overflow", lambda: MLP.from_arrays(
                [[[1e200, 1e200]], [[1e200]]], [[0.0], [0.0]]).forward([[1e10, 1e10]]),
                match="logits overflowed"),
            Bad("backward before forward", lambda: _net().backward(np.ones((4, 2))),
                match="call forward before backward", exc=RuntimeError),
            Bad("backward: dlogits transposed", lambda: _after_forward().backward(np.ones((2, 4))),
                match=r"dlogits must have shape \(4, 2\)"),
            Bad("hidden of a network without hidden layer",
                lambda: MLP([2, 2], rng=0).hidden(np.ones((1, 2))), match="has no hidden layer"),
            Bad("hidden: layer past the last", lambda: _net().hidden(np.ones((1, 2)), layer=2),
                match=r"layer must be an integer in \[1, 1\], got 2"),
            Bad("hidden: pre_activation a string", lambda: _net().hidden(
                np.ones((1, 2)), pre_activation="yes"), match="pre_activation must be True"),
            Bad("from_arrays: one bias too few", lambda: MLP.from_arrays(
                [np.ones((2, 2)), np.ones((1, 2))], [np.zeros(2)]),
                match="one bias vector per weight matrix"),
            Bad("from_arrays: chain broken", lambda: MLP.from_arrays(
                [np.ones((2, 2)), np.ones((1, 3))], [np.zeros(2), np.zeros(1)]),
                match=r"layer 2: W has shape \(1, 3\)"),
            Bad("from_arrays: weights one array", lambda: MLP.from_arrays(
                np.ones((2, 2)), [np.zeros(2)]), match="weights must be a list"),
            Bad("from_arrays: ragged weight", lambda: MLP.from_arrays(
                [[[1.0, 2.0], [3.0]]], [[0.0, 0.0]]), match=r"weights\[0\]"),
            Bad("from_arrays: NaN bias", lambda: MLP.from_arrays(
                [np.ones((1, 2))], [[float("nan")]]), match=r"biases\[0\] must be finite"),
            Bad("from_arrays: unknown activation", lambda: MLP.from_arrays(
                [np.ones((1, 2))], [[0.0]], activation="elu"), match="activation must be one of"),
        ]
    ),
    "lib.network.Sequential": (
        bad_arrays(lambda v: _seq().forward(v), "X")
        + bad_arrays(lambda v: _seq_after_forward().backward(v), "dlogits")
        + bad_arrays(lambda v: _seq().predict(v), "X")
        + bad_arrays(lambda v: _seq().predict_proba(v), "X")
        + bad_counts(lambda n: _seq().hidden(np.ones((1, 2)), layer=n), "layer")
        + [
            Bad("layers None", lambda: Sequential(None), match="layers must be a list"),
            Bad("layers one layer, not a list", lambda: Sequential(Dense(2, 2, rng=0)),
                match="layers must be a list"),
            Bad("layers empty", lambda: Sequential([]), match="layers is empty"),
            Bad("a string among the layers", lambda: Sequential([Dense(2, 2, rng=0), "relu"]),
                match=r"layers\[1\] is 'relu' \(str\), not a lib layer"),
            Bad("an MLP among the layers", lambda: Sequential([MLP([2, 2], rng=0)]),
                match=r"layers\[0\] .* not a lib layer"),
            Bad("widths that do not chain", lambda: Sequential(
                [Dense(2, 4, rng=0), BatchNorm(3)]),
                match=r"layers\[1\] \(BatchNorm\(3\)\) expects 3 features, but the layers "
                      "before it give 4"),
            Bad("the same layer twice", lambda: (lambda a: Sequential(
                [Dense(2, 2, rng=0), a, Dense(2, 2, rng=1), a]))(Activation("relu")),
                match=r"layers\[3\] .* appears twice"),
            Bad("no layer with a width", lambda: Sequential([Activation("relu")]),
                match="no layer in the list fixes the number of features"),
            Bad("forward: wrong features", lambda: _seq().forward(np.ones((3, 5))),
                match=r"expects X with 2 features .* got shape \(3, 5\)"),
            Bad("forward: one example as a vector", lambda: _seq().forward(np.ones(2)),
                match=r"reshape\(1, -1\)"),
            Bad("forward: one example with batch norm training", lambda: _seq().forward(
                np.ones((1, 2))), match="needs at least 2 examples"),
            Bad("backward before forward", lambda: _seq().backward(np.ones((4, 2))),
                match="call forward before backward", exc=RuntimeError),
            Bad("backward: dlogits transposed", lambda: _seq_after_forward().backward(
                np.ones((2, 4))), match=r"dlogits must have shape \(4, 2\)"),
            Bad("training a string", lambda: setattr(_seq(), "training", "eval"),
                match="training must be True or False"),
            Bad("hidden: layer past the last", lambda: _seq().hidden(np.ones((1, 2)), layer=6),
                match=r"layer must be an integer in \[1, 5\], got 6"),
            Bad("logits overflow", lambda: Sequential([Dense.from_arrays(
                [[1e200, 1e200]], [0.0]), Dense.from_arrays([[1e200]], [0.0])]).forward(
                [[1e10, 1e10]]), match="logits overflowed"),
        ]
    ),
}
