"""Tests for the chapter 6 optimizer playground (lib/widgets/optimizers.py)."""

import numpy as np
import pytest

from lib.optim import SGD, Momentum
from lib.optim_landscapes import make_surface, playground_run, run_optimizer
from lib.widgets.optimizers import OptimizerPlayground


@pytest.fixture(scope="module")
def playground():
    return OptimizerPlayground(static=False)


def test_default_is_gd_below_the_stability_limit(playground):
    s = playground.update(optimizer="GD", surface="quadratic", lr=0.18, beta1=0.9)
    bowl = make_surface("quadratic")
    path = run_optimizer(lambda p: SGD(p, lr=0.18), bowl.gradient, [-2.0, 0.0], 100)
    np.testing.assert_allclose(s["trajectory"], path)
    np.testing.assert_allclose(playground.path.get_xdata(), path[:, 0])
    assert "2/λ<sub>max</sub> = 0.200 (η is below it)" in playground.readout_html


def test_above_the_limit_gd_diverges(playground):
    s = playground.update(optimizer="GD", surface="quadratic", lr=0.21)
    assert s["diverged"] or s["final_distance"] > 2.0
    assert "η is not below it" in playground.readout_html


def test_momentum_uses_beta1(playground):
    s = playground.update(optimizer="momentum", surface="quadratic", lr=0.1, beta1=0.5)
    bowl = make_surface("quadratic")
    path = run_optimizer(lambda p: Momentum(p, lr=0.1, beta=0.5), bowl.gradient, [-2.0, 0.0],
                         100)
    np.testing.assert_allclose(s["trajectory"], path)
    assert "β = 0.50" in playground.readout_html


def test_surface_switch_changes_contours_and_limits(playground):
    playground.update(surface="Rosenbrock", optimizer="Adam", lr=0.05, beta1=0.9)
    assert playground.ax.get_ylim() == (-1.0, 3.0)
    assert all(a.get_visible() for a in playground.contours["Rosenbrock"])
    assert not any(a.get_visible() for a in playground.contours["quadratic"])
    s = playground.state
    expected = playground_run("Rosenbrock", "Adam", 0.05, 0.9, 0.999, (-2.0, 0.0), 100)
    np.testing.assert_allclose(s["trajectory"], expected["trajectory"])


def test_options_reach_the_run():
    p = OptimizerPlayground(static=False, start=(1.0, 1.0), steps=20, beta2=0.9)
    assert p.state["steps_run"] == 20
    np.testing.assert_allclose(p.state["trajectory"][0], [1.0, 1.0])


def test_static_lookup_size():
    assert len(OptimizerPlayground().lookup.frames) == 3 * 2 * 5 * 3


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"steps": 0}, "steps must be an integer in"),
    ({"steps": 10**6}, "steps must be an integer in"),
    ({"beta2": float("nan")}, "beta2 must be finite"),
    ({"beta2": 1.0}, r"beta2 must lie in \[0.0, 1.0\)"),
    ({"start": [1.0]}, "start must be a point"),
    ({"optimizer": "SGD"}, "optimizer=.SGD. is not offered"),
])
def test_bad_options_name_the_argument(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        OptimizerPlayground(static=False, **kwargs)
