r"""The logit lab for chapter 4 (softmax and cross-entropy).

Three sliders set the logits :math:`z = (z_1, z_2, z_3)` of a three-class
classifier (cat, dog, bird), a fourth sets the temperature :math:`T`, and a
selector picks the true class :math:`c`. The picture shows the probabilities
:math:`p = \operatorname{softmax}(z / T)` as bars, the true class in its own
colour, and beside them the loss curve :math:`L = -\ln p_c` with a dot at the
current :math:`p_c`. An HTML readout names the predicted class and prints the
cross-entropy.

The numbers come from :func:`logit_lab_summary`, a plain function that the tests
call directly. The figure is built once; a slider move changes bar heights,
colours, texts and the dot in place and renders one PNG into an
``ipywidgets.Output``.
"""

from __future__ import annotations

import numpy as np
from ipywidgets import HTML, Dropdown, FloatLogSlider, FloatSlider, HBox, Layout, Output, VBox
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from lib._validate import as_float_array
from lib.plotting import BlitRenderer, png_output
from lib.softmax import log_softmax, softmax
from lib.widgets.controls import ControlledExplorer

__all__ = [
    "CLASS_NAMES",
    "DEFAULT_LOGITS",
    "logit_lab_summary",
    "LogitLab",
    "logit_lab_explorer",
    "benchmark_callbacks",
]

CLASS_NAMES = ("cat", "dog", "bird")
"""The three classes of the chapter's running example."""

DEFAULT_LOGITS = (1.2, 3.5, 0.7)
"""The running example's scores for cat, dog and bird."""

WIDGET_DPI = 80
"""Resolution of the picture: sharp enough to read, cheap enough to redraw."""

_BAR_COLOUR = "#4C72B0"
_TRUE_COLOUR = "#DD8452"
_P_MIN = 1e-3  # left end of the loss curve; -ln(0.001) = 6.9 keeps the axis readable


def logit_lab_summary(logits, temperature=1.0, true_class=1) -> dict:
    r"""Probabilities, prediction and cross-entropy for one vector of logits.

    Parameters
    ----------
    logits : array_like of shape (K,)
        Raw class scores :math:`z`.
    temperature : float, default 1.0
        :math:`T > 0`; the probabilities are :math:`\operatorname{softmax}(z / T)`.
    true_class : int, default 1
        Index :math:`c` of the correct class, in ``[0, K)``.

    Returns
    -------
    dict
        ``probabilities`` (ndarray of shape (K,)), ``predicted`` (int, the index
        of the largest logit), ``p_true`` (float, :math:`p_c`) and ``loss``
        (float, :math:`-\ln p_c`, taken from :func:`lib.softmax.log_softmax` so
        that it stays finite even when :math:`p_c` underflows to 0).

    Raises
    ------
    TypeError, ValueError
        For non-numeric or non-finite logits, a temperature that is not a positive
        number, or a true class outside ``[0, K)``.
    """
    z = as_float_array(logits, "logits", ndim=1)
    if isinstance(true_class, bool) or int(true_class) != true_class or not (
        0 <= true_class < z.size
    ):
        raise ValueError(f"true_class must be an integer in [0, {z.size}), got {true_class!r}")
    c = int(true_class)
    p = softmax(z, temperature=temperature)
    log_p = log_softmax(z, temperature=temperature)
    return {
        "probabilities": p,
        "predicted": int(np.argmax(z)),
        "p_true": float(p[c]),
        "loss": float(-log_p[c]),
    }


