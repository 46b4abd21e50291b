r"""The XOR workbench of chapter 3: :math:`h = \operatorname{ReLU}(W_1 x + b_1)`,
:math:`\hat y = v \cdot h + c` (:meth:`lib.network.MLP.from_arrays`), class 1 where
:math:`\hat y > \tfrac12`. Left: the input plane by predicted class with each hidden unit's
fold line; right: the four points in hidden space with the output's line. The hidden layer
is one of four cases (``HIDDEN``), the output layer has sliders; with a kernel
``update(hidden=(W1, b1))`` takes any hidden layer.
"""

import numpy as np
from matplotlib.colors import ListedColormap, to_rgb

from lib._validate import check_count
from lib.data import xor
from lib.network import MLP
from lib.plotting import CLASS_COLORS, boundary_segment, new_figure, plane_grid
from lib.widgets.core import Explorer, buttons, slider

__all__ = ["XorWorkbench"]

HIDDEN = {  # name -> (W1 of shape (2, 2), b1 of shape (2,))
    "hand-built": (((1.0, 1.0), (1.0, 1.0)), (0.0, -1.0)),
    "b₂ = 0": (((1.0, 1.0), (1.0, 1.0)), (0.0, 0.0)),
    "h₂ dead": (((1.0, 1.0), (-1.0, -1.0)), (0.0, -1.0)),
    "±(x₁ − x₂)": (((1.0, -1.0), (-1.0, 1.0)), (0.0, 0.0)),
}
THRESHOLD = 0.5
INPUT_LIMITS = (-0.5, 1.5)
HIDDEN_TOPS = (2.5, 4.0, 6.0, 10.0)  # hidden-space views; one cached background each
# The class colours blended with white once, so that the region images are opaque.
REGIONS = ListedColormap([0.3 * np.array(to_rgb(c)) + 0.7 for c in CLASS_COLORS[:2]])


