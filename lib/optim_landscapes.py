r"""Small two-dimensional loss surfaces for watching optimizers move.

A real network's loss lives in thousands of dimensions, but near a minimum it
looks like a quadratic bowl, and the behaviour of gradient descent there is
governed by the bowl's curvatures: the eigenvalues of its Hessian. Chapter 6
draws optimizers on two such surfaces, small enough to plot as contour lines:

- :class:`Quadratic`, :math:`f(\theta) = \tfrac12 \theta^\top A \theta` with a
  symmetric positive definite :math:`A` (its Hessian), whose minimum is at 0;
- :class:`Rosenbrock`, :math:`f(x, y) = (a - x)^2 + b\,(y - x^2)^2`, a curved,
  narrow valley with its minimum at :math:`(a, a^2)`.

:func:`run_optimizer` runs any :mod:`lib.optim` optimizer on such a surface and
returns the trajectory, one row per iterate; and :func:`draw_contours` draws a surface's
contour lines under such a trajectory.

Taught in chapter 6 (gradient descent, momentum and Adam).
"""

from __future__ import annotations

import math

import numpy as np

from lib._validate import as_float_array, check_count, check_option, check_real

__all__ = ["Quadratic", "Rosenbrock", "rotation_quadratic", "run_optimizer", "OPTIMIZERS",
           "SURFACES", "make_surface", "make_optimizer", "playground_run", "draw_contours"]


def _point(theta, dim: int) -> np.ndarray:
    """``theta`` as a finite float vector of shape ``(dim,)``, or a clear error."""
    theta = as_float_array(theta, "theta", ndim=1)
    if theta.shape != (dim,):
        raise ValueError(f"theta must have shape ({dim},), got {theta.shape}")
    return theta


