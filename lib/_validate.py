"""Input checks shared by every lib module.

Each check fails early with a message that names the argument and the shape or
value at fault, so that a learner sees "X has 3 features but the layer expects 4"
instead of a bare NumPy broadcasting error or a silent NaN several steps later.
"""

from __future__ import annotations

import numpy as np


def as_float_array(value, name: str, *, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``value`` as a finite float64 array, or raise a clear error.

    Parameters
    ----------
    value : array_like
        Numbers (Python scalars, lists, or NumPy arrays of integer or float dtype).
    name : str
        The argument's name, used in error messages.
    ndim : int or tuple of int, optional
        The allowed number(s) of dimensions.

    Raises
    ------
    TypeError
        If ``value`` is not numeric (strings, objects, booleans, complex numbers).
    ValueError
        If the number of dimensions is wrong, or the array holds NaN or infinity.
    """
    array = _as_array(value, name)
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise TypeError(
            f"{name} must hold real numbers (int or float), got dtype {array.dtype}"
        )
    array = array.astype(np.float64, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            wanted = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {wanted}, got shape {array.shape}")
    check_finite(array, name)
    return array


def _as_array(value, name: str) -> np.ndarray:
    """``np.asarray(value)``, with a clear error for ragged nested lists."""
    if value is None:
        raise TypeError(f"{name} must be an array of numbers, got None")
    try:
        return np.asarray(value)
    except (ValueError, TypeError) as err:
        # NumPy's "inhomogeneous shape" message names neither the argument nor the rows.
        raise ValueError(
            f"{name} must be a rectangular array of numbers (rows of equal length), "
            f"but it is ragged: {err}"
        ) from None


def check_finite(array: np.ndarray, name: str) -> None:
    """Raise ValueError naming the first NaN or infinite entry of ``array``."""
    finite = np.isfinite(array)
    if not finite.all():
        where = tuple(int(i) for i in np.argwhere(~finite)[0])
        bad = array[where] if array.ndim else array.item()
        raise ValueError(
            f"{name} must be finite, but {name}{list(where) if where else ''} = {bad}"
        )


def as_labels(labels, name: str, *, n_examples: int, n_classes: int) -> np.ndarray:
    """Return integer class labels of shape (n_examples,), or raise a clear error.

    Parameters
    ----------
    labels : array_like of int, shape (n_examples,)
        One class index per example, each in ``[0, n_classes)``.
    name : str
        The argument's name, used in error messages.
    n_examples : int
        The batch size the labels must match.
    n_classes : int
        The number of classes; labels must lie in ``[0, n_classes)``.
    """
    array = _as_array(labels, name)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.integer):
        if np.issubdtype(array.dtype, np.floating) and np.all(np.isfinite(array)) and np.all(
            array == np.round(array)
        ):
            array = array.astype(np.int64)
        elif np.issubdtype(array.dtype, np.floating) and array.ndim >= 1:
            not_whole = ~np.isfinite(array) | (array != np.round(array))
            where = tuple(int(i) for i in np.argwhere(not_whole)[0])
            raise TypeError(
                f"{name} must be integer class indices, but {name}{list(where)} = {array[where]}"
            )
        else:
            raise TypeError(f"{name} must be integer class indices, got dtype {array.dtype}")
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D (one class index per example), got shape {array.shape}"
        )
    if array.shape[0] != n_examples:
        raise ValueError(
            f"{name} has {array.shape[0]} entries but the batch has {n_examples} examples"
        )
    if array.size and (array.min() < 0 or array.max() >= n_classes):
        bad = array[(array < 0) | (array >= n_classes)][0]
        raise ValueError(f"{name} must lie in [0, {n_classes}), found {bad}")
    return array


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Raise ValueError if ``a`` and ``b`` differ in shape, naming both shapes."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; they must match"
        )


def check_count(value, name: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as a Python int in ``[minimum, maximum]``, or raise a clear error.

    Booleans, floats (even whole ones such as ``3.0``), strings, None and NaN are
    rejected with a ``TypeError``; integers out of range with a ``ValueError``.
    NumPy integers are accepted.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    value = int(value)
    if value < minimum or (maximum is not None and value > maximum):
        allowed = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
        raise ValueError(f"{name} must be an integer {allowed}, got {value}")
    return value


def check_real(value, name: str, *, low: float | None = None, high: float | None = None,
               low_open: bool = False, high_open: bool = False) -> float:
    """Return ``value`` as a finite Python float inside the given bounds, or raise.

    ``low_open`` / ``high_open`` exclude the bound itself, so a learning rate is
    ``check_real(lr, "lr", low=0, low_open=True)``.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.integer
                                                                | np.floating):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open or high is None else "]"
        lower = "-inf" if low is None else low
        upper = "inf" if high is None else high
        interval = f"{left}{lower}, {upper}{right}"
        raise ValueError(f"{name} must lie in {interval}, got {value}")
    return value


def check_option(value, name: str, allowed) -> str:
    """Return ``value`` if it is one of ``allowed`` (strings), else raise naming the choices."""
    allowed = tuple(allowed)
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be one of {', '.join(repr(a) for a in allowed)}, "
            f"got {value!r} ({type(value).__name__})"
        )
    if value not in allowed:
        raise ValueError(
            f"{name} must be one of {', '.join(repr(a) for a in allowed)}, got {value!r}"
        )
    return value


def as_generator(rng, name: str = "rng") -> np.random.Generator:
    """The book's one rule for randomness: a ``Generator``, or an int seed made into one.

    An int seed becomes ``np.random.default_rng(seed)`` exactly once, at the public
    boundary; the caller then passes that one Generator to everything it builds, so
    that (for example) the layers of one network draw different weights. ``None`` is
    refused: every random draw in the book must be reproducible.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, bool | np.bool_) or not isinstance(rng, int | np.integer):
        raise TypeError(
            f"{name} must be a numpy.random.Generator or an int seed "
            f"(e.g. {name}=0 or {name}=np.random.default_rng(0)), got {rng!r} "
            f"({type(rng).__name__})"
        )
    if rng < 0:
        raise ValueError(f"{name} as a seed must be an integer >= 0, got {rng}")
    return np.random.default_rng(int(rng))
