r"""Linear regions of a ReLU network: activation patterns, breakpoints, region counts.

A ReLU network computes :math:`h_k = \operatorname{ReLU}(W_k h_{k-1} + b_k)` for each hidden
layer and an affine output layer. Fix which hidden units are on (their
*activation pattern*, the boolean vector :math:`[z > 0]` over all hidden units): then every
ReLU acts as either the identity or zero, the network is a stack of affine maps, and it
collapses to one affine map. So the input space splits into regions, one per pattern that
occurs, and the network is affine on each: it is piecewise linear. Counting the patterns
that occur on a fine grid counts (a lower bound on) the linear regions.

For one hidden layer of :math:`k` units on :math:`n` inputs the regions are cut by
:math:`k` hyperplanes, and there are at most :math:`\sum_{i=0}^{n} \binom{k}{i}` of them
(:math:`k + 1` pieces on a line, :math:`1 + k + \binom{k}{2}` in the plane).

Networks are given as lists ``weights = [W_1, ..., W_L]`` and ``biases = [b_1, ..., b_L]``
with ``W_k`` of shape ``(n_k, n_{k-1})``; ReLU follows every layer except the last.

Taught in chapter 2 (ReLU breaks the collapse).
"""

from __future__ import annotations

import numpy as np

from lib._validate import as_float_array, as_generator, check_count
from lib.init import he_normal

__all__ = [
    "forward_with_patterns",
    "region_labels",
    "count_regions",
    "breakpoints_1d",
    "count_pieces_1d",
    "max_regions_one_hidden_layer",
    "random_network",
]


