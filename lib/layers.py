r"""Dense (fully connected) layers and activation layers.

Shape convention (the same in every chapter): a dense layer maps ``n_in`` input
features to ``n_out`` outputs with

- ``W`` of shape ``(n_out, n_in)``: one row per neuron, one column per input feature;
- ``b`` of shape ``(n_out,)``: one bias per neuron;
- a batch ``X`` of shape ``(N, n_in)``: one row per example;
- pre-activations :math:`Z = X W^\top + b` of shape ``(N, n_out)``.

Two layer objects carry a forward pass and a backward pass:

- :class:`Dense` computes :math:`Z = X W^\top + b` and, given the upstream
  gradient :math:`\partial L/\partial Z`, returns :math:`\partial L/\partial X`
  and stores :math:`\partial L/\partial W` and :math:`\partial L/\partial b`;
- :class:`Activation` applies :math:`\sigma` entry by entry and multiplies the
  upstream gradient by :math:`\sigma'(Z)`;
- :class:`Dropout` zeroes a random fraction of its inputs while training (and
  scales the rest up), and passes them through unchanged in evaluation mode.

Each layer checks its input when called directly, and keeps its own copy of what
backward needs, so that changing ``X`` after ``forward`` cannot corrupt ``dW``.
:class:`lib.network.MLP` checks a batch once when it enters the network and then
calls the layers' private ``_forward`` / ``_backward`` methods, which skip the
checks, so that a training step costs only a handful of NumPy calls per layer.
The activation formulas are the kernels of :mod:`lib.activations`, looked up in
its table: the layer never writes a formula of its own.

Taught in chapter 1 (forward pass), chapter 5 (backward pass) and chapter 6 (dropout).
"""

from __future__ import annotations

import numpy as np

from lib import init as _init
from lib._validate import (
    as_float_array,
    as_generator,
    check_count,
    check_option,
    check_real,
    check_same_shape,
)
from lib.activations import _KERNELS, ACTIVATIONS

__all__ = ["dense_forward", "dense_parameter_count", "Dense", "Activation", "Dropout",
           "INITS", "layer_forward"]


def dense_forward(X, W, b):
    r"""Pre-activations of a dense layer, :math:`Z = X W^\top + b`.

    A single example may be given as a vector ``x`` of shape ``(n_in,)``; the
    result is then the vector :math:`z = Wx + b` of shape ``(n_out,)``.

    Parameters
    ----------
    X : array_like of shape (N, n_in) or (n_in,)
        A batch of examples, one per row, or one example.
    W : array_like of shape (n_out, n_in)
        Weights, one row per neuron.
    b : array_like of shape (n_out,)
        Biases, one per neuron.

    Returns
    -------
    ndarray of shape (N, n_out) or (n_out,)

    Raises
    ------
    ValueError
        If the shapes do not fit together; the message names them.
    """
    X = as_float_array(X, "X", ndim=(1, 2))
    W = as_float_array(W, "W", ndim=2)
    b = as_float_array(b, "b", ndim=1)
    n_out, n_in = W.shape
    if X.shape[-1] != n_in:
        raise ValueError(
            f"W has shape {W.shape} (expects {n_in} input features) but X has shape "
            f"{X.shape} with {X.shape[-1]} features; W needs one column per input feature"
        )
    if b.shape != (n_out,):
        raise ValueError(
            f"W has shape {W.shape} ({n_out} neurons) so b needs shape ({n_out},), got {b.shape}"
        )
    return X @ W.T + b


def dense_parameter_count(n_in: int, n_out: int) -> int:
    r"""Number of trainable numbers in a dense layer: :math:`n_{out} n_{in} + n_{out}`.

    Parameters
    ----------
    n_in, n_out : int
        Input features and neurons (both positive).

    Returns
    -------
    int
        ``n_out * n_in`` weights plus ``n_out`` biases; e.g. 100,480 for 784 -> 128.

    Raises
    ------
    TypeError, ValueError
        If ``n_in`` or ``n_out`` is not an integer >= 1 (the same rule as :class:`Dense`).
    """
    n_in, n_out = check_count(n_in, "n_in"), check_count(n_out, "n_out")
    return n_out * n_in + n_out


INITS = ("zeros", *_init.INITIALIZERS)
"""Names accepted by ``Dense(..., init=...)``: "zeros" and the schemes of :mod:`lib.init`."""


