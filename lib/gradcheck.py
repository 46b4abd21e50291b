r"""Checking gradients against finite differences.

A backward pass is easy to get subtly wrong, and a wrong gradient still trains,
just badly. The cure is to compare it with the definition of the derivative.
For a scalar function :math:`f` and a tiny step :math:`h`, the central difference

.. math::

    \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}

has error of order :math:`h^2` (the one-sided difference only :math:`h`). With
:math:`h = 10^{-5}` in float64 the two usually agree to 8 or more significant
digits, so a relative error above :math:`10^{-6}` points at a bug.

Taught in chapter 5 (backpropagation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from lib._validate import as_float_array, check_real

__all__ = [
    "numerical_gradient",
    "relative_error",
    "check_gradients",
    "GradCheckReport",
    "compare",
    "Comparison",
]


def numerical_gradient(f, x, h: float = 1e-5):
    r"""Central-difference gradient of a scalar function, one entry at a time.

    For each entry :math:`x_i` in turn, ``x`` is changed *in place* to
    :math:`x_i + h`, then :math:`x_i - h`, ``f(x)`` is evaluated at both, and the
    entry is restored. Because the change happens in place, ``f`` may ignore its
    argument and read ``x`` by reference instead, e.g. a model's weight matrix
    that the model's forward pass uses.

    .. math::

        g_i = \frac{f(x + h e_i) - f(x - h e_i)}{2h}

    Parameters
    ----------
    f : callable
        ``f(x)`` returns one finite number (a float or 0-d array).
    x : ndarray
        The point, of any shape; it must be a writable float64 array (it is perturbed in place
        and left exactly as it was on return, even if ``f`` raises).
    h : float, default 1e-5
        The step; :math:`h > 0`.

    Returns
    -------
    ndarray, same shape as ``x``
        :math:`\partial f / \partial x`, approximately; ``2 * x.size`` calls of ``f``.

    Raises
    ------
    TypeError
        If ``x`` is not a float64 ndarray, or ``f`` does not return a single number.
    ValueError
        If ``x`` is read-only or non-finite, ``h`` is not positive, or ``f``
        returns NaN or infinity.

    Examples
    --------
    >>> x = np.array([1.0, 2.0])
    >>> numerical_gradient(lambda v: float(v @ v), x).round(6)
    array([2., 4.])
    """
    _check_callable(f, "f")
    _check_perturbable(x, "x")
    h = check_real(h, "h", low=0.0, low_open=True)
    _scalar_value(f(x), "f(x)")  # fail early, with a clear message, before the loop
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        try:
            x[index] = original + h
            f_plus = _scalar_value(f(x), "f(x)")
            x[index] = original - h
            f_minus = _scalar_value(f(x), "f(x)")
        finally:
            x[index] = original
        grad[index] = (f_plus - f_minus) / (2.0 * h)
    return grad


def relative_error(a, b) -> float:
    r"""Largest difference between two arrays, relative to their largest entries.

    .. math::

        \operatorname{rel}(a, b) =
        \frac{\max_i |a_i - b_i|}{\max\bigl(\max_i (|a_i| + |b_i|),\ \text{tiny}\bigr)}

    where ``tiny = np.finfo(np.float64).tiny`` (about 2.2e-308) only keeps
    :math:`0/0` away: two all-zero arrays have error 0. The value lies in
    :math:`[0, 1]`: 0 when the arrays are equal, and 1 when, for instance, one
    is zero and the other is not, or they have opposite signs.

    Why not divide entry by entry? Where the true gradient is nearly 0 (say
    :math:`10^{-7}`), the finite difference carries rounding noise of about
    :math:`10^{-11}`, and an entry-by-entry ratio would flag a correct gradient
    as wrong. Measuring every difference against the array's largest entries
    (one scale per parameter array) ignores that noise but still catches real
    bugs: a stray factor of 2 gives :math:`1/3`, far above ``1e-6``.

    Parameters
    ----------
    a, b : array_like, same shape

    Returns
    -------
    float
        0.0 for empty arrays.

    Raises
    ------
    ValueError
        If the shapes differ or an entry is NaN or infinite.

    Examples
    --------
    >>> relative_error([1.0, 2.0], [1.0, 2.2])  # 0.2 / (2.0 + 2.2)
    0.04761904761904766
    """
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a has shape {a.shape} but b has shape {b.shape}; they must match")
    if a.size == 0:
        return 0.0
    with np.errstate(over="ignore"):
        difference, scale = float(np.max(np.abs(a - b))), float(np.max(np.abs(a) + np.abs(b)))
    if not np.isfinite(scale):
        # Near the largest float (|a| + |b| above 1.8e308) the sums overflow; halving
        # both arrays leaves the ratio unchanged and keeps it in [0, 1].
        difference = float(np.max(np.abs(a / 2 - b / 2)))
        scale = float(np.max(np.abs(a / 2) + np.abs(b / 2)))
    return difference / max(scale, np.finfo(np.float64).tiny)


@dataclass
class GradCheckReport:
    """Result of :func:`check_gradients`: one maximum relative error per parameter.

    ``report.passed`` says whether every parameter is within ``tol``;
    ``print(report)`` shows one row per parameter.
    """

    #: The parameters' names.
    names: list[str]
    #: ``errors[k]`` is :func:`relative_error` between the given gradient and the
    #: finite-difference gradient of parameter ``k``.
    errors: list[float]
    #: A parameter passes when its error is at most ``tol``.
    tol: float
    #: The finite-difference gradients (not shown in the table).
    numerical: list[np.ndarray] = field(default_factory=list, repr=False)

    @property
    def passed(self) -> bool:
        """True when every parameter's error is at most ``tol``."""
        return all(error <= self.tol for error in self.errors)

    @property
    def max_error(self) -> float:
        """The largest error over all parameters (0.0 if there are none)."""
        return max(self.errors, default=0.0)

    def __str__(self) -> str:
        # A passing error is shown as the bound it passed, "< 1e-06": its own digits
        # (around 1e-10) are rounding noise that changes with the CPU and BLAS kernel,
        # so a printed table would differ from machine to machine. A failing error
        # is a real mistake (a stray factor of 2 gives 0.33) and is shown as it is.
        width = max([len("parameter"), *(len(name) for name in self.names)])
        lines = [f"{'parameter':<{width}}  max rel. error  status"]
        for name, error in zip(self.names, self.errors, strict=True):
            shown = f"<= {self.tol:.0e}" if error <= self.tol else f"{error:.2e}"
            status = "ok" if error <= self.tol else "FAIL"
            lines.append(f"{name:<{width}}  {shown:>14}  {status}")
        verdict = "passed" if self.passed else "FAILED"
        lines.append(f"{verdict}: tolerance {self.tol:.0e}, {len(self.names)} parameters checked")
        return "\n".join(lines)


