"""Tests for the chapter 1 explorers (lib/widgets/neurons_and_layers.py)."""

import numpy as np
import pytest

from lib.activations import get_activation
from lib.layers import dense_forward
from lib.widgets.neurons_and_layers import (
    LayerExplorer,
    NeuronExplorer,
)


@pytest.fixture(scope="module")
def neuron():
    return NeuronExplorer(static=False)


@pytest.fixture(scope="module")
def layer():
    return LayerExplorer(static=False)


def test_neuron_default_is_the_worked_example(neuron):
    s = neuron.update(w1=0.5, w2=-1.0, b=1.0, activation="relu")
    assert s["point_z"] == -1.0 and s["point_a"] == 0.0
    assert "<b>−1.00</b>" in neuron.readout_html and "<b>0.00</b>" in neuron.readout_html


def test_exercise_1_5_is_on_the_grid(neuron):
    s = neuron.update(b=3.0, w1=0.5, w2=-1.0, activation="relu")
    assert s["point_z"] == pytest.approx(1.0) and s["point_a"] == pytest.approx(1.0)
    # the boundary 0.5 x1 - x2 + 3 = 0 crosses the x2 axis at 3, inside the picture
    (x0, y0), (x1, y1) = s["segment"]
    assert min(x0, x1) < 0 < max(x0, x1)
    assert y0 + (y1 - y0) * (0 - x0) / (x1 - x0) == pytest.approx(3.0)
    np.testing.assert_allclose(s["segment"] @ s["w"] + s["b"], 0.0, atol=1e-12)


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "identity"])
def test_neuron_surface_is_the_activation_of_the_score(neuron, name):
    s = neuron.update(w1=1.0, w2=0.0, b=0.0, activation=name)
    X1 = neuron.grid[:, 0].reshape(neuron.n, neuron.n)  # z = x1 on the grid
    np.testing.assert_allclose(s["z"], X1)
    np.testing.assert_allclose(s["a"], get_activation(name)[0](X1))
    np.testing.assert_allclose(neuron.image.get_array(), s["a"])
    assert s["point_z"] == pytest.approx(2.0)


def test_neuron_moves_reuse_the_figure(neuron):
    fig, image = neuron.fig, neuron.image
    neuron.widgets["b"].value = 3.0
    assert neuron.state["b"] == 3.0 and neuron.fig is fig and neuron.image is image
    assert neuron.png.startswith(b"\x89PNG")


def test_neuron_any_value_with_a_kernel(neuron):
    s = neuron.update(w1=0.37, w2=0.0, b=-0.5, activation="relu")
    assert s["point_z"] == pytest.approx(0.37 * 2 - 0.5)


def test_layer_matches_dense_forward(layer):
    s = layer.update(W="[[1, 1], [1, −1]]", b="(−0.5, 0)", activation="relu")
    W, b = np.array([[1.0, 1.0], [1.0, -1.0]]), np.array([-0.5, 0.0])
    expected = np.maximum(dense_forward(layer.points, W, b), 0.0)
    np.testing.assert_allclose(s["h"], expected)
    np.testing.assert_allclose(layer.out_points.get_offsets(), expected)
    assert s["on_axis"] == int(np.sum(np.any(expected == 0, axis=1)))
    assert f"<b>{s['on_axis']}</b> of 200" in layer.readout_html
    assert "det W = −2.00" in layer.readout_html


def test_layer_identity_keeps_lines_straight(layer):
    s = layer.update(W="shear", b="(0, 0)", activation="identity")
    moved = s["h_lines"]
    np.testing.assert_allclose(moved, layer.lines @ np.array([[1.0, 1.0], [0.0, 1.0]]).T)
    assert s["on_axis"] == 0


def test_layer_any_matrix_with_a_kernel(layer):
    s = layer.update(W=((0.5, 2.0), (1.0, 0.0)), b=(0.2, -1.0), activation="tanh")
    expected = np.tanh(dense_forward(layer.points, [[0.5, 2.0], [1.0, 0.0]], [0.2, -1.0]))
    np.testing.assert_allclose(s["h"], expected)


def test_static_pictures_cover_the_grids():
    explorer = NeuronExplorer()
    assert explorer.lookup.shape == [3, 3, 3, 4] and len(explorer.lookup.frames) == 108


@pytest.mark.parametrize(("make", "kwargs", "match"), [
    (NeuronExplorer, {"point": [1.0, 2.0, 3.0]}, "point must be"),
    (NeuronExplorer, {"n": 1}, "n must be"),
    (NeuronExplorer, {"b": 0.5}, r"b=0.5 is not offered"),
    (NeuronExplorer, {"activation": "softplus"}, "activation must be one of"),
    (LayerExplorer, {"W": "mirror"}, "W must be one of"),
])
def test_bad_options_name_the_argument(make, kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        make(static=False, **kwargs)
