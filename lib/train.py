r"""A mini-batch training loop: shuffle, forward, backward, step, repeat.

One epoch is one pass over the shuffled training set in mini-batches. For each
mini-batch :math:`B` the loop computes the logits, the gradient of the mean loss
over :math:`B` (plus the L2 term :math:`\lambda W` for every weight matrix,
never the biases), and hands the gradients to the optimizer. The training loss
and accuracy of an epoch are averages over its mini-batches, each measured as
the batch went through (so they lag the parameters by about half an epoch);
the validation set, if given, is evaluated with the parameters at the end of
the epoch. A model with training and evaluation modes (a :class:`lib.network.Sequential`
with dropout or batch normalization) is in training mode for the steps and in
evaluation mode for every evaluation, and is left in evaluation mode.

The loop is written to be fast as well as short: the inputs are checked once,
each epoch gathers the shuffled data once (mini-batches are then slices, not
copies), and each step costs a few NumPy calls per layer. The per-batch losses
are the kernels of :mod:`lib.losses` (the same formulas as its public functions,
called without re-checking every batch), and the optimizer's unchecked step is
used for the same reason.

Taught in chapter 5 (training a network end to end) and chapter 6 (optimizers,
weight decay, early stopping, dropout, normalization and gradient clipping).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from lib._validate import (
    as_float_array,
    as_generator,
    as_labels,
    check_count,
    check_option,
    check_real,
)
from lib.losses import (
    _binary_cross_entropy_with_logits,
    _softmax_cross_entropy,
    _squared_error,
    accuracy,
    binary_cross_entropy_with_logits,
    l2_penalty,
    mse,
    softmax_cross_entropy,
)
from lib.optim import Optimizer, _clip

__all__ = ["History", "train", "evaluate", "LOSSES", "LEARNING_RATES", "DIVERGED_LOSS",
           "LearningRateCurves", "learning_rate_curves"]

LOSSES = ("softmax_cross_entropy", "binary_cross_entropy", "mse")
"""Loss names accepted by :func:`train` and :func:`evaluate`."""


@dataclass
class History:
    r"""What happened during :func:`train`, one entry per epoch.

    Attributes
    ----------
    train_loss : list of float
        Mean data loss (without the L2 term) over each epoch's mini-batches,
        each batch measured when it was used, in training mode (with dropout on, so
        for a network with dropout it can lie above the validation loss).
    train_acc : list of float
        Fraction of training examples classified correctly when their batch was
        used (empty for ``loss="mse"``).
    val_loss, val_acc : list of float
        Loss and accuracy on the validation set with the parameters at the end
        of each epoch (empty without validation data; no accuracy for ``"mse"``).
    penalty : list of float
        The L2 term :math:`\tfrac{\lambda}{2}\sum \lVert W\rVert^2` at the end of each
        epoch; ``train_loss[e] + penalty[e]`` is the objective being minimised.
    best_epoch : int or None
        The epoch (counted from 1) with the lowest validation loss; None without
        validation data.
    epochs_run : int
        Epochs actually run (fewer than asked when early stopping fired).
    """

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    penalty: list[float] = field(default_factory=list)
    best_epoch: int | None = None
    epochs_run: int = 0


def _check_targets(model, y, loss: str, n_examples: int, name: str) -> np.ndarray:
    """Return targets in the form the loss needs, or raise naming ``name``."""
    if loss == "softmax_cross_entropy":
        if model.n_out < 2:
            raise ValueError(
                f"softmax_cross_entropy needs at least 2 outputs, but {model!r} has 1; "
                "use loss='binary_cross_entropy' for one output"
            )
        return as_labels(y, name, n_examples=n_examples, n_classes=model.n_out)
    if loss == "binary_cross_entropy":
        if model.n_out != 1:
            raise ValueError(
                f"binary_cross_entropy needs 1 output, but {model!r} has {model.n_out}; "
                "use loss='softmax_cross_entropy'"
            )
        return as_labels(y, name, n_examples=n_examples, n_classes=2)
    target = as_float_array(y, name, ndim=(1, 2))
    if target.ndim == 1 and model.n_out == 1:
        target = target[:, None]
    if target.shape != (n_examples, model.n_out):
        raise ValueError(
            f"{name} has shape {target.shape} but the model's outputs have shape "
            f"({n_examples}, {model.n_out}); they must match for loss='mse'"
        )
    return target


def _check_loss_name(loss: str) -> None:
    check_option(loss, "loss", LOSSES)


def _weights(model) -> list[np.ndarray]:
    return [layer.W for layer in model.dense_layers]


def evaluate(model, X, y, loss: str = "softmax_cross_entropy"):
    """Mean loss and accuracy of a model on a data set.

    A model with a ``training`` mode is evaluated in evaluation mode (no dropout,
    batch normalization with its running statistics) and then put back in the mode
    it was in.

    Parameters
    ----------
    model : lib.network.MLP or lib.network.Sequential
    X : array_like of shape (N, n_in)
    y : array_like
        Class labels of shape (N,) for the two cross-entropy losses; targets of
        shape (N, n_out) (or (N,) for one output) for ``"mse"``.
    loss : {"softmax_cross_entropy", "binary_cross_entropy", "mse"}

    Returns
    -------
    loss : float
        The mean data loss (no L2 term).
    acc : float or None
        Fraction classified correctly; None for ``"mse"``.
    """
    _check_model(model)
    _check_loss_name(loss)
    X = model._checked_input(X)
    y = _check_targets(model, y, loss, X.shape[0], "y")
    mode = _mode(model)
    try:
        return _evaluate(model, X, y, loss)
    finally:
        _set_mode(model, mode)


def _mode(model):
    """The model's training mode, or None for a model without modes (an MLP)."""
    return getattr(model, "training", None)


