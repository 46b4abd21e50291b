"""Tests for the chapter 6 optimizer playground (lib/widgets/optimizers.py)."""


import ipywidgets as widgets
import numpy as np
import pytest

from lib.optim import SGD, Adam, Momentum
from lib.optim_landscapes import Rosenbrock, run_optimizer
from lib.widgets.optimizers import (
    OPTIMIZERS,
    SURFACES,
    OptimizerPlayground,
    benchmark_callbacks,
    make_optimizer,
    make_surface,
    optimizer_explorer,
    playground_run,
)


# -- the plain functions -----------------------------------------------------------------
def test_surfaces_are_the_chapters_bowl_and_banana():
    bowl = make_surface("quadratic")
    np.testing.assert_allclose(bowl.eigenvalues, [1.0, 10.0])
    assert bowl.max_stable_lr == pytest.approx(0.2)
    np.testing.assert_array_equal(make_surface("Rosenbrock").minimum, [1.0, 1.0])


def test_make_optimizer_builds_lib_optimizers_with_the_given_rates():
    theta = np.zeros(2)
    assert type(make_optimizer("GD", [theta], 0.1)) is SGD
    heavy = make_optimizer("momentum", [theta], 0.1, beta1=0.7)
    assert isinstance(heavy, Momentum) and heavy.beta == 0.7
    adam = make_optimizer("Adam", [theta], 0.1, beta1=0.8, beta2=0.99)
    assert isinstance(adam, Adam) and (adam.beta1, adam.beta2) == (0.8, 0.99)


def test_gradient_descent_on_the_bowl_follows_the_eigenvalue_rule():
    bowl = make_surface("quadratic")
    start = np.array([-2.0, 0.0])
    s = playground_run("quadratic", "GD", lr=0.18, start=start, steps=40)
    c0 = bowl.eigen_coordinates(start)
    expected = c0 * np.array([1 - 0.18 * 1.0, 1 - 0.18 * 10.0]) ** 40
    np.testing.assert_allclose(bowl.eigen_coordinates(s["final"]), expected, atol=1e-12)
    assert s["max_stable_lr"] == pytest.approx(0.2)
    assert s["final_distance"] == pytest.approx(np.linalg.norm(expected), abs=1e-12)
    assert not s["diverged"] and s["steps_run"] == 40
    above = playground_run("quadratic", "GD", lr=0.21, start=start, steps=300)
    assert above["diverged"] and above["final_value"] == np.inf


def test_playground_run_matches_run_optimizer_on_rosenbrock():
    s = playground_run("Rosenbrock", "Adam", lr=0.05, beta1=0.8, beta2=0.99,
                       start=(-1.2, 1.0), steps=50)
    f = Rosenbrock()
    path = run_optimizer(lambda p: Adam(p, lr=0.05, beta1=0.8, beta2=0.99), f.gradient,
                         [-1.2, 1.0], 50)
    np.testing.assert_array_equal(s["trajectory"], path)
    assert s["final_value"] == pytest.approx(f.value(path[-1]))
    assert s["max_stable_lr"] is None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"surface": "bowl"}, "unknown surface"),
        ({"optimizer": "RMSprop"}, "unknown optimizer"),
        ({"lr": 0.0}, "lr must be positive"),
        ({"start": (1.0, 2.0, 3.0)}, "start must be a point"),
        ({"beta1": 1.0, "optimizer": "momentum"}, "beta"),
    ],
)
def test_playground_run_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        playground_run(**kwargs)


# -- the explorer ------------------------------------------------------------------------
def test_defaults_show_gradient_descent_zigzagging_on_the_bowl():
    lab = OptimizerPlayground()
    s = lab.state
    assert (s["optimizer"], s["surface"], s["lr"], s["steps_run"]) == ("GD", "quadratic", 0.18,
                                                                         60)
    # the steep coordinate flips sign every step (factor 1 - 0.18 * 10 = -0.8)
    steep = make_surface("quadratic").eigen_coordinates(s["trajectory"])[:, 1]
    assert np.all(np.sign(steep[1:]) == -np.sign(steep[:-1]))
    assert "(η is below it)" in lab.readout.value and "0.200" in lab.readout.value
    assert lab.png[:8] == b"\x89PNG\r\n\x1a\n"
    assert lab.output.outputs[0]["data"]["image/png"]


