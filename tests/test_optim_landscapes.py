"""Tests for lib/optim_landscapes.py: the chapter 6 test surfaces and trajectories.

Gradients and Hessians are checked three ways: worked values, central finite
differences (lib.gradcheck) and autograd on independent formulas.
"""

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad as autograd_grad
from autograd import hessian as autograd_hessian
from hypothesis import given
from hypothesis import strategies as st

from lib.gradcheck import numerical_gradient
from lib.optim import SGD, Adam, Momentum
from lib.optim_landscapes import Quadratic, Rosenbrock, rotation_quadratic, run_optimizer

coordinate = st.floats(-3.0, 3.0, allow_nan=False)
point = st.tuples(coordinate, coordinate).map(np.array)


# -- worked numbers ----------------------------------------------------------------
def test_quadratic_worked_values():
    bowl = Quadratic([[1.0, 0.0], [0.0, 10.0]])
    assert bowl.value([1.0, 1.0]) == 5.5
    np.testing.assert_array_equal(bowl.gradient([1.0, 1.0]), [1.0, 10.0])
    assert bowl.max_stable_lr == pytest.approx(0.2)
    assert bowl.condition_number == pytest.approx(10.0)
    np.testing.assert_array_equal(bowl.hessian(), bowl.A)
    assert "Quadratic(eigenvalues=[1.0, 10.0])" == repr(bowl)


def test_math_primer_hessian():
    # f(x, y) = x^2 + xy + y^2 has Hessian [[2, 1], [1, 2]] with eigenvalues 1 and 3
    bowl = Quadratic([[2.0, 1.0], [1.0, 2.0]])
    np.testing.assert_allclose(bowl.eigenvalues, [1.0, 3.0])
    assert bowl.value([1.0, 2.0]) == pytest.approx(1 + 2 + 4)
    assert bowl.max_stable_lr == pytest.approx(2 / 3)


def test_rosenbrock_minimum_and_worked_values():
    f = Rosenbrock()
    np.testing.assert_array_equal(f.minimum, [1.0, 1.0])
    assert f.value([1.0, 1.0]) == 0.0
    np.testing.assert_array_equal(f.gradient([1.0, 1.0]), [0.0, 0.0])
    assert f.value([0.0, 0.0]) == 1.0
    assert f.value([-1.2, 1.0]) == pytest.approx(24.2)  # the classic start
    np.testing.assert_allclose(f.gradient([-1.2, 1.0]), [-215.6, -88.0])
    np.testing.assert_allclose(f.hessian([1.0, 1.0]), [[802.0, -400.0], [-400.0, 200.0]])
    # the minimum is the only point with zero gradient on a grid around it
    X, Y = np.meshgrid(np.linspace(-2, 2, 81), np.linspace(-1, 3, 81))
    values = f.surface(X, Y)
    i, j = np.unravel_index(np.argmin(values), values.shape)
    assert (X[i, j], Y[i, j]) == pytest.approx((1.0, 1.0))
    g = Rosenbrock(a=2.0, b=5.0)
    np.testing.assert_array_equal(g.minimum, [2.0, 4.0])
    assert g.value(g.minimum) == 0.0


def test_rotation_quadratic_has_the_requested_axes():
    bowl = rotation_quadratic([1.0, 10.0], angle_degrees=30.0)
    np.testing.assert_allclose(bowl.eigenvalues, [1.0, 10.0])
    u1 = bowl.eigenvectors[:, 0]
    angle = np.degrees(np.arctan2(u1[1], u1[0])) % 180.0
    assert angle == pytest.approx(30.0)
    np.testing.assert_array_equal(bowl.A, bowl.A.T)
    coords = bowl.eigen_coordinates([[np.cos(np.pi / 6), np.sin(np.pi / 6)]])
    np.testing.assert_allclose(np.abs(coords), [[1.0, 0.0]], atol=1e-12)


