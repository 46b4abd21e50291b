"""Tests for the chapter 2 network bender (lib/widgets/linear_collapse.py)."""

import ipywidgets as widgets
import numpy as np
import pytest

from lib.linear_collapse import affine_stack_forward, collapse_affine
from lib.linear_regions import breakpoints_1d, count_regions
from lib.network import MLP
from lib.widgets.linear_collapse import (
    SQUARE,
    X_1D,
    NetworkBender,
    benchmark_callbacks,
    bend,
    network_bender_explorer,
    network_output,
    random_network,
)


def test_random_network_shapes_and_seeding():
    weights, biases = random_network(2, 1, depth=3, width=5, seed=0)
    assert [W.shape for W in weights] == [(5, 2), (5, 5), (5, 5), (1, 5)]
    assert [b.shape for b in biases] == [(5,), (5,), (5,), (1,)]
    again, _ = random_network(2, 1, depth=3, width=5, seed=0)
    other, _ = random_network(2, 1, depth=3, width=5, seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(weights, again, strict=True))
    assert not np.array_equal(weights[0], other[0])
    with pytest.raises(ValueError, match="depth"):
        random_network(1, 1, depth=0, width=3)


def test_network_output_agrees_with_lib_mlp():
    weights, biases = random_network(2, 2, depth=2, width=4, seed=3)
    X = np.random.default_rng(0).normal(size=(20, 2))
    for activation in ("identity", "relu"):
        out, _ = network_output(X, weights, biases, activation)
        model = MLP.from_arrays(weights, biases, activation=activation)
        np.testing.assert_allclose(out, model.forward(X), atol=1e-12)
    with pytest.raises(ValueError, match="activation"):
        network_output(X, weights, biases, "tanh")


def test_linear_mode_is_the_collapsed_affine_map():
    bender = NetworkBender(seed=0)
    s = bender.update(depth=4, width=7, activation="identity")
    w1, b1 = random_network(1, 1, 4, 7, 0)
    W, b = collapse_affine(list(zip(w1, b1, strict=True)))
    np.testing.assert_allclose(s["y"], X_1D * W[0, 0] + b[0], atol=1e-10)
    assert s["slope"] == pytest.approx(W[0, 0]) and s["intercept"] == pytest.approx(b[0])
    # The 2-D picture is the grid pushed through one affine map, layer by layer or at once.
    w2, b2 = random_network(2, 2, 4, 7, 0)
    lines = s["lines"].reshape(-1, 2)
    start = (lines - s["b2d"]) @ np.linalg.inv(s["W2d"]).T
    np.testing.assert_allclose(
        affine_stack_forward(start, list(zip(w2, b2, strict=True))), lines, atol=1e-9
    )
    assert start.min() >= SQUARE[0] - 1e-9 and start.max() <= SQUARE[1] + 1e-9
    assert s["pieces"] == 1 and s["regions"] == 1
    assert s["rank"] == np.linalg.matrix_rank(s["W2d"])
    assert "single line" in bender.readout.value


def test_relu_mode_breakpoints_and_regions_match_lib():
    bender = NetworkBender(seed=0)
    s = bender.update(depth=2, width=5, activation="relu")
    w1, b1 = random_network(1, 1, 2, 5, 0)
    bps = breakpoints_1d(X_1D, w1, b1)
    np.testing.assert_array_equal(s["breakpoints"], bps)
    assert s["pieces"] == bps.size + 1 >= 2
    w2, b2 = random_network(2, 2, 2, 5, 0)
    g = np.linspace(*SQUARE, 101)
    P = np.column_stack([a.ravel() for a in np.meshgrid(g, g)])
    assert s["regions"] == count_regions(P, w2, b2) > 1
    x_marks, y_marks = bender.kinks.get_data()
    np.testing.assert_array_equal(x_marks, bps)
    assert f"<b>{s['pieces']}</b>" in bender.readout.value


def test_same_sliders_give_same_network_and_switch_changes_it():
    bender = NetworkBender(seed=0)
    first = bender.update(depth=3, width=6, activation="relu")["y"].copy()
    bender.update(depth=5, width=2)
    again = bender.update(depth=3, width=6)["y"]
    np.testing.assert_array_equal(first, again)
    linear = bender.update(activation="identity")["y"]
    assert not np.allclose(first, linear)
    np.testing.assert_allclose(np.diff(linear, 2), 0, atol=1e-9)  # a straight line


def test_slider_moves_redraw_the_same_figure():
    bender = NetworkBender(seed=0)
    fig, curve = bender.fig, bender.curve
    bender.controls["width"].value = 9  # a reader's move goes through the observer
    assert bender.state["width"] == 9
    np.testing.assert_array_equal(curve.get_ydata(), bend(3, 9, "relu", 0)["y"])
    bender.controls["activation"].value = "identity"
    assert bender.fig is fig and bender.curve is curve
    assert bender.state["activation"] == "identity"
    assert bender.png[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="unknown"):
        bender.update(colour="red")


def test_explorer_and_benchmark_callbacks():
    assert isinstance(network_bender_explorer(), widgets.VBox)
    callbacks = benchmark_callbacks()
    assert set(callbacks) == {"depth", "width", "activation"}
    for step in callbacks.values():
        step()
