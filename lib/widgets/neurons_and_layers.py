r"""Explorers for chapter 1 (neurons and layers).

- The **neuron explorer** draws one neuron :math:`a = \sigma(w \cdot x + b)` with two
  inputs as a heat map over the plane, with its boundary line :math:`w \cdot x + b = 0`
  (:func:`lib.plotting.boundary_segment`) and its weight vector, normal to that line.
- The **layer explorer** sends a grid and a cloud of points through a layer
  :math:`h = \sigma(Wx + b)` with a 2 x 2 matrix (:func:`lib.layers.layer_forward`).
"""

import numpy as np
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import MaxNLocator

from lib._validate import as_float_array, check_count, check_real
from lib.layers import layer_forward
from lib.plotting import (
    CLASS_COLORS,
    boundary_segment,
    draw_grid_lines,
    grid_lines,
    new_figure,
    plane_grid,
)
from lib.widgets.core import Explorer, buttons, slider

__all__ = ["NeuronExplorer", "LayerExplorer"]

ACTIVATIONS = buttons("activation", ["relu", "sigmoid", "tanh", "identity"], "relu", "σ")
LIMITS = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}  # colour scales with a natural range
W_CASES = {  # the layer explorer's matrices: what a reader tries first
    "[[1, 1], [1, −1]]": ((1.0, 1.0), (1.0, -1.0)),
    "shear": ((1.0, 1.0), (0.0, 1.0)),
    "rotate 90°": ((0.0, -1.0), (1.0, 0.0)),
    "rank 1": ((1.0, 2.0), (0.5, 1.0)),
}
B_CASES = {"(−0.5, 0)": (-0.5, 0.0), "(0, 0)": (0.0, 0.0), "(1, 1)": (1.0, 1.0)}


