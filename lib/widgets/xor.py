r"""The XOR workbench of chapter 3: hand-tune a 2 -> 2 -> 1 ReLU network on XOR.

The network is

.. math::

    h = \operatorname{ReLU}(W_1 x + b_1), \qquad \hat y = w_2 \cdot h + b_2,

with ``W1`` of shape ``(2, 2)`` (one row per hidden unit), ``b1`` of shape ``(2,)``,
``w2`` of shape ``(2,)`` and a scalar ``b2`` (the sliders call the output weights
:math:`v_1, v_2` and its bias :math:`c`). A point is called class 1 when
:math:`\hat y > \tfrac12` (the hand-built solution outputs exactly 0 or 1 on the
four corners, so one half is the natural cut).

The computing functions (:func:`xor_network`, :func:`predict_labels`) are plain
and testable (lines are clipped to the panels with chapter 1's
:func:`~lib.widgets.neurons_and_layers.boundary_segment`); :class:`XorWorkbench` builds one
figure (decision regions in input space, the four points in hidden space) and
updates its artists in place when a slider moves; :func:`xor_explorer` returns the
assembled widget.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap, to_rgb

from lib._validate import as_float_array
from lib.activations import relu
from lib.data import xor
from lib.layers import dense_forward
from lib.plotting import CLASS_COLORS, BlitRenderer, new_figure, plane_grid, png_output
from lib.widgets.neurons_and_layers import boundary_segment

__all__ = [
    "HAND_W1",
    "HAND_B1",
    "HAND_W2",
    "HAND_B2",
    "THRESHOLD",
    "xor_network",
    "predict_labels",
    "XorWorkbench",
    "xor_explorer",
    "benchmark_callbacks",
]

# The hand-built solution: h1 = ReLU(x1 + x2), h2 = ReLU(x1 + x2 - 1), y = h1 - 2 h2.
HAND_W1 = np.array([[1.0, 1.0], [1.0, 1.0]])
HAND_B1 = np.array([0.0, -1.0])
HAND_W2 = np.array([1.0, -2.0])
HAND_B2 = 0.0
THRESHOLD = 0.5

# Regions are shaded in the book's class colours (class 0 blue, class 1 orange).
REGION_ALPHA = 0.3
# The class colours blended with white once, here, so that the images are opaque and a
# redraw need not composite them with the background.
REGION_COLORS = ListedColormap(
    [REGION_ALPHA * np.array(to_rgb(c)) + (1 - REGION_ALPHA) for c in CLASS_COLORS[:2]]
)
INPUT_LIMITS = (-0.5, 1.5)
# Hidden-space views: the smallest that holds all four points is used, and the static
# part of the picture is cached for each.
HIDDEN_TOPS = (2.5, 4.0, 6.0, 10.0)
WRONG_MARK = '<b style="color:#c53030">✗</b>'


def xor_network(X, W1, b1, w2, b2):
    r"""Hidden activations and output scores of the 2 -> 2 -> 1 ReLU network.

    .. math::

        H = \operatorname{ReLU}(X W_1^\top + b_1), \qquad \hat y = H w_2 + b_2.

    Parameters
    ----------
    X : array_like of shape (N, 2)
        Input points, one per row.
    W1 : array_like of shape (2, 2)
        Hidden weights, one row per hidden unit.
    b1 : array_like of shape (2,)
        Hidden biases.
    w2 : array_like of shape (2,)
        Output weights, one per hidden unit.
    b2 : float
        Output bias.

    Returns
    -------
    H : ndarray of shape (N, 2)
        Hidden activations: each point's coordinates in hidden space.
    scores : ndarray of shape (N,)
        Output scores :math:`\hat y`.
    """
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (x1, x2), got shape {X.shape}")
    W1 = as_float_array(W1, "W1", ndim=2)
    if W1.shape != (2, 2):
        raise ValueError(f"W1 must have shape (2, 2) (two hidden units, two inputs), got {W1.shape}"
                         )
    w2 = as_float_array(w2, "w2", ndim=1)
    if w2.shape != (2,):
        raise ValueError(f"w2 must have shape (2,) (one weight per hidden unit), got {w2.shape}")
    b2 = float(as_float_array(b2, "b2", ndim=0))
    H = relu(dense_forward(X, W1, b1))
    return H, H @ w2 + b2


def predict_labels(scores, threshold: float = THRESHOLD):
    r"""Class labels from output scores: 1 where :math:`\hat y >` ``threshold``, else 0.

    Parameters
    ----------
    scores : array_like of shape (N,)
    threshold : float, default 0.5

    Returns
    -------
    ndarray of int, shape (N,)
    """
    scores = as_float_array(scores, "scores", ndim=1)
    return (scores > threshold).astype(int)


class XorWorkbench:
    r"""One figure and nine sliders for the 2 -> 2 -> 1 ReLU network on XOR.

    Left panel: the input plane coloured by the predicted class, the two hidden
    units' fold lines (dashed) and the four XOR points. Right panel: the same four
    points at their hidden coordinates :math:`h = (h_1, h_2)`, with the output's
    decision line :math:`v \cdot h + c = 1/2` and the half-plane it calls class 1.

    Parameters
    ----------
    grid_size : int, default 161
        Pixels per side of the input-space decision image (precomputed grid).
    """

    def __init__(self, grid_size: int = 161):
        self.X, self.y = xor()
        self.X = np.asarray(self.X, dtype=float)
        self.y = np.asarray(self.y, dtype=int)
        # Grid of input points, computed once; each move is one small matrix product.
        g1, _, self.grid = plane_grid(INPUT_LIMITS, INPUT_LIMITS, grid_size)
        self.grid_shape = g1.shape
        self.hidden_grid_size = 81
        self.state: dict = {}
        self._muted = False
        self._build_sliders()
        self._build_figure()
        self.output = widgets.Output()
        self.readout = widgets.HTML()
        self.update()

    # ----------------------------------------------------------------- widgets
    def _build_sliders(self):
        style = {"description_width": "2.6em"}
        layout = widgets.Layout(width="215px")

        def slider(description, value):
            return widgets.FloatSlider(
                value=value, min=-3.0, max=3.0, step=0.1, description=description,
                continuous_update=True, readout_format=".1f", style=style, layout=layout,
            )

        self.sliders = {
            "w11": slider("W₁₁", HAND_W1[0, 0]),
            "w12": slider("W₁₂", HAND_W1[0, 1]),
            "b11": slider("b₁", HAND_B1[0]),
            "w21": slider("W₂₁", HAND_W1[1, 0]),
            "w22": slider("W₂₂", HAND_W1[1, 1]),
            "b12": slider("b₂", HAND_B1[1]),
            "v1": slider("v₁", HAND_W2[0]),
            "v2": slider("v₂", HAND_W2[1]),
            "c": slider("c", HAND_B2),
        }
        for s in self.sliders.values():
            s.observe(self._on_change, names="value")

    def _on_change(self, _change):
        if self._muted:
            return
        self.update()
        self.render()

    def parameters(self):
        """Current slider values as ``(W1 (2, 2), b1 (2,), w2 (2,), b2 float)``."""
        v = {name: s.value for name, s in self.sliders.items()}
        W1 = np.array([[v["w11"], v["w12"]], [v["w21"], v["w22"]]])
        b1 = np.array([v["b11"], v["b12"]])
        w2 = np.array([v["v1"], v["v2"]])
        return W1, b1, w2, float(v["c"])

    def set_parameters(self, W1, b1, w2, b2):
        """Move all nine sliders at once (one redraw), e.g. to load a trained network."""
        W1 = np.asarray(W1, dtype=float)
        values = {
            "w11": W1[0, 0], "w12": W1[0, 1], "w21": W1[1, 0], "w22": W1[1, 1],
            "b11": b1[0], "b12": b1[1], "v1": w2[0], "v2": w2[1], "c": b2,
        }
        self._muted = True  # one redraw for all nine moves, not nine
        try:
            for name, value in values.items():
                self.sliders[name].value = float(value)
        finally:
            self._muted = False
        self.update()
        self.render()

    # ------------------------------------------------------------------ figure
    def _build_figure(self):
        fig, (ax_in, ax_hid) = new_figure(figsize=(9.0, 4.4), ncols=2)
        fig.set_dpi(80)
        self.fig, self.ax_in, self.ax_hid = fig, ax_in, ax_hid

        lo, hi = INPUT_LIMITS
        blank = np.zeros(self.grid_shape)
        self.region_image = ax_in.imshow(
            blank, origin="lower", extent=(lo, hi, lo, hi), cmap=REGION_COLORS,
            vmin=0, vmax=1, interpolation="nearest", aspect="equal",
        )
        self.fold_lines = [
            ax_in.plot([], [], ls="--", lw=1.4, color=color, label=label)[0]
            for color, label in (("#444444", "fold of $h_1$"), ("#8a2be2", "fold of $h_2$"))
        ]
        ax_in.set(xlim=INPUT_LIMITS, ylim=INPUT_LIMITS, xlabel="$x_1$", ylabel="$x_2$",
                  xticks=[0, 0.5, 1], yticks=[0, 0.5, 1], title="Input space: predicted class")

        self.hidden_image = ax_hid.imshow(
            np.zeros((self.hidden_grid_size, self.hidden_grid_size)), origin="lower",
            extent=(0, 1, 0, 1), cmap=REGION_COLORS, vmin=0, vmax=1,
            interpolation="nearest", aspect="equal",
        )
        (self.hidden_line,) = ax_hid.plot([], [], color="black", lw=2,
                                          label=r"output line $v\cdot h + c = \frac{1}{2}$")
        ax_hid.axhline(0, color="#999999", lw=0.8)
        ax_hid.axvline(0, color="#999999", lw=0.8)
        ax_hid.set(xlabel="$h_1$", ylabel="$h_2$", title="Hidden space: the same four points")

        # Points: one scatter per class in each panel (marker says the true label).
        self.input_points, self.hidden_points = [], []
        for label, marker in ((0, "o"), (1, "^")):
            mask = self.y == label
            kwargs = dict(s=110, marker=marker, color=CLASS_COLORS[label],
                          edgecolor="black", linewidth=1.0, zorder=3,
                          label=f"label {label}")
            self.input_points.append(ax_in.scatter(*self.X[mask].T, **kwargs))
            self.hidden_points.append(ax_hid.scatter(*self.X[mask].T, **kwargs))
        self.wrong_marks = ax_in.scatter(
            [], [], s=420, facecolor="none", edgecolor="#c53030", linewidth=2.2, zorder=4,
            label="misclassified",
        )
        self.hidden_wrong = ax_hid.scatter(
            [], [], s=420, facecolor="none", edgecolor="#c53030", linewidth=2.2, zorder=4,
        )
        self.hidden_texts = [
            ax_hid.annotate(f"({int(a)},{int(b)})", (0, 0), xytext=(7, -14),
                            textcoords="offset points", fontsize=9, zorder=5)
            for a, b in self.X
        ]
        ax_in.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=8,
                     frameon=False)
        ax_hid.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=8,
                      frameon=False)
        # Everything inside the two axes changes with the sliders; the frames, ticks,
        # titles and legends do not. BlitRenderer lays the figure out once and freezes
        # it, caches the static part (one copy per hidden-space zoom level) and each
        # move repaints just the moving artists over it.
        self.moving_artists = {
            ax: [*ax.images, *ax.lines, *ax.collections, *ax.texts] for ax in (ax_in, ax_hid)
        }
        self.renderer = BlitRenderer(fig, [*self.moving_artists[ax_in],
                                           *self.moving_artists[ax_hid]])

    # ------------------------------------------------------------------ update
    def update(self):
        """Recompute everything from the sliders and update the artists in place.

        Returns
        -------
        dict
            ``H`` (4, 2), ``scores`` (4,), ``predicted`` (4,), ``accuracy`` float,
            ``dead_units`` (list of hidden units that are zero on all four points).
        """
        W1, b1, w2, b2 = self.parameters()
        H, scores = xor_network(self.X, W1, b1, w2, b2)
        predicted = predict_labels(scores)
        accuracy = float(np.mean(predicted == self.y))
        dead = [k + 1 for k in range(2) if np.all(H[:, k] == 0.0)]

        # Input space: class image over the precomputed grid, fold lines of h1 and h2.
        _, grid_scores = xor_network(self.grid, W1, b1, w2, b2)
        self.region_image.set_data(predict_labels(grid_scores).reshape(self.grid_shape))
        for k, line in enumerate(self.fold_lines):
            line.set_data(*boundary_segment(W1[k], b1[k], INPUT_LIMITS, INPUT_LIMITS).T)
        wrong = predicted != self.y
        self.wrong_marks.set_offsets(self.X[wrong] if wrong.any() else np.empty((0, 2)))

        # Hidden space: move the points, rescale the view, redraw the half-plane.
        top = next(t for t in HIDDEN_TOPS if t >= float(H.max()) + 0.4)
        xlim = ylim = (-0.5, top)
        for label, artist in zip((0, 1), self.hidden_points, strict=True):
            artist.set_offsets(H[self.y == label])
        self.hidden_wrong.set_offsets(H[wrong] if wrong.any() else np.empty((0, 2)))
        for text, h in zip(self.hidden_texts, H, strict=True):
            text.xy = (float(h[0]), float(h[1]))
        self._stack_coinciding_labels(H)
        axis = np.linspace(xlim[0], xlim[1], self.hidden_grid_size)
        h1, h2 = np.meshgrid(axis, axis)
        self.hidden_image.set_data(((w2[0] * h1 + w2[1] * h2 + b2) > THRESHOLD).astype(float))
        self.hidden_image.set_extent((*xlim, *ylim))
        self.hidden_line.set_data(*boundary_segment(w2, b2 - THRESHOLD, xlim, ylim).T)
        self.ax_hid.set(xlim=xlim, ylim=ylim)

        self.readout.value = self._readout_html(H, scores, predicted, accuracy, dead)
        self.state = {"H": H, "scores": scores, "predicted": predicted,
                      "accuracy": accuracy, "dead_units": dead}
        return self.state

    def _stack_coinciding_labels(self, H):
        """Offset the labels of points that land on the same hidden point so both read."""
        seen: dict = {}
        for text, h in zip(self.hidden_texts, H, strict=True):
            key = (round(float(h[0]), 6), round(float(h[1]), 6))
            count = seen.get(key, 0)
            seen[key] = count + 1
            text.set_position((7, -14 - 12 * count))

    def _readout_html(self, H, scores, predicted, accuracy, dead):
        # A fixed-width block: it keeps its columns whatever the page's table style.
        lines = [f"{'x':^6}  {'h₁':>6} {'h₂':>6} {'ŷ':>6}  pred  label"]
        for x, h, s, p, t in zip(self.X, H, scores, predicted, self.y, strict=True):
            mark = "✓" if p == t else WRONG_MARK
            lines.append(f"({int(x[0])}, {int(x[1])})  {h[0]:6.2f} {h[1]:6.2f} {s:6.2f}"
                         f"  {p:^4}  {t:^5} {mark}")
        correct = int(round(accuracy * len(self.y)))
        dead_note = (
            f"<br>Dead hidden unit(s): {', '.join(f'h<sub>{k}</sub>' for k in dead)} "
            "(zero on all four points)" if dead else ""
        )
        return (
            f"<b>Accuracy: {correct}/4 = {accuracy:.0%}</b> (class 1 where ŷ &gt; 0.5)"
            + dead_note
            + "<pre style='margin:4px 0;line-height:1.3;font-size:0.9em'>"
            + "\n".join(lines) + "</pre>"
        )

    def render_png(self) -> bytes:
        """The figure as PNG bytes: cached static part plus the moving artists."""
        return self.renderer.render_png(key=self.ax_hid.get_xlim())  # one cache per zoom

    def render(self):
        """Put the current picture in the Output area (replacing the last one)."""
        self.output.outputs = (png_output(self.render_png(), "XOR workbench figure"),)

    def widget(self):
        """The assembled widget: three slider groups, readout, figure."""
        def group(title, names):
            heading = widgets.HTML(f"<b style='font-size:0.9em'>{title}</b>")
            return widgets.VBox([heading] + [self.sliders[n] for n in names])

        controls = widgets.HBox([
            group("h₁ = ReLU(W₁₁x₁ + W₁₂x₂ + b₁)", ("w11", "w12", "b11")),
            group("h₂ = ReLU(W₂₁x₁ + W₂₂x₂ + b₂)", ("w21", "w22", "b12")),
            group("ŷ = v₁h₁ + v₂h₂ + c", ("v1", "v2", "c")),
        ])
        self.render()
        return widgets.VBox([controls, self.readout, self.output])


def xor_explorer():
    """The XOR workbench, starting at the hand-built solution (4/4 correct)."""
    return XorWorkbench().widget()


def benchmark_callbacks():
    """Zero-argument callables that each perform one slider move (compute, redraw, PNG)."""
    bench = XorWorkbench()
    values = {"w11": [0.9, 1.0], "b12": [-0.9, -1.0], "v2": [-1.9, -2.0]}
    counters = dict.fromkeys(values, 0)

    def move(name):
        def callback():
            counters[name] += 1
            # The observer recomputes, updates the artists and renders the PNG.
            bench.sliders[name].value = values[name][counters[name] % 2]

        return callback

    return {f"move_{name}": move(name) for name in values}