def _initial_weights(n_in: int, n_out: int, init: str, rng) -> np.ndarray:
    """Draw a ``(n_out, n_in)`` weight matrix with the named scheme from :mod:`lib.init`.

    ``rng`` has already been through ``lib._validate.as_generator`` (or is None
    for ``init="zeros"``, which draws nothing).
    """
    if init == "zeros":
        return np.zeros((n_out, n_in))
    return np.asarray(_init.INITIALIZERS[init](n_in, n_out, rng), dtype=np.float64)


def _check_init_and_rng(init, rng):
    """The one rng rule: a Generator or an int seed, required when weights are random."""
    init = check_option(init, "init", INITS)
    if rng is None and init == "zeros":
        return init, None
    if rng is None:
        raise TypeError(
            f"init={init!r} draws random weights, so it needs rng: an int seed or a "
            "numpy.random.Generator (e.g. rng=0), or init='zeros'; got rng=None"
        )
    return init, as_generator(rng)


def _private_copy(array: np.ndarray, original) -> np.ndarray:
    """``array``, copied if it is (or shares memory with) the caller's ``original``.

    A layer remembers its input for the backward pass; a copy makes sure that a
    caller who changes their array after ``forward`` cannot change the gradients.
    """
    if isinstance(original, np.ndarray) and np.may_share_memory(array, original):
        return array.copy()
    return array


def _check_no_overflow(values: np.ndarray, name: str, layer) -> None:
    """Raise if finite inputs produced infinite outputs (the numbers are too large)."""
    if not np.isfinite(values).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(values))[0])
        raise ValueError(
            f"{layer!r}: {name} overflowed, {name}{list(where)} = {values[where]}; the "
            "inputs or weights are too large for float64 (rescale the inputs or lower the "
            "learning rate)"
        )