class NeuronExplorer(Explorer):
    r"""One neuron :math:`a = \sigma(w_1 x_1 + w_2 x_2 + b)` as a heat map over the square
    :math:`[-\text{lim}, \text{lim}]^2` (``n`` points per side), with the score and the
    activation at ``point`` in the readout."""

    controls = (slider("w1", (-1.0, 0.5, 1.0), 0.5, "w₁"),
                slider("w2", (-1.0, 0.0, 1.0), -1.0, "w₂"),
                slider("b", (-1.0, 1.0, 3.0), 1.0), ACTIVATIONS)
    rows = (("w1", "w2", "b"), ("activation",))
    dpi = 72

    def __init__(self, point=(2.0, 3.0), lim: float = 4.0, n: int = 101, **options):
        self.point = as_float_array(point, "point", ndim=1)
        if self.point.shape != (2,):
            raise ValueError(f"point must be (x1, x2), got shape {self.point.shape}")
        self.lim = (-check_real(lim, "lim", low=0, low_open=True), float(lim))
        _, _, self.grid = plane_grid(self.lim, self.lim, n)  # validates lim and n
        self.n = n
        self.config = {"point": self.point.tolist(), "lim": float(lim), "n": n}
        super().__init__(**options)

    def build(self):
        fig, ax = new_figure(figsize=(4.8, 4.4))
        self.image = ax.imshow(np.zeros((self.n, self.n)), origin="lower", cmap="viridis",
                               extent=(*self.lim, *self.lim), interpolation="nearest")
        self.colorbar = fig.colorbar(self.image, ax=ax, shrink=0.8, label="activation a")
        self.colorbar.locator = MaxNLocator(6, steps=[1, 2, 2.5, 5, 10])
        (self.boundary,) = ax.plot([], [], color="white", linestyle="--", linewidth=2)
        self.arrow = ax.add_patch(FancyArrowPatch((0, 0), (1, 0), arrowstyle="-|>", zorder=4,
                                                  mutation_scale=18, color="#e4572e", lw=2.5))
        (self.marker,) = ax.plot(*self.point, "o", markersize=8, color="white",
                                 markeredgecolor="black", zorder=5)
        ax.set(xlim=self.lim, ylim=self.lim, aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
        self.title = ax.set_title(" ", fontsize=10)
        return fig, [self.image, self.boundary, self.arrow, self.marker, self.title,
                     self.colorbar.ax.yaxis]

    def compute(self, values):
        w, b = np.array([values["w1"], values["w2"]]), values["b"]
        z, a = layer_forward(np.vstack([self.grid, self.point]), w[None, :], [b],
                             values["activation"])
        return dict(values, w=w, z=z[:-1, 0].reshape(self.n, self.n),
                    a=a[:-1, 0].reshape(self.n, self.n), point_z=float(z[-1, 0]),
                    point_a=float(a[-1, 0]), segment=boundary_segment(w, b, self.lim, self.lim))

    def draw(self, s):
        self.image.set_data(s["a"])
        biggest = float(np.abs(s["a"]).max()) or 1.0  # a constant 0 surface needs a scale
        self.image.set_clim(*LIMITS.get(s["activation"], (
            0.0 if s["activation"] == "relu" else -biggest, biggest)))
        self.boundary.set_data(s["segment"][:, 0], s["segment"][:, 1])
        # The arrow starts on the boundary (the middle of its visible part), normal to it.
        tail = s["segment"].mean(axis=0) if len(s["segment"]) else np.zeros(2)
        self.arrow.set_positions(tuple(tail), tuple(tail + s["w"]))
        self.arrow.set_visible(bool(np.any(s["w"])))
        f = self.fmt
        self.title.set_text(f"a = {s['activation']}({f(s['w1'])} x₁ + ({f(s['w2'])}) x₂ "
                            f"+ ({f(s['b'])}))")

    def readout(self, s):
        f, (x1, x2) = self.fmt, self.point
        return (f"At the marked point x = ({f(x1)}, {f(x2)}): z = w·x + b = ({f(s['w1'])})"
                f"({f(x1)}) + ({f(s['w2'])})({f(x2)}) + ({f(s['b'])}) = "
                f"<b>{f(s['point_z'])}</b>, and {s['activation']}(z) = <b>{f(s['point_a'])}</b>."
                " The dashed line is where z = 0; the arrow w points towards growing z.")

    def alt(self, s):
        return (f"neuron heat map: {s['activation']}, w = ({s['w1']:g}, {s['w2']:g}), "
                f"b = {s['b']:g}")


class LayerExplorer(Explorer):
    r"""A layer :math:`h = \sigma(Wx + b)` with a 2 x 2 matrix bending a grid and a cloud of
    ``n_points`` normal points (``seed``); ``W`` and ``b`` are chosen among ``W_CASES`` and
    ``B_CASES``, and with a kernel ``update(W=((a, b), (c, d)), b=(e, f))`` takes any."""

    controls = (buttons("W", list(W_CASES), "[[1, 1], [1, −1]]"),
                buttons("b", list(B_CASES), "(−0.5, 0)"), ACTIVATIONS)
    dpi = 72

    def __init__(self, n_points: int = 200, seed: int = 0, **options):
        self.points = np.random.default_rng(check_count(seed, "seed", minimum=0)).normal(
            size=(check_count(n_points, "n_points"), 2))
        quadrant = (self.points[:, 0] < 0) + 2 * (self.points[:, 1] < 0)  # 0 1 / 2 3
        self.colors = np.array(CLASS_COLORS[:4])[quadrant]
        self.lines = grid_lines((-3, 3), (-3, 3), n_lines=9, n_points=60)
        self.config = {"n_points": n_points, "seed": seed}
        super().__init__(**options)

    def build(self):
        fig, (ax_in, ax_out) = new_figure(figsize=(8.0, 4.1), ncols=2)
        self.ax_out = ax_out
        for ax in (ax_in, ax_out):
            ax.set_box_aspect(1)
            ax.axhline(0.0, color="black", linewidth=0.8, zorder=1)
            ax.axvline(0.0, color="black", linewidth=0.8, zorder=1)
            ax.xaxis.set_major_locator(MaxNLocator(6, steps=[1, 2, 2.5, 5, 10]))
            ax.yaxis.set_major_locator(MaxNLocator(6, steps=[1, 2, 2.5, 5, 10]))
        self.axes_lines = ax_out.lines[-2:]
        draw_grid_lines(ax_in, self.lines)
        ax_in.scatter(*self.points.T, c=self.colors, s=14, zorder=3)
        ax_in.set(xlim=(-3, 3), ylim=(-3, 3), xlabel="$x_1$", ylabel="$x_2$",
                  title="input $x$ (colour = starting quadrant)")
        self.out_lines = draw_grid_lines(ax_out, self.lines)
        self.out_points = ax_out.scatter(*self.points.T, c=self.colors, s=14, zorder=3)
        ax_out.set(xlabel="$h_1$", ylabel="$h_2$")
        self.title = ax_out.set_title(" ")
        return fig, [ax_out.xaxis, ax_out.yaxis, *self.axes_lines, self.out_lines,
                     self.out_points, self.title]

    def compute(self, values):
        W = np.asarray(self.case(W_CASES, values["W"]), dtype=float)
        b = np.asarray(self.case(B_CASES, values["b"]), dtype=float)
        _, h = layer_forward(self.points, W, b, values["activation"])
        _, moved = layer_forward(self.lines.reshape(-1, 2), W, b, values["activation"])
        return dict(values, W_matrix=W, b_vector=b, h=h, h_lines=moved.reshape(self.lines.shape),
                    on_axis=int(np.sum(np.any(h == 0.0, axis=1))))

    def draw(self, s):
        self.out_lines.set_segments(list(s["h_lines"]))
        self.out_points.set_offsets(s["h"])
        xy = np.vstack([s["h"], s["h_lines"].reshape(-1, 2), [[0, 0]]])
        low, high = xy.min(axis=0), xy.max(axis=0)  # a square view around everything
        centre, half = (low + high) / 2, max(float((high - low).max()) / 2, 0.5) * 1.08
        self.ax_out.set(xlim=(centre[0] - half, centre[0] + half),
                        ylim=(centre[1] - half, centre[1] + half))
        self.title.set_text(f"hidden h = {s['activation']}(Wx + b)")

    def readout(self, s):
        f, ((a, c), (d, e)), b = self.fmt, s["W_matrix"], s["b_vector"]
        return (f"W = [[{f(a)}, {f(c)}], [{f(d)}, {f(e)}]], b = [{f(b[0])}, {f(b[1])}], "
                f"det W = {f(np.linalg.det(s['W_matrix']))}. <b>{s['on_axis']}</b> of "
                f"{len(self.points)} points have a hidden feature exactly 0 (they sit on an "
                "axis of the right panel).")

    def alt(self, s):
        return (f"layer picture: {s['activation']}, W = {s['W_matrix'].tolist()}, "
                f"b = {s['b_vector'].tolist()}")