class XorWorkbench(Explorer):
    """The 2 -> 2 -> 1 network on XOR; ``grid_size`` pixels per side of the class image."""

    controls = (buttons("hidden", list(HIDDEN), "hand-built", "hidden layer"),
                slider("v1", (0.0, 1.0, 2.0), 1.0, "v₁"),
                slider("v2", (-2.0, -1.0, 1.0), -2.0, "v₂"), slider("c", (-0.5, 0.0, 0.5), 0.0))
    rows = (("hidden",), ("v1", "v2", "c"))

    def __init__(self, grid_size: int = 121, **options):
        self.X, self.y = (np.asarray(a) for a in xor())
        self.grid = plane_grid(INPUT_LIMITS, INPUT_LIMITS, check_count(grid_size, "grid_size",
                                                                         minimum=2))[2]
        self.n = grid_size
        self.config = {"grid_size": grid_size}
        super().__init__(**options)

    def build(self):
        fig, (ax_in, ax_hid) = new_figure(figsize=(9.0, 4.4), ncols=2)
        self.ax_hid = ax_hid
        lo, hi = INPUT_LIMITS
        self.region = ax_in.imshow(np.zeros((self.n, self.n)), origin="lower",
                                   extent=(lo, hi, lo, hi), cmap=REGIONS, vmin=0, vmax=1,
                                   interpolation="nearest")
        self.folds = [ax_in.plot([], [], "--", lw=1.4, color=color, label=label)[0]
                      for color, label in (("#444444", "fold of $h_1$"),
                                           ("#8a2be2", "fold of $h_2$"))]
        ax_in.set(xlim=INPUT_LIMITS, ylim=INPUT_LIMITS, xlabel="$x_1$", ylabel="$x_2$",
                  xticks=[0, 0.5, 1], yticks=[0, 0.5, 1], title="Input space: predicted class")
        self.half_plane = ax_hid.imshow(np.zeros((81, 81)), origin="lower", extent=(0, 1, 0, 1),
                                        cmap=REGIONS, vmin=0, vmax=1, interpolation="nearest")
        (self.output_line,) = ax_hid.plot([], [], color="black", lw=2,
                                          label=r"output line $v\cdot h + c = \frac{1}{2}$")
        ax_hid.axhline(0, color="#999999", lw=0.8)
        ax_hid.axvline(0, color="#999999", lw=0.8)
        ax_hid.set(xlabel="$h_1$", ylabel="$h_2$", title="Hidden space: the same four points")
        self.points, self.inputs = {}, []  # drawn over the moving images: moving too
        for label, marker in ((0, "o"), (1, "^")):
            style = dict(s=110, marker=marker, color=CLASS_COLORS[label], edgecolor="black",
                         zorder=3, label=f"label {label}")
            self.inputs.append(ax_in.scatter(*self.X[self.y == label].T, **style))
            self.points[label] = ax_hid.scatter(*self.X[self.y == label].T, **style)
        ring = dict(s=420, facecolor="none", edgecolor="#c53030", linewidth=2.2, zorder=4)
        self.wrong_in = ax_in.scatter([], [], label="misclassified", **ring)
        self.wrong_hid = ax_hid.scatter([], [], **ring)
        self.texts = [ax_hid.annotate(f"({a:g},{b:g})", (0, 0), xytext=(7, -14), fontsize=9,
                                      textcoords="offset points", zorder=5) for a, b in self.X]
        for ax in (ax_in, ax_hid):
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, fontsize=8,
                      frameon=False)
        return fig, [self.region, *self.folds, *self.inputs, self.wrong_in, self.half_plane,
                     self.output_line, *self.points.values(), self.wrong_hid, *self.texts]

    def compute(self, values):
        W1, b1 = (np.asarray(a, dtype=float) for a in self.case(HIDDEN, values["hidden"]))
        v, c = np.array([values["v1"], values["v2"]]), float(values["c"])
        net = MLP.from_arrays([W1, v[None, :]], [b1, [c]])
        H, scores = net.hidden(self.X), net.forward(self.X)[:, 0]
        predicted = (scores > THRESHOLD).astype(int)
        return dict(values, W1=W1, b1=b1, v=v, H=H, scores=scores, predicted=predicted,
                    accuracy=float(np.mean(predicted == self.y)),
                    dead_units=[k + 1 for k in range(2) if np.all(H[:, k] == 0.0)],
                    regions=(net.forward(self.grid)[:, 0] > THRESHOLD).reshape(self.n, self.n))

    def draw(self, s):
        self.region.set_data(s["regions"].astype(float))
        for k, line in enumerate(self.folds):
            line.set_data(*boundary_segment(s["W1"][k], s["b1"][k], INPUT_LIMITS, INPUT_LIMITS).T)
        wrong = s["predicted"] != self.y
        self.wrong_in.set_offsets(self.X[wrong].reshape(-1, 2))
        self.wrong_hid.set_offsets(s["H"][wrong].reshape(-1, 2))
        lim = (-0.5, next((t for t in HIDDEN_TOPS if t >= s["H"].max() + 0.4), HIDDEN_TOPS[-1]))
        for label, artist in self.points.items():
            artist.set_offsets(s["H"][self.y == label])
        seen: dict = {}  # points landing on the same hidden point get stacked labels
        for text, h in zip(self.texts, s["H"], strict=True):
            key = tuple(np.round(h, 6))
            seen[key] = seen.get(key, 0) + 1
            text.xy = tuple(h)
            text.set_position((7, -14 - 12 * (seen[key] - 1)))
        h1, h2 = np.meshgrid(*[np.linspace(*lim, 81)] * 2)
        self.half_plane.set_data((s["v"][0] * h1 + s["v"][1] * h2 + s["c"] > THRESHOLD) * 1.0)
        self.half_plane.set_extent((*lim, *lim))
        self.output_line.set_data(*boundary_segment(s["v"], s["c"] - THRESHOLD, lim, lim).T)
        self.ax_hid.set(xlim=lim, ylim=lim)
        return lim  # one cached background per hidden-space view

    def readout(self, s):
        rows = [f"{'x':^6}  {'h₁':>6} {'h₂':>6} {'ŷ':>6}  pred  label"]
        for x, h, score, p, t in zip(self.X, s["H"], s["scores"], s["predicted"], self.y,
                                     strict=True):
            mark = "✓" if p == t else '<b style="color:#c53030">✗</b>'
            rows.append(f"({x[0]:g}, {x[1]:g})  {h[0] + 0.0:6.2f} {h[1] + 0.0:6.2f} "
                        f"{score + 0.0:6.2f}  {p:^4}  {t:^5} {mark}")
        dead = ", ".join(f"h<sub>{k}</sub>" for k in s["dead_units"])
        return (f"<b>Accuracy: {round(4 * s['accuracy'])}/4 = {s['accuracy']:.0%}</b> "
                "(class 1 where ŷ &gt; 0.5)"
                + (f"<br>Dead hidden unit(s): {dead} (zero on all four points)" if dead else "")
                + "<pre style='margin:4px 0;line-height:1.3;font-size:0.9em'>"
                + "\n".join(rows) + "</pre>")

    def alt(self, s):
        return f"XOR workbench: hidden layer {s['hidden']}, accuracy {s['accuracy']:.0%}"
