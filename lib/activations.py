r"""Activation functions and their derivatives, side by side.

An activation is applied entry by entry to a layer's pre-activation
:math:`z = Wx + b`, so every function here maps an array to an array of the same
shape. Each ``*_derivative`` returns :math:`\sigma'(z)` evaluated at ``z`` (not at
the activation's output), entry by entry.

Each formula is written once, in a small unchecked *kernel* at the end of this
module (``_relu``, ``_sigmoid``, ...). The public functions check their input and
call the kernel; the fast paths of :class:`lib.layers.Activation` and
:func:`lib.train.train`, whose inputs were checked once on the way in, call the
same kernels through the table ``_KERNELS``.

Taught in chapter 1 (neurons and layers); the derivatives drive chapter 5
(backpropagation).
"""

from __future__ import annotations

import numpy as np

from lib._validate import as_float_array, check_option, check_real

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
    return _relu(as_float_array(z, "z"))


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
    return _relu_slope(z, _relu(z))


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
    return _leaky_relu(z, _check_slope(slope))


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
    slope = _check_slope(slope)
    return _leaky_relu_slope(z, None, slope)


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
    return _sigmoid(as_float_array(z, "z"))


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
    z = as_float_array(z, "z")
    return _sigmoid_slope(z, _sigmoid(z))


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
    return _tanh(as_float_array(z, "z"))


def tanh_derivative(z):
    r"""Slope of tanh, :math:`1 - \tanh^2(z)`.

    Parameters
    ----------
    z : array_like of shape (...)

    Returns
    -------
    ndarray of shape (...)
    """
    z = as_float_array(z, "z")
    return _tanh_slope(z, _tanh(z))


def identity(z):
    r"""The identity map :math:`z \mapsto z` (a "linear" layer has no activation).

    Parameters
    ----------
    z : array_like of shape (...)

    Returns
    -------
    ndarray of shape (...)
    """
    # A copy: the caller's array and the result must not be the same object.
    return _identity(as_float_array(z, "z")).copy()


def identity_derivative(z):
    """Slope of the identity: all ones.

    Parameters
    ----------
    z : array_like of shape (...)

    Returns
    -------
    ndarray of shape (...)
    """
    z = as_float_array(z, "z")
    return _identity_slope(z, z)


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
    return ACTIVATIONS[check_option(name, "name", ACTIVATIONS)]


def _check_slope(slope) -> float:
    return check_real(slope, "slope", low=0.0, high=1.0, high_open=True)


# --------------------------------------------------------------------------- kernels
# The one place each formula is written. A kernel assumes a float ndarray that was
# checked already. Every kernel takes the leaky slope ``alpha`` (ignored except by
# leaky ReLU) so that callers can use the table below without asking which one it is;
# each slope kernel gets both z and a = f(z), and uses whichever gives sigma'(z)
# most cheaply (the sigmoid and tanh slopes are read off the output).

def _relu(z, alpha=None):
    return np.maximum(z, 0.0)


def _relu_slope(z, a, alpha=None):
    return (z > 0).astype(np.float64)


def _leaky_relu(z, alpha):
    return np.where(z > 0, z, alpha * z)


def _leaky_relu_slope(z, a, alpha):
    return np.where(z > 0, 1.0, alpha)


def _sigmoid(z, alpha=None):
    # sigma(z) = 1/(1 + e^-z) for z >= 0 and e^z/(1 + e^z) for z < 0: in both the
    # exponent is -|z| <= 0, so nothing overflows.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_slope(z, a, alpha=None):
    return a * (1.0 - a)  # sigma'(z) = sigma(z) (1 - sigma(z))


def _tanh(z, alpha=None):
    return np.tanh(z)


def _tanh_slope(z, a, alpha=None):
    return 1.0 - a * a  # tanh'(z) = 1 - tanh(z)^2


def _identity(z, alpha=None):
    return z


def _identity_slope(z, a, alpha=None):
    return np.ones_like(z)


_KERNELS = {
    "relu": (_relu, _relu_slope),
    "leaky_relu": (_leaky_relu, _leaky_relu_slope),
    "sigmoid": (_sigmoid, _sigmoid_slope),
    "tanh": (_tanh, _tanh_slope),
    "identity": (_identity, _identity_slope),
}
"""Name -> (kernel, slope kernel) for the unchecked fast paths, in ACTIVATIONS order."""