def check_gradients(f, params, grads, tol: float = 1e-6, names=None, h: float = 1e-5):
    r"""Compare computed gradients with finite differences, parameter by parameter.

    Parameters
    ----------
    f : callable
        Called with **no arguments**; returns the loss (one finite number)
        computed from the current values of ``params``, which it reads by
        reference (e.g. ``lambda: softmax_cross_entropy(model.forward(X), y)[0]``).
    params : list of ndarray
        The float64 parameter arrays themselves (not copies): each is perturbed in
        place, entry by entry, and restored.
    grads : list of array_like
        The gradients to check, ``grads[k]`` with the shape of ``params[k]``.
    tol : float, default 1e-6
        Largest acceptable :func:`relative_error` per parameter.
    names : list of str, optional
        One name per parameter for the table; default ``params[0]``, ``params[1]``, ...
    h : float, default 1e-5
        Finite-difference step, as in :func:`numerical_gradient`.

    Returns
    -------
    GradCheckReport
        ``report.passed`` is a bool; ``print(report)`` shows a table.

    Raises
    ------
    ValueError
        If ``params`` and ``grads`` (or ``names``) differ in length, if
        ``grads[k]`` and ``params[k]`` differ in shape (the message names ``k``
        and both shapes), or if ``tol`` is negative.
    TypeError
        If a parameter is not a float64 array, or ``f`` does not return one number.
    """
    _check_callable(f, "f")
    for name, value in (("params", params), ("grads", grads)):
        if isinstance(value, np.ndarray | str) or not isinstance(value, list | tuple):
            raise TypeError(
                f"{name} must be a list with one array per parameter, got {type(value).__name__}"
            )
    params, grads = list(params), list(grads)
    if len(params) != len(grads):
        raise ValueError(f"got {len(params)} params but {len(grads)} grads; they must pair up")
    if names is None:
        names = [f"params[{k}]" for k in range(len(params))]
    elif isinstance(names, str) or not isinstance(names, list | tuple) or not all(
        isinstance(n, str) for n in names
    ):
        raise TypeError(f"names must be a list of str, one per parameter, got {names!r}")
    names = list(names)
    if len(names) != len(params):
        raise ValueError(f"got {len(names)} names for {len(params)} params")
    tol = check_real(tol, "tol", low=0.0)
    h = check_real(h, "h", low=0.0, low_open=True)
    checked = []
    for k, (param, grad) in enumerate(zip(params, grads, strict=True)):
        _check_perturbable(param, f"params[{k}]")
        grad = as_float_array(grad, f"grads[{k}]")
        if grad.shape != param.shape:
            raise ValueError(
                f"grads[{k}] has shape {grad.shape} but params[{k}] ({names[k]}) has shape "
                f"{param.shape}; each gradient must have its parameter's shape"
            )
        checked.append(grad)
    numerical = [numerical_gradient(lambda _: f(), param, h=h) for param in params]
    errors = [relative_error(g, n) for g, n in zip(checked, numerical, strict=True)]
    return GradCheckReport(names=names, errors=errors, tol=float(tol), numerical=numerical)