class LogitLab(ControlledExplorer):
    r"""Three logits, a temperature and a true class; bars of :math:`p` and the loss curve.

    Parameters
    ----------
    logits : (float, float, float), default :data:`DEFAULT_LOGITS`
        Initial slider values (each in [-6, 6]).
    temperature : float, default 1.0
        Initial temperature (the slider runs from 0.1 to 10 on a log scale).
    true_class : int, default 1
        Initial true class ("dog").

    Attributes
    ----------
    widget : ipywidgets.VBox
        Sliders, class selector, readout and picture; display this.
    controls : dict
        ``"z1"``, ``"z2"``, ``"z3"``, ``"T"``, ``"true_class"``.
    state : dict
        What the last redraw computed (see :func:`logit_lab_summary`), plus
        ``logits``, ``temperature`` and ``true_class``.
    fig : matplotlib.figure.Figure
        The one figure, reused by every redraw.
    """

    def __init__(self, logits=DEFAULT_LOGITS, temperature=1.0, true_class=1):
        z = as_float_array(logits, "logits", ndim=1)
        if z.shape != (3,):
            raise ValueError(f"logits must have shape (3,) (cat, dog, bird), got {z.shape}")
        self.controls = {
            f"z{i + 1}": FloatSlider(
                value=float(z[i]), min=-6.0, max=6.0, step=0.1, description=f"z {name}",
                readout_format=".1f", continuous_update=True, layout=Layout(width="280px"),
                style={"description_width": "60px"},
            )
            for i, name in enumerate(CLASS_NAMES)
        }
        self.controls["T"] = FloatLogSlider(
            value=temperature, base=10, min=-1, max=1, step=0.05, description="T",
            readout_format=".2f", continuous_update=True, layout=Layout(width="280px"),
            style={"description_width": "60px"},
        )
        self.controls["true_class"] = Dropdown(
            options=[(name, i) for i, name in enumerate(CLASS_NAMES)], value=int(true_class),
            description="true class", layout=Layout(width="280px"),
            style={"description_width": "60px"},
        )
        self._build_figure()
        self.output = Output()
        self.readout = HTML()
        self._observe_controls()
        c = self.controls
        rows = HBox([VBox([c["z1"], c["z2"], c["z3"]]), VBox([c["T"], c["true_class"]])])
        self.widget = VBox([rows, self.readout, self.output])
        self.redraw()

    # -- figure ---------------------------------------------------------------------
    def _build_figure(self) -> None:
        # Only the bars, their numbers, the titles and the dot change. They are
        # "animated" artists: the rest of the figure is drawn once and kept as a
        # background image, and a redraw paints just these few artists on top of it
        # (blitting). A full redraw re-renders every tick label and costs several
        # times more.
        self.fig = Figure(figsize=(9.0, 3.6), dpi=WIDGET_DPI)
        FigureCanvasAgg(self.fig)
        self.fig.subplots_adjust(left=0.07, right=0.985, bottom=0.21, top=0.9, wspace=0.22)
        self.ax_bars, self.ax_loss = self.fig.subplots(1, 2)
        positions = np.arange(3)
        ax = self.ax_bars
        self.bars = ax.bar(positions, np.zeros(3), width=0.6, color=_BAR_COLOUR, animated=True)
        self.value_texts = [ax.text(x, 0.0, "", ha="center", va="bottom", fontsize=10,
                                    animated=True) for x in positions]
        self.logit_texts = [ax.text(x, -0.1, "", ha="center", va="top", fontsize=9,
                                    color="0.3", transform=ax.get_xaxis_transform(),
                                    animated=True) for x in positions]
        ax.axhline(1 / 3, color="grey", lw=0.8, ls=":")
        ax.text(2.5, 1 / 3 + 0.01, "uniform 1/3", ha="right", va="bottom", fontsize=8,
                color="grey")
        ax.set_xticks(positions, CLASS_NAMES)
        ax.legend(handles=[Patch(color=_TRUE_COLOUR, label="true class"),
                           Patch(color=_BAR_COLOUR, label="other classes")],
                  loc="upper left", fontsize=8, frameon=False)
        ax.set_xlim(-0.55, 2.55)
        ax.set_ylim(0, 1.12)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.set_ylabel("probability")
        self.bars_title = ax.text(0.5, 1.03, "", transform=ax.transAxes, ha="center",
                                  va="bottom", fontsize=11, animated=True)

        ax = self.ax_loss
        p_grid = np.geomspace(_P_MIN, 1.0, 300)
        ax.plot(p_grid, -np.log(p_grid), color="black", lw=1.5, label="L = −ln p(true class)")
        ax.axhline(np.log(3), color="grey", lw=0.8, ls=":")
        ax.text(0.98, np.log(3) + 0.1, "ln 3: uniform guess", ha="right", va="bottom",
                fontsize=8, color="grey")
        (self.loss_dot,) = ax.plot([], [], "o", color=_TRUE_COLOUR, ms=9, label="current value",
                                   animated=True)
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, -np.log(_P_MIN) + 0.3)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.set_yticks([0, 2, 4, 6])
        ax.set_xlabel("probability of the true class")
        ax.set_ylabel("cross-entropy loss")
        ax.legend(loc="upper right", fontsize=9)
        self.loss_title = ax.text(0.5, 1.03, "", transform=ax.transAxes, ha="center",
                                  va="bottom", fontsize=11, animated=True)
        self._dynamic = [*self.bars, *self.value_texts, *self.logit_texts, self.bars_title,
                         self.loss_dot, self.loss_title]
        self.renderer = BlitRenderer(self.fig, self._dynamic)

    # -- computing and drawing -----------------------------------------------------
    def compute(self) -> dict:
        """The summary for the current control values (no drawing)."""
        v = self.values()
        logits = np.array([v["z1"], v["z2"], v["z3"]])
        state = logit_lab_summary(logits, v["T"], v["true_class"])
        return state | {"logits": logits, "temperature": float(v["T"]),
                        "true_class": int(v["true_class"])}


    def redraw(self) -> dict:
        """Recompute, update the figure's artists in place and show the new picture."""
        s = self.state = self.compute()
        p, c = s["probabilities"], s["true_class"]
        for i, (bar, text) in enumerate(zip(self.bars, self.value_texts, strict=True)):
            bar.set_height(p[i])
            bar.set_color(_TRUE_COLOUR if i == c else _BAR_COLOUR)
            text.set_y(p[i] + 0.01)
            text.set_text(f"{p[i]:.3f}")
        for text, z in zip(self.logit_texts, s["logits"], strict=True):
            text.set_text(f"z = {z + 0.0:.1f}")
        predicted = CLASS_NAMES[s["predicted"]]
        self.bars_title.set_text(f"softmax(z / T) at T = {s['temperature']:.2f}: "
                                 f"predicts {predicted}")
        # A p_c below the curve's left end is drawn at that end.
        self.loss_dot.set_data([max(s["p_true"], _P_MIN)],
                               [min(s["loss"], -np.log(_P_MIN))])
        self.loss_title.set_text(f"true class {CLASS_NAMES[c]}: loss = {s['loss']:.3f}")
        self.readout.value = self._readout_html(s)
        self._show()
        return s

    def _readout_html(self, s) -> str:
        predicted, true = CLASS_NAMES[s["predicted"]], CLASS_NAMES[s["true_class"]]
        verdict = "correct" if s["predicted"] == s["true_class"] else "wrong"
        p = ", ".join(f"{name} {q:.3f}" for name, q in zip(CLASS_NAMES, s["probabilities"],
                                                             strict=True))
        return (f"Probabilities: {p}. Predicted class: <b>{predicted}</b> ({verdict}). "
                f"Cross-entropy for true class {true}: −ln p<sub>{true}</sub> = "
                f"−ln {s['p_true']:.4f} = <b>{s['loss']:.4f}</b>")

    def _alt_text(self) -> str:
        p = ", ".join(f"{q:.3f}" for q in self.state["probabilities"])
        return f"<probability bars ({p}) and the loss curve -ln p>"

    def render_png(self) -> bytes:
        """Paint the changing artists over the kept background and return PNG bytes."""
        return self.renderer.render_png()

    def _show(self) -> None:
        self.png = self.render_png()
        self.output.outputs = (png_output(self.png, self._alt_text()),)


def logit_lab_explorer(**options) -> VBox:
    """The logit lab, ready to display (options as for :class:`LogitLab`).

    The defaults show the chapter's scores (1.2, 3.5, 0.7) for cat, dog and bird at
    T = 1, with dog as the true class.
    """
    return LogitLab(**options).widget


def benchmark_callbacks() -> dict:
    """One control move each, as zero-argument callables, for speed measurements.

    Each call changes one control, which recomputes, updates the figure and
    renders its PNG, exactly as a reader's slider move does.

    Returns
    -------
    dict
        ``{"logit": callable, "temperature": callable, "true_class": callable}``.
    """
    lab = LogitLab()

    def cycle(name, values):
        state = {"i": 0}

        def step():
            state["i"] += 1
            lab.controls[name].value = values[state["i"] % len(values)]

        return step

    return {
        "logit": cycle("z1", [1.2, 2.5, -0.8]),
        "temperature": cycle("T", [1.0, 0.3, 3.0]),
        "true_class": cycle("true_class", [1, 2, 0]),
    }
