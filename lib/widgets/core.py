r"""The one pattern every explorer follows: declared controls, a pure compute, a draw.

An explorer is declared, not programmed. A subclass of :class:`Explorer` gives

- ``controls``: the sliders and buttons, each with the grid of values it offers
  (:func:`slider`, :func:`buttons`);
- ``build()``: creates its one figure (:func:`lib.plotting.new_figure`) and returns it
  with the artists that move;
- ``compute(values) -> state``: a pure function of the control values that calls lib;
- ``draw(state)``: updates the moving artists (``set_data``, ``set_text``, ...);
- ``readout(state)`` (HTML) and ``alt(state)`` (the picture's text alternative).

This module does the rest for every explorer: the widgets and their layout, one redraw
per move, :meth:`Explorer.update` to set several controls at once, fast renders with
:class:`lib.plotting.BlitRenderer`, and the static book. At execution time every
combination of the controls' grid values is computed and drawn once; the pictures and
readouts travel in the saved widget state of a small lookup widget (:class:`Lookup`, an
``anywidget`` whose front-end module is a few lines), which ordinary ipywidgets controls
drive through ``jslink``. The built HTML book therefore answers every slider move with
what lib computed, without a kernel; with a kernel each move recomputes, and
:meth:`Explorer.update` accepts any value, not only grid values.

The DOM the browser test relies on: the explorer's box has the class ``mm-explorer``;
inside it, the element of class ``mm-lookup`` carries ``data-explorer`` (the class's
dotted name), ``data-config`` (its constructor options as JSON), ``data-controls``
(JSON list of ``{"name", "grid"}``) and ``data-state`` (the index of the picture shown,
row-major over the grids); control ``d`` has the class ``mm-control-d``; the readout is
the element ``.mm-readout`` and the picture the ``img.mm-picture`` whose ``src`` changes.
"""

from __future__ import annotations

import base64
import itertools
import json
import numbers
from dataclasses import dataclass

import anywidget
import numpy as np
import traitlets
from ipywidgets import HBox, Layout, SelectionSlider, ToggleButtons, VBox, jslink

from lib.plotting import BlitRenderer, rgba_to_png

__all__ = ["Control", "slider", "buttons", "case", "Lookup", "Explorer", "MAX_FRAMES", "MAX_CONTROLS"]

MAX_FRAMES = 400
"""Most pictures one explorer may precompute for the static book (page size and time)."""

MAX_CONTROLS = 8
"""Most controls one explorer may have (the lookup has one index trait per control)."""

_ESM = """
export default {
  render({ model, el }) {
    el.classList.add("mm-lookup");
    for (const key of ["explorer", "config", "controls"]) el.dataset[key] = model.get(key);
    const readout = document.createElement("div");
    readout.className = "mm-readout";
    const img = document.createElement("img");
    img.className = "mm-picture";
    img.style.maxWidth = "100%";
    el.append(readout, img);
    const show = (picture, text, alt, state) => {
      img.src = "data:image/png;base64," + picture;
      img.alt = alt;
      readout.innerHTML = text;
      el.dataset.state = state;
    };
    const lookup = () => {
      const frames = model.get("frames");
      if (!frames.length) return false;
      const k = model.get("shape").reduce((k, n, d) => k * n + model.get("i" + d), 0);
      show(frames[k], model.get("readouts")[k], model.get("alts")[k], k);
      return true;
    };
    model.get("shape").forEach((_, d) => model.on("change:i" + d, lookup));
    const live = () => show(model.get("picture"), model.get("readout"), model.get("alt"), "live");
    model.on("change:picture", live);
    if (!lookup()) live();
  },
};
"""


@dataclass(frozen=True)
class Control:
    """One slider or set of buttons: a name, the values it offers and their labels.

    Attributes
    ----------
    name : str
        The key of the value in ``compute(values)`` and of :meth:`Explorer.update`.
    grid : tuple
        The values offered, in slider order (numbers or strings).
    labels : tuple of str
        What the widget shows for each value.
    value : object
        The default value (one of ``grid``).
    description : str
        The widget's label.
    kind : {"slider", "buttons"}
    """

    name: str
    grid: tuple
    labels: tuple
    value: object
    description: str
    kind: str = "slider"

    @property
    def numeric(self) -> bool:
        """Whether the values are real numbers (then a kernel accepts values off the grid)."""
        return all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in self.grid)

    def widget(self):
        """A fresh ipywidgets control offering the grid (a ``SelectionSlider`` or buttons)."""
        options = list(zip(self.labels, self.grid, strict=True))
        style = {"description_width": "initial"}
        if self.kind == "buttons":
            return ToggleButtons(options=options, value=self.value, description=self.description,
                                 style=style | {"button_width": "auto"})
        return SelectionSlider(options=options, value=self.value, description=self.description,
                               continuous_update=True, style=style, layout=Layout(width="300px"))


def _label(value, fmt: str) -> str:
    text = fmt.format(value + 0.0) if isinstance(value, numbers.Real) else str(value)
    return text.replace("-", "\N{MINUS SIGN}")