class Quadratic:
    r"""The quadratic bowl :math:`f(\theta) = \tfrac12\, \theta^\top A\, \theta`.

    Its gradient is :math:`\nabla f(\theta) = A\theta` and its Hessian is
    :math:`A` everywhere. Writing :math:`\theta` in the eigenvectors
    :math:`u_i` of :math:`A` (eigenvalues :math:`\lambda_i`), one gradient step
    :math:`\theta \leftarrow \theta - \eta A \theta` multiplies the coordinate
    along :math:`u_i` by :math:`1 - \eta \lambda_i`. Every coordinate shrinks
    exactly when :math:`|1 - \eta\lambda_i| < 1` for all :math:`i`, that is when
    :math:`0 < \eta < 2 / \lambda_{\max}` (:attr:`max_stable_lr`).

    Parameters
    ----------
    A : array_like of shape (d, d)
        Symmetric positive definite matrix (the Hessian).

    Attributes
    ----------
    A : ndarray of shape (d, d)
    eigenvalues : ndarray of shape (d,)
        :math:`\lambda_1 \le \dots \le \lambda_d`, in ascending order.
    eigenvectors : ndarray of shape (d, d)
        Column ``i`` is the unit eigenvector :math:`u_i` of ``eigenvalues[i]``.
    minimum : ndarray of shape (d,)
        The minimiser, :math:`\theta^* = 0`.

    Examples
    --------
    >>> bowl = Quadratic([[1.0, 0.0], [0.0, 10.0]])
    >>> bowl.max_stable_lr
    0.2
    >>> bowl.gradient([1.0, 1.0])
    array([ 1., 10.])
    """

    def __init__(self, A):
        A = as_float_array(A, "A", ndim=2)
        if A.shape[0] != A.shape[1]:
            raise ValueError(f"A must be square, got shape {A.shape}")
        if not np.allclose(A, A.T, rtol=1e-10, atol=1e-12):
            raise ValueError("A must be symmetric (A == A.T): it is the Hessian of f")
        eigenvalues, eigenvectors = np.linalg.eigh(A)
        if eigenvalues[0] <= 0:
            raise ValueError(
                f"A must be positive definite (all eigenvalues > 0), but its smallest "
                f"eigenvalue is {eigenvalues[0]:.3g}: f would have no minimum"
            )
        self.A = A
        self.eigenvalues = eigenvalues
        self.eigenvectors = eigenvectors
        self.minimum = np.zeros(A.shape[0])

    def __repr__(self) -> str:
        return f"Quadratic(eigenvalues={np.round(self.eigenvalues, 6).tolist()})"

    @property
    def dim(self) -> int:
        """Number of coordinates :math:`d`."""
        return self.A.shape[0]

    @property
    def max_stable_lr(self) -> float:
        r"""The largest stable learning rate of gradient descent, :math:`2/\lambda_{\max}`.

        At exactly this value the coordinate along the top eigenvector flips sign
        every step with constant size; above it, that coordinate grows.
        """
        return 2.0 / float(self.eigenvalues[-1])

    @property
    def condition_number(self) -> float:
        r""":math:`\kappa = \lambda_{\max} / \lambda_{\min}`: how elongated the bowl is."""
        return float(self.eigenvalues[-1] / self.eigenvalues[0])

    def value(self, theta) -> float:
        r""":math:`f(\theta) = \tfrac12 \theta^\top A \theta` for ``theta`` of shape (d,)."""
        theta = _point(theta, self.dim)
        return 0.5 * float(theta @ self.A @ theta)

    def gradient(self, theta) -> np.ndarray:
        r""":math:`\nabla f(\theta) = A\theta`, shape (d,)."""
        return self.A @ _point(theta, self.dim)

    def value_and_gradient(self, theta) -> tuple[float, np.ndarray]:
        """Both at once: ``(value(theta), gradient(theta))``."""
        return self.value(theta), self.gradient(theta)

    def hessian(self, theta=None) -> np.ndarray:
        """The Hessian, :math:`A` (the same at every point), shape (d, d)."""
        if theta is not None:
            _point(theta, self.dim)
        return self.A.copy()

    def eigen_coordinates(self, points) -> np.ndarray:
        r"""Coordinates of points in the eigenvector basis, :math:`c_i = u_i^\top \theta`.

        Parameters
        ----------
        points : array_like of shape (d,) or (T, d)

        Returns
        -------
        ndarray of the same shape; column ``i`` goes with ``eigenvalues[i]``.
        """
        points = as_float_array(points, "points", ndim=(1, 2))
        if points.shape[-1] != self.dim:
            raise ValueError(f"points must have {self.dim} columns, got shape {points.shape}")
        return points @ self.eigenvectors

    def surface(self, X, Y) -> np.ndarray:
        """:math:`f` at every grid point ``(X[i, j], Y[i, j])`` (2-D bowls only), for contours.

        Parameters
        ----------
        X, Y : ndarray of the same shape
            Grid coordinates, e.g. from ``np.meshgrid``.

        Returns
        -------
        ndarray of the same shape as ``X``.
        """
        if self.dim != 2:
            raise ValueError(f"surface needs a 2-D bowl, this one has d = {self.dim}")
        X, Y = _grid(X, Y)
        (a, b), (_, c) = self.A
        return 0.5 * (a * X * X + 2.0 * b * X * Y + c * Y * Y)


class Rosenbrock:
    r"""Rosenbrock's banana valley, :math:`f(x, y) = (a - x)^2 + b\,(y - x^2)^2`.

    The valley floor follows the parabola :math:`y = x^2`; its walls are steep
    (curvature about :math:`2b` across) and its floor nearly flat, so plain
    gradient descent crawls along it. The minimum is :math:`f = 0` at
    :math:`(a, a^2)`, where the Hessian is
    :math:`\begin{pmatrix} 2 + 8ba^2 & -4ba \\ -4ba & 2b \end{pmatrix}`.

    .. math::

        \nabla f = \begin{pmatrix} -2(a - x) - 4bx\,(y - x^2) \\ 2b\,(y - x^2) \end{pmatrix}.

    Parameters
    ----------
    a : float, default 1.0
    b : float, default 100.0
        Must be positive.

    Examples
    --------
    >>> Rosenbrock().value([1.0, 1.0])
    0.0
    >>> Rosenbrock().gradient([0.0, 0.0])
    array([-2.,  0.])
    """

    dim = 2

    def __init__(self, a: float = 1.0, b: float = 100.0):
        a = check_real(a, "a")
        b = check_real(b, "b", low=0.0, low_open=True)  # b > 0 sets the valley's steepness
        self.a, self.b = a, b
        self.minimum = np.array([self.a, self.a**2])

    def __repr__(self) -> str:
        return f"Rosenbrock(a={self.a:g}, b={self.b:g})"

    def value(self, theta) -> float:
        """:math:`f(x, y)` for ``theta = (x, y)``."""
        x, y = _point(theta, 2)
        return float((self.a - x) ** 2 + self.b * (y - x * x) ** 2)

    def gradient(self, theta) -> np.ndarray:
        r""":math:`\nabla f(x, y)`, shape (2,)."""
        x, y = _point(theta, 2)
        valley = y - x * x  # how far above the parabola y = x^2
        return np.array([-2.0 * (self.a - x) - 4.0 * self.b * x * valley, 2.0 * self.b * valley])

    def value_and_gradient(self, theta) -> tuple[float, np.ndarray]:
        """Both at once: ``(value(theta), gradient(theta))``."""
        return self.value(theta), self.gradient(theta)

    def hessian(self, theta) -> np.ndarray:
        """The matrix of second derivatives at ``theta``, shape (2, 2)."""
        x, y = _point(theta, 2)
        b = self.b
        return np.array([[2.0 - 4.0 * b * (y - 3.0 * x * x), -4.0 * b * x],
                         [-4.0 * b * x, 2.0 * b]])

    def surface(self, X, Y) -> np.ndarray:
        """:math:`f` at every grid point ``(X[i, j], Y[i, j])``, for contours."""
        X, Y = _grid(X, Y)
        return (self.a - X) ** 2 + self.b * (Y - X * X) ** 2


