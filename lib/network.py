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

A :class:`Sequential` network is any list of layers applied in turn (dense,
activation, dropout, batch or layer normalization), for the networks of chapter 6
that an ``MLP`` cannot express.

Taught in chapter 1 (forward pass), chapter 2 (deep linear networks collapse),
chapter 3 (XOR), chapter 5 (backpropagation through the whole chain) and chapter 6
(:class:`Sequential`, with dropout and normalization).
"""

from __future__ import annotations

import numpy as np

from lib._validate import as_float_array, check_count, check_option
from lib.activations import ACTIVATIONS, sigmoid
from lib.layers import (
    INITS,
    Activation,
    Dense,
    Dropout,
    _check_init_and_rng,
    _check_no_overflow,
    _private_copy,
)
from lib.normalization import BatchNorm, LayerNorm
from lib.softmax import softmax

__all__ = ["MLP", "Sequential", "default_init"]

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


# -- any list of layers --------------------------------------------------------------------


_LAYER_TYPES = (Dense, Activation, Dropout, BatchNorm, LayerNorm)


def _width_in(layer) -> int | None:
    """The number of input features a layer insists on (None: it keeps any width)."""
    if isinstance(layer, Dense):
        return layer.n_in
    return getattr(layer, "n_features", None)


def _width_out(layer, width: int | None) -> int | None:
    return layer.n_out if isinstance(layer, Dense) else width


def _check_layers(layers) -> list:
    """The layer list, checked: layer objects, each once, whose widths chain up."""
    if isinstance(layers, str | np.ndarray) or not isinstance(layers, list | tuple):
        raise TypeError(
            f"layers must be a list of layer objects like [Dense(4, 8, rng=0), "
            f"Activation('relu'), Dense(8, 3, rng=1)], got {type(layers).__name__}"
        )
    layers = list(layers)
    if not layers:
        raise ValueError("layers is empty: a Sequential network needs at least one layer")
    width = None
    for k, layer in enumerate(layers):
        if not isinstance(layer, _LAYER_TYPES):
            raise TypeError(
                f"layers[{k}] is {layer!r} ({type(layer).__name__}), not a lib layer "
                "(Dense, Activation, Dropout, BatchNorm or LayerNorm)"
            )
        if any(layer is other for other in layers[:k]):
            raise ValueError(
                f"layers[{k}] ({layer!r}) appears twice in the list; build a new layer "
                "for each position (a layer object remembers one forward pass)"
            )
        expected = _width_in(layer)
        if expected is not None and width is not None and expected != width:
            raise ValueError(
                f"layers[{k}] ({layer!r}) expects {expected} features, but the layers "
                f"before it give {width}"
            )
        width = _width_out(layer, width if expected is None else expected)
    if all(_width_in(layer) is None for layer in layers):
        raise ValueError(
            "no layer in the list fixes the number of features; include at least one "
            "Dense, BatchNorm or LayerNorm layer"
        )
    return layers


class Sequential:
    r"""A network made of any list of layers, applied in order.

    ``Sequential([L_1, ..., L_K])`` computes :math:`H_0 = X`, :math:`H_k = L_k(H_{k-1})`
    and returns :math:`H_K` (the logits); backward runs the layers in reverse, each
    turning :math:`\partial L/\partial H_k` into :math:`\partial L/\partial H_{k-1}`
    and storing the gradients of its own parameters. The layers are those of
    :mod:`lib.layers` (:class:`~lib.layers.Dense`, :class:`~lib.layers.Activation`,
    :class:`~lib.layers.Dropout`) and :mod:`lib.normalization`
    (:class:`~lib.normalization.BatchNorm`, :class:`~lib.normalization.LayerNorm`).

    Dropout and batch normalization behave differently while training and at
    evaluation: setting :attr:`training` switches every layer at once.
    :func:`lib.train.train` does that itself (training mode for the steps,
    evaluation mode for every evaluation and at the end).

    Parameters
    ----------
    layers : list of layers
        Each layer object at most once; the widths must chain up (a ``Dense(n_in, n_out)``
        or a normalization over ``n_features`` must receive that many features).

    Attributes
    ----------
    layers : list
        The layers themselves (the same objects that were passed in).
    dense_layers : list of Dense
        The dense layers, first to last (``lib.train``'s L2 term acts on their ``W``).

    Examples
    --------
    >>> from lib.layers import Activation, Dense, Dropout
    >>> from lib.normalization import BatchNorm
    >>> net = Sequential([Dense(64, 128, rng=0), BatchNorm(128), Activation("relu"),
    ...                   Dropout(0.5, rng=1), Dense(128, 10, rng=2)])
    >>> net.n_in, net.n_out, net.n_params
    (64, 10, 9866)
    >>> net.forward(np.ones((5, 64))).shape
    (5, 10)
    """

    def __init__(self, layers):
        self.layers = _check_layers(layers)
        self.dense_layers = [layer for layer in self.layers if isinstance(layer, Dense)]
        self._batch_shape = None

    def __repr__(self) -> str:
        return f"Sequential([{', '.join(repr(layer) for layer in self.layers)}])"

    @property
    def n_in(self) -> int:
        """Number of input features (that of the first layer with a fixed width)."""
        return next(w for w in map(_width_in, self.layers) if w is not None)

    @property
    def n_out(self) -> int:
        """Number of outputs (logits)."""
        width = None
        for layer in self.layers:
            width = _width_out(layer, _width_in(layer) or width)
        return width

    @property
    def n_params(self) -> int:
        """Number of trainable numbers in all the layers."""
        return sum(p.size for p in self.params())

    @property
    def training(self) -> bool:
        """True in training mode, False in evaluation mode; setting it sets every layer's.

        A network with no mode-dependent layer reports the mode it was last set to
        (True at first).
        """
        modes = [layer.training for layer in self.layers if hasattr(layer, "training")]
        return modes[0] if modes else getattr(self, "_training", True)

    @training.setter
    def training(self, value) -> None:
        if not isinstance(value, bool | np.bool_):
            raise TypeError(f"training must be True or False, got {value!r}")
        self._training = bool(value)
        for layer in self.layers:
            if hasattr(layer, "training"):
                layer.training = bool(value)

    def params(self) -> list[np.ndarray]:
        """The trainable arrays of every layer, in layer order (updated in place)."""
        return [p for layer in self.layers for p in layer.params()]

    def grads(self) -> list[np.ndarray]:
        """The gradients of the last :meth:`backward`, in :meth:`params` order."""
        return [g for layer in self.layers for g in layer.grads()]

    def buffers(self) -> list[np.ndarray]:
        """Arrays that are state but not trained: batch normalization's running statistics."""
        return [b for layer in self.layers if hasattr(layer, "buffers") for b in layer.buffers()]

    def forward(self, X) -> np.ndarray:
        r"""Logits of a batch in the current mode, remembering what backward needs.

        Parameters
        ----------
        X : array_like of shape (N, n_in)

        Returns
        -------
        logits : ndarray of shape (N, n_out)

        Raises
        ------
        ValueError
            If ``X`` does not have shape ``(N, n_in)`` or is not finite, if a batch
            normalization in training mode gets a single example, or if the logits
            are not finite (inputs or weights far too large).
        """
        X = _private_copy(self._checked_input(X), X)
        self._check_batch_size(X.shape[0])
        with np.errstate(over="ignore", invalid="ignore"):
            logits = self._forward(X)
        _check_no_overflow(logits, "logits", self)
        return logits

    def backward(self, dlogits) -> list[np.ndarray]:
        r"""Backpropagate :math:`\partial L/\partial\,\text{logits}` through every layer.

        Parameters
        ----------
        dlogits : array_like of shape (N, n_out)
            Gradient of the loss with respect to the logits of the last :meth:`forward`.

        Returns
        -------
        list of ndarray
            Copies of the gradients, in :meth:`params` order.
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
        """Predicted class of each example, shape (N,), computed in evaluation mode.

        As :meth:`MLP.predict`; the network is not switched and remembers nothing
        (no dropout, batch normalization with its running statistics).
        """
        logits = self.hidden(X, layer=len(self.layers))
        if self.n_out == 1:
            return (logits[:, 0] > 0).astype(np.int64)
        return logits.argmax(axis=1)

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, shape (N, n_out), computed in evaluation mode (see predict)."""
        logits = self.hidden(X, layer=len(self.layers))
        if self.n_out == 1:
            p1 = sigmoid(logits[:, 0])
            return np.column_stack([1.0 - p1, p1])
        return softmax(logits, axis=1)

    def hidden(self, X, layer: int = 1) -> np.ndarray:
        r"""Output :math:`H_k` of layer ``k`` (counted from 1) in evaluation mode.

        Parameters
        ----------
        X : array_like of shape (N, n_in)
        layer : int, default 1
            Which layer, ``1 <= layer <= len(layers)``; the last one gives the logits.

        Returns
        -------
        ndarray of shape (N, width of layer k)

        Notes
        -----
        Computed as at evaluation (dropout off, batch normalization with its running
        statistics) whatever :attr:`training` says, and nothing is remembered: the
        gradients of the last :meth:`forward` stay intact.
        """
        layer = check_count(layer, "layer", minimum=1, maximum=len(self.layers))
        H = self._checked_input(X)
        with np.errstate(over="ignore", invalid="ignore"):
            for current in self.layers[:layer]:
                H = current._affine(H) if isinstance(current, Dense) else current._apply(H)
        _check_no_overflow(H, "the layer outputs", self)
        return H

    def _check_batch_size(self, n_examples: int) -> None:
        """A batch normalization in training mode needs two examples or more."""
        layer = self._training_batch_norm()
        if n_examples < 2 and layer is not None:
            raise ValueError(
                f"{layer!r} is in training mode and standardizes each feature over the "
                f"batch, so it needs at least 2 examples, but X has {n_examples}; set "
                "training = False to evaluate single examples"
            )

    def _training_batch_norm(self):
        """The first batch normalization layer in training mode, or None."""
        return next((layer for layer in self.layers
                     if isinstance(layer, BatchNorm) and layer.training), None)

    # Hot path used by lib.train: no checks beyond what forward/backward did at the entry.
    def _forward(self, X: np.ndarray) -> np.ndarray:
        self._batch_shape = X.shape
        H = X
        for layer in self.layers:
            H = layer._forward(H)
        return H

    def _backward(self, dlogits: np.ndarray) -> list[np.ndarray]:
        grad = dlogits
        for layer in self.layers[:0:-1]:
            grad = layer._backward(grad)
        first = self.layers[0]
        if isinstance(first, Dense):
            first._backward(grad, input_grad=False)  # dL/dX is of no use
        else:
            first._backward(grad)
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
