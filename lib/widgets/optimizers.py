r"""The optimizer playground for chapter 6 (gradient descent, momentum and Adam).

Pick an optimizer (GD, momentum or Adam) and a surface (the tilted quadratic bowl
:math:`\tfrac12\theta^\top A\theta` with curvatures 1 and 10, or Rosenbrock's
banana valley), set the learning rate :math:`\eta`, the decay rates
:math:`\beta_1` (momentum's :math:`\beta`) and :math:`\beta_2` (Adam only), the
starting point and the number of steps, and watch the trajectory over the
contour lines. A second panel plots the distance to the minimum against the step
on a log scale, where a straight line means a constant rate of convergence.
An HTML readout gives the end point, its loss and, for gradient descent on the
bowl, the stability limit :math:`2/\lambda_{\max}`.

The numbers come from :func:`playground_run`, a plain function that the tests
call directly (it runs a :mod:`lib.optim` optimizer through
:func:`lib.optim_landscapes.run_optimizer`). Each surface has its own figure,
built once with its contours; a control move recomputes the trajectory
(at most 300 steps of a 2-D problem: a few milliseconds), moves the lines with
``set_data`` and renders one PNG into an ``ipywidgets.Output``.
"""

from __future__ import annotations

import numpy as np
from ipywidgets import (
    HTML,
    FloatLogSlider,
    FloatSlider,
    HBox,
    IntSlider,
    Layout,
    Output,
    ToggleButtons,
    VBox,
)
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lib._validate import as_float_array
from lib.optim import SGD, Adam, Momentum
from lib.optim_landscapes import Quadratic, Rosenbrock, rotation_quadratic, run_optimizer
from lib.plotting import BlitRenderer, png_output
from lib.widgets.controls import ControlledExplorer

__all__ = [
    "OPTIMIZERS",
    "SURFACES",
    "make_surface",
    "make_optimizer",
    "playground_run",
    "OptimizerPlayground",
    "optimizer_explorer",
    "benchmark_callbacks",
]

OPTIMIZERS = ("GD", "momentum", "Adam")
"""The optimizer choices, in the order of the toggle buttons."""

SURFACES = ("quadratic", "Rosenbrock")
"""The surface choices: the tilted bowl (curvatures 1 and 10, axes at 30°) and Rosenbrock."""

WIDGET_DPI = 80
"""Resolution of the picture: sharp enough to read, cheap enough to redraw."""

MAX_STEPS = 300
"""Largest number of steps the steps slider offers (the right panel's x-range)."""

_WINDOWS = {  # (xlim, ylim) of each surface's contour plot
    "quadratic": ((-2.5, 2.5), (-2.5, 2.5)),
    "Rosenbrock": ((-2.0, 2.0), (-1.0, 3.0)),
}
_DISTANCE_LIMITS = (1e-6, 1e3)
_PATH_COLOR = "#d62728"


def make_surface(name: str):
    """The chapter's surface called ``name`` ("quadratic" or "Rosenbrock").

    Returns
    -------
    lib.optim_landscapes.Quadratic or lib.optim_landscapes.Rosenbrock
        For "quadratic", the bowl with curvatures 1 and 10 whose flat axis points
        at 30° (built by :func:`lib.optim_landscapes.rotation_quadratic`); for
        "Rosenbrock", :math:`(1 - x)^2 + 100 (y - x^2)^2`.
    """
    if name == "quadratic":
        return rotation_quadratic([1.0, 10.0], angle_degrees=30.0)
    if name == "Rosenbrock":
        return Rosenbrock()
    raise ValueError(f"unknown surface {name!r}; choose one of {list(SURFACES)}")


def make_optimizer(name: str, params, lr: float, beta1: float = 0.9, beta2: float = 0.999):
    r"""A :mod:`lib.optim` optimizer by its playground name.

    "GD" is :class:`lib.optim.SGD` (full gradients here, so plain gradient
    descent), "momentum" is :class:`lib.optim.Momentum` with ``beta=beta1`` and
    "Adam" is :class:`lib.optim.Adam` with ``beta1`` and ``beta2``.
    """
    if name == "GD":
        return SGD(params, lr=lr)
    if name == "momentum":
        return Momentum(params, lr=lr, beta=beta1)
    if name == "Adam":
        return Adam(params, lr=lr, beta1=beta1, beta2=beta2)
    raise ValueError(f"unknown optimizer {name!r}; choose one of {list(OPTIMIZERS)}")


