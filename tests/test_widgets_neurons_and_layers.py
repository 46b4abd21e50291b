"""Tests for the chapter 1 explorers (lib/widgets/neurons_and_layers.py)."""

import numpy as np
import pytest
from ipywidgets import VBox

from lib.activations import get_activation
from lib.layers import dense_forward
from lib.widgets.neurons_and_layers import (
    LayerExplorer,
    NeuronExplorer,
    benchmark_callbacks,
    boundary_segment,
    layer_explorer,
    neuron_explorer,
    neuron_surface,
    transform_points,
)


# -- the plain functions -----------------------------------------------------------
@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "identity"])
def test_surface_is_the_activation_of_the_score(name):
    points = np.array([[2.0, 3.0], [0.0, 0.0], [-1.0, 4.0]])
    z, a = neuron_surface([0.5, -1.0], 1.0, name, points)
    np.testing.assert_allclose(z, [-1.0, 1.0, -3.5])
    np.testing.assert_allclose(a, get_activation(name)[0](z))


def test_boundary_segment_lies_on_the_line_and_in_the_box():
    w, b = np.array([1.0, -0.7]), -0.2
    segment = boundary_segment(w, b, (-3, 3), (-3, 3))
    assert segment.shape == (2, 2)
    np.testing.assert_allclose(segment @ w + b, 0.0, atol=1e-12)
    assert np.all(np.abs(segment) <= 3 + 1e-12)
    assert boundary_segment([0.0, 0.0], 1.0, (-3, 3), (-3, 3)).shape == (0, 2)
    assert boundary_segment([1.0, 0.0], -10.0, (-3, 3), (-3, 3)).shape == (0, 2)


def test_transform_points_is_dense_forward_then_activation():
    W, b = np.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0]]), np.array([-0.5, 0.0, 0.0])
    points = np.random.default_rng(0).normal(size=(20, 2))
    for name in ("relu", "tanh"):
        expected = get_activation(name)[0](dense_forward(points, W, b))
        np.testing.assert_allclose(transform_points(W, b, name, points), expected)


# -- the neuron explorer -----------------------------------------------------------
def test_neuron_default_is_the_worked_example():
    explorer = NeuronExplorer()
    assert explorer.state["point_z"] == -1.0 and explorer.state["point_a"] == 0.0
    assert "<b>-1.00</b>" in explorer.readout.value and "<b>0.00</b>" in explorer.readout.value


def test_neuron_slider_move_recomputes_and_reuses_the_figure():
    explorer = NeuronExplorer()
    fig, image = explorer.fig, explorer.image
    explorer.controls["b"].value = 3.0  # z at (2, 3) becomes 1
    assert explorer.state["point_z"] == pytest.approx(1.0)
    explorer.update(activation="sigmoid", w1=1.0, w2=0.0, b=0.0)
    s = explorer.state
    # At grid point (x1, x2), the surface must be sigmoid(x1).
    X1 = explorer.grid[:, 0].reshape(explorer.n, explorer.n)
    np.testing.assert_allclose(s["a"], get_activation("sigmoid")[0](X1))
    assert s["point_z"] == pytest.approx(2.0)
    assert f"<b>{1 / (1 + np.exp(-2.0)):.2f}</b>" in explorer.readout.value  # 0.88
    assert explorer.fig is fig and explorer.image is image
    assert len(explorer.output.outputs) == 1
    assert explorer.output.outputs[0]["data"]["image/png"].startswith("iVBOR")


# -- the layer explorer ------------------------------------------------------------
def test_layer_slider_move_matches_dense_forward():
    explorer = LayerExplorer()
    fig, out_points = explorer.fig, explorer.out_points
    explorer.update(W11=2.0, W12=0.0, W21=0.5, W22=-1.0, b1=0.3, b2=-0.2, activation="relu")
    W, b = np.array([[2.0, 0.0], [0.5, -1.0]]), np.array([0.3, -0.2])
    expected = np.maximum(dense_forward(explorer.points, W, b), 0.0)
    np.testing.assert_allclose(explorer.state["h"], expected)
    np.testing.assert_allclose(out_points.get_offsets(), expected)
    assert explorer.state["on_axis"] == int(np.sum(np.any(expected == 0, axis=1)))
    assert f"<b>{explorer.state['on_axis']}</b>" in explorer.readout.value
    assert "det W = -2.00" in explorer.readout.value
    assert explorer.fig is fig and explorer.out_points is out_points


def test_identity_layer_keeps_every_point_off_the_axes():
    explorer = LayerExplorer()
    explorer.update(activation="identity")
    W = np.array([[1.0, 1.0], [1.0, -1.0]])
    np.testing.assert_allclose(explorer.state["h"], explorer.points @ W.T + [-0.5, 0.0])


def test_errors_and_assembly():
    with pytest.raises(ValueError, match="unknown controls"):
        NeuronExplorer().update(w3=1.0)
    with pytest.raises(ValueError, match="shape"):
        LayerExplorer(W=np.eye(3))
    assert isinstance(neuron_explorer(), VBox) and isinstance(layer_explorer(), VBox)
    callbacks = benchmark_callbacks()
    assert set(callbacks) == {"neuron_explorer", "layer_explorer"}
    for step in callbacks.values():
        step()
