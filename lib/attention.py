r"""Attention: a soft dictionary lookup written as two matrix products and a softmax.

Every query asks every key how similar it is (a dot product), softmax turns the
similarities of one query into weights that sum to 1, and the answer is the
weighted average of the values:

.. math::

    \operatorname{Attention}(Q, K, V)
    = \operatorname{softmax}\!\Bigl(\frac{Q K^\top}{\sqrt{d}\, T}\Bigr) V ,

with the softmax taken along each row (one row per query). Shapes, the same in
every function here (as in PyTorch and JAX, with any leading batch axes ``...``):

- queries ``Q`` of shape ``(..., L, d)``: ``L`` queries of width ``d``;
- keys ``K`` of shape ``(..., S, d)`` and values ``V`` of shape ``(..., S, d_v)``:
  ``S`` entries of the dictionary;
- scores and weights of shape ``(..., L, S)``, the output of shape ``(..., L, d_v)``;
- a boolean ``mask`` broadcastable to ``(..., L, S)``, where ``True`` means
  "query ``i`` may attend to key ``j``".

A query whose mask row is all ``False`` has nothing to look up: it gets zero
weights and a zero output row (not the uniform average, and never NaN).

The softmax is the formula of :mod:`lib.softmax` (its unchecked kernel, called on
scores built from inputs checked here); the division by :math:`\sqrt d\,T` is its
temperature. :func:`online_attention` computes the same output one block
of keys at a time with a running maximum and a running sum (the online softmax
of Milakov and Gimelshein, the idea behind FlashAttention), so it never holds
the ``(L, S)`` matrix of scores.

Taught in chapter 9 (attention); builds on chapter 1 (dot products), chapter 4
(softmax and temperature), chapter 5 (backpropagation) and chapter 7 (embeddings).
"""

from __future__ import annotations

import numpy as np

from lib._validate import as_generator, check_count, check_finite, check_real
from lib.init import xavier_normal
from lib.softmax import _softmax  # the one softmax formula, on inputs checked here

__all__ = [
    "scaled_dot_product_attention",
    "attention_backward",
    "causal_mask",
    "padding_mask",
    "MultiHeadAttention",
    "sinusoidal_positional_encoding",
    "online_attention",
    "attention_entropy",
    "attention_memory_bytes",
]


# ----------------------------------------------------------------------------------------
# Input checks (run once, at the public boundary)
# ----------------------------------------------------------------------------------------

def _as_real_array(value, name: str, *, min_ndim: int = 2) -> np.ndarray:
    """Return ``value`` as a finite float array, keeping float32 as float32 (else float64)."""
    try:
        array = np.asarray(value)
    except ValueError:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array; its rows differ in length") from None
    kind = array.dtype.kind
    if kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers (int or float), got dtype {array.dtype}")
    if kind != "f" or array.dtype not in (np.float32, np.float64):
        array = array.astype(np.float64)
    if array.ndim < min_ndim:
        raise ValueError(
            f"{name} must have at least {min_ndim} axes (..., rows, width), got shape {array.shape}"
        )
    if 0 in array.shape[-2:]:
        raise ValueError(
            f"{name} has shape {array.shape}: it needs at least one row and one column"
        )
    check_finite(array, name)
    return array


def _checked_qkv(Q, K, V):
    """Validate queries, keys and values; return them with their common dtype and batch shape."""
    Q = _as_real_array(Q, "Q")
    K = _as_real_array(K, "K")
    V = _as_real_array(V, "V")
    if Q.shape[-1] != K.shape[-1]:
        raise ValueError(
            f"Q has shape {Q.shape} (width d = {Q.shape[-1]}) but K has shape {K.shape} "
            f"(width {K.shape[-1]}); queries and keys need the same width to be compared"
        )
    if K.shape[-2] != V.shape[-2]:
        raise ValueError(
            f"K has shape {K.shape} ({K.shape[-2]} keys) but V has shape {V.shape} "
            f"({V.shape[-2]} values); every key needs exactly one value"
        )
    try:
        batch = np.broadcast_shapes(Q.shape[:-2], K.shape[:-2], V.shape[:-2])
    except ValueError:
        raise ValueError(
            f"the batch axes of Q {Q.shape}, K {K.shape} and V {V.shape} (all but the last "
            "two) do not broadcast together"
        ) from None
    dtype = np.result_type(Q, K, V)
    Q, K, V = (array.astype(dtype, copy=False) for array in (Q, K, V))
    return Q, K, V, batch


