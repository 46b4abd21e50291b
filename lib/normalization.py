r"""Batch normalization and layer normalization, with their backward passes.

Both standardize numbers and then rescale them with learned parameters:

.. math::

    \hat x = \frac{x - \mu}{\sqrt{\sigma^2 + \varepsilon}}, \qquad
    y = \gamma\, \hat x + \beta,

with :math:`\mu` the mean and :math:`\sigma^2` the population variance (dividing by
the count, not the count minus one) of the numbers being standardized. They differ
only in *which* numbers those are. For a batch ``X`` of shape ``(N, D)``, one example
per row:

- **batch normalization** standardizes each column (one feature) over the ``N``
  examples of the batch, so it needs a batch of at least two examples; at evaluation
  time it uses running averages of the batch statistics instead;
- **layer normalization** standardizes each row (one example) over its ``D``
  features, so every example is treated on its own, whatever the batch size.

In both, :math:`\gamma` and :math:`\beta` have one entry per feature, shape ``(D,)``.
Worked example: the activations ``[2, 4, 6]`` have :math:`\mu = 4` and
:math:`\sigma = \sqrt{8/3} \approx 1.63`, so :math:`\hat x \approx [-1.22, 0, 1.22]`.

The two share one kernel, ``_standardize``, which works along an axis (0 for
batch normalization, 1 for layer normalization), and one backward kernel,
``_standardize_backward``; the two layers share their base class,
:class:`Normalization`.

Taught in chapter 6.
"""

from __future__ import annotations

import numpy as np

from lib._validate import as_float_array, check_count, check_real, check_same_shape

__all__ = ["batch_norm", "layer_norm", "Normalization", "BatchNorm", "LayerNorm"]


# --- the one formula ------------------------------------------------------------------------


def _inverse_std(var: np.ndarray, eps: float) -> np.ndarray:
    r""":math:`1/\sqrt{\sigma^2 + \varepsilon}`."""
    return 1.0 / np.sqrt(var + eps)


def _standardize(X: np.ndarray, axis: int, eps: float):
    r"""``(X_hat, inv_std, mean, var)`` with :math:`\hat x = (x - \mu)/\sqrt{\sigma^2+\varepsilon}`.

    The statistics are taken along ``axis`` and kept with that axis of length 1,
    so that they broadcast against ``X``.
    """
    mean = X.mean(axis=axis, keepdims=True)
    centred = X - mean
    var = np.mean(centred * centred, axis=axis, keepdims=True)  # population variance
    inv_std = _inverse_std(var, eps)
    return centred * inv_std, inv_std, mean, var


def _standardize_backward(
    dX_hat: np.ndarray, X_hat: np.ndarray, inv_std: np.ndarray, axis: int
) -> np.ndarray:
    r""":math:`\partial L/\partial x` from :math:`g = \partial L/\partial \hat x`."""
    mean_g = dX_hat.mean(axis=axis, keepdims=True)
    mean_g_xhat = np.mean(dX_hat * X_hat, axis=axis, keepdims=True)
    return inv_std * (dX_hat - mean_g - X_hat * mean_g_xhat)


# --- checks at the public boundary ------------------------------------------------------


def _check_batch(X, n_features: int | None, who: str, axis: int, *, need_two: bool):
    """X as a float (N, D) array with D == n_features (if given); two entries along ``axis``."""
    X = as_float_array(X, "X")
    if X.ndim != 2:
        hint = "; write one example as a row, x.reshape(1, -1)" if X.ndim == 1 else ""
        raise ValueError(f"{who} expects a 2-D batch X of shape (N, D), got shape {X.shape}{hint}")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(f"{who} expects X with {n_features} features, got shape {X.shape}")
    if need_two and X.shape[axis] < 2:
        if axis == 0:
            raise ValueError(
                f"{who} standardizes each column over the batch, so it needs at least 2 "
                f"examples; X has shape {X.shape} (a single example would always give 0). "
                "Use evaluation mode (training=False) for one example"
            )
        raise ValueError(
            f"{who} standardizes each row over its features, so it needs at least 2 "
            f"features; X has shape {X.shape} (a single feature would always give 0)"
        )
    return X