# -- gradients: finite differences and autograd ------------------------------------------
@given(point)
def test_quadratic_gradient_matches_finite_differences_and_autograd(theta):
    A = np.array([[3.0, -1.2], [-1.2, 0.7]])
    bowl = Quadratic(A)
    numeric = numerical_gradient(bowl.value, theta.copy())
    np.testing.assert_allclose(bowl.gradient(theta), numeric, rtol=1e-6, atol=1e-6)
    auto = autograd_grad(lambda t: 0.5 * anp.dot(t, anp.dot(A, t)))(theta)
    np.testing.assert_allclose(bowl.gradient(theta), auto, rtol=1e-12, atol=1e-12)


@given(point)
def test_rosenbrock_gradient_and_hessian_match_autograd_and_finite_differences(theta):
    f = Rosenbrock(a=1.0, b=100.0)

    def reference(t):
        return (1.0 - t[0]) ** 2 + 100.0 * (t[1] - t[0] ** 2) ** 2

    np.testing.assert_allclose(f.gradient(theta), autograd_grad(reference)(theta),
                               rtol=1e-10, atol=1e-9)
    np.testing.assert_allclose(f.hessian(theta), autograd_hessian(reference)(theta),
                               rtol=1e-10, atol=1e-9)
    numeric = numerical_gradient(f.value, theta.copy())
    np.testing.assert_allclose(f.gradient(theta), numeric, rtol=1e-5, atol=1e-4)
    assert f.value(theta) == pytest.approx(reference(theta))


@given(point)
def test_surfaces_agree_with_value(theta):
    bowl = rotation_quadratic([0.5, 4.0], angle_degrees=-20.0)
    X, Y = np.array([[theta[0]]]), np.array([[theta[1]]])
    assert bowl.surface(X, Y)[0, 0] == pytest.approx(bowl.value(theta), abs=1e-12)
    f = Rosenbrock()
    assert f.surface(X, Y)[0, 0] == pytest.approx(f.value(theta), abs=1e-9)


# -- run_optimizer -------------------------------------------------------------------------
def test_run_optimizer_matches_the_closed_form_of_gradient_descent():
    bowl = Quadratic(np.diag([1.0, 10.0]))
    theta0 = np.array([2.0, 1.0])
    path = run_optimizer(lambda p: SGD(p, lr=0.15), bowl.gradient, theta0, steps=20)
    assert path.shape == (21, 2)
    t = np.arange(21)
    # each eigen-direction is multiplied by (1 - lr * lambda) per step
    np.testing.assert_allclose(path[:, 0], 2.0 * 0.85**t)
    np.testing.assert_allclose(path[:, 1], 1.0 * (-0.5) ** t)
    np.testing.assert_array_equal(theta0, [2.0, 1.0])  # the caller's start is untouched


def test_gradient_descent_at_the_stability_limit_oscillates_with_constant_size():
    bowl = rotation_quadratic([1.0, 10.0], angle_degrees=30.0)
    eta = bowl.max_stable_lr
    below = run_optimizer(lambda p: SGD(p, lr=0.9 * eta), bowl.gradient, [2.0, 1.5], 60)
    at = run_optimizer(lambda p: SGD(p, lr=eta), bowl.gradient, [2.0, 1.5], 60)
    above = run_optimizer(lambda p: SGD(p, lr=1.1 * eta), bowl.gradient, [2.0, 1.5], 60)
    assert np.linalg.norm(below[-1]) < 1e-3
    top = bowl.eigen_coordinates(at)[:, 1]
    np.testing.assert_allclose(np.abs(top), abs(top[0]), rtol=1e-9)
    assert np.all(np.sign(top[1:]) == -np.sign(top[:-1]))
    assert np.linalg.norm(above[-1]) > 100 * np.linalg.norm(above[0])


def test_run_optimizer_stops_when_the_run_diverges():
    f = Rosenbrock()
    path = run_optimizer(lambda p: SGD(p, lr=0.1), f.gradient, [-1.2, 1.0], steps=100)
    assert len(path) < 101
    assert np.max(np.abs(path[-1])) > 1e6
    assert np.all(np.isfinite(path))


