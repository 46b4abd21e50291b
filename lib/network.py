r"""Multi-layer perceptrons: a chain of dense layers with activations between them.

An ``MLP([n_0, n_1, ..., n_L])`` computes

.. math::

    H_0 = X, \qquad H_k = \sigma(H_{k-1} W_k^\top + b_k) \ (k < L), \qquad
    \text{logits} = H_{L-1} W_L^\top + b_L,

with ``W_k`` of shape ``(n_k, n_{k-1})`` and ``b_k`` of shape ``(n_k,)``. The last
layer has no activation: it returns raw scores (logits), and the loss (or
:meth:`MLP.predict_proba`) turns them into probabilities. With
``activation="identity"`` the whole network is one matrix in disguise: a deep
linear network.

Taught in chapter 1 (forward pass), chapter 2 (deep linear networks collapse),
chapter 3 (XOR) and chapter 5 (backpropagation through the whole chain).
"""

from __future__ import annotations

import numpy as np

from lib._validate import as_float_array, check_count, check_option
from lib.activations import ACTIVATIONS, sigmoid
from lib.layers import (
    INITS,
    Activation,
    Dense,
    _check_init_and_rng,
    _check_no_overflow,
    _private_copy,
)
from lib.softmax import softmax

__all__ = ["MLP", "default_init"]

# Which weight scale keeps signals steady through each kind of layer (chapter 5):
# He for the ReLU family, Xavier for the squashing and linear activations.
_DEFAULT_INIT = {
    "relu": "he",
    "leaky_relu": "he",
    "sigmoid": "xavier",
    "tanh": "xavier",
    "identity": "xavier",
}


def default_init(activation: str) -> str:
    """The initialisation :class:`MLP` uses for an activation: "he" or "xavier".

    Parameters
    ----------
    activation : {"relu", "leaky_relu", "sigmoid", "tanh", "identity"}

    Returns
    -------
    str
    """
    return _DEFAULT_INIT[check_option(activation, "activation", ACTIVATIONS)]


def _check_sizes(sizes) -> list[int]:
    if isinstance(sizes, str | bytes) or not isinstance(sizes, list | tuple | np.ndarray):
        raise TypeError(
            f"sizes must be a list of layer widths like [64, 64, 10], got {sizes!r}"
        )
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(
            f"sizes needs at least 2 entries (inputs and outputs), e.g. [64, 10]; got {sizes}"
        )
    return [check_count(n, f"sizes[{i}]") for i, n in enumerate(sizes)]