def _checked_mask(mask, scores_shape: tuple[int, ...]):
    """Return ``mask`` as a boolean array broadcastable to ``scores_shape``, or None."""
    if mask is None:
        return None
    mask = np.asarray(mask)
    if mask.dtype != bool:
        raise TypeError(
            f"mask must be a boolean array (True = may attend), got dtype {mask.dtype}; "
            "for an array of 0/1 write mask.astype(bool)"
        )
    if mask.ndim == 0:
        raise ValueError("mask must have at least one axis (the keys), got a single boolean")
    try:
        fits = np.broadcast_shapes(mask.shape, scores_shape) == tuple(scores_shape)
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(
            f"mask has shape {mask.shape} but must broadcast to the scores' shape "
            f"{tuple(scores_shape)} (..., L queries, S keys)"
        )
    return mask


def _checked_temperature(temperature) -> float:
    return check_real(temperature, "temperature", low=0.0, low_open=True)


def _scale(d: int, temperature: float) -> float:
    r"""The divisor of the scores, :math:`\sqrt{d}\,T`."""
    return float(np.sqrt(d)) * temperature


# ----------------------------------------------------------------------------------------
# Dense attention and its backward pass
# ----------------------------------------------------------------------------------------

def scaled_dot_product_attention(Q, K, V, mask=None, temperature: float = 1.0):
    r"""Attention output and weights, :math:`\operatorname{softmax}(QK^\top/(\sqrt d\,T))\,V`.

    .. math::

        S = \frac{Q K^\top}{\sqrt{d}\,T}, \qquad
        A_{ij} = \frac{m_{ij}\, e^{S_{ij}}}{\sum_{k} m_{ik}\, e^{S_{ik}}}, \qquad
        O = A V,

    where :math:`m_{ij} \in \{0, 1\}` is the mask (1 = may attend). Dividing by
    :math:`\sqrt d` keeps the scores of random unit-variance vectors at variance
    about 1 whatever the width (chapter 9 measures it).

    Parameters
    ----------
    Q : array_like of shape (..., L, d)
        Queries, one per row.
    K : array_like of shape (..., S, d)
        Keys, one per row.
    V : array_like of shape (..., S, d_v)
        Values, one per key.
    mask : array_like of bool, broadcastable to (..., L, S), optional
        ``True`` where query ``i`` may attend to key ``j``. A row that is all
        ``False`` gives zero weights and a zero output row (documented choice: the
        query found nothing, so it returns nothing).
    temperature : float, default 1.0
        :math:`T > 0`, on top of the :math:`\sqrt d` scaling. Large :math:`T`
        flattens each row of weights towards uniform; small :math:`T` sharpens it
        towards the best-matching key.

    Returns
    -------
    output : ndarray of shape (..., L, d_v)
    weights : ndarray of shape (..., L, S)
        Each row sums to 1 (or is all 0 for a fully masked row); masked entries are
        exactly 0.

    Raises
    ------
    TypeError
        If an input is not numeric, or ``mask`` is not boolean.
    ValueError
        If the shapes do not fit together (the message names them), an input holds
        NaN or infinity or is empty, or ``temperature`` is not a positive number.

    Notes
    -----
    The leading batch axes of ``Q``, ``K``, ``V`` broadcast like matrix products.
    Inputs that are all float32 are computed in float32 (half the memory, about
    :math:`10^{-7}` relative precision); anything else in float64.

    Examples
    --------
    >>> Q = [[1.0, 0.0]]
    >>> K = [[1.0, 0.0], [0.0, 1.0]]
    >>> V = [[10.0], [20.0]]
    >>> out, w = scaled_dot_product_attention(Q, K, V)
    >>> w.round(4)
    array([[0.6698, 0.3302]])
    >>> out.round(4)
    array([[13.3024]])
    """
    Q, K, V, batch = _checked_qkv(Q, K, V)
    temperature = _checked_temperature(temperature)
    mask = _checked_mask(mask, batch + (Q.shape[-2], K.shape[-2]))
    _check_scores_fit(Q, K)
    return _attention(Q, K, V, mask, _scale(Q.shape[-1], temperature))


