"""Tests for the chapter 4 logit lab (lib/widgets/softmax_cross_entropy.py)."""

import ipywidgets as widgets
import numpy as np
import pytest

from lib.losses import softmax_cross_entropy
from lib.widgets.softmax_cross_entropy import (
    CLASS_NAMES,
    LogitLab,
    benchmark_callbacks,
    logit_lab_explorer,
    logit_lab_summary,
)


# -- the plain function ------------------------------------------------------------
def test_summary_reproduces_the_cat_dog_bird_example():
    s = logit_lab_summary([1.2, 3.5, 0.7], temperature=1.0, true_class=1)
    np.testing.assert_allclose(s["probabilities"], [0.08635047, 0.86127533, 0.05237421],
                               atol=1e-8)
    assert CLASS_NAMES[s["predicted"]] == "dog"
    assert s["loss"] == pytest.approx(-np.log(0.86127533), abs=1e-7)


def test_summary_reproduces_the_two_one_zero_head():
    s = logit_lab_summary([2.0, 1.0, 0.0], true_class=0)
    np.testing.assert_allclose(s["probabilities"], [0.665, 0.245, 0.090], atol=5e-4)
    assert round(s["loss"], 2) == 0.41


def test_summary_loss_matches_lib_losses_with_scaled_logits():
    z, temperature, c = np.array([0.3, -1.7, 2.2]), 2.5, 2
    s = logit_lab_summary(z, temperature, c)
    loss, _ = softmax_cross_entropy((z / temperature)[None, :], np.array([c]))
    assert s["loss"] == pytest.approx(loss, rel=1e-12)


def test_summary_temperature_limits():
    z = [1.0, 3.0, 2.0]
    cold = logit_lab_summary(z, temperature=0.01)["probabilities"]
    hot = logit_lab_summary(z, temperature=1e4)["probabilities"]
    np.testing.assert_allclose(cold, [0, 1, 0], atol=1e-12)
    np.testing.assert_allclose(hot, [1 / 3] * 3, atol=1e-3)


def test_summary_loss_stays_finite_when_probability_underflows():
    s = logit_lab_summary([0.0, 1000.0, 0.0], true_class=0)
    assert s["p_true"] == 0.0
    assert s["loss"] == pytest.approx(1000.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"logits": [[1.0, 2.0]]}, ValueError, "logits must be 1-D"),
        ({"logits": [1.0, np.nan]}, ValueError, "logits must be finite"),
        ({"logits": ["a", "b"]}, TypeError, "logits must hold real numbers"),
        ({"logits": [1.0, 2.0], "temperature": 0.0}, ValueError, "temperature"),
        ({"logits": [1.0, 2.0], "temperature": -1.0}, ValueError, "temperature"),
        ({"logits": [1.0, 2.0], "true_class": 2}, ValueError, "true_class"),
        ({"logits": [1.0, 2.0], "true_class": 0.5}, ValueError, "true_class"),
        ({"logits": [1.0, 2.0], "true_class": True}, ValueError, "true_class"),
    ],
)
def test_summary_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        logit_lab_summary(**kwargs)


def test_lab_rejects_bad_options():
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        LogitLab(logits=[1.0, 2.0])
    with pytest.raises(ValueError, match="unknown controls"):
        LogitLab().update(z4=1.0)


# -- the explorer ------------------------------------------------------------------
def test_defaults_show_the_running_example():
    lab = LogitLab()
    s = lab.state
    np.testing.assert_allclose(s["probabilities"], [0.0864, 0.8613, 0.0524], atol=5e-5)
    assert "<b>dog</b> (correct)" in lab.readout.value
    assert "0.1493" in lab.readout.value
    assert lab.png[:8] == b"\x89PNG\r\n\x1a\n"
    assert lab.output.outputs[0]["data"]["image/png"]


def test_explorer_returns_the_assembled_widget():
    box = logit_lab_explorer()
    assert isinstance(box, widgets.VBox)
    assert any(isinstance(child, widgets.HTML) for child in box.children)
    assert any(isinstance(child, widgets.Output) for child in box.children)


def test_slider_moves_redraw_the_same_figure_with_the_computed_numbers():
    lab = LogitLab()
    fig, bars, dot, png = lab.fig, list(lab.bars), lab.loss_dot, lab.png
    lab.controls["z1"].value = 2.0
    lab.controls["z2"].value = 1.0
    lab.controls["z3"].value = 0.0
    lab.controls["true_class"].value = 0
    s = lab.state
    assert lab.fig is fig and list(lab.bars) == bars and lab.loss_dot is dot
    assert lab.png != png
    np.testing.assert_allclose(s["probabilities"], [0.665, 0.245, 0.090], atol=5e-4)
    np.testing.assert_allclose([bar.get_height() for bar in lab.bars], s["probabilities"])
    x, y = lab.loss_dot.get_data()
    assert x[0] == pytest.approx(s["p_true"]) and y[0] == pytest.approx(s["loss"])
    assert lab.value_texts[0].get_text() == "0.665"
    # tick labels name the classes (drawn once); the logits are animated texts below them
    assert [t.get_text() for t in lab.ax_bars.get_xticklabels()] == list(CLASS_NAMES)
    assert [t.get_text() for t in lab.logit_texts] == ["z = 2.0", "z = 1.0", "z = 0.0"]
    assert "predicts cat" in lab.bars_title.get_text()
    assert lab.loss_title.get_text() == "true class cat: loss = 0.408"
    assert "<b>cat</b> (correct)" in lab.readout.value and "0.4076" in lab.readout.value
    # the true class is drawn in its own colour
    assert lab.bars[0].get_facecolor() != lab.bars[1].get_facecolor()
    assert lab.bars[1].get_facecolor() == lab.bars[2].get_facecolor()

    lab.controls["true_class"].value = 2
    assert "(wrong)" in lab.readout.value
    assert lab.state["loss"] == pytest.approx(2.4076, abs=1e-4)
    lab.controls["T"].value = 10.0
    assert lab.state["temperature"] == pytest.approx(10.0)
    assert lab.state["probabilities"].max() < 0.4  # hot: close to uniform
    assert lab.fig is fig


def test_update_sets_several_controls_and_redraws_once():
    lab = LogitLab()
    redraws = []
    original = lab.redraw

    def counting_redraw():
        redraws.append(1)
        return original()

    lab.redraw = counting_redraw
    s = lab.update(z1=0.0, z2=0.0, z3=0.0, T=2.0, true_class=2)
    assert len(redraws) == 1
    np.testing.assert_allclose(s["probabilities"], [1 / 3] * 3)
    assert s["loss"] == pytest.approx(np.log(3))


def test_benchmark_callbacks_name_the_moves_and_each_redraws():
    callbacks = benchmark_callbacks()
    assert set(callbacks) == {"logit", "temperature", "true_class"}
    for name, move in callbacks.items():
        assert callable(move), name
        assert move() is None, name  # one slider move, nothing returned
        move()  # a second move cycles to the next value without error