def _check_network(weights, biases) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Validate chained weights and matching biases; return them as float arrays."""
    for name, value in (("weights", weights), ("biases", biases)):
        if isinstance(value, str) or not isinstance(value, list | tuple | np.ndarray):
            raise TypeError(f"{name} must be a list with one array per layer, got "
                            f"{type(value).__name__}")
    weights, biases = list(weights), list(biases)
    if not weights:
        raise ValueError("weights must hold at least one matrix, got an empty list")
    if len(weights) != len(biases):
        raise ValueError(
            f"got {len(weights)} weight matrices but {len(biases)} bias vectors; "
            "every layer needs one of each"
        )
    weights = [as_float_array(W, f"weights[{k}]", ndim=2) for k, W in enumerate(weights)]
    biases = [as_float_array(b, f"biases[{k}]", ndim=1) for k, b in enumerate(biases)]
    for k, (W, b) in enumerate(zip(weights, biases, strict=True)):
        if b.shape != (W.shape[0],):
            raise ValueError(
                f"weights[{k}] has shape {W.shape} ({W.shape[0]} neurons) so biases[{k}] needs "
                f"shape ({W.shape[0]},), got {b.shape}"
            )
        if k and W.shape[1] != weights[k - 1].shape[0]:
            raise ValueError(
                f"weights[{k}] has shape {W.shape} (expects {W.shape[1]} inputs) but "
                f"weights[{k - 1}] has shape {weights[k - 1].shape} and outputs "
                f"{weights[k - 1].shape[0]} features"
            )
    return weights, biases


def forward_with_patterns(X, weights, biases) -> tuple[np.ndarray, np.ndarray]:
    r"""Run a ReLU network and record which hidden units are on for every example.

    Parameters
    ----------
    X : array_like of shape (N, n_0)
        One example per row.
    weights, biases : sequences of arrays
        ``W_k`` of shape ``(n_k, n_{k-1})`` and ``b_k`` of shape ``(n_k,)``; ReLU after every
        layer but the last.

    Returns
    -------
    output : ndarray of shape (N, n_L)
        The network's output (the last layer has no activation).
    patterns : ndarray of bool, shape (N, n_1 + ... + n_{L-1})
        :math:`[Z_k > 0]` for every hidden layer, side by side. A network with no hidden layer
        gives shape ``(N, 0)``: a single pattern, a single affine region.
    """
    weights, biases = _check_network(weights, biases)
    H = as_float_array(X, "X", ndim=2)
    if H.shape[1] != weights[0].shape[1]:
        raise ValueError(
            f"X has shape {H.shape} with {H.shape[1]} features but weights[0] has shape "
            f"{weights[0].shape} and expects {weights[0].shape[1]}"
        )
    patterns = [np.zeros((H.shape[0], 0), dtype=bool)]
    for W, b in zip(weights[:-1], biases[:-1], strict=True):
        Z = H @ W.T + b
        on = Z > 0
        patterns.append(on)
        H = np.where(on, Z, 0.0)
    output = H @ weights[-1].T + biases[-1]
    return output, np.concatenate(patterns, axis=1)


def region_labels(patterns) -> np.ndarray:
    r"""Number the distinct activation patterns: one integer label per example.

    Parameters
    ----------
    patterns : array_like of bool, shape (N, H)
        Activation patterns, e.g. from :func:`forward_with_patterns`.

    Returns
    -------
    ndarray of int, shape (N,)
        Labels ``0, 1, ..., R-1`` (patterns in lexicographic order); examples share a label
        exactly when they share a pattern, i.e. lie in the same linear region.
    """
    if patterns is None or isinstance(patterns, str):
        raise TypeError(f"patterns must be a 2-D array of booleans, got {patterns!r}")
    try:
        patterns = np.asarray(patterns)
    except ValueError:
        raise ValueError("patterns must be a 2-D array of booleans, but it is ragged") from None
    if patterns.dtype != bool:
        numeric = np.issubdtype(patterns.dtype, np.integer) or np.issubdtype(
            patterns.dtype, np.floating)
        if not numeric or not np.isin(patterns, (0, 1)).all():
            raise TypeError(
                f"patterns must hold booleans (or 0 and 1), got dtype {patterns.dtype}"
                + ("" if not numeric else " with other values")
            )
    if patterns.ndim != 2:
        raise ValueError(f"patterns must be 2-D (one row per example), got shape {patterns.shape}")
    if patterns.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    if patterns.shape[1] == 0:
        return np.zeros(patterns.shape[0], dtype=np.int64)
    # Pack each row's bits into big-endian 64-bit words: comparing the words in turn is
    # comparing the rows lexicographically, and sorting a few integer columns is much
    # faster than np.unique(..., axis=0) on long boolean rows.
    packed = np.packbits(patterns.astype(bool), axis=1)
    n_bytes = -(-packed.shape[1] // 8) * 8
    packed = np.pad(packed, ((0, 0), (0, n_bytes - packed.shape[1])))
    words = packed.view(">u8").astype(np.uint64)
    order = np.lexsort(words.T[::-1])  # the first word is the primary key
    ordered = words[order]
    starts_new = np.any(ordered[1:] != ordered[:-1], axis=1)
    labels = np.empty(patterns.shape[0], dtype=np.int64)
    labels[order] = np.concatenate([[0], np.cumsum(starts_new)])
    return labels


def count_regions(X, weights, biases) -> int:
    r"""Number of distinct activation patterns met by the points ``X``.

    On a fine grid this counts the linear regions that the grid reaches (regions smaller
    than the grid spacing, or outside the grid, are missed, so it is a lower bound).

    Parameters
    ----------
    X : array_like of shape (N, n_0)
    weights, biases : sequences of arrays
        As in :func:`forward_with_patterns`.

    Returns
    -------
    int
    """
    _, patterns = forward_with_patterns(X, weights, biases)
    if patterns.shape[0] == 0:
        return 0
    return int(region_labels(patterns).max() + 1)


def breakpoints_1d(x, weights, biases) -> np.ndarray:
    r"""Where the activation pattern changes along a sorted 1-D grid.

    Parameters
    ----------
    x : array_like of shape (N,)
        Strictly increasing input values (the network must have one input feature).
    weights, biases : sequences of arrays
        As in :func:`forward_with_patterns`, with ``weights[0]`` of shape ``(n_1, 1)``.

    Returns
    -------
    ndarray of shape (B,)
        The midpoints :math:`(x_i + x_{i+1})/2` of the grid steps across which the pattern
        changes. Each true breakpoint lies within half a grid step of one of them; between
        two of them the network is a single straight line.
    """
    x = as_float_array(x, "x", ndim=1)
    if x.size >= 2 and not np.all(np.diff(x) > 0):
        raise ValueError("x must be strictly increasing (a sorted grid without repeats)")
    weights, biases = _check_network(weights, biases)
    if weights[0].shape[1] != 1:
        raise ValueError(
            f"breakpoints_1d needs a network with one input feature, but weights[0] has shape "
            f"{weights[0].shape}"
        )
    _, patterns = forward_with_patterns(x[:, None], weights, biases)
    changed = np.any(patterns[1:] != patterns[:-1], axis=1)
    return 0.5 * (x[:-1][changed] + x[1:][changed])


def count_pieces_1d(x, weights, biases) -> int:
    r"""Number of linear pieces met along a sorted 1-D grid: breakpoints + 1.

    Parameters
    ----------
    x : array_like of shape (N,)
    weights, biases : sequences of arrays
        As in :func:`breakpoints_1d`.

    Returns
    -------
    int
    """
    return int(breakpoints_1d(x, weights, biases).size + 1)


# The largest n_units of max_regions_one_hidden_layer (its answer has up to 30,000 digits).
_MAX_UNITS = 100_000


def max_regions_one_hidden_layer(n_units: int, n_in: int) -> int:
    r"""Most linear regions a one-hidden-layer ReLU network can have.

    The :math:`k` units switch on and off across :math:`k` hyperplanes in
    :math:`\mathbb{R}^n`, and :math:`k` hyperplanes cut space into at most
    :math:`\sum_{i=0}^{n}\binom{k}{i}` pieces (reached when they are in general position).

    Parameters
    ----------
    n_units : int
        Hidden units :math:`0 \le k \le 100000`.
    n_in : int
        Input dimension :math:`n \ge 1`.

    Returns
    -------
    int
        :math:`k + 1` for :math:`n = 1`; :math:`1 + k + k(k-1)/2` for :math:`n = 2`.
    """
    k = check_count(n_units, "n_units", minimum=0, maximum=_MAX_UNITS)
    n = check_count(n_in, "n_in", minimum=1)
    if n >= k:
        return 2**k  # every subset of units can be on: sum_i C(k, i) = 2^k
    # C(k, i) = 0 for i > k, so only i <= min(n, k) = n terms count; each binomial
    # follows from the previous one, C(k, i + 1) = C(k, i) (k - i) / (i + 1).
    total = term = 1
    for i in range(n):
        term = term * (k - i) // (i + 1)
        total += term
    return total


_MAX_RANDOM_WEIGHTS = 10_000_000


def random_network(n_in: int, n_out: int, depth: int, width: int, rng):
    r"""Random weights for a network ``n_in -> width (depth times) -> n_out``.

    Weights are He-initialised, :math:`W_k \sim \mathcal N(0, 2/n_{k-1})`
    (:func:`lib.init.he_normal`, so that signals keep their size through ReLU layers),
    and biases are drawn from :math:`\mathcal N(0, 1)` (so that units switch on and off
    inside a window of a few units around the origin). All weights are drawn first, then
    all biases, from the one generator.

    Parameters
    ----------
    n_in, n_out : int
        Input and output features.
    depth : int
        Number of hidden layers, 1 to 1000 (and at most ten million weights in all).
    width : int
        Units in every hidden layer (at least 1).
    rng : numpy.random.Generator or int

    Returns
    -------
    weights : list of ndarray
        ``depth + 1`` matrices; ``weights[k]`` has shape ``(n_{k+1}, n_k)``.
    biases : list of ndarray
        ``depth + 1`` vectors; ``biases[k]`` has shape ``(n_{k+1},)``.
    """
    sizes = [check_count(n_in, "n_in"), *[check_count(width, "width")] * check_count(
        depth, "depth", maximum=1000), check_count(n_out, "n_out")]
    n_weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    if n_weights > _MAX_RANDOM_WEIGHTS:
        raise ValueError(
            f"n_in={n_in}, width={width}, depth={depth}, n_out={n_out} make {n_weights:,} "
            f"weights; random_network draws at most {_MAX_RANDOM_WEIGHTS:,} (a picture needs few)"
        )
    rng = as_generator(rng)
    weights = [he_normal(a, b, rng) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    biases = [rng.normal(0.0, 1.0, size=b) for b in sizes[1:]]
    return weights, biases