def playground_run(surface="quadratic", optimizer="GD", lr=0.18, beta1=0.9, beta2=0.999,
                   start=(-2.0, 0.0), steps=100) -> dict:
    r"""Run one optimizer on one surface and summarise where it went.

    Parameters
    ----------
    surface : {"quadratic", "Rosenbrock"} or a surface object
        A name for :func:`make_surface`, or any object with ``gradient``,
        ``value`` and ``minimum`` (e.g. a :class:`lib.optim_landscapes.Quadratic`).
    optimizer : {"GD", "momentum", "Adam"}
    lr : float
        Learning rate :math:`\eta > 0`.
    beta1, beta2 : float
        Momentum's :math:`\beta` (``beta1``) and Adam's decay rates, in [0, 1).
    start : (float, float)
        Starting point :math:`\theta_0`.
    steps : int
        Number of optimizer steps.

    Returns
    -------
    dict
        ``trajectory`` (ndarray of shape (T + 1, 2), T = ``steps`` unless the run
        diverged), ``distances`` (ndarray (T + 1,), :math:`\lVert\theta_t - \theta^*\rVert`),
        ``final`` (ndarray (2,)), ``final_value`` (:math:`f(\theta_T)`),
        ``final_distance``, ``diverged`` (bool), ``steps_run`` (T), and
        ``max_stable_lr`` (:math:`2/\lambda_{\max}` for a quadratic, else None).
    """
    f = make_surface(surface) if isinstance(surface, str) else surface
    start = as_float_array(start, "start", ndim=1)
    if start.shape != (2,):
        raise ValueError(f"start must be a point (x0, y0), got shape {start.shape}")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}; choose one of {list(OPTIMIZERS)}")
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    path = run_optimizer(lambda params: make_optimizer(optimizer, params, lr, beta1, beta2),
                         f.gradient, start, steps)
    diverged = len(path) < steps + 1
    distances = np.linalg.norm(path - f.minimum, axis=1)
    final = path[-1]
    return {
        "trajectory": path,
        "distances": distances,
        "final": final,
        "final_value": np.inf if diverged else f.value(final),
        "final_distance": float(distances[-1]),
        "diverged": bool(diverged),
        "steps_run": len(path) - 1,
        "max_stable_lr": f.max_stable_lr if isinstance(f, Quadratic) else None,
    }


class _SurfacePanel:
    """One surface's figure: contours drawn once, trajectory artists updated in place."""

    def __init__(self, name: str):
        self.name = name
        self.surface = make_surface(name)
        self.fig = Figure(figsize=(9.6, 4.0), dpi=WIDGET_DPI)
        FigureCanvasAgg(self.fig)
        self.fig.subplots_adjust(left=0.06, right=0.985, bottom=0.13, top=0.9, wspace=0.25)
        self.ax_path, self.ax_distance = self.fig.subplots(1, 2,
                                                           gridspec_kw={"width_ratios": [1, 1.1]})
        (x0, x1), (y0, y1) = _WINDOWS[name]
        X, Y = np.meshgrid(np.linspace(x0, x1, 160), np.linspace(y0, y1, 160))
        Z = self.surface.surface(X, Y)
        ax = self.ax_path
        if name == "quadratic":
            levels = np.linspace(0.0, 25.0, 26)[1:] ** 2 / 25.0  # denser near the minimum
        else:
            levels = np.geomspace(0.1, 2500.0, 16)
        ax.contour(X, Y, Z, levels=levels, colors="0.6", linewidths=0.7)
        ax.plot(*self.surface.minimum, marker="*", color="black", ms=13, ls="none")
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_xlabel(r"$\theta_1$")
        ax.set_ylabel(r"$\theta_2$")
        (self.path_line,) = ax.plot([], [], "-o", color=_PATH_COLOR, lw=1.2, ms=2,
                                    animated=True)
        (self.start_dot,) = ax.plot([], [], "o", color="black", ms=7, mfc="white",
                                    animated=True)
        (self.end_dot,) = ax.plot([], [], "o", color=_PATH_COLOR, ms=8, animated=True)
        self.path_title = ax.text(0.5, 1.03, "", transform=ax.transAxes, ha="center",
                                  va="bottom", fontsize=11, animated=True)

        ax = self.ax_distance
        ax.set_yscale("log")
        ax.set_xlim(0, MAX_STEPS)
        ax.set_ylim(*_DISTANCE_LIMITS)
        ax.grid(True, which="major", color="0.9")
        ax.set_xlabel("step t")
        ax.set_ylabel(r"distance to the minimum $\|\theta_t - \theta^\star\|$")
        (self.distance_line,) = ax.plot([], [], color=_PATH_COLOR, lw=1.8, animated=True)
        self.distance_title = ax.text(0.5, 1.03, "", transform=ax.transAxes, ha="center",
                                      va="bottom", fontsize=11, animated=True)
        self.dynamic = [self.path_line, self.start_dot, self.end_dot, self.path_title,
                        self.distance_line, self.distance_title]
        self.renderer = BlitRenderer(self.fig, self.dynamic)

    def update(self, s: dict, optimizer: str) -> None:
        path = s["trajectory"]
        # Points far outside the window are clipped by the axes; cap them so that
        # the line still shows the direction of escape without huge coordinates.
        shown = np.clip(path, -1e3, 1e3)
        self.path_line.set_data(shown[:, 0], shown[:, 1])
        self.start_dot.set_data([path[0, 0]], [path[0, 1]])
        self.end_dot.set_data([shown[-1, 0]], [shown[-1, 1]])
        self.path_title.set_text(f"{optimizer} on the {self.name} surface")
        low, high = _DISTANCE_LIMITS
        self.distance_line.set_data(np.arange(len(path)),
                                    np.clip(s["distances"], low * 0.5, high * 2.0))
        if s["diverged"]:
            self.distance_title.set_text(f"diverged after {s['steps_run']} steps")
        else:
            self.distance_title.set_text(f"after {s['steps_run']} steps: "
                                         f"distance {s['final_distance']:.2e}")

    def render_png(self) -> bytes:
        return self.renderer.render_png()


