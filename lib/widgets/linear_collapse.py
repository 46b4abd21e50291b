r"""Explorer for chapter 2 (why stacked linear layers collapse): the network bender.

A seeded random network with ``depth`` hidden layers of ``width`` units is drawn twice
with the same weights, once without activations (a deep *linear* network) and once with
ReLU between the layers:

- left panel: the function :math:`\mathbb{R} \to \mathbb{R}` computed by a
  ``1 -> width -> ... -> 1`` network on :math:`[-3, 3]`, with the breakpoints of the ReLU
  version marked (where its activation pattern changes);
- right panel: how a ``2 -> width -> ... -> 2`` network moves the grid lines of the
  square :math:`[-2, 2]^2`.

A linear network draws a straight line and a parallelogram grid for every depth and width
(it is one affine map); ReLU bends both, more with more units.

The same slider values always give the same network: its weights come from
``np.random.default_rng([seed, n_in, depth, width])``. The numbers come from plain
functions (:func:`random_network`, :func:`bend`), and each (depth, width, activation)
is computed once and cached, so a slider move only updates artists and renders one PNG;
only the changing artists (curves, grid, titles, the axes whose limits move) are redrawn
over a cached picture of the rest (:class:`lib.plotting.BlitRenderer`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from ipywidgets import HTML, HBox, IntSlider, Layout, Output, ToggleButtons, VBox
from matplotlib.ticker import MaxNLocator

from lib.linear_collapse import collapse_affine
from lib.linear_regions import breakpoints_1d, forward_with_patterns, region_labels
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
    "random_network",
    "network_output",
    "bend",
    "NetworkBender",
    "network_bender_explorer",
    "benchmark_callbacks",
]

ACTIVATION_CHOICES = (("linear", "identity"), ("ReLU", "relu"))
"""The switch's (label, activation) pairs."""

WIDGET_DPI = 80
"""Resolution of the explorer's picture: sharp enough to read, cheap enough to redraw."""

X_1D = np.linspace(-3.0, 3.0, 1201)
"""Inputs of the 1-D network (step 0.005): the left panel's horizontal axis."""

SQUARE = (-2.0, 2.0)
"""The square of the plane whose grid lines the 2-D network bends."""

REGION_GRID = 101
"""Points per side of the grid on which the 2-D network's linear regions are counted."""