def _check_scale_shift(gamma, beta, n_features: int):
    gamma = as_float_array(gamma, "gamma", ndim=1)
    beta = as_float_array(beta, "beta", ndim=1)
    for name, value in (("gamma", gamma), ("beta", beta)):
        if value.shape != (n_features,):
            raise ValueError(
                f"X has {n_features} features, so {name} needs shape ({n_features},) "
                f"(one entry per feature), got shape {value.shape}"
            )
    return gamma, beta


def _check_eps(eps) -> float:
    return check_real(eps, "eps", low=0.0, low_open=True)


def _check_finite_output(Y: np.ndarray, inv_std: np.ndarray, who: str) -> None:
    """Raise if the variance overflowed (then 1/sqrt(var + eps) is 0) or Y is not finite."""
    if not (np.isfinite(Y).all() and (inv_std > 0).all()):
        raise ValueError(
            f"{who}: the output is not finite because X is too large for float64 (its "
            "variance overflows beyond about 1e154, or gamma * X_hat beyond 1e308); "
            "rescale the inputs"
        )


def _normalize(X, gamma, beta, eps, axis: int, who: str) -> np.ndarray:
    X = _check_batch(X, None, who, axis, need_two=True)
    gamma, beta = _check_scale_shift(gamma, beta, X.shape[1])
    eps = _check_eps(eps)
    with np.errstate(over="ignore", invalid="ignore"):
        X_hat, inv_std, _, _ = _standardize(X, axis, eps)
        Y = gamma * X_hat + beta
    _check_finite_output(Y, inv_std, who)
    return Y


# --- the functions ------------------------------------------------------------------------


def batch_norm(X, gamma, beta, eps: float = 1e-5) -> np.ndarray:
    r"""Batch normalization of a batch: each column standardized over the examples.

    .. math::

        \mu_j = \frac1N \sum_{n} x_{nj}, \qquad
        \sigma_j^2 = \frac1N \sum_{n} (x_{nj} - \mu_j)^2, \qquad
        y_{nj} = \gamma_j\, \frac{x_{nj} - \mu_j}{\sqrt{\sigma_j^2 + \varepsilon}} + \beta_j.

    Parameters
    ----------
    X : array_like of shape (N, D)
        A batch, one example per row (``N >= 2``).
    gamma, beta : array_like of shape (D,)
        Scale :math:`\gamma` and shift :math:`\beta`, one per feature.
    eps : float, default 1e-5
        :math:`\varepsilon > 0`; keeps a constant column finite (it becomes 0).

    Returns
    -------
    Y : ndarray of shape (N, D)

    Raises
    ------
    ValueError
        If ``X`` is not a finite (N, D) batch with ``N >= 2``, if ``gamma`` or
        ``beta`` does not have shape ``(D,)``, or if ``eps <= 0``.

    Examples
    --------
    >>> batch_norm([[2.0], [4.0], [6.0]], [1.0], [0.0]).ravel().round(2)
    array([-1.22,  0.  ,  1.22])
    """
    return _normalize(X, gamma, beta, eps, 0, "batch_norm")


