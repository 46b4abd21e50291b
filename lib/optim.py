r"""Gradient-descent optimizers that update a list of parameter arrays in place.

Each optimizer is built on the parameter arrays themselves (for a network,
``model.params()``) and its ``step`` method takes the matching list of gradients.
Parameters change in place (``p -= ...``), so the model sees every update, and
the optimizer's state (step count ``t``, velocities, moment estimates) is kept in
plain attributes that a chapter can print or plot. Any list of float arrays
works, e.g. ``[theta]`` with ``theta`` of shape ``(2,)`` for the trajectories of
chapter 6, or ``[model.parameter_vector]``, a network's weights and biases as one
vector (:class:`lib.network.MLP`): every rule here acts entry by entry, so that gives
the same numbers as ``model.params()`` with one NumPy call per operation instead of
one per array.

Each update is written as the textbook formula, one parameter array at a time.
:class:`AdamW` adds decoupled weight decay to Adam, and :func:`clip_grad_norm`
rescales a list of gradients whose global norm is too large.

Taught in chapter 5 (plain gradient descent) and chapter 6 (momentum, Adam, AdamW
and gradient clipping).
"""

from __future__ import annotations

import math

import numpy as np

from lib._validate import check_finite, check_real

__all__ = ["Optimizer", "SGD", "Momentum", "Adam", "AdamW", "clip_grad_norm"]


def _check_params(params, name: str = "params") -> list[np.ndarray]:
    """The parameter list, checked: writable float arrays, each passed once."""
    if isinstance(params, np.ndarray) or not isinstance(params, list | tuple):
        raise TypeError(
            f"{name} must be a list of arrays, got {type(params).__name__}; "
            "for a single array theta pass [theta]"
        )
    if not params:
        example = "model.params()" if name == "params" else "model.grads()"
        raise ValueError(f"{name} is empty: pass the arrays to train, e.g. {example}")
    for i, p in enumerate(params):
        if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
            kind = f"dtype {p.dtype}" if isinstance(p, np.ndarray) else type(p).__name__
            raise TypeError(
                f"{name}[{i}] must be a float NumPy array (it is updated in place), got {kind}"
            )
        if not p.flags.writeable:
            raise ValueError(
                f"{name}[{i}] is read-only, so it cannot be updated in place; pass a "
                "writable copy (e.g. np.array(p))"
            )
        for j in range(i):
            if np.may_share_memory(p, params[j]) and np.shares_memory(p, params[j]):
                raise ValueError(
                    f"{name}[{i}] and {name}[{j}] are the same array (or overlap); each "
                    "must appear once, or it would be updated twice"
                )
    return list(params)