class Dense:
    r"""A fully connected layer, :math:`Z = X W^\top + b`.

    Parameters
    ----------
    n_in : int
        Number of input features (columns of ``X``).
    n_out : int
        Number of neurons (columns of ``Z``).
    rng : numpy.random.Generator or int, optional
        Source of the random initial weights; required unless ``init="zeros"``.
        An int is a seed, made into one Generator.
    init : {"he", "xavier", "xavier_uniform", "lecun", "zeros"}, default "he"
        How to draw ``W`` (see :mod:`lib.init`): He, :math:`\mathcal N(0, 2/n_{in})`,
        suits ReLU layers; Xavier suits tanh, sigmoid and linear layers. Biases
        start at zero.

    Attributes
    ----------
    W : ndarray of shape (n_out, n_in)
        Weights, one row per neuron.
    b : ndarray of shape (n_out,)
        Biases, one per neuron.
    dW : ndarray of shape (n_out, n_in)
        :math:`\partial L/\partial W` from the last :meth:`backward` (zeros before).
        Each backward pass overwrites it in place: copy it to keep it.
    db : ndarray of shape (n_out,)
        :math:`\partial L/\partial b` from the last :meth:`backward` (zeros before),
        overwritten in place like ``dW``.

    Examples
    --------
    >>> layer = Dense.from_arrays([[1, 0], [0, 1], [1, -1]], [0, 0, 1])
    >>> layer.forward([[2.0, 3.0]])
    array([[2., 3., 0.]])
    """

    def __init__(self, n_in: int, n_out: int, rng=None, init: str = "he"):
        self.n_in = check_count(n_in, "n_in")
        self.n_out = check_count(n_out, "n_out")
        init, rng = _check_init_and_rng(init, rng)
        self.W = _initial_weights(self.n_in, self.n_out, init, rng)
        self.b = np.zeros(self.n_out)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        self._X = None

    @classmethod
    def from_arrays(cls, W, b) -> Dense:
        """Build a layer holding copies of given weights and biases.

        Parameters
        ----------
        W : array_like of shape (n_out, n_in)
        b : array_like of shape (n_out,)

        Returns
        -------
        Dense
            A layer whose ``W`` and ``b`` are float64 copies (training it never
            changes the arrays passed in).
        """
        W = as_float_array(W, "W", ndim=2)
        b = as_float_array(b, "b", ndim=1)
        if W.size == 0:
            raise ValueError(f"W needs at least one row and one column, got shape {W.shape}")
        if W.shape[0] != b.shape[0]:
            raise ValueError(
                f"W has shape {W.shape} ({W.shape[0]} neurons) so b needs shape "
                f"({W.shape[0]},), got {b.shape}"
            )
        layer = cls(W.shape[1], W.shape[0], init="zeros")
        layer.W[...] = W
        layer.b[...] = b
        return layer

    def __repr__(self) -> str:
        return f"Dense({self.n_in} -> {self.n_out})"

    def forward(self, X) -> np.ndarray:
        r"""Pre-activations :math:`Z = X W^\top + b` of a batch; remembers ``X`` for backward.

        Parameters
        ----------
        X : array_like of shape (N, n_in)
            One example per row.

        Returns
        -------
        Z : ndarray of shape (N, n_out)

        Raises
        ------
        ValueError
            If ``X`` does not have shape ``(N, n_in)`` or is not finite, or if ``Z``
            overflows to infinity.
        """
        checked = _private_copy(self._checked_input(X), X)
        with np.errstate(over="ignore", invalid="ignore"):
            Z = self._forward(checked)
        _check_no_overflow(Z, "Z", self)
        return Z

    def backward(self, dZ) -> np.ndarray:
        r"""Gradients of the loss through the layer, from :math:`G = \partial L/\partial Z`.

        .. math::

            \frac{\partial L}{\partial X} = G\,W, \qquad
            \frac{\partial L}{\partial W} = G^\top X, \qquad
            \frac{\partial L}{\partial b} = \mathbf 1^\top G
            \ \text{(column sums)}.

        Parameters
        ----------
        dZ : array_like of shape (N, n_out)
            :math:`\partial L/\partial Z` for the batch of the last :meth:`forward`.

        Returns
        -------
        dX : ndarray of shape (N, n_in)
            :math:`\partial L/\partial X`; ``dW`` and ``db`` are stored on the layer.
        """
        X = self._cached_input()
        dZ = as_float_array(dZ, "dZ", ndim=2)
        expected = (X.shape[0], self.n_out)
        if dZ.shape != expected:
            raise ValueError(
                f"{self!r}: dZ must have shape {expected} to match the last forward pass "
                f"(X of shape {X.shape}), got shape {dZ.shape}"
            )
        return self._backward(dZ)

    def params(self) -> list[np.ndarray]:
        """The trainable arrays ``[W, b]`` themselves (optimizers update them in place)."""
        return [self.W, self.b]

    def grads(self) -> list[np.ndarray]:
        """The gradients ``[dW, db]`` from the last backward pass, in :meth:`params` order."""
        return [self.dW, self.db]

    @property
    def n_params(self) -> int:
        """Number of trainable numbers, ``n_out * n_in + n_out``."""
        return self.W.size + self.b.size

    # The unchecked pair below is the hot path used by lib.network.MLP, which
    # validates a batch once at the network's entry.
    # (np.dot rather than @: the same product, with less per-call overhead for
    # the small matrices of a mini-batch.)
    def _forward(self, X: np.ndarray) -> np.ndarray:
        self._X = X  # the caller (MLP, or forward above) owns X and leaves it alone
        return self._affine(X)

    def _affine(self, X: np.ndarray) -> np.ndarray:
        """``X @ W.T + b`` without remembering anything (for MLP.hidden)."""
        Z = np.dot(X, self.W.T)
        Z += self.b  # in place: saves allocating a second (N, n_out) array
        return Z

    def _backward(self, dZ: np.ndarray, input_grad: bool = True):
        # Written into the existing arrays: an MLP keeps all its gradients in one
        # buffer, and dW, db are views of it.
        np.dot(dZ.T, self._X, out=self.dW)
        np.add.reduce(dZ, axis=0, out=self.db)  # column sums
        # The first layer of a network has no use for dL/dX: skip that product.
        return np.dot(dZ, self.W) if input_grad else None

    def _checked_input(self, X) -> np.ndarray:
        X = as_float_array(X, "X")
        if X.ndim != 2:
            hint = "; write one example as a row, x.reshape(1, -1)" if X.ndim == 1 else ""
            raise ValueError(
                f"{self!r} expects a 2-D batch X of shape (N, {self.n_in}), got shape "
                f"{X.shape}{hint}"
            )
        if X.shape[1] != self.n_in:
            raise ValueError(
                f"{self!r} expects X with {self.n_in} features, got shape {X.shape}"
            )
        return X

    def _cached_input(self) -> np.ndarray:
        if self._X is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        return self._X


