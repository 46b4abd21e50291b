"""Tests for the chapter 5 pictures and learning-rate lab (lib/widgets/backpropagation.py)."""


import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.figure import Figure

from lib.network import MLP
from lib.optim import SGD
from lib.train import evaluate, train
from lib.widgets.backpropagation import (
    DIVERGED_LOSS,
    LEARNING_RATES,
    GraphNode,
    LearningRateLab,
    benchmark_callbacks,
    digits_subset,
    draw_computation_graph,
    learning_rate_curves,
    learning_rate_explorer,
    nearest_rate_index,
)


@pytest.fixture(scope="module")
def curves():
    return learning_rate_curves()


@pytest.fixture(scope="module")
def lab(curves):
    return LearningRateLab(curves)


# -- computation graphs -------------------------------------------------------------
def _neuron_graph():
    nodes = [GraphNode("w", (0, 0), "$w$", "param", forward="0.5", backward="0.1463"),
             GraphNode("z", (3, 0), "$z$", forward="0.5"),
             GraphNode("L", (6, 0), "$L$", "loss")]
    return nodes, [("w", "z", "x = 1"), ("z", "L")]


def test_graph_draws_one_box_per_node_and_one_arrow_per_edge():
    fig = Figure()
    ax = fig.subplots()
    nodes, edges = _neuron_graph()
    drawn = draw_computation_graph(ax, nodes, edges)
    assert set(drawn["boxes"]) == {"w", "z", "L"} and len(drawn["arrows"]) == 2
    texts = {t.get_text() for t in ax.texts}
    assert {"0.5", "0.1463", "x = 1", "$w$", "$z$", "$L$"} <= texts
    # Arrows start and end outside the boxes: the first arrow runs from w's right edge
    # (x = 0.65 + margin) to z's left edge (x = 2.35 - margin).
    (x0, _), (x1, _) = drawn["arrows"][0]._posA_posB
    assert 0.65 < x0 < 0.8 and 2.2 < x1 < 2.35
    assert not ax.axison


@pytest.mark.parametrize(
    ("nodes", "edges", "match"),
    [
        ([GraphNode("a", (0, 0), "a"), GraphNode("a", (1, 0), "b")], [], "two nodes are named"),
        ([GraphNode("a", (0, 0), "a")], [("a", "b")], "unknown node 'b'"),
        ([GraphNode("a", (0, 0), "a", kind="weird")], [], "kind 'weird'"),
    ],
)
def test_graph_rejects_bad_input(nodes, edges, match):
    ax = Figure().subplots()
    with pytest.raises(ValueError, match=match):
        draw_computation_graph(ax, nodes, edges)


# -- the precomputed curves -----------------------------------------------------------
def test_learning_rates_are_nine_half_decades():
    assert len(LEARNING_RATES) == 9
    np.testing.assert_allclose(np.log10(LEARNING_RATES), np.arange(-3, 1.01, 0.5))


def test_digits_subset_shapes_and_errors():
    X, y, X_val, y_val = digits_subset(50, 20)
    assert X.shape == (50, 64) and y.shape == (50,) and X_val.shape == (20, 64)
    assert y_val.shape == (20,)
    with pytest.raises(ValueError, match="n_train must be a positive integer"):
        digits_subset(0, 10)
    with pytest.raises(ValueError, match="only 1347 examples"):
        digits_subset(1000, 500)


def test_curves_shapes_and_common_start(curves):
    assert curves.epochs == 40
    for name in ("train_loss", "val_loss", "train_acc", "val_acc"):
        assert getattr(curves, name).shape == (9, 41)
    # Every run starts from the same weights: epoch 0 is the same for every rate,
    # and equals the loss of a fresh network with the same seed.
    X, y, _, _ = digits_subset()
    fresh_loss, fresh_acc = evaluate(MLP([64, 32, 10], rng=np.random.default_rng(0)), X, y)
    np.testing.assert_allclose(curves.train_loss[:, 0], fresh_loss, rtol=1e-12)
    np.testing.assert_allclose(curves.train_acc[:, 0], fresh_acc)
    assert fresh_loss == pytest.approx(np.log(10), abs=0.6)  # near chance at the start


def test_curves_show_the_three_regimes(curves):
    rates, last = curves.learning_rates, curves.train_loss[:, -1]
    slow, good = nearest_rate_index(0.001), nearest_rate_index(0.1)
    assert last[slow] > 1.5 and last[good] < 0.05  # too small: barely moves; 0.1: fits
    assert curves.val_acc[good, -1] > 0.9
    # The two largest rates blow up in the first epoch; the rest never do.
    assert curves.diverged_at.tolist() == [-1] * 7 + [1, 1]
    assert np.all(curves.train_loss[7:, 1] > DIVERGED_LOSS)
    assert np.all(np.isnan(curves.train_loss[7:, 2:]))
    assert np.all(np.isfinite(curves.train_loss[:7]))
    # Training loss after 40 epochs falls steadily as the rate grows to 1.
    assert np.all(np.diff(last[:7]) < 0)
    assert rates[int(np.nanargmin(curves.val_loss[:, -1]))] == pytest.approx(0.1)