def layer_norm(X, gamma, beta, eps: float = 1e-5) -> np.ndarray:
    r"""Layer normalization of a batch: each row standardized over its features.

    .. math::

        \mu_n = \frac1D \sum_{j} x_{nj}, \qquad
        \sigma_n^2 = \frac1D \sum_{j} (x_{nj} - \mu_n)^2, \qquad
        y_{nj} = \gamma_j\, \frac{x_{nj} - \mu_n}{\sqrt{\sigma_n^2 + \varepsilon}} + \beta_j.

    Parameters
    ----------
    X : array_like of shape (N, D)
        A batch, one example per row (``D >= 2``; any ``N >= 1``).
    gamma, beta : array_like of shape (D,)
        Scale and shift, one per feature.
    eps : float, default 1e-5
        :math:`\varepsilon > 0`.

    Returns
    -------
    Y : ndarray of shape (N, D)

    Raises
    ------
    ValueError
        If ``X`` is not a finite (N, D) batch with ``D >= 2``, if ``gamma`` or
        ``beta`` does not have shape ``(D,)``, or if ``eps <= 0``.

    Examples
    --------
    >>> layer_norm([[2.0, 4.0, 6.0]], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]).round(2)
    array([[-1.22,  0.  ,  1.22]])
    """
    return _normalize(X, gamma, beta, eps, 1, "layer_norm")


# --- the layers ---------------------------------------------------------------------------


class Normalization:
    r"""What :class:`BatchNorm` and :class:`LayerNorm` share: the layer interface.

    Both hold a scale :math:`\gamma` and a shift :math:`\beta` of shape ``(D,)``,
    standardize a batch ``X`` of shape ``(N, D)`` along one axis in :meth:`forward`
    (columns for batch normalization, rows for layer normalization), and turn
    :math:`\partial L/\partial Y` into :math:`\partial L/\partial X` in
    :meth:`backward` (the formula is in :class:`BatchNorm`). Not used on its own:
    build one of the two subclasses.

    Parameters
    ----------
    n_features : int
        Number of features ``D``.
    eps : float, default 1e-5
        :math:`\varepsilon > 0`.
    """

    _axis = 0  # the axis the statistics are taken over
    _min_features = 1

    def __init__(self, n_features: int, eps: float = 1e-5):
        if type(self) is Normalization:
            raise TypeError(
                "Normalization is the shared base of BatchNorm and LayerNorm; build one of "
                "those, e.g. BatchNorm(n_features)"
            )
        self.n_features = check_count(n_features, "n_features", minimum=self._min_features)
        self.eps = _check_eps(eps)
        self.gamma = np.ones(self.n_features)
        self.beta = np.zeros(self.n_features)
        self.dgamma = np.zeros(self.n_features)
        self.dbeta = np.zeros(self.n_features)
        self._training = True
        self._cache = None  # (X_hat, inv_std, batch statistics?) of the last forward

    @property
    def training(self) -> bool:
        """Training mode (True) or evaluation mode (False)."""
        return self._training

    @training.setter
    def training(self, value) -> None:
        if not isinstance(value, bool | np.bool_):
            raise TypeError(f"training must be True or False, got {value!r}")
        self._training = bool(value)

    def params(self) -> list[np.ndarray]:
        """The trainable arrays ``[gamma, beta]`` themselves (updated in place)."""
        return [self.gamma, self.beta]

    def grads(self) -> list[np.ndarray]:
        """``[dgamma, dbeta]`` from the last backward pass, in :meth:`params` order."""
        return [self.dgamma, self.dbeta]

    @property
    def n_params(self) -> int:
        """Number of trainable numbers, ``2 * n_features``."""
        return 2 * self.n_features

    def forward(self, X) -> np.ndarray:
        r"""Normalize a batch, :math:`Y = \gamma \hat X + \beta`; remembers what backward needs.

        Parameters
        ----------
        X : array_like of shape (N, n_features)
            One example per row.

        Returns
        -------
        Y : ndarray of shape (N, n_features)

        Raises
        ------
        ValueError
            If ``X`` is not a finite batch with ``n_features`` columns, is too small
            to standardize (one example for batch normalization in training mode),
            or is so large that its variance overflows.
        """
        need_two = self._axis == 1 or self._training
        X = _check_batch(X, self.n_features, repr(self), self._axis, need_two=need_two)
        with np.errstate(over="ignore", invalid="ignore"):
            Y = self._forward(X)
        _check_finite_output(Y, self._cache[1], repr(self))
        return Y

    def backward(self, dY) -> np.ndarray:
        r"""``dX`` from ``dY`` of the last forward; stores ``dgamma`` and ``dbeta``.

        Parameters
        ----------
        dY : array_like of shape (N, n_features)
            :math:`\partial L/\partial Y` for the batch of the last :meth:`forward`.

        Returns
        -------
        dX : ndarray of shape (N, n_features)
        """
        if self._cache is None:
            raise RuntimeError(f"{self!r}: call forward before backward")
        dY = as_float_array(dY, "dY")
        check_same_shape(dY, self._cache[0], "dY", "the last forward's X")
        return self._backward(dY)

    # Unchecked hot path (used by lib.network.Sequential, which checks once at its entry).
    # Nothing here keeps a reference to X, so the caller's array needs no copy.
    def _forward(self, X: np.ndarray) -> np.ndarray:
        X_hat, inv_std, batch_statistics = self._standardized(X)
        self._cache = (X_hat, inv_std, batch_statistics)
        return self.gamma * X_hat + self.beta

    def _apply(self, X: np.ndarray) -> np.ndarray:
        """The evaluation-mode output, remembering nothing (for Sequential.hidden)."""
        return self.gamma * self._evaluation_standardized(X) + self.beta

    def _standardized(self, X):
        """``(X_hat, inv_std, True)``: statistics of this batch (BatchNorm overrides)."""
        return (*_standardize(X, self._axis, self.eps)[:2], True)

    def _evaluation_standardized(self, X):
        return _standardize(X, self._axis, self.eps)[0]

    def _backward(self, dY: np.ndarray) -> np.ndarray:
        X_hat, inv_std, batch_statistics = self._cache
        np.sum(dY * X_hat, axis=0, out=self.dgamma)
        np.sum(dY, axis=0, out=self.dbeta)
        dX_hat = dY * self.gamma
        if not batch_statistics:
            return dX_hat * inv_std  # fixed statistics: a scaling of each feature
        return _standardize_backward(dX_hat, X_hat, inv_std, self._axis)


