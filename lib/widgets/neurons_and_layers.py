r"""Explorers for chapter 1 (neurons and layers).

Two sliders-and-picture widgets:

- the **neuron explorer** shows one neuron :math:`a = \sigma(w \cdot x + b)` with two
  inputs as a heat map over the plane, with its boundary line :math:`w \cdot x + b = 0`
  and its weight vector :math:`w`, which is normal to that line;
- the **layer explorer** shows a layer :math:`h = \sigma(Wx + b)` with a 2 x 2
  matrix bending a grid and moving a cloud of points.

The numbers come from plain functions (:func:`neuron_surface`,
:func:`boundary_segment`, :func:`transform_points`) that the tests call directly.
Each explorer builds one figure once; a slider move recomputes, changes the
artists in place and renders one PNG into an ``ipywidgets.Output``. Only the
changing artists are redrawn over a cached picture of the rest
(:class:`lib.plotting.BlitRenderer`), which keeps a move fast.
"""

from __future__ import annotations

import numpy as np
from ipywidgets import HTML, FloatSlider, HBox, Layout, Output, ToggleButtons, VBox
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import MaxNLocator

from lib._validate import as_float_array
from lib.activations import get_activation
from lib.layers import dense_forward
from lib.plotting import (
    CLASS_COLORS,
    BlitRenderer,
    draw_grid_lines,
    grid_lines,
    new_figure,
    plane_grid,
    png_output,
)
from lib.widgets.controls import ControlledExplorer

__all__ = [
    "ACTIVATION_CHOICES",
    "neuron_surface",
    "boundary_segment",
    "transform_points",
    "NeuronExplorer",
    "LayerExplorer",
    "neuron_explorer",
    "layer_explorer",
    "benchmark_callbacks",
]

ACTIVATION_CHOICES = ("relu", "sigmoid", "tanh", "identity")
"""The activations offered by the explorers' buttons."""

WIDGET_DPI = 80
"""Resolution of the explorers' pictures: sharp enough to read, cheap enough to redraw."""


def neuron_surface(w, b, activation, points):
    r"""Score and activation of one neuron at many points.

    Parameters
    ----------
    w : array_like of shape (n_in,)
        The neuron's weights.
    b : float
        Its bias.
    activation : str
        A name known to :func:`lib.activations.get_activation`.
    points : array_like of shape (M, n_in)
        Inputs, one per row (e.g. ``plane_grid(...)[2]``).

    Returns
    -------
    z : ndarray of shape (M,)
        Scores :math:`z = w \cdot x + b`.
    a : ndarray of shape (M,)
        Activations :math:`a = \sigma(z)`.
    """
    w = as_float_array(w, "w", ndim=1)
    z = dense_forward(points, w[np.newaxis, :], [b])[:, 0]  # a layer with one neuron
    return z, get_activation(activation)[0](z)


def boundary_segment(w, b, xlim, ylim):
    r"""The part of the line :math:`w_1 x_1 + w_2 x_2 + b = 0` inside a rectangle.

    Parameters
    ----------
    w : array_like of shape (2,)
    b : float
    xlim, ylim : (float, float)
        The rectangle.

    Returns
    -------
    ndarray of shape (2, 2) or (0, 2)
        The segment's two end points (one per row), or no rows when the line misses
        the rectangle or does not exist (:math:`w = 0`: the score is the constant
        :math:`b` everywhere).
    """
    w1, w2 = as_float_array(w, "w", ndim=1)
    (x_lo, x_hi), (y_lo, y_hi) = xlim, ylim
    tol = 1e-12 * max(1.0, abs(x_hi - x_lo), abs(y_hi - y_lo))
    found = []
    if w2 != 0:  # where the line meets the left and right edges
        found += [(x, -(b + w1 * x) / w2) for x in (x_lo, x_hi)]
    if w1 != 0:  # where it meets the bottom and top edges
        found += [(-(b + w2 * y) / w1, y) for y in (y_lo, y_hi)]
    inside = [p for p in found
              if x_lo - tol <= p[0] <= x_hi + tol and y_lo - tol <= p[1] <= y_hi + tol]
    if len(inside) < 2:
        return np.empty((0, 2))
    inside = np.array(inside)
    # A line through a corner meets two edges there: keep the two points farthest apart.
    gaps = np.linalg.norm(inside[:, None, :] - inside[None, :, :], axis=-1)
    i, j = np.unravel_index(gaps.argmax(), gaps.shape)
    if gaps[i, j] <= tol:  # the line only touches a corner
        return np.empty((0, 2))
    return inside[[i, j]]