def test_momentum_with_beta_zero_is_gradient_descent_and_adam_reaches_the_minimum():
    f = Rosenbrock()
    gd = run_optimizer(lambda p: SGD(p, lr=1e-3), f.gradient, [-1.2, 1.0], 50)
    heavy = run_optimizer(lambda p: Momentum(p, lr=1e-3, beta=0.0), f.gradient, [-1.2, 1.0], 50)
    np.testing.assert_allclose(gd, heavy, rtol=1e-14)
    adam = run_optimizer(lambda p: Adam(p, lr=0.02), f.gradient, [-1.2, 1.0], 3000)
    assert np.linalg.norm(adam[-1] - f.minimum) < 0.05


def test_run_optimizer_with_zero_steps_returns_the_start():
    path = run_optimizer(lambda p: SGD(p, lr=0.1), Rosenbrock().gradient, [0.5, 0.5], 0)
    np.testing.assert_array_equal(path, [[0.5, 0.5]])


# -- clear errors ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("A", "match"),
    [
        ([[1.0, 2.0, 3.0]], "square"),
        ([[1.0, 2.0], [0.0, 1.0]], "symmetric"),
        ([[1.0, 0.0], [0.0, -1.0]], "positive definite"),
        ([1.0, 2.0], "2-D"),
        ([[np.nan, 0.0], [0.0, 1.0]], "finite"),
    ],
)
def test_quadratic_rejects_bad_matrices(A, match):
    with pytest.raises(ValueError, match=match):
        Quadratic(A)