def _set_mode(model, training) -> None:
    if training is not None and hasattr(model, "training"):
        model.training = training


def _validate(model, X_val, y_val, loss, epoch):
    """Validation loss and accuracy after an epoch; a blown-up run gets the same clear
    "training diverged" error as in training (finite but huge weights can overflow
    on the validation examples even when the training loss was still finite)."""
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            val_loss, val_acc = _evaluate(model, X_val, y_val, loss)
    except ValueError as error:  # X_val and y_val were checked: only overflow is left
        raise ValueError(
            f"training diverged in epoch {epoch}: the validation logits are no longer "
            "finite; lower the learning rate or clip the gradients (clip_norm)"
        ) from error
    if not math.isfinite(val_loss):
        raise ValueError(
            f"training diverged in epoch {epoch}: the validation loss is {val_loss}; "
            "lower the learning rate or clip the gradients (clip_norm)"
        )
    return val_loss, val_acc


def _evaluate(model, X, y, loss):
    """Loss and accuracy in evaluation mode (the model is left in evaluation mode)."""
    _set_mode(model, False)
    logits = model._forward(X)
    if loss == "softmax_cross_entropy":
        value, _ = softmax_cross_entropy(logits, y)
        return value, accuracy(logits.argmax(axis=1), y)
    if loss == "binary_cross_entropy":
        value, _ = binary_cross_entropy_with_logits(logits, y)
        return value, accuracy((logits[:, 0] > 0).astype(np.int64), y)
    value, _ = mse(logits, y)
    return value, None


# Per-batch losses for the training loop: the kernels of lib.losses, which return
# the loss of every example (or entry, for mse) and the gradient of the batch's mean
# loss with respect to the logits. `targets` is prepared by _training_targets:
# one-hot rows, a 0/1 column, or regression targets.
_BATCH_LOSSES = {
    "softmax_cross_entropy": _softmax_cross_entropy,
    "binary_cross_entropy": _binary_cross_entropy_with_logits,
    "mse": _squared_error,
}


def _training_targets(model, y, loss):
    """Targets as the loss kernels want them: one-hot rows, a 0/1 column, or as given."""
    if loss == "softmax_cross_entropy":
        targets = np.zeros((len(y), model.n_out))
        targets[np.arange(len(y)), y] = 1.0
        return targets
    if loss == "binary_cross_entropy":
        return y.astype(np.float64)[:, None]
    return y