def _attention(Q, K, V, mask, scale: float):
    """Dense attention on checked inputs: returns (output, weights)."""
    scores = Q @ np.swapaxes(K, -1, -2)
    # The (..., L, S) scores are this function's own array: the softmax overwrites
    # them with the weights instead of allocating two more arrays of that size.
    if mask is None:
        weights = _softmax(scores, -1, scale, overwrite=True)
    else:
        allowed = np.broadcast_to(mask, scores.shape)
        has_any = allowed.any(axis=-1, keepdims=True)
        # Masked scores become -inf, whose exponential is exactly 0. A row with no
        # allowed key keeps its scores (-inf - max would be NaN) and is zeroed below.
        weights = _softmax(np.where(allowed | ~has_any, scores, -np.inf), -1, scale,
                           overwrite=True)
        if not has_any.all():
            weights *= has_any  # fully masked rows: zero weights instead of uniform ones
    return weights @ V, weights


def _check_scores_fit(Q: np.ndarray, K: np.ndarray, divisor: float = 1.0) -> None:
    r"""Refuse inputs whose scores could overflow: :math:`|q \cdot k| \le \|q\|\,\|k\|`."""
    with np.errstate(over="ignore"):
        bound = (np.sqrt(np.max(np.sum(Q * Q, axis=-1))) * np.sqrt(np.max(np.sum(K * K, axis=-1)))
                 / divisor)
    if not bound < np.finfo(Q.dtype).max / 4:
        raise ValueError(
            f"Q and K are too large: their dot products (up to |Q| |K| = {bound:.3g}, after "
            f"scaling) could overflow {Q.dtype}; rescale Q and K (or raise the temperature)"
        )


def attention_backward(Q, K, V, d_output, mask=None, temperature: float = 1.0):
    r"""Gradients of a loss through attention with respect to ``Q``, ``K`` and ``V``.

    With :math:`G = \partial L/\partial O` (``d_output``), :math:`A` the weights and
    :math:`\tau = \sqrt d\,T`, the backward pass runs the forward products in reverse
    (chapter 5), with the softmax Jacobian :math:`\operatorname{diag}(a) - a a^\top`
    applied to each row:

    .. math::

        dV = A^\top G, \qquad
        dA = G V^\top, \qquad
        dS_{ij} = A_{ij}\Bigl(dA_{ij} - \sum_k A_{ik}\, dA_{ik}\Bigr), \qquad
        dQ = \frac{dS\, K}{\tau}, \qquad
        dK = \frac{dS^\top Q}{\tau}.

    Masked entries have :math:`A_{ij} = 0`, so no gradient flows through them.

    Parameters
    ----------
    Q : array_like of shape (..., L, d)
    K : array_like of shape (..., S, d)
    V : array_like of shape (..., S, d_v)
    d_output : array_like of shape (..., L, d_v)
        :math:`\partial L/\partial O`, the shape of the forward output.
    mask : array_like of bool, optional
        As for :func:`scaled_dot_product_attention`.
    temperature : float, default 1.0
        As for :func:`scaled_dot_product_attention`.

    Returns
    -------
    dQ : ndarray, shape of ``Q``
    dK : ndarray, shape of ``K``
    dV : ndarray, shape of ``V``
        Where a batch axis was broadcast in the forward pass (e.g. keys shared by
        every sequence), its gradient is summed over that axis.

    Raises
    ------
    TypeError, ValueError
        As for :func:`scaled_dot_product_attention`, or if ``d_output`` does not have
        the output's shape.
    """
    Q, K, V, batch = _checked_qkv(Q, K, V)
    temperature = _checked_temperature(temperature)
    mask = _checked_mask(mask, batch + (Q.shape[-2], K.shape[-2]))
    d_output = _as_real_array(d_output, "d_output")
    expected = batch + (Q.shape[-2], V.shape[-1])
    if d_output.shape != expected:
        raise ValueError(
            f"d_output must have the output's shape {expected} (..., L, d_v), "
            f"got shape {d_output.shape}"
        )
    _check_scores_fit(Q, K)
    scale = _scale(Q.shape[-1], temperature)
    _, weights = _attention(Q, K, V, mask, scale)
    dQ, dK, dV = _attention_backward(Q, K, V, weights, d_output.astype(Q.dtype, copy=False), scale)
    return _sum_to_shape(dQ, Q.shape), _sum_to_shape(dK, K.shape), _sum_to_shape(dV, V.shape)


