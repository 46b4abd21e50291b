r"""Node-and-edge diagrams of one neuron and of one dense layer.

A neuron is drawn as its inputs :math:`x_1, \dots, x_n` (circles on the left), one
weighted edge per input into a sum node that also takes the bias,
:math:`z = \mathbf{w}\cdot\mathbf{x} + b`, an activation node, and the output
:math:`h = \sigma(z)`. A dense layer is drawn as its ``n_in`` input nodes fully
connected to its ``n_out`` neurons, with its weight matrix :math:`W` of shape
``(n_out, n_in)`` written beside them: row :math:`i` of :math:`W` sits at the height of
neuron :math:`i` and shares the colour of the edges into it, because that row *is* the
neuron's weight vector (entry :math:`W_{ij}` is the weight on the edge from
:math:`x_j` to neuron :math:`i`).

Both functions draw into a given :class:`matplotlib.axes.Axes` with equal aspect (so
that the nodes are circles), hide its frame, and return what they drew: the nodes,
the arrows, and the start and end point of every arrow, which lie just outside the
circles they join.

Taught in chapter 1 (neurons and layers).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyArrowPatch

from lib._validate import as_float_array, check_option, check_real
from lib.activations import ACTIVATIONS, get_activation
from lib.plotting import CLASS_COLORS

__all__ = ["draw_neuron", "draw_layer"]

MAX_NEURON_INPUTS = 8
"""Most inputs :func:`draw_neuron` draws (more would not be readable)."""

MAX_LAYER_SIZE = 10
"""Most input nodes, and most neurons, :func:`draw_layer` draws."""

# What the activation node of a neuron says.
_ACTIVATION_NAMES = {
    "relu": "ReLU",
    "leaky_relu": "leaky\nReLU",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "identity": "identity",
}

_GAP = 0.06  # space between a circle and the arrow that leaves or enters it (data units)
_EDGE_COLOR = "0.3"
_NODE_FACE = {
    "input": "#eeeeee",
    "bias": "#fde9c8",
    "sum": "#dcebf7",
    "act": "#dcebf7",
    "output": "#e3f1dc",
}


def draw_neuron(ax, w, b, *, x=None, activation: str = "relu", fontsize: float = 12.0):
    r"""Draw one neuron as nodes and edges: inputs, weights, sum with bias, activation.

    The picture reads left to right: input nodes :math:`x_j`, one arrow per input
    labelled with its weight :math:`w_j`, a sum node :math:`\Sigma` that also receives
    the bias :math:`b` (from above), the activation node, and the output node
    :math:`h`:

    .. math::

        z = \sum_{j=1}^{n} w_j x_j + b, \qquad h = \sigma(z).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Drawn into; its aspect is set to equal, its limits fit the diagram and its
        frame is hidden.
    w : array_like of shape (n,)
        The weights, :math:`1 \le n \le 8`.
    b : float
        The bias.
    x : array_like of shape (n,), optional
        An input. If given, its values are written beside the input nodes, and
        :math:`z` and :math:`h` (computed with :mod:`lib.activations`) beside the sum
        and output nodes; otherwise the nodes carry the formulas.
    activation : str, default "relu"
        A name known to :func:`lib.activations.get_activation`.
    fontsize : float, default 12
        Size of the labels in points, in ``[6, 36]`` (edge labels are one point smaller).

    Returns
    -------
    dict
        ``nodes``: name -> :class:`matplotlib.patches.Circle` (``"x1"`` ... ``"xn"``,
        ``"b"``, ``"sum"``, ``"act"``, ``"h"``); ``edges``: list of (source, target)
        names, one per arrow; ``arrows``: the
        :class:`matplotlib.patches.FancyArrowPatch` objects in the same order;
        ``segments``: ndarray of shape (n + 3, 2, 2), the start and end point of each
        arrow; ``z`` and ``h``: the computed values (``None`` without ``x``).

    Raises
    ------
    TypeError
        If ``ax`` is not an Axes, or an argument is not numeric.
    ValueError
        If ``w`` is empty or has more than 8 entries, ``x`` does not match ``w``,
        a value is not finite, or the activation is unknown.
    """
    _check_axes(ax)
    w = as_float_array(w, "w", ndim=1)
    if not 1 <= w.size <= MAX_NEURON_INPUTS:
        raise ValueError(
            f"w must have 1 to {MAX_NEURON_INPUTS} entries (one per input), got shape {w.shape}"
        )
    b = check_real(b, "b")
    if x is not None:
        x = as_float_array(x, "x", ndim=1)
        if x.shape != w.shape:
            raise ValueError(
                f"x has shape {x.shape} but w has shape {w.shape}; the neuron "
                "needs one weight per input"
            )
    activation = check_option(activation, "activation", ACTIVATIONS)
    fontsize = _check_fontsize(fontsize)

    n = w.size
    spacing = 1.3
    nodes, labels = {}, []
    for j in range(n):
        y = spacing * ((n - 1) / 2 - j)
        nodes[f"x{j + 1}"] = _node(ax, (0.0, y), 0.42, "input", f"$x_{{{j + 1}}}$", fontsize)
    nodes["b"] = _node(ax, (3.4, 1.9), 0.36, "bias", "$b$", fontsize)
    nodes["sum"] = _node(ax, (3.4, 0.0), 0.5, "sum", r"$\Sigma$", fontsize + 2)
    nodes["act"] = _node(ax, (5.7, 0.0), 0.62, "act", _ACTIVATION_NAMES[activation], fontsize - 1)
    nodes["h"] = _node(ax, (7.8, 0.0), 0.42, "output", "$h$", fontsize)

    edges = [(f"x{j + 1}", "sum") for j in range(n)] + [("b", "sum"), ("sum", "act"), ("act", "h")]
    arrows, segments = [], []
    for source, target in edges:
        arrow, segment = _arrow(ax, nodes[source], nodes[target], _EDGE_COLOR)
        arrows.append(arrow)
        segments.append(segment)
    for j in range(n):  # weight labels near the input end, where the edges are apart
        start, end = segments[j]
        labels.append(
            _edge_label(
                ax,
                start + 0.4 * (end - start),
                f"$w_{{{j + 1}}} = {_number(w[j], math=True)}$",
                fontsize - 1,
            )
        )

    z = h = None
    if x is not None:
        z = float(w @ x + b)
        h = float(get_activation(activation)[0](z))
        for j in range(n):
            center, radius = nodes[f"x{j + 1}"].center, nodes[f"x{j + 1}"].radius
            labels.append(
                ax.text(
                    center[0] - radius - 0.15,
                    center[1],
                    _number(x[j]),
                    ha="right",
                    va="center",
                    fontsize=fontsize,
                )
            )
    bias_node = nodes["b"]
    labels.append(
        ax.text(
            bias_node.center[0] + bias_node.radius + 0.15,
            bias_node.center[1],
            f"$b = {_number(b, math=True)}$",
            ha="left",
            va="center",
            fontsize=fontsize,
        )
    )
    sum_text = (
        r"$z = \mathbf{w}\cdot\mathbf{x} + b$" if z is None else f"$z = {_number(z, math=True)}$"
    )
    labels.append(ax.text(3.4, -0.75, sum_text, ha="center", va="top", fontsize=fontsize))
    act_text = r"$h = \sigma(z)$" if h is None else f"$h = {_number(h, math=True)}$"
    labels.append(ax.text(7.8, -0.75, act_text, ha="center", va="top", fontsize=fontsize))

    half = spacing * (n - 1) / 2 + 0.6  # the input column; the bias node sits above
    _fit(ax, (-1.7 if x is not None else -0.8, 9.1), (-max(half, 1.5), max(half, 2.4)))
    return {
        "nodes": nodes,
        "edges": edges,
        "arrows": arrows,
        "segments": np.array(segments),
        "labels": labels,
        "z": z,
        "h": h,
    }


def draw_layer(
    ax, W, b=None, *, x=None, activation: str = "relu", input_names=None, fontsize: float = 12.0
):
    r"""Draw a dense layer: input nodes fully connected to neurons, next to its matrix.

    Every input node :math:`x_j` has an arrow to every neuron :math:`i`; the arrows
    into neuron :math:`i` share its colour. To the right, :math:`W` is written out
    with row :math:`i` in the same colour and at the same height as neuron :math:`i`,
    and the biases :math:`\mathbf{b}` beside it, so that the picture shows

    .. math::

        h_i = \sigma\Big(\sum_{j=1}^{n_\text{in}} W_{ij} x_j + b_i\Big),
        \qquad \mathbf{h} = \sigma(W\mathbf{x} + \mathbf{b}).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Drawn into; its aspect is set to equal, its limits fit the diagram and its
        frame is hidden.
    W : array_like of shape (n_out, n_in)
        One row per neuron, one column per input; each size from 1 to 10.
    b : array_like of shape (n_out,), optional
        The biases; written beside ``W`` when given.
    x : array_like of shape (n_in,), optional
        An input. If given, its values are written beside the input nodes and
        :math:`\mathbf{h} = \sigma(W\mathbf{x} + \mathbf{b})` (computed with
        :mod:`lib.activations`, with :math:`\mathbf{b} = 0` when ``b`` is not given)
        beside the neurons.
    activation : str, default "relu"
        A name known to :func:`lib.activations.get_activation` (used with ``x``).
    input_names : sequence of str, optional
        Labels of the input nodes (mathtext allowed), default ``$x_1$`` ...
    fontsize : float, default 12
        Size of the labels in points, in ``[6, 36]``.

    Returns
    -------
    dict
        ``nodes``: name -> :class:`matplotlib.patches.Circle` (``"x1"`` ... and
        ``"h1"`` ...); ``edges``: list of (source, target) names, neuron by neuron;
        ``arrows``: the :class:`matplotlib.patches.FancyArrowPatch` objects in the
        same order; ``segments``: ndarray of shape (n_out * n_in, 2, 2);
        ``colors``: the colour of each neuron; ``matrix``: list of rows of
        :class:`matplotlib.text.Text`, entry ``[i][j]`` showing :math:`W_{ij}`;
        ``bias``: the texts of :math:`\mathbf{b}` (empty without ``b``); ``h``: ndarray
        of shape (n_out,) or ``None`` without ``x``.

    Raises
    ------
    TypeError
        If ``ax`` is not an Axes, an array is not numeric, or a name is not a string.
    ValueError
        If ``W`` is not 2-D, a size is outside 1 to 10, ``b``, ``x`` or
        ``input_names`` does not match ``W``, a value is not finite, or the activation
        is unknown.
    """
    _check_axes(ax)
    W = as_float_array(W, "W", ndim=2)
    n_out, n_in = W.shape
    for size, what in ((n_out, "neurons (rows)"), (n_in, "inputs (columns)")):
        if not 1 <= size <= MAX_LAYER_SIZE:
            raise ValueError(
                f"W has shape {W.shape}: draw_layer draws 1 to {MAX_LAYER_SIZE} {what}, got {size}"
            )
    if b is not None:
        b = as_float_array(b, "b", ndim=1)
        if b.shape != (n_out,):
            raise ValueError(
                f"W has shape {W.shape} ({n_out} neurons) so b needs shape "
                f"({n_out},), got {b.shape}"
            )
    if x is not None:
        x = as_float_array(x, "x", ndim=1)
        if x.shape != (n_in,):
            raise ValueError(
                f"W has shape {W.shape} ({n_in} inputs) so x needs shape ({n_in},), got {x.shape}"
            )
    activation = check_option(activation, "activation", ACTIVATIONS)
    if input_names is None:
        input_names = [f"$x_{{{j + 1}}}$" for j in range(n_in)]
    elif isinstance(input_names, str) or not all(isinstance(s, str) for s in input_names):
        raise TypeError(f"input_names must be a sequence of strings, got {input_names!r}")
    elif len(input_names) != n_in:
        raise ValueError(
            f"W has {n_in} columns so input_names needs {n_in} names, got {len(input_names)}"
        )
    fontsize = _check_fontsize(fontsize)

    spacing, radius, x_neurons = 1.25, 0.42, 3.6
    colors = [CLASS_COLORS[i % len(CLASS_COLORS)] for i in range(n_out)]
    nodes = {}
    for j in range(n_in):
        center = (0.0, spacing * ((n_in - 1) / 2 - j))
        nodes[f"x{j + 1}"] = _node(ax, center, radius, "input", input_names[j], fontsize)
    for i in range(n_out):
        center = (x_neurons, spacing * ((n_out - 1) / 2 - i))
        nodes[f"h{i + 1}"] = _node(
            ax, center, radius, "sum", f"$h_{{{i + 1}}}$", fontsize, edgecolor=colors[i]
        )
    edges, arrows, segments = [], [], []
    for i in range(n_out):
        for j in range(n_in):
            arrow, segment = _arrow(ax, nodes[f"x{j + 1}"], nodes[f"h{i + 1}"], colors[i])
            edges.append((f"x{j + 1}", f"h{i + 1}"))
            arrows.append(arrow)
            segments.append(segment)

    h = None
    left, right = -0.8, x_neurons + radius
    if x is not None:
        h = get_activation(activation)[0](W @ x + (0.0 if b is None else b))
        for j in range(n_in):
            ax.text(
                -radius - 0.15,
                nodes[f"x{j + 1}"].center[1],
                _number(x[j]),
                ha="right",
                va="center",
                fontsize=fontsize,
            )
        for i in range(n_out):
            ax.text(
                x_neurons + radius + 0.15,
                nodes[f"h{i + 1}"].center[1],
                f"= {_number(h[i])}",
                ha="left",
                va="center",
                fontsize=fontsize,
                color=colors[i],
            )
        left = -1.7
        right += 0.3 + 0.13 * fontsize / 12 * max(len(f"= {_number(v)}") for v in h)

    # The matrix, row i level with neuron i; columns wide enough for the longest entry.
    char = 0.14 * fontsize / 12  # width of one character, in data units
    column = max(0.75, char * (max(len(_number(v)) for v in W.ravel()) + 1.5))
    x0 = right + 0.9
    rows_y = [nodes[f"h{i + 1}"].center[1] for i in range(n_out)]
    top, bottom = max(rows_y) + 0.45, min(rows_y) - 0.45
    matrix = []
    for i in range(n_out):
        matrix.append(
            [
                ax.text(
                    x0 + column * (j + 0.5),
                    rows_y[i],
                    _number(W[i, j]),
                    ha="center",
                    va="center",
                    fontsize=fontsize,
                    color=colors[i],
                )
                for j in range(n_in)
            ]
        )
    for j in range(n_in):
        ax.text(
            x0 + column * (j + 0.5),
            top + 0.1,
            input_names[j],
            ha="center",
            va="bottom",
            fontsize=fontsize - 1,
            color="0.35",
        )
    _brackets(ax, x0, x0 + column * n_in, bottom, top)
    ax.text(x0 - 0.35, (top + bottom) / 2, "$W =$", ha="right", va="center", fontsize=fontsize)
    x_end = x0 + column * n_in
    bias_texts = []
    if b is not None:
        b_column = max(0.75, char * (max(len(_number(v)) for v in b) + 1.5))
        xb = x_end + 1.3
        bias_texts = [
            ax.text(
                xb + b_column / 2,
                rows_y[i],
                _number(b[i]),
                ha="center",
                va="center",
                fontsize=fontsize,
                color=colors[i],
            )
            for i in range(n_out)
        ]
        _brackets(ax, xb, xb + b_column, bottom, top)
        ax.text(
            xb - 0.3,
            (top + bottom) / 2,
            "$\\mathbf{b} =$",
            ha="right",
            va="center",
            fontsize=fontsize,
        )
        x_end = xb + b_column
    ax.text(
        (x0 + x_end) / 2,
        bottom - 0.15,
        "row $i$ of $W$: the weights into $h_i$",
        ha="center",
        va="top",
        fontsize=fontsize - 1,
        color="0.35",
    )

    half = spacing * (max(n_in, n_out) - 1) / 2 + 0.6
    _fit(ax, (left, x_end + 0.3), (min(-half, bottom - 0.7), max(half, top + 0.6)))
    return {
        "nodes": nodes,
        "edges": edges,
        "arrows": arrows,
        "segments": np.array(segments),
        "colors": colors,
        "matrix": matrix,
        "bias": bias_texts,
        "h": h,
    }


# --------------------------------------------------------------------------- helpers


def _check_axes(ax) -> None:
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")


def _check_fontsize(fontsize) -> float:
    return check_real(fontsize, "fontsize", low=6.0, high=36.0)


def _number(value: float, math: bool = False) -> str:
    """A short label for a number: 4 significant digits, a true minus sign outside math."""
    text = f"{float(value):.4g}"
    if text in ("-0", "-0.0"):
        text = "0"
    return text if math else text.replace("-", "\N{MINUS SIGN}")


def _node(ax, center, radius, kind, label, fontsize, edgecolor="0.25") -> Circle:
    circle = Circle(
        center, radius, facecolor=_NODE_FACE[kind], edgecolor=edgecolor, linewidth=1.6, zorder=2
    )
    ax.add_patch(circle)
    ax.text(*center, label, ha="center", va="center", fontsize=fontsize, zorder=3, linespacing=0.95)
    return circle


def _arrow(ax, source: Circle, target: Circle, color):
    """An arrow from the rim of one circle to the rim of another (a small gap at each)."""
    a, c = np.asarray(source.center, dtype=float), np.asarray(target.center, dtype=float)
    direction = (c - a) / np.linalg.norm(c - a)
    start = a + (source.radius + _GAP) * direction
    end = c - (target.radius + _GAP) * direction
    arrow = FancyArrowPatch(
        tuple(start),
        tuple(end),
        arrowstyle="-|>",
        mutation_scale=13,
        shrinkA=0.0,
        shrinkB=0.0,
        color=color,
        linewidth=1.4,
        zorder=1,
    )
    ax.add_patch(arrow)
    return arrow, np.array([start, end])


def _edge_label(ax, point, text, fontsize):
    return ax.text(
        *point,
        text,
        ha="center",
        va="center",
        fontsize=fontsize,
        color="0.15",
        zorder=4,
        bbox={
            "boxstyle": "round,pad=0.15",
            "facecolor": "white",
            "edgecolor": "none",
            "alpha": 0.9,
        },
    )


def _brackets(ax, x_left, x_right, bottom, top):
    """Square brackets around a block of entries."""
    tick = 0.12
    for x, sign in ((x_left, 1), (x_right, -1)):
        ax.plot(
            [x + sign * tick, x, x, x + sign * tick],
            [top, top, bottom, bottom],
            color="0.2",
            linewidth=1.3,
            solid_joinstyle="miter",
        )


def _fit(ax, xlim, ylim):
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_axis_off()