class MLP:
    r"""A multi-layer perceptron with one activation for every hidden layer.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths ``[n_inputs, n_hidden_1, ..., n_outputs]`` (at least 2 entries).
    activation : {"relu", "leaky_relu", "sigmoid", "tanh", "identity"}, default "relu"
        The activation after every dense layer except the last.
    rng : numpy.random.Generator or int, optional
        Source of the initial weights; required unless ``init="zeros"``. An int is a
        seed: it becomes one Generator that every layer draws from in turn, so
        layers of the same shape still get different weights.
    init : {"he", "xavier", "xavier_uniform", "lecun", "zeros"}, optional
        Weight initialisation for every layer; by default "he" for ReLU and
        leaky ReLU, "xavier" for sigmoid, tanh and identity.
    linear : bool, default False
        Shorthand for ``activation="identity"``: a deep linear network.

    Attributes
    ----------
    sizes : list of int
    layers : list
        ``[Dense, Activation, Dense, Activation, ..., Dense]``.
    dense_layers : list of Dense
        The ``L = len(sizes) - 1`` dense layers, first to last.
    parameter_vector : ndarray of shape (n_params,)
        Every weight and bias in one vector, in :meth:`params` order: the layers'
        ``W`` and ``b`` are views of its slices, so changing one changes the other.
        An optimizer built on ``[model.parameter_vector]`` instead of
        ``model.params()`` follows the same rule (every rule in :mod:`lib.optim` is
        entry by entry, so the numbers are identical) with one NumPy call per
        operation for the whole network instead of one per array: faster for small
        networks, where each call costs more than its arithmetic.
    gradient_vector : ndarray of shape (n_params,)
        The gradients of the last :meth:`backward` in the same layout (``dW``, ``db``
        of each layer are views of it).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> model = MLP([64, 64, 10], rng=rng)
    >>> model.n_params
    4810
    >>> model.forward(np.zeros((5, 64))).shape
    (5, 10)
    """

    def __init__(self, sizes, activation: str = "relu", rng=None, init: str | None = None,
                 *, linear: bool = False):
        self.sizes = _check_sizes(sizes)
        check_option(activation, "activation", ACTIVATIONS)
        if not isinstance(linear, bool | np.bool_):
            raise TypeError(f"linear must be True or False, got {linear!r}")
        if linear:
            if activation not in ("relu", "identity"):
                raise ValueError(
                    f"linear=True means activation='identity', but activation={activation!r}"
                )
            activation = "identity"
        self.activation = activation
        self.init = default_init(activation) if init is None else check_option(
            init, "init", INITS)
        # The one rng rule: an int seed becomes ONE Generator here, and every layer
        # draws from it in turn (re-seeding per layer would repeat the same weights).
        _, rng = _check_init_and_rng(self.init, rng)
        self.dense_layers = [
            Dense(n_in, n_out, rng=rng, init=self.init)
            for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True)
        ]
        self.layers = []
        for dense in self.dense_layers[:-1]:
            self.layers += [dense, Activation(activation)]
        self.layers.append(self.dense_layers[-1])
        self._store_in_one_vector()
        self._batch_shape = None

    def _store_in_one_vector(self) -> None:
        """Keep all weights and biases in one vector, and all gradients in another.

        Each layer's ``W`` and ``b`` become views of consecutive slices of
        :attr:`parameter_vector` (``dW`` and ``db`` of :attr:`gradient_vector`), in
        :meth:`params` order. They are still ordinary arrays, updated in place; the
        vector is a second, flat way to see the same numbers.
        """
        params = self.params()
        self.parameter_vector = np.concatenate([p.ravel() for p in params])
        self.gradient_vector = np.zeros_like(self.parameter_vector)
        start = 0
        for layer in self.dense_layers:
            for name in ("W", "b"):
                shape = getattr(layer, name).shape
                stop = start + int(np.prod(shape))
                setattr(layer, name, self.parameter_vector[start:stop].reshape(shape))
                setattr(layer, "d" + name, self.gradient_vector[start:stop].reshape(shape))
                start = stop

    @classmethod
    def from_arrays(cls, weights, biases, activation: str = "relu") -> MLP:
        """Build a network holding copies of given weights and biases.

        Parameters
        ----------
        weights : sequence of array_like
            ``[W_1, ..., W_L]``, ``W_k`` of shape ``(n_k, n_{k-1})``.
        biases : sequence of array_like
            ``[b_1, ..., b_L]``, ``b_k`` of shape ``(n_k,)``.
        activation : str, default "relu"

        Examples
        --------
        The XOR network of chapter 3:

        >>> xor_net = MLP.from_arrays([[[1, 1], [1, 1]], [[1, -2]]], [[0, -1], [0]])
        >>> xor_net.forward([[0, 0], [0, 1], [1, 0], [1, 1]]).ravel()
        array([0., 1., 1., 0.])
        """
        for name, arrays in (("weights", weights), ("biases", biases)):
            if isinstance(arrays, np.ndarray | str) or not isinstance(arrays, list | tuple):
                raise TypeError(
                    f"{name} must be a list with one array per layer, got {type(arrays).__name__}"
                )
        weights, biases = list(weights), list(biases)
        if len(weights) != len(biases) or not weights:
            raise ValueError(
                f"need one bias vector per weight matrix, got {len(weights)} weight "
                f"matrices and {len(biases)} bias vectors"
            )
        layers = []
        for k, (W, b) in enumerate(zip(weights, biases, strict=True), start=1):
            W = as_float_array(W, f"weights[{k - 1}]", ndim=2)
            b = as_float_array(b, f"biases[{k - 1}]", ndim=1)
            if b.shape[0] != W.shape[0]:
                raise ValueError(
                    f"layer {k}: W has shape {W.shape} ({W.shape[0]} neurons) so b needs "
                    f"shape ({W.shape[0]},), got {b.shape}"
                )
            if layers and W.shape[1] != layers[-1].n_out:
                raise ValueError(
                    f"layer {k}: W has shape {W.shape} (expects {W.shape[1]} inputs) but "
                    f"layer {k - 1} has {layers[-1].n_out} outputs"
                )
            layers.append(Dense.from_arrays(W, b))
        model = cls([layers[0].n_in] + [layer.n_out for layer in layers], activation,
                    init="zeros")
        for target, source in zip(model.dense_layers, layers, strict=True):
            target.W[...] = source.W
            target.b[...] = source.b
        return model

    def __repr__(self) -> str:
        return f"MLP({self.sizes}, activation={self.activation!r})"

    @property
    def n_in(self) -> int:
        """Number of input features."""
        return self.sizes[0]

    @property
    def n_out(self) -> int:
        """Number of outputs (logits)."""
        return self.sizes[-1]

    @property
    def n_params(self) -> int:
        r"""Number of trainable numbers, :math:`\sum_k (n_k n_{k-1} + n_k)`."""
        return sum(p.size for p in self.params())

    def params(self) -> list[np.ndarray]:
        """The trainable arrays ``[W_1, b_1, ..., W_L, b_L]`` themselves.

        Optimizers update these arrays in place, so the model changes with them.
        """
        return [p for layer in self.dense_layers for p in (layer.W, layer.b)]

    def grads(self) -> list[np.ndarray]:
        """``[dW_1, db_1, ..., dW_L, db_L]`` from the last :meth:`backward`."""
        return [g for layer in self.dense_layers for g in (layer.dW, layer.db)]

    def forward(self, X) -> np.ndarray:
        r"""Logits of a batch, remembering what backward needs.

        Parameters
        ----------
        X : array_like of shape (N, n_in)

        Returns
        -------
        logits : ndarray of shape (N, n_out)

        Raises
        ------
        ValueError
            If ``X`` does not have shape ``(N, n_in)`` or is not finite, or if the
            logits overflow to infinity (weights or inputs far too large).
        """
        # A private copy of X: the first layer keeps it for backward.
        X = _private_copy(self._checked_input(X), X)
        with np.errstate(over="ignore", invalid="ignore"):
            logits = self._forward(X)
        _check_no_overflow(logits, "logits", self)
        return logits

    def backward(self, dlogits) -> list[np.ndarray]:
        r"""Backpropagate :math:`\partial L/\partial\,\text{logits}` through every layer.

        Each dense layer turns its upstream gradient :math:`G` into
        :math:`G^\top H` for its weights, the column sums of :math:`G` for its
        biases and :math:`G W` for the layer below; each activation multiplies by
        :math:`\sigma'(Z)` entry by entry.

        Parameters
        ----------
        dlogits : array_like of shape (N, n_out)
            Gradient of the loss with respect to the logits of the last
            :meth:`forward` (for softmax cross-entropy, ``(softmax - one_hot) / N``).

        Returns
        -------
        list of ndarray
            Copies of ``[dW_1, db_1, ..., dW_L, db_L]``, in :meth:`params` order
            (:meth:`grads` gives the live arrays, overwritten by the next backward).
        """
        if self._batch_shape is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        dlogits = as_float_array(dlogits, "dlogits", ndim=2)
        expected = (self._batch_shape[0], self.n_out)
        if dlogits.shape != expected:
            raise ValueError(
                f"dlogits must have shape {expected} to match the last forward pass "
                f"(X of shape {self._batch_shape}), got shape {dlogits.shape}"
            )
        return [g.copy() for g in self._backward(dlogits)]

    def predict(self, X) -> np.ndarray:
        """Predicted class of each example, shape (N,).

        The index of the largest logit; with a single output, 1 where the logit
        is positive (probability above 1/2) and 0 elsewhere.
        """
        logits = self.forward(X)
        if self.n_out == 1:
            return (logits[:, 0] > 0).astype(np.int64)
        return logits.argmax(axis=1)

    def predict_proba(self, X) -> np.ndarray:
        r"""Class probabilities, shape (N, n_out); rows sum to 1.

        The softmax of each row of logits. With a single output the logit is the
        log-odds of class 1, so the result has two columns,
        :math:`[1 - \sigma(z), \sigma(z)]` (as in scikit-learn).
        """
        logits = self.forward(X)
        if self.n_out == 1:
            p1 = sigmoid(logits[:, 0])
            return np.column_stack([1.0 - p1, p1])
        return softmax(logits, axis=1)

    def hidden(self, X, layer: int = 1, *, pre_activation: bool = False) -> np.ndarray:
        r"""Activations :math:`H_k` of hidden layer ``k`` (counted from 1), shape (N, n_k).

        Parameters
        ----------
        X : array_like of shape (N, n_in)
        layer : int, default 1
            Which hidden layer, ``1 <= layer <= len(sizes) - 2``.
        pre_activation : bool, default False
            Return :math:`Z_k = H_{k-1} W_k^\top + b_k` instead of :math:`\sigma(Z_k)`.

        Notes
        -----
        Nothing is remembered: calling ``hidden`` between :meth:`forward` and
        :meth:`backward` leaves the gradients of that forward pass intact.
        """
        n_hidden = len(self.sizes) - 2
        if n_hidden == 0:
            raise ValueError(f"{self!r} has no hidden layer, so layer={layer!r} does not exist")
        layer = check_count(layer, "layer", minimum=1, maximum=n_hidden)
        if not isinstance(pre_activation, bool | np.bool_):
            raise TypeError(f"pre_activation must be True or False, got {pre_activation!r}")
        H = self._checked_input(X)
        with np.errstate(over="ignore", invalid="ignore"):
            for k in range(layer):
                Z = self.dense_layers[k]._affine(H)
                H = self.layers[2 * k + 1]._apply(Z)
        result = Z if pre_activation else H
        _check_no_overflow(result, "the hidden activations", self)
        return result

    # Hot path: no checks beyond what forward/backward did once at the entry.
    def _forward(self, X: np.ndarray) -> np.ndarray:
        self._batch_shape = X.shape
        A = X
        for layer in self.layers:
            A = layer._forward(A)
        return A

    def _backward(self, dlogits: np.ndarray) -> list[np.ndarray]:
        grad = dlogits
        layers = self.layers
        for layer in layers[:0:-1]:
            grad = layer._backward(grad)
        layers[0]._backward(grad, input_grad=False)
        return self.grads()

    def _checked_input(self, X) -> np.ndarray:
        X = as_float_array(X, "X", ndim=(1, 2))
        if X.ndim == 1 or X.shape[1] != self.n_in:
            hint = "; write one example as a row, x.reshape(1, -1)" if X.ndim == 1 else ""
            raise ValueError(
                f"{self!r} expects X with {self.n_in} features (shape (N, {self.n_in})), "
                f"got shape {X.shape}{hint}"
            )
        return X