def _predicted_labels(logits):
    return (logits[:, 0] > 0) if logits.shape[1] == 1 else logits.argmax(axis=1)


def train(model, X, y, *, optimizer, epochs, batch_size, rng, loss="softmax_cross_entropy",
          l2=0.0, X_val=None, y_val=None, patience=None, clip_norm=None,
          progress=False) -> History:
    r"""Train a model by mini-batch gradient descent; return the learning curves.

    Each epoch draws a fresh permutation of the training examples from ``rng``
    and takes one optimizer step per mini-batch of ``batch_size`` examples (the
    last one may be smaller). The gradient of a mini-batch :math:`B` is that of

    .. math::

        \frac{1}{|B|} \sum_{n \in B} \ell(f(x_n), y_n)
        + \frac{\lambda}{2} \sum_k \lVert W_k \rVert_F^2,

    the L2 term being :func:`lib.losses.l2_penalty` on the weight matrices only.
    (scikit-learn's ``MLPClassifier(alpha=...)`` adds :math:`\alpha W / |B|`
    instead, so ``l2 = alpha / batch_size`` reproduces its penalty.) This L2 term is
    *coupled*: :math:`\lambda W` joins the gradient, so an adaptive optimizer such as
    :class:`lib.optim.Adam` rescales it with the rest; :class:`lib.optim.AdamW`
    decays the weights apart from the gradient instead.

    With ``clip_norm`` the whole gradient of each mini-batch (L2 term included) is
    rescaled by :func:`lib.optim.clip_grad_norm` before the step.

    Parameters
    ----------
    model : lib.network.MLP or lib.network.Sequential
        Trained in place. A model with a ``training`` mode is put in training mode
        for the steps and in evaluation mode for every evaluation, and is left in
        evaluation mode.
    X : array_like of shape (N, n_in)
    y : array_like
        Labels of shape (N,) in ``[0, n_out)`` for ``"softmax_cross_entropy"``,
        0/1 labels of shape (N,) for ``"binary_cross_entropy"`` (one output), or
        targets of shape (N, n_out) for ``"mse"``.
    optimizer : lib.optim.Optimizer
        Built on ``model.params()``, e.g. ``Adam(model.params(), lr=1e-3)``, or on
        ``[model.parameter_vector]`` (the same numbers, in fewer NumPy calls).
    epochs : int
        Maximum number of passes over the data.
    batch_size : int
        Examples per step (``batch_size >= N`` gives full-batch gradient descent).
    rng : numpy.random.Generator or int
        Source of the shuffling; the same seed gives the same run (an int is a
        seed, made into one Generator).
    loss : {"softmax_cross_entropy", "binary_cross_entropy", "mse"}
    l2 : float, default 0.0
        Strength :math:`\lambda \ge 0` of the L2 penalty on the ``W`` of every dense
        layer (coupled weight decay).
    X_val, y_val : array_like, optional
        A validation set, evaluated after each epoch.
    patience : int, optional
        Early stopping: stop after ``patience`` epochs without a new lowest
        validation loss, and in any case put back the parameters of the best
        epoch when training ends (the optimizer's state is not rewound).
        Needs a validation set. Batch normalization's running statistics are put
        back with the parameters.
    clip_norm : float, optional
        Cap :math:`c > 0` on the global norm of each mini-batch gradient (see
        :func:`lib.optim.clip_grad_norm`); None (the default) does not clip.
    progress : bool, default False
        Show a progress bar (``tqdm``), updated once per epoch. Off by default
        so that notebook outputs stay the same from run to run.

    Returns
    -------
    History

    Raises
    ------
    ValueError
        If shapes or labels do not fit the model (labels outside ``[0, n_out)``,
        wrong number of features, ...), if the optimizer was not built on
        ``model.params()``, or if training diverges (a loss or gradient becomes
        NaN or infinite).
    """
    _check_model(model)
    _check_loss_name(loss)
    X = model._checked_input(X)
    n_examples = X.shape[0]
    if n_examples == 0:
        raise ValueError("X has no rows; training needs at least one example")
    y = _check_targets(model, y, loss, n_examples, "y")
    epochs = check_count(epochs, "epochs")
    batch_size = check_count(batch_size, "batch_size")
    rng = as_generator(rng)
    l2 = check_real(l2, "l2", low=0.0)
    if clip_norm is not None:
        clip_norm = check_real(clip_norm, "clip_norm", low=0.0, low_open=True)
    if not isinstance(progress, bool | np.bool_):
        raise TypeError(f"progress must be True or False, got {progress!r}")
    _check_optimizer(optimizer, model)
    validate = X_val is not None or y_val is not None
    if validate:
        if X_val is None or y_val is None:
            raise ValueError("pass both X_val and y_val (or neither)")
        X_val = model._checked_input(X_val)
        y_val = _check_targets(model, y_val, loss, X_val.shape[0], "y_val")
    if patience is not None:
        patience = check_count(patience, "patience")
        if not validate:
            raise ValueError(
                "patience (early stopping) needs a validation set: pass X_val and y_val"
            )

    _check_batches_for_batch_norm(model, n_examples, batch_size)
    history = History()
    params = model.params()
    # What early stopping saves and puts back: the parameters and any running statistics.
    state = params + list(getattr(model, "buffers", list)())
    weights = _weights(model)
    # Positions of the weight matrices in the params list (L2 skips the biases).
    weight_slots = [i for i, p in enumerate(params) if any(p is w for w in weights)]
    batch_loss = _BATCH_LOSSES[loss]
    targets = _training_targets(model, y, loss)
    labels = None if loss == "mse" else y
    # mse's kernel gives one loss per entry: n_out of them make one example's loss.
    entries_per_example = model.n_out if loss == "mse" else 1
    best_loss, best_params, waited = math.inf, None, 0
    bar = _progress_bar(epochs) if progress else None

    for epoch in range(1, epochs + 1):
        order = rng.permutation(n_examples)
        # One gather per epoch; the mini-batches are then slices (views, no copies).
        X_epoch, targets_epoch = X[order], targets[order]
        labels_epoch = None if labels is None else labels[order]
        _set_mode(model, True)
        loss_sum, n_correct = _run_epoch(
            model, optimizer, batch_loss, X_epoch, targets_epoch, labels_epoch, batch_size,
            l2, weight_slots, epoch, clip_norm,
        )
        _set_mode(model, False)
        loss_sum /= entries_per_example
        train_loss = loss_sum / n_examples
        history.train_loss.append(train_loss)
        if labels is not None:
            history.train_acc.append(n_correct / n_examples)
        history.penalty.append(l2_penalty(weights, l2)[0] if l2 else 0.0)
        history.epochs_run = epoch
        if not math.isfinite(train_loss) or not all(np.isfinite(p).all() for p in params):
            raise ValueError(
                f"training diverged in epoch {epoch}: the training loss is {train_loss} "
                "(or a parameter is no longer finite); lower the learning rate"
            )
        stop_now = False
        if validate:
            val_loss, val_acc = _validate(model, X_val, y_val, loss, epoch)
            history.val_loss.append(val_loss)
            if val_acc is not None:
                history.val_acc.append(val_acc)
            if val_loss < best_loss:
                best_loss, history.best_epoch, waited = val_loss, epoch, 0
                if patience is not None:
                    best_params = [p.copy() for p in state]
            else:
                waited += 1
                stop_now = patience is not None and waited >= patience
        if bar is not None:
            bar.set_postfix(loss=f"{train_loss:.4f}")
            bar.update(1)
        if stop_now:
            break

    if bar is not None:
        bar.close()
    if best_params is not None:
        for p, best in zip(state, best_params, strict=True):
            p[...] = best  # in place, so the optimizer and the model still share them
    return history


