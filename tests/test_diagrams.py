"""Tests for the node-and-edge diagrams of a neuron and a layer (lib/diagrams.py)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

from lib.diagrams import draw_layer, draw_neuron  # noqa: E402


def _axes():
    fig = Figure(figsize=(9, 4))
    return fig, fig.subplots()


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def _points_inside(arrow, circles, ax):
    """Points of the drawn arrow (line and head) inside any circle, beyond a tolerance.

    The arrow's own path is used, as matplotlib draws it (after a draw, so that the
    equal aspect is applied): independent of the start and end points the function
    reports. Distances are in data units, in which the circles are round.
    """
    points = arrow.get_path().interpolated(20).vertices
    centers = np.array([c.center for c in circles])
    radii = np.array([c.radius for c in circles])
    distance = np.linalg.norm(points[:, None, :] - centers[None], axis=2)
    return points[np.any(distance < radii - 1e-9, axis=1)].tolist()


def test_the_inside_check_sees_an_arrow_into_a_circle():
    fig, ax = _axes()
    drawn = draw_neuron(ax, [1.0], 0.0)
    fig.canvas.draw()
    through = FancyArrowPatch((0.0, 0.0), (3.4, 0.0), arrowstyle="-|>")
    ax.add_patch(through)
    assert _points_inside(through, list(drawn["nodes"].values()), ax)
    # matplotlib's own containment test agrees on the rims the function drew
    sum_node, start = drawn["nodes"]["sum"], drawn["segments"][0][1]
    assert not sum_node.contains_point(ax.transData.transform(start))
    assert sum_node.contains_point(ax.transData.transform(sum_node.center))


# -- worked numbers ---------------------------------------------------------------------
def test_neuron_of_the_nn_note_shows_z_and_h():
    # x = [1, 2], w = [0.5, -0.5], b = 0: z = 0.5 - 1 = -0.5 and sigmoid(-0.5) = 0.3775
    fig, ax = _axes()
    drawn = draw_neuron(ax, [0.5, -0.5], 0.0, x=[1, 2], activation="sigmoid")
    assert drawn["z"] == -0.5
    assert round(drawn["h"], 4) == 0.3775
    texts = _texts(ax)
    assert "$z = -0.5$" in texts and "$h = 0.3775$" in texts and "$b = 0$" in texts
    assert "$w_{1} = 0.5$" in texts and "$w_{2} = -0.5$" in texts
    assert "sigmoid" in texts and "1" in texts and "2" in texts


def test_neuron_without_input_shows_the_formulas():
    fig, ax = _axes()
    drawn = draw_neuron(ax, [2.0, -1.0, 0.25], 0.5)
    assert drawn["z"] is None and drawn["h"] is None
    texts = _texts(ax)
    assert r"$z = \mathbf{w}\cdot\mathbf{x} + b$" in texts and r"$h = \sigma(z)$" in texts
    assert {"$x_{1}$", "$x_{2}$", "$x_{3}$", "$b$", r"$\Sigma$", "ReLU", "$h$"} <= set(texts)


def test_layer_of_chapter_1_shows_its_matrix_by_rows():
    W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    b = np.array([0.0, 0.0, 1.0])
    fig, ax = _axes()
    drawn = draw_layer(ax, W, b, x=[2.0, 3.0])
    np.testing.assert_array_equal(drawn["h"], [2.0, 3.0, 0.0])
    # entry [i][j] of the matrix text shows W[i, j], in the colour of neuron i, level with it
    for i, row in enumerate(drawn["matrix"]):
        neuron = drawn["nodes"][f"h{i + 1}"]
        assert neuron.get_edgecolor() == matplotlib.colors.to_rgba(drawn["colors"][i])
        for j, text in enumerate(row):
            assert float(text.get_text().replace("\N{MINUS SIGN}", "-")) == W[i, j]
            assert text.get_color() == drawn["colors"][i]
            assert text.get_position()[1] == pytest.approx(neuron.center[1])
    assert [t.get_text() for t in drawn["bias"]] == ["0", "0", "1"]
    assert {"= 2", "= 3", "= 0"} <= set(_texts(ax))


def test_layer_edges_into_a_neuron_take_its_colour():
    fig, ax = _axes()
    drawn = draw_layer(ax, np.ones((4, 3)))
    for (source, target), arrow in zip(drawn["edges"], drawn["arrows"], strict=True):
        i = int(target[1:]) - 1
        assert source.startswith("x")
        assert arrow.get_edgecolor() == matplotlib.colors.to_rgba(drawn["colors"][i])
    assert drawn["bias"] == [] and drawn["h"] is None


# -- counts, geometry -------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_neuron_draws_n_plus_4_nodes_and_n_plus_3_arrows(n):
    fig, ax = _axes()
    drawn = draw_neuron(ax, np.linspace(-1, 1, n), 1.0)
    assert len(drawn["nodes"]) == n + 4 and len(drawn["arrows"]) == n + 3
    assert drawn["segments"].shape == (n + 3, 2, 2)
    assert len(ax.patches) == 2 * n + 7  # every node and every arrow is on the axes
    assert sorted(drawn["edges"]) == sorted(
        [(f"x{j + 1}", "sum") for j in range(n)] + [("b", "sum"), ("sum", "act"), ("act", "h")]
    )


@pytest.mark.parametrize("shape", [(1, 1), (3, 2), (2, 5), (10, 10)])
def test_layer_is_fully_connected(shape):
    n_out, n_in = shape
    fig, ax = _axes()
    drawn = draw_layer(ax, np.arange(n_out * n_in).reshape(shape) - 3.0)
    assert len(drawn["nodes"]) == n_in + n_out and len(drawn["arrows"]) == n_in * n_out
    assert set(drawn["edges"]) == {
        (f"x{j + 1}", f"h{i + 1}") for i in range(n_out) for j in range(n_in)
    }
    assert len(drawn["matrix"]) == n_out and all(len(r) == n_in for r in drawn["matrix"])


def _check_arrows(ax, drawn):
    fig = ax.figure
    fig.canvas.draw()
    circles = list(drawn["nodes"].values())
    for (source, target), arrow, (start, end) in zip(
        drawn["edges"], drawn["arrows"], drawn["segments"], strict=True
    ):
        assert not _points_inside(arrow, circles, ax), (source, target)
        # ... and the arrow does reach both circles: it ends within 0.1 of each rim
        for point, node in ((start, drawn["nodes"][source]), (end, drawn["nodes"][target])):
            gap = np.hypot(*(point - np.asarray(node.center))) - node.radius
            assert 0 < gap < 0.1


def test_arrows_start_and_end_outside_the_circles():
    for draw, args in (
        (draw_neuron, ([0.5, -0.5, 3.0], 0.2)),
        (draw_layer, (np.ones((3, 4)), np.zeros(3))),
    ):
        fig, ax = _axes()
        _check_arrows(ax, draw(ax, *args))


# -- properties -------------------------------------------------------------------------
finite = st.floats(-1e6, 1e6, allow_nan=False)


@settings(max_examples=12, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.data())
def test_any_small_layer_keeps_its_arrows_outside_the_nodes(n_out, n_in, data):
    W = np.array(data.draw(st.lists(finite, min_size=n_out * n_in, max_size=n_out * n_in)))
    x = np.array(data.draw(st.lists(finite, min_size=n_in, max_size=n_in)))
    fig, ax = _axes()
    drawn = draw_layer(ax, W.reshape(n_out, n_in), np.zeros(n_out), x=x)
    assert len(drawn["arrows"]) == n_out * n_in
    np.testing.assert_allclose(drawn["h"], np.maximum(W.reshape(n_out, n_in) @ x, 0))
    _check_arrows(ax, drawn)


@settings(max_examples=12, deadline=None)
@given(st.lists(finite, min_size=1, max_size=8), finite)
def test_any_neuron_computes_what_numpy_computes(w, b):
    w = np.array(w)
    x = np.linspace(-2, 2, w.size)
    fig, ax = _axes()
    drawn = draw_neuron(ax, w, b, x=x, activation="tanh")
    assert drawn["z"] == pytest.approx(float(np.dot(w, x) + b), rel=1e-12, abs=1e-6)
    assert drawn["h"] == pytest.approx(np.tanh(drawn["z"]))
    _check_arrows(ax, drawn)


# -- bad input --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda ax: draw_neuron("ax", [1.0], 0.0), TypeError, "ax must be a matplotlib Axes"),
        (lambda ax: draw_neuron(ax, [], 0.0), ValueError, "w must have 1 to 8"),
        (lambda ax: draw_neuron(ax, np.ones(9), 0.0), ValueError, "w must have 1 to 8"),
        (lambda ax: draw_neuron(ax, [[1.0]], 0.0), ValueError, "w must be 1-D"),
        (lambda ax: draw_neuron(ax, [1.0, 2.0], 0.0, x=[1.0]), ValueError, r"x has shape \(1,\)"),
        (lambda ax: draw_neuron(ax, [1.0], float("nan")), ValueError, "b must be finite"),
        (lambda ax: draw_neuron(ax, [1.0], 0.0, activation="swish"), ValueError, "activation"),
        (lambda ax: draw_neuron(ax, [1.0], 0.0, fontsize=2), ValueError, "fontsize"),
        (lambda ax: draw_layer(ax, [1.0, 2.0]), ValueError, "W must be 2-D"),
        (lambda ax: draw_layer(ax, np.ones((11, 2))), ValueError, "1 to 10 neurons"),
        (lambda ax: draw_layer(ax, np.ones((2, 3)), b=[0.0]), ValueError, r"b needs shape \(2,\)"),
        (
            lambda ax: draw_layer(ax, np.ones((2, 3)), x=[1.0, 2.0]),
            ValueError,
            r"x needs shape \(3,\)",
        ),
        (lambda ax: draw_layer(ax, np.ones((2, 2)), input_names="ab"), TypeError, "input_names"),
        (
            lambda ax: draw_layer(ax, np.ones((2, 2)), input_names=["a"]),
            ValueError,
            "input_names needs 2",
        ),
        (lambda ax: draw_layer(ax, [[1.0, "a"]]), TypeError, "W must hold real numbers"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, error, match):
    fig, ax = _axes()
    with pytest.raises(error, match=match):
        call(ax)
