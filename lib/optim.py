r"""Gradient-descent optimizers that update a list of parameter arrays in place.

Each optimizer is built on the parameter arrays themselves (for a network,
``model.params()``) and its ``step`` method takes the matching list of gradients.
Parameters change in place (``p -= ...``), so the model sees every update, and
the optimizer's state (step count ``t``, velocities, moment estimates) is kept in
plain attributes that a chapter can print or plot. Any list of float arrays
works, e.g. ``[theta]`` with ``theta`` of shape ``(2,)`` for the trajectories of
chapter 6.

Taught in chapter 5 (plain gradient descent) and chapter 6 (momentum and Adam).
"""

from __future__ import annotations

import math
import numbers
import operator

import numpy as np

from lib._validate import check_finite

__all__ = ["Optimizer", "SGD", "Momentum", "Adam"]


def _check_rate(value, name: str, low: float, high: float | None = None) -> float:
    """Return ``value`` as a float in ``[low, high)``, or raise naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or value < low or (high is not None and value >= high):
        interval = f"[{low:g}, {high:g})" if high is not None else f">= {low:g}"
        raise ValueError(f"{name} must be {interval}, got {value}")
    return value


def _shared_buffer(arrays) -> np.ndarray | None:
    """The 1-D float array that ``arrays`` tile back to back, in order, or None.

    :class:`lib.network.MLP` keeps all its parameters in one buffer (and all its
    gradients in another), each ``W`` and ``b`` being a view of a slice. An
    optimizer that sees this updates the whole buffer with one NumPy call per
    operation instead of one per parameter: same numbers, fewer calls.
    """
    base = arrays[0].base if arrays else None
    if not isinstance(base, np.ndarray) or base.ndim != 1 or not base.flags.c_contiguous:
        return None
    position = base.ctypes.data
    for array in arrays:
        if array.base is not base or not array.flags.c_contiguous or array.ctypes.data != position:
            return None
        position += array.nbytes
    return base if position == base.ctypes.data + base.nbytes else None


class Optimizer:
    r"""Shared bookkeeping: the parameter list, the step count and gradient checks.

    Subclasses name their per-parameter state in ``_state_names`` (e.g. the
    velocities) and write the update rule once, in ``_update(params, grads,
    *states)``, for lists of arrays.

    Parameters
    ----------
    params : list of ndarray
        Float arrays to update in place (any shapes).
    lr : float
        Learning rate :math:`\eta \ge 0`.

    Attributes
    ----------
    params : list of ndarray
        The arrays being trained (the same objects that were passed in).
    lr : float
    t : int
        Number of steps taken so far.
    """

    _state_names: tuple[str, ...] = ()

    def __init__(self, params, lr: float):
        if isinstance(params, np.ndarray) or not isinstance(params, list | tuple):
            raise TypeError(
                f"params must be a list of arrays, got {type(params).__name__}; "
                "for a single array theta pass [theta]"
            )
        for i, p in enumerate(params):
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                kind = p.dtype if isinstance(p, np.ndarray) else type(p).__name__
                raise TypeError(
                    f"params[{i}] must be a float NumPy array (it is updated in place), got {kind}"
                )
        self.params = list(params)
        self.lr = _check_rate(lr, "lr", 0.0)
        self.t = 0
        self._flat_params = _shared_buffer(self.params)
        self._flat_state = {}
        for name in self._state_names:
            setattr(self, name, self._zeros_like_params(name))
        self._known_grads: list[np.ndarray] = []  # the last gradient arrays checked
        self._flat_grads = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr:g}, t={self.t})"

    def step(self, grads) -> None:
        """Take one update step with ``grads`` (one array per parameter, same shapes).

        Raises
        ------
        ValueError
            If the number or shapes of ``grads`` do not match ``params``, or a
            gradient holds NaN or infinity (a sign the learning rate is too large).
        TypeError
            If a gradient is not numeric.
        """
        known = self._known_grads
        if len(grads) == len(known) and all(map(operator.is_, grads, known)):
            # The same arrays as last step (a network's gradient buffers): their
            # shapes and dtypes were checked then and cannot have changed.
            grads, flat_grads = known, self._flat_grads
        else:
            grads = self._checked_grads(grads)
            flat_grads = self._remember(grads)
        # A sum is NaN or infinite whenever an entry is, and costs one pass; only
        # then look for the entry, to name it.
        if not math.isfinite(np.add.reduce(flat_grads) if flat_grads is not None else
                             sum(float(np.sum(g)) for g in grads)):
            for i, g in enumerate(grads):
                check_finite(g, f"grads[{i}]")
        self.t += 1
        if flat_grads is not None:
            states = [[self._flat_state[name]] for name in self._state_names]
            self._update([self._flat_params], [flat_grads], *states)
        else:
            self._update(self.params, grads, *(getattr(self, n) for n in self._state_names))

    def _update(self, params, grads, *states) -> None:
        raise NotImplementedError

    def _zeros_like_params(self, name: str) -> list[np.ndarray]:
        """Zero state, one array per parameter; views of one buffer if the params share one."""
        if self._flat_params is None:
            return [np.zeros_like(p) for p in self.params]
        flat = self._flat_state[name] = np.zeros_like(self._flat_params)
        views, start = [], 0
        for p in self.params:
            views.append(flat[start:start + p.size].reshape(p.shape))
            start += p.size
        return views

    def _remember(self, grads: list[np.ndarray]) -> np.ndarray | None:
        """Remember checked gradient arrays; return their shared buffer if it lines
        up with the parameters' one (then one NumPy call updates everything)."""
        flat = None
        if self._flat_params is not None and all(isinstance(g, np.ndarray) for g in grads):
            flat = _shared_buffer(grads)
            if flat is not None and flat.dtype != self._flat_params.dtype:
                flat = None
        # Arrays made here from lists never match next step's input, so only
        # arrays passed in as they are will be recognised.
        self._known_grads = grads
        self._flat_grads = flat
        return flat

    def _checked_grads(self, grads) -> list[np.ndarray]:
        if len(grads) != len(self.params):
            raise ValueError(
                f"got {len(grads)} gradients for {len(self.params)} parameters; "
                "pass one gradient per parameter, in the same order"
            )
        checked = []
        for i, (p, g) in enumerate(zip(self.params, grads, strict=True)):
            if not isinstance(g, np.ndarray):
                g = np.asarray(g)
            if g.dtype.kind not in "fiu":
                raise TypeError(f"grads[{i}] must hold real numbers, got dtype {g.dtype}")
            if g.shape != p.shape:
                raise ValueError(
                    f"grads[{i}] has shape {g.shape} but params[{i}] has shape {p.shape}"
                )
            checked.append(g)
        return checked


