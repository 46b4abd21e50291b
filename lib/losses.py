r"""Loss functions, each returned together with its gradient.

Every loss here returns a pair ``(loss, gradient)``: the loss as a Python
``float`` (averaged over the examples in the batch), and the gradient of that
averaged loss with respect to the network's output, with the same shape as that
output. The gradient is what the backward pass starts from.

Conventions: a batch of scores ``logits`` has shape ``(N, K)`` (one row per
example, one column per class); class labels are integers of shape ``(N,)``.

Taught in chapter 4 (softmax and cross-entropy) and chapter 5
(backpropagation, whose one-neuron example uses :func:`half_squared_error`);
:func:`l2_penalty` is weight decay, used in chapter 6.
"""

from __future__ import annotations

import numpy as np

from lib._validate import as_float_array, as_labels, check_count, check_real, check_same_shape
from lib.activations import _sigmoid
from lib.softmax import _exponentials

__all__ = [
    "softmax_cross_entropy",
    "mse",
    "half_squared_error",
    "binary_cross_entropy_with_logits",
    "l2_penalty",
    "one_hot",
    "accuracy",
    "cross_entropy_summary",
]


def softmax_cross_entropy(logits, labels):
    r"""Mean cross-entropy of softmax probabilities, and its gradient.

    For example :math:`n` with scores :math:`z_n` and true class :math:`c_n`,
    the loss is :math:`-\log p_{n, c_n}` with :math:`p_n = \operatorname{softmax}(z_n)`;
    we average over the batch:

    .. math::

        L = -\frac{1}{N} \sum_{n=1}^{N} \log \operatorname{softmax}(z_n)_{c_n},
        \qquad
        \frac{\partial L}{\partial Z} = \frac{1}{N}\bigl(\operatorname{softmax}(Z) - Y\bigr),

    where :math:`Y` holds the one-hot rows of the labels. The log-probabilities
    come from :func:`lib.softmax.log_softmax`, so scores of :math:`\pm 1000` give
    exact, finite losses (never ``log(0)``).

    Parameters
    ----------
    logits : array_like of shape (N, K)
        Scores, one row per example. For a single example use shape ``(1, K)``.
    labels : array_like of int, shape (N,)
        The true class of each example, in ``[0, K)``.

    Returns
    -------
    loss : float
        The mean cross-entropy, :math:`\ge 0`.
    dlogits : ndarray of shape (N, K)
        :math:`\partial L / \partial Z = (\operatorname{softmax}(Z) - Y)/N`.

    Raises
    ------
    TypeError
        If ``logits`` is not numeric or ``labels`` are not whole numbers.
    ValueError
        If ``logits`` is not 2-D or holds NaN/infinity, if the number of labels
        differs from the number of rows, or if a label lies outside ``[0, K)``.

    Examples
    --------
    >>> loss, _ = softmax_cross_entropy([[2.0, 1.0, 0.0]], [0])
    >>> round(loss, 4)
    0.4076
    """
    logits = _as_batch_of_scores(logits)
    n_examples, n_classes = logits.shape
    labels = as_labels(labels, "labels", n_examples=n_examples, n_classes=n_classes)
    targets = np.zeros_like(logits)
    targets[np.arange(n_examples), labels] = 1.0
    per_example, dlogits = _softmax_cross_entropy(logits, targets)
    return _mean(per_example), dlogits


def mse(pred, target):
    r"""Mean squared error over all entries, and its gradient.

    .. math::

        L = \frac{1}{S} \sum_{i} (\hat y_i - y_i)^2,
        \qquad
        \frac{\partial L}{\partial \hat y} = \frac{2}{S}(\hat y - y),

    where the sum and :math:`S` run over every entry (``S = pred.size``), as in
    ``np.mean((pred - target) ** 2)``.

    Parameters
    ----------
    pred : array_like of shape (...)
        Predictions.
    target : array_like, same shape as ``pred``
        Targets.

    Returns
    -------
    loss : float
    dpred : ndarray, same shape as ``pred``

    Raises
    ------
    ValueError
        If the shapes differ (no broadcasting: a silent broadcast of ``(N, 1)``
        against ``(N,)`` would compare every prediction with every target), if
        they are empty, or hold NaN/infinity.
    """
    pred, target = _as_pred_target(pred, target)
    per_entry, dpred = _squared_error(pred, target)
    return _mean(per_entry), np.asarray(dpred)


