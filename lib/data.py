r"""Small data sets for the chapters, all available offline.

- :func:`load_digits_split`, :func:`load_digits_images`: scikit-learn's bundled
  handwritten digits (1,797 greyscale images of 8 x 8 pixels, values 0..16,
  10 classes), read from the installed wheel, no download;
- :func:`xor`: the four XOR points (chapter 3);
- :func:`moons`, :func:`spirals`: two-dimensional classification sets for
  decision-boundary pictures;
- :func:`nonlinear_1d`: a noisy :math:`\sin(3x)` curve for a tiny regression.

Every random draw comes from the ``rng`` argument (a ``numpy.random.Generator``),
so the same seed gives the same data on every machine.

Used in chapters 1 (digits), 3 (XOR, moons, spirals), 5 and 6 (training on digits).
"""

from __future__ import annotations

import numbers

import numpy as np

# scikit-learn is imported inside the loaders that use it: importing it costs about
# a second, which chapters that only need xor() or spirals() should not pay.

__all__ = [
    "load_digits_split",
    "load_digits_images",
    "xor",
    "moons",
    "spirals",
    "nonlinear_1d",
]


def _check_generator(rng, caller: str) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{caller} needs rng=np.random.default_rng(seed) (a numpy.random.Generator), "
            f"got {type(rng).__name__}"
        )
    return rng


def _check_count(value, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_noise(noise) -> float:
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not (
        np.isfinite(noise) and noise >= 0
    ):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    return float(noise)


def load_digits_split(test_size: float = 0.25, seed: int = 0, standardize: bool = True):
    r"""The digits as flat 64-pixel rows, split into training and test parts.

    The split is stratified (each class keeps its share in both parts) and
    seeded. With ``standardize=True`` every pixel column is shifted and scaled to
    mean 0 and standard deviation 1 using statistics of the *training* part only
    (the test part must not leak into training); pixels that are constant in the
    training part are only shifted.

    Parameters
    ----------
    test_size : float, default 0.25
        Fraction of the examples held out for testing, in (0, 1).
    seed : int, default 0
        ``random_state`` of the split.
    standardize : bool, default True
        If False, return raw pixel values 0..16 (as float64).

    Returns
    -------
    X_train : ndarray of shape (N_train, 64)
    X_test : ndarray of shape (N_test, 64)
    y_train : ndarray of int64, shape (N_train,)
    y_test : ndarray of int64, shape (N_test,)
        With the defaults, N_train = 1347 and N_test = 450.
    """
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real) or not (
        0 < test_size < 1
    ):
        raise ValueError(f"test_size must be a fraction in (0, 1), got {test_size!r}")
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X.astype(np.float64), y.astype(np.int64), test_size=test_size, random_state=seed,
        stratify=y,
    )
    if standardize:
        scaler = StandardScaler().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    return X_train, X_test, y_train, y_test


def load_digits_images():
    """All 1,797 digits as 8 x 8 images, for galleries and pictures.

    Returns
    -------
    images : ndarray of float64, shape (1797, 8, 8)
        Grey levels 0 (white paper) to 16 (black ink).
    labels : ndarray of int64, shape (1797,)
        The digit shown, 0..9.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    return digits.images.astype(np.float64), digits.target.astype(np.int64)


def xor():
    """The four XOR points and their labels (chapter 3).

    Returns
    -------
    X : ndarray of float64, shape (4, 2)
        ``[[0, 0], [0, 1], [1, 0], [1, 1]]``.
    y : ndarray of int64, shape (4,)
        ``[0, 1, 1, 0]``: 1 exactly when one input is 1.
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    y = np.array([0, 1, 1, 0], dtype=np.int64)
    return X, y


def moons(n: int = 200, noise: float = 0.1, rng=None):
    """Two interleaving half circles (scikit-learn's ``make_moons``), two classes.

    Parameters
    ----------
    n : int, default 200
        Number of points in total (split evenly between the two moons).
    noise : float, default 0.1
        Standard deviation of Gaussian noise added to each coordinate.
    rng : numpy.random.Generator
        One integer is drawn from it to seed ``make_moons``.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,)
        0 for the upper moon, 1 for the lower one.
    """
    n = _check_count(n, "n", 2)
    noise = _check_noise(noise)
    rng = _check_generator(rng, "moons")
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n, noise=noise, random_state=int(rng.integers(2**31 - 1)))
    return X.astype(np.float64), y.astype(np.int64)


def spirals(n_per_class: int = 100, n_classes: int = 2, noise: float = 0.2, rng=None):
    r"""Interleaved spiral arms, one per class: no straight line separates them.

    Point :math:`i` of arm :math:`k` lies at radius :math:`r_i = i/(n-1)` and angle
    :math:`\theta = 4 r_i + 2\pi k / K + \text{noise} \cdot \varepsilon`, with
    :math:`\varepsilon \sim N(0, 1)`: each arm turns 4 radians (about two thirds
    of a full turn) around the origin, the arms side by side.

    Parameters
    ----------
    n_per_class : int, default 100
        Points on each arm (at least 2).
    n_classes : int, default 2
        Number of arms :math:`K` (at least 2).
    noise : float, default 0.2
        Standard deviation of the angle noise, in radians.
    rng : numpy.random.Generator

    Returns
    -------
    X : ndarray of float64, shape (n_per_class * n_classes, 2)
        Points inside the unit disc.
    y : ndarray of int64, shape (n_per_class * n_classes,)
        The arm of each point, ``0 .. n_classes - 1``.
    """
    n = _check_count(n_per_class, "n_per_class", 2)
    k = _check_count(n_classes, "n_classes", 2)
    noise = _check_noise(noise)
    rng = _check_generator(rng, "spirals")
    radius = np.tile(np.linspace(0.0, 1.0, n), k)
    labels = np.repeat(np.arange(k, dtype=np.int64), n)
    angle = 4.0 * radius + 2.0 * np.pi * labels / k + noise * rng.normal(size=n * k)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X, labels


def nonlinear_1d(n: int = 120, noise: float = 0.15, rng=None):
    r"""A noisy curve :math:`y = \sin(3x) + \text{noise} \cdot \varepsilon` on :math:`[-2, 2]`.

    Parameters
    ----------
    n : int, default 120
        Number of points, evenly spaced in :math:`x`.
    noise : float, default 0.15
        Standard deviation of the Gaussian noise :math:`\varepsilon`.
    rng : numpy.random.Generator

    Returns
    -------
    X : ndarray of float64, shape (n, 1)
        Inputs as one feature column (the batch convention).
    y : ndarray of float64, shape (n, 1)
        Targets, one column, ready for :func:`lib.losses.mse` against a network
        with one output.
    """
    n = _check_count(n, "n", 2)
    noise = _check_noise(noise)
    rng = _check_generator(rng, "nonlinear_1d")
    x = np.linspace(-2.0, 2.0, n)
    y = np.sin(3.0 * x) + noise * rng.normal(size=n)
    return x[:, None], y[:, None]