class SGD(Optimizer):
    r"""Plain (stochastic) gradient descent, :math:`\theta \leftarrow \theta - \eta\, g`.

    Parameters
    ----------
    params : list of ndarray
        Float arrays to update in place.
    lr : float
        Learning rate :math:`\eta \ge 0` (``lr=0`` leaves the parameters unchanged).

    Examples
    --------
    >>> w = np.array([0.5])
    >>> SGD([w], lr=0.1).step([np.array([0.1463])])
    >>> w
    array([0.48537])
    """

    def _update(self, params, grads):
        for p, g in zip(params, grads, strict=True):
            p -= self.lr * g


class Momentum(Optimizer):
    r"""Gradient descent with momentum (the "heavy ball").

    The velocity :math:`v` is a decaying sum of past gradients, and the step
    follows the velocity instead of the latest gradient:

    .. math::

        v_t = \beta\, v_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \eta\, v_t,
        \qquad v_0 = 0.

    On a long, steady slope :math:`v` grows to :math:`g/(1-\beta)`, so the step
    is up to :math:`1/(1-\beta)` times larger (10 times for :math:`\beta = 0.9`);
    across a narrow valley the alternating gradients cancel in :math:`v`.
    (Some texts write :math:`v_t = \beta v_{t-1} + (1-\beta) g_t`; that is the same
    method with :math:`\eta` scaled by :math:`1-\beta`.)

    With ``nesterov=True`` the step looks ahead along the velocity (the form
    used by PyTorch and Keras):

    .. math::

        v_t = \beta\, v_{t-1} + g_t, \qquad
        \theta_t = \theta_{t-1} - \eta\,(g_t + \beta\, v_t).

    Parameters
    ----------
    params : list of ndarray
        Float arrays to update in place.
    lr : float
        Learning rate :math:`\eta \ge 0`.
    beta : float, default 0.9
        Momentum :math:`\beta \in [0, 1)`; ``beta=0`` is plain gradient descent.
    nesterov : bool, default False

    Attributes
    ----------
    velocities : list of ndarray
        :math:`v` for each parameter (zeros before the first step).
    """

    _state_names = ("velocities",)

    def __init__(self, params, lr: float, beta: float = 0.9, nesterov: bool = False):
        self.beta = _check_rate(beta, "beta", 0.0, 1.0)
        self.nesterov = bool(nesterov)
        super().__init__(params, lr)

    def _update(self, params, grads, velocities):
        lr, beta = self.lr, self.beta
        for p, g, v in zip(params, grads, velocities, strict=True):
            v *= beta
            v += g
            if self.nesterov:
                p -= lr * (g + beta * v)
            else:
                p -= lr * v