@dataclass(frozen=True)
class Comparison:
    """Result of :func:`compare`; ``str(comparison)`` is the printed line."""

    #: What was compared, e.g. ``"dW1"``.
    name: str
    #: ``"exact"``, ``"close"`` or ``"WRONG"``.
    status: str
    #: Largest absolute difference (``inf`` if the shapes differ).
    max_diff: float
    #: The learner-facing line, e.g. ``"dW: close (max diff < 1e-07)"``.
    line: str

    @property
    def ok(self) -> bool:
        """True for "exact" and "close"."""
        return self.status != "WRONG"

    def __str__(self) -> str:
        return self.line


def compare(name: str, ours, reference, tol: float = 1e-7, show: bool = True) -> Comparison:
    r"""Print one line saying whether ``ours`` matches ``reference``.

    The line reads ``name: exact`` (every entry equal),
    ``name: close (max diff < 1e-07)`` (largest absolute difference at most
    :math:`\text{tol} \cdot \max(1, \max_i |\text{reference}_i|)`, i.e. absolute
    for small numbers and relative for large ones; the line shows that bound rounded up
    to a power of ten), or ``name: WRONG (max diff 0.5)``. A close match prints its
    bound, not its difference: digits around 1e-12 are rounding noise that changes
    with the CPU and BLAS kernel (``Comparison.max_diff`` keeps the value).

    Parameters
    ----------
    name : str
        What is being compared, e.g. ``"dW1"``.
    ours, reference : array_like
        Our value and a trusted one (finite differences, another library).
    tol : float, default 1e-7
    show : bool, default True
        Print the line. Either way the :class:`Comparison` is returned, so a
        chapter can ``assert compare(...).ok``.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> compare("sum", 0.1 + 0.2, 0.3).line
    sum: close (max diff < 1e-07)
    'sum: close (max diff < 1e-07)'
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str (what is compared), got {name!r}")
    tol = check_real(tol, "tol", low=0.0)
    if not isinstance(show, bool | np.bool_):
        raise TypeError(f"show must be True or False, got {show!r}")
    ours = as_float_array(ours, "ours")
    reference = as_float_array(reference, "reference")
    if ours.shape != reference.shape:
        status, max_diff = "WRONG", float("inf")
        line = f"{name}: WRONG (shape {ours.shape} but the reference has shape {reference.shape})"
    else:
        max_diff = float(np.max(np.abs(ours - reference), initial=0.0))
        scale = max(1.0, float(np.max(np.abs(reference), initial=0.0)))
        if np.array_equal(ours, reference):
            status, line = "exact", f"{name}: exact"
        elif max_diff <= tol * scale:
            bound = 10.0 ** math.ceil(math.log10(tol * scale)) if tol > 0 else 0.0
            status, line = "close", f"{name}: close (max diff < {bound:.0e})"
        else:
            status, line = "WRONG", f"{name}: WRONG (max diff {max_diff:.2g})"
    if show:
        print(line)
    return Comparison(name=name, status=status, max_diff=max_diff, line=line)


def _check_callable(f, name: str) -> None:
    if not callable(f):
        raise TypeError(f"{name} must be a function that returns the loss, got {f!r}")


def _check_perturbable(x, name: str) -> None:
    """A finite-difference point must be a writable float64 ndarray (it is changed in place)."""
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        got = f"ndarray of dtype {x.dtype}" if isinstance(x, np.ndarray) else type(x).__name__
        raise TypeError(
            f"{name} must be a float64 ndarray (it is perturbed in place), got {got}; "
            "convert it first with np.asarray(..., dtype=float)"
        )
    if not x.flags.writeable:
        raise ValueError(f"{name} is read-only, but it must be perturbed in place")
    as_float_array(x, name)  # NaN / inf check


def _scalar_value(value, what: str) -> float:
    """Return ``value`` as a float if it is one finite number, else raise a teaching error."""
    if isinstance(value, tuple):
        raise TypeError(
            f"{what} must return one number (the loss), got a tuple of {len(value)}; "
            "the losses in lib.losses return (loss, gradient), so take element [0]"
        )
    array = np.asarray(value)
    if array.ndim != 0 or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise TypeError(
            f"{what} must return one real number, got {type(value).__name__} "
            f"of shape {array.shape} and dtype {array.dtype}"
        )
    result = float(array)
    if not np.isfinite(result):
        raise ValueError(f"{what} must return a finite number, got {result}")
    return result