class OptimizerPlayground(ControlledExplorer):
    r"""GD, momentum and Adam on a 2-D surface, with the trajectory drawn live.

    Parameters
    ----------
    surface : {"quadratic", "Rosenbrock"}, default "quadratic"
    optimizer : {"GD", "momentum", "Adam"}, default "GD"
    lr : float, default 0.18
        Initial learning rate (the slider runs from :math:`10^{-4}` to 1, log scale).
    beta1, beta2 : float, default 0.9 and 0.999
    start : (float, float), default (-2.0, 0.0)
    steps : int, default 60

    Attributes
    ----------
    widget : ipywidgets.VBox
        Controls, readout and picture; display this.
    controls : dict
        ``"optimizer"``, ``"surface"`` (ToggleButtons), ``"lr"`` (FloatLogSlider),
        ``"beta1"``, ``"beta2"``, ``"x0"``, ``"y0"`` (FloatSlider), ``"steps"`` (IntSlider).
    state : dict
        What the last redraw computed (see :func:`playground_run`), plus the
        control values.
    panels : dict
        One figure per surface, each built once.
    """

    def __init__(self, surface="quadratic", optimizer="GD", lr=0.18, beta1=0.9, beta2=0.999,
                 start=(-2.0, 0.0), steps=60):
        if surface not in SURFACES:
            raise ValueError(f"unknown surface {surface!r}; choose one of {list(SURFACES)}")
        if optimizer not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {optimizer!r}; choose one of {list(OPTIMIZERS)}")
        wide, narrow = Layout(width="300px"), {"description_width": "70px"}
        self.controls = {
            "optimizer": ToggleButtons(options=list(OPTIMIZERS), value=optimizer,
                                       description="optimizer", style=narrow),
            "surface": ToggleButtons(options=list(SURFACES), value=surface,
                                     description="surface", style=narrow),
            "lr": FloatLogSlider(value=lr, base=10, min=-4, max=0, step=0.05,
                                 description="η", readout_format=".4f",
                                 layout=wide, style=narrow),
            "beta1": FloatSlider(value=beta1, min=0.0, max=0.99, step=0.01,
                                 description="β₁ (or β)", readout_format=".2f",
                                 layout=wide, style=narrow),
            "beta2": FloatSlider(value=beta2, min=0.5, max=0.999, step=0.001,
                                 description="β₂ (Adam)", readout_format=".3f",
                                 layout=wide, style=narrow),
            "x0": FloatSlider(value=start[0], min=-2.0, max=2.0, step=0.05,
                              description="start x₀", layout=wide, style=narrow),
            "y0": FloatSlider(value=start[1], min=-1.0, max=2.5, step=0.05,
                              description="start y₀", layout=wide, style=narrow),
            "steps": IntSlider(value=steps, min=1, max=MAX_STEPS, step=1,
                               description="steps", layout=wide, style=narrow),
        }
        self.panels = {name: _SurfacePanel(name) for name in SURFACES}
        self.output = Output()
        self.readout = HTML()
        self._observe_controls()
        c = self.controls
        self.widget = VBox([
            c["optimizer"], c["surface"],
            HBox([VBox([c["lr"], c["beta1"], c["beta2"]]),
                  VBox([c["x0"], c["y0"], c["steps"]])]),
            self.readout, self.output,
        ])
        self.redraw()

    @property
    def fig(self) -> Figure:
        """The figure of the surface currently shown."""
        return self.panels[self.controls["surface"].value].fig

    def compute(self) -> dict:
        """Run the chosen optimizer for the current control values (no drawing)."""
        v = self.values()
        s = playground_run(v["surface"], v["optimizer"], v["lr"], v["beta1"], v["beta2"],
                           (v["x0"], v["y0"]), v["steps"])
        return s | v


    def redraw(self) -> dict:
        """Recompute, move the active figure's artists and show the new picture."""
        s = self.state = self.compute()
        panel = self.panels[s["surface"]]
        panel.update(s, s["optimizer"])
        self.readout.value = self._readout_html(s)
        self.png = panel.render_png()
        self.output.outputs = (png_output(self.png, self._alt_text()),)
        return s

    def _readout_html(self, s) -> str:
        name = {"GD": "Gradient descent", "momentum": "Momentum", "Adam": "Adam"}[s["optimizer"]]
        settings = f"η = {s['lr']:.4g}"
        if s["optimizer"] == "momentum":
            settings += f", β = {s['beta1']:.2f}"
        elif s["optimizer"] == "Adam":
            settings += f", β₁ = {s['beta1']:.2f}, β₂ = {s['beta2']:.3f}"
        text = f"{name} ({settings}) on the {s['surface']} surface: "
        if s["diverged"]:
            text += f"<b>diverged</b> after {s['steps_run']} steps (θ left the picture for good)."
        else:
            x, y = np.round(s["final"], 3) + 0.0  # no "-0.000"
            text += (f"after {s['steps_run']} steps θ = ({x:.3f}, {y:.3f}), "
                     f"f(θ) = {s['final_value']:.3g}, distance to the minimum "
                     f"<b>{s['final_distance']:.3g}</b>.")
        limit = s["max_stable_lr"]
        if limit is not None and s["optimizer"] == "GD":
            verdict = "below" if s["lr"] < limit else "not below"
            text += (f" Stability limit of GD here: 2/λ<sub>max</sub> = {limit:.3f} "
                     f"(η is {verdict} it).")
        return text

    def _alt_text(self) -> str:
        s = self.state
        return (f"<{s['optimizer']} trajectory on the {s['surface']} surface, "
                f"{s['steps_run']} steps>")