def half_squared_error(pred, target):
    r"""Half the squared error, summed within an example and averaged over examples.

    .. math::

        L = \frac{1}{N} \sum_{n=1}^{N} \tfrac12 \lVert \hat y_n - y_n \rVert^2,
        \qquad
        \frac{\partial L}{\partial \hat y} = \frac{1}{N}(\hat y - y).

    The factor :math:`\tfrac12` cancels the 2 from differentiating the square,
    so for one prediction :math:`a` and target :math:`y` this is
    :math:`L = \tfrac12 (a - y)^2` with :math:`\partial L/\partial a = a - y`
    (chapter 5's one-neuron example).

    How many examples :math:`N`? The same shape convention as everywhere in
    ``lib``: a 2-D array of shape ``(N, d)`` holds one example per row, so
    :math:`N` is the number of rows; a 1-D array of shape ``(d,)`` is the output
    vector of *one* example, and a single number is one example too
    (:math:`N = 1` in both cases). For :math:`N` scalar predictions, pass shape
    ``(N, 1)``.

    Parameters
    ----------
    pred : float or array_like of shape (d,) or (N, d)
        Predictions.
    target : same shape as ``pred``
        Targets.

    Returns
    -------
    loss : float
    dpred : ndarray, same shape as ``pred``

    Raises
    ------
    ValueError
        If the shapes differ, the arrays are empty or more than 2-D, or they
        hold NaN/infinity.

    Examples
    --------
    >>> a = sigmoid(0.5)  # the neuron's output, 0.6225
    >>> loss, grad = half_squared_error(a, 0.0)
    >>> round(loss, 4), round(float(grad), 4)
    (0.1937, 0.6225)
    """
    pred, target = _as_pred_target(pred, target, ndim=(0, 1, 2))
    n_examples = pred.shape[0] if pred.ndim == 2 else 1
    diff = pred - target
    return float(0.5 * np.sum(diff**2) / n_examples), np.asarray(diff / n_examples)


def binary_cross_entropy_with_logits(z, y):
    r"""Mean binary cross-entropy of :math:`\sigma(z)` against 0/1 targets, and its gradient.

    With :math:`p = \sigma(z)` the loss of one example is
    :math:`-y \log p - (1 - y)\log(1 - p)`. Written in terms of the score
    :math:`z` it becomes

    .. math::

        \ell(z, y) = \log(1 + e^{z}) - y z,
        \qquad
        L = \frac{1}{N} \sum_n \ell(z_n, y_n),
        \qquad
        \frac{\partial L}{\partial z_n} = \frac{\sigma(z_n) - y_n}{N}.

    We compute :math:`\log(1 + e^{z})` as ``np.logaddexp(0, z)``, which never
    overflows, so a confident wrong score such as :math:`z = -1000` with
    :math:`y = 1` costs exactly 1000 instead of ``inf``.

    Parameters
    ----------
    z : array_like of shape (N,) or (N, 1)
        Scores (logits), one per example; ``(N, 1)`` is what a network with one
        output unit produces.
    y : array_like of shape (N,), or the shape of ``z``
        Targets, each 0 or 1 (booleans are accepted).

    Returns
    -------
    loss : float
    dz : ndarray, same shape as ``z``

    Raises
    ------
    ValueError
        If the shapes do not fit, the arrays are empty or hold NaN/infinity, or a
        target is not 0 or 1 (the message names the first one).
    """
    z = as_float_array(z, "z", ndim=(1, 2))
    if z.ndim == 2 and z.shape[1] != 1:
        raise ValueError(
            f"z must have shape (N,) or (N, 1) (one score per example), got {z.shape}; "
            "for K > 1 classes use softmax_cross_entropy"
        )
    y = np.asarray(y)
    y = as_float_array(y.astype(np.float64) if y.dtype == bool else y, "y", ndim=(1, 2))
    if y.shape != z.shape and y.shape != (z.shape[0],):
        raise ValueError(f"z has shape {z.shape} but y has shape {y.shape}; they must match")
    if z.shape[0] == 0:
        raise ValueError("z and y are empty; a loss needs at least one example")
    not_binary = (y != 0) & (y != 1)
    if not_binary.any():
        where = tuple(int(i) for i in np.argwhere(not_binary)[0])
        raise ValueError(f"y must hold only 0 and 1, but y{list(where)} = {y[where]}")
    per_example, dz = _binary_cross_entropy_with_logits(z, y.reshape(z.shape))
    return _mean(per_example), dz