class Optimizer:
    r"""Shared bookkeeping: the parameter list, the step count and gradient checks.

    A subclass writes its update rule once, in ``_update(grads)``, as a loop over
    the parameters, and creates its per-parameter state (velocities, moment
    estimates) in ``__init__``. :meth:`step` checks the gradients, counts the step
    and calls ``_update``; :func:`lib.train.train`, which checks the whole data set
    once, calls the unchecked ``_step`` directly.

    Parameters
    ----------
    params : list of ndarray
        Writable float arrays to update in place (any shapes), each passed once.
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

    def __init__(self, params, lr: float):
        self.params = _check_params(params)
        self.lr = check_real(lr, "lr", low=0.0)
        self.t = 0

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr:g}, t={self.t})"

    def step(self, grads) -> None:
        r"""Take one update step with ``grads`` (one array per parameter, same shapes).

        Parameters
        ----------
        grads : list of array_like
            :math:`\partial L/\partial \theta` for each parameter, in ``params`` order.

        Raises
        ------
        ValueError
            If the number or shapes of ``grads`` do not match ``params``, or a
            gradient holds NaN or infinity (a sign the learning rate is too large).
            Nothing is updated then.
        TypeError
            If ``grads`` is not a list, or a gradient is not numeric.
        """
        self._step(self._checked_grads(grads))

    def _step(self, grads: list[np.ndarray]) -> None:
        self.t += 1
        self._update(grads)

    def _update(self, grads: list[np.ndarray]) -> None:
        raise NotImplementedError

    def _zeros_like_params(self) -> list[np.ndarray]:
        """Zero state, one array per parameter (velocities, moments)."""
        return [np.zeros_like(p) for p in self.params]

    def _checked_grads(self, grads) -> list[np.ndarray]:
        if isinstance(grads, np.ndarray) or not isinstance(grads, list | tuple):
            raise TypeError(
                f"grads must be a list with one array per parameter, got "
                f"{type(grads).__name__}; for a single array g pass [g]"
            )
        if len(grads) != len(self.params):
            raise ValueError(
                f"got {len(grads)} gradients for {len(self.params)} parameters; "
                "pass one gradient per parameter, in the same order"
            )
        checked = []
        for i, (p, g) in enumerate(zip(self.params, grads, strict=True)):
            try:
                g = np.asarray(g)
            except ValueError:
                raise ValueError(f"grads[{i}] is a ragged list, not an array") from None
            if g.dtype == bool or g.dtype.kind not in "fiu":
                raise TypeError(f"grads[{i}] must hold real numbers, got dtype {g.dtype}")
            if g.shape != p.shape:
                raise ValueError(
                    f"grads[{i}] has shape {g.shape} but params[{i}] has shape {p.shape}"
                )
            check_finite(g, f"grads[{i}]")
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

    def _update(self, grads):
        for p, g in zip(self.params, grads, strict=True):
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

    def __init__(self, params, lr: float, beta: float = 0.9, nesterov: bool = False):
        super().__init__(params, lr)
        self.beta = check_real(beta, "beta", low=0.0, high=1.0, high_open=True)
        if not isinstance(nesterov, bool | np.bool_):
            raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
        self.nesterov = bool(nesterov)
        self.velocities = self._zeros_like_params()

    def _update(self, grads):
        lr, beta = self.lr, self.beta
        for p, g, v in zip(self.params, grads, self.velocities, strict=True):
            v *= beta
            v += g  # v_t = beta v_{t-1} + g_t, in place
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

    def __init__(self, params, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8):
        super().__init__(params, lr)
        self.beta1 = check_real(beta1, "beta1", low=0.0, high=1.0, high_open=True)
        self.beta2 = check_real(beta2, "beta2", low=0.0, high=1.0, high_open=True)
        self.eps = check_real(eps, "eps", low=0.0)
        self.m = self._zeros_like_params()
        self.v = self._zeros_like_params()
        self._scratch = self._zeros_like_params()  # room for each update's step

    def _update(self, grads):
        beta1, beta2, eps = self.beta1, self.beta2, self.eps
        correction1 = 1.0 - beta1**self.t  # 1 - beta1^t
        correction2 = 1.0 - beta2**self.t  # 1 - beta2^t
        for p, g, m, v, step in zip(self.params, grads, self.m, self.v, self._scratch,
                                    strict=True):
            m *= beta1
            m += (1.0 - beta1) * g  # m_t = beta1 m_{t-1} + (1 - beta1) g_t
            v *= beta2
            np.multiply(g, g, out=step)
            step *= 1.0 - beta2
            v += step  # v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
            # The step lr * m_hat / (sqrt(v_hat) + eps), with m_hat = m_t / (1 - beta1^t)
            # and v_hat = v_t / (1 - beta2^t), is built in one scratch array: this runs
            # for every mini-batch, and each temporary array would cost an allocation.
            np.divide(v, correction2, out=step)  # v_hat
            np.sqrt(step, out=step)
            step += eps  # sqrt(v_hat) + eps
            if eps > 0:
                np.divide(m, step, out=step)
            else:
                # With eps = 0 a coordinate whose gradients were all 0 has
                # m = v = 0: its step stays 0 (instead of 0/0).
                np.divide(m, step, out=step, where=step > 0)
            step *= self.lr / correction1  # lr * m_hat / (sqrt(v_hat) + eps)
            p -= step


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov and Hutter, 2019).

    Each step shrinks the decayed parameters towards zero *beside* Adam's step,
    not through the gradient:

    .. math::

        \theta_t = \theta_{t-1} - \eta\Big(\frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}
        + \lambda\, \theta_{t-1}\Big),

    with :math:`m_t, v_t, \hat m_t, \hat v_t` exactly as in :class:`Adam`, built from
    the loss gradient alone. So every decayed weight loses the same fraction
    :math:`\eta\lambda` of itself per step, whatever its gradient history.

    Contrast this with the ``l2`` option of :func:`lib.train.train` (coupled L2):
    there :math:`\lambda W` is added to the gradient, :math:`g_t + \lambda W`, and
    Adam then divides that sum by :math:`\sqrt{\hat v_t}`, so weights with large
    recent gradients are barely decayed and weights with small ones are decayed
    strongly. With plain gradient descent the two are one and the same,
    :math:`W \leftarrow (1 - \eta\lambda) W - \eta \nabla L`; with Adam they differ.
    (The paper writes the decay with a schedule multiplier separate from Adam's
    step size; here, as in PyTorch's ``AdamW``, :math:`\lambda` is multiplied by
    ``lr``.)

    Parameters
    ----------
    params : list of ndarray
        Float arrays to update in place.
    lr : float, default 1e-3
        Step size :math:`\eta \ge 0`.
    beta1, beta2 : float, default 0.9 and 0.999
    eps : float, default 1e-8
        As in :class:`Adam`.
    weight_decay : float, default 0.01
        :math:`\lambda \ge 0`, with :math:`\eta\lambda < 1` (else a step would flip
        or zero the weights).
    decay : list of bool, optional
        Which parameters are decayed, one flag per array of ``params``. By default
        the arrays with two or more dimensions (weight matrices), not the vectors
        (biases, and the :math:`\gamma, \beta` of normalization layers).

    Attributes
    ----------
    weight_decay : float
    decay : list of bool

    Examples
    --------
    With a zero gradient only the decay acts: :math:`W` shrinks by :math:`\eta\lambda`.

    >>> W, b = np.ones((1, 2)), np.ones(1)
    >>> AdamW([W, b], lr=0.1, weight_decay=0.5).step([np.zeros((1, 2)), np.zeros(1)])
    >>> W, b
    (array([[0.95, 0.95]]), array([1.]))
    """

    def __init__(self, params, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8, weight_decay: float = 0.01, decay=None):
        super().__init__(params, lr, beta1, beta2, eps)
        self.weight_decay = check_real(weight_decay, "weight_decay", low=0.0)
        if self.lr * self.weight_decay >= 1.0:
            raise ValueError(
                f"lr * weight_decay = {self.lr * self.weight_decay:g} must be below 1; each "
                "step multiplies the weights by 1 - lr * weight_decay"
            )
        self.decay = self._checked_decay(decay)

    def __repr__(self) -> str:
        return f"AdamW(lr={self.lr:g}, weight_decay={self.weight_decay:g}, t={self.t})"

    def _checked_decay(self, decay) -> list[bool]:
        if decay is None:
            return [p.ndim >= 2 for p in self.params]
        if isinstance(decay, str | np.ndarray) or not isinstance(decay, list | tuple):
            raise TypeError(
                f"decay must be a list of True/False, one per parameter, got {decay!r}"
            )
        if len(decay) != len(self.params):
            raise ValueError(
                f"decay has {len(decay)} entries for {len(self.params)} parameters; give "
                "one True/False per parameter"
            )
        for i, flag in enumerate(decay):
            if not isinstance(flag, bool | np.bool_):
                raise TypeError(f"decay[{i}] must be True or False, got {flag!r}")
        return [bool(flag) for flag in decay]

    def _update(self, grads):
        # theta - lr * lambda * theta first: Adam's step does not depend on theta, so
        # this is the formula with theta_{t-1} in the decay term.
        shrink = 1.0 - self.lr * self.weight_decay
        for p, decayed in zip(self.params, self.decay, strict=True):
            if decayed:
                p *= shrink
        super()._update(grads)