class Adam(Optimizer):
    r"""Adam: a step normalised, coordinate by coordinate, by the gradient's recent size.

    With gradient :math:`g_t` at step :math:`t = 1, 2, \dots` and
    :math:`m_0 = v_0 = 0` (all operations entry by entry):

    .. math::

        m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2,

        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad
        \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
        \theta_t = \theta_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}.

    This is the textbook form of Kingma and Ba (2015). The bias corrections undo
    the pull of :math:`m_0 = v_0 = 0` towards zero; at the first step
    :math:`\hat m_1 = g_1` and :math:`\hat v_1 = g_1^2`, so every coordinate with
    :math:`|g_1| \gg \varepsilon` moves by :math:`\eta` exactly (chapter 6's worked
    example: :math:`g_1 = 0.1463`, :math:`\eta = 0.1` gives a step of 0.1).

    scikit-learn's ``MLPClassifier(solver="adam")`` (and Algorithm 1's
    "efficient" variant in the paper) folds both corrections into the step size,
    :math:`\theta_t = \theta_{t-1} - \eta_t\, m_t / (\sqrt{v_t} + \varepsilon)` with
    :math:`\eta_t = \eta \sqrt{1 - \beta_2^t} / (1 - \beta_1^t)`. That equals the
    textbook step with :math:`\varepsilon` replaced by
    :math:`\varepsilon / \sqrt{1 - \beta_2^t}`: epsilon enters before the
    correction, so it weighs about :math:`1/\sqrt{1-\beta_2} \approx 32` times
    more at the first step and the two forms agree only once
    :math:`\beta_2^t \approx 0` (or when :math:`\varepsilon = 0`). We keep the
    textbook form because it is the one written in the book, and its first step
    is exactly :math:`\eta`.

    Parameters
    ----------
    params : list of ndarray
        Float arrays to update in place.
    lr : float, default 1e-3
        Step size :math:`\eta \ge 0`.
    beta1, beta2 : float, default 0.9 and 0.999
        Decay rates of the first and second moment estimates, in ``[0, 1)``.
    eps : float, default 1e-8
        :math:`\varepsilon \ge 0`, guards the division where :math:`\hat v_t = 0`.

    Attributes
    ----------
    m, v : list of ndarray
        First and second moment estimates :math:`m_t, v_t` (before bias correction).
    t : int
        Steps taken; the bias corrections use it.
    """

    _state_names = ("m", "v")

    def __init__(self, params, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8):
        self.beta1 = _check_rate(beta1, "beta1", 0.0, 1.0)
        self.beta2 = _check_rate(beta2, "beta2", 0.0, 1.0)
        self.eps = _check_rate(eps, "eps", 0.0)
        super().__init__(params, lr)

    def _update(self, params, grads, ms, vs):
        beta1, beta2, t = self.beta1, self.beta2, self.t
        # The textbook step, rearranged so that the corrections are scalars (no
        # corrected copies of m and v): with c1 = 1 - beta1^t and c2 = 1 - beta2^t,
        #   m_hat / (sqrt(v_hat) + eps) = (sqrt(c2) / c1) * m / (sqrt(v) + eps * sqrt(c2)).
        sqrt_c2 = math.sqrt(1.0 - beta2**t)
        step_size = self.lr * sqrt_c2 / (1.0 - beta1**t)
        eps = self.eps * sqrt_c2
        for p, g, m, v in zip(params, grads, ms, vs, strict=True):
            m *= beta1
            m += (1.0 - beta1) * g
            v *= beta2
            v += (1.0 - beta2) * (g * g)
            denom = np.sqrt(v)
            if eps > 0:
                denom += eps
                ratio = np.divide(m, denom, out=denom)
            else:
                # With eps = 0 a coordinate whose gradients were all 0 has m = v = 0:
                # it does not move (instead of 0/0).
                ratio = np.divide(m, denom, out=np.zeros_like(m), where=denom > 0)
            ratio *= step_size
            p -= ratio
