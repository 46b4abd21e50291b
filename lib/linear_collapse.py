r"""Collapsing a stack of linear (or affine) layers into one layer.

Without an activation between them, layers compose into a single map:

.. math::

    W_2 (W_1 x + b_1) + b_2 = (W_2 W_1)\,x + (W_2 b_1 + b_2),

and by induction :math:`L` layers equal the one affine map
:math:`x \mapsto (W_L \cdots W_1)\,x + b` with the bias built up layer by layer.
The rank of the product can only shrink along the way,
:math:`\operatorname{rank}(W_2 W_1) \le \min(\operatorname{rank} W_1, \operatorname{rank} W_2)`,
so the narrowest layer is a bottleneck for the whole stack.

Layers are always listed in the order they are applied (first layer first), with
the book's shape convention: ``W`` has shape ``(n_out, n_in)`` and ``b`` shape
``(n_out,)``.

Taught in chapter 2 (why stacked linear layers collapse).
"""

from __future__ import annotations

import numpy as np

from lib._validate import as_float_array

__all__ = [
    "collapse_linear",
    "collapse_affine",
    "affine_stack_forward",
    "partial_product_ranks",
]


def _as_list(value, name: str, what: str) -> list:
    if isinstance(value, str) or not isinstance(value, list | tuple | np.ndarray):
        raise TypeError(f"{name} must be a list of {what}, got {type(value).__name__}")
    return list(value)


def _check_weights(weights, name: str = "weights") -> list[np.ndarray]:
    """Validate a non-empty list of chained weight matrices and return them as float arrays."""
    weights = _as_list(weights, name, "weight matrices")
    if not weights:
        raise ValueError("weights must hold at least one matrix, got an empty list")
    checked = [as_float_array(W, f"weights[{k}]", ndim=2) for k, W in enumerate(weights)]
    for k in range(1, len(checked)):
        n_out_prev = checked[k - 1].shape[0]
        n_in = checked[k].shape[1]
        if n_in != n_out_prev:
            raise ValueError(
                f"weights[{k}] has shape {checked[k].shape} (expects {n_in} inputs) but "
                f"weights[{k - 1}] has shape {checked[k - 1].shape} and outputs {n_out_prev} "
                "features; each layer needs one column per output of the layer before it"
            )
    return checked


def _check_layers(layers) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Split a list of (W, b) pairs into validated weights and biases."""
    layers = _as_list(layers, "layers", "(W, b) pairs")
    if not layers:
        raise ValueError("layers must hold at least one (W, b) pair, got an empty list")
    for k, layer in enumerate(layers):
        if not isinstance(layer, (tuple, list)) or len(layer) != 2:
            raise TypeError(f"layers[{k}] must be a pair (W, b), got {type(layer).__name__}")
    weights = _check_weights([W for W, _ in layers])
    biases = []
    for k, (W, (_, b)) in enumerate(zip(weights, layers, strict=True)):
        b = as_float_array(b, f"layers[{k}] bias", ndim=1)
        if b.shape != (W.shape[0],):
            raise ValueError(
                f"layers[{k}] has W of shape {W.shape} ({W.shape[0]} neurons) so its bias "
                f"needs shape ({W.shape[0]},), got {b.shape}"
            )
        biases.append(b)
    return weights, biases


def collapse_linear(weights) -> np.ndarray:
    r"""The single matrix equal to a stack of linear layers, :math:`W_L \cdots W_2 W_1`.

    Parameters
    ----------
    weights : sequence of array_like
        ``[W_1, W_2, ..., W_L]`` in the order the layers are applied; ``W_k`` has shape
        ``(n_k, n_{k-1})``.

    Returns
    -------
    ndarray of shape (n_L, n_0)
        The product :math:`W_L \cdots W_1`: applying it to ``x`` gives the same result as
        passing ``x`` through every layer.

    Raises
    ------
    ValueError
        If the list is empty or two neighbouring shapes do not chain.

    Examples
    --------
    >>> collapse_linear([[[1, 2], [0, 1]], [[2, 0], [1, 1]]])
    array([[2., 4.],
           [1., 3.]])
    """
    weights = _check_weights(weights)
    product = weights[0]
    for W in weights[1:]:
        # The later layer multiplies from the left: it acts on the earlier layer's output.
        product = W @ product
    return product


def collapse_affine(layers) -> tuple[np.ndarray, np.ndarray]:
    r"""The single affine map equal to a stack of affine layers.

    Two layers combine as
    :math:`W_2(W_1x + b_1) + b_2 = (W_2W_1)\,x + (W_2b_1 + b_2)`; folding this rule over
    the stack gives :math:`W = W_L \cdots W_1` and a bias that collects every layer's
    bias pushed through the layers after it.

    Parameters
    ----------
    layers : sequence of (W, b) pairs
        ``[(W_1, b_1), ..., (W_L, b_L)]`` in the order applied; ``W_k`` has shape
        ``(n_k, n_{k-1})`` and ``b_k`` shape ``(n_k,)``.

    Returns
    -------
    W : ndarray of shape (n_L, n_0)
    b : ndarray of shape (n_L,)
        The stack computes :math:`x \mapsto Wx + b` (for a batch, ``X @ W.T + b``).

    Raises
    ------
    ValueError
        If the list is empty, neighbouring shapes do not chain, or a bias has the wrong
        length.
    TypeError
        If an entry is not a pair.
    """
    weights, biases = _check_layers(layers)
    W, b = weights[0], biases[0]
    for W_next, b_next in zip(weights[1:], biases[1:], strict=True):
        W, b = W_next @ W, W_next @ b + b_next
    return W, b


def affine_stack_forward(X, layers) -> np.ndarray:
    r"""Pass a batch through affine layers one at a time, with no activation in between.

    This is the layer-by-layer computation that :func:`collapse_affine` replaces by one
    matrix product.

    Parameters
    ----------
    X : array_like of shape (N, n_0) or (n_0,)
        A batch of examples (one per row) or one example.
    layers : sequence of (W, b) pairs
        As in :func:`collapse_affine`.

    Returns
    -------
    ndarray of shape (N, n_L) or (n_L,)
        :math:`H_k = H_{k-1} W_k^\top + b_k` after the last layer.
    """
    weights, biases = _check_layers(layers)
    H = as_float_array(X, "X", ndim=(1, 2))
    if H.shape[-1] != weights[0].shape[1]:
        raise ValueError(
            f"X has shape {H.shape} with {H.shape[-1]} features but the first layer's W has "
            f"shape {weights[0].shape} and expects {weights[0].shape[1]}"
        )
    for W, b in zip(weights, biases, strict=True):
        H = H @ W.T + b
    return H


def partial_product_ranks(weights) -> list[int]:
    r"""Ranks of the running products :math:`W_1,\ W_2W_1,\ \dots,\ W_L\cdots W_1`.

    Since :math:`\operatorname{rank}(AB) \le \min(\operatorname{rank}A, \operatorname{rank}B)`,
    the list never increases: once a narrow (or rank-deficient) layer has squeezed the
    data into fewer dimensions, no later linear layer can recover them.

    Parameters
    ----------
    weights : sequence of array_like
        ``[W_1, ..., W_L]`` in the order applied, as in :func:`collapse_linear`.

    Returns
    -------
    list of int, length L
        ``numpy.linalg.matrix_rank`` of each running product.
    """
    weights = _check_weights(weights)
    ranks = []
    product = weights[0]
    ranks.append(int(np.linalg.matrix_rank(product)))
    for W in weights[1:]:
        product = W @ product
        ranks.append(int(np.linalg.matrix_rank(product)))
    return ranks