def random_network(n_in: int, n_out: int, depth: int, width: int, seed: int = 0):
    r"""Seeded random weights for a network n_in -> width (depth times) -> n_out.

    Weights are drawn from :math:`\mathcal N(0, 2/n_{in})` (He scaling, so that signals
    keep their size through ReLU layers) and biases from :math:`\mathcal N(0, 1)` (so
    that the units switch on and off inside the drawn window).

    Parameters
    ----------
    n_in, n_out : int
        Input and output features.
    depth : int
        Number of hidden layers (at least 1).
    width : int
        Units in every hidden layer (at least 1).
    seed : int, default 0

    Returns
    -------
    weights : list of ndarray
        ``depth + 1`` matrices; ``weights[k]`` has shape ``(n_{k+1}, n_k)``.
    biases : list of ndarray
        ``depth + 1`` vectors; ``biases[k]`` has shape ``(n_{k+1},)``.
    """
    for name, value in (("n_in", n_in), ("n_out", n_out), ("depth", depth), ("width", width)):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value}")
    # One generator per architecture: the same sliders always give the same network.
    rng = np.random.default_rng([int(seed), int(n_in), int(depth), int(width)])
    sizes = [int(n_in)] + [int(width)] * int(depth) + [int(n_out)]
    weights = [rng.normal(0.0, np.sqrt(2.0 / a), size=(b, a))
               for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    biases = [rng.normal(0.0, 1.0, size=b) for b in sizes[1:]]
    return weights, biases


def network_output(X, weights, biases, activation: str):
    r"""Output and activation patterns of a network with ``"identity"`` or ``"relu"`` units.

    Parameters
    ----------
    X : array_like of shape (N, n_in)
    weights, biases : lists of arrays
        As returned by :func:`random_network`.
    activation : {"identity", "relu"}

    Returns
    -------
    output : ndarray of shape (N, n_out)
    patterns : ndarray of bool, shape (N, n_hidden)
        Which ReLU units are on (all False for a linear network, which has one region).
    """
    if activation == "relu":
        return forward_with_patterns(X, weights, biases)
    if activation == "identity":
        W, b = collapse_affine(list(zip(weights, biases, strict=True)))
        X = np.asarray(X, dtype=float)
        return X @ W.T + b, np.zeros((X.shape[0], 0), dtype=bool)
    raise ValueError(f"activation must be 'identity' or 'relu', got {activation!r}")


@lru_cache(maxsize=256)
def bend(depth: int, width: int, activation: str, seed: int = 0) -> dict:
    r"""Everything the explorer shows for one setting of its controls (cached).

    Parameters
    ----------
    depth, width : int
        Hidden layers and units per hidden layer.
    activation : {"identity", "relu"}
    seed : int, default 0

    Returns
    -------
    dict
        ``y`` (shape (1201,)): the 1-D network on ``X_1D``; ``breakpoints`` and
        ``breakpoint_y``: where its activation pattern changes and its value there;
        ``pieces``: number of linear pieces on the grid; ``lines`` (shape (22, 80, 2)):
        the 2-D network applied to the grid lines of ``SQUARE``; ``regions``: number of
        distinct activation patterns of the 2-D network on a 101 x 101 grid of the square;
        ``W2d``, ``b2d``, ``rank``: for a linear network, its collapsed 2 x 2 matrix, bias and
        rank (None for ReLU); ``slope``, ``intercept``: the same for the 1-D network.
        Arrays are read-only, since the dict is shared by every caller.
    """
    w1, b1 = random_network(1, 1, depth, width, seed)
    w2, b2 = random_network(2, 2, depth, width, seed)
    y, _ = network_output(X_1D[:, None], w1, b1, activation)
    lines_in = _grid_lines()
    moved, _ = network_output(lines_in.reshape(-1, 2), w2, b2, activation)
    state = {"depth": depth, "width": width, "activation": activation,
             "y": y[:, 0], "lines": moved.reshape(lines_in.shape),
             "W2d": None, "b2d": None, "rank": None, "slope": None, "intercept": None}
    if activation == "relu":
        bps = breakpoints_1d(X_1D, w1, b1)
        bp_y, _ = forward_with_patterns(bps[:, None], w1, b1)
        _, patterns = forward_with_patterns(_region_points(), w2, b2)
        state |= {"breakpoints": bps, "breakpoint_y": bp_y[:, 0], "pieces": bps.size + 1,
                  "regions": int(region_labels(patterns).max() + 1)}
    else:
        W1d, c1d = collapse_affine(list(zip(w1, b1, strict=True)))
        W2d, c2d = collapse_affine(list(zip(w2, b2, strict=True)))
        state |= {"breakpoints": np.empty(0), "breakpoint_y": np.empty(0), "pieces": 1,
                  "regions": 1, "W2d": W2d, "b2d": c2d,
                  "rank": int(np.linalg.matrix_rank(W2d)),
                  "slope": float(W1d[0, 0]), "intercept": float(c1d[0])}
    for value in state.values():
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    return state


@lru_cache(maxsize=1)
def _grid_lines() -> np.ndarray:
    return grid_lines(SQUARE, SQUARE, n_lines=11, n_points=80)


@lru_cache(maxsize=1)
def _region_points() -> np.ndarray:
    return plane_grid(SQUARE, SQUARE, REGION_GRID)[2]


def _fmt(value: float) -> str:
    """Two decimals, and never "-0.00"."""
    return f"{value + 0.0:.2f}" if abs(value) >= 0.005 else "0.00"


def _view(values, margin: float = 0.08, minimum: float = 0.5):
    """Limits (lo, hi) around values, at least ``2 * minimum`` wide."""
    lo, hi = float(np.min(values)), float(np.max(values))
    centre, half = (lo + hi) / 2, max((hi - lo) / 2, minimum) * (1 + margin)
    return centre - half, centre + half


class NetworkBender(ControlledExplorer):
    r"""Depth and width sliders and a linear/ReLU switch for a seeded random network.

    Parameters
    ----------
    depth : int, default 3
        Hidden layers shown first (slider from 1 to 6).
    width : int, default 6
        Units per hidden layer shown first (slider from 1 to 16).
    activation : {"relu", "identity"}, default "relu"
    seed : int, default 0

    Attributes
    ----------
    widget : ipywidgets.VBox
        Sliders, switch, readout and picture; display this.
    controls : dict
        ``"depth"``, ``"width"`` (IntSlider) and ``"activation"`` (ToggleButtons).
    state : dict
        What the last redraw showed (see :func:`bend`).
    fig : matplotlib.figure.Figure
        The one figure, reused by every redraw.
    """

    def __init__(self, depth: int = 3, width: int = 6, activation: str = "relu", seed: int = 0):
        self.seed = int(seed)
        style = {"description_width": "48px"}
        self.controls = {
            "depth": IntSlider(value=depth, min=1, max=6, description="depth",
                               style=style, layout=Layout(width="300px")),
            "width": IntSlider(value=width, min=1, max=16, description="width",
                               style=style, layout=Layout(width="300px")),
            "activation": ToggleButtons(options=ACTIVATION_CHOICES, value=activation,
                                        description="units", style=style | {
                                            "button_width": "80px"}),
        }
        self._build_figure()
        self.output = Output()
        self.readout = HTML()
        self._observe_controls()
        c = self.controls
        self.widget = VBox([HBox([c["depth"], c["width"]]), c["activation"], self.readout,
                            self.output])
        self.renderer = None
        self.redraw()

    def _freeze(self) -> None:
        # The constrained layout places the axes for the first picture; keep those
        # positions, since solving the layout again on every move would double its cost.
        # Then cache what never moves and redraw only what does on each move: the
        # curve's vertical axis and both axes of the grid panel follow the data.
        ax1, ax2 = self.ax_curve, self.ax_grid
        self.renderer = BlitRenderer(self.fig, [
            ax1.yaxis, self.curve, self.kinks, ax2.xaxis, ax2.yaxis, self.grid_artist,
            self.title,
        ], dpi=WIDGET_DPI)

    def _build_figure(self) -> None:
        self.fig, (ax1, ax2) = new_figure(figsize=(9.0, 4.3), ncols=2)
        self.ax_curve, self.ax_grid = ax1, ax2
        (self.curve,) = ax1.plot(X_1D, np.zeros_like(X_1D), color=CLASS_COLORS[0], linewidth=2)
        (self.kinks,) = ax1.plot([], [], linestyle="none", marker="o", markersize=5,
                                 color=CLASS_COLORS[3], label="breakpoints")
        ax1.set_xlim(X_1D[0], X_1D[-1])
        ax1.set_xlabel("input $x$")
        ax1.set_ylabel("output f(x)")
        ax1.grid(True, alpha=0.3)
        # One title names the network (it changes on every move, and drawing text is
        # most of the cost of a move); the panels' own titles stay the same.
        self.title = self.fig.suptitle(" ")
        ax1.set_title("1 input → 1 output (dots: breakpoints)")
        n_lines = _grid_lines().shape[0] // 2
        colors = [CLASS_COLORS[0]] * n_lines + [CLASS_COLORS[1]] * n_lines
        self.grid_artist = draw_grid_lines(ax2, _grid_lines(), colors=colors, linewidths=1.0)
        ax2.set_box_aspect(1)
        ax2.set_xlabel("output 1")
        ax2.set_ylabel("output 2")
        ax2.grid(True, alpha=0.3)
        ax2.set_title(f"2 inputs → 2 outputs: the grid of [{SQUARE[0]:g}, {SQUARE[1]:g}]²"
                      .replace("-", "\N{MINUS SIGN}"))
        for ax in (ax1, ax2):
            # Few tick labels: drawing text is most of the cost of a redraw, and these
            # axes (all but the curve's x axis) are redrawn on every move.
            ax.xaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 2.5, 5, 10]))
            ax.yaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 2.5, 5, 10]))

    def redraw(self) -> dict:
        """Look up (or compute) the current network, move the artists, show the picture."""
        v = self.values()
        s = self.state = bend(v["depth"], v["width"], v["activation"], self.seed)
        self.curve.set_ydata(s["y"])
        self.kinks.set_data(s["breakpoints"], s["breakpoint_y"])
        self.ax_curve.set_ylim(*_view(s["y"]))
        self.grid_artist.set_segments(list(s["lines"]))
        # A square view: equal units on both axes, so that angles are not distorted.
        points = s["lines"].reshape(-1, 2)
        (x_lo, x_hi), (y_lo, y_hi) = _view(points[:, 0]), _view(points[:, 1])
        half = max(x_hi - x_lo, y_hi - y_lo) / 2
        cx, cy = (x_lo + x_hi) / 2, (y_lo + y_hi) / 2
        self.ax_grid.set_xlim(cx - half, cx + half)
        self.ax_grid.set_ylim(cy - half, cy + half)
        hidden = " → ".join([str(s["width"])] * s["depth"])
        name = "ReLU" if s["activation"] == "relu" else "linear"
        self.title.set_text(f"{name} network, hidden layers {hidden}")
        self.readout.value = self._readout_html(s)
        if self.renderer is None:
            self._freeze()  # once, after the first redraw has set every text
        self.png = self.renderer.render_png()
        self.output.outputs = (png_output(self.png, self._alt_text()),)
        return s

    def _readout_html(self, s) -> str:
        if s["activation"] == "relu":
            return (
                f"ReLU: the curve has <b>{s['pieces']}</b> linear pieces on [−3, 3] "
                f"({s['pieces'] - 1} breakpoints, red dots); the 2-D network splits the square "
                f"[−2, 2]² into <b>{s['regions']}</b> linear regions (distinct on/off patterns "
                f"of its {s['depth'] * s['width']} hidden units on a {REGION_GRID} × "
                f"{REGION_GRID} grid)."
            )
        (a, c), (d, e) = s["W2d"]
        squash = " — the plane is squashed onto a line" if s["rank"] < 2 else ""
        return (
            f"Linear: whatever the depth, the curve is the single line "
            f"f(x) = <b>{_fmt(s['slope'])} x + {_fmt(s['intercept'])}</b>, and the 2-D network "
            f"is one affine map with W = [[{_fmt(a)}, {_fmt(c)}], [{_fmt(d)}, {_fmt(e)}]], "
            f"b = [{_fmt(s['b2d'][0])}, {_fmt(s['b2d'][1])}], rank <b>{s['rank']}</b>{squash}."
        )

    def _alt_text(self) -> str:
        s = self.state
        return (f"network bender: {s['activation']}, depth {s['depth']}, width {s['width']}, "
                f"{s['pieces']} pieces, {s['regions']} regions")


def network_bender_explorer(**options) -> VBox:
    """The network bender, ready to display (options as for :class:`NetworkBender`)."""
    return NetworkBender(**options).widget


def benchmark_callbacks() -> dict:
    """One control move per control, as zero-argument callables, for speed measurements.

    Each call moves one control to a new value, which looks up (or computes) the network,
    updates the figure and renders its PNG, exactly as a reader's move does. The values
    cycle, so after the first round the networks come from :func:`bend`'s cache and the
    time measured is the drawing.

    Returns
    -------
    dict
        ``{"depth": callable, "width": callable, "activation": callable}``.
    """
    bender = NetworkBender()

    def move(name, values):
        state = {"i": 0}

        def step():
            state["i"] += 1
            bender.controls[name].value = values[state["i"] % len(values)]

        return step

    return {
        "depth": move("depth", [3, 4, 2]),
        "width": move("width", [6, 9, 3]),
        "activation": move("activation", ["relu", "identity"]),
    }