# Overflow and 0/0 inside a diverging run turn into NaN or inf losses, which the
# loop reports with a clear message; the warnings would only repeat it.
@np.errstate(over="ignore", invalid="ignore")
def _run_epoch(model, optimizer, batch_loss, X_epoch, targets_epoch, labels_epoch, batch_size,
               l2, weight_slots, epoch, clip_norm=None):
    """One pass over the shuffled data; returns (sum of the losses, number correct)."""
    params = model.params()
    # An optimizer built on [model.parameter_vector] gets the matching flat gradient.
    flat = optimizer.params[0] is getattr(model, "parameter_vector", None)
    loss_sum, n_correct = 0.0, 0
    for start in range(0, len(X_epoch), batch_size):
        stop = start + batch_size
        logits = model._forward(X_epoch[start:stop])
        losses, dlogits = batch_loss(logits, targets_epoch[start:stop])
        batch_sum = float(np.add.reduce(losses, axis=None))
        if not math.isfinite(batch_sum):
            raise ValueError(
                f"training diverged in epoch {epoch}: a mini-batch loss is {batch_sum}; "
                "lower the learning rate"
            )
        loss_sum += batch_sum
        if labels_epoch is not None:
            n_correct += int(np.count_nonzero(
                _predicted_labels(logits) == labels_epoch[start:stop]))
        grads = model._backward(dlogits)
        if l2:
            for i in weight_slots:
                grads[i] += l2 * params[i]  # the gradient of l2_penalty
        if clip_norm is not None:
            _clip(grads, clip_norm)  # in place (the flat vector holds the same numbers)
        # Unchecked: the data were checked once, and a non-finite gradient shows up
        # as a non-finite loss or parameter (checked above and after each epoch).
        optimizer._step([model.gradient_vector] if flat else grads)
    return loss_sum, n_correct


