"""Bad inputs for lib.optim."""

import numpy as np

from fuzz import Bad, bad_reals
from lib.optim import SGD, Adam, AdamW, Momentum, Optimizer, clip_grad_norm


def _read_only():
    p = np.zeros(3)
    p.flags.writeable = False
    return p


def _constructor_probes(make):
    """Bad parameter lists, the same for every optimizer."""
    p = np.zeros(3)
    return [
        Bad("params a single array", lambda: make(np.zeros(3)), match=r"pass \[theta\]"),
        Bad("params None", lambda: make(None), match="params must be a list"),
        Bad("params empty", lambda: make([]), match="params is empty"),
        Bad("an integer parameter", lambda: make([np.zeros(3, dtype=int)]),
            match=r"params\[0\] must be a float NumPy array"),
        Bad("a list parameter", lambda: make([[0.0, 1.0]]), match=r"params\[0\] must be a float"),
        Bad("a parameter passed twice", lambda: make([p, p]),
            match=r"params\[1\] and params\[0\] are the same array"),
        Bad("overlapping parameters", lambda: make([p, p[1:]]), match="overlap"),
        Bad("a read-only parameter", lambda: make([_read_only()]),
            match=r"params\[0\] is read-only"),
    ]


def _step_probes(make):
    """Bad gradient lists, the same for every optimizer."""
    def step(grads):
        return make([np.zeros(3), np.zeros((2, 2))]).step(grads)

    return [
        Bad("no gradients", lambda: step([]), match="got 0 gradients for 2 parameters"),
        Bad("one gradient too many", lambda: step([np.zeros(3), np.zeros((2, 2)), np.zeros(1)]),
            match="got 3 gradients for 2 parameters"),
        Bad("grads a single array", lambda: step(np.zeros(3)), match="grads must be a list"),
        Bad("grads None", lambda: step(None), match="grads must be a list"),
        Bad("a transposed gradient", lambda: step([np.zeros(3), np.zeros((2, 1))]),
            match=r"grads\[1\] has shape \(2, 1\) but params\[1\] has shape \(2, 2\)"),
        Bad("a NaN gradient", lambda: step([np.array([0.0, np.nan, 0.0]), np.zeros((2, 2))]),
            match=r"grads\[0\] must be finite, but grads\[0\]\[1\] = nan"),
        Bad("an infinite gradient", lambda: step([np.zeros(3), np.full((2, 2), np.inf)]),
            match=r"grads\[1\] must be finite"),
        Bad("a string gradient", lambda: step([np.array(["a", "b", "c"]), np.zeros((2, 2))]),
            match=r"grads\[0\] must hold real numbers"),
        Bad("a ragged gradient", lambda: step([np.zeros(3), [[1.0, 2.0], [3.0]]]),
            match=r"grads\[1\] is a ragged list"),
        Bad("a boolean gradient", lambda: step([np.ones(3, dtype=bool), np.zeros((2, 2))]),
            match=r"grads\[0\] must hold real numbers, got dtype bool"),
    ]


