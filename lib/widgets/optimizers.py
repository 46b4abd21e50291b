r"""The optimizer playground of chapter 6: GD, momentum or Adam
(:func:`lib.optim_landscapes.playground_run`) on the tilted bowl or Rosenbrock's valley, the
trajectory over the contours and the distance to the minimum on a log scale."""

import numpy as np

from lib._validate import as_float_array, check_count, check_real
from lib.optim_landscapes import OPTIMIZERS, SURFACES, make_surface, playground_run
from lib.plotting import new_figure
from lib.widgets.core import Explorer, buttons, slider

__all__ = ["OptimizerPlayground"]

WINDOWS = {"quadratic": ((-2.5, 2.5), (-2.5, 2.5)), "Rosenbrock": ((-2.0, 2.0), (-1.0, 3.0))}
LEVELS = {"quadratic": np.linspace(0.0, 25.0, 26)[1:] ** 2 / 25.0,  # denser near the minimum
          "Rosenbrock": np.geomspace(0.1, 2500.0, 16)}
DISTANCES, RED = (1e-6, 1e3), "#d62728"


class OptimizerPlayground(Explorer):
    """Runs of ``steps`` steps from ``start`` (Adam's second rate: ``beta2``)."""

    controls = (buttons("optimizer", OPTIMIZERS, "GD"),
                buttons("surface", SURFACES, "quadratic"),
                slider("lr", (0.001, 0.01, 0.1, 0.18, 0.21), 0.18, "η"),
                slider("beta1", (0.0, 0.5, 0.9), 0.9, "β₁ (or β)"))
    rows = (("optimizer",), ("surface",), ("lr", "beta1"))
    dpi = 64  # lines and contours read well small; the page stays light

    def __init__(self, start=(-2.0, 0.0), steps: int = 100, beta2: float = 0.999, **options):
        self.start = as_float_array(start, "start", ndim=1)
        self.steps = check_count(steps, "steps", minimum=1, maximum=1000)
        self.beta2 = check_real(beta2, "beta2", low=0.0, high=1.0, high_open=True)
        self.config = {"start": self.start.tolist(), "steps": self.steps, "beta2": self.beta2}
        super().__init__(**options)

    def build(self):
        fig, (ax, ax_d) = new_figure(figsize=(9.6, 4.0), ncols=2, width_ratios=[1, 1.1])
        self.ax, self.contours = ax, {}
        for name in SURFACES:
            (x0, x1), (y0, y1) = WINDOWS[name]
            X, Y = np.meshgrid(np.linspace(x0, x1, 160), np.linspace(y0, y1, 160))
            surface = make_surface(name)
            self.contours[name] = [ax.contour(X, Y, surface.surface(X, Y), levels=LEVELS[name],
                                              colors="0.6", linewidths=0.7),
                                   *ax.plot(*surface.minimum, "*", color="black", ms=13)]
        ax.set(aspect="equal", xlabel=r"$\theta_1$", ylabel=r"$\theta_2$")
        (self.path,) = ax.plot([], [], "-o", color=RED, lw=1.2, ms=2)
        (self.first,) = ax.plot([], [], "o", color="black", ms=7, mfc="white")
        (self.last,) = ax.plot([], [], "o", color=RED, ms=8)
        self.title = ax.set_title(" ", fontsize=11)
        ax_d.set(yscale="log", xlim=(0, self.steps), ylim=DISTANCES, xlabel="step t",
                 ylabel=r"distance to the minimum $\|\theta_t - \theta^\star\|$")
        ax_d.grid(True, which="major", color="0.9")
        (self.distance,) = ax_d.plot([], [], color=RED, lw=1.8)
        self.distance_title = ax_d.set_title(" ", fontsize=11)
        return fig, [self.path, self.first, self.last, self.title, self.distance,
                     self.distance_title]

    def compute(self, values):
        return dict(values, **playground_run(values["surface"], values["optimizer"],
                                             values["lr"], values["beta1"], self.beta2,
                                             self.start, self.steps))

    def draw(self, s):
        for name, artists in self.contours.items():
            for artist in artists:
                artist.set_visible(name == s["surface"])
        self.ax.set(xlim=WINDOWS[s["surface"]][0], ylim=WINDOWS[s["surface"]][1])
        # Far points are capped: the line still shows the direction of escape.
        path = np.clip(s["trajectory"], -1e3, 1e3)
        self.path.set_data(path[:, 0], path[:, 1])
        self.first.set_data(path[:1, 0], path[:1, 1])
        self.last.set_data(path[-1:, 0], path[-1:, 1])
        self.title.set_text(f"{s['optimizer']} on the {s['surface']} surface")
        self.distance.set_data(np.arange(len(path)),
                               np.clip(s["distances"], DISTANCES[0] / 2, DISTANCES[1] * 2))
        self.distance_title.set_text(f"diverged after {s['steps_run']} steps" if s["diverged"]
                                     else f"after {s['steps_run']} steps: distance "
                                          f"{s['final_distance']:.2e}")
        return s["surface"]  # one cached background (contours) per surface

    def readout(self, s):
        name = {"GD": "Gradient descent", "momentum": "Momentum", "Adam": "Adam"}[s["optimizer"]]
        settings = f"η = {s['lr']:.4g}" + {
            "momentum": f", β = {s['beta1']:.2f}",
            "Adam": f", β₁ = {s['beta1']:.2f}, β₂ = {self.beta2:.3f}"}.get(s["optimizer"], "")
        text = f"{name} ({settings}) on the {s['surface']} surface: "
        if s["diverged"]:
            text += f"<b>diverged</b> after {s['steps_run']} steps (θ left the picture for good)."
        else:
            x, y = s["final"]
            text += (f"after {s['steps_run']} steps θ = ({self.fmt(x, 3)}, {self.fmt(y, 3)}), "
                     f"f(θ) = {s['final_value']:.3g}, distance to the minimum "
                     f"<b>{s['final_distance']:.3g}</b>.")
        if s["max_stable_lr"] is not None and s["optimizer"] == "GD":
            verdict = "below" if s["lr"] < s["max_stable_lr"] else "not below"
            text += (f" Stability limit of GD here: 2/λ<sub>max</sub> = "
                     f"{s['max_stable_lr']:.3f} (η is {verdict} it).")
        return text

    def alt(self, s):
        return (f"{s['optimizer']} trajectory on the {s['surface']} surface, "
                f"{s['steps_run']} steps")
