"""Bad inputs for lib.losses."""

import numpy as np

from fuzz import Bad, bad_arrays, bad_counts, bad_reals
from lib.losses import (
    accuracy,
    binary_cross_entropy_with_logits,
    cross_entropy_summary,
    half_squared_error,
    l2_penalty,
    mse,
    one_hot,
    softmax_cross_entropy,
)

NAN = float("nan")
LOGITS = np.zeros((3, 4))


def _label_probes(call, name="labels"):
    return [
        Bad("a label out of range", lambda: call([0, 4, 1]), match=rf"{name} must lie in \[0, 4\)"),
        Bad("a negative label", lambda: call([0, -1, 1]), match=name),
        Bad("fractional labels", lambda: call([0.5, 1, 2]), match=f"{name} must be integer"),
        Bad("too few labels", lambda: call([0, 1]), match=rf"{name} has 2 entries"),
        Bad("labels as strings", lambda: call(["0", "1", "2"]), match=name),
        Bad("labels None", lambda: call(None), match=name),
        Bad("NaN label", lambda: call([0, NAN, 1]), match=name),
        Bad("2-D labels", lambda: call([[0], [1], [2]]), match=f"{name} must be 1-D"),
    ]


PROBES = {
    "lib.losses.softmax_cross_entropy": (
        bad_arrays(lambda v: softmax_cross_entropy(v, [0]), "logits")
        + _label_probes(lambda y: softmax_cross_entropy(LOGITS, y))
        + [
            Bad("1-D logits", lambda: softmax_cross_entropy([1.0, 2.0], [0]),
                match=r"logits must be 2-D .* logits\[None, :\]"),
            Bad("no classes", lambda: softmax_cross_entropy(np.zeros((2, 0)), [0, 0]),
                match="at least one example and one class"),
        ]
    ),
    "lib.losses.mse": (
        bad_arrays(lambda v: mse(v, [[0.0, 0.0]]), "pred")
        + bad_arrays(lambda v: mse([[0.0, 0.0]], v), "target")
        + [
            Bad("(N, 1) against (N,)", lambda: mse(np.zeros((3, 1)), np.zeros(3)),
                match=r"pred has shape \(3, 1\) but target has shape \(3,\)"),
            Bad("empty", lambda: mse([], []), match="pred and target are empty"),
        ]
    ),
    "lib.losses.half_squared_error": (
        bad_arrays(lambda v: half_squared_error(v, [[0.0, 0.0]]), "pred")
        + bad_arrays(lambda v: half_squared_error([[0.0, 0.0]], v), "target")
        + [
            Bad("3-D", lambda: half_squared_error(np.zeros((1, 1, 1)), np.zeros((1, 1, 1))),
                match="pred must be 0-D or 1-D or 2-D"),
            Bad("shapes differ", lambda: half_squared_error([1.0, 2.0], [1.0]),
                match="pred has shape"),
        ]
    ),
    "lib.losses.binary_cross_entropy_with_logits": (
        bad_arrays(lambda v: binary_cross_entropy_with_logits(v, [0]), "z")
        + [
            Bad("targets of 2", lambda: binary_cross_entropy_with_logits([0.0, 1.0], [0, 2]),
                match=r"y must hold only 0 and 1, but y\[1\] = 2"),
            Bad("targets of 0.5", lambda: binary_cross_entropy_with_logits([0.0], [0.5]),
                match="y must hold only 0 and 1"),
            Bad("NaN target", lambda: binary_cross_entropy_with_logits([0.0], [NAN]),
                match="y must be finite"),
            Bad("string targets", lambda: binary_cross_entropy_with_logits([0.0], ["1"]),
                match="y must hold real numbers"),
            Bad("K > 1 scores", lambda: binary_cross_entropy_with_logits(np.zeros((2, 3)), [0, 1]),
                match=r"z must have shape \(N,\) or \(N, 1\)"),
            Bad("too few targets", lambda: binary_cross_entropy_with_logits([0.0, 1.0], [1]),
                match="z has shape"),
            Bad("empty", lambda: binary_cross_entropy_with_logits([], []), match="empty"),
        ]
    ),
    "lib.losses.l2_penalty": (
        bad_reals(lambda v: l2_penalty([np.ones(2)], v), "strength")
        + [
            Bad("a single matrix", lambda: l2_penalty(np.ones((2, 2)), 0.1), match=r"pass \[W\]"),
            Bad("weights None", lambda: l2_penalty(None, 0.1), match="weights must be a list"),
            Bad("a NaN weight", lambda: l2_penalty([np.ones(2), [NAN]], 0.1),
                match=r"weights\[1\] must be finite"),
            Bad("a string weight", lambda: l2_penalty([np.array(["a"])], 0.1),
                match=r"weights\[0\] must hold real numbers"),
            Bad("a ragged weight", lambda: l2_penalty([[[1.0], [1.0, 2.0]]], 0.1),
                match=r"weights\[0\]"),
            Bad("negative strength", lambda: l2_penalty([np.ones(2)], -1.0), match="strength"),
        ]
    ),
    "lib.losses.one_hot": (
        bad_counts(lambda k: one_hot([0], k), "n_classes")
        + [
            Bad("a label out of range", lambda: one_hot([0, 3], 3), match=r"labels must lie in"),
            Bad("2-D labels", lambda: one_hot([[0], [1]], 3), match="labels must be 1-D"),
            Bad("labels None", lambda: one_hot(None, 3), match="labels"),
            Bad("string labels", lambda: one_hot("012", 3), match="labels"),
            Bad("ragged labels", lambda: one_hot([[0], [1, 2]], 3), match="labels"),
            Bad("fractional labels", lambda: one_hot([0.5], 3), match="labels must be integer"),
        ]
    ),
    "lib.losses.accuracy": [
        Bad("lengths differ", lambda: accuracy([0, 1, 1], [0, 1]),
            match="predicted_labels has 3 entries but labels has 2"),
        Bad("scores instead of labels", lambda: accuracy(np.zeros((2, 3)), [0, 1]),
            match=r"predicted_labels must be 1-D .* got shape \(2, 3\)"),
        Bad("empty", lambda: accuracy([], []), match="labels are empty"),
        Bad("fractional labels", lambda: accuracy([0.5, 1], [0, 1]),
            match=r"predicted_labels must be whole numbers"),
        Bad("string labels", lambda: accuracy(["a", "b"], [0, 1]), match="predicted_labels"),
        Bad("None", lambda: accuracy([0, 1], None), match="labels"),
        Bad("NaN label", lambda: accuracy([0, 1], [0, NAN]), match=r"labels\[1\] = nan"),
        Bad("ragged", lambda: accuracy([[0], [1, 2]], [0, 1]), match="predicted_labels"),
    ],
    "lib.losses.cross_entropy_summary": (
        bad_arrays(lambda v: cross_entropy_summary(v), "logits")
        + bad_reals(lambda v: cross_entropy_summary([1.0, 2.0], temperature=v), "temperature")
        + bad_counts(lambda c: cross_entropy_summary([1.0, 2.0], true_class=c), "true_class",
                     skip=("zero",))
        + [
            Bad("true class past the last", lambda: cross_entropy_summary([1.0, 2.0], true_class=2),
                match=r"true_class must be an integer in \[0, 1\], got 2"),
            Bad("empty logits", lambda: cross_entropy_summary([]), match="logits is empty"),
            Bad("a batch of logits", lambda: cross_entropy_summary([[1.0, 2.0]]),
                match="logits must be 1-D"),
        ]
    ),
}
