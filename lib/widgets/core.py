r"""The one pattern of every explorer: declared controls, a pure ``compute``, a ``draw``.

:class:`Explorer` does the wiring, one redraw per move, :meth:`Explorer.update`, blitted
renders (:class:`lib.plotting.BlitRenderer`), benchmark moves and the static book: every
combination of grid values is computed and drawn once at execution time, and a small
``anywidget`` lookup (``lookup.js``), driven by the ordinary controls through ``jslink``,
shows the picture of the current values in the built HTML book without a kernel.

DOM contract (the browser test's): box ``.mm-explorer``; ``.mm-lookup`` with
``data-explorer`` (dotted class name), ``data-config`` (JSON options), ``data-controls``
(JSON ``[{"name", "grid"}]``) and ``data-state`` (row-major index of the picture shown);
control ``d`` is ``.mm-control-d``; readout ``.mm-readout``; picture ``img.mm-picture``.
"""

import base64
import itertools
import json
import numbers
from dataclasses import dataclass
from pathlib import Path

import anywidget
import numpy as np
import traitlets
from ipywidgets import HBox, Layout, SelectionSlider, ToggleButtons, VBox, jslink

from lib.plotting import BlitRenderer

__all__ = ["Control", "slider", "buttons", "Explorer", "MAX_FRAMES", "MAX_CONTROLS"]

MAX_FRAMES = 400  # most pictures one explorer may precompute (page size and time)
MAX_CONTROLS = 8  # most controls of one explorer (the lookup has one index trait each)

