"""Tests for the explorer core (lib/widgets/core.py) with a small explorer of its own."""

import base64
import json

import ipywidgets as widgets
import numpy as np
import pytest

from lib.plotting import new_figure
from lib.softmax import softmax
from lib.widgets.core import MAX_FRAMES, Explorer, _Lookup, buttons, slider


class Bars(Explorer):
    """Softmax of (0, 1, 2) / T as three bars, optionally reversed."""

    controls = (slider("T", (0.5, 1.0, 2.0), 1.0), buttons("order", ["up", "down"], "up"))

    def __init__(self, scale=1.0, **options):
        self.scale = scale
        self.config = {"scale": scale}
        self.computed = 0
        super().__init__(**options)

    def build(self):
        fig, ax = new_figure(figsize=(3, 2))
        self.bars = ax.bar(range(3), np.zeros(3))
        ax.set_ylim(0, 1)
        self.title = ax.set_title(" ")
        return fig, [*self.bars, self.title]

    def compute(self, values):
        self.computed += 1
        z = np.arange(3.0) * self.scale
        return dict(values, p=softmax((z if values["order"] == "up" else z[::-1]) / values["T"]))

    def draw(self, state):
        for bar, p in zip(self.bars, state["p"], strict=True):
            bar.set_height(p)
        self.title.set_text(f"T = {state['T']:g}")

    def readout(self, state):
        return f"largest <b>{state['p'].max():.3f}</b>"


def test_static_explorer_precomputes_every_combination_in_row_major_order():
    e = Bars()
    lookup = e.lookup
    assert isinstance(lookup, _Lookup) and lookup.shape == [3, 2]
    assert len(lookup.frames) == len(lookup.readouts) == len(lookup.alts) == 6
    assert e.computed == 6 + 2  # the grid, the first draw, the first redraw
    # Row-major: index k = i_T * 2 + i_order; k = 5 is T = 2, "down".
    expected = Bars(static=False).update(T=2.0, order="down")
    assert lookup.readouts[5] == f"largest <b>{expected['p'].max():.3f}</b>"
    # The frame for the current values is the picture shown live.
    assert base64.b64decode(lookup.frames[2]) == e.png  # T = 1, "up"
    assert len(set(lookup.frames)) == 6 and e.png.startswith(b"\x89PNG")
    controls = json.loads(lookup.controls)
    assert controls == [{"name": "T", "grid": [0.5, 1.0, 2.0]},
                        {"name": "order", "grid": ["up", "down"]}]
    assert lookup.explorer == "test_widgets_core.Bars" or lookup.explorer.endswith(".Bars")
    assert json.loads(lookup.config) == {"scale": 1.0}


def test_widget_layout_and_links():
    e = Bars(static=False, T=2.0)
    assert isinstance(e.widget, widgets.VBox) and "mm-explorer" in e.widget._dom_classes
    assert isinstance(e.widgets["T"], widgets.SelectionSlider)
    assert isinstance(e.widgets["order"], widgets.ToggleButtons)
    assert e.widget.children[-1] is e.lookup
    assert e.widgets["T"].index == 2 and e.lookup.i0 == 2  # jslink copied the start value
    assert e.lookup.frames == []  # static=False precomputes nothing


def test_a_move_recomputes_redraws_once_and_sets_the_live_picture():
    e = Bars(static=False)
    before, png = e.computed, e.png
    e.widgets["T"].value = 0.5
    assert e.computed == before + 1
    assert e.state["T"] == 0.5 and e.png != png
    np.testing.assert_allclose(e.state["p"], softmax(np.arange(3.0) / 0.5))
    assert base64.b64decode(e.lookup.picture) == e.png
    assert e.lookup.readout == e.readout_html == f"largest <b>{e.state['p'].max():.3f}</b>"


def test_update_sets_many_controls_with_one_redraw():
    e = Bars(static=False)
    before = e.computed
    state = e.update(T=2.0, order="down")
    assert e.computed == before + 1
    assert state["order"] == "down" and e.widgets["order"].value == "down"


def test_update_off_the_grid_needs_a_kernel_and_drops_the_static_pictures():
    e = Bars()
    state = e.update(T=0.37)
    np.testing.assert_allclose(state["p"], softmax(np.arange(3.0) / 0.37))
    assert 0.37 in e.widgets["T"]._options_values  # a new slider position, in order
    assert e.widgets["T"]._options_values == (0.37, 0.5, 1.0, 2.0)
    assert e.lookup.frames == []


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"T": 0.7}, r"T=0.7 is not offered; T must be one of \[0.5, 1.0, 2.0\]"),
    ({"order": "sideways"}, "order must be one of"),
    ({"colour": 1}, "unknown control 'colour'"),
    ({"static": "yes"}, "static must be True or False"),
])
def test_bad_constructor_options_are_refused(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        Bars(**kwargs)


def test_bad_update_values_are_refused():
    e = Bars(static=False)
    for bad in (float("nan"), float("inf"), "hot", None, True):
        with pytest.raises(ValueError, match="T must be a finite real number"):
            e.update(T=bad)
    with pytest.raises(ValueError, match="unknown control"):
        e.update(t=1.0)


def test_control_declarations_are_checked():
    with pytest.raises(ValueError, match="at least two distinct"):
        slider("a", [1.0])
    with pytest.raises(ValueError, match="at least two distinct"):
        slider("a", [1.0, 1.0])
    with pytest.raises(ValueError, match="default of control 'a' must be one of"):
        slider("a", [1.0, 2.0], 3.0)
    assert slider("a", [-1.0, 0.0, 1.0]).labels == ("\N{MINUS SIGN}1", "0", "1")
    assert buttons("b", [("one", 1), ("two", 2)]).labels == ("one", "two")


def test_too_many_pictures_are_refused():
    class Big(Bars):
        controls = (slider("T", np.linspace(0.1, 5, 300).tolist(), 0.1 * 1.0),
                    buttons("order", ["up", "down"], "up"))

    with pytest.raises(ValueError, match=f"600 pictures .* at most {MAX_FRAMES}"):
        Big()


def test_benchmark_moves_cycle_through_grid_values():
    e = Bars(static=False)
    moves = e.benchmark_moves()
    assert set(moves) == {"T", "order"}
    seen = set()
    for _ in range(3):
        moves["T"]()
        seen.add(e.state["T"])
    assert seen == {0.5, 1.0, 2.0}


def test_fmt_never_prints_minus_zero():
    assert Explorer.fmt(-0.001) == "0.00" and Explorer.fmt(-1.5) == "\N{MINUS SIGN}1.50"
    assert Explorer.fmt(2.0, 3) == "2.000"


def test_explorer_plain_text_tells_the_reader_to_run_the_notebook():
    # Where the widget cannot be shown (untrusted or not yet run), this text stands in.
    from lib.widgets.neurons_and_layers import NeuronExplorer

    bundle = NeuronExplorer(static=False).widget._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Explorer: run the notebook's cells")
    assert "application/vnd.jupyter.widget-view+json" in bundle