def _grid(X, Y) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, "X")
    Y = as_float_array(Y, "Y")
    if X.shape != Y.shape:
        raise ValueError(f"X and Y must have the same shape, got {X.shape} and {Y.shape}")
    return X, Y


def rotation_quadratic(eigenvalues, angle_degrees: float = 0.0) -> Quadratic:
    r"""A 2-D bowl with given curvatures whose axes are turned by an angle.

    Builds :math:`A = R\, \operatorname{diag}(\lambda_1, \lambda_2)\, R^\top` with
    :math:`R` the rotation by ``angle_degrees``: the eigenvector of
    :math:`\lambda_1` points at that angle from the x-axis.

    Parameters
    ----------
    eigenvalues : (float, float)
        Positive curvatures :math:`\lambda_1, \lambda_2`.
    angle_degrees : float, default 0

    Returns
    -------
    Quadratic
    """
    lam = as_float_array(eigenvalues, "eigenvalues", ndim=1)
    if lam.shape != (2,):
        raise ValueError(f"eigenvalues must be two numbers, got shape {lam.shape}")
    if np.any(lam <= 0):
        raise ValueError(f"eigenvalues must be positive curvatures, got {lam.tolist()}")
    angle = math.radians(check_real(angle_degrees, "angle_degrees"))
    R = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    A = R @ np.diag(lam) @ R.T
    return Quadratic(0.5 * (A + A.T))  # symmetric to the last bit


def run_optimizer(optimizer_factory, grad_fn, theta0, steps: int, *,
                  bound: float = 1e6) -> np.ndarray:
    r"""Run an optimizer from ``theta0`` and return every iterate.

    Parameters
    ----------
    optimizer_factory : callable
        Called once with the parameter list ``[theta]`` and returning a
        :mod:`lib.optim` optimizer, e.g. ``lambda params: SGD(params, lr=0.1)``.
    grad_fn : callable
        ``grad_fn(theta)`` returns the gradient at ``theta``, an array of the same
        shape, e.g. ``Quadratic(A).gradient``.
    theta0 : array_like of shape (d,)
        Starting point (copied; the caller's array is not changed).
    steps : int
        Number of optimizer steps (>= 0).
    bound : float, default 1e6
        Stop early once a coordinate of :math:`\theta` exceeds this in size: the run has
        diverged, and going on would only overflow.

    Returns
    -------
    ndarray of shape (steps + 1, d)
        Row ``t`` is :math:`\theta_t` (row 0 is ``theta0``). Fewer rows when the
        run diverged; the last row is then the first iterate out of bounds.

    Raises
    ------
    TypeError
        If ``optimizer_factory`` does not return an optimizer with a ``step`` method.
    ValueError
        For a bad ``theta0``, ``steps`` or ``bound``, or a gradient of the wrong shape.
    """
    for name, f in (("optimizer_factory", optimizer_factory), ("grad_fn", grad_fn)):
        if not callable(f):
            raise TypeError(f"{name} must be a function, got {f!r}")
    theta = as_float_array(theta0, "theta0", ndim=1).copy()
    steps = check_count(steps, "steps", minimum=0)
    bound = check_real(bound, "bound", low=0.0, low_open=True)
    optimizer = optimizer_factory([theta])
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            "optimizer_factory must return an optimizer such as SGD(params, lr=0.1), "
            f"got {type(optimizer).__name__}"
        )
    trajectory = np.empty((int(steps) + 1, theta.size))
    trajectory[0] = theta
    for t in range(1, int(steps) + 1):
        grad = as_float_array(grad_fn(theta), "grad_fn(theta)")
        if grad.shape != theta.shape:
            raise ValueError(
                f"grad_fn returned shape {grad.shape} but theta has shape {theta.shape}"
            )
        optimizer.step([grad])
        trajectory[t] = theta
        if not np.all(np.abs(theta) <= bound):  # also catches NaN
            return trajectory[: t + 1]
    return trajectory

