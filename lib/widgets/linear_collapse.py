r"""The network bender of chapter 2: a random network (:func:`lib.linear_regions.random_network`)
with ``depth`` hidden layers of ``width`` units, linear or ReLU. Left: the function of a
``1 -> ... -> 1`` network on :math:`[-3, 3]` with its breakpoints; right: a ``2 -> ... -> 2``
network moving the grid of :math:`[-2, 2]^2`. A linear network is one affine map
(:func:`lib.linear_collapse.collapse_affine`) at any depth; ReLU bends both pictures.
"""

import functools

import numpy as np
from matplotlib.ticker import MaxNLocator

from lib._validate import check_count
from lib.linear_collapse import collapse_affine
from lib.linear_regions import breakpoints_1d, forward_with_patterns, random_network, region_labels
from lib.plotting import CLASS_COLORS, draw_grid_lines, grid_lines, new_figure, plane_grid
from lib.widgets.core import Explorer, buttons, slider

__all__ = ["NetworkBender"]

X_1D = np.linspace(-3.0, 3.0, 1201)
SQUARE = (-2.0, 2.0)
LINES = grid_lines(SQUARE, SQUARE, n_lines=11, n_points=80)
REGION_POINTS = plane_grid(SQUARE, SQUARE, 101)[2]


def _view(values, margin: float = 0.08, minimum: float = 0.5):
    lo, hi = float(np.min(values)), float(np.max(values))
    centre, half = (lo + hi) / 2, max((hi - lo) / 2, minimum) * (1 + margin)
    return centre - half, centre + half


@functools.lru_cache(maxsize=256)  # a pure function of the values: a revisited state is free
def _bend(seed, depth, width, activation):
    (w1, b1), (w2, b2) = (random_network(n, n, depth, width, np.random.default_rng(
        [seed, n, depth, width])) for n in (1, 2))
    state = {"depth": depth, "width": width, "activation": activation}
    if activation == "relu":
        y, _ = forward_with_patterns(X_1D[:, None], w1, b1)
        moved, _ = forward_with_patterns(LINES.reshape(-1, 2), w2, b2)
        kinks = breakpoints_1d(X_1D, w1, b1)
        _, patterns = forward_with_patterns(REGION_POINTS, w2, b2)
        return state | {
            "y": y[:, 0], "lines": moved.reshape(LINES.shape), "breakpoints": kinks,
            "breakpoint_y": forward_with_patterns(kinks[:, None], w1, b1)[0][:, 0],
            "pieces": kinks.size + 1, "regions": int(region_labels(patterns).max() + 1)}
    (W1d, c1d), (W2d, c2d) = (collapse_affine(list(zip(w, b, strict=True)))
                              for w, b in ((w1, b1), (w2, b2)))
    return state | {
        "y": X_1D * W1d[0, 0] + c1d[0], "lines": LINES @ W2d.T + c2d,
        "breakpoints": np.empty(0), "breakpoint_y": np.empty(0), "pieces": 1,
        "regions": 1, "W2d": W2d, "b2d": c2d, "rank": int(np.linalg.matrix_rank(W2d)),
        "slope": float(W1d[0, 0]), "intercept": float(c1d[0])}


class NetworkBender(Explorer):
    """Depth (1 to 6), width (1, 2, 4, 8, 16) and units (linear or ReLU) of a random network
    whose weights come from ``np.random.default_rng([seed, n_in, depth, width])``."""

    controls = (slider("depth", range(1, 7), 3),
                slider("width", (1, 2, 4, 8, 16), 4),
                buttons("activation", [("linear", "identity"), ("ReLU", "relu")], "relu",
                        "units"))
    rows = (("depth", "width"), ("activation",))

    def __init__(self, seed: int = 0, **options):
        self.seed = check_count(seed, "seed", minimum=0)
        self.config = {"seed": self.seed}
        super().__init__(**options)

    def build(self):
        fig, (ax1, ax2) = new_figure(figsize=(9.0, 4.3), ncols=2)
        self.ax_curve, self.ax_grid = ax1, ax2
        (self.curve,) = ax1.plot(X_1D, 0 * X_1D, color=CLASS_COLORS[0], linewidth=2)
        (self.kinks,) = ax1.plot([], [], "o", markersize=5, color=CLASS_COLORS[3])
        ax1.set(xlim=(X_1D[0], X_1D[-1]), xlabel="input $x$", ylabel="output f(x)",
                title="1 input → 1 output (dots: breakpoints)")
        self.title = fig.suptitle(" ")
        half = len(LINES) // 2
        self.grid = draw_grid_lines(ax2, LINES, linewidths=1.0,
                                    colors=[CLASS_COLORS[0]] * half + [CLASS_COLORS[1]] * half)
        ax2.set_box_aspect(1)
        ax2.set(xlabel="output 1", ylabel="output 2",
                title="2 inputs → 2 outputs: the grid of [\N{MINUS SIGN}2, 2]²")
        for ax in (ax1, ax2):
            ax.grid(True, alpha=0.3)
            ax.xaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 2.5, 5, 10]))
            ax.yaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 2.5, 5, 10]))
        return fig, [ax1.yaxis, self.curve, self.kinks, ax2.xaxis, ax2.yaxis, self.grid, self.title]

    def compute(self, values):
        return _bend(self.seed, values["depth"], values["width"], values["activation"])

    def draw(self, s):
        self.curve.set_ydata(s["y"])
        self.kinks.set_data(s["breakpoints"], s["breakpoint_y"])
        self.ax_curve.set_ylim(*_view(s["y"]))
        self.grid.set_segments(list(s["lines"]))
        points = s["lines"].reshape(-1, 2)  # a square view, so that angles are true
        (x_lo, x_hi), (y_lo, y_hi) = _view(points[:, 0]), _view(points[:, 1])
        half, cx, cy = max(x_hi - x_lo, y_hi - y_lo) / 2, (x_lo + x_hi) / 2, (y_lo + y_hi) / 2
        self.ax_grid.set(xlim=(cx - half, cx + half), ylim=(cy - half, cy + half))
        name = "ReLU" if s["activation"] == "relu" else "linear"
        self.title.set_text(f"{name} network, hidden layers "
                            + " → ".join([str(s["width"])] * s["depth"]))

    def readout(self, s):
        if s["activation"] == "relu":
            return (f"ReLU: the curve has <b>{s['pieces']}</b> linear pieces on [−3, 3] "
                    f"({s['pieces'] - 1} breakpoints, red dots); the 2-D network splits the "
                    f"square [−2, 2]² into <b>{s['regions']}</b> linear regions (distinct "
                    f"on/off patterns of its {s['depth'] * s['width']} hidden units on a "
                    "101 × 101 grid).")
        f, ((a, c), (d, e)), b = self.fmt, s["W2d"], s["b2d"]
        squash = " — the plane is squashed onto a line" if s["rank"] < 2 else ""
        return (f"Linear: whatever the depth, the curve is the single line f(x) = "
                f"<b>{f(s['slope'])} x + {f(s['intercept'])}</b>, and the 2-D network is one "
                f"affine map with W = [[{f(a)}, {f(c)}], [{f(d)}, {f(e)}]], b = [{f(b[0])}, "
                f"{f(b[1])}], rank <b>{s['rank']}</b>{squash}.")

    def alt(self, s):
        return (f"network bender: {s['activation']}, depth {s['depth']}, width {s['width']}, "
                f"{s['pieces']} pieces, {s['regions']} regions")
