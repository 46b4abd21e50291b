r"""Pictures and the explorer for chapter 5 (backpropagation).

- :func:`draw_computation_graph` draws a small computation graph: one box per
  quantity, an arrow per dependency, the forward value above each box, the
  gradient :math:`\partial L/\partial(\cdot)` below it and the local derivative
  on each arrow. The chapter draws the one-neuron example and the fan-out
  example with it.
- The **learning-rate lab** trains one small network on a subset of the digits
  with plain SGD, once for each of nine learning rates
  :math:`\eta \in \{10^{-3}, 10^{-2.5}, \dots, 10^{1}\}`, and shows the training
  and validation curves of the chosen rate. All nine runs are computed once, when
  the lab is built (about a second), by :func:`learning_rate_curves`; moving a
  slider only picks a row of those arrays and redraws, so a move costs a few
  tens of milliseconds.

The numbers come from plain functions that the tests call directly. The explorer
builds one figure once; a slider move changes its artists in place and renders
one PNG into an ``ipywidgets.Output``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from ipywidgets import HTML, FloatLogSlider, HBox, IntSlider, Layout, Output, VBox
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from lib.data import load_digits_split
from lib.network import MLP
from lib.optim import SGD
from lib.plotting import BlitRenderer, new_figure, png_output
from lib.train import evaluate, train
from lib.widgets.controls import ControlledExplorer

__all__ = [
    "GraphNode",
    "draw_computation_graph",
    "LEARNING_RATES",
    "DIVERGED_LOSS",
    "LearningRateCurves",
    "digits_subset",
    "learning_rate_curves",
    "nearest_rate_index",
    "LearningRateLab",
    "learning_rate_explorer",
    "benchmark_callbacks",
]

WIDGET_DPI = 80
"""Resolution of the explorer's picture: sharp enough to read, cheap enough to redraw."""

FORWARD_COLOR = "#1f5fa8"
BACKWARD_COLOR = "#c0392b"
_NODE_COLORS = {"data": "#eeeeee", "param": "#fde9c8", "op": "#dcebf7", "loss": "#f6d5d1"}


# -- computation graphs --------------------------------------------------------------
@dataclass(frozen=True)
class GraphNode:
    r"""One box of a computation graph.

    Attributes
    ----------
    name : str
        Key used by the edges.
    xy : (float, float)
        Centre of the box in data coordinates.
    label : str
        Text inside the box (matplotlib mathtext allowed, e.g. ``"$z = wx + b$"``).
    kind : {"data", "param", "op", "loss"}
        Sets the box colour: inputs and targets, trainable parameters,
        intermediate results, the loss.
    forward : str, optional
        Forward value written above the box (blue).
    backward : str, optional
        Gradient written below the box (red).
    """

    name: str
    xy: tuple[float, float]
    label: str
    kind: str = "op"
    forward: str | None = None
    backward: str | None = None