# -- the chapter's two surfaces and three optimizers, by name (chapter 6's playground) ----
OPTIMIZERS = ("GD", "momentum", "Adam")
"""The optimizer names of :func:`make_optimizer`."""

SURFACES = ("quadratic", "Rosenbrock")
"""The surface names of :func:`make_surface`: the tilted bowl (curvatures 1 and 10, axes
at 30°) and Rosenbrock's valley."""


def make_surface(name: str):
    """The chapter's surface called ``name`` ("quadratic" or "Rosenbrock").

    Returns
    -------
    lib.optim_landscapes.Quadratic or lib.optim_landscapes.Rosenbrock
        For "quadratic", the bowl with curvatures 1 and 10 whose flat axis points
        at 30° (built by :func:`lib.optim_landscapes.rotation_quadratic`); for
        "Rosenbrock", :math:`(1 - x)^2 + 100 (y - x^2)^2`.
    """
    check_option(name, "name", SURFACES)
    if name == "quadratic":
        return rotation_quadratic([1.0, 10.0], angle_degrees=30.0)
    if name == "Rosenbrock":
        return Rosenbrock()
    raise ValueError(f"unknown surface {name!r}; choose one of {list(SURFACES)}")


def make_optimizer(name: str, params, lr: float, beta1: float = 0.9, beta2: float = 0.999):
    r"""A :mod:`lib.optim` optimizer by its playground name.

    "GD" is :class:`lib.optim.SGD` (full gradients here, so plain gradient
    descent), "momentum" is :class:`lib.optim.Momentum` with ``beta=beta1`` and
    "Adam" is :class:`lib.optim.Adam` with ``beta1`` and ``beta2``.
    """
    from lib.optim import SGD, Adam, Momentum

    check_option(name, "name", OPTIMIZERS)
    if name == "GD":
        return SGD(params, lr=lr)
    if name == "momentum":
        return Momentum(params, lr=lr, beta=beta1)
    if name == "Adam":
        return Adam(params, lr=lr, beta1=beta1, beta2=beta2)
    raise ValueError(f"unknown optimizer {name!r}; choose one of {list(OPTIMIZERS)}")