def transform_points(W, b, activation, points):
    r"""Send points through a dense layer and an activation, :math:`h = \sigma(Wx + b)`.

    Parameters
    ----------
    W : array_like of shape (n_out, n_in)
    b : array_like of shape (n_out,)
    activation : str
    points : array_like of shape (M, n_in)

    Returns
    -------
    ndarray of shape (M, n_out)
    """
    return get_activation(activation)[0](dense_forward(points, W, b))


def _slider(value, low, high, description):
    return FloatSlider(value=value, min=low, max=high, step=0.1, description=description,
                       readout_format=".1f", continuous_update=True,
                       layout=Layout(width="260px"), style={"description_width": "32px"})


def _activation_buttons(value):
    return ToggleButtons(options=ACTIVATION_CHOICES, value=value, description="σ",
                         style={"description_width": "32px", "button_width": "80px"})


def _fmt(value: float) -> str:
    """Two decimals, and never "-0.00"."""
    return f"{value + 0.0:.2f}" if abs(value) >= 0.005 else "0.00"


class _Explorer(ControlledExplorer):
    """Shared plumbing: controls that trigger one redraw, and the picture output."""

    controls: dict
    fig = None
    renderer = None

    def _wire(self, rows):
        self.output = Output()
        self.readout = HTML()
        self._layout_frozen = False
        self._observe_controls()
        self.widget = VBox([*rows, self.readout, self.output])


    def _moving_artists(self) -> list:
        """The artists a slider move changes (redrawn on every move)."""
        raise NotImplementedError

    def _freeze_layout(self) -> None:
        # Lay the figure out once and keep it (BlitRenderer does): constrained layout on
        # every slider move would cost more than everything else in a redraw together.
        # Then cache everything that does not move and redraw only the moving artists.
        self.renderer = BlitRenderer(self.fig, self._moving_artists(), dpi=WIDGET_DPI)
        self._layout_frozen = True

    def _show(self) -> None:
        if not self._layout_frozen:
            self._freeze_layout()  # once, after the first redraw has set every text
        self.png = self.renderer.render_png()
        self.output.outputs = (png_output(self.png, self._alt_text()),)