def _global_norm(grads: list[np.ndarray]) -> float:
    r""":math:`\sqrt{\sum_k \lVert g_k\rVert^2}` over every entry of every array."""
    total = math.sqrt(sum(float(np.vdot(g, g)) for g in grads))
    if 1e-150 < total < math.inf:
        return total
    # The squares overflowed (or may have underflowed): factor out the largest entry.
    scale = max((float(np.abs(g).max()) for g in grads if g.size), default=0.0)
    if scale == 0.0:
        return 0.0
    return scale * math.sqrt(sum(float(np.vdot(g / scale, g / scale)) for g in grads))


def _clip(grads: list[np.ndarray], max_norm: float) -> float:
    norm = _global_norm(grads)
    if norm > max_norm:
        factor = max_norm / norm
        for g in grads:
            g *= factor
    return norm


def clip_grad_norm(grads, max_norm: float) -> float:
    r"""Scale a list of gradients in place so that their global norm is at most ``max_norm``.

    The global norm treats all the arrays as one long vector,
    :math:`\lVert g\rVert = \sqrt{\sum_k \sum_i g_{k,i}^2}`. When it exceeds
    :math:`c` = ``max_norm`` every array is multiplied by the same factor,

    .. math::

        g \leftarrow g \cdot \frac{c}{\lVert g\rVert} \quad \text{if } \lVert g\rVert > c,

    so the direction of the step is kept and only its length is capped (the norm
    afterwards is :math:`c`, up to rounding). Gradients already short enough are left
    alone. It is the first remedy for a loss that jumps to NaN: one huge gradient
    can no longer throw the parameters far away.

    Parameters
    ----------
    grads : list of ndarray
        Writable float arrays, e.g. ``model.grads()`` after a backward pass; changed
        in place.
    max_norm : float
        The cap :math:`c > 0`.

    Returns
    -------
    float
        The global norm *before* clipping (worth logging: it shows how often, and
        by how much, the cap acts).

    Raises
    ------
    TypeError, ValueError
        If ``grads`` is not a list of writable float arrays (each once), a gradient
        holds NaN or infinity, or ``max_norm`` is not a positive number.

    Examples
    --------
    >>> g = [np.array([3.0]), np.array([[4.0]])]
    >>> clip_grad_norm(g, max_norm=1.0)
    5.0
    >>> g
    [array([0.6]), array([[0.8]])]
    """
    grads = _check_params(grads, "grads")
    for i, g in enumerate(grads):
        check_finite(g, f"grads[{i}]")
    max_norm = check_real(max_norm, "max_norm", low=0.0, low_open=True)
    return _clip(grads, max_norm)
