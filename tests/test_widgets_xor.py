"""Tests for the chapter 3 XOR workbench (lib/widgets/xor.py)."""

import numpy as np
import pytest

from lib.activations import relu
from lib.widgets.xor import HIDDEN, XorWorkbench

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([0, 1, 1, 0])


@pytest.fixture(scope="module")
def bench():
    return XorWorkbench(static=False)


def _by_hand(W1, b1, v, c, points=X):
    """The 2 -> 2 -> 1 network written out with NumPy, independently of lib.network."""
    H = relu(points @ np.asarray(W1).T + b1)
    return H, H @ np.asarray(v) + c


def test_hand_built_solution_is_four_out_of_four(bench):
    s = bench.update(hidden="hand-built", v1=1.0, v2=-2.0, c=0.0)
    np.testing.assert_allclose(s["H"], [[0, 0], [1, 0], [1, 0], [2, 1]])
    np.testing.assert_allclose(s["scores"], [0, 1, 1, 0])
    assert s["accuracy"] == 1.0 and s["dead_units"] == []
    assert "Accuracy: 4/4 = 100%" in bench.readout_html


@pytest.mark.parametrize("hidden", list(HIDDEN))
def test_every_case_agrees_with_the_network_by_hand(bench, hidden):
    s = bench.update(hidden=hidden, v1=2.0, v2=-1.0, c=0.5)
    W1, b1 = HIDDEN[hidden]
    H, scores = _by_hand(W1, b1, [2.0, -1.0], 0.5)
    np.testing.assert_allclose(s["H"], H)
    np.testing.assert_allclose(s["scores"], scores)
    _, grid_scores = _by_hand(W1, b1, [2.0, -1.0], 0.5, bench.grid)
    np.testing.assert_array_equal(s["regions"].ravel(), grid_scores > 0.5)
    np.testing.assert_array_equal(bench.region.get_array(), s["regions"])


def test_the_texts_experiments(bench):
    s = bench.update(hidden="b₂ = 0", v1=1.0, v2=-2.0, c=0.0)
    np.testing.assert_allclose(s["H"][:, 0], s["H"][:, 1])  # h2 copies h1
    best = max(bench.update(v1=a, v2=b, c=c)["accuracy"] for a in (0.0, 1.0, 2.0)
               for b in (-2.0, -1.0, 1.0) for c in (-0.5, 0.0, 0.5))
    assert best < 1.0
    s = bench.update(hidden="h₂ dead", v1=1.0, v2=-2.0, c=0.0)
    assert s["dead_units"] == [2] and s["accuracy"] == 0.75
    assert "Dead hidden unit(s): h<sub>2</sub>" in bench.readout_html
    s = bench.update(hidden="±(x₁ − x₂)", v1=1.0, v2=1.0, c=0.0)
    np.testing.assert_allclose(s["scores"], np.abs(X[:, 0] - X[:, 1]))
    assert s["accuracy"] == 1.0


def test_any_hidden_layer_with_a_kernel(bench):
    W1, b1 = [[0.5, -1.0], [2.0, 0.3]], [0.1, -0.4]
    s = bench.update(hidden=(W1, b1), v1=0.7)
    np.testing.assert_allclose(s["scores"], _by_hand(W1, b1, [0.7, s["v2"]], s["c"])[1])


def test_misclassified_points_are_ringed(bench):
    s = bench.update(hidden="hand-built", v1=1.0, v2=1.0, c=0.0)
    wrong = s["predicted"] != Y
    assert wrong.any()
    np.testing.assert_allclose(bench.wrong_in.get_offsets(), X[wrong])


def test_static_lookup_size():
    bench = XorWorkbench()
    assert bench.lookup.shape == [4, 3, 3, 3] and len(bench.lookup.frames) == 108


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"hidden": "random"}, "hidden=.random. is not offered"),
    ({"v1": 0.3}, r"v1=0.3 is not offered; v1 must be one of \[0.0, 1.0, 2.0\]"),
    ({"c": float("nan")}, "c must be a finite real number"),
    ({"grid_size": 1}, "grid_size must be an integer"),
    ({"grid_size": "big"}, "must be an integer"),
])
def test_bad_options_name_the_argument(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        XorWorkbench(static=False, **kwargs)