class NeuronExplorer(_Explorer):
    r"""One neuron :math:`a = \sigma(w_1 x_1 + w_2 x_2 + b)` drawn over the plane.

    Parameters
    ----------
    w : (float, float), default (0.5, -1.0)
    b : float, default 1.0
    activation : str, default "relu"
    point : (float, float), default (2.0, 3.0)
        The marked input whose score and activation the readout prints.
    lim : (float, float), default (-4, 4)
        The square of the plane drawn (both axes).
    n : int, default 101
        Grid points per side of the heat map.

    Attributes
    ----------
    widget : ipywidgets.VBox
        Sliders, activation buttons, readout and picture; display this.
    state : dict
        What the last redraw computed: ``z`` and ``a`` of shape (n, n) on the grid,
        ``segment`` (the boundary's end points), ``point_z`` and ``point_a``.
    fig : matplotlib.figure.Figure
        The one figure, reused by every redraw.
    """

    def __init__(self, w=(0.5, -1.0), b=1.0, activation="relu", point=(2.0, 3.0),
                 lim=(-4.0, 4.0), n=101):
        self.lim = tuple(float(v) for v in lim)
        self.point = as_float_array(point, "point", ndim=1)
        self.n = n
        self.grid = plane_grid(self.lim, self.lim, n)[2]
        self.controls = {
            "w1": _slider(w[0], -3.0, 3.0, "w₁"),
            "w2": _slider(w[1], -3.0, 3.0, "w₂"),
            "b": _slider(b, -4.0, 4.0, "b"),
            "activation": _activation_buttons(activation),
        }
        self._build_figure()
        c = self.controls
        self._wire([HBox([c["w1"], c["w2"], c["b"]]), c["activation"]])
        self.redraw()

    def _build_figure(self) -> None:
        self.fig, ax = new_figure(figsize=(5.4, 5.0))
        self.ax = ax
        self.image = ax.imshow(np.zeros((self.n, self.n)), origin="lower", cmap="viridis",
                               extent=(*self.lim, *self.lim), interpolation="nearest")
        self.colorbar = self.fig.colorbar(self.image, ax=ax, shrink=0.8, label="activation a")
        # Its range follows the surface (for relu and identity), so its ticks move.
        self.colorbar.locator = MaxNLocator(6, steps=[1, 2, 2.5, 5, 10])
        (self.boundary,) = ax.plot([], [], color="white", linestyle="--", linewidth=2)
        self.arrow = FancyArrowPatch((0, 0), (1, 0), arrowstyle="-|>", mutation_scale=18,
                                     color="#e4572e", linewidth=2.5, zorder=4)
        ax.add_patch(self.arrow)
        (self.marker,) = ax.plot(*self.point, marker="o", markersize=8, color="white",
                                 markeredgecolor="black", linestyle="none", zorder=5)
        ax.set_xlim(*self.lim)
        ax.set_ylim(*self.lim)
        ax.set_aspect("equal")
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        self.title = ax.set_title("")

    def _moving_artists(self) -> list:
        # The colour strip always spans the whole colour map; only its ticks change.
        return [self.image, self.boundary, self.arrow, self.marker, self.title,
                self.colorbar.ax.yaxis]

    def compute(self) -> dict:
        """Evaluate the neuron for the current control values (no drawing)."""
        v = self.values()
        w, b, name = np.array([v["w1"], v["w2"]]), v["b"], v["activation"]
        z, a = neuron_surface(w, b, name, self.grid)
        point_z, point_a = neuron_surface(w, b, name, self.point[np.newaxis, :])
        return {"w": w, "b": b, "activation": name,
                "z": z.reshape(self.n, self.n), "a": a.reshape(self.n, self.n),
                "segment": boundary_segment(w, b, self.lim, self.lim),
                "point_z": float(point_z[0]), "point_a": float(point_a[0])}

    def redraw(self) -> dict:
        """Recompute, update the figure's artists in place and show the new picture."""
        s = self.state = self.compute()
        self.image.set_data(s["a"])
        self.image.set_clim(*_color_limits(s["activation"], s["a"]))
        self.boundary.set_data(s["segment"][:, 0], s["segment"][:, 1])
        self._place_arrow(s["w"], s["segment"])
        w1, w2 = s["w"]
        # Plain text, not mathtext: a formula would be parsed anew on every move.
        title = f"a = {s['activation']}({_fmt(w1)} x₁ {_signed(w2)} x₂ {_signed(s['b'])})"
        self.title.set_text(title.replace("-", "\N{MINUS SIGN}"))
        self.readout.value = self._readout_html(s)
        self._show()
        return s

    def _place_arrow(self, w, segment) -> None:
        # Start the arrow on the boundary (the midpoint of its visible part), so that
        # it is drawn normal to the line; with no visible line, start at the origin.
        tail = segment.mean(axis=0) if len(segment) else np.zeros(2)
        self.arrow.set_positions(tuple(tail), tuple(tail + w))
        self.arrow.set_visible(bool(np.any(w)))

    def _readout_html(self, s) -> str:
        (x1, x2), (w1, w2) = self.point, s["w"]
        return (
            f"At the marked point x = ({_fmt(x1)}, {_fmt(x2)}): "
            f"z = w·x + b = ({_fmt(w1)})({_fmt(x1)}) + ({_fmt(w2)})({_fmt(x2)}) + ({_fmt(s['b'])})"
            f" = <b>{_fmt(s['point_z'])}</b>, and {s['activation']}(z) = "
            f"<b>{_fmt(s['point_a'])}</b>. "
            "The dashed line is where z = 0; the arrow w points towards growing z."
        )

    def _alt_text(self) -> str:
        s = self.state
        return f"neuron heat map: {s['activation']}, w = {s['w'].tolist()}, b = {s['b']}"


