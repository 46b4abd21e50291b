r"""Random starting weights whose scale depends on the layer's size.

A layer's pre-activation :math:`z_i = \sum_{j=1}^{n_{in}} W_{ij} x_j` adds up
:math:`n_{in}` ("fan-in") terms, so its variance is :math:`n_{in}` times the
variance of one term. Choosing the weights' variance proportional to
:math:`1/n_{in}` keeps signals at a steady size from layer to layer instead of
exploding or dying out:

- He (Kaiming): :math:`N(0,\ 2/n_{in})`, for ReLU layers (ReLU zeroes about
  half of its inputs, so the variance is doubled to make up for it);
- Xavier (Glorot) normal: :math:`N(0,\ 2/(n_{in}+n_{out}))`, for tanh and
  sigmoid layers; Xavier uniform: :math:`U(-a, a)` with
  :math:`a = \sqrt{6/(n_{in}+n_{out})}`, which has the same variance;
- LeCun: :math:`N(0,\ 1/n_{in})`, the fan-in-only form (some texts call this
  one "Xavier").

Every function returns ``W`` of shape ``(n_out, n_in)`` (one row per neuron) and
draws from ``rng``: a ``numpy.random.Generator``, or an ``int`` seed that is made
into one with ``np.random.default_rng(seed)`` (the book's one rule for randomness,
``lib._validate.as_generator``).

Taught in chapter 5 (backpropagation: why the starting scale matters) and
chapter 6 (optimizers).
"""

from __future__ import annotations

import numpy as np

from lib._validate import as_generator, check_count, check_option

__all__ = [
    "he_std",
    "xavier_std",
    "xavier_limit",
    "lecun_std",
    "he_normal",
    "xavier_normal",
    "xavier_uniform",
    "lecun_normal",
    "INITIALIZERS",
    "get_initializer",
]


def he_std(fan_in: int) -> float:
    r"""Standard deviation of He initialization, :math:`\sqrt{2 / n_{in}}`.

    Parameters
    ----------
    fan_in : int
        Inputs per neuron, :math:`n_{in} \ge 1`.

    Returns
    -------
    float
        E.g. :math:`\sqrt{2/4} \approx 0.707` for ``fan_in=4``.
    """
    return float(np.sqrt(2.0 / check_count(fan_in, "fan_in")))


def xavier_std(fan_in: int, fan_out: int) -> float:
    r"""Standard deviation of Xavier (Glorot) normal initialization.

    :math:`\sigma = \sqrt{2/(n_{in}+n_{out})}`.

    This is the form in Glorot & Bengio (2010): the average of the fan-in
    condition (forward signals) and the fan-out condition (backward gradients).
    Some texts call the fan-in-only variance :math:`1/n_{in}` "Xavier"; that one
    is :func:`lecun_std` here.

    Parameters
    ----------
    fan_in, fan_out : int
        Inputs and outputs of the layer, both :math:`\ge 1`.

    Returns
    -------
    float
    """
    total = check_count(fan_in, "fan_in") + check_count(fan_out, "fan_out")
    return float(np.sqrt(2.0 / total))


def xavier_limit(fan_in: int, fan_out: int) -> float:
    r"""Half-width :math:`a = \sqrt{6/(n_{in}+n_{out})}` of Xavier uniform initialization.

    A uniform draw on :math:`[-a, a]` has variance :math:`a^2/3 = 2/(n_{in}+n_{out})`,
    the same as :func:`xavier_std` squared.
    """
    total = check_count(fan_in, "fan_in") + check_count(fan_out, "fan_out")
    return float(np.sqrt(6.0 / total))


def lecun_std(fan_in: int) -> float:
    r"""Standard deviation of LeCun initialization, :math:`\sqrt{1/n_{in}}`."""
    return float(np.sqrt(1.0 / check_count(fan_in, "fan_in")))


def he_normal(n_in: int, n_out: int, rng) -> np.ndarray:
    r"""Weights drawn from :math:`N(0,\ 2/n_{in})` (He / Kaiming), for ReLU layers.

    Parameters
    ----------
    n_in : int
        Input features (the fan-in).
    n_out : int
        Neurons in the layer.
    rng : numpy.random.Generator or int
        Source of randomness (an int is used as a seed for ``np.random.default_rng``).

    Returns
    -------
    ndarray of shape (n_out, n_in)

    Raises
    ------
    TypeError
        If ``rng`` is neither a Generator nor an int (e.g. ``None`` or the legacy
        ``np.random.RandomState``): results must be reproducible.
    ValueError
        If ``n_in`` or ``n_out`` is not a positive integer.
    """
    n_in, n_out, rng = _check_layer(n_in, n_out, rng)
    return rng.normal(0.0, he_std(n_in), size=(n_out, n_in))


def xavier_normal(n_in: int, n_out: int, rng) -> np.ndarray:
    r"""Weights drawn from :math:`N(0,\ 2/(n_{in}+n_{out}))` (Glorot normal), for tanh/sigmoid.

    Parameters
    ----------
    n_in, n_out : int
    rng : numpy.random.Generator or int

    Returns
    -------
    ndarray of shape (n_out, n_in)

    Raises
    ------
    TypeError, ValueError
        As for :func:`he_normal`.
    """
    n_in, n_out, rng = _check_layer(n_in, n_out, rng)
    return rng.normal(0.0, xavier_std(n_in, n_out), size=(n_out, n_in))


def xavier_uniform(n_in: int, n_out: int, rng) -> np.ndarray:
    r"""Weights drawn from :math:`U(-a, a)`, :math:`a = \sqrt{6/(n_{in}+n_{out})}` (Glorot uniform).

    Parameters
    ----------
    n_in, n_out : int
    rng : numpy.random.Generator or int

    Returns
    -------
    ndarray of shape (n_out, n_in)

    Raises
    ------
    TypeError, ValueError
        As for :func:`he_normal`.
    """
    n_in, n_out, rng = _check_layer(n_in, n_out, rng)
    limit = xavier_limit(n_in, n_out)
    return rng.uniform(-limit, limit, size=(n_out, n_in))


def lecun_normal(n_in: int, n_out: int, rng) -> np.ndarray:
    r"""Weights drawn from :math:`N(0,\ 1/n_{in})` (LeCun).

    Parameters
    ----------
    n_in, n_out : int
    rng : numpy.random.Generator or int

    Returns
    -------
    ndarray of shape (n_out, n_in)
    """
    n_in, n_out, rng = _check_layer(n_in, n_out, rng)
    return rng.normal(0.0, lecun_std(n_in), size=(n_out, n_in))


INITIALIZERS = {
    "he": he_normal,
    "xavier": xavier_normal,
    "xavier_uniform": xavier_uniform,
    "lecun": lecun_normal,
}
"""Name -> initializer ``f(n_in, n_out, rng)`` for every scheme in this module."""


def get_initializer(name: str):
    """Return the initializer function for a name.

    Parameters
    ----------
    name : str
        One of ``"he"``, ``"xavier"``, ``"xavier_uniform"``, ``"lecun"``.

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the known names.
    """
    return INITIALIZERS[check_option(name, "name", INITIALIZERS)]


def _check_layer(n_in, n_out, rng) -> tuple[int, int, np.random.Generator]:
    """The checks every initializer makes, naming its own arguments."""
    return check_count(n_in, "n_in"), check_count(n_out, "n_out"), as_generator(rng)