class BatchNorm(Normalization):
    r"""A batch-normalization layer: each feature standardized over the batch, then rescaled.

    In training mode (the default) a batch ``X`` of shape ``(N, D)`` is standardized
    with its own column means :math:`\mu` and population variances :math:`\sigma^2`,
    :math:`Y = \gamma \hat X + \beta`, and the running statistics move towards them,

    .. math::

        \bar\mu \leftarrow (1 - m)\,\bar\mu + m\,\mu, \qquad
        \bar\sigma^2 \leftarrow (1 - m)\,\bar\sigma^2 + m\,\tfrac{N}{N-1}\,\sigma^2,

    with the momentum :math:`m` (the running variance uses the unbiased batch
    variance, as PyTorch does). In evaluation mode the running statistics take the
    place of the batch's, so that each example's output depends on that example only.

    Backward, with :math:`g = \gamma \odot \partial L/\partial Y` (the gradient with
    respect to :math:`\hat X`), in each column, over the :math:`N` rows of the batch:

    .. math::

        \frac{\partial L}{\partial x_{n}} = \frac{1}{\sqrt{\sigma^2 + \varepsilon}}
        \Big(g_n - \frac1N \sum_{k} g_k - \hat x_n\, \frac1N \sum_{k} g_k \hat x_k\Big),

        \frac{\partial L}{\partial \gamma} = \sum_n \frac{\partial L}{\partial y_n}\,
        \hat x_n, \qquad
        \frac{\partial L}{\partial \beta} = \sum_n \frac{\partial L}{\partial y_n}.

    The two subtracted means are what the batch statistics add to the chain rule:
    moving one example moves :math:`\mu` and :math:`\sigma` and so every output of
    its column. The gradient is orthogonal to the constant column and to
    :math:`\hat x` (shifting or scaling a column changes nothing). In evaluation
    mode the statistics are constants and :math:`\partial L/\partial x =
    g/\sqrt{\bar\sigma^2 + \varepsilon}`.

    Parameters
    ----------
    n_features : int
        Number of features ``D`` (columns of ``X``).
    eps : float, default 1e-5
        :math:`\varepsilon > 0`, added to the variance.
    momentum : float, default 0.1
        :math:`m \in (0, 1]`, the weight of the newest batch in the running statistics.

    Attributes
    ----------
    gamma, beta : ndarray of shape (D,)
        Scale (ones) and shift (zeros), trained like weights.
    dgamma, dbeta : ndarray of shape (D,)
        Their gradients from the last :meth:`~Normalization.backward` (overwritten in place).
    running_mean, running_var : ndarray of shape (D,)
        Running statistics (zeros and ones at first), updated by every training-mode
        forward pass and used in evaluation mode.
    training : bool
        True (the default) for training mode, False for evaluation mode.

    Examples
    --------
    >>> bn = BatchNorm(1)
    >>> bn.forward([[2.0], [4.0], [6.0]]).ravel().round(2)
    array([-1.22,  0.  ,  1.22])
    >>> bn.running_mean, bn.running_var
    (array([0.4]), array([1.3]))
    """

    _axis = 0

    def __init__(self, n_features: int, eps: float = 1e-5, momentum: float = 0.1):
        super().__init__(n_features, eps)
        self.momentum = check_real(momentum, "momentum", low=0.0, high=1.0, low_open=True)
        self.running_mean = np.zeros(self.n_features)
        self.running_var = np.ones(self.n_features)

    def __repr__(self) -> str:
        return f"BatchNorm({self.n_features})"

    def buffers(self) -> list[np.ndarray]:
        """The running statistics ``[running_mean, running_var]`` (state, not trained)."""
        return [self.running_mean, self.running_var]

    def _standardized(self, X):
        if not self._training:
            inv_std = _inverse_std(self.running_var, self.eps)
            return (X - self.running_mean) * inv_std, inv_std, False
        X_hat, inv_std, mean, var = _standardize(X, 0, self.eps)
        m, n = self.momentum, X.shape[0]
        self.running_mean *= 1.0 - m
        self.running_mean += m * mean[0]
        self.running_var *= 1.0 - m
        self.running_var += (m * n / (n - 1)) * var[0]
        return X_hat, inv_std, True

    def _evaluation_standardized(self, X):
        return (X - self.running_mean) * _inverse_std(self.running_var, self.eps)