class LayerExplorer(_Explorer):
    r"""A layer :math:`h = \sigma(Wx + b)` with a 2 x 2 matrix, bending a grid and a cloud.

    Parameters
    ----------
    W : array_like of shape (2, 2), default [[1, 1], [1, -1]]
    b : array_like of shape (2,), default [-0.5, 0]
    activation : str, default "relu"
    n_points : int, default 200
        Size of the point cloud (standard normal, drawn with ``seed``).
    seed : int, default 0
    lim : (float, float), default (-3, 3)
        The square of input space drawn, and the extent of the grid lines.

    Attributes
    ----------
    widget : ipywidgets.VBox
    points : ndarray of shape (n_points, 2)
        The input cloud; its colours mark the quadrant each point starts in.
    lines : ndarray of shape (18, 60, 2)
        The input grid lines (see :func:`lib.plotting.grid_lines`).
    state : dict
        ``h`` (transformed points), ``h_lines`` (transformed grid lines), ``W``, ``b``
        and ``on_axis`` (how many points have at least one zero feature).
    """

    def __init__(self, W=((1.0, 1.0), (1.0, -1.0)), b=(-0.5, 0.0), activation="relu",
                 n_points=200, seed=0, lim=(-3.0, 3.0)):
        W = as_float_array(W, "W", ndim=2)
        b = as_float_array(b, "b", ndim=1)
        if W.shape != (2, 2) or b.shape != (2,):
            raise ValueError(f"the explorer needs W of shape (2, 2) and b of shape (2,), "
                             f"got {W.shape} and {b.shape}")
        self.lim = tuple(float(v) for v in lim)
        self.points = np.random.default_rng(seed).normal(size=(n_points, 2))
        quadrant = (self.points[:, 0] < 0) + 2 * (self.points[:, 1] < 0)  # 0 1 / 2 3
        self.colors = np.array(CLASS_COLORS[:4])[quadrant]
        self.lines = grid_lines(self.lim, self.lim, n_lines=9, n_points=60)
        names = [("W11", "W₁₁"), ("W12", "W₁₂"), ("W21", "W₂₁"), ("W22", "W₂₂")]
        self.controls = {key: _slider(value, -2.0, 2.0, label)
                         for (key, label), value in zip(names, W.ravel(), strict=True)}
        self.controls |= {"b1": _slider(b[0], -2.0, 2.0, "b₁"),
                          "b2": _slider(b[1], -2.0, 2.0, "b₂"),
                          "activation": _activation_buttons(activation)}
        self._build_figure()
        c = self.controls
        self._wire([HBox([c["W11"], c["W12"], c["b1"]]), HBox([c["W21"], c["W22"], c["b2"]]),
                    c["activation"]])
        self.redraw()

    def _build_figure(self) -> None:
        self.fig, (ax_in, ax_out) = new_figure(figsize=(9.0, 4.6), ncols=2)
        self.ax_in, self.ax_out = ax_in, ax_out
        axes_lines = {ax: [ax.axhline(0.0, color="black", linewidth=0.8, zorder=1),
                           ax.axvline(0.0, color="black", linewidth=0.8, zorder=1)]
                      for ax in (ax_in, ax_out)}
        self.out_axes_lines = axes_lines[ax_out]  # they move with the right panel's limits
        for ax in (ax_in, ax_out):
            ax.set_box_aspect(1)
        # Few tick labels: the right panel's ticks are redrawn on every move.
        ax_out.xaxis.set_major_locator(MaxNLocator(6, steps=[1, 2, 2.5, 5, 10]))
        ax_out.yaxis.set_major_locator(MaxNLocator(6, steps=[1, 2, 2.5, 5, 10]))
        draw_grid_lines(ax_in, self.lines)
        ax_in.scatter(*self.points.T, c=self.colors, s=14, zorder=3)
        ax_in.set_xlim(*self.lim)
        ax_in.set_ylim(*self.lim)
        ax_in.set_title("input $x$ (colour = starting quadrant)")
        ax_in.set_xlabel("$x_1$")
        ax_in.set_ylabel("$x_2$")
        self.out_lines = draw_grid_lines(ax_out, self.lines)
        self.out_points = ax_out.scatter(*self.points.T, c=self.colors, s=14, zorder=3)
        ax_out.set_xlabel("$h_1$")
        ax_out.set_ylabel("$h_2$")
        self.out_title = ax_out.set_title("")

    def _moving_artists(self) -> list:
        # The right panel's limits follow the points: its ticks and axes lines move too.
        ax = self.ax_out
        return [ax.xaxis, ax.yaxis, *self.out_axes_lines, self.out_lines, self.out_points,
                self.out_title]

    def compute(self) -> dict:
        """Transform the cloud and the grid lines for the current values (no drawing)."""
        v = self.values()
        W = np.array([[v["W11"], v["W12"]], [v["W21"], v["W22"]]])
        b = np.array([v["b1"], v["b2"]])
        h = transform_points(W, b, v["activation"], self.points)
        flat = transform_points(W, b, v["activation"], self.lines.reshape(-1, 2))
        return {"W": W, "b": b, "activation": v["activation"], "h": h,
                "h_lines": flat.reshape(self.lines.shape),
                "on_axis": int(np.sum(np.any(h == 0.0, axis=1)))}

    def redraw(self) -> dict:
        """Recompute, move the transformed lines and points, show the new picture."""
        s = self.state = self.compute()
        self.out_lines.set_segments(list(s["h_lines"]))
        self.out_points.set_offsets(s["h"])
        low, high = _square_view(np.vstack([s["h"], s["h_lines"].reshape(-1, 2), [[0, 0]]]))
        self.ax_out.set_xlim(low[0], high[0])
        self.ax_out.set_ylim(low[1], high[1])
        self.out_title.set_text(f"hidden h = {s['activation']}(Wx + b)")
        self.readout.value = self._readout_html(s)
        self._show()
        return s

    def _readout_html(self, s) -> str:
        (a, c), (d, e) = s["W"]
        det = float(np.linalg.det(s["W"]))
        return (
            f"W = [[{_fmt(a)}, {_fmt(c)}], [{_fmt(d)}, {_fmt(e)}]], "
            f"b = [{_fmt(s['b'][0])}, {_fmt(s['b'][1])}], det W = {_fmt(det)}. "
            f"<b>{s['on_axis']}</b> of {len(self.points)} points have a hidden feature "
            "exactly 0 (they sit on an axis of the right panel)."
        )

    def _alt_text(self) -> str:
        s = self.state
        return f"layer picture: {s['activation']}, W = {s['W'].tolist()}, b = {s['b'].tolist()}"


