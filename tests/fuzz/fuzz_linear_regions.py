"""Bad inputs for lib.linear_regions."""

import numpy as np

from fuzz import Bad, bad_arrays, bad_counts, bad_rngs
from lib.linear_regions import (
    breakpoints_1d,
    count_pieces_1d,
    count_regions,
    forward_with_patterns,
    max_regions_one_hidden_layer,
    random_network,
    region_labels,
)

WEIGHTS = [np.ones((3, 2)), np.ones((1, 3))]
BIASES = [np.zeros(3), np.zeros(1)]
WEIGHTS_1D = [np.array([[1.0], [-1.0]]), np.ones((1, 2))]
BIASES_1D = [np.zeros(2), np.zeros(1)]
X = np.zeros((4, 2))
GRID = np.linspace(-1.0, 1.0, 11)


def _network_probes(call):
    """Bad networks, for every function that takes (weights, biases)."""
    return [
        Bad("no layers", lambda: call([], []), match="weights must hold at least one matrix"),
        Bad("one bias missing", lambda: call(WEIGHTS, BIASES[:1]),
            match="2 weight matrices but 1 bias vectors"),
        Bad("weights a number", lambda: call(3, BIASES), match="weights must be a list"),
        Bad("biases None", lambda: call(WEIGHTS, None), match="biases must be a list"),
        Bad("chain broken", lambda: call([np.ones((3, 2)), np.ones((1, 4))], BIASES),
            match=r"weights\[1\] has shape \(1, 4\)"),
        Bad("a bias of the wrong length", lambda: call(WEIGHTS, [np.zeros(2), np.zeros(1)]),
            match=r"biases\[0\] needs shape \(3,\)"),
        Bad("a NaN weight", lambda: call([np.full((3, 2), np.nan), np.ones((1, 3))], BIASES),
            match=r"weights\[0\] must be finite"),
        Bad("a string bias", lambda: call(WEIGHTS, ["abc", np.zeros(1)]), match=r"biases\[0\]"),
    ]


PROBES = {
    "lib.linear_regions.forward_with_patterns": (
        bad_arrays(lambda v: forward_with_patterns(v, WEIGHTS, BIASES), "X")
        + _network_probes(lambda w, b: forward_with_patterns(X, w, b))
        + [Bad("X with the wrong features", lambda: forward_with_patterns(
            np.zeros((4, 3)), WEIGHTS, BIASES), match=r"X has shape \(4, 3\)")]
    ),
    "lib.linear_regions.count_regions": (
        bad_arrays(lambda v: count_regions(v, WEIGHTS, BIASES), "X")
        + _network_probes(lambda w, b: count_regions(X, w, b))
    ),
    "lib.linear_regions.region_labels": [
        Bad("1-D patterns", lambda: region_labels([True, False]), match="patterns must be 2-D"),
        Bad("None", lambda: region_labels(None), match="patterns"),
        Bad("a string", lambda: region_labels("0101"), match="patterns"),
        Bad("ragged", lambda: region_labels([[True], [True, False]]), match="patterns"),
        Bad("values other than 0 and 1", lambda: region_labels([[0.5, 1.0]]),
            match="patterns must hold booleans"),
        Bad("NaN", lambda: region_labels([[np.nan, 1.0]]), match="patterns must hold booleans"),
        Bad("strings inside", lambda: region_labels([["a", "b"]]), match="patterns"),
    ],
    "lib.linear_regions.breakpoints_1d": (
        bad_arrays(lambda v: breakpoints_1d(v, WEIGHTS_1D, BIASES_1D), "x")
        + _network_probes(lambda w, b: breakpoints_1d(GRID, w, b))
        + [
            Bad("two input features", lambda: breakpoints_1d(GRID, WEIGHTS, BIASES),
                match="needs a network with one input feature"),
            Bad("unsorted grid", lambda: breakpoints_1d(GRID[::-1], WEIGHTS_1D, BIASES_1D),
                match="x must be strictly increasing"),
            Bad("2-D grid", lambda: breakpoints_1d(np.zeros((3, 2)), WEIGHTS_1D, BIASES_1D),
                match="x must be 1-D"),
        ]
    ),
    "lib.linear_regions.count_pieces_1d": (
        bad_arrays(lambda v: count_pieces_1d(v, WEIGHTS_1D, BIASES_1D), "x")
        + _network_probes(lambda w, b: count_pieces_1d(GRID, w, b))
    ),
    "lib.linear_regions.max_regions_one_hidden_layer": (
        bad_counts(lambda n: max_regions_one_hidden_layer(n, 2), "n_units", skip=("zero",))
        + bad_counts(lambda n: max_regions_one_hidden_layer(3, n), "n_in")
        + [Bad("a million units", lambda: max_regions_one_hidden_layer(10**6, 2),
               match=r"n_units must be an integer in \[0, 100000\]")]
    ),
    "lib.linear_regions.random_network": (
        bad_counts(lambda n: random_network(n, 1, 2, 4, 0), "n_in")
        + bad_counts(lambda n: random_network(2, 1, n, 4, 0), "depth")
        + bad_counts(lambda n: random_network(2, 1, 2, n, 0), "width")
        + bad_rngs(lambda r: random_network(2, 1, 2, 4, r))
        + [
            Bad("a billion layers", lambda: random_network(2, 1, 10**9, 4, 0), match="depth"),
            Bad("a billion units", lambda: random_network(2, 1, 1, 10**9, 0),
                match="random_network draws at most"),
        ]
    ),
}