def _attention_backward(Q, K, V, weights, d_output, scale: float):
    """The backward pass on checked inputs and the forward weights (batch axes not reduced)."""
    dV = np.swapaxes(weights, -1, -2) @ d_output
    d_weights = d_output @ np.swapaxes(V, -1, -2)
    # Row by row, the softmax Jacobian diag(a) - a a^T applied to d_weights.
    d_scores = weights * (d_weights - np.sum(weights * d_weights, axis=-1, keepdims=True))
    dQ = (d_scores @ K) / scale
    dK = (np.swapaxes(d_scores, -1, -2) @ Q) / scale
    return dQ, dK, dV


def _sum_to_shape(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum a gradient over the batch axes that broadcasting added or stretched."""
    extra = grad.ndim - len(shape)
    if extra:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


# ----------------------------------------------------------------------------------------
# Masks
# ----------------------------------------------------------------------------------------

def causal_mask(L: int) -> np.ndarray:
    r"""The causal (look-back only) mask: position :math:`i` may attend to :math:`j \le i`.

    Parameters
    ----------
    L : int
        Sequence length, :math:`L \ge 1`.

    Returns
    -------
    ndarray of bool, shape (L, L)
        Lower triangular, diagonal included; it broadcasts over any batch axes.

    Examples
    --------
    >>> causal_mask(3).astype(int)
    array([[1, 0, 0],
           [1, 1, 0],
           [1, 1, 1]])
    """
    L = check_count(L, "L", minimum=1)
    return np.tril(np.ones((L, L), dtype=bool))


def padding_mask(lengths, L: int) -> np.ndarray:
    r"""Mask the padding keys of a batch of sequences padded to a common length.

    Sequence :math:`n` has ``lengths[n]`` real tokens followed by padding; every query
    may attend only to real keys, :math:`j < \text{lengths}[n]`.

    Parameters
    ----------
    lengths : array_like of int, shape (N,)
        Real length of each sequence, each in ``[0, L]``. A length of 0 masks every
        key, so every query of that sequence gets a zero output.
    L : int
        The padded length, :math:`L \ge 1`.

    Returns
    -------
    ndarray of bool, shape (N, 1, L)
        Broadcasts against scores of shape ``(N, L, L)`` (the middle axis stands for
        every query).

    Examples
    --------
    >>> padding_mask([2, 3], 3).astype(int)
    array([[[1, 1, 0]],
    <BLANKLINE>
           [[1, 1, 1]]])
    """
    L = check_count(L, "L", minimum=1)
    lengths = np.asarray(lengths)
    if lengths.dtype == bool or lengths.dtype.kind not in "iu":
        raise TypeError(f"lengths must be integers (one per sequence), got dtype {lengths.dtype}")
    if lengths.ndim != 1 or lengths.size == 0:
        raise ValueError(
            f"lengths must be 1-D with one entry per sequence, got shape {lengths.shape}"
        )
    outside = (lengths < 0) | (lengths > L)
    if outside.any():
        where = int(np.argmax(outside))
        raise ValueError(
            f"lengths must lie in [0, L] = [0, {L}], but lengths[{where}] = {lengths[where]}"
        )
    return (np.arange(L) < lengths[:, None])[:, None, :]


# ----------------------------------------------------------------------------------------
# Positional encodings
# ----------------------------------------------------------------------------------------

def sinusoidal_positional_encoding(L: int, d: int, base: float = 10000.0) -> np.ndarray:
    r"""The sinusoidal position codes of Vaswani et al. (2017), one row per position.

    .. math::

        P_{p,\,2i} = \sin(\omega_i\, p), \qquad P_{p,\,2i+1} = \cos(\omega_i\, p), \qquad
        \omega_i = \text{base}^{-2i/d}, \quad i = 0, \dots, d/2 - 1.

    Each pair of columns is a point on a circle turning at its own frequency, so
    :math:`P_p \cdot P_q = \sum_i \cos(\omega_i (p - q))` depends only on the offset
    :math:`p - q`, and the code of position :math:`p + k` is a fixed rotation of the
    code of :math:`p`.

    Parameters
    ----------
    L : int
        Number of positions, :math:`L \ge 1` (positions :math:`0, \dots, L-1`).
    d : int
        Width of each code; even (sine and cosine pairs), :math:`d \ge 2`.
    base : float, default 10000.0
        The longest wavelength is about :math:`2\pi \cdot \text{base}`; must exceed 1.

    Returns
    -------
    ndarray of shape (L, d)
        Entries in :math:`[-1, 1]`; every row has norm :math:`\sqrt{d/2}`.

    Examples
    --------
    >>> sinusoidal_positional_encoding(2, 2)
    array([[0.        , 1.        ],
           [0.84147098, 0.54030231]])
    """
    L = check_count(L, "L", minimum=1)
    d = check_count(d, "d", minimum=2)
    if d % 2:
        raise ValueError(f"d must be even (one sine and one cosine per frequency), got {d}")
    base = check_real(base, "base", low=1.0, low_open=True)
    frequencies = base ** (-np.arange(0, d, 2) / d)  # shape (d/2,)
    angles = np.arange(L)[:, None] * frequencies[None, :]  # shape (L, d/2)
    codes = np.empty((L, d))
    codes[:, 0::2] = np.sin(angles)
    codes[:, 1::2] = np.cos(angles)
    return codes


# ----------------------------------------------------------------------------------------
# Online (block by block) attention
# ----------------------------------------------------------------------------------------

def online_attention(Q, K, V, mask=None, block_size: int = 128, temperature: float = 1.0):
    r"""Attention output computed one block of keys at a time, with the online softmax.

    For each query row the loop keeps a running maximum :math:`m`, a running sum
    :math:`\ell` and a running (unnormalised) output :math:`\mathbf a`. A new block of
    scores :math:`\mathbf s` (the next ``block_size`` keys) updates them as

    .. math::

        m' = \max(m, \max_j s_j), \qquad
        \ell' = e^{m - m'} \ell + \sum_j e^{s_j - m'}, \qquad
        \mathbf a' = e^{m - m'} \mathbf a + \sum_j e^{s_j - m'} \mathbf v_j,

    and at the end :math:`\mathbf o = \mathbf a / \ell`. Rescaling by
    :math:`e^{m - m'}` re-expresses the old terms relative to the new maximum, so the
    result equals dense attention up to rounding (about :math:`10^{-15}` in float64)
    while only a ``(..., L, block_size)`` block of scores exists at any time: memory
    :math:`O(L \cdot \text{block})` instead of :math:`O(L \cdot S)`.

    Parameters
    ----------
    Q : array_like of shape (..., L, d)
    K : array_like of shape (..., S, d)
    V : array_like of shape (..., S, d_v)
    mask : array_like of bool, broadcastable to (..., L, S), optional
        As for :func:`scaled_dot_product_attention` (fully masked rows give zeros).
    block_size : int, default 128
        Keys per block, :math:`\ge 1`; the last block may be shorter.
    temperature : float, default 1.0
        As for :func:`scaled_dot_product_attention`.

    Returns
    -------
    ndarray of shape (..., L, d_v)
        The attention output (the weights are never formed).

    Raises
    ------
    TypeError, ValueError
        As for :func:`scaled_dot_product_attention`, or if ``block_size`` is not a
        positive integer.
    """
    Q, K, V, batch = _checked_qkv(Q, K, V)
    temperature = _checked_temperature(temperature)
    block_size = check_count(block_size, "block_size", minimum=1)
    L, S = Q.shape[-2], K.shape[-2]
    mask = _checked_mask(mask, batch + (L, S))
    if mask is not None:
        mask = np.broadcast_to(mask, batch + (L, S))  # a view: no (L, S) copy
    scale = _scale(Q.shape[-1], temperature)
    _check_scores_fit(Q, K, scale)
    Q = Q / scale  # scale the (L, d) queries once, not each block
    K_T = np.swapaxes(K, -1, -2)
    row_max = np.full(batch + (L, 1), -np.inf, dtype=Q.dtype)
    row_sum = np.zeros(batch + (L, 1), dtype=Q.dtype)
    acc = np.zeros(batch + (L, V.shape[-1]), dtype=Q.dtype)
    for start in range(0, S, block_size):
        stop = min(start + block_size, S)
        block = Q @ K_T[..., start:stop]  # (..., L, B): the only score block alive
        if mask is not None:
            block[~np.broadcast_to(mask[..., start:stop], block.shape)] = -np.inf
        new_max = np.maximum(row_max, block.max(axis=-1, keepdims=True))
        # Rows that have seen no allowed key yet keep a maximum of -inf; shift them
        # by 0 instead, so that exp(-inf - 0) = 0 rather than exp(-inf + inf) = NaN.
        shift = np.where(np.isfinite(new_max), new_max, 0.0)
        np.subtract(block, shift, out=block)
        np.exp(block, out=block)  # the block's exponentials, each <= 1
        rescale = np.exp(row_max - shift)  # e^{m - m'}: 0 on the first block
        row_sum *= rescale
        row_sum += block.sum(axis=-1, keepdims=True)
        acc *= rescale
        acc += block @ V[..., start:stop, :]
        row_max = new_max
    empty = row_sum == 0.0  # fully masked rows: zero output, as in the dense version
    return np.divide(acc, np.where(empty, 1.0, row_sum)) * ~empty


def attention_entropy(weights) -> np.ndarray:
    r"""Entropy of each row of attention weights, :math:`H_i = -\sum_j A_{ij} \ln A_{ij}` (nats).

    :math:`H_i = \ln S` for a uniform row over ``S`` keys and 0 for a one-hot row, so it
    says how many keys a query effectively listens to (about :math:`e^{H_i}`). Zero
    weights (masked keys) contribute 0, the limit of :math:`a \ln a`; a fully masked
    row has entropy 0.

    Parameters
    ----------
    weights : array_like of shape (..., L, S)
        Rows of nonnegative weights, each summing to 1 (or all 0), as returned by
        :func:`scaled_dot_product_attention`.

    Returns
    -------
    ndarray of shape (..., L)

    Raises
    ------
    ValueError
        If ``weights`` has negative entries or a row that sums neither to 1 nor to 0.
    """
    weights = _as_real_array(weights, "weights").astype(np.float64, copy=False)
    if np.any(weights < 0):
        raise ValueError("weights must be nonnegative (rows of attention weights)")
    sums = weights.sum(axis=-1)
    valid = np.isclose(sums, 1.0, rtol=0, atol=1e-4) | (sums == 0)
    if not valid.all():
        raise ValueError(
            "each row of weights must sum to 1 (or be all 0 for a fully masked row); "
            f"found a row of weights summing to {sums[~valid][0]:.6g}"
        )
    logs = np.log(np.where(weights > 0, weights, 1.0))  # log 1 = 0 where a weight is 0
    return -np.sum(weights * logs, axis=-1)


def attention_memory_bytes(L: int, S: int, block_size: int | None = None,
                           itemsize: int = 8) -> int:
    r"""Size in bytes of the largest score array attention holds: dense or one block.

    Dense attention forms all :math:`L \times S` scores (and weights of the same size);
    :func:`online_attention` forms one :math:`L \times B` block at a time, with
    :math:`B = \min(\text{block\_size}, S)`. The working memory of either is a small
    multiple of this number (chapter 9 measures it with ``tracemalloc``).

    Parameters
    ----------
    L, S : int
        Numbers of queries and keys, :math:`\ge 1`.
    block_size : int, optional
        Keys per block for the online version; None (default) for dense attention.
    itemsize : int, default 8
        Bytes per number: 8 for float64, 4 for float32.

    Returns
    -------
    int
        :math:`L \cdot S \cdot \text{itemsize}` or :math:`L \cdot B \cdot \text{itemsize}`.

    Examples
    --------
    >>> attention_memory_bytes(16384, 16384) / 2**30  # GiB for the dense weights
    2.0
    >>> attention_memory_bytes(16384, 16384, block_size=128) / 2**20  # MiB per block
    16.0
    """
    L = check_count(L, "L", minimum=1)
    S = check_count(S, "S", minimum=1)
    itemsize = check_count(itemsize, "itemsize", minimum=1)
    if block_size is None:
        return L * S * itemsize
    block_size = check_count(block_size, "block_size", minimum=1)
    return L * min(block_size, S) * itemsize


# ----------------------------------------------------------------------------------------
# Multi-head attention layer
# ----------------------------------------------------------------------------------------

class MultiHeadAttention:
    r"""Multi-head self-attention with learned projections :math:`W_Q, W_K, W_V, W_O`.

    For a sequence :math:`X` of shape ``(L, d_model)`` (or a batch ``(N, L, d_model)``):

    .. math::

        Q = X W_Q^\top, \quad K = X W_K^\top, \quad V = X W_V^\top, \qquad
        Y = \operatorname{concat}_h\bigl(\operatorname{Attention}(Q_h, K_h, V_h)\bigr)\, W_O^\top .

    The heads are a reshape, not separate layers: the ``d_model`` columns of
    :math:`Q` are cut into ``n_heads`` groups of :math:`d_h = d_{model}/n_{heads}`
    columns, each group attends on its own with scores scaled by :math:`\sqrt{d_h}`
    (the head's width, not the model's), and the outputs are put side by side again.
    There are no biases: :math:`4\, d_{model}^2` parameters whatever the number of heads.

    Parameters
    ----------
    d_model : int
        Width of each token vector.
    n_heads : int
        Number of heads; must divide ``d_model``.
    rng : numpy.random.Generator or int
        Source of the initial weights, each drawn Xavier-normal,
        :math:`\mathcal N(0, 1/d_{model})` (see :func:`lib.init.xavier_normal`).

    Attributes
    ----------
    W_Q : ndarray of shape (d_model, d_model)
        Query projection, in the book's convention: :math:`Q = X W_Q^\top`.
    W_K : ndarray of shape (d_model, d_model)
        Key projection.
    W_V : ndarray of shape (d_model, d_model)
        Value projection.
    W_O : ndarray of shape (d_model, d_model)
        Output projection, mixing the concatenated heads.
    dW_Q : ndarray of shape (d_model, d_model)
        :math:`\partial L/\partial W_Q` from the last :meth:`backward` (overwritten in
        place; ``dW_K``, ``dW_V`` and ``dW_O`` likewise).
    weights : ndarray of shape (N, n_heads, L, L) or (n_heads, L, L)
        Attention weights of the last :meth:`forward` (None before).

    Examples
    --------
    >>> mha = MultiHeadAttention(8, 2, rng=0)
    >>> mha.forward(np.ones((5, 8))).shape
    (5, 8)
    >>> mha.n_params
    256
    """

    def __init__(self, d_model: int, n_heads: int, rng):
        self.d_model = check_count(d_model, "d_model", minimum=1)
        self.n_heads = check_count(n_heads, "n_heads", minimum=1)
        if self.d_model % self.n_heads:
            raise ValueError(
                f"n_heads = {self.n_heads} must divide d_model = {self.d_model} "
                "(each head gets d_model / n_heads columns)"
            )
        self.d_head = self.d_model // self.n_heads
        rng = as_generator(rng)
        D = self.d_model
        # One buffer for the four matrices and one for their gradients: an optimizer
        # from lib.optim then updates all of them with a single NumPy call.
        self._flat = np.empty(4 * D * D)
        self._flat_grad = np.zeros(4 * D * D)
        self.W_Q, self.W_K, self.W_V, self.W_O = (
            self._flat[k * D * D:(k + 1) * D * D].reshape(D, D) for k in range(4)
        )
        self.dW_Q, self.dW_K, self.dW_V, self.dW_O = (
            self._flat_grad[k * D * D:(k + 1) * D * D].reshape(D, D) for k in range(4)
        )
        for W in self.params():
            W[...] = xavier_normal(D, D, rng)
        self.weights = None
        self._cache = None

    def __repr__(self) -> str:
        return f"MultiHeadAttention(d_model={self.d_model}, n_heads={self.n_heads})"

    @property
    def n_params(self) -> int:
        r"""Number of trainable numbers, :math:`4\, d_{model}^2`."""
        return 4 * self.d_model * self.d_model

    def params(self) -> list[np.ndarray]:
        """The trainable arrays ``[W_Q, W_K, W_V, W_O]`` themselves (updated in place)."""
        return [self.W_Q, self.W_K, self.W_V, self.W_O]

    def grads(self) -> list[np.ndarray]:
        """The gradients ``[dW_Q, dW_K, dW_V, dW_O]`` from the last backward pass."""
        return [self.dW_Q, self.dW_K, self.dW_V, self.dW_O]

    def forward(self, X, mask=None) -> np.ndarray:
        r"""Self-attention of a sequence (or a batch of sequences) with itself.

        Parameters
        ----------
        X : array_like of shape (L, d_model) or (N, L, d_model)
            Token vectors, one per row.
        mask : array_like of bool, broadcastable to (L, L) or (N, L, L), optional
            ``True`` where position ``i`` may attend to position ``j``, the same for
            every head (e.g. :func:`causal_mask` or :func:`padding_mask`).

        Returns
        -------
        Y : ndarray, shape of ``X``
        """
        X = _as_real_array(X, "X").astype(np.float64, copy=False)
        if X.ndim not in (2, 3) or X.shape[-1] != self.d_model:
            raise ValueError(
                f"{self!r} expects X of shape (L, {self.d_model}) or (N, L, {self.d_model}), "
                f"got shape {X.shape}"
            )
        L = X.shape[-2]
        mask = _checked_mask(mask, X.shape[:-2] + (L, L))
        if mask is not None:
            mask = mask[..., None, :, :] if mask.ndim >= 3 else mask  # the same for every head
        heads = [self._split(X @ W.T) for W in (self.W_Q, self.W_K, self.W_V)]
        _check_scores_fit(heads[0], heads[1])
        out, weights = _attention(*heads, mask, _scale(self.d_head, 1.0))
        concat = self._merge(out)
        self._cache = (X, heads, weights, concat)
        self.weights = weights
        return concat @ self.W_O.T

    def backward(self, dY) -> np.ndarray:
        r"""Gradients through the layer from :math:`G = \partial L/\partial Y`.

        Fills ``dW_Q``, ``dW_K``, ``dW_V``, ``dW_O`` (for a projection
        :math:`Z = X W^\top`, :math:`dW = dZ^\top X` summed over every token) and
        returns :math:`\partial L/\partial X`, the sum of the three paths through
        the queries, keys and values (fan-out, chapter 5).

        Parameters
        ----------
        dY : array_like, shape of the last forward output

        Returns
        -------
        dX : ndarray, shape of ``X``
        """
        if self._cache is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        X, (Qh, Kh, Vh), weights, concat = self._cache
        dY = _as_real_array(dY, "dY").astype(np.float64, copy=False)
        if dY.shape != X.shape:
            raise ValueError(
                f"dY must have the shape of the last output {X.shape}, got shape {dY.shape}"
            )
        D = self.d_model
        np.dot(dY.reshape(-1, D).T, concat.reshape(-1, D), out=self.dW_O)
        d_out = self._split(dY @ self.W_O)
        dQh, dKh, dVh = _attention_backward(Qh, Kh, Vh, weights, d_out,
                                            _scale(self.d_head, 1.0))
        dX = np.zeros_like(X)
        for W, dW, d_heads in ((self.W_Q, self.dW_Q, dQh), (self.W_K, self.dW_K, dKh),
                               (self.W_V, self.dW_V, dVh)):
            dZ = self._merge(d_heads)
            np.dot(dZ.reshape(-1, D).T, X.reshape(-1, D), out=dW)
            dX += dZ @ W
        return dX

    def _split(self, Z: np.ndarray) -> np.ndarray:
        """(..., L, d_model) -> (..., n_heads, L, d_head): cut the columns into heads."""
        shape = Z.shape[:-1] + (self.n_heads, self.d_head)
        return np.swapaxes(Z.reshape(shape), -2, -3)

    def _merge(self, Z: np.ndarray) -> np.ndarray:
        """(..., n_heads, L, d_head) -> (..., L, d_model): put the heads side by side."""
        Z = np.swapaxes(Z, -2, -3)
        return Z.reshape(Z.shape[:-2] + (self.d_model,))