def _signed(value: float) -> str:
    return f"+ {_fmt(value)}" if value >= 0 or _fmt(value) == "0.00" else f"- {_fmt(-value)}"


def _color_limits(activation: str, a) -> tuple[float, float]:
    """Colour scale for the heat map: the activation's own range where it has one."""
    if activation == "sigmoid":
        return 0.0, 1.0
    if activation == "tanh":
        return -1.0, 1.0
    biggest = float(np.abs(a).max()) or 1.0  # a constant 0 surface still needs a scale
    return (0.0, biggest) if activation == "relu" else (-biggest, biggest)


def _square_view(xy, margin: float = 0.08):
    """Lower-left and upper-right corners of a square view around points of shape (M, 2)."""
    low, high = xy.min(axis=0), xy.max(axis=0)
    center, half = (low + high) / 2, max(float((high - low).max()) / 2, 0.5) * (1 + margin)
    return center - half, center + half


def neuron_explorer(**options) -> VBox:
    """The neuron explorer, ready to display (options as for :class:`NeuronExplorer`)."""
    return NeuronExplorer(**options).widget


def layer_explorer(**options) -> VBox:
    """The layer explorer, ready to display (options as for :class:`LayerExplorer`)."""
    return LayerExplorer(**options).widget


def benchmark_callbacks() -> dict:
    """One slider move per explorer, as zero-argument callables, for speed measurements.

    Each call moves one slider to a new value, which recomputes, updates the
    figure and renders its PNG, exactly as a reader's slider move does.

    Returns
    -------
    dict
        ``{"neuron_explorer": callable, "layer_explorer": callable}``.
    """
    neuron, layer = NeuronExplorer(), LayerExplorer()

    def move(slider, values):
        state = {"i": 0}

        def step():
            state["i"] += 1
            slider.value = values[state["i"] % len(values)]

        return step

    return {
        "neuron_explorer": move(neuron.controls["w1"], [0.5, 1.2, -0.8]),
        "layer_explorer": move(layer.controls["W12"], [1.0, 0.4, -0.6]),
    }