class LayerNorm(Normalization):
    r"""A layer-normalization layer: each example standardized over its features.

    Each row of a batch ``X`` of shape ``(N, D)`` is standardized with its own mean
    and population variance and rescaled, :math:`Y = \gamma \hat X + \beta`. Nothing
    depends on the other examples of the batch, so training and evaluation compute
    the same thing (``training`` is kept only so that every layer can be switched
    alike). Backward is :class:`BatchNorm`'s formula applied to each row instead of
    each column, over the :math:`D` features.

    Parameters
    ----------
    n_features : int
        Number of features ``D >= 2`` (one feature would always standardize to 0).
    eps : float, default 1e-5
        :math:`\varepsilon > 0`.

    Attributes
    ----------
    gamma, beta : ndarray of shape (D,)
        Scale (ones) and shift (zeros).
    dgamma, dbeta : ndarray of shape (D,)
        Their gradients from the last :meth:`~Normalization.backward`.
    training : bool
        Has no effect on the computation.

    Examples
    --------
    >>> LayerNorm(3).forward([[2.0, 4.0, 6.0]]).round(2)
    array([[-1.22,  0.  ,  1.22]])
    """

    _axis = 1
    _min_features = 2  # one feature would always standardize to 0

    def __repr__(self) -> str:
        return f"LayerNorm({self.n_features})"
