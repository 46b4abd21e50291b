r"""Activation functions and their derivatives, side by side.

An activation is applied entry by entry to a layer's pre-activation
:math:`z = Wx + b`, so every function here maps an array to an array of the same
shape. Each ``*_derivative`` returns :math:`\sigma'(z)` evaluated at ``z`` (not at
the activation's output), entry by entry.

Taught in chapter 1 (neurons and layers); the derivatives drive chapter 5
(backpropagation).
"""

from __future__ import annotations

import numpy as np

from lib._validate import as_float_array

__all__ = [
    "relu",
    "relu_derivative",
    "leaky_relu",
    "leaky_relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
    "identity",
    "identity_derivative",
    "ACTIVATIONS",
    "get_activation",
]


def relu(z):
    r"""Rectified linear unit, :math:`\operatorname{ReLU}(z) = \max(0, z)`.

    Parameters
    ----------
    z : array_like of shape (...)
        Pre-activations.

    Returns
    -------
    ndarray of shape (...)
        ``z`` with negative entries replaced by 0.
    """
    z = as_float_array(z, "z")
    return np.maximum(z, 0.0)


def relu_derivative(z):
    r"""Slope of ReLU: :math:`1` where :math:`z > 0`, else :math:`0`.

    At :math:`z = 0` ReLU has no derivative; like most libraries we use 0 there.

    Parameters
    ----------
    z : array_like of shape (...)

    Returns
    -------
    ndarray of shape (...)
    """
    z = as_float_array(z, "z")
    return (z > 0).astype(np.float64)


def leaky_relu(z, slope: float = 0.01):
    r"""Leaky ReLU, :math:`z` for :math:`z > 0` and :math:`\alpha z` otherwise.

    The small slope :math:`\alpha` keeps a gradient flowing for negative scores, so
    a unit cannot "die" the way a plain ReLU unit can.

    Parameters
    ----------
    z : array_like of shape (...)
    slope : float, default 0.01
        The slope :math:`\alpha` for negative inputs, in ``[0, 1)``.

    Returns
    -------
    ndarray of shape (...)
    """
    z = as_float_array(z, "z")
    _check_slope(slope)
    return np.where(z > 0, z, slope * z)


def leaky_relu_derivative(z, slope: float = 0.01):
    r"""Slope of leaky ReLU: :math:`1` where :math:`z > 0`, else :math:`\alpha`.

    Parameters
    ----------
    z : array_like of shape (...)
    slope : float, default 0.01

    Returns
    -------
    ndarray of shape (...)
    """
    z = as_float_array(z, "z")
    _check_slope(slope)
    return np.where(z > 0, 1.0, slope)


def sigmoid(z):
    r"""Logistic sigmoid, :math:`\sigma(z) = \dfrac{1}{1 + e^{-z}}`.

    Written so that no exponential overflows: for :math:`z \ge 0` we use
    :math:`1/(1+e^{-z})` and for :math:`z < 0` the equal form
    :math:`e^{z}/(1+e^{z})`; in both, the exponent is :math:`-|z| \le 0`.

    Parameters
    ----------
    z : array_like of shape (...)

    Returns
    -------
    ndarray of shape (...)
        Values in :math:`[0, 1]` (exactly 0 or 1 only when rounding forces it).
    """
    z = as_float_array(z, "z")
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    r"""Slope of the sigmoid, :math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`.

    Parameters
    ----------
    z : array_like of shape (...)

    Returns
    -------
    ndarray of shape (...)
        Values in :math:`[0, 1/4]`, largest at :math:`z = 0`.
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    r"""Hyperbolic tangent, :math:`\tanh(z) = \dfrac{e^{z} - e^{-z}}{e^{z} + e^{-z}}`.

    Parameters
    ----------
    z : array_like of shape (...)

    Returns
    -------
    ndarray of shape (...)
        Values in :math:`[-1, 1]`.
    """
    z = as_float_array(z, "z")
    return np.tanh(z)


def tanh_derivative(z):
    r"""Slope of tanh, :math:`1 - \tanh^2(z)`.

    Parameters
    ----------
    z : array_like of shape (...)

    Returns
    -------
    ndarray of shape (...)
    """
    t = tanh(z)
    return 1.0 - t * t


def identity(z):
    r"""The identity map :math:`z \mapsto z` (a "linear" layer has no activation).

    Parameters
    ----------
    z : array_like of shape (...)

    Returns
    -------
    ndarray of shape (...)
    """
    return as_float_array(z, "z").copy()


def identity_derivative(z):
    """Slope of the identity: all ones.

    Parameters
    ----------
    z : array_like of shape (...)

    Returns
    -------
    ndarray of shape (...)
    """
    return np.ones_like(as_float_array(z, "z"))


ACTIVATIONS = {
    "relu": (relu, relu_derivative),
    "leaky_relu": (leaky_relu, leaky_relu_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "identity": (identity, identity_derivative),
}
"""Name -> (function, derivative) for every activation in this module."""


def get_activation(name: str):
    """Return ``(function, derivative)`` for an activation name.

    Parameters
    ----------
    name : str
        One of ``"relu"``, ``"leaky_relu"``, ``"sigmoid"``, ``"tanh"``, ``"identity"``.

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the known names.
    """
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def _check_slope(slope: float) -> None:
    if not (0.0 <= slope < 1.0):
        raise ValueError(f"slope must lie in [0, 1), got {slope}")