def l2_penalty(weights, strength: float):
    r"""L2 penalty (weight decay) on a list of weight arrays, and its gradients.

    .. math::

        R = \frac{\lambda}{2} \sum_{\ell} \lVert W_\ell \rVert_F^2,
        \qquad
        \frac{\partial R}{\partial W_\ell} = \lambda W_\ell.

    Add ``R`` to the data loss and each gradient to the matching weight's
    gradient. Biases are usually left out of the list.

    Parameters
    ----------
    weights : list of array_like
        The weight arrays (any shapes).
    strength : float
        :math:`\lambda \ge 0`.

    Returns
    -------
    penalty : float
    grads : list of ndarray
        :math:`\lambda W_\ell` for each array, in the same order and shapes.

    Raises
    ------
    TypeError
        If ``weights`` is a single array rather than a list, or holds non-numeric arrays.
    ValueError
        If ``strength`` is negative or not finite, or a weight holds NaN/infinity.
    """
    if isinstance(weights, np.ndarray) or not isinstance(weights, (list, tuple)):
        raise TypeError(
            f"weights must be a list of arrays, got {type(weights).__name__}; "
            "for a single matrix W pass [W]"
        )
    strength = check_real(strength, "strength", low=0.0)
    arrays = [as_float_array(w, f"weights[{i}]") for i, w in enumerate(weights)]
    penalty = 0.5 * strength * sum(float(np.sum(w * w)) for w in arrays)
    return float(penalty), [strength * w for w in arrays]