PROBES = {
    "lib.optim.SGD": (
        _constructor_probes(lambda p: SGD(p, lr=0.1))
        + _step_probes(lambda p: SGD(p, lr=0.1))
        + bad_reals(lambda v: SGD([np.zeros(2)], lr=v), "lr")
        + [Bad("negative lr", lambda: SGD([np.zeros(2)], lr=-0.1), match="lr must lie in")]
    ),
    "lib.optim.Momentum": (
        _constructor_probes(lambda p: Momentum(p, lr=0.1))
        + _step_probes(lambda p: Momentum(p, lr=0.1, nesterov=True))
        + bad_reals(lambda v: Momentum([np.zeros(2)], lr=0.1, beta=v), "beta")
        + [
            Bad("beta of 1", lambda: Momentum([np.zeros(2)], lr=0.1, beta=1.0),
                match=r"beta must lie in \[0.0, 1.0\)"),
            Bad("nesterov a string", lambda: Momentum([np.zeros(2)], lr=0.1, nesterov="yes"),
                match="nesterov must be True or False"),
            Bad("lr missing", lambda: Momentum([np.zeros(2)], lr=None), match="lr"),
        ]
    ),
    "lib.optim.Adam": (
        _constructor_probes(lambda p: Adam(p))
        + _step_probes(lambda p: Adam(p))
        + bad_reals(lambda v: Adam([np.zeros(2)], beta1=v), "beta1")
        + bad_reals(lambda v: Adam([np.zeros(2)], beta2=v), "beta2")
        + bad_reals(lambda v: Adam([np.zeros(2)], eps=v), "eps")
        + [
            Bad("beta2 of 1", lambda: Adam([np.zeros(2)], beta2=1.0), match="beta2 must lie in"),
            Bad("negative eps", lambda: Adam([np.zeros(2)], eps=-1e-8), match="eps must lie in"),
            Bad("negative lr", lambda: Adam([np.zeros(2)], lr=-1e-3), match="lr must lie in"),
        ]
    ),
    "lib.optim.Optimizer": (
        _constructor_probes(lambda p: Optimizer(p, lr=0.1))
        + bad_reals(lambda v: Optimizer([np.zeros(2)], lr=v), "lr")
        + [Bad("step: wrong count", lambda: Optimizer([np.zeros(2)], lr=0.1).step([]),
               match="got 0 gradients for 1 parameters")]
    ),
    "lib.optim.AdamW": (
        _constructor_probes(lambda p: AdamW(p))
        + _step_probes(lambda p: AdamW(p))
        + bad_reals(lambda v: AdamW([np.zeros(2)], weight_decay=v), "weight_decay")
        + [
            Bad("negative weight_decay", lambda: AdamW([np.zeros(2)], weight_decay=-0.01),
                match="weight_decay must lie in"),
            Bad("lr * weight_decay of 1", lambda: AdamW([np.zeros(2)], lr=1.0, weight_decay=1.0),
                match="lr \\* weight_decay = 1 must be below 1"),
            Bad("decay a string", lambda: AdamW([np.zeros(2)], decay="weights"),
                match="decay must be a list of True/False"),
            Bad("decay a boolean", lambda: AdamW([np.zeros(2)], decay=True),
                match="decay must be a list"),
            Bad("decay too short", lambda: AdamW([np.zeros(2), np.zeros(3)], decay=[True]),
                match="decay has 1 entries for 2 parameters"),
            Bad("decay of numbers", lambda: AdamW([np.zeros(2)], decay=[0.5]),
                match=r"decay\[0\] must be True or False"),
            Bad("decay as an array", lambda: AdamW([np.zeros(2)], decay=np.array([True])),
                match="decay must be a list"),
        ]
    ),
    "lib.optim.clip_grad_norm": (
        bad_reals(lambda v: clip_grad_norm([np.ones(2)], v), "max_norm")
        + [
            Bad("grads a single array", lambda: clip_grad_norm(np.ones(2), 1.0),
                match=r"grads must be a list of arrays, got ndarray; .* pass \[theta\]"),
            Bad("grads None", lambda: clip_grad_norm(None, 1.0), match="grads must be a list"),
            Bad("grads empty", lambda: clip_grad_norm([], 1.0), match="grads is empty"),
            Bad("an integer gradient (cannot be scaled in place)", lambda: clip_grad_norm(
                [np.ones(2, dtype=int)], 1.0), match=r"grads\[0\] must be a float NumPy array"),
            Bad("a list gradient", lambda: clip_grad_norm([[3.0, 4.0]], 1.0),
                match=r"grads\[0\] must be a float NumPy array .* got list"),
            Bad("a gradient passed twice", lambda: (lambda g: clip_grad_norm([g, g], 1.0))(
                np.ones(2)), match=r"grads\[1\] and grads\[0\] are the same array"),
            Bad("a read-only gradient", lambda: clip_grad_norm([_read_only()], 1.0),
                match=r"grads\[0\] is read-only"),
            Bad("max_norm of zero", lambda: clip_grad_norm([np.ones(2)], 0.0),
                match=r"max_norm must lie in \(0.0, inf\)"),
            Bad("a negative max_norm", lambda: clip_grad_norm([np.ones(2)], -1.0),
                match="max_norm must lie in"),
            Bad("a NaN gradient", lambda: clip_grad_norm([np.array([1.0, np.nan])], 1.0),
                match=r"grads\[0\] must be finite, but grads\[0\]\[1\] = nan"),
            Bad("an infinite gradient", lambda: clip_grad_norm(
                [np.ones(2), np.array([np.inf])], 1.0), match=r"grads\[1\] must be finite"),
        ]
    ),
}
