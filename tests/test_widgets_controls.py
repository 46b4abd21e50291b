"""Tests for the shared explorer plumbing (lib/widgets/controls.py)."""

import ipywidgets as widgets
import pytest

from lib.widgets.controls import ControlledExplorer


class CountingExplorer(ControlledExplorer):
    """A minimal explorer: its 'picture' is the sum of two sliders."""

    def __init__(self):
        self.controls = {"a": widgets.IntSlider(value=1), "b": widgets.IntSlider(value=2)}
        self.redraws = []
        self._observe_controls()

    def redraw(self):
        state = {"sum": self.values()["a"] + self.values()["b"]}
        self.redraws.append(state)
        return state


def test_moving_one_slider_redraws_once_with_the_new_value():
    explorer = CountingExplorer()
    explorer.controls["a"].value = 5
    assert explorer.redraws == [{"sum": 7}]


def test_update_sets_several_controls_with_one_redraw():
    explorer = CountingExplorer()
    state = explorer.update(a=3, b=4)
    assert state == {"sum": 7}
    assert explorer.redraws == [{"sum": 7}]
    assert explorer.values() == {"a": 3, "b": 4}


def test_update_names_unknown_controls():
    explorer = CountingExplorer()
    with pytest.raises(ValueError, match=r"unknown controls \['c'\]; known: \['a', 'b'\]"):
        explorer.update(c=1)
    assert explorer.redraws == []