def draw_computation_graph(ax, nodes, edges, *, box_size=(1.3, 0.55), fontsize=12):
    r"""Draw a computation graph: boxes, arrows, forward values and gradients.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Drawn into; its limits are set to fit the graph and its frame is hidden.
    nodes : sequence of GraphNode
    edges : sequence of (str, str) or (str, str, str)
        ``(source, target)`` or ``(source, target, label)``: an arrow from one box
        to another, with an optional label (the local derivative) at its middle.
    box_size : (float, float), default (1.3, 0.55)
        Width and height of every box, in data units.
    fontsize : float, default 12

    Returns
    -------
    dict
        ``{"boxes": {name: FancyBboxPatch}, "arrows": [FancyArrowPatch, ...]}``.

    Raises
    ------
    ValueError
        If two nodes share a name, an edge names an unknown node, or a node's kind
        is unknown.
    """
    by_name = {}
    for node in nodes:
        if node.name in by_name:
            raise ValueError(f"two nodes are named {node.name!r}; names must be unique")
        if node.kind not in _NODE_COLORS:
            raise ValueError(f"node {node.name!r} has kind {node.kind!r}; "
                             f"choose one of {sorted(_NODE_COLORS)}")
        by_name[node.name] = node
    width, height = box_size
    boxes = {}
    for node in nodes:
        x, y = node.xy
        box = FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                             boxstyle="round,pad=0.04,rounding_size=0.12",
                             facecolor=_NODE_COLORS[node.kind], edgecolor="0.25",
                             linewidth=1.2, zorder=2)
        ax.add_patch(box)
        boxes[node.name] = box
        ax.text(x, y, node.label, ha="center", va="center", fontsize=fontsize, zorder=3)
        if node.forward is not None:
            ax.text(x, y + height / 2 + 0.1, node.forward, ha="center", va="bottom",
                    fontsize=fontsize - 1, color=FORWARD_COLOR, zorder=3)
        if node.backward is not None:
            ax.text(x, y - height / 2 - 0.1, node.backward, ha="center", va="top",
                    fontsize=fontsize - 1, color=BACKWARD_COLOR, zorder=3)
    arrows = []
    for edge in edges:
        source, target, label = (*edge, None) if len(edge) == 2 else edge
        for end in (source, target):
            if end not in by_name:
                raise ValueError(f"edge {edge!r} names an unknown node {end!r}; "
                                 f"known: {list(by_name)}")
        start, end = _box_edge_points(by_name[source].xy, by_name[target].xy, width, height)
        arrow = FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                                color="0.3", linewidth=1.3, zorder=1)
        ax.add_patch(arrow)
        arrows.append(arrow)
        if label:
            _label_edge(ax, start, end, label, fontsize - 2)
    xs = [node.xy[0] for node in nodes]
    ys = [node.xy[1] for node in nodes]
    ax.set_xlim(min(xs) - width, max(xs) + width)
    ax.set_ylim(min(ys) - height - 0.45, max(ys) + height + 0.45)
    ax.set_axis_off()
    return {"boxes": boxes, "arrows": arrows}