def optimizer_explorer(**options) -> VBox:
    """The optimizer playground, ready to display (options as for :class:`OptimizerPlayground`).

    The defaults show gradient descent with :math:`\\eta = 0.18` on the tilted bowl
    (stability limit 0.2): it zig-zags across the narrow direction while it
    creeps along the flat one.
    """
    return OptimizerPlayground(**options).widget


def benchmark_callbacks() -> dict:
    """One control move each, as zero-argument callables, for speed measurements.

    Each call changes one control, which reruns the optimizer, updates the figure
    and renders its PNG, exactly as a reader's move does.

    Returns
    -------
    dict
        ``{"optimizer", "surface", "lr", "beta1", "start", "steps"}`` -> callable.
    """
    lab = OptimizerPlayground(steps=200)

    def cycle(name, values):
        state = {"i": 0}

        def step():
            state["i"] += 1
            lab.controls[name].value = values[state["i"] % len(values)]

        return step

    return {
        "optimizer": cycle("optimizer", ["GD", "momentum", "Adam"]),
        "surface": cycle("surface", ["Rosenbrock", "quadratic"]),
        "lr": cycle("lr", [0.15, 0.05, 0.01]),
        "beta1": cycle("beta1", [0.9, 0.5, 0.0]),
        "start": cycle("x0", [-2.0, 1.0, 0.5]),
        "steps": cycle("steps", [300, 100, 200]),
    }
