"""Tests for the chapter 3 XOR workbench (lib/widgets/xor.py)."""


import ipywidgets as widgets
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.data import xor
from lib.network import MLP
from lib.widgets.xor import (
    HAND_B1,
    HAND_B2,
    HAND_W1,
    HAND_W2,
    XorWorkbench,
    benchmark_callbacks,
    predict_labels,
    xor_explorer,
    xor_network,
)

X, Y = xor()
weights = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


# -- the plain functions -----------------------------------------------------------
def test_hand_network_reproduces_the_source_table():
    H, scores = xor_network(X, HAND_W1, HAND_B1, HAND_W2, HAND_B2)
    table = np.column_stack([X, H, scores])
    np.testing.assert_array_equal(
        table, [[0, 0, 0, 0, 0], [0, 1, 1, 0, 1], [1, 0, 1, 0, 1], [1, 1, 2, 1, 0]]
    )
    np.testing.assert_array_equal(predict_labels(scores), Y)


@given(st.lists(weights, min_size=9, max_size=9))
def test_network_agrees_with_lib_mlp(values):
    # Independent route: the same weights in lib.network.MLP.
    W1 = np.array(values[:4]).reshape(2, 2)
    b1, w2, b2 = np.array(values[4:6]), np.array(values[6:8]), values[8]
    H, scores = xor_network(X, W1, b1, w2, b2)
    model = MLP.from_arrays([W1, w2[None, :]], [b1, [b2]])
    np.testing.assert_allclose(scores, model.forward(X)[:, 0], atol=1e-12)
    np.testing.assert_allclose(H, model.hidden(X), atol=1e-12)


@given(st.lists(weights, min_size=9, max_size=9))
def test_hidden_activations_are_nonnegative_and_labels_binary(values):
    W1 = np.array(values[:4]).reshape(2, 2)
    H, scores = xor_network(X, W1, values[4:6], values[6:8], values[8])
    assert (H >= 0).all()
    assert set(predict_labels(scores)) <= {0, 1}


def test_predict_labels_threshold_is_one_half():
    np.testing.assert_array_equal(predict_labels([0.5, 0.5000001, -1.0, 2.0]), [0, 1, 0, 1])


@pytest.mark.parametrize(
    "args, match",
    [
        (([[0, 0, 0]], HAND_W1, HAND_B1, HAND_W2, 0.0), "X must have 2 columns"),
        ((X, np.eye(3), HAND_B1, HAND_W2, 0.0), "W1 must have shape"),
        ((X, HAND_W1, HAND_B1, [1.0, 2.0, 3.0], 0.0), "w2 must have shape"),
        ((X, HAND_W1, [0.0, 0.0, 0.0], HAND_W2, 0.0), "b needs shape"),
        ((X, HAND_W1, HAND_B1, HAND_W2, np.nan), "b2 must be finite"),
    ],
)
def test_bad_input_raises_clear_errors(args, match):
    with pytest.raises(ValueError, match=match):
        xor_network(*args)


# -- the workbench -----------------------------------------------------------------
def test_default_is_the_hand_built_solution():
    bench = XorWorkbench()
    W1, b1, w2, b2 = bench.parameters()
    np.testing.assert_array_equal(W1, HAND_W1)
    np.testing.assert_array_equal(b1, HAND_B1)
    np.testing.assert_array_equal(w2, HAND_W2)
    assert b2 == HAND_B2
    assert bench.state["accuracy"] == 1.0
    np.testing.assert_array_equal(bench.state["H"], [[0, 0], [1, 0], [1, 0], [2, 1]])
    assert bench.state["dead_units"] == []
    assert "4/4 = 100%" in bench.readout.value


def test_slider_move_recomputes_and_reuses_the_figure():
    bench = XorWorkbench()
    fig, image, line = bench.fig, bench.region_image, bench.hidden_line
    # Push h2's bias up to 0: h2 = ReLU(x1 + x2) = h1, so y = -h1 and only (0,0) stays right.
    bench.sliders["b12"].value = 0.0
    np.testing.assert_allclose(bench.state["H"], [[0, 0], [1, 1], [1, 1], [2, 2]])
    np.testing.assert_allclose(bench.state["scores"], [0, -1, -1, -2])
    assert bench.state["accuracy"] == 0.5
    assert "2/4 = 50%" in bench.readout.value
    assert bench.fig is fig and bench.region_image is image and bench.hidden_line is line
    # The class image over the input plane now says "class 0" everywhere.
    assert np.asarray(bench.region_image.get_array()).max() == 0
    # And the output area holds exactly one fresh PNG.
    assert len(bench.output.outputs) == 1
    assert bench.output.outputs[0]["data"]["image/png"].startswith("iVBOR")


def test_dead_unit_is_reported():
    bench = XorWorkbench()
    bench.sliders["w21"].value = -1.0
    bench.sliders["w22"].value = -1.0
    assert bench.state["dead_units"] == [2]
    np.testing.assert_array_equal(bench.state["H"][:, 1], 0.0)
    # With h2 dead, y = h1 = x1 + x2 and the point (1, 1) is misclassified.
    np.testing.assert_array_equal(bench.state["predicted"], [0, 1, 1, 1])
    assert bench.state["accuracy"] == 0.75
    assert "Dead hidden unit" in bench.readout.value


def test_set_parameters_loads_the_abs_difference_network():
    # h1 = ReLU(x1 - x2), h2 = ReLU(x2 - x1), y = h1 + h2 = |x1 - x2|: another solution.
    bench = XorWorkbench()
    bench.set_parameters([[1, -1], [-1, 1]], [0, 0], [1, 1], 0)
    np.testing.assert_allclose(bench.state["scores"], [0, 1, 1, 0])
    np.testing.assert_allclose(bench.state["H"], [[0, 0], [0, 1], [1, 0], [0, 0]])
    assert bench.state["accuracy"] == 1.0
    assert bench.sliders["w12"].value == -1.0


def test_hidden_view_zooms_out_to_hold_the_points():
    bench = XorWorkbench()
    assert bench.ax_hid.get_xlim() == (-0.5, 2.5)
    bench.set_parameters([[3, 3], [3, 3]], [3, 0], [1, -1], 0)
    assert bench.state["H"].max() == 9
    assert bench.ax_hid.get_xlim()[1] >= 9.4


def test_explorer_assembles_sliders_readout_and_figure():
    ui = xor_explorer()
    assert isinstance(ui, widgets.VBox)
    sliders = [w for box in ui.children[0].children for w in box.children
               if isinstance(w, widgets.FloatSlider)]
    assert len(sliders) == 9
    assert isinstance(ui.children[1], widgets.HTML)
    assert isinstance(ui.children[2], widgets.Output)
    assert len(ui.children[2].outputs) == 1


def test_benchmark_callbacks_move_one_slider_each():
    # The benchmark script (tests/benchmarks/bench_chapters.py) times these;
    # here we only check that each one really runs a slider move.
    callbacks = benchmark_callbacks()
    assert set(callbacks) == {"move_w11", "move_b12", "move_v2"}
    for move in callbacks.values():
        assert move() is None