def slider(name: str, grid, value=None, description: str | None = None, fmt: str = "{:g}"):
    """A slider over ``grid`` (a sequence of distinct values, at least two).

    Parameters
    ----------
    name : str
    grid : sequence
        The values offered, in order; in the static book exactly these have pictures.
    value : optional
        Default value, one of ``grid`` (default: the middle one).
    description : str, optional
        Label shown before the slider (default ``name``).
    fmt : str, default "{:g}"
        Format of the numbers shown.

    Returns
    -------
    Control
    """
    grid = tuple(v.item() if isinstance(v, np.generic) else v for v in grid)
    if len(grid) < 2 or len(set(grid)) != len(grid):
        raise ValueError(f"the grid of control {name!r} needs at least two distinct values, "
                         f"got {list(grid)}")
    value = grid[len(grid) // 2] if value is None else value
    if value not in grid:
        raise ValueError(f"the default of control {name!r} must be one of {list(grid)}, "
                         f"got {value!r}")
    return Control(name, grid, tuple(_label(v, fmt) for v in grid), value,
                   name if description is None else description, "slider")


def case(cases: dict, value):
    """``cases[value]`` for the name of a prepared case, else ``value`` itself (a kernel's)."""
    return cases[value] if isinstance(value, str) and value in cases else value


def buttons(name: str, options, value=None, description: str | None = None):
    """A row of toggle buttons; ``options`` are values or ``(label, value)`` pairs."""
    pairs = [o if isinstance(o, tuple) else (str(o), o) for o in options]
    control = slider(name, [v for _, v in pairs], pairs[0][1] if value is None else value,
                     description)
    return Control(name, control.grid, tuple(label for label, _ in pairs), control.value,
                   control.description, "buttons")


class Lookup(anywidget.AnyWidget):
    """Shows one of the precomputed pictures and readouts, chosen by index traits.

    ``i0``, ``i1``, ... are linked (``jslink``) to the controls' ``index``; the front-end
    module picks ``frames[k]`` with ``k`` the row-major index over ``shape``. With a
    kernel, ``picture``, ``readout`` and ``alt`` carry the freshly computed picture.
    """

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    explorer = traitlets.Unicode("").tag(sync=True)
    config = traitlets.Unicode("{}").tag(sync=True)
    controls = traitlets.Unicode("[]").tag(sync=True)
    shape = traitlets.List(traitlets.Int()).tag(sync=True)
    frames = traitlets.List(traitlets.Unicode()).tag(sync=True)
    readouts = traitlets.List(traitlets.Unicode()).tag(sync=True)
    alts = traitlets.List(traitlets.Unicode()).tag(sync=True)
    picture = traitlets.Unicode("").tag(sync=True)
    readout = traitlets.Unicode("").tag(sync=True)
    alt = traitlets.Unicode("").tag(sync=True)
    locals().update({f"i{d}": traitlets.Int(0).tag(sync=True) for d in range(MAX_CONTROLS)})


class Explorer:
    """Base class of every explorer: subclasses declare, this class runs them.

    Parameters
    ----------
    static : bool, default True
        Precompute the picture and readout of every combination of grid values, so
        that the built HTML book responds without a kernel (tests pass False).
    **values
        Starting values of the controls, by name; each must be on its grid.

    Attributes
    ----------
    widget : ipywidgets.VBox
        Controls, readout and picture; display this.
    widgets : dict
        The ipywidgets control of each control name.
    state : dict
        What ``compute`` returned for the values shown.
    png : bytes
        The picture shown.
    """

    controls: tuple = ()
    rows: tuple | None = None  # control names per row of the layout; default one per row
    dpi: float = 80
    png_colors: int = 32  # palette of the PNG pictures: a quarter of the bytes of full colour
    config: dict = {}  # constructor options a subclass received (recorded in the page)

    def __init__(self, *, static: bool = True, **values):
        if not isinstance(static, bool):
            raise TypeError(f"static must be True or False, got {static!r}")
        self.controls = tuple(self.controls)
        if not 1 <= len(self.controls) <= MAX_CONTROLS:
            raise ValueError(f"an explorer needs 1 to {MAX_CONTROLS} controls, "
                             f"got {len(self.controls)}")
        self._by_name = {c.name: c for c in self.controls}
        start = {c.name: c.value for c in self.controls}
        for name, value in values.items():
            self._check(name, value, on_grid=True)
            start[name] = value
        self.fig, self._moving = self.build()
        self.values = start
        self._key = self.draw(self.compute(dict(start)))  # sets every text once
        self.renderer = BlitRenderer(self.fig, self._moving, dpi=self.dpi)
        cls = type(self)
        self.lookup = Lookup(
            explorer=f"{cls.__module__}.{cls.__qualname__}",
            config=json.dumps(self.config, sort_keys=True),
            controls=json.dumps([{"name": c.name, "grid": list(c.grid)} for c in self.controls]),
            shape=[len(c.grid) for c in self.controls])
        if static:
            self._precompute()
        self.widgets = {c.name: c.widget() for c in self.controls}
        for d, (name, w) in enumerate(self.widgets.items()):
            w.value = start[name]
            w.add_class(f"mm-control-{d}")  # the browser test finds control d by this class
            setattr(self.lookup, f"i{d}", w.index)  # the page starts where the kernel does
            jslink((w, "index"), (self.lookup, f"i{d}"))
            w.observe(self._on_change, names="value")
        self._holding = False
        rows = self.rows or [[c.name] for c in self.controls]
        boxes = [HBox([self.widgets[n] for n in row]) for row in rows]
        self.widget = VBox([*boxes, self.lookup], _dom_classes=["mm-explorer"])
        self.redraw()

    # -- what a subclass declares -------------------------------------------------------
    def build(self):
        """Create the figure; return ``(fig, moving_artists)``."""
        raise NotImplementedError

    def compute(self, values: dict) -> dict:
        """The state for control values ``values`` (a pure function calling lib)."""
        raise NotImplementedError

    def draw(self, state: dict):
        """Update the moving artists; may return a key naming the static background."""
        raise NotImplementedError

    def readout(self, state: dict) -> str:
        """HTML shown above the picture."""
        return ""

    def alt(self, state: dict) -> str:
        """Text alternative of the picture."""
        return type(self).__name__

    @staticmethod
    def fmt(value: float, digits: int = 2) -> str:
        """A number for a readout: fixed decimals, a true minus sign, never "-0.00"."""
        text = f"{float(value) + 0.0:.{digits}f}"
        return ("0." + "0" * digits if float(text) == 0 else text).replace("-", "\N{MINUS SIGN}")

    # -- what the core does -------------------------------------------------------------
    def _check(self, name, value, on_grid: bool) -> None:
        if name not in self._by_name:
            raise ValueError(f"unknown control {name!r}; known: {list(self._by_name)}")
        control = self._by_name[name]
        if control.numeric and (isinstance(value, bool | np.bool_) or not isinstance(
                value, numbers.Real) or not np.isfinite(value)):
            raise ValueError(f"{name} must be a finite real number, got {value!r}")
        if on_grid and value not in control.grid:
            raise ValueError(f"{name}={value!r} is not offered; {name} must be one of "
                             f"{list(control.grid)} (with a kernel, update() takes others)")

    def _render(self, state: dict) -> tuple[str, str, str]:
        key = self.draw(state)
        png = self.renderer.render_png(key, self.png_colors, compress_level=6)
        return png, self.readout(state), self.alt(state)

    def _precompute(self) -> None:
        shape = self.lookup.shape
        total = int(np.prod(shape))
        if total > MAX_FRAMES:
            raise ValueError(f"the grids of {type(self).__name__} give {total} pictures "
                             f"(shape {shape}); at most {MAX_FRAMES}: offer fewer values")
        frames, readouts, alts = [], [], []
        for combo in itertools.product(*(c.grid for c in self.controls)):
            values = dict(zip(self._by_name, combo, strict=True))
            png, text, alt = self._render(self.compute(values))
            frames.append(base64.b64encode(png).decode("ascii"))
            readouts.append(text)
            alts.append(alt)
        self.lookup.frames, self.lookup.readouts, self.lookup.alts = frames, readouts, alts

    def _on_change(self, _change) -> None:
        if not self._holding:
            self.values = {name: w.value for name, w in self.widgets.items()}
            self.redraw()

    def redraw(self) -> dict:
        """Compute the state of the current values, draw it and show it; return the state."""
        self.state = self.compute(dict(self.values))
        self.png, text, alt = self._render(self.state)
        self.readout_html = text
        self.lookup.readout, self.lookup.alt = text, alt
        self.lookup.picture = base64.b64encode(self.png).decode("ascii")
        return self.state

    def update(self, **values) -> dict:
        """Set any controls by name (one redraw); with a kernel any real value is accepted.

        A value off a slider's grid becomes a new position of that slider; the
        precomputed pictures then no longer match the slider positions and are dropped
        (the kernel draws every move from then on).
        """
        for name, value in values.items():
            self._check(name, value, on_grid=False)
        self._holding = True
        try:
            for name, value in values.items():
                w, control = self.widgets[name], self._by_name[name]
                if value not in w._options_values:
                    self.lookup.frames = []
                    pairs = [*zip(w._options_labels, w._options_values, strict=True),
                             (_label(value, "{:.4g}"), value)]
                    w.options = sorted(pairs, key=lambda o: o[1]) if control.numeric else pairs
                w.value = value
        finally:
            self._holding = False
        self.values = {name: w.value for name, w in self.widgets.items()}
        return self.redraw()

    def benchmark_moves(self, values_per_control: int = 3) -> dict:
        """One zero-argument callable per control, each moving it to its next grid value.

        A call does what a reader's move does with a kernel: compute, draw, render.
        """
        def mover(name):
            w, grid = self.widgets[name], self._by_name[name].grid
            picks = [grid[i] for i in np.linspace(0, len(grid) - 1, values_per_control,
                                                  dtype=int)]
            count = itertools.count(1)
            return lambda: setattr(w, "value", picks[next(count) % len(picks)])

        return {c.name: mover(c.name) for c in self.controls}