_ESM = Path(__file__).with_name("lookup.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Control:
    """One slider or row of buttons: its name, the values it offers, their labels."""

    name: str
    grid: tuple
    labels: tuple
    value: object
    description: str
    kind: str = "slider"

    @property
    def numeric(self) -> bool:  # real numbers: a kernel may then take values off the grid
        return all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in self.grid)

    def widget(self):  # a fresh ipywidgets SelectionSlider or ToggleButtons
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
    """A slider over ``grid`` (at least two distinct values; the static book has exactly
    these), starting at ``value`` (default: the middle one), labelled with ``fmt``."""
    for arg, text in (("name", name), ("fmt", fmt), ("description", description or "")):
        if not isinstance(text, str) or (arg == "name" and not text.isidentifier()):
            raise TypeError(f"{arg} must be a string{' naming a control' * (arg == 'name')},"
                            f" got {text!r}")
    if isinstance(grid, str | bytes) or not hasattr(grid, "__iter__"):
        raise TypeError(f"grid of control {name!r} must be a sequence of values, got {grid!r}")
    grid = tuple(v.item() if isinstance(v, np.generic) else v for v in grid)
    if len(grid) < 2 or len(set(grid)) != len(grid) or any(
            isinstance(v, float) and not np.isfinite(v) for v in grid):
        raise ValueError(f"the grid of control {name!r} needs at least two distinct finite "
                         f"values, got {list(grid)}")
    value = grid[len(grid) // 2] if value is None else value
    if value not in grid:
        raise ValueError(f"the default of control {name!r} must be one of {list(grid)}, "
                         f"got {value!r}")
    try:
        labels = tuple(_label(v, fmt) for v in grid)
    except (ValueError, TypeError) as error:
        raise ValueError(f"fmt {fmt!r} cannot format the grid of {name!r}: {error}") from None
    return Control(name, grid, labels, value, description or name, "slider")


def buttons(name: str, options, value=None, description: str | None = None):
    """A row of toggle buttons; ``options`` are values or ``(label, value)`` pairs."""
    if isinstance(options, str | bytes) or not hasattr(options, "__iter__"):
        raise TypeError(f"options of control {name!r} must be a sequence, got {options!r}")
    pairs = [o if isinstance(o, tuple) else (str(o), o) for o in options]
    control = slider(name, [v for _, v in pairs], pairs[0][1] if value is None and pairs
                     else value, description)
    return Control(name, control.grid, tuple(str(label) for label, _ in pairs), control.value,
                   control.description, "buttons")


class _Lookup(anywidget.AnyWidget):
    """Precomputed pictures chosen by ``i0``, ``i1``, ... (linked to the controls' index);
    with a kernel, ``picture``, ``readout`` and ``alt`` carry what lib just drew."""

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    explorer, config, controls = (traitlets.Unicode("").tag(sync=True) for _ in range(3))
    shape = traitlets.List(traitlets.Int()).tag(sync=True)
    frames, readouts, alts = (traitlets.List(traitlets.Unicode()).tag(sync=True)
                              for _ in range(3))
    picture, readout, alt = (traitlets.Unicode("").tag(sync=True) for _ in range(3))
    locals().update({f"i{d}": traitlets.Int(0).tag(sync=True) for d in range(MAX_CONTROLS)})


class _ExplorerBox(VBox):
    """The explorer's layout box. Its plain-text form is what a notebook shows where the
    widget cannot be displayed (an untrusted notebook, or one not yet run)."""

    def __repr__(self) -> str:
        return "Explorer: run the notebook's cells (Run > Run All Cells) to use its sliders"


class Explorer:
    """Base of every explorer: subclasses declare (see CONTRIBUTING), this class runs them.

    ``static=False`` skips the precomputed pictures (tests, benchmarks); ``**values`` are
    starting values on the grids. Display ``widget`` (an ``ipywidgets.VBox``); ``widgets``
    maps names to controls; ``state``, ``readout_html`` and ``png`` are the values shown.
    """

    controls: tuple = ()
    rows: tuple | None = None  # control names per row of the layout; default one per row
    dpi: float = 80
    png_colors: int = 32  # palette PNGs: a quarter of the bytes of full colour
    config: dict = {}  # the constructor options a subclass received (recorded in the page)

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
        self.fig, moving = self.build()
        self.values = start
        self._key = self.draw(self.compute(dict(start)))  # sets every text once
        self.renderer = BlitRenderer(self.fig, moving, dpi=self.dpi)
        self.lookup = _Lookup(
            explorer=f"{type(self).__module__}.{type(self).__qualname__}",
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
        self.widget = _ExplorerBox(
            [*(HBox([self.widgets[n] for n in row]) for row in rows), self.lookup],
            _dom_classes=["mm-explorer"])
        self.redraw()

    # -- what a subclass declares: build() -> (fig, moving artists), compute(values) ->
    # state (pure, calls lib), draw(state) (moves the artists; may return a key naming the
    # static background), readout(state) and alt(state).

    def readout(self, state: dict) -> str:  # HTML shown above the picture
        return ""

    def alt(self, state: dict) -> str:  # the picture's text alternative
        return type(self).__name__

    @staticmethod
    def fmt(value: float, digits: int = 2) -> str:
        """A number for a readout: fixed decimals, a true minus sign, never "-0.00"."""
        text = f"{float(value) + 0.0:.{digits}f}"
        return ("0." + "0" * digits if float(text) == 0 else text).replace("-", "\N{MINUS SIGN}")

    @staticmethod
    def case(cases: dict, value):
        """``cases[value]`` for the name of a prepared case, else ``value`` (a kernel's)."""
        return cases[value] if isinstance(value, str) and value in cases else value

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

    def _render(self, state: dict):
        png = self.renderer.render_png(self.draw(state), self.png_colors, compress_level=6)
        return png, self.readout(state), self.alt(state)

    def _precompute(self) -> None:
        shape, pictures = self.lookup.shape, []
        if int(np.prod(shape)) > MAX_FRAMES:
            raise ValueError(f"the grids of {type(self).__name__} give {int(np.prod(shape))} "
                             f"pictures (shape {shape}); at most {MAX_FRAMES}: offer fewer values")
        for combo in itertools.product(*(c.grid for c in self.controls)):
            pictures.append(self._render(self.compute(dict(zip(self._by_name, combo,
                                                               strict=True)))))
        frames, self.lookup.readouts, self.lookup.alts = (list(p) for p in zip(*pictures,
                                                                                strict=True))
        self.lookup.frames = [base64.b64encode(png).decode("ascii") for png in frames]

    def _on_change(self, _change) -> None:
        if not self._holding:
            self.values = {name: w.value for name, w in self.widgets.items()}
            self.redraw()

    def redraw(self) -> dict:
        """Compute the state of the current values, draw it and show it; return the state."""
        self.state = self.compute(dict(self.values))
        self.png, self.readout_html, alt = self._render(self.state)
        self.lookup.readout, self.lookup.alt = self.readout_html, alt
        self.lookup.picture = base64.b64encode(self.png).decode("ascii")
        return self.state

    def update(self, **values) -> dict:
        """Set controls by name, one redraw. A value off a grid (a kernel's) becomes a new
        position of its control, and the precomputed pictures, no longer matching, go."""
        for name, value in values.items():
            self._check(name, value, on_grid=False)
        self._holding = True
        try:
            for name, value in values.items():
                w = self.widgets[name]
                if value not in w._options_values:
                    self.lookup.frames = []
                    pairs = [*zip(w._options_labels, w._options_values, strict=True),
                             (_label(value, "{:.4g}"), value)]
                    w.options = (sorted(pairs, key=lambda o: o[1])
                                 if self._by_name[name].numeric else pairs)
                w.value = value
        finally:
            self._holding = False
        self.values = {name: w.value for name, w in self.widgets.items()}
        return self.redraw()

    def benchmark_moves(self, values_per_control: int = 3) -> dict:
        """One callable per control moving it to its next grid value (a kernel's move)."""
        def mover(name):
            w, grid = self.widgets[name], self._by_name[name].grid
            picks = [grid[i] for i in np.linspace(0, len(grid) - 1, values_per_control, dtype=int)]
            count = itertools.count(1)
            return lambda: setattr(w, "value", picks[next(count) % len(picks)])

        return {c.name: mover(c.name) for c in self.controls}
