"""Tests for the chapter 5 learning-rate lab (lib/widgets/backpropagation.py)."""

import numpy as np
import pytest

from lib.train import DIVERGED_LOSS, LEARNING_RATES, learning_rate_curves
from lib.widgets.backpropagation import LearningRateLab


@pytest.fixture(scope="module")
def lab():
    return LearningRateLab(static=False)


def test_lab_shows_the_precomputed_curves(lab):
    curves = learning_rate_curves()
    s = lab.update(learning_rate=LEARNING_RATES[4].item(), epochs_shown=40)
    assert s["index"] == 4 and s["learning_rate"] == pytest.approx(0.1)
    assert s["val_loss"] == curves.val_loss[4, 40] and s["train_acc"] == curves.train_acc[4, 40]
    np.testing.assert_array_equal(lab.lines[1].get_ydata(), curves.val_loss[4])
    assert f"validation loss <b>{curves.val_loss[4, 40]:.3f}</b>" in lab.readout_html


def test_epochs_slider_cuts_the_curves(lab):
    curves = learning_rate_curves()
    s = lab.update(learning_rate=LEARNING_RATES[2].item(), epochs_shown=5)
    np.testing.assert_array_equal(lab.lines[0].get_xdata(), np.arange(6))
    np.testing.assert_array_equal(lab.lines[0].get_ydata(), curves.train_loss[2, :6])
    np.testing.assert_array_equal(lab.rate_lines[0].get_ydata()[:7], curves.val_loss[:7, 5])
    assert s["epochs_shown"] == 5 and "after 5 epochs" in lab.readout_html


def test_diverged_runs_are_reported(lab):
    s = lab.update(learning_rate=LEARNING_RATES[8].item(), epochs_shown=10)
    assert s["diverged_at"] == 1 and "<b>diverged</b> at epoch 1" in lab.readout_html
    assert lab.warning.get_visible()
    assert f"loss above {DIVERGED_LOSS:.0f}" in lab.warning.get_text()
    assert len(lab.crosses.get_xdata()) == 2  # the two largest rates


def test_exercise_5_6_answers_are_on_the_grid(lab):
    losses = {k: lab.update(learning_rate=rate.item(), epochs_shown=40)["val_loss"]
              for k, rate in enumerate(LEARNING_RATES)}
    finite = {k: v for k, v in losses.items() if np.isfinite(v)}
    assert min(finite, key=finite.get) == 4  # eta = 0.1


def test_static_lookup_size():
    assert len(LearningRateLab().lookup.frames) == 9 * 7


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"learning_rate": 0.2}, "learning_rate=0.2 is not offered"),
    ({"epochs_shown": 0}, "epochs_shown=0 is not offered"),
    ({"epochs": 0}, "epochs must be an integer"),
    ({"epochs": 2.5}, "epochs must be an integer"),
    ({"learning_rate": float("nan")}, "learning_rate must be a finite real number"),
])
def test_bad_options_name_the_argument(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        LearningRateLab(static=False, **kwargs)