def one_hot(labels, n_classes: int):
    r"""One-hot rows: row :math:`n` is all zeros except a 1 in column ``labels[n]``.

    Parameters
    ----------
    labels : array_like of int, shape (N,)
        Class indices in ``[0, n_classes)``.
    n_classes : int
        :math:`K`, the number of columns.

    Returns
    -------
    ndarray of shape (N, K)
        Floats (0.0 and 1.0).

    Raises
    ------
    TypeError, ValueError
        If the labels are not whole numbers, not 1-D, or outside ``[0, K)``, or if
        ``n_classes`` is not a positive integer.

    Examples
    --------
    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    n_classes = check_count(n_classes, "n_classes")
    if labels is None or isinstance(labels, str):
        raise TypeError(f"labels must be integer class indices, got {labels!r}")
    try:
        n_examples = np.shape(labels)[0] if np.ndim(labels) >= 1 else 1
    except ValueError:  # a ragged list: as_labels names it
        n_examples = len(labels)
    labels = as_labels(labels, "labels", n_examples=n_examples, n_classes=n_classes)
    out = np.zeros((n_examples, n_classes))
    out[np.arange(n_examples), labels] = 1.0
    return out


def accuracy(predicted_labels, labels) -> float:
    r"""Fraction of examples whose predicted class equals the true class.

    Parameters
    ----------
    predicted_labels : array_like of int, shape (N,)
    labels : array_like of int, shape (N,)

    Returns
    -------
    float
        In :math:`[0, 1]`.

    Raises
    ------
    TypeError, ValueError
        If either argument is not 1-D whole numbers, if they differ in length,
        or if they are empty. (Passing scores of shape ``(N, K)`` instead of
        labels is caught: take ``argmax(axis=1)`` first.)
    """
    predicted = _as_class_indices(predicted_labels, "predicted_labels")
    labels = _as_class_indices(labels, "labels")
    if predicted.shape != labels.shape:
        raise ValueError(
            f"predicted_labels has {predicted.shape[0]} entries but labels has "
            f"{labels.shape[0]}; they must match"
        )
    if labels.size == 0:
        raise ValueError("labels are empty; accuracy needs at least one example")
    return float(np.mean(predicted == labels))


def cross_entropy_summary(logits, temperature: float = 1.0, true_class: int = 1) -> dict:
    r"""Probabilities, prediction and cross-entropy for one vector of logits.

    Parameters
    ----------
    logits : array_like of shape (K,)
        Raw class scores :math:`z`.
    temperature : float, default 1.0
        :math:`T > 0`; the probabilities are :math:`p = \operatorname{softmax}(z / T)`.
    true_class : int, default 1
        Index :math:`c` of the correct class, in ``[0, K)``.

    Returns
    -------
    dict
        ``probabilities`` (ndarray of shape (K,)), ``predicted`` (int, the index of the
        largest logit), ``p_true`` (float, :math:`p_c`) and ``loss`` (float,
        :math:`-\ln p_c`, from the log-softmax, so it stays finite when :math:`p_c`
        underflows to 0).

    Taught in chapter 4 (the logit lab).
    """
    from lib.softmax import log_softmax  # the public, checked version

    z = as_float_array(logits, "logits", ndim=1)
    if z.size == 0:
        raise ValueError("logits is empty; it needs one score per class")
    c = check_count(true_class, "true_class", minimum=0, maximum=z.size - 1)
    log_p = log_softmax(z, temperature=temperature)
    return {"probabilities": np.exp(log_p), "predicted": int(np.argmax(z)),
            "p_true": float(np.exp(log_p[c])), "loss": float(-log_p[c])}


def _as_batch_of_scores(logits) -> np.ndarray:
    logits = as_float_array(logits, "logits")
    if logits.ndim != 2:
        raise ValueError(
            f"logits must be 2-D of shape (N, K), got shape {logits.shape}; "
            "for one example pass logits[None, :] and labels=[c]"
        )
    if logits.shape[0] == 0 or logits.shape[1] == 0:
        raise ValueError(
            f"logits needs at least one example and one class, got shape {logits.shape}"
        )
    return logits


def _as_pred_target(pred, target, ndim=None) -> tuple[np.ndarray, np.ndarray]:
    pred = as_float_array(pred, "pred", ndim=ndim)
    target = as_float_array(target, "target", ndim=ndim)
    check_same_shape(pred, target, "pred", "target")
    if pred.size == 0:
        raise ValueError(f"pred and target are empty (shape {pred.shape}); a loss needs values")
    return pred, target


def _as_class_indices(values, name: str) -> np.ndarray:
    if values is None or isinstance(values, str):
        raise TypeError(f"{name} must be integer class indices, got {values!r}")
    try:
        array = np.asarray(values)
    except ValueError:
        raise ValueError(f"{name} must be a flat list of class indices, but it is ragged") from None
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D (one class index per example), got shape {array.shape}"
        )
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise TypeError(f"{name} must be integer class indices, got dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.floating):
        not_whole = ~np.isfinite(array) | (array != np.round(array))
        if not_whole.any():
            i = int(np.argmax(not_whole))
            raise TypeError(
                f"{name} must be whole numbers (class indices), but {name}[{i}] = {array[i]}"
            )
    return array.astype(np.int64)


# --------------------------------------------------------------------------- kernels
# The one place each loss formula is written. A kernel takes checked arrays and
# returns the loss of every example (or entry) and the gradient of their *mean*;
# the public functions above and the training loop of lib.train both call them.

def _mean(losses: np.ndarray) -> float:
    """Mean of the per-example losses, dividing before summing.

    ``losses.sum() / N`` overflows to inf once the sum passes about 1.8e308, even
    when the mean itself is representable (two examples with loss 1e308 each).
    """
    return float(np.sum(losses / losses.size))


def _softmax_cross_entropy(logits: np.ndarray, targets: np.ndarray):
    """-log softmax(z_n)[c_n] for each row, and (softmax(Z) - Y) / N; Y one-hot rows."""
    shifted, exps, sums = _exponentials(logits, axis=1)
    # -log softmax(z)_c = log(sum_j e^{s_j}) - s_c with the shifted scores s (log_softmax);
    # the one-hot row picks s_c.
    per_example = np.log(sums[:, 0]) - np.einsum("nk,nk->n", shifted, targets)
    dlogits = exps
    dlogits /= sums  # softmax
    dlogits -= targets  # softmax minus one-hot
    dlogits *= 1.0 / logits.shape[0]
    return per_example, dlogits


def _binary_cross_entropy_with_logits(z: np.ndarray, y: np.ndarray):
    """log(1 + e^z) - y z for each example, and (sigmoid(z) - y) / N; y has z's shape."""
    per_example = np.logaddexp(0.0, z) - y * z  # logaddexp never overflows
    return per_example, (_sigmoid(z) - y) / z.shape[0]


def _squared_error(pred: np.ndarray, target: np.ndarray):
    """(pred - target)^2 for each entry, and the gradient of their mean, 2 (pred - target) / S."""
    diff = pred - target
    return diff * diff, diff * (2.0 / diff.size)