def playground_run(surface="quadratic", optimizer="GD", lr=0.18, beta1=0.9, beta2=0.999,
                   start=(-2.0, 0.0), steps=100) -> dict:
    r"""Run one optimizer on one surface and summarise where it went.

    Parameters
    ----------
    surface : {"quadratic", "Rosenbrock"} or a surface object
        A name for :func:`make_surface`, or any object with ``gradient``,
        ``value`` and ``minimum`` (e.g. a :class:`lib.optim_landscapes.Quadratic`).
    optimizer : {"GD", "momentum", "Adam"}
    lr : float
        Learning rate :math:`\eta > 0`.
    beta1, beta2 : float
        Momentum's :math:`\beta` (``beta1``) and Adam's decay rates, in [0, 1).
    start : (float, float)
        Starting point :math:`\theta_0`.
    steps : int
        Number of optimizer steps.

    Returns
    -------
    dict
        ``trajectory`` (ndarray of shape (T + 1, 2), T = ``steps`` unless the run
        diverged), ``distances`` (ndarray (T + 1,), :math:`\lVert\theta_t - \theta^*\rVert`),
        ``final`` (ndarray (2,)), ``final_value`` (:math:`f(\theta_T)`),
        ``final_distance``, ``diverged`` (bool), ``steps_run`` (T), and
        ``max_stable_lr`` (:math:`2/\lambda_{\max}` for a quadratic, else None).
    """
    if isinstance(surface, str):
        f = make_surface(check_option(surface, "surface", SURFACES))
    elif all(hasattr(surface, attr) for attr in ("gradient", "value", "minimum")):
        f = surface
    else:
        raise TypeError(
            f"surface must be one of {', '.join(repr(s) for s in SURFACES)} or an object with "
            f"gradient, value and minimum, got {surface!r}"
        )
    start = as_float_array(start, "start", ndim=1)
    if start.shape != (2,):
        raise ValueError(f"start must be a point (x0, y0), got shape {start.shape}")
    check_option(optimizer, "optimizer", OPTIMIZERS)
    lr = check_real(lr, "lr", low=0.0, low_open=True)
    beta1 = check_real(beta1, "beta1", low=0.0, high=1.0, high_open=True)
    beta2 = check_real(beta2, "beta2", low=0.0, high=1.0, high_open=True)
    steps = check_count(steps, "steps", minimum=0)
    path = run_optimizer(lambda params: make_optimizer(optimizer, params, lr, beta1, beta2),
                         f.gradient, start, steps)
    diverged = len(path) < steps + 1
    distances = np.linalg.norm(path - f.minimum, axis=1)
    final = path[-1]
    return {
        "trajectory": path,
        "distances": distances,
        "final": final,
        "final_value": np.inf if diverged else f.value(final),
        "final_distance": float(distances[-1]),
        "diverged": bool(diverged),
        "steps_run": len(path) - 1,
        "max_stable_lr": f.max_stable_lr if isinstance(f, Quadratic) else None,
    }


# -- the chapter's contour pictures and tables ------------------------------------------
def _check_limits(lim, name: str) -> tuple[float, float]:
    """``(low, high)`` with low < high, both finite, or raise naming ``name``."""
    lim = as_float_array(lim, name, ndim=1)
    if lim.shape != (2,) or not lim[0] < lim[1]:
        raise ValueError(f"{name} must be (low, high) with low < high, got {lim.tolist()}")
    return float(lim[0]), float(lim[1])


def draw_contours(ax, surface, xlim, ylim, levels, *, n: int = 200):
    r"""Grey contour lines of a 2-D surface, a star at its minimum, equal axis scales.

    The background of every trajectory picture in chapter 6: the level sets
    :math:`\{\theta : f(\theta) = c\}` for each ``c`` in ``levels``, drawn on an
    ``n`` x ``n`` grid over the window, with the axes labelled
    :math:`\theta_1` and :math:`\theta_2`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The panel to draw on.
    surface : lib.optim_landscapes.Quadratic or lib.optim_landscapes.Rosenbrock
        Any object with ``surface(X, Y)`` (values on a grid) and ``minimum`` (a point).
    xlim, ylim : (float, float)
        The window, ``low < high``.
    levels : array_like of shape (k,)
        Increasing loss values of the contour lines.
    n : int, default 200
        Grid points per axis (at least 2).

    Returns
    -------
    matplotlib.contour.QuadContourSet
        The contour lines.

    Raises
    ------
    TypeError
        If ``ax`` is not a Matplotlib ``Axes`` or ``surface`` lacks ``surface`` and
        ``minimum``.
    ValueError
        For a window with ``low >= high``, levels that do not increase, or ``n < 2``.
    """
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    if not (callable(getattr(surface, "surface", None)) and hasattr(surface, "minimum")):
        raise TypeError(
            "surface must have surface(X, Y) and minimum, e.g. rotation_quadratic([1, 10]) "
            f"or Rosenbrock(), got {surface!r}"
        )
    xlim, ylim = _check_limits(xlim, "xlim"), _check_limits(ylim, "ylim")
    levels = as_float_array(levels, "levels", ndim=1)
    if levels.size == 0 or np.any(np.diff(levels) <= 0):
        raise ValueError(f"levels must be a non-empty increasing sequence, got {levels.tolist()}")
    n = check_count(n, "n", minimum=2)
    X, Y = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    lines = ax.contour(X, Y, surface.surface(X, Y), levels=levels, colors="0.7", linewidths=0.7)
    ax.plot(*surface.minimum, marker="*", color="black", ms=12, ls="none")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_xlabel(r"$\theta_1$")
    ax.set_ylabel(r"$\theta_2$")
    return lines
