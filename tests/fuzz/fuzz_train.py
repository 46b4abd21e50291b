"""Bad inputs for lib.train."""

import numpy as np

from fuzz import Bad, bad_arrays, bad_counts, bad_reals, bad_rngs
from lib.layers import Activation, Dense
from lib.network import MLP, Sequential
from lib.normalization import BatchNorm
from lib.optim import SGD
from lib.train import evaluate, learning_rate_curves, train

X = np.random.default_rng(0).normal(size=(12, 2))
Y = np.arange(12) % 3


def _run(**changes):
    net = MLP([2, 4, 3], rng=0)
    arguments = dict(optimizer=SGD(net.params(), lr=0.1), epochs=1, batch_size=4, rng=0)
    arguments.update(changes)
    data = {name: arguments.pop(name) for name in ("X", "y") if name in arguments}
    return train(net, data.get("X", X), data.get("y", Y), **arguments)


def _sequential():
    return Sequential([Dense(2, 4, rng=0), BatchNorm(4), Activation("relu"),
                       Dense(4, 3, rng=1)])


def _run_sequential(**changes):
    net = _sequential()
    arguments = dict(optimizer=SGD(net.params(), lr=0.1), epochs=1, batch_size=4, rng=0)
    arguments.update(changes)
    return train(net, X, arguments.pop("y", Y), **arguments)


def _batch_of_one():
    return _run_sequential(batch_size=11)  # 12 examples: the last batch holds one


def _diverge():
    net = MLP([2, 16, 3], rng=0)
    return train(net, 1e3 * X, Y, optimizer=SGD(net.params(), lr=1e6), epochs=20, batch_size=4,
                 rng=0)


def _label_probes(call, name):
    return [
        Bad("a label out of range", lambda: call(np.full(12, 3)), match=rf"{name} must lie in"),
        Bad("fractional labels", lambda: call(Y + 0.5), match=f"{name} must be integer"),
        Bad("too few labels", lambda: call(Y[:5]), match=f"{name} has 5 entries"),
        Bad("labels None", lambda: call(None), match=name),
        Bad("labels as strings", lambda: call(Y.astype(str)), match=name),
    ]


PROBES = {
    "lib.train.train": (
        bad_arrays(lambda v: _run(X=v), "X")
        + _label_probes(lambda v: _run(y=v), "y")
        + bad_counts(lambda n: _run(epochs=n), "epochs")
        + bad_counts(lambda n: _run(batch_size=n), "batch_size")
        + bad_reals(lambda v: _run(l2=v), "l2")
        + bad_rngs(lambda r: _run(rng=r))
        + [b for b in bad_reals(lambda v: _run(clip_norm=v), "clip_norm")
           if b.label != "clip_norm is None"]  # None is the default: no clipping
        + [
            Bad("clip_norm of zero", lambda: _run(clip_norm=0.0), match="clip_norm must lie in"),
            Bad("a negative clip_norm", lambda: _run(clip_norm=-1.0),
                match="clip_norm must lie in"),
            Bad("batch norm with a last mini-batch of one", _batch_of_one,
                match="the last mini-batch holds a single example"),
            Bad("a Sequential with another model's optimizer", lambda: _run_sequential(
                optimizer=SGD(MLP([2, 4, 3], rng=1).params(), lr=0.1)),
                match="does not hold this model's parameter arrays"),
            Bad("a Sequential with the wrong number of outputs", lambda: _run_sequential(
                y=np.arange(12) % 5), match=r"y must lie in \[0, 3\)"),
            Bad("model not an MLP", lambda: train("net", X, Y, optimizer=None, epochs=1,
                                                  batch_size=4, rng=0), match="model must be"),
            Bad("optimizer a string", lambda: _run(optimizer="adam"),
                match="optimizer must be a lib.optim optimizer"),
            Bad("optimizer of another model", lambda: _run(
                optimizer=SGD(MLP([2, 4, 3], rng=1).params(), lr=0.1)),
                match="does not hold this model's parameter arrays"),
            Bad("unknown loss", lambda: _run(loss="hinge"), match="loss must be one of"),
            Bad("mse targets of the wrong shape", lambda: _run(loss="mse", y=np.zeros((12, 2))),
                match=r"y has shape \(12, 2\)"),
            Bad("binary loss with 3 outputs", lambda: _run(loss="binary_cross_entropy"),
                match="binary_cross_entropy needs 1 output"),
            Bad("X with the wrong features", lambda: _run(X=np.zeros((12, 5))),
                match="expects X with 2 features"),
            Bad("no examples", lambda: _run(X=np.zeros((0, 2)), y=np.zeros(0, dtype=int)),
                match="X has no rows"),
            Bad("X_val without y_val", lambda: _run(X_val=X), match="pass both X_val and y_val"),
            Bad("y_val out of range", lambda: _run(X_val=X, y_val=np.full(12, 7)),
                match="y_val must lie in"),
            Bad("patience without validation", lambda: _run(patience=3),
                match="patience .* needs a validation set"),
            Bad("patience of 0", lambda: _run(X_val=X, y_val=Y, patience=0),
                match="patience must be an integer >= 1"),
            Bad("progress a string", lambda: _run(progress="yes"), match="progress must be True"),
            Bad("a learning rate that diverges", _diverge, match="training diverged"),
        ]
    ),
    "lib.train.evaluate": (
        bad_arrays(lambda v: evaluate(MLP([2, 3], rng=0), v, Y), "X")
        + _label_probes(lambda v: evaluate(MLP([2, 3], rng=0), X, v), "y")
        + [
            Bad("model None", lambda: evaluate(None, X, Y), match="model must be"),
            Bad("unknown loss", lambda: evaluate(MLP([2, 3], rng=0), X, Y, loss="l1"),
                match="loss must be one of"),
            Bad("softmax with one output", lambda: evaluate(MLP([2, 1], rng=0), X, Y % 2),
                match="softmax_cross_entropy needs at least 2 outputs"),
        ]
    ),
    "lib.train.learning_rate_curves": (
        bad_arrays(lambda v: learning_rate_curves(v, epochs=1), "learning_rates")
        + bad_counts(lambda n: learning_rate_curves([0.1], epochs=n), "epochs")
        + bad_counts(lambda n: learning_rate_curves([0.1], epochs=1, hidden=n), "hidden")
        + [
            Bad("a negative rate", lambda: learning_rate_curves([0.1, -0.1], epochs=1),
                match="learning_rates must be positive"),
            Bad("no rates", lambda: learning_rate_curves([], epochs=1),
                match="learning_rates must be positive"),
            Bad("negative seed", lambda: learning_rate_curves([0.1], epochs=1, seed=-1),
                match="seed"),
            Bad("too many examples", lambda: learning_rate_curves([0.1], epochs=1, n_train=1300,
                                                                  n_val=100),
                match="n_train \\+ n_val = 1400"),
        ]
    ),
}