def test_bad_points_and_parameters_are_named():
    bowl = Quadratic(np.eye(2))
    with pytest.raises(ValueError, match=r"theta must have shape \(2,\)"):
        bowl.gradient([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="theta must hold real numbers"):
        Rosenbrock().value(["a", "b"])
    with pytest.raises(ValueError, match=r"b must lie in \(0.0, inf\), got 0.0"):
        Rosenbrock(b=0.0)
    with pytest.raises(ValueError, match="a must be finite, got inf"):
        Rosenbrock(a=np.inf)
    with pytest.raises(ValueError, match="same shape"):
        Rosenbrock().surface(np.zeros((2, 2)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="2-D bowl"):
        Quadratic(np.eye(3)).surface(np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match="two numbers"):
        rotation_quadratic([1.0, 2.0, 3.0])


def test_run_optimizer_rejects_bad_input():
    grad = Rosenbrock().gradient
    with pytest.raises(ValueError, match="steps must be an integer"):
        run_optimizer(lambda p: SGD(p, lr=0.1), grad, [0.0, 0.0], -1)
    with pytest.raises(ValueError, match=r"bound must lie in \(0.0, inf\), got 0.0"):
        run_optimizer(lambda p: SGD(p, lr=0.1), grad, [0.0, 0.0], 5, bound=0.0)
    with pytest.raises(TypeError, match="optimizer_factory must return"):
        run_optimizer(lambda p: None, grad, [0.0, 0.0], 5)
    with pytest.raises(ValueError, match="grad_fn returned shape"):
        run_optimizer(lambda p: SGD(p, lr=0.1), lambda t: np.zeros(3), [0.0, 0.0], 5)
    with pytest.raises(ValueError, match="theta0 must be 1-D"):
        run_optimizer(lambda p: SGD(p, lr=0.1), grad, [[0.0, 0.0]], 5)


# -- the chapter's surfaces and optimizers by name (moved here from the playground widget) --
from lib.optim_landscapes import make_optimizer, make_surface, playground_run  # noqa: E402


def test_named_surfaces_are_the_chapters_bowl_and_banana():
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


def test_playground_gd_on_the_bowl_follows_the_eigenvalue_rule():
    bowl = make_surface("quadratic")
    start = np.array([-2.0, 0.0])
    s = playground_run("quadratic", "GD", lr=0.18, start=start, steps=40)
    c0 = bowl.eigen_coordinates(start)  # worked by hand: each coordinate times (1 - lr h)^t
    expected = c0 * np.array([1 - 0.18 * 1.0, 1 - 0.18 * 10.0]) ** 40
    np.testing.assert_allclose(bowl.eigen_coordinates(s["final"]), expected, atol=1e-12)
    assert s["final_distance"] == pytest.approx(np.linalg.norm(expected), abs=1e-12)
    assert not s["diverged"] and s["steps_run"] == 40 and s["max_stable_lr"] == pytest.approx(0.2)
    above = playground_run("quadratic", "GD", lr=0.21, start=start, steps=300)
    assert above["diverged"] and above["final_value"] == np.inf


def test_playground_run_equals_run_optimizer_and_scipy_minimum():
    from scipy.optimize import minimize

    s = playground_run("Rosenbrock", "Adam", lr=0.05, beta1=0.8, beta2=0.99,
                       start=(-1.2, 1.0), steps=50)
    f = Rosenbrock()
    path = run_optimizer(lambda p: Adam(p, lr=0.05, beta1=0.8, beta2=0.99), f.gradient,
                         [-1.2, 1.0], 50)
    np.testing.assert_array_equal(s["trajectory"], path)
    assert s["final_value"] == pytest.approx(f.value(path[-1])) and s["max_stable_lr"] is None
    found = minimize(f.value, [-1.2, 1.0], jac=f.gradient, method="BFGS").x
    np.testing.assert_allclose(found, make_surface("Rosenbrock").minimum, atol=1e-4)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"surface": "bowl"}, "surface must be one of"),
    ({"optimizer": "RMSprop"}, "optimizer must be one of"),
    ({"lr": 0.0}, r"lr must lie in \(0.0, inf\)"),
    ({"lr": float("nan")}, "lr must be finite"),
    ({"beta1": float("nan")}, "beta1 must be finite"),
    ({"beta2": 1.0}, r"beta2 must lie in \[0.0, 1.0\)"),
    ({"start": (1.0, 2.0, 3.0)}, "start must be a point"),
    ({"steps": 2.5}, "steps must be an integer"),
])
def test_playground_run_rejects_bad_input(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        playground_run(**kwargs)


# -- the chapter's contour pictures --------------------------------------------------
from matplotlib.contour import QuadContourSet  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lib.optim_landscapes import draw_contours  # noqa: E402


def test_draw_contours_draws_the_level_sets_and_the_minimum():
    fig = Figure()
    ax = fig.add_subplot()
    bowl = rotation_quadratic([1.0, 10.0], angle_degrees=30.0)
    levels = [0.5, 1.0, 2.0]
    lines = draw_contours(ax, bowl, (-2.0, 2.0), (-1.0, 3.0), levels, n=50)
    assert isinstance(lines, QuadContourSet)
    np.testing.assert_array_equal(lines.levels, levels)
    assert ax.get_xlim() == (-2.0, 2.0) and ax.get_ylim() == (-1.0, 3.0)
    assert ax.get_aspect() == 1.0
    (star,) = ax.lines
    np.testing.assert_array_equal(star.get_xydata(), [bowl.minimum])
    # every vertex of the level-1 line lies on f = 1 (to the grid's resolution)
    vertices = np.concatenate(lines.allsegs[1])  # the segments of the level 1.0
    values = [bowl.value(v) for v in vertices]
    np.testing.assert_allclose(values, 1.0, rtol=0.02)
    draw_contours(fig.add_subplot(), Rosenbrock(), (-2.0, 2.0), (-1.0, 3.0), [1.0, 10.0])


def test_draw_contours_rejects_bad_input():
    ax = Figure().add_subplot()
    bowl = Quadratic(np.eye(2))
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        draw_contours(None, bowl, (-1, 1), (-1, 1), [1.0])
    with pytest.raises(TypeError, match="surface must have surface"):
        draw_contours(ax, np.eye(2), (-1, 1), (-1, 1), [1.0])
    with pytest.raises(ValueError, match=r"xlim must be \(low, high\) with low < high"):
        draw_contours(ax, bowl, (1, -1), (-1, 1), [1.0])
    with pytest.raises(ValueError, match="levels must be a non-empty increasing"):
        draw_contours(ax, bowl, (-1, 1), (-1, 1), [2.0, 1.0])
    with pytest.raises(ValueError, match="n must be an integer >= 2"):
        draw_contours(ax, bowl, (-1, 1), (-1, 1), [1.0], n=1)
