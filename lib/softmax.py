r"""Softmax: turning a vector of class scores into a probability distribution.

For scores (logits) :math:`z \in \mathbb{R}^K` and a temperature :math:`T > 0`,

.. math::

    \operatorname{softmax}(z)_i = \frac{e^{z_i / T}}{\sum_{j=1}^{K} e^{z_j / T}}.

Every function here first subtracts the largest score. Softmax does not change
when the same constant is added to every score, and after the shift every
exponent is :math:`\le 0`, so no exponential overflows, even for scores of
:math:`\pm 10^4`, and the largest term is exactly :math:`e^0 = 1`, so the sum
never underflows to zero.

Taught in chapter 4 (softmax and cross-entropy); the Jacobian returns in
chapter 5 (backpropagation).
"""

from __future__ import annotations

import numbers

import numpy as np

from lib._validate import as_float_array, check_real

__all__ = ["softmax", "log_softmax", "softmax_jacobian"]


def softmax(z, axis: int = -1, temperature: float = 1.0):
    r"""Probabilities from scores, :math:`p_i = e^{z_i/T} / \sum_j e^{z_j/T}`.

    Parameters
    ----------
    z : array_like of shape (..., K, ...)
        Scores (logits); the classes run along ``axis``. A batch of shape
        ``(N, K)`` gives one distribution per row with the default ``axis=-1``.
    axis : int, default -1
        The axis holding the classes.
    temperature : float, default 1.0
        :math:`T > 0`. Large :math:`T` flattens the distribution towards uniform;
        small :math:`T` sharpens it towards a one-hot vector at the largest score.

    Returns
    -------
    ndarray, same shape as ``z``
        Entries in :math:`[0, 1]` that sum to 1 along ``axis``.

    Raises
    ------
    TypeError
        If ``z`` is not numeric.
    ValueError
        If ``z`` is 0-D, holds NaN or infinity, has an empty class axis, if
        ``axis`` is out of range, or if ``temperature`` is not a positive finite
        number.

    Examples
    --------
    >>> softmax([1.2, 3.5, 0.7]).round(8)
    array([0.08635047, 0.86127533, 0.05237421])
    """
    z, axis, temperature = _checked(z, axis, temperature)
    return _softmax(z, axis, temperature)


def log_softmax(z, axis: int = -1, temperature: float = 1.0):
    r"""Log-probabilities, :math:`\log p_i = z_i/T - \log \sum_j e^{z_j/T}`, computed stably.

    Taking ``np.log(softmax(z))`` loses everything once a probability underflows
    to 0 (it returns :math:`-\infty`); here the log-sum-exp is taken after the
    max-shift, so scores of :math:`\pm 1000` give finite, exact answers
    (for ``[1000, -1000]``: ``[0, -2000]``).

    Parameters
    ----------
    z : array_like of shape (..., K, ...)
        Scores (logits); the classes run along ``axis``.
    axis : int, default -1
        The axis holding the classes.
    temperature : float, default 1.0
        :math:`T > 0`, as in :func:`softmax`.

    Returns
    -------
    ndarray, same shape as ``z``
        Entries :math:`\le 0`. An entry is :math:`-\infty` only when the true
        value is below the most negative float (about :math:`-1.8 \times 10^{308}`).

    Raises
    ------
    TypeError, ValueError
        As for :func:`softmax`.
    """
    z, axis, temperature = _checked(z, axis, temperature)
    return _log_softmax(z, axis, temperature)


def softmax_jacobian(z, temperature: float = 1.0):
    r"""Jacobian of softmax for one score vector, :math:`J = (\operatorname{diag}(p) - p p^\top)/T`.

    Entry :math:`J_{ij} = \partial p_i / \partial z_j = p_i(\delta_{ij} - p_j)/T`:
    raising one score raises its own probability and lowers every other one.
    The matrix is symmetric and each row sums to 0 (the probabilities always
    sum to 1, so their changes cancel).

    Parameters
    ----------
    z : array_like of shape (K,)
        One vector of scores.
    temperature : float, default 1.0
        :math:`T > 0`, as in :func:`softmax`.

    Returns
    -------
    ndarray of shape (K, K)

    Raises
    ------
    ValueError
        If ``z`` is not 1-D (for a batch, call this once per row), or as for
        :func:`softmax`.
    """
    z = as_float_array(z, "z", ndim=1)
    p = softmax(z, temperature=temperature)
    return (np.diag(p) - np.outer(p, p)) / _check_temperature(temperature)


def _checked(z, axis, temperature):
    """The checks of softmax and log_softmax: scores, their class axis, the temperature."""
    z = as_float_array(z, "z")
    temperature = _check_temperature(temperature)
    if z.ndim == 0:
        raise ValueError("z must have at least one axis of class scores, got a single number")
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral) or not (
        -z.ndim <= axis < z.ndim
    ):
        raise ValueError(f"axis={axis!r} is not an axis of z, which has shape {z.shape}")
    if z.shape[axis] == 0:
        raise ValueError(f"z has no classes along axis {axis} (shape {z.shape})")
    return z, int(axis), temperature


def _check_temperature(temperature) -> float:
    return check_real(temperature, "temperature", low=0.0, low_open=True)


# --------------------------------------------------------------------------- kernels
# The one place the formulas are written; the inputs were checked already.
# lib.losses (and through it lib.train) calls them directly.

def _shifted_scores(z, axis, temperature=1.0, overwrite=False) -> np.ndarray:
    r"""Return :math:`(z - \max z)/T` along ``axis``: every entry :math:`\le 0`, the largest 0.

    With ``overwrite=True`` the result is written into ``z`` itself (for a large score
    matrix that the caller made and no longer needs: no second array of its size).
    """
    # Subtract before dividing: z - max(z) <= 0, so even a tiny temperature gives
    # at worst -inf, whose exponential is exactly 0 (the right limit). Overflow to
    # -inf is expected there, not an error.
    with np.errstate(over="ignore"):
        shifted = np.subtract(z, z.max(axis=axis, keepdims=True), out=z if overwrite else None)
        if temperature != 1.0:
            shifted /= temperature  # in place: shifted is ours (a new array, or z on request)
        return shifted


def _exponentials(z, axis, temperature=1.0, overwrite=False):
    """The pieces both formulas share: shifted scores, their exponentials and sums.

    With ``overwrite=True`` all the work happens in the memory of ``z``: the
    exponentials replace the shifted scores, which are then returned as None.
    """
    shifted = _shifted_scores(z, axis, temperature, overwrite)
    exps = np.exp(shifted, out=shifted if overwrite else None)  # every exponent <= 0
    return (None if overwrite else shifted), exps, exps.sum(axis=axis, keepdims=True)


def _softmax(z, axis, temperature=1.0, overwrite=False) -> np.ndarray:
    _, exps, sums = _exponentials(z, axis, temperature, overwrite)
    exps /= sums  # in place: exps is a new array (or z, when overwrite=True)
    return exps


def _log_softmax(z, axis, temperature=1.0) -> np.ndarray:
    shifted, _, sums = _exponentials(z, axis, temperature)
    # The largest shifted score is 0, so the sum lies in [1, K]: its log is safe.
    return shifted - np.log(sums)
