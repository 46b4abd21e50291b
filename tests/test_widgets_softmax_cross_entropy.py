"""Tests for the chapter 4 logit lab (lib/widgets/softmax_cross_entropy.py)."""

import numpy as np
import pytest
from scipy.special import softmax as scipy_softmax

from lib.widgets.softmax_cross_entropy import LOGIT_CASES, LogitLab


@pytest.fixture(scope="module")
def lab():
    return LogitLab(static=False)


def test_default_is_the_chapters_example(lab):
    s = lab.update(logits="(1.2, 3.5, 0.7)", T=1.0, true_class=1)
    expected = scipy_softmax([1.2, 3.5, 0.7])
    np.testing.assert_allclose(s["probabilities"], expected)
    assert s["predicted"] == 1 and s["loss"] == pytest.approx(-np.log(expected[1]))
    assert "Predicted class: <b>dog</b> (correct)" in lab.readout_html
    assert f"<b>{-np.log(expected[1]):.4f}</b>" in lab.readout_html
    np.testing.assert_allclose([bar.get_height() for bar in lab.bars], expected)


def test_shift_changes_nothing_and_exercise_4_1(lab):
    base = lab.update(logits="(1.2, 3.5, 0.7)", T=2.0, true_class=0)["probabilities"]
    np.testing.assert_allclose(lab.update(logits="(3.2, 5.5, 2.7)")["probabilities"], base)
    s = lab.update(logits="(2, 1, 0)", T=1.0, true_class=0)
    assert s["loss"] == pytest.approx(0.4076, abs=1e-4)


@pytest.mark.parametrize("T", [0.1, 0.5, 1.0, 2.0, 10.0])
def test_temperature_divides_the_logits(lab, T):
    s = lab.update(logits="(6, −2, 0)", T=T, true_class=1)
    expected = scipy_softmax(np.array(LOGIT_CASES["(6, −2, 0)"]) / T)
    np.testing.assert_allclose(s["probabilities"], expected, rtol=1e-12, atol=1e-300)
    assert np.isfinite(s["loss"])
    assert lab.dot.get_xdata()[0] == max(s["p_true"], 1e-3)


def test_any_logits_with_a_kernel(lab):
    s = lab.update(logits=(0.3, -1.0, 2.2), T=0.7)
    np.testing.assert_allclose(s["probabilities"], scipy_softmax(np.array([0.3, -1.0, 2.2]) / 0.7))


def test_static_lookup_size():
    assert len(LogitLab().lookup.frames) == 5 * 5 * 3


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"T": 0.0}, "T=0.0 is not offered"),
    ({"T": -1.0}, "T=-1.0 is not offered"),
    ({"true_class": 3}, "true_class=3 is not offered"),
    ({"logits": "(1, 2)"}, "logits=.* is not offered"),
    ({"T": float("inf")}, "T must be a finite real number"),
])
def test_bad_options_name_the_argument(kwargs, match):
    with pytest.raises(ValueError, match=match):
        LogitLab(static=False, **kwargs)


def test_bad_kernel_values_are_refused_by_lib(lab):
    with pytest.raises(ValueError, match="temperature"):
        lab.update(logits="(2, 1, 0)", T=-2.0)
    with pytest.raises(ValueError, match="logits"):
        lab.update(logits=(1.0, float("nan"), 0.0), T=1.0)