def test_epoch_by_epoch_training_equals_one_long_run():
    # Independent check of the precompute: one train() call of 3 epochs with the
    # same seeds gives exactly the curve built from three 1-epoch calls.
    curves = learning_rate_curves([0.1], epochs=3, hidden=8, n_train=60, n_val=30)
    X, y, X_val, y_val = digits_subset(60, 30)
    model = MLP([64, 8, 10], rng=np.random.default_rng(0))
    history = train(model, X, y, optimizer=SGD(model.params(), lr=0.1), epochs=3,
                    batch_size=32, rng=np.random.default_rng(1), X_val=X_val, y_val=y_val)
    np.testing.assert_allclose(curves.train_loss[0, 1:], history.train_loss, rtol=1e-12)
    np.testing.assert_allclose(curves.val_acc[0, 1:], history.val_acc)


def test_curves_are_cached_and_read_only(curves):
    assert learning_rate_curves() is curves
    with pytest.raises(ValueError):
        curves.train_loss[0, 0] = 1.0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"learning_rates": [0.1, -1.0]}, "learning_rates must be positive"),
        ({"learning_rates": []}, "learning_rates must be positive"),
        ({"epochs": 0}, "epochs must be a positive integer"),
        ({"hidden": 2.5}, "hidden must be a positive integer"),
    ],
)
def test_curves_reject_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        learning_rate_curves(**kwargs)


def test_nearest_rate_index_snaps_on_a_log_scale():
    assert nearest_rate_index(0.1) == 4
    assert nearest_rate_index(0.05) == 3  # log10 0.05 = -1.30 is nearer -1.5 than -1
    assert nearest_rate_index(1e-6) == 0 and nearest_rate_index(1e6) == 8
    with pytest.raises(ValueError, match="positive"):
        nearest_rate_index(0.0)


# -- the explorer --------------------------------------------------------------------
def test_lab_defaults_show_eta_point_one_for_all_epochs(lab, curves):
    lab.update(learning_rate=0.1, epochs=40)
    s = lab.state
    assert s["index"] == 4 and s["learning_rate"] == pytest.approx(0.1) and s["epochs"] == 40
    assert s["val_loss"] == curves.val_loss[4, 40] and s["val_acc"] == curves.val_acc[4, 40]
    assert "η = 0.1, after 40 epochs" in lab.readout.value
    assert f"{100 * curves.val_acc[4, 40]:.1f}%" in lab.readout.value
    x, y = lab.val_loss_line.get_data()
    assert len(x) == 41 and np.array_equal(y, curves.val_loss[4])


def test_lab_moves_update_artists_in_place(lab, curves):
    fig, line, marker = lab.fig, lab.train_loss_line, lab.rate_marker
    s = lab.update(learning_rate=LEARNING_RATES[2], epochs=10)
    assert lab.fig is fig and lab.train_loss_line is line and lab.rate_marker is marker
    assert s["index"] == 2 and s["train_loss"] == curves.train_loss[2, 10]
    x, y = line.get_data()
    assert len(x) == 11 and np.array_equal(y, curves.train_loss[2, :11])
    np.testing.assert_array_equal(lab.rate_line.get_ydata()[:7], curves.val_loss[:7, 10])
    mx, my = marker.get_data()
    # The rate axis is in units of log10(eta).
    assert mx[0] == pytest.approx(-2.0) and my[0] == curves.val_loss[2, 10]
    assert lab.png.startswith(b"\x89PNG")
    assert lab.renderer._backgrounds  # redraws paint over the kept background
    assert lab.output.outputs[0]["data"]["text/plain"].startswith("training curves")


def test_lab_slider_observer_redraws(lab, curves):
    lab.update(learning_rate=0.1, epochs=40)
    lab.controls["epochs"].value = 5
    assert lab.state["epochs"] == 5 and lab.state["val_loss"] == curves.val_loss[4, 5]
    lab.controls["learning_rate"].value = 1.0
    assert lab.state["index"] == 6


def test_lab_reports_divergence(lab):
    s = lab.update(learning_rate=10.0, epochs=20)
    assert s["diverged_at"] == 1 and np.isnan(s["val_loss"])
    assert "diverged" in lab.readout.value and lab.diverged_text.get_visible()
    mx, _ = lab.diverged_marks.get_data()
    np.testing.assert_allclose(mx, np.log10(LEARNING_RATES[7:]))
    lab.update(learning_rate=0.1)
    assert not lab.diverged_text.get_visible()


def test_lab_rejects_unknown_control(lab):
    with pytest.raises(ValueError, match="unknown controls"):
        lab.update(momentum=0.9)


def test_explorer_returns_a_widget_with_two_sliders():
    box = learning_rate_explorer(learning_rate=0.01, epochs=7)
    assert isinstance(box, widgets.VBox)
    sliders = box.children[0].children
    assert isinstance(sliders[0], widgets.FloatLogSlider)
    assert sliders[0].value == pytest.approx(0.01) and sliders[1].value == 7


def test_benchmark_callbacks_cover_both_sliders():
    # tests/benchmarks/bench_chapters.py times these; here each must run one move.
    callbacks = benchmark_callbacks()
    assert set(callbacks) == {"learning_rate", "epochs"}
    for move in callbacks.values():
        move()