def _label_edge(ax, start, end, label, fontsize):
    """Write ``label`` on the middle of an arrow, on a white patch that hides the line."""
    middle = (np.asarray(start, dtype=float) + np.asarray(end, dtype=float)) / 2
    ax.text(*middle, label, ha="center", va="center", fontsize=fontsize, color="0.2", zorder=3,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"})


def _box_edge_points(a, b, width, height):
    """Where the segment between two box centres leaves the first box and enters the second."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    d = b - a
    # The segment leaves a w x h box after the fraction t of the way to the other centre.
    half = np.array([width / 2 + 0.06, height / 2 + 0.06])
    with np.errstate(divide="ignore"):
        t = float(np.min(np.where(d != 0, half / np.abs(d), np.inf)))
    return tuple(a + t * d), tuple(b - t * d)


# -- the learning-rate lab: computing ----------------------------------------------------
LEARNING_RATES = 10.0 ** np.arange(-3.0, 1.25, 0.5)
"""The nine learning rates of the lab, :math:`10^{-3}, 10^{-2.5}, \\dots, 10^{1}`."""

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


def digits_subset(n_train: int = 400, n_val: int = 200):
    r"""A small training set and a validation set carved from the digits' training split.

    Both come from the training part of :func:`lib.data.load_digits_split` with
    ``seed=0`` (standardized); the test part is left alone.

    Parameters
    ----------
    n_train, n_val : int, default 400 and 200
        Sizes of the two subsets (together at most 1347).

    Returns
    -------
    X_train : ndarray of shape (n_train, 64)
    y_train : ndarray of shape (n_train,)
    X_val : ndarray of shape (n_val, 64)
    y_val : ndarray of shape (n_val,)
    """
    X, _, y, _ = load_digits_split(seed=0)
    for name, value in (("n_train", n_train), ("n_val", n_val)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if n_train + n_val > len(X):
        raise ValueError(f"n_train + n_val = {n_train + n_val} but the digits' training split "
                         f"has only {len(X)} examples")
    return X[:n_train], y[:n_train], X[n_train:n_train + n_val], y[n_train:n_train + n_val]


@functools.lru_cache(maxsize=4)
def _cached_curves(learning_rates: tuple, epochs: int, hidden: int, batch_size: int,
                   seed: int, n_train: int, n_val: int) -> LearningRateCurves:
    X, y, X_val, y_val = digits_subset(n_train, n_val)
    shape = (len(learning_rates), epochs + 1)
    table = {key: np.full(shape, np.nan)
             for key in ("train_loss", "val_loss", "train_acc", "val_acc")}
    diverged_at = np.full(len(learning_rates), -1)
    for k, lr in enumerate(learning_rates):
        # The same initial weights and the same order of mini-batches for every rate,
        # so that the learning rate is the only difference between the runs.
        model = MLP([X.shape[1], hidden, 10], rng=np.random.default_rng(seed))
        optimizer = SGD(model.params(), lr=lr)
        shuffle = np.random.default_rng(seed + 1)
        for epoch in range(epochs + 1):
            if epoch == 0:  # the untrained network: every run starts at the same point
                train_loss, train_acc = evaluate(model, X, y)
                val_loss, val_acc = evaluate(model, X_val, y_val)
            else:
                h = train(model, X, y, optimizer=optimizer, epochs=1, batch_size=batch_size,
                          rng=shuffle, X_val=X_val, y_val=y_val)
                train_loss, train_acc = h.train_loss[0], h.train_acc[0]
                val_loss, val_acc = h.val_loss[0], h.val_acc[0]
            for key, value in (("train_loss", train_loss), ("train_acc", train_acc),
                               ("val_loss", val_loss), ("val_acc", val_acc)):
                table[key][k, epoch] = value
            if train_loss > DIVERGED_LOSS:
                diverged_at[k] = epoch
                break
    for array in (*table.values(), diverged_at):
        array.flags.writeable = False  # shared by every caller of the cache
    return LearningRateCurves(np.array(learning_rates), diverged_at=diverged_at, **table)


def learning_rate_curves(learning_rates=LEARNING_RATES, *, epochs: int = 40, hidden: int = 32,
                         batch_size: int = 32, seed: int = 0, n_train: int = 400,
                         n_val: int = 200) -> LearningRateCurves:
    r"""Train ``MLP([64, hidden, 10])`` with plain SGD once per learning rate.

    Every run starts from the same He-initialised weights (``seed``) and sees the
    mini-batches in the same order, on the subsets of :func:`digits_subset`; the
    loss is softmax cross-entropy. Results are cached, so a second call with the
    same arguments is free.

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
    rates = tuple(float(lr) for lr in np.atleast_1d(np.asarray(learning_rates, dtype=float)))
    if not rates or not all(np.isfinite(lr) and lr > 0 for lr in rates):
        raise ValueError(f"learning_rates must be positive numbers, got {list(rates)}")
    for name, value in (("epochs", epochs), ("hidden", hidden), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return _cached_curves(rates, int(epochs), int(hidden), int(batch_size), int(seed),
                          int(n_train), int(n_val))


def nearest_rate_index(learning_rate: float, learning_rates=LEARNING_RATES) -> int:
    """Index of the grid rate nearest to ``learning_rate`` on a log scale."""
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    logs = np.log10(np.asarray(learning_rates, dtype=float))
    return int(np.argmin(np.abs(logs - np.log10(learning_rate))))


# -- the learning-rate lab: drawing ----------------------------------------------------
def _eta_label(lr: float) -> str:
    """A rate of the grid as a short string: 0.001, 0.0032, 0.01, ..., 3.2, 10."""
    return f"{lr:.2g}" if lr < 1 else f"{lr:.2g}".rstrip(".")


class LearningRateLab(ControlledExplorer):
    r"""Training curves for one learning rate out of a precomputed grid.

    Parameters
    ----------
    curves : LearningRateCurves, optional
        Default: :func:`learning_rate_curves` with its defaults (cached).
    learning_rate : float, default 0.1
        Initial rate; snapped to the nearest rate of the grid.
    epochs : int, optional
        Initial number of epochs shown; default all.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The two sliders, the readout and the picture; display this.
    controls : dict
        ``{"learning_rate": FloatLogSlider, "epochs": IntSlider}``.
    state : dict
        What the last redraw showed: ``index``, ``learning_rate``, ``epochs`` and the
        ``train_loss``, ``val_loss``, ``train_acc``, ``val_acc`` at that epoch
        (NaN after a divergence), and ``diverged_at``.
    fig : matplotlib.figure.Figure
        The one figure, reused by every redraw.
    """

    def __init__(self, curves: LearningRateCurves | None = None, learning_rate: float = 0.1,
                 epochs: int | None = None):
        self.curves = learning_rate_curves() if curves is None else curves
        rates = self.curves.learning_rates
        logs = np.log10(rates)
        step = float(np.diff(logs).min()) if len(rates) > 1 else 1.0
        n_epochs = self.curves.epochs
        self.controls = {
            "learning_rate": FloatLogSlider(
                value=rates[nearest_rate_index(learning_rate, rates)], base=10,
                min=float(logs.min()), max=float(logs.max()), step=step,
                description="η", readout_format=".2g", continuous_update=True,
                layout=Layout(width="330px"), style={"description_width": "40px"}),
            "epochs": IntSlider(
                value=n_epochs if epochs is None else int(epochs), min=1, max=n_epochs,
                description="epochs", continuous_update=True,
                layout=Layout(width="330px"), style={"description_width": "52px"}),
        }
        self._build_figure()
        self.output = Output()
        self.readout = HTML()
        self._observe_controls()
        self.widget = VBox([HBox(list(self.controls.values())), self.readout, self.output])
        self.redraw()

    def _build_figure(self) -> None:
        # Only the chosen run's curves, the markers and two titles change from move to
        # move. They are "animated" artists: the rest (axes, ticks, grey curves,
        # legends) is drawn once and kept as a background image, and a redraw paints
        # just the changing artists on top of it (blitting), several times faster than
        # redrawing every tick label.
        c = self.curves
        self.fig, (ax_loss, ax_acc, ax_rate) = new_figure(figsize=(9.8, 3.6), ncols=3)
        self.fig.set_dpi(WIDGET_DPI)
        FigureCanvasAgg(self.fig)
        self.ax_loss, self.ax_acc, self.ax_rate = ax_loss, ax_acc, ax_rate
        epochs = np.arange(c.epochs + 1)
        self.epoch_axis = epochs
        for k in range(len(c.learning_rates)):  # every rate's validation curves, faint
            label = "validation, other η" if k == 0 else None
            ax_loss.plot(epochs, c.val_loss[k], color="0.82", linewidth=1, zorder=1,
                         label=label)
            ax_acc.plot(epochs, c.val_acc[k], color="0.82", linewidth=1, zorder=1,
                        label=label)
        (self.train_loss_line,) = ax_loss.plot([], [], color=FORWARD_COLOR, linewidth=2,
                                               label="training", zorder=3)
        (self.val_loss_line,) = ax_loss.plot([], [], color="#e67e22", linewidth=2,
                                             linestyle="--", label="validation", zorder=3)
        (self.train_acc_line,) = ax_acc.plot([], [], color=FORWARD_COLOR, linewidth=2,
                                             label="training", zorder=3)
        (self.val_acc_line,) = ax_acc.plot([], [], color="#e67e22", linewidth=2,
                                           linestyle="--", label="validation", zorder=3)
        ax_loss.set_ylim(0.0, 2.6)
        ax_loss.set_ylabel("cross-entropy loss")
        ax_acc.set_ylim(0.0, 1.02)
        ax_acc.set_ylabel("accuracy")
        for ax in (ax_loss, ax_acc):
            ax.set_xlim(0, c.epochs)
            ax.set_xlabel("epoch")
            ax.grid(True, alpha=0.3)
            ax.legend(loc="center right", fontsize=9)
        self.loss_title = ax_loss.set_title("cross-entropy loss, η = 0.0032")
        self.acc_title = ax_acc.set_title("accuracy, η = 0.0032")
        # The rate axis is drawn in units of log10(eta) with plain labels: a log-scaled
        # axis would re-typeset its 10^k labels on every redraw, which is slow.
        self.log_rates = np.log10(c.learning_rates)
        (self.rate_line,) = ax_rate.plot(self.log_rates, np.zeros(len(c.learning_rates)),
                                         color="#e67e22", marker="o", linewidth=1.5,
                                         linestyle="--", label="validation")
        (self.rate_train_line,) = ax_rate.plot(self.log_rates,
                                               np.zeros(len(c.learning_rates)),
                                               color=FORWARD_COLOR, marker="o", linewidth=1.5,
                                               label="training")
        (self.rate_marker,) = ax_rate.plot([], [], marker="o", markersize=13,
                                           markerfacecolor="none", markeredgecolor="black",
                                           markeredgewidth=2, linestyle="none",
                                           label="chosen η")
        (self.diverged_marks,) = ax_rate.plot([], [], marker="x", markersize=9, color="#c0392b",
                                              markeredgewidth=2.5, linestyle="none",
                                              label="diverged")
        whole = np.arange(np.floor(self.log_rates.min()), np.ceil(self.log_rates.max()) + 1)
        ax_rate.set_xticks(whole, [_eta_label(10.0**k) for k in whole])
        ax_rate.set_xlim(self.log_rates.min() - 0.3, self.log_rates.max() + 0.3)
        ax_rate.set_ylim(0.0, 2.6)
        ax_rate.set_xlabel("learning rate η (log scale)")
        ax_rate.set_ylabel("loss after the chosen epochs")
        ax_rate.grid(True, alpha=0.3)
        ax_rate.legend(loc="center right", fontsize=9)
        self.diverged_text = ax_loss.text(0.5, 0.82, "", transform=ax_loss.transAxes,
                                          ha="center", va="center", fontsize=12,
                                          color="#c0392b", zorder=4,
                                          bbox={"facecolor": "white", "edgecolor": "#c0392b"})
        self.rate_title = ax_rate.set_title("every η after 40 epochs")
        self._dynamic = [self.train_loss_line, self.val_loss_line, self.train_acc_line,
                         self.val_acc_line, self.rate_line, self.rate_train_line,
                         self.rate_marker, self.diverged_marks, self.diverged_text,
                         self.loss_title, self.acc_title, self.rate_title]
        # lays the figure out once (room for the titles) and keeps that layout
        self.renderer = BlitRenderer(self.fig, self._dynamic)

    def compute(self) -> dict:
        """The numbers for the current slider values (no drawing)."""
        c = self.curves
        v = self.values()
        k = nearest_rate_index(v["learning_rate"], c.learning_rates)
        e = int(v["epochs"])
        return {"index": k, "learning_rate": float(c.learning_rates[k]), "epochs": e,
                "train_loss": float(c.train_loss[k, e]), "val_loss": float(c.val_loss[k, e]),
                "train_acc": float(c.train_acc[k, e]), "val_acc": float(c.val_acc[k, e]),
                "diverged_at": int(c.diverged_at[k]),
                "val_loss_by_rate": c.val_loss[:, e], "train_loss_by_rate": c.train_loss[:, e]}

    def redraw(self) -> dict:
        """Pick the chosen run, update the artists in place and show the new picture."""
        s = self.state = self.compute()
        c, k, shown = self.curves, s["index"], self.epoch_axis[: s["epochs"] + 1]
        self.train_loss_line.set_data(shown, c.train_loss[k, : s["epochs"] + 1])
        self.val_loss_line.set_data(shown, c.val_loss[k, : s["epochs"] + 1])
        self.train_acc_line.set_data(shown, c.train_acc[k, : s["epochs"] + 1])
        self.val_acc_line.set_data(shown, c.val_acc[k, : s["epochs"] + 1])
        self.loss_title.set_text(f"cross-entropy loss, η = {_eta_label(s['learning_rate'])}")
        self.acc_title.set_text(f"accuracy, η = {_eta_label(s['learning_rate'])}")
        gone = (c.diverged_at >= 0) & (c.diverged_at <= s["epochs"])
        self.rate_line.set_ydata(np.where(gone, np.nan, s["val_loss_by_rate"]))
        self.rate_train_line.set_ydata(np.where(gone, np.nan, s["train_loss_by_rate"]))
        marker_y = s["val_loss"] if s["val_loss"] <= 2.45 else 2.45  # diverged: on its ×
        self.rate_marker.set_data([self.log_rates[k]], [marker_y])
        self.diverged_marks.set_data(self.log_rates[gone], np.full(int(gone.sum()), 2.45))
        diverged = 0 <= s["diverged_at"] <= s["epochs"]
        self.diverged_text.set_text(f"diverged at epoch {s['diverged_at']}:\n"
                                    f"loss above {DIVERGED_LOSS:.0f}" if diverged else "")
        self.diverged_text.set_visible(diverged)
        self.rate_title.set_text(f"every η after {s['epochs']} epoch{'s' * (s['epochs'] > 1)}")
        self.readout.value = self._readout_html(s)
        self._show()
        return s


    def render_png(self) -> bytes:
        """Paint the changing artists over the kept background and return PNG bytes."""
        return self.renderer.render_png()

    def _show(self) -> None:
        self.png = self.render_png()
        self.output.outputs = (png_output(self.png, self._alt_text()),)

    def _readout_html(self, s) -> str:
        eta = _eta_label(s["learning_rate"])
        if 0 <= s["diverged_at"] <= s["epochs"]:
            return (f"η = {eta}: training <b>diverged</b> at epoch {s['diverged_at']} "
                    f"(the loss passed {DIVERGED_LOSS:.0f}; chance level is ln 10 ≈ 2.30). "
                    "The steps overshoot the valley and every step makes things worse.")
        return (f"η = {eta}, after {s['epochs']} epochs: training loss "
                f"<b>{s['train_loss']:.3f}</b>, validation loss <b>{s['val_loss']:.3f}</b>, "
                f"validation accuracy <b>{100 * s['val_acc']:.1f}%</b>.")

    def _alt_text(self) -> str:
        s = self.state
        return (f"training curves for learning rate {_eta_label(s['learning_rate'])} "
                f"over {s['epochs']} epochs")


def learning_rate_explorer(**options) -> VBox:
    """The learning-rate lab, ready to display (options as for :class:`LearningRateLab`)."""
    return LearningRateLab(**options).widget


def benchmark_callbacks() -> dict:
    """One slider move per slider of the lab, as zero-argument callables.

    The lab (and its precomputed curves) is built once here; each call then moves
    one slider, which picks the run, updates the figure and renders its PNG,
    exactly as a reader's slider move does.

    Returns
    -------
    dict
        ``{"learning_rate": callable, "epochs": callable}``.
    """
    lab = LearningRateLab()

    def move(slider, values):
        state = {"i": 0}

        def step():
            state["i"] += 1
            slider.value = values[state["i"] % len(values)]

        return step

    rates = lab.curves.learning_rates
    return {
        "learning_rate": move(lab.controls["learning_rate"], [rates[1], rates[4], rates[7]]),
        "epochs": move(lab.controls["epochs"], [5, 20, lab.curves.epochs]),
    }