class Activation:
    r"""An activation layer, :math:`A = \sigma(Z)` entry by entry.

    Backward multiplies the upstream gradient by the slope at each entry,
    :math:`\partial L/\partial Z = \partial L/\partial A \odot \sigma'(Z)`
    (the Jacobian of an entrywise map is diagonal, so no matrix product is needed).

    Parameters
    ----------
    name : {"relu", "leaky_relu", "sigmoid", "tanh", "identity"}
        The activation (see :mod:`lib.activations`).
    slope : float, default 0.01
        Slope for negative inputs; used only by ``"leaky_relu"``.

    Examples
    --------
    >>> act = Activation("relu")
    >>> act.forward([[2.0, -1.0]])
    array([[2., 0.]])
    >>> act.backward([[5.0, 5.0]])
    array([[5., 0.]])
    """

    def __init__(self, name: str, slope: float = 0.01):
        self.name = check_option(name, "name", ACTIVATIONS)
        self.slope = check_real(slope, "slope", low=0.0, high=1.0, high_open=True)
        # The formula and its slope, from lib.activations' table (never re-written here).
        self._function, self._slope_function = _KERNELS[self.name]
        self._Z = None
        self._A = None

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"

    def forward(self, Z) -> np.ndarray:
        r"""Apply the activation entry by entry; remembers ``Z`` for backward.

        Parameters
        ----------
        Z : array_like of shape (...)
            Pre-activations (usually (N, n_out) from a :class:`Dense` layer).

        Returns
        -------
        A : ndarray of the same shape as ``Z``
        """
        A = self._forward(_private_copy(as_float_array(Z, "Z"), Z))
        # Identity hands back its input; give a direct caller a separate array.
        return A.copy() if A is self._Z else A

    def backward(self, dA) -> np.ndarray:
        r"""Gradient :math:`\partial L/\partial Z = \partial L/\partial A \odot \sigma'(Z)`.

        Parameters
        ----------
        dA : array_like of the shape of the last forward's ``Z``
            :math:`\partial L/\partial A`.

        Returns
        -------
        dZ : ndarray of the same shape
        """
        if self._Z is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        dA = as_float_array(dA, "dA")
        check_same_shape(dA, self._Z, "dA", "the last forward's Z")
        return self._backward(dA)  # a new array (dA times the slopes)

    def params(self) -> list[np.ndarray]:
        """No trainable arrays: ``[]`` (so that every layer answers the same calls)."""
        return []

    def grads(self) -> list[np.ndarray]:
        """No gradients: ``[]``."""
        return []

    @property
    def n_params(self) -> int:
        """Number of trainable numbers: 0."""
        return 0

    def derivative(self, Z) -> np.ndarray:
        r"""The slopes :math:`\sigma'(Z)` entry by entry (for pictures and checks)."""
        Z = as_float_array(Z, "Z")
        return self._slope_function(Z, self._apply(Z), self.slope)

    # Unchecked hot path (see Dense._forward).
    def _forward(self, Z: np.ndarray) -> np.ndarray:
        self._Z = Z
        self._A = self._apply(Z)
        return self._A

    def _apply(self, Z: np.ndarray) -> np.ndarray:
        """sigma(Z) without remembering anything (for MLP.hidden)."""
        return self._function(Z, self.slope)

    def _backward(self, dA: np.ndarray) -> np.ndarray:
        # dL/dZ = dL/dA * sigma'(Z); the slope kernels of sigmoid and tanh read it
        # off the stored output A.
        return dA * self._slope_function(self._Z, self._A, self.slope)