def test_explorer_returns_the_assembled_widget():
    box = optimizer_explorer()
    assert isinstance(box, widgets.VBox)
    assert any(isinstance(child, widgets.HTML) for child in box.children)
    assert any(isinstance(child, widgets.Output) for child in box.children)
    toggles = [c for c in box.children if isinstance(c, widgets.ToggleButtons)]
    assert [tuple(t.options) for t in toggles] == [OPTIMIZERS, SURFACES]


def test_control_moves_redraw_the_same_figures_with_the_computed_numbers():
    lab = OptimizerPlayground()
    bowl_fig, line, png = lab.fig, lab.panels["quadratic"].path_line, lab.png
    lab.controls["lr"].value = 0.05
    assert lab.fig is bowl_fig and lab.panels["quadratic"].path_line is line
    assert lab.png != png
    x, y = line.get_data()
    np.testing.assert_allclose(np.column_stack([x, y]), lab.state["trajectory"])
    assert lab.state["lr"] == pytest.approx(0.05, rel=1e-9)

    lab.controls["surface"].value = "Rosenbrock"
    rosen_fig = lab.fig
    assert rosen_fig is lab.panels["Rosenbrock"].fig and rosen_fig is not bowl_fig
    lab.update(optimizer="Adam", lr=0.1, steps=300, x0=-1.2, y0=1.0)
    s = lab.state
    expected = playground_run("Rosenbrock", "Adam", 0.1, 0.9, 0.999, (-1.2, 1.0), 300)
    np.testing.assert_allclose(s["final"], expected["final"])
    assert "Adam (η = 0.1, β₁ = 0.90, β₂ = 0.999)" in lab.readout.value
    assert f"<b>{expected['final_distance']:.3g}</b>" in lab.readout.value
    assert "Stability limit" not in lab.readout.value
    panel = lab.panels["Rosenbrock"]
    assert panel.path_title.get_text() == "Adam on the Rosenbrock surface"
    assert panel.distance_title.get_text().startswith("after 300 steps")

    lab.update(optimizer="GD", lr=0.1)  # far too large for the steep valley walls
    assert lab.state["diverged"]
    assert "<b>diverged</b>" in lab.readout.value
    assert panel.distance_title.get_text().startswith("diverged after")
    lab.controls["surface"].value = "quadratic"
    assert lab.fig is bowl_fig


def test_momentum_reads_beta1_and_readout_names_it():
    lab = OptimizerPlayground()
    s = lab.update(optimizer="momentum", beta1=0.0)
    gd = playground_run("quadratic", "GD", lab.state["lr"], start=(-2.0, 0.0), steps=60)
    np.testing.assert_allclose(s["trajectory"], gd["trajectory"], rtol=1e-14)
    assert "β = 0.00" in lab.readout.value


def test_update_sets_several_controls_and_redraws_once():
    lab = OptimizerPlayground()
    redraws = []
    original = lab.redraw

    def counting_redraw():
        redraws.append(1)
        return original()

    lab.redraw = counting_redraw
    s = lab.update(optimizer="Adam", lr=0.01, steps=10)
    assert len(redraws) == 1 and s["steps_run"] == 10
    with pytest.raises(ValueError, match="unknown controls"):
        lab.update(gamma=0.5)
    with pytest.raises(ValueError, match="unknown surface"):
        OptimizerPlayground(surface="saddle")


def test_benchmark_callbacks_cover_every_control():
    # tests/benchmarks/bench_chapters.py times these; here each must run one move.
    callbacks = benchmark_callbacks()
    assert set(callbacks) == {"optimizer", "surface", "lr", "beta1", "start", "steps"}
    for move in callbacks.values():
        move()