def _check_model(model) -> None:
    from lib.network import MLP, Sequential  # lib.network does not import this module

    if not isinstance(model, MLP | Sequential):
        raise TypeError(
            f"model must be a lib.network.MLP or Sequential, got {type(model).__name__}"
        )


def _check_batches_for_batch_norm(model, n_examples: int, batch_size: int) -> None:
    """Batch normalization standardizes over a mini-batch: none may hold a single example."""
    if not hasattr(model, "_training_batch_norm"):
        return
    model.training = True  # as during the steps
    layer = model._training_batch_norm()
    smallest = n_examples % batch_size or min(batch_size, n_examples)
    if layer is not None and smallest < 2:
        raise ValueError(
            f"{layer!r} standardizes each feature over a mini-batch, but with {n_examples} "
            f"examples in batches of {batch_size} the last mini-batch holds a single "
            "example; choose another batch_size"
        )


def _check_optimizer(optimizer, model) -> None:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"optimizer must be a lib.optim optimizer such as Adam(model.params()), "
            f"got {type(optimizer).__name__}"
        )
    params = model.params()
    on_the_list = len(optimizer.params) == len(params) and all(
        a is b for a, b in zip(optimizer.params, params, strict=True))
    vector = getattr(model, "parameter_vector", None)
    on_the_vector = len(optimizer.params) == 1 and optimizer.params[0] is vector
    if not (on_the_list or on_the_vector):
        raise ValueError(
            "the optimizer does not hold this model's parameter arrays; build it with "
            "the model's own list, e.g. Adam(model.params(), lr=1e-3), or with "
            "[model.parameter_vector]"
        )


def _progress_bar(epochs: int):
    from tqdm.auto import tqdm  # imported only when asked for

    return tqdm(total=epochs, desc="training", unit="epoch")


# -- one network trained with several learning rates (chapter 5) -------------------------
LEARNING_RATES = 10.0 ** np.arange(-3.0, 1.25, 0.5)
"""Nine learning rates, :math:`10^{-3}, 10^{-2.5}, \\dots, 10^{1}` (chapter 5's lab)."""

DIVERGED_LOSS = 50.0
"""A run whose training loss passes this (chance level is ln 10 = 2.3) counts as diverged."""