class Dropout:
    r"""Inverted dropout: zero each input with probability ``rate`` while training.

    In training mode each entry of ``X`` is kept with probability :math:`1 - p`
    (``p = rate``) and scaled up by :math:`1/(1-p)`, or set to zero:

    .. math::

        Y = \frac{M \odot X}{1 - p}, \qquad M_{nj} \sim \text{Bernoulli}(1 - p)
        \ \text{independently}, \qquad
        \frac{\partial L}{\partial X} = \frac{M}{1 - p} \odot \frac{\partial L}{\partial Y}.

    The scaling keeps every entry's expected value, :math:`\mathbb E[Y] = X`, so in
    evaluation mode the layer is the identity, :math:`Y = X`, and the next layer sees
    inputs of the same size in both modes ("inverted" because the correction is made
    while training rather than at evaluation time). A fresh mask :math:`M` is drawn
    from ``rng`` at every training-mode forward pass; backward uses the mask of the
    last one. Dropout has no trainable parameters.

    Parameters
    ----------
    rate : float
        Probability :math:`p \in [0, 1)` of dropping an entry (``rate=0`` drops nothing).
    rng : numpy.random.Generator or int
        Source of the masks (an int is a seed, made into one Generator).

    Attributes
    ----------
    rate : float
    rng : numpy.random.Generator
    training : bool
        True (the default) for training mode, False for evaluation mode.
    mask : ndarray of bool or None
        :math:`M` of the last training-mode forward pass (True where an entry was
        kept); None before the first one, or after an evaluation-mode forward pass.

    Examples
    --------
    >>> drop = Dropout(0.5, rng=0)
    >>> drop.forward(np.ones((2, 4)))
    array([[2., 0., 0., 0.],
           [2., 2., 2., 2.]])
    >>> drop.training = False
    >>> drop.forward(np.ones((2, 4)))
    array([[1., 1., 1., 1.],
           [1., 1., 1., 1.]])
    """

    def __init__(self, rate: float, rng):
        self.rate = check_real(rate, "rate", low=0.0, high=1.0, high_open=True)
        self.rng = as_generator(rng)
        self.mask = None
        self._training = True
        self._scaled_mask = None  # M / (1 - p) of the last forward, or None for identity
        self._shape = None

    def __repr__(self) -> str:
        return f"Dropout({self.rate:g})"

    @property
    def training(self) -> bool:
        """True in training mode (random masks), False in evaluation mode (the identity)."""
        return self._training

    @training.setter
    def training(self, value) -> None:
        if not isinstance(value, bool | np.bool_):
            raise TypeError(f"training must be True or False, got {value!r}")
        self._training = bool(value)

    def params(self) -> list[np.ndarray]:
        """No trainable arrays: ``[]``."""
        return []

    def grads(self) -> list[np.ndarray]:
        """No gradients: ``[]``."""
        return []

    @property
    def n_params(self) -> int:
        """Number of trainable numbers: 0."""
        return 0

    def forward(self, X) -> np.ndarray:
        r"""``X`` with a random mask applied (training mode), or ``X`` itself (evaluation).

        Parameters
        ----------
        X : array_like of shape (...)
            Usually a batch of activations of shape (N, D).

        Returns
        -------
        Y : ndarray of the same shape as ``X`` (always a new array)
        """
        X = as_float_array(X, "X")
        Y = self._forward(X)
        return Y.copy() if Y is X else Y

    def backward(self, dY) -> np.ndarray:
        r"""Gradient :math:`\partial L/\partial X = M/(1-p) \odot \partial L/\partial Y`.

        In evaluation mode (no mask) it is :math:`\partial L/\partial Y` itself.

        Parameters
        ----------
        dY : array_like of the shape of the last forward's ``X``

        Returns
        -------
        dX : ndarray of the same shape (a new array)
        """
        if self._shape is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        dY = as_float_array(dY, "dY")
        if dY.shape != self._shape:
            raise ValueError(
                f"dY has shape {dY.shape} but the last forward's X has shape {self._shape}; "
                "they must match"
            )
        dX = self._backward(dY)
        return dX.copy() if dX is dY else dX

    # Unchecked hot path (see Dense._forward).
    def _forward(self, X: np.ndarray) -> np.ndarray:
        self._shape = X.shape
        if not self._training or self.rate == 0.0:
            self.mask, self._scaled_mask = None, None
            return X
        self.mask = self.rng.random(X.shape) >= self.rate  # kept with probability 1 - p
        self._scaled_mask = self.mask / (1.0 - self.rate)
        return X * self._scaled_mask

    def _apply(self, X: np.ndarray) -> np.ndarray:
        """The evaluation-mode output (the identity), remembering nothing."""
        return X

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        return dY if self._scaled_mask is None else dY * self._scaled_mask


def layer_forward(X, W, b, activation: str):
    r"""Scores and activations of a dense layer, :math:`Z = XW^\top + b`, :math:`A = \sigma(Z)`.

    One neuron is the layer with one row, ``W`` of shape ``(1, n_in)``; evaluated on a
    grid of the plane it gives chapter 1's heat maps, and on grid lines it shows how a
    layer bends the plane.

    Parameters
    ----------
    X : array_like of shape (N, n_in)
    W : array_like of shape (n_out, n_in)
    b : array_like of shape (n_out,)
    activation : str
        A name known to :func:`lib.activations.get_activation`.

    Returns
    -------
    Z : ndarray of shape (N, n_out)
        Scores (pre-activations).
    A : ndarray of shape (N, n_out)
        Activations.
    """
    function = _KERNELS[check_option(activation, "activation", ACTIVATIONS)][0]
    Z = dense_forward(as_float_array(X, "X", ndim=2), W, b)
    return Z, function(Z, 0.01)  # 0.01: the default slope of leaky ReLU