@dataclass(frozen=True)
class LearningRateCurves:
    r"""Training curves of one network trained with several learning rates.

    Epoch 0 is the untrained network; row ``k`` of each array belongs to
    ``learning_rates[k]``. After a run diverges (training loss above
    :data:`DIVERGED_LOSS`) its remaining entries are NaN.

    Attributes
    ----------
    learning_rates : ndarray of shape (R,)
    train_loss, val_loss : ndarray of shape (R, epochs + 1)
        Mean softmax cross-entropy on the training and validation subsets.
    train_acc, val_acc : ndarray of shape (R, epochs + 1)
        Accuracies in [0, 1].
    diverged_at : ndarray of shape (R,), int
        First epoch whose training loss exceeded :data:`DIVERGED_LOSS`, or -1.
    """

    learning_rates: np.ndarray
    train_loss: np.ndarray
    val_loss: np.ndarray
    train_acc: np.ndarray
    val_acc: np.ndarray
    diverged_at: np.ndarray

    @property
    def epochs(self) -> int:
        """Number of training epochs (the arrays have one more column, for epoch 0)."""
        return self.train_loss.shape[1] - 1


_CURVES_CACHE: dict = {}


def learning_rate_curves(learning_rates=LEARNING_RATES, *, epochs: int = 40, hidden: int = 32,
                         batch_size: int = 32, seed: int = 0, n_train: int = 400,
                         n_val: int = 200) -> LearningRateCurves:
    r"""Train ``MLP([64, hidden, 10])`` with plain SGD once per learning rate.

    Every run starts from the same He-initialised weights (``seed``) and sees the
    mini-batches in the same order, on the subsets of :func:`lib.data.digits_subset`,
    so that the learning rate is the only difference; the loss is softmax cross-entropy.
    Results are cached: a second call with the same arguments is free.

    Parameters
    ----------
    learning_rates : sequence of float, default :data:`LEARNING_RATES`
        Positive step sizes :math:`\eta` in :math:`\theta \leftarrow \theta - \eta g`.
    epochs : int, default 40
    hidden : int, default 32
        Width of the hidden ReLU layer.
    batch_size : int, default 32
    seed : int, default 0
    n_train, n_val : int, default 400 and 200

    Returns
    -------
    LearningRateCurves
        With ``R = len(learning_rates)`` rows and ``epochs + 1`` columns.
    """
    from lib.data import digits_subset
    from lib.network import MLP
    from lib.optim import SGD

    rates = as_float_array(learning_rates, "learning_rates", ndim=1)
    if rates.size == 0 or not np.all(rates > 0):
        raise ValueError(f"learning_rates must be positive numbers, got {rates.tolist()}")
    sizes = tuple(check_count(v, name) for name, v in (
        ("epochs", epochs), ("hidden", hidden), ("batch_size", batch_size),
        ("n_train", n_train), ("n_val", n_val)))
    seed = check_count(seed, "seed", minimum=0)
    key = (tuple(rates.tolist()), *sizes, seed)
    if key in _CURVES_CACHE:
        return _CURVES_CACHE[key]
    epochs, hidden, batch_size = sizes[:3]
    X, y, X_val, y_val = digits_subset(n_train, n_val)
    table = {name: np.full((rates.size, epochs + 1), np.nan)
             for name in ("train_loss", "val_loss", "train_acc", "val_acc")}
    diverged_at = np.full(rates.size, -1)
    for k, lr in enumerate(rates):
        model = MLP([X.shape[1], hidden, 10], rng=np.random.default_rng(seed))
        optimizer, shuffle = SGD(model.params(), lr=float(lr)), np.random.default_rng(seed + 1)
        for epoch in range(epochs + 1):
            if epoch == 0:  # the untrained network: every run starts at the same point
                (tl, ta), (vl, va) = evaluate(model, X, y), evaluate(model, X_val, y_val)
            else:
                h = train(model, X, y, optimizer=optimizer, epochs=1, batch_size=batch_size,
                          rng=shuffle, X_val=X_val, y_val=y_val)
                tl, ta, vl, va = h.train_loss[0], h.train_acc[0], h.val_loss[0], h.val_acc[0]
            for name, value in zip(table, (tl, vl, ta, va), strict=True):
                table[name][k, epoch] = value
            if tl > DIVERGED_LOSS:
                diverged_at[k] = epoch
                break
    for array in (rates, *table.values(), diverged_at):
        array.flags.writeable = False  # shared by every caller of the cache
    curves = LearningRateCurves(rates, diverged_at=diverged_at, **table)
    _CURVES_CACHE[key] = curves
    return curves
